import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { writeBehind } from '../../db/transaction.js';
import type { CursorKey } from '../../lib/cursor.js';
import { inSlices } from '../../lib/slices.js';
import { escapeLike } from '../../lib/text.js';
import type { Sensitivity } from '../auth/policy.js';
import type {
  ColumnValue,
  FilterSpec,
  RecordMeta,
  RecordTypeDefinition,
  StoredRecord,
} from './definition.js';

/** The generic record SQL: every record table has the same base columns plus its projections. */

interface RecordRow {
  id: string;
  version: number;
  sensitivity: Sensitivity;
  created_at: string;
  updated_at: string;
  created_by: string;
  updated_by: string;
  deleted_at: string | null;
  search_text: string;
  body: string;
  [projected: string]: ColumnValue;
}

export function toRow(def: RecordTypeDefinition, record: StoredRecord): RecordRow {
  const { id, version, sensitivity, createdAt, updatedAt, createdBy, updatedBy, deletedAt } =
    record;
  const fields = fieldsOf(record);
  return {
    ...def.columns(fields),
    external_id: (fields.externalId as string | undefined) ?? null,
    id,
    version,
    sensitivity,
    created_at: createdAt,
    updated_at: updatedAt,
    created_by: createdBy,
    updated_by: updatedBy,
    deleted_at: deletedAt,
    search_text: def.searchText(fields),
    body: JSON.stringify(fields),
  };
}

function fromRow(row: RecordRow): StoredRecord {
  const meta: RecordMeta = {
    id: row.id,
    version: Number(row.version),
    sensitivity: row.sensitivity,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdBy: row.created_by,
    updatedBy: row.updated_by,
    deletedAt: row.deleted_at,
  };
  return { ...JSON.parse(row.body), ...meta };
}

/**
 * What `fromRow` reads: a record is its body and its metadata. The projected columns and the
 * search text repeat the body for indexes, and reading them back (a person row is twice its
 * body) was most of the cost of looking many people up by id.
 */
const RECORD_COLUMNS = [
  'id',
  'version',
  'sensitivity',
  'created_at',
  'updated_at',
  'created_by',
  'updated_by',
  'deleted_at',
  'body',
] as const;

/** The record columns, and the sort column when a caller pages or orders by it. */
const recordColumns = (sortColumn?: string) =>
  sortColumn && !(RECORD_COLUMNS as readonly string[]).includes(sortColumn)
    ? [...RECORD_COLUMNS, sortColumn]
    : [...RECORD_COLUMNS];

const META_KEYS = new Set([
  'id',
  'version',
  'sensitivity',
  'createdAt',
  'updatedAt',
  'createdBy',
  'updatedBy',
  'deletedAt',
  'citations',
]);

export function fieldsOf(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => !META_KEYS.has(k)));
}

/** Rows per multi-row insert: well under both engines' limits on bound parameters. */
const ROWS_PER_INSERT = 500;

export async function insertRecords(
  db: Db,
  def: RecordTypeDefinition,
  records: readonly StoredRecord[],
) {
  for (const slice of inSlices(records, ROWS_PER_INSERT)) {
    const rows = slice.map((record) => toRow(def, record));
    await writeBehind(db, () => db.insertInto(def.table).values(rows).execute());
  }
}

