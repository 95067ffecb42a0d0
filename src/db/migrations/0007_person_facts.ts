import { sql } from 'kysely';
import type { Engine } from '../database.js';
import type { AnyDb } from './record-tables-v1.js';

/**
 * Person facts: each person's current status and due-process answers, derived from their records
 * and kept up to date on write, so statistics, facets and the "needs attention" list read rows
 * instead of recomputing every dossier per request.
 *
 * One row per person and clearance level (`level`) at which the person is visible, computed from
 * the records visible at that level only: a fact that rests on a confidential custody event
 * never reaches a row an internal-clearance caller reads.
 *
 * `person_fact_values` holds the many-valued facts (nationalities, places and organizations that
 * ever held the person, allegation statuses) one per row, so they can be counted with GROUP BY.
 *
 * Days held without charge are stored as day numbers (days since 1970-01-01) of the first and
 * last day each bound of the span may be; an open span (still held) has no end, and is counted
 * to today when read.
 *
 * Both tables start empty: the runtime rebuilds them right after this migration.
 * Frozen: later changes go in new migrations.
 */
export function up(engine: Engine) {
  const key = engine === 'postgres' ? sql`text collate "C"` : sql`text`;
  return async (db: AnyDb) => {
    await db.schema
      .createTable('person_facts')
      .addColumn('person_id', key, (c) => c.notNull())
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('custodian_id', key)
      .addColumn('place_id', key)
      .addColumn('jurisdiction', 'text')
      .addColumn('status_event_id', key)
      .addColumn('as_of', 'text')
      // earliest instant of `as_of`, for "oldest first"; null when there is no dated event
      .addColumn('as_of_start', key)
      .addColumn('charged', 'text', (c) => c.notNull())
      .addColumn('hearing_before_removal', 'text', (c) => c.notNull())
      .addColumn('notice_of_allegations', 'text', (c) => c.notNull())
      .addColumn('access_to_counsel', 'text', (c) => c.notNull())
      .addColumn('consular_access', 'text', (c) => c.notNull())
      .addColumn('way_to_challenge_removal', 'text', (c) => c.notNull())
      .addColumn('held_from_first_day', 'integer')
      .addColumn('held_from_last_day', 'integer')
      .addColumn('held_until_first_day', 'integer')
      .addColumn('held_until_last_day', 'integer')
      .addColumn('computed_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('person_facts_pk', ['person_id', 'level'])
      .execute();
    for (const column of [
      'state',
      'custodian_id',
      'place_id',
      'as_of_start',
      'charged',
      'hearing_before_removal',
    ]) {
      await db.schema
        .createIndex(`person_facts_${column}_idx`)
        .on('person_facts')
        .columns(['level', column, 'person_id'])
        .execute();
    }
    // Days held without charge are read whole, for a histogram: from the index alone.
    await db.schema
      .createIndex('person_facts_held_idx')
      .on('person_facts')
      .columns([
        'level',
        'held_from_first_day',
        'held_from_last_day',
        'held_until_first_day',
        'held_until_last_day',
      ])
      .execute();
    await db.schema
      .createTable('person_fact_values')
      .addColumn('person_id', key, (c) => c.notNull())
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('value', key, (c) => c.notNull())
      .addPrimaryKeyConstraint('person_fact_values_pk', ['level', 'kind', 'value', 'person_id'])
      .execute();
    await db.schema
      .createIndex('person_fact_values_person_idx')
      .on('person_fact_values')
      // "has this person any value of this kind": answered from the index, person by person
      .columns(['person_id', 'level', 'kind', 'value'])
      .execute();
  };
}
