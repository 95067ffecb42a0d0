import { useState } from 'react';
import { useI18n } from '../i18n/i18n';

/**
 * A password or token shown once: the server keeps only its hash, so this is the only chance to
 * copy it. Stays until dismissed.
 */
export function OneTimeSecret({
  title,
  secret,
  onDismiss,
}: {
  title: string;
  secret: string;
  onDismiss(): void;
}) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <div className="secret card" role="alert">
      <p>
        <strong>{title}</strong>
      </p>
      <p className="hint">{t('admin.secretOnce')}</p>
      <p>
        <code className="secret-value">{secret}</code>
      </p>
      <div className="actions">
        <button
          type="button"
          className="secondary"
          onClick={() =>
            void navigator.clipboard?.writeText(secret).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? t('admin.copied') : t('admin.copy')}
        </button>
        <button type="button" onClick={onDismiss}>
          {t('admin.secretDone')}
        </button>
      </div>
    </div>
  );
}
