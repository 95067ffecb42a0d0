import { useI18n } from '../i18n/i18n';

export function NotAllowed() {
  const { t } = useI18n();
  return (
    <section>
      <h1>{t('admin.notAllowedTitle')}</h1>
      <p role="alert" className="error">
        {t('admin.notAllowed')}
      </p>
    </section>
  );
}