/** Writes `record` only if the stored version is still `expectedVersion`; false when it moved. */
export async function replaceRecord(
  db: Db,
  def: RecordTypeDefinition,
  record: StoredRecord,
  expectedVersion: number,
): Promise<boolean> {
  const { id: _id, created_at: _c, created_by: _cb, ...changes } = toRow(def, record);
  const result = await db
    .updateTable(def.table)
    .set(changes)
    .where('id', '=', record.id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function findRecords(
  db: Db,
  def: RecordTypeDefinition,
  ids: readonly string[],
  options: { includeDeleted?: boolean } = {},
): Promise<StoredRecord[]> {
  if (ids.length === 0) return [];
  let query = db
    .selectFrom(def.table)
    .select(recordColumns())
    .where('id', 'in', [...new Set(ids)]);
  if (!options.includeDeleted) query = query.where('deleted_at', 'is', null);
  const rows = (await query.execute()) as RecordRow[];
  return rows.map(fromRow);
}

/** Records by the id they have where they were imported from, tombstones included. */
export async function findRecordsByExternalId(
  db: Db,
  def: RecordTypeDefinition,
  externalIds: readonly string[],
): Promise<StoredRecord[]> {
  if (externalIds.length === 0) return [];
  const rows = (await db
    .selectFrom(def.table)
    .select(recordColumns())
    .where('external_id', 'in', [...new Set(externalIds)])
    .execute()) as RecordRow[];
  return rows.map(fromRow);
}

export interface ColumnFilter {
  spec: FilterSpec;
  value: ColumnValue;
}

export interface ListQuery {
  levels: Sensitivity[];
  /** the caller's clearance, for `idIn` filters over views computed per clearance */
  clearance?: Sensitivity;
  /** tombstones too, for exports and backups */
  includeDeleted?: boolean;
  filters: ColumnFilter[];
  /** folded text matched as a substring of `search_text` (when no search index is wired) */
  q?: string;
  /** `select record_id …` from the search index: only these records are listed */
  match?: RawBuilder<unknown>;
  sortColumn: string;
  descending: boolean;
  after?: CursorKey;
  limit: number;
}

export interface ListPage {
  records: StoredRecord[];
  /** sort key of the last row, for the next cursor; absent when this is the last page */
  lastKey?: CursorKey;
}

export async function listRecords(
  db: Db,
  def: RecordTypeDefinition,
  query: ListQuery,
): Promise<ListPage> {
  const direction = query.descending ? 'desc' : 'asc';
  const comparison = query.descending ? '<' : '>';
  let select = db
    .selectFrom(def.table)
    .select(recordColumns(query.sortColumn))
    .where('sensitivity', 'in', query.levels);
  if (!query.includeDeleted) select = select.where('deleted_at', 'is', null);

  for (const { spec, value } of query.filters) {
    const op = spec.op ?? 'eq';
    if (op === 'listHas') {
      const pattern = `%|${escapeLike(String(value))}|%`;
      select = select.where(sql<boolean>`${sql.ref(spec.column)} like ${pattern} escape '\\'`);
    } else if (op === 'idIn') {
      const ids = spec.ids as (value: ColumnValue, clearance: Sensitivity) => RawBuilder<unknown>;
      // Without a clearance the narrowest view applies: never more than the caller may see.
      select = select.where(sql<boolean>`id in (${ids(value, query.clearance ?? 'public')})`);
    } else if (op === 'eq') {
      select = select.where(spec.column, '=', value);
    } else {
      // Range filters never match an unknown value (stored as ''): undated is not "before X".
      select = select
        .where(spec.column, op === 'gte' ? '>=' : '<=', value)
        .where(spec.column, '!=', '');
    }
  }
  if (query.match) {
    select = select.where(sql<boolean>`${sql.ref('id')} in (${query.match})`);
  } else if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`;
    select = select.where(sql<boolean>`search_text like ${pattern} escape '\\'`);
  }
  if (query.after) {
    const [value, id] = query.after;
    select = select.where(({ eb, refTuple, tuple }) =>
      eb(refTuple(query.sortColumn, 'id'), comparison, tuple(value, id)),
    );
  }
  const rows = (await select
    .orderBy(query.sortColumn, direction)
    .orderBy('id', direction)
    .limit(query.limit + 1)
    .execute()) as RecordRow[];

  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    records: page.map(fromRow),
    lastKey:
      rows.length > query.limit && last
        ? [last[query.sortColumn] as string | number, last.id]
        : undefined,
  };
}

/**
 * Live records at `levels` whose filter matches any of `values` (`eq` and `listHas` filters):
 * the records of many people at once, for views derived on the server.
 */
/**
 * A list column is matched with one LIKE per value, ORed: SQLite refuses an expression more than
 * 1,000 deep, so many values (the people of a bulk write) are looked up a slice at a time.
 */
const LIKE_TERMS_PER_QUERY = 200;

export async function findRecordsMatching(
  db: Db,
  def: RecordTypeDefinition,
  spec: FilterSpec,
  values: readonly string[],
  levels: readonly Sensitivity[],
  options: { sortColumn?: string; descending?: boolean; limit?: number } = {},
): Promise<StoredRecord[]> {
  const distinct = [...new Set(values)];
  if (spec.op !== 'listHas' || distinct.length <= LIKE_TERMS_PER_QUERY) {
    return (await selectMatching(db, def, spec, distinct, levels, options)).map(fromRow);
  }
  const byId = new Map<string, RecordRow>();
  for (const slice of inSlices(distinct, LIKE_TERMS_PER_QUERY)) {
    // read with the sort column, for ordering all the slices' rows below
    const { sortColumn } = options;
    for (const row of await selectMatching(db, def, spec, slice, levels, { sortColumn })) {
      byId.set(row.id, row);
    }
  }
  let rows = [...byId.values()];
  const { sortColumn } = options;
  if (sortColumn) {
    const key = (row: RecordRow) => String((row as Record<string, unknown>)[sortColumn] ?? '');
    const sign = options.descending ? -1 : 1;
    rows.sort((a, b) => sign * (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id < b.id ? -1 : 1));
  }
  if (options.limit) rows = rows.slice(0, options.limit);
  return rows.map(fromRow);
}

async function selectMatching(
  db: Db,
  def: RecordTypeDefinition,
  spec: FilterSpec,
  values: readonly string[],
  levels: readonly Sensitivity[],
  options: { sortColumn?: string; descending?: boolean; limit?: number } = {},
): Promise<RecordRow[]> {
  if (values.length === 0) return [];
  let select = db
    .selectFrom(def.table)
    .select(recordColumns(options.sortColumn))
    .where('sensitivity', 'in', [...levels])
    .where('deleted_at', 'is', null);
  if (spec.op === 'listHas') {
    const patterns = values.map((v) => `%|${escapeLike(v)}|%`);
    select = select.where(({ or }) =>
      or(patterns.map((p) => sql<boolean>`${sql.ref(spec.column)} like ${p} escape '\\'`)),
    );
  } else {
    select = select.where(spec.column, 'in', [...values]);
  }
  if (options.sortColumn) {
    const direction = options.descending ? 'desc' : 'asc';
    select = select.orderBy(options.sortColumn, direction).orderBy('id', direction);
  }
  if (options.limit) select = select.limit(options.limit);
  return (await select.execute()) as RecordRow[];
}
