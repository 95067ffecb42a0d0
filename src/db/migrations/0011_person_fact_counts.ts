import { type Kysely, sql } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Person fact counts: how many people at each clearance level have each value of each fact, kept
 * up to date on write beside the person facts. Counting a million rows per request is what the
 * unfiltered statistics and facets would otherwise do; these counters answer them in a few rows.
 *
 * `dimension` names what is counted (a fact column, a many-valued fact, `total`, or a histogram
 * of days held without charge); `key` is the value, '' standing for "none".
 *
 * The table starts empty: the runtime rebuilds the person facts, and so these, right after this
 * migration. Frozen: later changes go in new migrations.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before any typed schema exists
type AnyDb = Kysely<any>;

export function up(engine: Engine) {
  const key = engine === 'postgres' ? sql`text collate "C"` : sql`text`;
  return async (db: AnyDb) => {
    await db.schema
      .createTable('person_fact_counts')
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('dimension', 'text', (c) => c.notNull())
      .addColumn('key', key, (c) => c.notNull())
      .addColumn('count', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('person_fact_counts_pk', ['level', 'dimension', 'key'])
      .execute();
  };
}
