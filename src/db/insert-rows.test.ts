import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { insertRows } from './insert-rows.js';
import { inTransaction } from './transaction.js';

interface ProbeRow {
  id: string;
  n: number | null;
  x: number | null;
  note: string | null;
  tag?: string;
}

/** Text that JSON and SQL both escape: quotes, backslashes, control characters, astral planes. */
const awkward = (i: number) => `O'Brien "${i}" \\ línea\nnueva\ttab 🇻🇪 ${'ñ'.repeat(i % 5)}`;

describe('inserting rows bound as one JSON parameter', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await sql`create table insert_probe (
      id text primary key, n bigint, x real, note text, tag text not null default 'kept')`.execute(
      t.database.db,
    );
  });
  afterAll(() => t.cleanup());

  const stored = async () => {
    const { rows } = await sql<ProbeRow & { tag: string }>`
      select id, n, x, note, tag from insert_probe order by id`.execute(t.database.db);
    return rows.map((row) => ({ ...row, n: row.n === null ? null : Number(row.n) }));
  };

  it('stores every value as given, across several statements', async () => {
    const rows: ProbeRow[] = Array.from({ length: 4500 }, (_, i) => ({
      id: `r${String(i).padStart(5, '0')}`,
      n: i % 7 === 0 ? null : i * 2 ** 30,
      x: i % 3 === 0 ? null : i + 0.5,
      note: i % 11 === 0 ? null : awkward(i),
    }));
    await inTransaction(t.database.db, (db) => insertRows(db, 'insert_probe', rows));
    const back = await stored();
    expect(back).toHaveLength(4500);
    expect(back).toEqual(rows.map((row) => ({ ...row, tag: 'kept' })));
  });

  it('writes the columns named, and nothing when there are no rows', async () => {
    await insertRows(t.database.db, 'insert_probe', []);
    await insertRows(
      t.database.db,
      'insert_probe',
      [{ id: 's1', n: 1, x: 1, note: 'left out', tag: 'given' }],
      ['id', 'n', 'tag'],
    );
    const row = (await stored()).find((r) => r.id === 's1');
    expect(row).toEqual({ id: 's1', n: 1, x: null, note: null, tag: 'given' });
    expect(await stored()).toHaveLength(4501);
  });

  it('leaves nothing half-written when a later statement of the write fails', async () => {
    const rows: ProbeRow[] = Array.from({ length: 3000 }, (_, i) => ({
      id: i === 2999 ? 'r00000' : `t${i}`, // the last row, in the second statement, clashes
      n: i,
      x: null,
      note: null,
    }));
    await expect(
      inTransaction(t.database.db, (db) => insertRows(db, 'insert_probe', rows)),
    ).rejects.toThrow(/unique|duplicate/i);
    expect(await stored()).toHaveLength(4501);
  });
});
