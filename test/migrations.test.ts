import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../src/db/migrate.js';
import { upsertEntries } from '../src/db/search/shared.js';
import { blocksOf, KEPT_PER_BLOCK } from '../src/modules/matching/filing.js';
import { PER_KEY } from '../src/modules/matching/neighbours.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

const LATEST = [
  '0018_search_postings',
  '0019_numbered_match_keys',
  '0020_match_blocks',
  '0021_match_filing_version',
  '0022_sqlite_blocks_in_memory',
];

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

  it('applies the migrations the database has not recorded', async () => {
    const { db, engine } = t.database;
    const tableNames = async () => (await db.introspection.getTables()).map((table) => table.name);
    // Undo the latest five migrations (0018 and 0021 change nothing on SQLite, 0022 nothing on
    // PostgreSQL), with an entry indexed before them.
    if (engine === 'postgres') {
      for (const undo of [
        'drop trigger search_postings_ai on search_index',
        'drop trigger search_postings_ad on search_index',
        'drop trigger search_postings_au on search_index',
        'drop function search_postings_added, search_postings_removed, search_postings_changed',
        'drop table search_postings',
        'drop function search_words',
        'drop index search_index_id_idx',
        'drop sequence match_filing_version',
      ]) {
        await sql.raw(undo).execute(db);
      }
    }
    await upsertEntries(db, [
      { type: 'person', id: 'p1', sensitivity: 'internal', title: 'x', text: 'Jose Jose Peña' },
    ]);
    // People filed under keys by id, as before 0019 (and 0020's kept blocks).
    await db.schema.dropTable('match_blocks').ifExists().execute();
    await db.schema.dropTable('match_block_members').execute();
    await db.schema.dropTable('match_people').execute();
    await db.schema
      .createTable('person_match_keys')
      .addColumn('person_id', 'text', (c) => c.notNull())
      .addColumn('match_key', 'text', (c) => c.notNull())
      .execute();
    await db
      .insertInto('person_match_keys')
      .values([
        { person_id: 'p2', match_key: 'n:JS|PN' },
        { person_id: 'p1', match_key: 'n:JS|PN' },
        { person_id: 'p1', match_key: 'n:J.|PN' },
      ])
      .execute();
    // a block longer than the newest members kept of it
    const crowd = Array.from({ length: KEPT_PER_BLOCK + 2 }, (_, i) => ({
      person_id: `q${String(i).padStart(3, '0')}`,
      match_key: 'n:KRT|MNY',
    }));
    await db.insertInto('person_match_keys').values(crowd).execute();
    await db.deleteFrom('kysely_migration').where('name', 'in', LATEST).execute();

    expect(await migrateToLatest(t.database)).toEqual({ applied: LATEST });
    const recorded = await db.selectFrom('kysely_migration').select('name').execute();
    expect(recorded.map((r) => r.name)).toEqual(expect.arrayContaining(LATEST));
    // each person numbered in id order, with their keys, and a block member under each key
    const filed = await db.selectFrom('match_people').selectAll().orderBy('number').execute();
    expect(
      filed
        .filter((p) => !p.person_id.startsWith('q'))
        .map((p) => [p.person_id, JSON.parse(p.match_keys).sort()]),
    ).toEqual([
      ['p1', ['n:J.|PN', 'n:JS|PN']],
      ['p2', ['n:JS|PN']],
    ]);
    const number = (id: string) => Number(filed.find((p) => p.person_id === id)?.number);
    const members = await db
      .selectFrom('match_block_members')
      .selectAll()
      .orderBy('match_key')
      .orderBy('person_number')
      .execute();
    expect(
      members
        .filter((m) => m.match_key !== 'n:KRT|MNY')
        .map((m) => [m.match_key, Number(m.person_number)]),
    ).toEqual([
      ['n:J.|PN', number('p1')],
      ['n:JS|PN', number('p1')],
      ['n:JS|PN', number('p2')],
    ]);
    // each key's newest members kept in its block, newest first
    const blocks = await blocksOf(db, engine, ['n:J.|PN', 'n:JS|PN', 'n:KRT|MNY'], PER_KEY);
    expect([...(blocks.get('n:J.|PN') ?? [])]).toEqual([number('p1')]);
    expect([...(blocks.get('n:JS|PN') ?? [])]).toEqual([number('p2'), number('p1')]);
    expect([...(blocks.get('n:KRT|MNY') ?? [])]).toEqual(
      crowd
        .map(({ person_id }) => number(person_id))
        .reverse()
        .slice(0, KEPT_PER_BLOCK),
    );
    expect(await tableNames()).not.toContain('person_match_keys');
    // SQLite keeps blocks in the process that files people, not in a table (0022)
    if (engine === 'sqlite') expect(await tableNames()).not.toContain('match_blocks');
    else expect(await tableNames()).toContain('match_blocks');
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
