import { type Kysely, sql } from 'kysely';
import type { Engine } from '../database.js';

/**
 * PostgreSQL: a sequence that every write changing anyone's filing (match_people) moves, so a
 * process that keeps filings across writes (matching/filing-cache.ts) can tell whether another
 * process changed them since its own last write. SQLite needs none: `PRAGMA data_version` tells
 * when another connection has committed.
 *
 * Frozen: later changes go in new migrations.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before any typed schema exists
type AnyDb = Kysely<any>;

export function up(engine: Engine) {
  return async (db: AnyDb) => {
    if (engine === 'postgres') await sql`create sequence match_filing_version`.execute(db);
  };
}
