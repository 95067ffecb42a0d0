import { type CreateTableBuilder, type Kysely, sql } from 'kysely';
import type { Engine } from '../database.js';

/**
 * The shape every record table has had since 0001: base columns, the validated record as JSON in
 * `body`, projections added by each migration, binary-collated keys on PostgreSQL so both
 * engines sort and paginate alike, and indexes over live rows only.
 *
 * Frozen, like a migration: migrations that already ran depend on exactly this. A different
 * shape is a new file (record-tables-v2.ts), never an edit here.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before any typed schema exists
export type AnyDb = Kysely<any>;
// biome-ignore lint/suspicious/noExplicitAny: see above
export type Table = CreateTableBuilder<string, any>;

export function recordTablesV1(engine: Engine) {
  const key = engine === 'postgres' ? sql`text collate "C"` : sql`text`;

  const recordTable = (db: AnyDb, name: string, extra: (t: Table) => Table) =>
    extra(
      db.schema
        .createTable(name)
        .addColumn('id', key, (c) => c.primaryKey())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('sensitivity', 'text', (c) => c.notNull())
        .addColumn('created_at', key, (c) => c.notNull())
        .addColumn('updated_at', key, (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('deleted_at', 'text')
        .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('body', 'text', (c) => c.notNull()),
    ).execute();

  const liveIndex = (db: AnyDb, table: string, columns: string[]) =>
    db.schema
      .createIndex(`${table}_${columns.join('_')}_idx`)
      .on(table)
      .columns(columns)
      .where(sql.ref('deleted_at'), 'is', null)
      .execute();

  return { key, recordTable, liveIndex };
}
