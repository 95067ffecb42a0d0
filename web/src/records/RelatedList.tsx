import { Link } from 'wouter';
import { useLoad } from '../use-load';
import { records } from './api';
import type { Related } from './catalog';
import { useRecordLabel } from './labels';
import { useText } from './text/use-text';

const HEADINGS = {
  hearings: 'records.sectionHearings',
  orders: 'records.sectionOrders',
  deadlines: 'records.sectionDeadlines',
  events: 'records.sectionEvents',
  statementsAbout: 'records.sectionStatementsAbout',
  citedBy: 'records.sectionCitedBy',
} as const;

/** Records that point at this one (a proceeding's hearings, a place's custody events…). */
export function RelatedList({ related, id }: { related: Related; id: string }) {
  const { t, typeName, partialDate, dateTime } = useText();
  const recordLabel = useRecordLabel();
  const loaded = useLoad(
    () => records.list(related.slug, { [related.filter]: id, ...related.where, limit: 50 }),
    [related.slug, related.filter, id, related.where],
  );
  const heading = related.heading ? t(HEADINGS[related.heading]) : typeName(related.slug);
  const query = new URLSearchParams({ [related.filter]: id, ...related.where }).toString();
  return (
    <section className="card related">
      <div className="section-head">
        <h2>{heading}</h2>
        <Link href={`/${related.slug}/new?${query}`} className="button secondary small">
          {t('records.new', { type: typeName(related.slug, 'one') })}
        </Link>
      </div>
      {loaded.state === 'loading' ? (
        <p role="status">…</p>
      ) : loaded.state === 'error' ? (
        <p className="error">{loaded.error.message}</p>
      ) : loaded.data.items.length === 0 ? (
        <p>{t('records.relatedNone')}</p>
      ) : (
        <ul>
          {loaded.data.items.map((record) => {
            // events carry their date in their label; statements need theirs said
            const when = (record.madeAt ?? null) as string | null;
            const hearing = record.hearing as { scheduledFor?: string } | null | undefined;
            const order = record.order as
              | { directive?: string; deadline?: string | null }
              | null
              | undefined;
            return (
              <li key={record.id}>
                <Link href={`/${related.slug}/${record.id}`}>
                  {recordLabel(related.slug, record)}
                </Link>
                {when && <span className="meta"> — {partialDate(when)}</span>}
                {hearing?.scheduledFor && (
                  <span className="meta"> — {dateTime(hearing.scheduledFor)}</span>
                )}
                {order?.deadline && (
                  <span className="badge warn">
                    {t('records.sectionDeadlines')}: {partialDate(order.deadline)}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
