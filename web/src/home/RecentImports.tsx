import { Link } from 'wouter';
import { useI18n } from '../i18n/i18n';
import { listImports } from '../imports/api';
import { useLoad } from '../use-load';

/** The last few imports and what came of them; hidden where the server keeps no import log. */
export function RecentImports() {
  const { t, language, label } = useI18n();
  const loaded = useLoad(() => listImports(5), []);
  if (loaded.state !== 'done') return null;
  const date = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  const number = new Intl.NumberFormat(language);
  return (
    <section aria-labelledby="home-imports">
      <h2 id="home-imports">{t('home.imports')}</h2>
      {loaded.data.items.length === 0 ? (
        <p>{t('home.noImports')}</p>
      ) : (
        <ul className="cards">
          {loaded.data.items.map((run) => (
            <li key={run.id} className="card">
              <strong>{run.fileName}</strong> · {label('recordType', run.type)}
              {run.dryRun && <> · {t('import.dryRunBadge')}</>}
              <p className="meta">
                {date.format(new Date(run.startedAt))} ·{' '}
                {t('import.summary', {
                  rows: number.format(run.rows),
                  created: number.format(run.created),
                  updated: number.format(run.updated),
                  refused: number.format(run.refused),
                })}
              </p>
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link href="/import">{t('home.importLink')}</Link>
      </p>
    </section>
  );
}
