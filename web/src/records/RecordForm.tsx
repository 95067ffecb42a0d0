import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { ApiError } from '../api/client';
import { Status } from '../components/Status';
import {
  type CitationDraft,
  CitationPicker,
  citationBodies,
  emptyCitation,
} from '../fields/CitationPicker';
import { FieldInput } from '../fields/FieldInput';
import { FormContext, fieldId } from '../fields/form-context';
import { useLoad } from '../use-load';
import { type AnyRecord, records, rememberLabel } from './api';
import { labelOf, RECORD_TYPES, type Slug } from './catalog';
import { createBody, type FormValue, initialValues, patchBody } from './form-values';
import { useRecordLabel } from './labels';
import { type FieldProblem, problemFields, problemMessage } from './problem-fields';
import { type FieldSpec, typeSchema } from './schema';
import { useText } from './text/use-text';

/** New or edit: the fields come from the OpenAPI document, the record (if any) from the API. */
export function RecordForm({ slug, id }: { slug: Slug; id?: string }) {
  const loaded = useLoad(async () => {
    const [schema, record] = await Promise.all([
      typeSchema(slug),
      id ? records.get(slug, id) : Promise.resolve(undefined),
    ]);
    return { fields: schema.fields, record };
  }, [slug, id]);
  return (
    <Status loaded={loaded}>
      {({ fields, record }) => <Form slug={slug} fields={fields} record={record} />}
    </Status>
  );
}

/** Values passed in the address prefill a new record: `/custody-events/new?personId=…`. */
function prefilled(fields: FieldSpec[]) {
  const params = new URLSearchParams(location.search);
  const record: Record<string, unknown> = {};
  for (const field of fields) {
    const value = params.get(field.name);
    if (value !== null) record[field.name] = value;
  }
  return record;
}

