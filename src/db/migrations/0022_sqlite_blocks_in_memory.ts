import { type Kysely, sql } from 'kysely';
import type { Engine } from '../database.js';

/**
 * SQLite: no `match_blocks`. A process keeps blocks' newest members in memory across writes
 * (matching/filing.ts, KeptBlocks) and reads a block it does not keep off its full list in
 * `match_block_members`; rewriting every block a batch touched cost a bulk import more than
 * that read. PostgreSQL keeps the table: its writers are many processes, and there a row a key
 * is what lets each merge its members under the row's lock.
 *
 * Frozen: later changes go in new migrations.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before any typed schema exists
type AnyDb = Kysely<any>;

export function up(engine: Engine) {
  return async (db: AnyDb) => {
    if (engine === 'sqlite') await sql`drop table match_blocks`.execute(db);
  };
}
