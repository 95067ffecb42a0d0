import { useEffect, useState } from 'react';
import { records, rememberLabel } from '../records/api';
import { typeSchema } from '../records/schema';
import { useText } from '../records/text/use-text';
import { fieldId, useFormState } from './form-context';
import { ReferencePicker } from './ReferencePicker';

export interface CitationDraft {
  sourceId: string;
  locator: string;
  quote: string;
  field: string;
}

export const emptyCitation = (): CitationDraft => ({
  sourceId: '',
  locator: '',
  quote: '',
  field: '',
});

/** The citations of a body: rows with no source are dropped, empty texts left out. */
export function citationBodies(drafts: CitationDraft[]) {
  return drafts
    .filter((d) => d.sourceId)
    .map((d) => ({
      sourceId: d.sourceId,
      ...(d.locator.trim() ? { locator: d.locator.trim() } : {}),
      ...(d.quote.trim() ? { quote: d.quote.trim() } : {}),
      ...(d.field ? { field: d.field } : {}),
    }));
}

/**
 * Cites sources for the record (or one of its fields): pick a source by typing its title, give
 * the page or timestamp and, if wanted, the words quoted. A source not yet recorded can be
 * created here without leaving the form, which keeps what was typed so far.
 */
export function CitationPicker({
  value,
  onChange,
  fields,
}: {
  value: CitationDraft[];
  onChange(value: CitationDraft[]): void;
  /** the record's fields a citation may point at: [name, label] */
  fields: [string, string][];
}) {
  const { t } = useText();
  const { idPrefix, errors } = useFormState();
  const update = (index: number, patch: Partial<CitationDraft>) =>
    onChange(value.map((draft, i) => (i === index ? { ...draft, ...patch } : draft)));
  return (
    <fieldset className="group citations">
      <legend>{t('citation.legend')}</legend>
      <p className="hint">{t('citation.hint')}</p>
      {value.map((draft, index) => {
        const path = `citations.${index}`;
        const number = index + 1;
        const id = (name: string) => fieldId(idPrefix, `${path}.${name}`);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: a row is its position
          <div className="citation-row" key={index}>
            <ReferencePicker
              path={`${path}.sourceId`}
              label={`${t('citation.source')} ${number}`}
              target="sources"
              value={draft.sourceId}
              onChange={(sourceId) => update(index, { sourceId })}
            />
            <div className={`field${errors[`${path}.locator`] ? ' invalid' : ''}`}>
              <label htmlFor={id('locator')}>{t('citation.locator')}</label>
              <p className="hint" id={`${id('locator')}-hint`}>
                {t('citation.locatorHint')}
              </p>
              <input
                id={id('locator')}
                aria-describedby={`${id('locator')}-hint`}
                aria-invalid={errors[`${path}.locator`] ? true : undefined}
                type="text"
                autoComplete="off"
                value={draft.locator}
                onChange={(e) => update(index, { locator: e.target.value })}
              />
              {errors[`${path}.locator`] && (
                <p className="field-error">{errors[`${path}.locator`]}</p>
              )}
            </div>
            <div className="field">
              <label htmlFor={id('quote')}>{t('citation.quote')}</label>
              <textarea
                id={id('quote')}
                rows={2}
                value={draft.quote}
                onChange={(e) => update(index, { quote: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={id('field')}>{t('citation.field')}</label>
              <select
                id={id('field')}
                value={draft.field}
                onChange={(e) => update(index, { field: e.target.value })}
              >
                <option value="">{t('citation.wholeRecord')}</option>
                {fields.map(([name, label]) => (
                  <option key={name} value={name}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
            <button
              type="button"
              className="secondary small"
              onClick={() => onChange(value.filter((_, i) => i !== index))}
            >
              {t('citation.remove', { number })}
            </button>
          </div>
        );
      })}
      <button
        type="button"
        className="secondary small"
        onClick={() => onChange([...value, emptyCitation()])}
      >
        {t('citation.add')}
      </button>
      <NewSource
        onCreated={(sourceId) => {
          const open = value.findIndex((d) => !d.sourceId);
          if (open >= 0) update(open, { sourceId });
          else onChange([...value, { ...emptyCitation(), sourceId }]);
        }}
      />
    </fieldset>
  );
}

/** A source made on the spot: title and kind are all the server needs; the rest can follow. */
function NewSource({ onCreated }: { onCreated(id: string): void }) {
  const { t, valueName } = useText();
  const { idPrefix } = useFormState();
  const [kinds, setKinds] = useState<string[]>([]);
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState('');
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void typeSchema('sources').then((schema) => {
      const field = schema.fields.find((f) => f.name === 'kind');
      if (field?.kind === 'enum') setKinds(field.options);
    });
  }, []);
  const id = (name: string) => fieldId(idPrefix, `new-source-${name}`);

  async function create() {
    setBusy(true);
    setError(null);
    try {
      const body = { title: title.trim(), kind, ...(url.trim() ? { url: url.trim() } : {}) };
      const source = await records.create('sources', body);
      rememberLabel('sources', source);
      onCreated(source.id);
      setTitle('');
      setUrl('');
    } catch (failure) {
      const problem = (failure as { problem?: { errors?: { field: string; reason: string }[] } })
        .problem;
      setError(
        problem?.errors?.map((e) => `${e.field}: ${e.reason}`).join('; ') ??
          (failure as Error).message,
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <details className="new-source">
      <summary>{t('citation.newSource')}</summary>
      <div className="field">
        <label htmlFor={id('title')}>{t('name.title')}</label>
        <input
          id={id('title')}
          type="text"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={id('kind')}>{t('name.kind')}</label>
        <select id={id('kind')} value={kind} onChange={(e) => setKind(e.target.value)}>
          <option value="">{t('field.choose')}</option>
          {kinds.map((k) => (
            <option key={k} value={k}>
              {valueName(k)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={id('url')}>{t('name.url')}</label>
        <input id={id('url')} type="url" value={url} onChange={(e) => setUrl(e.target.value)} />
      </div>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      <button type="button" className="secondary" disabled={busy} onClick={() => void create()}>
        {t('citation.createSource')}
      </button>
    </details>
  );
}