function Form({ slug, fields, record }: { slug: Slug; fields: FieldSpec[]; record?: AnyRecord }) {
  const text = useText();
  const { t, fieldName, typeName } = text;
  const recordLabel = useRecordLabel();
  const [, navigate] = useLocation();
  const idPrefix = useId().replace(/:/g, '');
  const formRef = useRef<HTMLFormElement>(null);
  const [base, setBase] = useState<AnyRecord | undefined>(record);
  const initial = useMemo(() => initialValues(fields, base ?? prefilled(fields)), [fields, base]);
  const [values, setValues] = useState<Record<string, FormValue>>(() => initial);
  const [citations, setCitations] = useState<CitationDraft[]>(() =>
    record ? [] : [emptyCitation()],
  );
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [summary, setSummary] = useState<string | null>(null);
  const [conflict, setConflict] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const errors = useMemo(
    () => Object.fromEntries(problems.map((p) => [p.field, p.reason])),
    [problems],
  );

  // after a failed save, focus the first field in error (or the summary when none is a field)
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per failed attempt
  useEffect(() => {
    if (attempt === 0) return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (invalid ?? document.getElementById(`${idPrefix}-summary`))?.focus();
  }, [attempt]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setConflict(null);
    try {
      let saved: AnyRecord;
      if (base) {
        saved = await records.update(
          slug,
          base.id,
          base.version,
          patchBody(fields, initial, values),
          reason,
        );
        for (const citation of citationBodies(citations)) {
          await records.create(
            'citations',
            { ...citation, recordType: RECORD_TYPES[slug].type, recordId: saved.id },
            reason,
          );
        }
      } else {
        saved = await records.create(
          slug,
          { ...createBody(fields, values), citations: citationBodies(citations) },
          reason,
        );
      }
      rememberLabel(slug, saved);
      navigate(`/${slug}/${saved.id}`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && base) {
        const current = await records.get(slug, base.id).catch(() => undefined);
        setConflict(current?.version ?? base.version + 1);
      }
      setProblems(problemFields(error));
      setSummary(problemMessage(error));
      setAttempt((n) => n + 1);
      setBusy(false);
    }
  }

  /**
   * Their version becomes the base. Fields the user changed keep the user's value (and are sent
   * as changes to theirs); fields the user left alone take their new value, so saving cannot
   * undo their edit.
   */
  async function reloadKeepingInput() {
    if (!base) return;
    const current = await records.get(slug, base.id);
    const theirs = initialValues(fields, current);
    const touched = (name: string) =>
      JSON.stringify(values[name]) !== JSON.stringify(initial[name]);
    setValues(
      Object.fromEntries(
        fields.map((f) => [f.name, touched(f.name) ? values[f.name] : theirs[f.name]]),
      ) as Record<string, FormValue>,
    );
    setBase(current);
    setConflict(null);
    setSummary(null);
    setProblems([]);
  }

  const title = base
    ? t('records.editTitle', { label: recordLabel(slug, base) })
    : t('records.newTitle', { type: typeName(slug, 'one') });
  const citable: [string, string][] = fields.map((f) => [f.name, fieldName(f.name)]);
  return (
    <FormContext.Provider value={{ idPrefix, errors }}>
      <form ref={formRef} className="card record-form" onSubmit={submit} noValidate>
        <h1>{title}</h1>
        {summary && (
          <div id={`${idPrefix}-summary`} role="alert" tabIndex={-1} className="error">
            <p>
              {conflict !== null
                ? t('records.conflict', { version: conflict })
                : t('records.notSaved')}
            </p>
            {conflict === null && <p>{summary}</p>}
            {problems.length > 0 && (
              <ul>
                {problems.map((p) => (
                  <li key={p.field}>
                    <a href={`#${fieldId(idPrefix, p.field)}`}>
                      {fieldName(
                        p.field
                          .split('.')
                          .filter((part) => !/^\d+$/.test(part))
                          .pop() ?? p.field,
                      )}
                    </a>
                    : {p.reason}
                  </li>
                ))}
              </ul>
            )}
            {conflict !== null && (
              <button type="button" onClick={() => void reloadKeepingInput()}>
                {t('records.reloadKeep')}
              </button>
            )}
          </div>
        )}
        {fields.map((field) => (
          <FieldInput
            key={field.name}
            spec={field}
            path={field.name}
            value={values[field.name] ?? ''}
            onChange={(next) => setValues((old) => ({ ...old, [field.name]: next }))}
          />
        ))}
        {base && <ExistingCitations record={base} reason={reason} />}
        <CitationPicker value={citations} onChange={setCitations} fields={citable} />
        <div className="field">
          <label htmlFor={`${idPrefix}-reason`}>{t('records.reason')}</label>
          <input
            id={`${idPrefix}-reason`}
            type="text"
            autoComplete="off"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </div>
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? t('records.saving') : text.common('common.save')}
          </button>
          <Link href={base ? `/${slug}/${base.id}` : `/${slug}`} className="button secondary">
            {text.common('common.cancel')}
          </Link>
        </div>
      </form>
    </FormContext.Provider>
  );
}

/** Citations already on the record; each can be removed (a tombstone, kept in history). */
function ExistingCitations({ record, reason }: { record: AnyRecord; reason: string }) {
  const { t } = useText();
  const [removed, setRemoved] = useState<string[]>([]);
  const citations = (
    (record.citations ?? []) as { id: string; sourceId: string; locator?: string | null }[]
  ).filter((c) => !removed.includes(c.id));
  if (citations.length === 0) return null;
  return (
    <section className="group">
      <h2>{t('citation.existing')}</h2>
      <ul className="existing-citations">
        {citations.map((citation) => (
          <li key={citation.id}>
            <SourceTitle id={citation.sourceId} />
            {citation.locator ? `, ${citation.locator}` : ''}{' '}
            <button
              type="button"
              className="secondary small"
              onClick={() =>
                void removeCitation(citation.id, reason).then(() =>
                  setRemoved((old) => [...old, citation.id]),
                )
              }
            >
              {t('citation.delete')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

async function removeCitation(citationId: string, reason: string) {
  const citation = await records.get('citations', citationId);
  await records.remove('citations', citationId, citation.version, reason);
}

function SourceTitle({ id }: { id: string }) {
  const loaded = useLoad(() => records.get('sources', id), [id]);
  return <>{loaded.state === 'done' ? labelOf('sources', loaded.data) : id}</>;
}
