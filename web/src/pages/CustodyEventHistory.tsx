import { Link, useParams } from 'wouter';
import { api, type Schemas, unwrap } from '../api/client';
import { Status } from '../components/Status';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n';
import { useLoad } from '../use-load';

type Revision = Schemas['Revision'];
const BOOKKEEPING = new Set(['version', 'updatedAt', 'updatedBy', 'createdAt', 'createdBy', 'id']);

/** Field names as the form labels them; others fall back to the API's name. */
const FIELD_LABELS: Record<string, MessageKey> = {
  kind: 'custodyForm.kind',
  occurredAt: 'custodyForm.occurredAt',
  placeId: 'custodyForm.place',
  custodianId: 'custodyForm.custodian',
  jurisdiction: 'custodyForm.jurisdiction',
  confidence: 'custodyForm.confidence',
  description: 'custodyForm.description',
};

const show = (value: unknown) =>
  value === undefined || value === null
    ? ''
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);

/** The fields a revision changed, each with its value before and after. */
function changes(revision: Revision) {
  const before = revision.before ?? {};
  const after = revision.after ?? {};
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...fields]
    .filter((f) => !BOOKKEEPING.has(f) && show(before[f]) !== show(after[f]))
    .map((field) => ({ field, before: show(before[field]), after: show(after[field]) }));
}

export function CustodyEventHistory() {
  const { id } = useParams<{ id: string }>();
  const { t, language, label } = useI18n();
  const loaded = useLoad(async () => {
    const [event, history] = await Promise.all([
      api.GET('/api/v1/custody-events/{id}', { params: { path: { id } } }).then(unwrap),
      api.GET('/api/v1/custody-events/{id}/history', { params: { path: { id } } }).then(unwrap),
    ]);
    return { event, revisions: history.items };
  }, [id]);
  const when = (at: string) =>
    new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(
      new Date(at),
    );

  return (
    <Status loaded={loaded}>
      {({ event, revisions }) => (
        <section>
          <h1>{t('history.title')}</h1>
          <p>
            <Link href={`/people/${event.personId}`}>{t('history.back')}</Link>
          </p>
          <ol className="history">
            {[...revisions].reverse().map((revision) => (
              <li key={revision.id} className="card">
                <h2>
                  {t('history.version', {
                    version: revision.version,
                    action: t(`history.action.${revision.action}`),
                    actor: revision.actor,
                    date: when(revision.at),
                  })}
                </h2>
                {revision.reason && <p>{revision.reason}</p>}
                {revision.redacted ? (
                  <p>{t('history.withheld')}</p>
                ) : (
                  <div className="table-wrap">
                    <table className="diff">
                      <thead>
                        <tr>
                          <th scope="col">{t('history.field')}</th>
                          <th scope="col">{t('history.before')}</th>
                          <th scope="col">{t('history.after')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {changes(revision).map((change) => (
                          <tr key={change.field}>
                            <th scope="row">
                              {change.field in FIELD_LABELS
                                ? t(FIELD_LABELS[change.field]!)
                                : label('field', change.field)}
                            </th>
                            <td>{change.before && <del>{change.before}</del>}</td>
                            <td>{change.after && <ins>{change.after}</ins>}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
              </li>
            ))}
          </ol>
        </section>
      )}
    </Status>
  );
}
