import { z } from 'zod';
import { newId } from '../../lib/ids.js';
import type { RecordTypeDefinition } from '../records/definition.js';
import { schemasFor } from '../records/schemas.js';

/**
 * What the importer needs to know about each field of a record type to turn spreadsheet text
 * into a value: read from the type's zod schema, so a new field is importable with no change here.
 */
export type FieldKind = 'text' | 'number' | 'boolean' | 'enum' | 'id' | 'list' | 'objects' | 'json';

export interface FieldTarget {
  /** dotted for a field of a nested object: `transport.flightNumber` */
  path: string;
  kind: FieldKind;
  /** for `list`: what each entry is */
  element?: Exclude<FieldKind, 'list' | 'objects' | 'json'>;
  /** for `enum` (or a list of them): the allowed values */
  values?: readonly string[];
  /** for `id` (or a list of them): the record type referred to */
  refType?: string;
  /** whether a stored value may be cleared */
  optional: boolean;
}

type Schema = z.core.$ZodType;
const defOf = (schema: Schema) => schema._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;

/** The schema under optional/nullable/default wrappers. */
function unwrap(schema: Schema): { inner: Schema; optional: boolean } {
  let inner = schema;
  let optional = false;
  for (;;) {
    const def = defOf(inner);
    if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default') {
      optional = true;
      inner = def.innerType as Schema;
    } else if (def.type === 'pipe') {
      inner = def.in as Schema;
    } else if (def.type === 'readonly') {
      inner = def.innerType as Schema;
    } else {
      return { inner, optional };
    }
  }
}

const SAMPLE_ID = newId();
/** A record id field is a string schema that takes a UUIDv7 and refuses other text. */
const isIdSchema = (schema: Schema) =>
  z.safeParse(schema, SAMPLE_ID).success && !z.safeParse(schema, 'not-an-id').success;

function scalarKind(schema: Schema): { kind: FieldTarget['element']; values?: string[] } | null {
  const def = defOf(schema);
  if (def.type === 'string') return { kind: isIdSchema(schema) ? 'id' : 'text' };
  if (def.type === 'number' || def.type === 'int') return { kind: 'number' };
  if (def.type === 'boolean') return { kind: 'boolean' };
  if (def.type === 'enum') return { kind: 'enum', values: Object.values(def.entries as object) };
  return null;
}

function targetsOf(path: string, schema: Schema, depth: number): Omit<FieldTarget, 'refType'>[] {
  const { inner, optional } = unwrap(schema);
  const scalar = scalarKind(inner);
  if (scalar?.kind) return [{ path, kind: scalar.kind, values: scalar.values, optional }];
  const def = defOf(inner);
  if (def.type === 'array') {
    const element = unwrap(def.element as Schema).inner;
    const item = scalarKind(element);
    if (item?.kind)
      return [{ path, kind: 'list', element: item.kind, values: item.values, optional }];
    return [{ path, kind: defOf(element).type === 'object' ? 'objects' : 'json', optional }];
  }
  if (def.type === 'object' && depth === 0) {
    const shape = def.shape as Record<string, Schema>;
    return [
      { path, kind: 'json', optional },
      ...Object.entries(shape).flatMap(([key, child]) =>
        targetsOf(`${path}.${key}`, child, depth + 1).map((t) => ({
          ...t,
          optional: t.optional || optional,
        })),
      ),
    ];
  }
  return [{ path, kind: 'json', optional }];
}

/**
 * The record type each reference field points at, found by asking the type's own `refs` about
 * a record whose every id field holds a probe; a field the probe cannot reach falls back to its
 * name (`proceedingId` → `proceeding`).
 */
function referenceTypes(def: RecordTypeDefinition, targets: Omit<FieldTarget, 'refType'>[]) {
  const probe: Record<string, unknown> = {};
  const probes = new Map<string, string>();
  const idFor = (path: string) => {
    const id = newId();
    probes.set(id, path);
    return id;
  };
  for (const t of targets) {
    const [top, nested] = t.path.split('.');
    if (t.kind === 'id' && !nested) probe[top!] = idFor(t.path);
    if (t.kind === 'id' && nested) {
      probe[top!] = { ...(probe[top!] as object), [nested]: idFor(t.path) };
    }
    if (t.kind === 'list' && t.element === 'id') probe[t.path] = [idFor(t.path)];
  }
  const types = new Map<string, string>();
  try {
    for (const ref of def.refs?.(probe as never) ?? []) {
      const path = probes.get(ref.id);
      if (path) types.set(path, ref.type);
    }
  } catch {
    // a refs function that needs more than the probe gives: names decide instead
  }
  return types;
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const built = new WeakMap<RecordTypeDefinition, FieldTarget[]>();

/** Every importable field of a record type, nested object fields one level deep. */
export function fieldCatalogue(
  def: RecordTypeDefinition,
  knownTypes: readonly string[],
): FieldTarget[] {
  const cached = built.get(def);
  if (cached) return cached;
  const create = schemasFor(def).create;
  const shape = create.shape as Record<string, Schema>;
  const targets = Object.entries(shape)
    .filter(([name]) => name !== 'citations')
    .flatMap(([name, schema]) => targetsOf(name, schema, 0));
  const refTypes = referenceTypes(def, targets);
  const catalogue = targets.map((t): FieldTarget => {
    if (t.kind !== 'id' && t.element !== 'id') return t;
    const byName = snake(t.path.split('.').pop()!.replace(/Ids?$/, ''));
    const guess = knownTypes.find((type) => type === byName || byName.endsWith(`_${type}`));
    return { ...t, refType: refTypes.get(t.path) ?? guess };
  });
  built.set(def, catalogue);
  return catalogue;
}
