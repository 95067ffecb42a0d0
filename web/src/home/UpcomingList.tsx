import { Status } from '../components/Status';
import { formatPartialDate } from '../format';
import { useI18n } from '../i18n/i18n';
import { useLoad } from '../use-load';
import { daysFrom, LOOK_AHEAD_DAYS, loadUpcoming } from './upcoming';

/** Hearings and deadlines of the next two weeks, unmet past deadlines first and marked. */
export function UpcomingList({ now }: { now: Date }) {
  const { t, language, label } = useI18n();
  const today = now.toISOString().slice(0, 10);
  const loaded = useLoad(() => loadUpcoming(now), [today]);
  const relative = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  return (
    <section aria-labelledby="home-upcoming">
      <h2 id="home-upcoming">{t('home.upcoming')}</h2>
      <p className="hint">{t('home.upcomingHint', { days: LOOK_AHEAD_DAYS })}</p>
      <Status loaded={loaded}>
        {(rows) =>
          rows.length === 0 ? (
            <p>{t('home.nothingUpcoming')}</p>
          ) : (
            <ul className="cards">
              {rows.map(({ event, when, overdue, proceedingTitle }) => (
                <li key={event.id} className={overdue ? 'card overdue' : 'card'}>
                  {overdue && <span className="badge contested">{t('home.overdue')}</span>}{' '}
                  <strong>{formatPartialDate(when, language, t)}</strong>{' '}
                  <span className="meta">({relative.format(daysFrom(now, when), 'day')})</span> ·{' '}
                  {label('proceedingEvent', event.kind)}
                  {event.title && <> — {event.title}</>}
                  {proceedingTitle && <p className="meta">{proceedingTitle}</p>}
                  {event.order?.directive && <p>{event.order.directive}</p>}
                </li>
              ))}
            </ul>
          )
        }
      </Status>
    </section>
  );
}
