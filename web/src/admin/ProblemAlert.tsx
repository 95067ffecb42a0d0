import { useI18n } from '../i18n/i18n';
import { problemLines } from './problem';

/** An action's failure, announced to screen readers, with the server's reasons. */
export function ProblemAlert({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  const lines = problemLines(error);
  return (
    <div role="alert" className="error">
      <p>{t('admin.failed')}</p>
      <ul>
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </div>
  );
}
