import { newId } from '../../lib/ids.js';
import { termSearchText } from '../../modules/vocabularies/schema.js';
import { type SeedTerm, seedTerms } from '../../modules/vocabularies/seed.js';
import type { Engine } from '../database.js';
import { type AnyDb, recordTablesV1 } from './record-tables-v1.js';

/**
 * Accounts of harm: the controlled vocabularies (seeded with the HURIDOCS micro-thesauri and the
 * domain's incident kinds), incidents, testimonies, public statements and the claims those
 * statements take sides on. Record tables have the shape 0001 set (base columns, the record as
 * JSON in `body`, projections for filters and sorts, binary-collated keys on PostgreSQL, indexes
 * over live rows only).
 *
 * Frozen: later changes go in new migrations.
 */

/** Who seeded a term, in its `created_by` and in any later revision's `before`. */
const SEED_ACTOR = 'system:seed';
const SEED_BATCH = 200;

export function up(engine: Engine) {
  const { key, recordTable, liveIndex } = recordTablesV1(engine);

  return async (db: AnyDb) => {
    // Terms are never deleted (only deprecated), so this table has no tombstones.
    await db.schema
      .createTable('vocabulary_terms')
      .addColumn('id', key, (c) => c.primaryKey())
      .addColumn('scheme', key, (c) => c.notNull())
      .addColumn('code', key, (c) => c.notNull())
      .addColumn('parent_code', key)
      .addColumn('level', 'integer', (c) => c.notNull())
      .addColumn('label_en', 'text', (c) => c.notNull())
      .addColumn('label_es', 'text', (c) => c.notNull())
      .addColumn('label_fr', 'text')
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('huridocs_code', 'text')
      .addColumn('deprecated', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('search_text', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_at', key, (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', key, (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addUniqueConstraint('vocabulary_terms_scheme_code_unique', ['scheme', 'code'])
      .execute();
    await insertSeed(db, seedTerms());

    await recordTable(db, 'incidents', (t) =>
      t
        .addColumn('kind', key, (c) => c.notNull())
        .addColumn('kinds', 'text', (c) => c.notNull())
        .addColumn('occurred_start', key, (c) => c.notNull())
        .addColumn('place_id', key, (c) => c.references('places.id'))
        .addColumn('victim_ids', 'text', (c) => c.notNull())
        .addColumn('perpetrator_ids', 'text', (c) => c.notNull()),
    );
    await liveIndex(db, 'incidents', ['occurred_start', 'id']);
    await liveIndex(db, 'incidents', ['kind', 'occurred_start', 'id']);
    await liveIndex(db, 'incidents', ['place_id']);

    await recordTable(db, 'testimonies', (t) =>
      t
        .addColumn('given_by_id', key, (c) => c.notNull().references('people.id'))
        .addColumn('taken_by_id', key, (c) => c.references('people.id'))
        .addColumn('taken_by_organization_id', key, (c) => c.references('organizations.id'))
        .addColumn('taken_start', key, (c) => c.notNull())
        .addColumn('consent_scope', 'text', (c) => c.notNull())
        .addColumn('medium', 'text'),
    );
    await liveIndex(db, 'testimonies', ['given_by_id', 'taken_start', 'id']);
    await liveIndex(db, 'testimonies', ['taken_start', 'id']);

    // A speaker is a person or an organization, so speaker_id can have no foreign key.
    await recordTable(db, 'statements', (t) =>
      t
        .addColumn('speaker_id', key, (c) => c.notNull())
        .addColumn('venue', 'text')
        .addColumn('made_start', key, (c) => c.notNull())
        .addColumn('source_id', key, (c) => c.references('sources.id'))
        .addColumn('about_ids', 'text', (c) => c.notNull()),
    );
    await liveIndex(db, 'statements', ['speaker_id', 'made_start', 'id']);
    await liveIndex(db, 'statements', ['made_start', 'id']);

    await recordTable(db, 'claims', (t) =>
      t
        .addColumn('sort_text', key, (c) => c.notNull())
        .addColumn('contested', 'integer', (c) => c.notNull())
        .addColumn('statement_ids', 'text', (c) => c.notNull())
        .addColumn('about_ids', 'text', (c) => c.notNull()),
    );
    await liveIndex(db, 'claims', ['sort_text', 'id']);
    await liveIndex(db, 'claims', ['contested', 'sort_text', 'id']);
  };
}

/** Inserts the seed, skipping any (scheme, code) already there, so it is safe to repeat. */
async function insertSeed(db: AnyDb, terms: SeedTerm[]) {
  const now = new Date().toISOString();
  const rows = terms.map((term) => ({
    id: newId(),
    scheme: term.scheme,
    code: term.code,
    parent_code: term.parentCode,
    level: term.level,
    label_en: term.labelEn,
    label_es: term.labelEs,
    label_fr: term.labelFr,
    origin: term.origin,
    huridocs_code: term.huridocsCode,
    deprecated: 0,
    search_text: termSearchText(term),
    version: 1,
    created_at: now,
    created_by: SEED_ACTOR,
    updated_at: now,
    updated_by: SEED_ACTOR,
  }));
  for (let i = 0; i < rows.length; i += SEED_BATCH) {
    await db
      .insertInto('vocabulary_terms')
      .values(rows.slice(i, i + SEED_BATCH))
      .onConflict((oc) => oc.columns(['scheme', 'code']).doNothing())
      .execute();
  }
}
