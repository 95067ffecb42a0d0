import { type Kysely, sql } from 'kysely';
import type { Engine } from '../database.js';

/**
 * PostgreSQL's GIN index takes new entries into a pending list, which every search reads whole
 * until a vacuum merges it; by default the list grows to 4 MB. After a bulk import that made a
 * prefix search on 5,000 people take 34 ms instead of 1 ms. A 256 kB list is merged as it fills,
 * so no search reads more than that. SQLite's FTS5 needs nothing of the kind.
 *
 * Frozen: later changes go in new migrations.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before any typed schema exists
type AnyDb = Kysely<any>;

export function up(engine: Engine) {
  return async (db: AnyDb) => {
    if (engine !== 'postgres') return;
    await sql`alter index search_index_tsv_idx set (gin_pending_list_limit = 256)`.execute(db);
    await sql`select gin_clean_pending_list('search_index_tsv_idx')`.execute(db);
  };
}
