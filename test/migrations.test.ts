import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../src/db/migrate.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

const LATEST = '0017_drop_search_entry_index';

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
    // Undo the latest migration: on SQLite it changes nothing.
    if (engine === 'postgres') {
      await sql`create unique index search_index_id_idx on search_index (id)`.execute(db);
    }
    await db.deleteFrom('kysely_migration').where('name', '=', LATEST).execute();

    expect(await migrateToLatest(t.database)).toEqual({ applied: [LATEST] });
    const recorded = await db.selectFrom('kysely_migration').select('name').execute();
    expect(recorded.map((r) => r.name)).toContain(LATEST);
    if (engine === 'postgres') {
      // the index nothing reads is gone; the entry numbers that order results stay
      const { rows: indexes } = await sql<{ indexname: string }>`select indexname from pg_indexes
        where tablename = 'search_index' and indexname = 'search_index_id_idx'`.execute(db);
      expect(indexes).toHaveLength(0);
      const { rows: columns } = await sql<{ column_name: string }>`select column_name
        from information_schema.columns where table_name = 'search_index' and column_name = 'id'`.execute(
        db,
      );
      expect(columns).toHaveLength(1);
    }
    // recorded once: a second start applies nothing
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
