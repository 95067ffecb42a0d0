import type { Engine } from '../database.js';
import { type AnyDb, recordTablesV1 } from './record-tables-v1.js';

/**
 * Grounds and process: allegations, proceedings and their docket entries, as record tables in
 * the shape 0001 set (base columns, the record as JSON in `body`, projections for filters and
 * sorts, binary-collated keys on PostgreSQL, indexes over live rows only).
 *
 * Frozen: later changes go in new migrations.
 */

export function up(engine: Engine) {
  const { key, recordTable, liveIndex } = recordTablesV1(engine);

  return async (db: AnyDb) => {
    await recordTable(db, 'allegations', (t) =>
      t
        .addColumn('person_id', key, (c) => c.notNull().references('people.id'))
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('made_start', key, (c) => c.notNull()),
    );
    await liveIndex(db, 'allegations', ['person_id', 'made_start', 'id']);
    await liveIndex(db, 'allegations', ['made_start', 'id']);

    await recordTable(db, 'proceedings', (t) =>
      t
        .addColumn('sort_title', key, (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('forum_id', key, (c) => c.references('organizations.id'))
        .addColumn('party_ids', 'text', (c) => c.notNull())
        .addColumn('filed_start', key, (c) => c.notNull()),
    );
    await liveIndex(db, 'proceedings', ['sort_title', 'id']);
    await liveIndex(db, 'proceedings', ['filed_start', 'id']);
    await liveIndex(db, 'proceedings', ['forum_id']);

    await recordTable(db, 'proceeding_events', (t) =>
      t
        .addColumn('proceeding_id', key, (c) => c.notNull().references('proceedings.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('occurred_start', key, (c) => c.notNull())
        // sort key: '' when nothing is due; the filters read the nullable bounds below
        .addColumn('due_start', key, (c) => c.notNull())
        .addColumn('due_earliest', key)
        .addColumn('due_latest', key),
    );
    await liveIndex(db, 'proceeding_events', ['proceeding_id', 'occurred_start', 'id']);
    await liveIndex(db, 'proceeding_events', ['occurred_start', 'id']);
    await liveIndex(db, 'proceeding_events', ['due_start', 'id']);
    await liveIndex(db, 'proceeding_events', ['due_latest']);
  };
}
