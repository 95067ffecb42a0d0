import type { RawBuilder } from 'kysely';
import { z } from 'zod';
import type { FieldIssue } from '../../lib/errors.js';
import type { Actor, Sensitivity } from '../auth/policy.js';

/**
 * What a module declares about its record type. One generic repository, service and set of
 * routes serve every type from this; a module adds only its own rules.
 */
export type ColumnValue = string | number | null;

export interface FilterSpec {
  /** projected column the filter reads */
  column: string;
  /** schema of the query parameter */
  schema: z.ZodType;
  /**
   * `listHas`: the column holds `|a|b|` and the value must be one of its members; `idIn`: the
   * record's id must be among those `ids` selects (a view kept beside the records, such as
   * person facts, which is computed per clearance and so is given the caller's)
   */
  op?: 'eq' | 'listHas' | 'gte' | 'lte' | 'idIn';
  /** for `idIn`: a subquery selecting the ids of matching records */
  ids?: (value: never, clearance: Sensitivity) => RawBuilder<unknown>;
  /** turns the parsed parameter into the value compared (e.g. a partial date into a bound) */
  toColumn?: (value: never) => ColumnValue;
  description: string;
}

/** A reference from one record to another, checked on every write. */
export interface RecordRef {
  field: string;
  type: string;
  id: string;
}

export interface RecordTypeDefinition<F extends z.ZodObject = z.ZodObject> {
  /** singular machine name used in revisions and citations: `person`, `custody_event` */
  type: string;
  names: { singular: string; plural: string };
  /** URL segment under /api/v1 */
  path: string;
  table: string;
  /** the record's own fields; validation, types and the OpenAPI document all come from here */
  fields: F;
  /**
   * fields the server maintains (attachments, say): shown in responses, never accepted from a
   * client, kept across updates, changed only through the service's `updateManaged`
   */
  managed?: z.ZodObject;
  defaultSensitivity: Sensitivity;
  /** a short human label, for lists of references and exports */
  label(record: z.output<F>): string;
  /** values of the projected columns (see the migrations) */
  columns(record: z.output<F>): Record<string, ColumnValue>;
  /** text matched by the `q` parameter */
  searchText(record: z.output<F>): string;
  filters: Record<string, FilterSpec>;
  /** sort name in the API → projected column (never null) */
  sorts: Record<string, string>;
  defaultSort: string;
  refs?(record: z.output<F>): RecordRef[];
  /** rules across fields that need no database */
  check?(record: z.output<F>): FieldIssue[];
  /** field-level redaction for an actor who may see the record but not all of it */
  redact?(record: z.output<F>, actor: Actor): z.output<F>;
}

export interface RecordMeta {
  id: string;
  version: number;
  sensitivity: Sensitivity;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  updatedBy: string;
  deletedAt: string | null;
}

export type Fields<D extends RecordTypeDefinition> = z.output<D['fields']>;
export type StoredRecord<D extends RecordTypeDefinition = RecordTypeDefinition> = RecordMeta &
  Fields<D>;

/** Every type sorts by creation and last change as well as by its own sort keys. */
export function sortColumns(def: RecordTypeDefinition): Record<string, string> {
  return { createdAt: 'created_at', updatedAt: 'updated_at', ...def.sorts };
}

/** Filters every type has, beside its own. */
const GENERIC_FILTERS: Record<string, FilterSpec> = {
  externalId: {
    column: 'external_id',
    schema: z.string().trim().min(1).max(300),
    description: 'only the record with this external id (the id it has where it was imported from)',
  },
};

export function filtersOf(def: RecordTypeDefinition): Record<string, FilterSpec> {
  return { ...GENERIC_FILTERS, ...def.filters };
}
