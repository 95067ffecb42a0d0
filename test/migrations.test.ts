import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../src/db/migrate.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

const LATEST = '0016_search_entry_numbers';

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
    const { db, engine } = t.database;
    // Undo the latest migration: on SQLite it changes nothing (the FTS rowid numbers entries).
    if (engine === 'postgres') await sql`alter table search_index drop column id`.execute(db);
    await db.deleteFrom('kysely_migration').where('name', '=', LATEST).execute();

    expect(await migrateToLatest(t.database)).toEqual({ applied: [LATEST] });
    const recorded = await db.selectFrom('kysely_migration').select('name').execute();
    expect(recorded.map((r) => r.name)).toContain(LATEST);
    if (engine === 'postgres') {
      // the column is back, numbered: what search pages by
      const { rows } = await sql<{ column_name: string }>`select column_name
        from information_schema.columns where table_name = 'search_index' and column_name = 'id'`.execute(
        db,
      );
      expect(rows).toHaveLength(1);
    }
    // applying it again would fail on the column it adds: it ran exactly once
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
