import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { useLocation, useParams } from 'wouter';
import { ApiError, api, type Problem, type Schemas, unwrap } from '../api/client';
import { Status } from '../components/Status';
import { personName } from '../format';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n';
import { useLoad } from '../use-load';

type Create = Schemas['CustodyEventCreate'];
const KINDS: Create['kind'][] = [
  'apprehended',
  'detained',
  'transferred',
  'removed',
  'handed_over',
  'released',
  'repatriated',
  'died',
  'last_seen',
  'whereabouts_unknown',
];
const CONFIDENCE = ['confirmed', 'reported', 'alleged', 'disputed'] as const;

/** The API names a bad field by its path in the body; the form shows it beside that input. */
function fieldOf(error: NonNullable<Problem['errors']>[number]): string {
  if (error.field.startsWith('citations'))
    return error.field.endsWith('locator') ? 'locator' : 'sourceId';
  return error.field.split('.')[0] ?? '';
}

export function CustodyEventForm() {
  const { id } = useParams<{ id: string }>();
  const options = useLoad(async () => {
    const page = { params: { query: { limit: 200 } } };
    const [dossier, places, organizations, sources] = await Promise.all([
      api.GET('/api/v1/people/{id}/dossier', { params: { path: { id } } }).then(unwrap),
      api.GET('/api/v1/places', page).then(unwrap),
      api.GET('/api/v1/organizations', page).then(unwrap),
      api.GET('/api/v1/sources', page).then(unwrap),
    ]);
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    return {
      dossier,
      places: places.items.sort(byName),
      organizations: organizations.items.sort(byName),
      sources: sources.items.sort((a, b) => a.title.localeCompare(b.title)),
    };
  }, [id]);
  return <Status loaded={options}>{(data) => <Form personId={id} {...data} />}</Status>;
}

interface FormProps {
  personId: string;
  dossier: Schemas['Dossier'];
  places: Schemas['Place'][];
  organizations: Schemas['Organization'][];
  sources: Schemas['Source'][];
}

function Form({ personId, dossier, places, organizations, sources }: FormProps) {
  const { t, label } = useI18n();
  const [, navigate] = useLocation();
  const id = useId();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => {
      const value = String(form.get(name) ?? '').trim();
      return value === '' ? null : value;
    };
    const sourceId = text('sourceId');
    const body: Create = {
      personId,
      kind: String(form.get('kind')) as Create['kind'],
      occurredAt: text('occurredAt'),
      placeId: text('placeId'),
      custodianId: text('custodianId'),
      jurisdiction: text('jurisdiction')?.toUpperCase() ?? null,
      confidence: text('confidence') as Create['confidence'],
      description: text('description'),
      citations: sourceId ? [{ sourceId, locator: text('locator') }] : [],
    };
    setBusy(true);
    try {
      const created = unwrap(await api.POST('/api/v1/custody-events', { body }));
      navigate(`/people/${personId}#event-${created.id}`);
    } catch (error) {
      const problem = error instanceof ApiError ? error.problem : undefined;
      const byField: Record<string, string> = {};
      for (const issue of problem?.errors ?? []) byField[fieldOf(issue)] = issue.reason;
      setErrors(byField);
      setSummary(problem?.detail ?? problem?.title ?? (error as Error).message);
      setBusy(false);
      document.getElementById(`${id}-summary`)?.focus();
    }
  }

  const field = (name: string, labelKey: MessageKey, control: ReactNode, hint?: MessageKey) => (
    <div className={`field${errors[name] ? ' invalid' : ''}`}>
      <label htmlFor={`${id}-${name}`}>{t(labelKey)}</label>
      {hint && (
        <p id={`${id}-${name}-hint`} className="hint">
          {t(hint)}
        </p>
      )}
      {control}
      {errors[name] && (
        <p id={`${id}-${name}-error`} className="field-error">
          {errors[name]}
        </p>
      )}
    </div>
  );
  const aria = (name: string, hint?: boolean) => ({
    id: `${id}-${name}`,
    name,
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby':
      [hint ? `${id}-${name}-hint` : '', errors[name] ? `${id}-${name}-error` : '']
        .filter(Boolean)
        .join(' ') || undefined,
  });

  return (
    <form className="card" onSubmit={submit} noValidate>
      <h1>{t('custodyForm.title', { name: personName(dossier.person) })}</h1>
      {summary && (
        <div id={`${id}-summary`} role="alert" tabIndex={-1} className="error">
          <p>{t('custodyForm.errors')}</p>
          <p>{summary}</p>
        </div>
      )}
      {field(
        'kind',
        'custodyForm.kind',
        <select {...aria('kind')} required defaultValue="transferred">
          {KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {label('kind', kind)}
            </option>
          ))}
        </select>,
      )}
      {field(
        'occurredAt',
        'custodyForm.occurredAt',
        <input {...aria('occurredAt', true)} type="text" inputMode="numeric" autoComplete="off" />,
        'custodyForm.occurredAtHint',
      )}
      {field(
        'placeId',
        'custodyForm.place',
        <select {...aria('placeId')} defaultValue="">
          <option value="">{t('custodyForm.choose')}</option>
          {places.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>,
      )}
      {field(
        'custodianId',
        'custodyForm.custodian',
        <select {...aria('custodianId')} defaultValue="">
          <option value="">{t('custodyForm.choose')}</option>
          {organizations.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>,
      )}
      {field(
        'jurisdiction',
        'custodyForm.jurisdiction',
        <input {...aria('jurisdiction', true)} type="text" maxLength={2} autoComplete="off" />,
        'custodyForm.jurisdictionHint',
      )}
      {field(
        'confidence',
        'custodyForm.confidence',
        <select {...aria('confidence')} defaultValue="reported">
          {CONFIDENCE.map((c) => (
            <option key={c} value={c}>
              {label('confidence', c)}
            </option>
          ))}
        </select>,
      )}
      {field(
        'description',
        'custodyForm.description',
        <textarea {...aria('description')} rows={3} />,
      )}
      <fieldset>
        <legend>{t('custodyForm.citation')}</legend>
        {field(
          'sourceId',
          'custodyForm.source',
          <select {...aria('sourceId', true)} defaultValue="">
            <option value="">{t('custodyForm.choose')}</option>
            {sources.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>,
          'custodyForm.sourceHint',
        )}
        {field(
          'locator',
          'custodyForm.locator',
          <input {...aria('locator', true)} type="text" autoComplete="off" />,
          'custodyForm.locatorHint',
        )}
      </fieldset>
      <div className="actions">
        <button type="submit" disabled={busy}>
          {t('common.save')}
        </button>
        <button type="button" className="secondary" onClick={() => navigate(`/people/${personId}`)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
