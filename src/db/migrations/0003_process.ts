import { type CreateTableBuilder, type Kysely, sql } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Grounds and process: allegations, proceedings and their docket entries, as record tables in
 * the shape 0001 set (base columns, the record as JSON in `body`, projections for filters and
 * sorts, binary-collated keys on PostgreSQL, indexes over live rows only).
 *
 * The table and index helpers are repeated here rather than shared on purpose: a migration is a
 * frozen snapshot, and a helper edited later must not change what an old migration creates.
 *
 * Frozen: later changes go in new migrations.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before any typed schema exists
type AnyDb = Kysely<any>;
// biome-ignore lint/suspicious/noExplicitAny: see above
type Table = CreateTableBuilder<string, any>;

export function up(engine: Engine) {
  const key = engine === 'postgres' ? sql`text collate "C"` : sql`text`;

  const recordTable = (db: AnyDb, name: string, extra: (t: Table) => Table) =>
    extra(
      db.schema
        .createTable(name)
        .addColumn('id', key, (c) => c.primaryKey())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('sensitivity', 'text', (c) => c.notNull())
        .addColumn('created_at', key, (c) => c.notNull())
        .addColumn('updated_at', key, (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('deleted_at', 'text')
        .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('body', 'text', (c) => c.notNull()),
    ).execute();

  const liveIndex = (db: AnyDb, table: string, columns: string[]) =>
    db.schema
      .createIndex(`${table}_${columns.join('_')}_idx`)
      .on(table)
      .columns(columns)
      .where(sql.ref('deleted_at'), 'is', null)
      .execute();

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
