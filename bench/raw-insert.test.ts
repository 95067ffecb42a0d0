import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../test/helpers/app.js';
import { createTestDatabase, TEST_ENGINE, type TestDatabase } from '../test/helpers/database.js';
import { generate, type PhaseTiming } from './generate.js';
import { rawInsertBaseline, sqliteChunks } from './raw-insert.js';

/** More rows than one read chunk, so that the copy is read and written in several. */
const ROWS = 12_345;

describe('the import baseline: raw inserts of the rows an import wrote', () => {
  let t: TestDatabase;
  let target: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    target = t.url ?? path.join(t.dataDir, 'habeas.sqlite');
    // Two tables: one with a rowid, one without (SQLite), read in chunks by rowid and by key.
    const people =
      TEST_ENGINE === 'postgres'
        ? sql`insert into match_people (person_id, match_keys)
            select 'p' || lpad(n::text, 6, '0'), '[]' from generate_series(1, ${ROWS}) n`
        : sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${ROWS})
            insert into match_people (person_id, match_keys)
            select 'p' || printf('%06d', i), '[]' from n`;
    await people.execute(t.database.db);
    await sql`insert into match_block_members (match_key, person_number)
      select 'k' || (number % 97), number from match_people`.execute(t.database.db);
  });
  afterAll(() => t.cleanup());

  const tables = async () =>
    (await t.database.db.introspection.getTables()).map((table) => table.name);

  it('writes as many of the rows as asked, in chunks, into a copy it drops after', async () => {
    // 24 rows a transaction; then each table in one; then transactions of 4,000 rows, which
    // span read chunks of 5,000.
    const some = await rawInsertBaseline(TEST_ENGINE, target, 500, {
      match_people: 12_000,
      match_block_members: 11_000,
    });
    expect(some.rows).toBe(23_000);
    expect(some.byTable.match_people?.rows).toBe(12_000);
    expect(some.byTable.match_block_members?.rows).toBe(11_000);
    expect(some.rowsPerSecond).toBeGreaterThan(0);
    const all = await rawInsertBaseline(TEST_ENGINE, target, 3, {
      match_people: 50_000,
      match_block_members: 50_000,
    });
    expect(all.rows).toBe(2 * ROWS);
    const last = await rawInsertBaseline(TEST_ENGINE, target, 3, { match_people: 12_000 });
    expect(last.byTable.match_people?.rows).toBe(12_000);
    for (const table of ['match_people', 'match_block_members']) {
      expect(await tables()).not.toContain(`bench_raw_${table}`);
      expect(await tables()).toContain(table);
    }
  });
});

describe('the rows the SQLite baseline copies', () => {
  it('are the last ones added, oldest first, whatever the chunks', () => {
    const db = new SqliteDatabase(':memory:');
    db.exec('create table t (n integer)');
    const insert = db.prepare('insert into t (n) values (?)');
    for (let n = 1; n <= 10; n++) insert.run(n);
    const chunks = sqliteChunks(db, 't', 4);
    const read = () => chunks.read(3).map((row) => row.n);
    expect([read(), read(), read()]).toEqual([[7, 8, 9], [10], []]);
    db.close();
  });

  it('are block members by person, as they were filed, not by key', () => {
    const db = new SqliteDatabase(':memory:');
    db.exec(`create table match_block_members (match_key text not null,
      person_number integer not null, primary key (match_key, person_number)) without rowid`);
    const insert = db.prepare('insert into match_block_members values (?, ?)');
    for (const [key, number] of [
      ['b', 1],
      ['a', 1],
      ['c', 2],
      ['a', 2],
      ['b', 3],
    ] as const) {
      insert.run(key, number);
    }
    const chunks = sqliteChunks(db, 'match_block_members', 5);
    const rows = [...chunks.read(2), ...chunks.read(10)];
    chunks.close();
    expect(rows.map((row) => `${row.person_number}${row.match_key}`)).toEqual([
      '1a',
      '1b',
      '2a',
      '2c',
      '3b',
    ]);
    // The index made for the read is gone.
    expect(db.prepare("select name from sqlite_master where type = 'index'").all()).toEqual([]);
    db.close();
  });
});

describe('when the import baseline is timed', () => {
  it('is given the people phase before any later phase rewrites its rows', async () => {
    const t = await createTestApp();
    try {
      const custodyEvents = async () =>
        Number(
          (
            await sql<{ n: number }>`select count(*) as n from custody_events`.execute(
              t.database.db,
            )
          ).rows[0]?.n,
        );
      const seen: { phase: PhaseTiming; batch: number; custodyEvents: number }[] = [];
      await generate(t.services, {
        people: 40,
        countPeopleRows: true,
        afterPeople: async (phase, batch) => {
          seen.push({ phase, batch, custodyEvents: await custodyEvents() });
        },
      });
      expect(seen).toHaveLength(1);
      const [{ phase, batch, custodyEvents: before } = {} as never] = seen;
      expect(phase.type).toBe('person');
      expect(phase.rowsWritten?.people).toBe(40);
      expect(batch).toBe(500);
      // Custody events (which rewrite every person's facts) come after it, not before.
      expect(before).toBe(0);
      expect(await custodyEvents()).toBeGreaterThan(0);
    } finally {
      await t.cleanup();
    }
  });
});
