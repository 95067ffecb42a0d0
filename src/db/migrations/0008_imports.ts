import { type Kysely, sql } from 'kysely';
import type { Engine } from '../database.js';

/**
 * The log of imports: which file (name and SHA-256), into which record type, by whom, when,
 * whether it was a dry run, and what came of it. The UI lists past imports from here.
 *
 * Frozen: later changes go in new migrations.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before any typed schema exists
type AnyDb = Kysely<any>;

export function up(engine: Engine) {
  const key = engine === 'postgres' ? sql`text collate "C"` : sql`text`;
  return async (db: AnyDb) => {
    await db.schema
      .createTable('imports')
      .addColumn('id', key, (c) => c.primaryKey())
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('record_type', 'text', (c) => c.notNull())
      .addColumn('dry_run', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('actor', key, (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .addColumn('rows', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('unchanged', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('refused', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('report', 'text')
      .execute();
    await db.schema.createIndex('imports_started_idx').on('imports').column('started_at').execute();
  };
}
