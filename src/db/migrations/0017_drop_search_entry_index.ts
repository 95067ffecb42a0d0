import { type Kysely, sql } from 'kysely';
import type { Engine } from '../database.js';

/**
 * PostgreSQL's search ranks every match in one pass over its GIN index and orders by entry
 * number in memory (src/db/search/postgres.ts); nothing walks entries by number any more, so
 * the unique index 0016 made for that walk only costs a write on every indexed record.
 * The entry numbers themselves stay: they order results and key the cursor.
 *
 * Frozen: later changes go in new migrations.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before any typed schema exists
type AnyDb = Kysely<any>;

export function up(engine: Engine) {
  return async (db: AnyDb) => {
    if (engine !== 'postgres') return;
    await sql`drop index if exists search_index_id_idx`.execute(db);
  };
}
