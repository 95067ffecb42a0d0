import { type Kysely, sql } from 'kysely';
import type { Engine } from '../database.js';

/**
 * The write generation (db/write-generation.ts) on PostgreSQL: a sequence, which every process
 * bumps after it commits a record write, outside any transaction and without locking a row.
 * SQLite needs nothing stored: it tells other connections' commits by `PRAGMA data_version`.
 *
 * Frozen: later changes go in new migrations.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before any typed schema exists
type AnyDb = Kysely<any>;

export function up(engine: Engine) {
  return async (db: AnyDb) => {
    if (engine === 'postgres') await sql`create sequence write_generation`.execute(db);
  };
}
