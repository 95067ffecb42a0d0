import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../src/db/migrate.js';
import { upsertEntries } from '../src/db/search/shared.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

const LATEST = '0018_search_postings';

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
    // Undo the latest migration (on SQLite it changes nothing), with an entry indexed before it.
    if (engine === 'postgres') {
      for (const undo of [
        'drop trigger search_postings_ai on search_index',
        'drop trigger search_postings_ad on search_index',
        'drop trigger search_postings_au on search_index',
        'drop function search_postings_added, search_postings_removed, search_postings_changed',
        'drop table search_postings',
        'drop function search_words',
        'drop index search_index_id_idx',
      ]) {
        await sql.raw(undo).execute(db);
      }
    }
    await upsertEntries(db, [
      { type: 'person', id: 'p1', sensitivity: 'internal', title: 'x', text: 'Jose Jose Peña' },
    ]);
    await db.deleteFrom('kysely_migration').where('name', '=', LATEST).execute();

    expect(await migrateToLatest(t.database)).toEqual({ applied: [LATEST] });
    const recorded = await db.selectFrom('kysely_migration').select('name').execute();
    expect(recorded.map((r) => r.name)).toContain(LATEST);
    if (engine === 'postgres') {
      // the entry indexed before the migration has its words' postings, each once
      const { rows } = await sql<{ word: string; record_type: string }>`select word, record_type
        from search_postings order by word`.execute(db);
      expect(rows).toEqual([
        { word: 'jose', record_type: 'person' },
        { word: 'pena', record_type: 'person' },
      ]);
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
