import { z } from 'zod';
import { type FieldIssue, Invalid } from '../../lib/errors.js';
import { issuesFromZod } from '../../lib/zod-issues.js';
import type { FieldTarget } from './field-catalogue.js';

/**
 * How a file's columns become a record's fields. A header that names a field maps by itself —
 * `Given Names`, `given_names` and `givenNames` all name `givenNames` — and a mapping file
 * (MAP.json, see docs/import.md) says the rest.
 */
const columnSpecSchema = z
  .object({
    field: z
      .string()
      .trim()
      .min(1)
      .describe('the field, dotted for a nested one: transport.flightNumber'),
    split: z
      .string()
      .min(1)
      .max(5)
      .optional()
      .describe('for list fields: what separates the entries in a cell (default ";")'),
    ref: z
      .string()
      .trim()
      .min(1)
      .optional()
      .describe('the record type the cell refers to, by its external id (or its id)'),
    item: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('for lists of objects: the fixed part of each entry, e.g. {"kind":"a_number"}'),
    itemKey: z
      .string()
      .trim()
      .min(1)
      .optional()
      .describe('for lists of objects: the entry key the cell fills (default "value")'),
  })
  .strict();

export const mapFileSchema = z
  .object({
    type: z
      .string()
      .trim()
      .min(1)
      .optional()
      .describe('the record type; --type may say it instead'),
    sheet: z.string().min(1).optional().describe('the workbook sheet to read'),
    headerRow: z.number().int().min(1).optional().describe('the row holding the column names'),
    delimiter: z.enum([',', ';', '\t']).optional(),
    columns: z
      .record(z.string(), z.union([z.string().trim().min(1), columnSpecSchema, z.null()]))
      .default({})
      .describe('column name → field, or a spec, or null to ignore the column on purpose'),
    defaults: z
      .record(z.string(), z.unknown())
      .default({})
      .describe('field → value for rows that leave the field empty (or have no such column)'),
  })
  .strict();

export type MapFile = z.output<typeof mapFileSchema>;

/** Parses a MAP.json document, naming every bad entry as `mapping.<path>`. */
export function parseMapFile(input: unknown): MapFile {
  const result = mapFileSchema.safeParse(input);
  if (!result.success) throw new Invalid(issuesFromZod(result.error.issues, 'mapping'));
  return result.data;
}

export interface ColumnMapping {
  column: string;
  target: FieldTarget;
  split: string;
  item?: Record<string, unknown>;
  itemKey: string;
  /** how the column got its field */
  how: 'automatic' | 'mapping';
}

export interface ResolvedMapping {
  columns: ColumnMapping[];
  /** columns no field takes: reported, never silently dropped */
  unmapped: string[];
  /** columns the mapping file says to ignore */
  ignored: string[];
  defaults: Record<string, unknown>;
  /** the column that holds the external id, when there is one */
  externalIdColumn?: string;
}

/** `Given Names`, `given_names`, `givenNames`, `GIVEN-NAMES` → `givennames` */
export const normaliseName = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/** The names a header may use for a field: its own, and for a reference its name without `Id`. */
function namesOf(target: FieldTarget): string[] {
  const names = [normaliseName(target.path)];
  if (target.kind === 'id' || target.element === 'id') {
    names.push(normaliseName(target.path.replace(/Ids?$/, '')));
    names.push(normaliseName(`${target.path.replace(/Ids?$/, '')}ExternalId`));
  }
  return names;
}

export const DEFAULT_SPLIT = ';';

/**
 * Decides each column's field: the mapping file first, then a header that names a field. A
 * mapping file that names a field the type lacks is refused with the field named.
 */
export function resolveMapping(
  headers: readonly string[],
  catalogue: readonly FieldTarget[],
  mapFile: MapFile | undefined,
  knownTypes: readonly string[],
): ResolvedMapping {
  const byPath = new Map(catalogue.map((t) => [t.path, t]));
  const byName = new Map<string, FieldTarget>();
  for (const target of catalogue) {
    for (const name of namesOf(target)) if (!byName.has(name)) byName.set(name, target);
  }
  const issues: FieldIssue[] = [];
  const columns: ColumnMapping[] = [];
  const unmapped: string[] = [];
  const ignored: string[] = [];
  const explicit = mapFile?.columns ?? {};
  for (const column of Object.keys(explicit)) {
    if (!headers.includes(column)) {
      issues.push({
        field: `mapping.columns.${column}`,
        reason: `the file has no column named "${column}" (it has: ${headers.join(', ')})`,
        code: 'unknown_column',
      });
    }
  }
  for (const column of headers) {
    const spec = explicit[column];
    if (spec === null) {
      ignored.push(column);
      continue;
    }
    if (spec !== undefined) {
      const { field, split, ref, item, itemKey } =
        typeof spec === 'string' ? { field: spec } : spec;
      const target = byPath.get(field);
      if (!target) {
        issues.push({
          field: `mapping.columns.${column}`,
          reason: `"${field}" is not a field of this record type`,
          code: 'unknown_field',
        });
        continue;
      }
      if (ref && !knownTypes.includes(ref)) {
        issues.push({
          field: `mapping.columns.${column}.ref`,
          reason: `"${ref}" is not a record type (one of: ${knownTypes.join(', ')})`,
          code: 'unknown_record_type',
        });
        continue;
      }
      if (item && target.kind !== 'objects') {
        issues.push({
          field: `mapping.columns.${column}.item`,
          reason: `"${field}" is not a list of entries`,
          code: 'not_a_list_of_objects',
        });
        continue;
      }
      const isReference = target.kind === 'id' || target.element === 'id';
      columns.push({
        column,
        target: ref && isReference ? { ...target, refType: ref } : target,
        split: split ?? DEFAULT_SPLIT,
        item,
        itemKey: itemKey ?? 'value',
        how: 'mapping',
      });
      continue;
    }
    const target = byName.get(normaliseName(column));
    if (target) {
      columns.push({ column, target, split: DEFAULT_SPLIT, itemKey: 'value', how: 'automatic' });
    } else {
      unmapped.push(column);
    }
  }
  for (const field of Object.keys(mapFile?.defaults ?? {})) {
    if (!byPath.has(field)) {
      issues.push({
        field: `mapping.defaults.${field}`,
        reason: `"${field}" is not a field of this record type`,
        code: 'unknown_field',
      });
    }
  }
  const externalIdColumns = columns.filter((c) => c.target.path === 'externalId');
  if (externalIdColumns.length > 1) {
    issues.push({
      field: 'mapping.columns',
      reason: `only one column may hold the external id (${externalIdColumns.map((c) => c.column).join(', ')} do)`,
      code: 'several_external_id_columns',
    });
  }
  if (issues.length > 0) throw new Invalid(issues);
  return {
    columns,
    unmapped,
    ignored,
    defaults: mapFile?.defaults ?? {},
    externalIdColumn: externalIdColumns[0]?.column,
  };
}
