import { Link } from 'wouter';
import { api, type Schemas, unwrap } from '../api/client';
import { Status } from '../components/Status';
import { formatPartialDate } from '../format';
import { useI18n } from '../i18n/i18n';
import { useLoad } from '../use-load';

type ProceedingEvent = Schemas['ProceedingEvent'];
const dateOf = (e: ProceedingEvent) => e.dueAt ?? e.occurredAt ?? '';

/** Hearings from today on and deadlines not yet passed, soonest first. */
async function upcoming(today: string): Promise<ProceedingEvent[]> {
  const [deadlines, hearings] = await Promise.all([
    api
      .GET('/api/v1/proceeding-events', {
        params: { query: { dueFrom: today, sort: 'dueAt', limit: 20 } },
      })
      .then(unwrap),
    api
      .GET('/api/v1/proceeding-events', {
        params: { query: { kind: 'hearing', sort: '-occurredAt', limit: 50 } },
      })
      .then(unwrap),
  ]);
  const byId = new Map<string, ProceedingEvent>();
  for (const e of [...deadlines.items, ...hearings.items]) {
    if (dateOf(e) >= today) byId.set(e.id, e);
  }
  return [...byId.values()].sort((a, b) => dateOf(a).localeCompare(dateOf(b))).slice(0, 20);
}

export function Home() {
  const { t, language, label } = useI18n();
  const today = new Date().toISOString().slice(0, 10);
  const events = useLoad(() => upcoming(today), [today]);
  return (
    <section>
      <h1>{t('home.title')}</h1>
      <p>{t('home.intro')}</p>
      <p>
        <Link href="/people" className="button">
          {t('nav.people')}
        </Link>
      </p>
      <h2>{t('home.upcoming')}</h2>
      <Status loaded={events}>
        {(items) =>
          items.length === 0 ? (
            <p>{t('common.none')}</p>
          ) : (
            <ul className="cards">
              {items.map((e) => (
                <li key={e.id} className="card">
                  <strong>{formatPartialDate(dateOf(e), language, t)}</strong> ·{' '}
                  {label('proceedingEvent', e.kind)}
                  {e.title && <> — {e.title}</>}
                </li>
              ))}
            </ul>
          )
        }
      </Status>
    </section>
  );
}
