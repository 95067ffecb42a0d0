import type { ReactNode } from 'react';
import { ApiError } from '../api/client';
import { useI18n } from '../i18n/i18n';
import type { Loaded } from '../use-load';

/** Shows loading and error states; renders `children` once the data is there. */
export function Status<T>({
  loaded,
  children,
}: {
  loaded: Loaded<T>;
  children: (data: T) => ReactNode;
}) {
  const { t } = useI18n();
  if (loaded.state === 'loading') return <p role="status">{t('common.loading')}</p>;
  if (loaded.state === 'error') {
    const notFound = loaded.error instanceof ApiError && loaded.error.status === 404;
    return (
      <p role="alert" className="error">
        {notFound ? t('common.notFound') : t('common.error', { message: loaded.error.message })}
      </p>
    );
  }
  return <>{children(loaded.data)}</>;
}
