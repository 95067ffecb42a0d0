import { type FormEvent, useId, useState } from 'react';
import { Link } from 'wouter';
import { Status } from '../components/Status';
import { useLoad } from '../use-load';
import { AttachmentPanel } from './AttachmentPanel';
import { type AnyRecord, type Attachment, records } from './api';
import { ClaimPositions } from './ClaimPositions';
import { RECORD_TYPES, type Slug } from './catalog';
import { FieldValue, RecordLink } from './FieldValue';
import { useRecordLabel } from './labels';
import { problemMessage } from './problem-fields';
import { RelatedList } from './RelatedList';
import { type FieldSpec, typeSchema } from './schema';
import { useText } from './text/use-text';

type CitationSummary = {
  id: string;
  sourceId: string;
  field?: string | null;
  locator?: string | null;
  quote?: string | null;
};

const isEmpty = (value: unknown) =>
  value === undefined ||
  value === null ||
  value === '' ||
  (Array.isArray(value) && value.length === 0);

export function RecordDetail({ slug, id }: { slug: Slug; id: string }) {
  const loaded = useLoad(async () => {
    const [schema, record] = await Promise.all([typeSchema(slug), records.get(slug, id)]);
    return { fields: schema.fields, record };
  }, [slug, id]);
  return (
    <Status loaded={loaded}>
      {({ fields, record }) => (
        <Detail key={record.id} slug={slug} fields={fields} record={record} />
      )}
    </Status>
  );
}

/**
 * One record of any type: its fields labelled, references as links by name, the sources it
 * cites, the records that point at it, and delete or restore with a reason.
 */
function Detail({ slug, fields, record }: { slug: Slug; fields: FieldSpec[]; record: AnyRecord }) {
  const text = useText();
  const { t, fieldName, typeName } = text;
  const recordLabel = useRecordLabel();
  const [current, setCurrent] = useState(record);
  const [deleted, setDeleted] = useState(false);
  const entry = RECORD_TYPES[slug];
  const personId = typeof current.personId === 'string' ? current.personId : null;
  const shown = fields.filter(
    (f) => !isEmpty(current[f.name]) && !(slug === 'claims' && f.name === 'positions'),
  );
  const citations = (current.citations ?? []) as CitationSummary[];

  return (
    <article className="record-detail">
      <p className="meta">{typeName(slug, 'one')}</p>
      <h1>{recordLabel(slug, current)}</h1>
      <p className="meta">
        {t('records.recorded', {
          version: current.version,
          date: text.dateTime(String(current.updatedAt)),
          actor: String(current.updatedBy),
        })}{' '}
        <span className={`badge sensitivity-${String(current.sensitivity)}`}>
          {text.valueName(String(current.sensitivity))}
        </span>
      </p>
      {deleted ? (
        <p role="status" className="error">
          {t('records.deleted')}
        </p>
      ) : (
        <p className="actions">
          <Link href={`/${slug}/${current.id}/edit`} className="button">
            {t('records.edit')}
          </Link>
          <Link href={`/${slug}/${current.id}/history`} className="button secondary">
            {t('records.history')}
          </Link>
          {slug === 'people' && (
            <Link href={`/people/${current.id}`} className="button secondary">
              {t('records.openDossier')}
            </Link>
          )}
          {personId && (
            <Link href={`/people/${personId}`} className="button secondary">
              {t('records.backToDossier')}
            </Link>
          )}
        </p>
      )}
      <section className="card">
        <h2>{t('records.fields')}</h2>
        <dl className="fields">
          {shown.map((field) => (
            <div key={field.name}>
              <dt>{fieldName(field.name)}</dt>
              <dd>
                <FieldValue spec={field} value={current[field.name]} />
              </dd>
            </div>
          ))}
        </dl>
      </section>
      {slug === 'claims' && <ClaimPositions claim={current} />}
      <section className="card">
        <h2>{t('records.citations')}</h2>
        {citations.length === 0 ? (
          <p className="badge warn">{t('records.noCitations')}</p>
        ) : (
          <ul className="citation-list">
            {citations.map((citation) => (
              <li key={citation.id}>
                <RecordLink slug="sources" id={citation.sourceId} />
                {citation.locator && <span>, {citation.locator}</span>}
                {citation.field && <span className="meta"> ({fieldName(citation.field)})</span>}
                {citation.quote && <blockquote>{citation.quote}</blockquote>}
              </li>
            ))}
          </ul>
        )}
      </section>
      {slug === 'sources' && (
        <AttachmentPanel
          sourceId={current.id}
          initial={(current.attachments ?? []) as Attachment[]}
        />
      )}
      {entry.related?.map((related) => (
        <RelatedList
          key={`${related.slug}-${related.heading ?? related.filter}`}
          related={related}
          id={current.id}
        />
      ))}
      <DeleteOrRestore
        slug={slug}
        record={current}
        deleted={deleted}
        onDeleted={() => setDeleted(true)}
        onRestored={(restored) => {
          setCurrent(restored);
          setDeleted(false);
        }}
      />
    </article>
  );
}

/** Delete is a tombstone and needs a reason, which the history keeps; restore undoes it. */
function DeleteOrRestore({
  slug,
  record,
  deleted,
  onDeleted,
  onRestored,
}: {
  slug: Slug;
  record: AnyRecord;
  deleted: boolean;
  onDeleted(): void;
  onRestored(record: AnyRecord): void;
}) {
  const { t } = useText();
  const id = useId().replace(/:/g, '');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function act(event: FormEvent) {
    event.preventDefault();
    if (!deleted && !reason.trim()) {
      setError(t('records.reasonRequired'));
      document.getElementById(`${id}-reason`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (deleted) onRestored(await records.restore(slug, record.id, reason));
      else {
        await records.remove(slug, record.id, record.version, reason);
        onDeleted();
      }
      setReason('');
    } catch (failure) {
      setError(problemMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card danger" onSubmit={act} noValidate>
      <h2>{deleted ? t('records.restore') : t('records.confirmDelete')}</h2>
      <div className={`field${error ? ' invalid' : ''}`}>
        <label htmlFor={`${id}-reason`}>{t('records.reason')}</label>
        <p id={`${id}-hint`} className="hint">
          {t('records.reasonHint')}
        </p>
        <input
          id={`${id}-reason`}
          type="text"
          value={reason}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
          onChange={(e) => setReason(e.target.value)}
        />
        {error && (
          <p id={`${id}-error`} className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <button type="submit" className={deleted ? undefined : 'danger'} disabled={busy}>
        {deleted ? t('records.restore') : t('records.delete')}
      </button>
    </form>
  );
}
