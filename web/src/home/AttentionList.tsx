import { Link } from 'wouter';
import { ApiError } from '../api/client';
import { formatPartialDate } from '../format';
import { useI18n } from '../i18n/i18n';
import { useLoad } from '../use-load';
import { loadAttention, STALE_DAYS } from './attention';

/** People whose status is unknown, stale or disputed, with how long since it was confirmed. */
export function AttentionList() {
  const { t, language, label } = useI18n();
  const loaded = useLoad(() => loadAttention(), []);
  const number = new Intl.NumberFormat(language);
  return (
    <section aria-labelledby="home-attention">
      <h2 id="home-attention">{t('home.attention')}</h2>
      <p className="hint">{t('home.attentionHint', { days: STALE_DAYS })}</p>
      {loaded.state === 'loading' && <p role="status">{t('common.loading')}</p>}
      {loaded.state === 'error' &&
        (loaded.error instanceof ApiError && loaded.error.status === 404 ? (
          <p className="hint">{t('common.unavailable')}</p>
        ) : (
          <p role="alert" className="error">
            {t('common.error', { message: loaded.error.message })}
          </p>
        ))}
      {loaded.state === 'done' &&
        (loaded.data.items.length === 0 ? (
          <p>{t('home.allConfirmed')}</p>
        ) : (
          <>
            <ul className="cards attention">
              {loaded.data.items.map((item) => (
                <li key={item.person.id} className={`card reason-${item.reason}`}>
                  <Link href={`/people/${item.person.id}`}>{item.person.label}</Link>{' '}
                  <span className={`badge ${item.reason === 'stale' ? 'warn' : 'contested'}`}>
                    {label('attention', item.reason)}
                  </span>
                  <p className="meta">
                    {label('state', item.state)}
                    {' · '}
                    {item.asOf
                      ? t('dossier.asOf', { date: formatPartialDate(item.asOf, language, t) })
                      : t('dossier.asOfUnknown')}
                    {item.daysSince !== null &&
                      ` · ${t('home.daysSince', { days: number.format(item.daysSince) })}`}
                  </p>
                </li>
              ))}
            </ul>
            {loaded.data.nextCursor && (
              <p>
                <Link href="/people?status=unknown">{t('home.attentionMore')}</Link>
              </p>
            )}
          </>
        ))}
    </section>
  );
}
