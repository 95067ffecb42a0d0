import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Blocking keys became pairs of name words (see modules/matching/blocking.ts): keys filed under
 * the old single-word scheme would never meet a new one. They are dropped here and the runtime
 * files every person again right after this migration.
 *
 * Frozen: later changes go in new migrations.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before any typed schema exists
type AnyDb = Kysely<any>;

export function up(_engine: Engine) {
  return async (db: AnyDb) => {
    await db.deleteFrom('person_match_keys').execute();
  };
}
