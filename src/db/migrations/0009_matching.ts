import { type Kysely, sql } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Person matching: the blocking keys each person is filed under (so candidates are found by
 * index, not by comparing everyone), the review queue of scored candidate pairs, and the log
 * of merges with every change each made, so that a merge can be undone exactly.
 *
 * Frozen: later changes go in new migrations.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before any typed schema exists
type AnyDb = Kysely<any>;

export function up(engine: Engine) {
  const key = engine === 'postgres' ? sql`text collate "C"` : sql`text`;
  return async (db: AnyDb) => {
    await db.schema
      .createTable('person_match_keys')
      .addColumn('person_id', key, (c) => c.notNull())
      .addColumn('match_key', key, (c) => c.notNull())
      .addPrimaryKeyConstraint('person_match_keys_pk', ['person_id', 'match_key'])
      .execute();
    await db.schema
      .createIndex('person_match_keys_key_idx')
      .on('person_match_keys')
      .columns(['match_key', 'person_id'])
      .execute();

    await db.schema
      .createTable('match_candidates')
      .addColumn('id', key, (c) => c.primaryKey())
      // the pair in id order, so each pair has one row whichever person was written last
      .addColumn('person_a', key, (c) => c.notNull())
      .addColumn('person_b', key, (c) => c.notNull())
      .addColumn('score', 'real', (c) => c.notNull())
      .addColumn('reasons', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('decided_by', key)
      .addColumn('decided_at', 'text')
      .addColumn('decision_reason', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('match_candidates_pair_unique', ['person_a', 'person_b'])
      .execute();
    await db.schema
      .createIndex('match_candidates_status_score_idx')
      .on('match_candidates')
      .columns(['status', 'score', 'id'])
      .execute();
    await db.schema
      .createIndex('match_candidates_person_b_idx')
      .on('match_candidates')
      .column('person_b')
      .execute();

    await db.schema
      .createTable('person_merges')
      .addColumn('id', key, (c) => c.primaryKey())
      .addColumn('keep_id', key, (c) => c.notNull())
      .addColumn('merge_id', key, (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('changes', 'text', (c) => c.notNull())
      .addColumn('created_by', key, (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('undone_by', key)
      .addColumn('undone_at', 'text')
      .execute();
    await db.schema
      .createIndex('person_merges_merge_id_idx')
      .on('person_merges')
      .column('merge_id')
      .execute();
  };
}
