import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../src/db/migrate.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

const LATEST = '0015_candidate_person_indexes';

/**
 * A start reads the migrations table once and skips the migrator when every migration is
 * recorded; anything else must still reach the migrator: a pending migration is applied, and a
 * migration this code does not know (a database from a newer release) is refused.
 */
describe('migrating at start', () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase();
  });
  afterEach(() => t.cleanup());

  it('applies nothing to a database that is up to date', async () => {
    expect(await migrateToLatest(t.database)).toEqual({ applied: [] });
  });

  it('applies a migration the database has not recorded', async () => {
    const { db } = t.database;
    await db.schema.dropIndex('match_candidates_person_a_status_idx').execute();
    await db.schema.dropIndex('match_candidates_person_b_status_idx').execute();
    await db.schema
      .createIndex('match_candidates_person_b_idx')
      .on('match_candidates')
      .column('person_b')
      .execute();
    await db.deleteFrom('kysely_migration').where('name', '=', LATEST).execute();

    expect(await migrateToLatest(t.database)).toEqual({ applied: [LATEST] });
    const recorded = await db.selectFrom('kysely_migration').select('name').execute();
    expect(recorded.map((r) => r.name)).toContain(LATEST);
    // applying it again would fail on the index it creates: it ran exactly once
    expect(await migrateToLatest(t.database)).toEqual({ applied: [] });
  });

  it('refuses a database that recorded a migration this release does not know', async () => {
    await t.database.db
      .insertInto('kysely_migration')
      .values({ name: '9999_from_a_newer_release', timestamp: new Date().toISOString() })
      .execute();
    await expect(migrateToLatest(t.database)).rejects.toThrow(/9999_from_a_newer_release/);
  });
});
