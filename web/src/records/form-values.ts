import type { FieldSpec } from './schema';

/**
 * A form holds what the user typed (strings, lists, nested objects); the API takes typed JSON.
 * These two functions cross between them, so widgets never convert and the body is built in one
 * place. Empty input means "not given": omitted on create, `null` (cleared) on update.
 */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO instant as a datetime-local control shows it, in the browser's time zone. */
function toLocalInput(value: string) {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function toForm(spec: FieldSpec, value: unknown): FormValue {
  switch (spec.kind) {
    case 'list':
      return Array.isArray(value) ? value.map((item) => toForm(spec.item, item)) : [];
    case 'object': {
      const object = (value ?? {}) as Record<string, unknown>;
      return Object.fromEntries(spec.fields.map((f) => [f.name, toForm(f, object[f.name])]));
    }
    case 'dateTime':
      return typeof value === 'string' ? toLocalInput(value) : '';
    default:
      return value === undefined || value === null ? '' : String(value);
  }
}

export function fromForm(spec: FieldSpec, value: FormValue): unknown {
  switch (spec.kind) {
    case 'list': {
      const items = (Array.isArray(value) ? value : [])
        .map((item) => fromForm(spec.item, item))
        .filter((item) => item !== undefined);
      return items;
    }
    case 'object': {
      const object = (typeof value === 'object' && !Array.isArray(value) ? value : {}) as Record<
        string,
        FormValue
      >;
      const entries = spec.fields
        .map((f) => [f.name, fromForm(f, object[f.name] ?? '')] as const)
        .filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0));
      return entries.length === 0 ? undefined : Object.fromEntries(entries);
    }
    default: {
      const text = typeof value === 'string' ? value.trim() : '';
      if (text === '') return undefined;
      if (spec.kind === 'integer' || spec.kind === 'number') {
        const number = Number(text.replace(',', '.'));
        // a non-number goes as typed so the server names the field and the reason
        return Number.isFinite(number) ? number : text;
      }
      if (spec.kind === 'boolean') return text === 'true';
      if (spec.kind === 'country') return text.toUpperCase();
      if (spec.kind === 'dateTime') {
        const date = new Date(text);
        return Number.isNaN(date.getTime()) ? text : date.toISOString();
      }
      return text;
    }
  }
}

export function initialValues(fields: FieldSpec[], record?: Record<string, unknown>) {
  return Object.fromEntries(fields.map((f) => [f.name, toForm(f, record?.[f.name])])) as Record<
    string,
    FormValue
  >;
}

/** The body of a create: every field given, nothing empty. */
export function createBody(fields: FieldSpec[], values: Record<string, FormValue>) {
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    const value = fromForm(field, values[field.name] ?? '');
    if (value !== undefined && !(Array.isArray(value) && value.length === 0))
      body[field.name] = value;
  }
  return body;
}

/** The body of an update: only the fields changed since the form was filled; a cleared one is null. */
export function patchBody(
  fields: FieldSpec[],
  initial: Record<string, FormValue>,
  values: Record<string, FormValue>,
) {
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    const before = fromForm(field, initial[field.name] ?? '');
    const after = fromForm(field, values[field.name] ?? '');
    if (JSON.stringify(before) !== JSON.stringify(after)) body[field.name] = after ?? null;
  }
  return body;
}
