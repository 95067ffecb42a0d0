import type { z } from 'zod';
import type { RecordTypeDefinition } from '../records/definition.js';

/**
 * The flat table a record type becomes in a spreadsheet: one column per field, nested objects
 * (a hearing, an order, a transcript) spread over dotted columns, lists of plain values joined
 * with `; `, lists of objects (identifiers, parties, excerpts) kept whole as JSON so nothing is
 * lost. Derived from the record's zod schema, so a new field appears in exports by itself.
 */

export const LIST_SEPARATOR = '; ';

/** Columns every record has, before its own fields. */
const LEADING = ['id', 'externalId', 'sensitivity', 'version', 'createdAt', 'updatedAt'];
/** After its own fields: where the facts come from. */
const TRAILING = ['citations'];

export type Cell = string | number | null;

interface Column {
  name: string;
  read(record: Record<string, unknown>): Cell;
}

/** Wrappers that change whether a value may be absent, not what it is. */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch']);

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (WRAPPERS.has(current.def.type)) {
    current = (current.def as unknown as { innerType: z.ZodType }).innerType;
  }
  return current;
}

const shapeOf = (schema: z.ZodType) =>
  (schema.def as unknown as { shape: Record<string, z.ZodType> }).shape;

/** A value as one cell: text and numbers as they are, everything else as JSON. */
function cellOf(value: unknown): Cell {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return JSON.stringify(value);
}

function fieldColumns(name: string, schema: z.ZodType): Column[] {
  const inner = unwrap(schema);
  if (inner.def.type === 'object') {
    return Object.keys(shapeOf(inner)).map((key) => ({
      name: `${name}.${key}`,
      read: (record) => cellOf((record[name] as Record<string, unknown> | undefined)?.[key]),
    }));
  }
  if (inner.def.type === 'array') {
    const element = unwrap((inner.def as unknown as { element: z.ZodType }).element);
    const plain = element.def.type !== 'object' && element.def.type !== 'array';
    return [
      {
        name,
        read: (record) => {
          const list = record[name] as unknown[] | undefined;
          if (!list || list.length === 0) return null;
          return plain ? list.map((v) => String(v)).join(LIST_SEPARATOR) : JSON.stringify(list);
        },
      },
    ];
  }
  return [{ name, read: (record) => cellOf(record[name]) }];
}

/** A record as the export shows it: the API shape plus how each citation reads. */
export type ExportRecord = Record<string, unknown> & { citationLabels?: string[] };

export interface TableLayout {
  names: string[];
  row(record: ExportRecord): Cell[];
}

/**
 * The columns of a record type. `omit` leaves columns out by name (the public data set drops
 * `externalId`, which can be an identifier from another list).
 */
export function tableLayout(
  def: RecordTypeDefinition,
  options: { omit?: readonly string[] } = {},
): TableLayout {
  // Server-maintained fields (a source's attachments) are part of the record as shown.
  const shape = { ...def.fields.shape, ...(def.managed?.shape ?? {}) } as Record<string, z.ZodType>;
  const own = Object.entries(shape).flatMap(([name, schema]) => fieldColumns(name, schema));
  const all: Column[] = [
    ...LEADING.map((name) => ({ name, read: (r: Record<string, unknown>) => cellOf(r[name]) })),
    ...own,
    ...TRAILING.map((name) => ({
      name,
      read: (r: ExportRecord) =>
        r.citationLabels?.length ? r.citationLabels.join(LIST_SEPARATOR) : null,
    })),
  ];
  const columns = all.filter((c) => !options.omit?.includes(c.name));
  return {
    names: columns.map((c) => c.name),
    row: (record) => columns.map((c) => c.read(record)),
  };
}
