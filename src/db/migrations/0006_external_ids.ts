import { sql } from 'kysely';
import type { Engine } from '../database.js';
import type { AnyDb } from './record-tables-v1.js';

/** Every record table as of this migration; a later table adds its own `external_id`. */
const RECORD_TABLES = [
  'organizations',
  'places',
  'people',
  'custody_events',
  'sources',
  'citations',
  'allegations',
  'proceedings',
  'proceeding_events',
  'incidents',
  'testimonies',
  'statements',
  'claims',
];

/**
 * `external_id`: the id a record has in the list or data set it was imported from. Unique per
 * table over every row, tombstones included: an external id names one record for good, so a
 * re-import finds the record it made before (and can say it was deleted) instead of duplicating.
 *
 * Frozen: later changes go in new migrations.
 */
export function up(engine: Engine) {
  const key = engine === 'postgres' ? sql`text collate "C"` : sql`text`;
  return async (db: AnyDb) => {
    for (const table of RECORD_TABLES) {
      await db.schema.alterTable(table).addColumn('external_id', key).execute();
      await db.schema
        .createIndex(`${table}_external_id_unique`)
        .on(table)
        .column('external_id')
        .unique()
        .where(sql.ref('external_id'), 'is not', null)
        .execute();
    }
  };
}
