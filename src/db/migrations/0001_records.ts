import type { Engine } from '../database.js';
import { type AnyDb, recordTablesV1 } from './record-tables-v1.js';

/**
 * The first schema. Each record table keeps the validated record as JSON in `body` (the truth)
 * and projects into columns only what is filtered, sorted or joined on, so adding a field to a
 * record needs no migration but querying by one does. Sort keys use binary collation on
 * PostgreSQL so that both engines order, and paginate, identically.
 *
 * Frozen: later changes go in new migrations.
 */

export function up(engine: Engine) {
  const { key, recordTable, liveIndex } = recordTablesV1(engine);

  return async (db: AnyDb) => {
    await recordTable(db, 'organizations', (t) =>
      t
        .addColumn('sort_name', key, (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('country', 'text')
        .addColumn('parent_id', key, (c) => c.references('organizations.id')),
    );
    await liveIndex(db, 'organizations', ['sort_name', 'id']);

    await recordTable(db, 'places', (t) =>
      t
        .addColumn('sort_name', key, (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('country', 'text')
        .addColumn('operator_id', key, (c) => c.references('organizations.id')),
    );
    await liveIndex(db, 'places', ['sort_name', 'id']);

    await recordTable(db, 'people', (t) =>
      t
        .addColumn('sort_name', key, (c) => c.notNull())
        .addColumn('birth_start', key, (c) => c.notNull())
        .addColumn('nationalities', 'text', (c) => c.notNull())
        .addColumn('roles', 'text', (c) => c.notNull()),
    );
    await liveIndex(db, 'people', ['sort_name', 'id']);
    await liveIndex(db, 'people', ['birth_start', 'id']);

    await recordTable(db, 'custody_events', (t) =>
      t
        .addColumn('person_id', key, (c) => c.notNull().references('people.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('occurred_start', key, (c) => c.notNull())
        .addColumn('occurred_end', key, (c) => c.notNull())
        .addColumn('place_id', key, (c) => c.references('places.id'))
        .addColumn('from_place_id', key, (c) => c.references('places.id'))
        .addColumn('custodian_id', key, (c) => c.references('organizations.id'))
        .addColumn('jurisdiction', 'text'),
    );
    await liveIndex(db, 'custody_events', ['person_id', 'occurred_start', 'id']);
    await liveIndex(db, 'custody_events', ['occurred_start', 'id']);
    await liveIndex(db, 'custody_events', ['place_id']);
    await liveIndex(db, 'custody_events', ['custodian_id']);

    await recordTable(db, 'sources', (t) =>
      t
        .addColumn('sort_title', key, (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('published_start', key, (c) => c.notNull()),
    );
    await liveIndex(db, 'sources', ['sort_title', 'id']);
    await liveIndex(db, 'sources', ['published_start', 'id']);

    await recordTable(db, 'citations', (t) =>
      t
        .addColumn('record_type', 'text', (c) => c.notNull())
        .addColumn('record_id', key, (c) => c.notNull())
        .addColumn('field', 'text')
        .addColumn('source_id', key, (c) => c.notNull().references('sources.id')),
    );
    await liveIndex(db, 'citations', ['record_id', 'id']);
    await liveIndex(db, 'citations', ['source_id', 'id']);

    await db.schema
      .createTable('revisions')
      .addColumn('id', key, (c) => c.primaryKey())
      .addColumn('record_type', 'text', (c) => c.notNull())
      .addColumn('record_id', key, (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('at', key, (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('request_id', 'text')
      .addColumn('before', 'text')
      .addColumn('after', 'text')
      .addUniqueConstraint('revisions_record_version_unique', ['record_id', 'version'])
      .execute();

    await db.schema
      .createTable('attachments')
      .addColumn('sha256', key, (c) => c.primaryKey())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('media_type', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('settings')
      .addColumn('key', key, (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
  };
}
