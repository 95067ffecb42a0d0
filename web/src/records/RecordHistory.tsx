import { Link } from 'wouter';
import { Status } from '../components/Status';
import { useLoad } from '../use-load';
import { type Revision, records } from './api';
import type { Slug } from './catalog';
import { FieldValue } from './FieldValue';
import { useRecordLabel } from './labels';
import { type FieldSpec, typeSchema } from './schema';
import { useText } from './text/use-text';

/** Kept on every revision but not what anyone changed. */
const BOOKKEEPING = new Set([
  'id',
  'version',
  'createdAt',
  'createdBy',
  'updatedAt',
  'updatedBy',
  'deletedAt',
]);

interface Change {
  field: string;
  spec?: FieldSpec;
  before: unknown;
  after: unknown;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields one revision changed, in the form's order, then any the form does not show. */
export function changesOf(revision: Revision, fields: FieldSpec[]): Change[] {
  const before = revision.before ?? {};
  const after = revision.after ?? {};
  const known = new Set(fields.map((f) => f.name));
  const others = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (name) => !known.has(name) && !BOOKKEEPING.has(name),
  );
  return [...fields.map((f) => f.name), ...others]
    .filter((name) => !same(before[name], after[name]))
    .map((name) => ({
      field: name,
      spec: fields.find((f) => f.name === name),
      before: before[name],
      after: after[name],
    }));
}

export function RecordHistory({ slug, id }: { slug: Slug; id: string }) {
  const loaded = useLoad(async () => {
    const [schema, history, record] = await Promise.all([
      typeSchema(slug),
      records.history(slug, id),
      records.get(slug, id).catch(() => null),
    ]);
    return { fields: schema.fields, revisions: history.items, record };
  }, [slug, id]);
  const text = useText();
  const { t, typeName, fieldName } = text;
  const recordLabel = useRecordLabel();

  const show = (change: Change, value: unknown) =>
    value === undefined || value === null || value === '' ? null : change.spec ? (
      <FieldValue spec={change.spec} value={value} />
    ) : (
      <code>{JSON.stringify(value)}</code>
    );

  return (
    <Status loaded={loaded}>
      {({ fields, revisions, record }) => {
        const personId = typeof record?.personId === 'string' ? record.personId : null;
        return (
          <section>
            <h1>{t('history.titleOf', { a: typeName(slug, 'a') })}</h1>
            <p className="actions">
              <Link href={`/${slug}/${id}`}>
                {record ? recordLabel(slug, record) : t('records.viewRecord')}
              </Link>
              {personId && <Link href={`/people/${personId}`}>{t('records.backToDossier')}</Link>}
            </p>
            <ol className="history">
              {[...revisions].reverse().map((revision) => {
                const changes = changesOf(revision, fields);
                return (
                  <li key={revision.id} className="card">
                    <h2>
                      {t('history.entry', {
                        version: revision.version,
                        action: text.common(`history.action.${revision.action}`),
                        actor: revision.actor,
                        date: text.dateTime(revision.at),
                      })}
                    </h2>
                    {revision.reason && <p>{t('history.why', { reason: revision.reason })}</p>}
                    {revision.redacted ? (
                      <p>{t('history.hidden')}</p>
                    ) : changes.length === 0 ? (
                      <p>{t('history.noChange')}</p>
                    ) : (
                      <div className="table-wrap">
                        <table className="diff">
                          <thead>
                            <tr>
                              <th scope="col">{text.common('history.field')}</th>
                              <th scope="col">{text.common('history.before')}</th>
                              <th scope="col">{text.common('history.after')}</th>
                            </tr>
                          </thead>
                          <tbody>
                            {changes.map((change) => {
                              const before = show(change, change.before);
                              const after = show(change, change.after);
                              return (
                                <tr key={change.field}>
                                  <th scope="row">{fieldName(change.field)}</th>
                                  <td>{before && <del>{before}</del>}</td>
                                  <td>{after && <ins>{after}</ins>}</td>
                                </tr>
                              );
                            })}
                          </tbody>
                        </table>
                      </div>
                    )}
                  </li>
                );
              })}
            </ol>
          </section>
        );
      }}
    </Status>
  );
}
