import { type Kysely, sql } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Search results come newest entry first within each tier (src/db/search/tiers.ts), read in the
 * order of an index so a page stops at its last hit. SQLite's entries are numbered already (the
 * FTS rowid); PostgreSQL's get the same: an identity column, with a unique index to walk
 * backwards. Existing entries are numbered in table order.
 *
 * Frozen: later changes go in new migrations.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before any typed schema exists
type AnyDb = Kysely<any>;

export function up(engine: Engine) {
  return async (db: AnyDb) => {
    if (engine !== 'postgres') return;
    await sql`alter table search_index add column id bigint generated always as identity`.execute(
      db,
    );
    await sql`create unique index search_index_id_idx on search_index (id)`.execute(db);
  };
}
