import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { meetingPoint } from '../../test/helpers/concurrency.js';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { Conflict } from '../lib/errors.js';
import type { Db } from './database.js';
import { inTransaction, writeBehind } from './transaction.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  for (const table of ['behind_probe', 'circle_probe']) {
    await sql`create table ${sql.table(table)} (id text primary key, n integer not null)`.execute(
      t.database.db,
    );
  }
});
afterAll(() => t.cleanup());

describe('statements sent without waiting (writeBehind)', () => {
  beforeEach(async () => {
    await sql`delete from behind_probe`.execute(t.database.db);
  });

  const insert = (db: Db, id: string, n = 1) =>
    writeBehind(db, () => db.insertInto('behind_probe').values({ id, n }).execute());
  const stored = async (db: Db = t.database.db) => {
    const rows = await db.selectFrom('behind_probe').select(['id', 'n']).orderBy('id').execute();
    return rows.map(({ id, n }) => `${id}=${n}`);
  };

  it('runs them in the order sent, seen by the transaction’s reads and committed with it', async () => {
    const seen = await inTransaction(t.database.db, async (db) => {
      for (let i = 0; i < 20; i++) await insert(db, `p${String(i).padStart(2, '0')}`);
      await writeBehind(db, () =>
        db.updateTable('behind_probe').set({ n: 2 }).where('id', '=', 'p07').execute(),
      );
      return stored(db);
    });
    expect(seen).toHaveLength(20);
    expect(seen[7]).toBe('p07=2');
    expect(await stored()).toEqual(seen);
  });

  it('commits only once every statement sent has run', async () => {
    await inTransaction(t.database.db, async (db) => {
      for (let i = 0; i < 50; i++) await insert(db, `q${String(i).padStart(2, '0')}`, i);
    });
    const rows = await stored();
    expect(rows).toHaveLength(50);
    expect(rows.at(-1)).toBe('q49=49');
  });

  it('fails the transaction with the failed statement’s own error, storing nothing of it', async () => {
    await insert(t.database.db, 'kept');
    const attempt = inTransaction(t.database.db, async (db) => {
      await insert(db, 'new');
      await insert(db, 'kept');
      // On PostgreSQL this read fails too, only because the transaction already had.
      await stored(db);
      await insert(db, 'after');
    });
    await expect(attempt).rejects.toThrow(/unique|duplicate/i);
    expect(await stored()).toEqual(['kept=1']);
  });

  it('fails the transaction even when the work went on past the failure', async () => {
    const attempt = inTransaction(t.database.db, async (db) => {
      await insert(db, 'twice');
      await insert(db, 'twice').catch(() => {});
      await stored(db).catch(() => []);
      return 'done';
    });
    if (t.database.engine === 'postgres') {
      await expect(attempt).rejects.toThrow(/unique|duplicate/i);
      expect(await stored()).toEqual([]);
    } else {
      // SQLite waits for each statement, so the work saw the failure and chose to go on.
      await expect(attempt).resolves.toBe('done');
      expect(await stored()).toEqual(['twice=1']);
    }
  });

  it('waits, and fails in place, outside a transaction', async () => {
    await insert(t.database.db, 'solo');
    await expect(insert(t.database.db, 'solo')).rejects.toThrow(/unique|duplicate/i);
    expect(await stored()).toEqual(['solo=1']);
  });
});

describe('a transaction the database stops so that another can finish', () => {
  beforeAll(async () => {
    await t.database.db
      .insertInto('circle_probe')
      .values([
        { id: 'a', n: 0 },
        { id: 'b', n: 0 },
      ])
      .execute();
  });

  it('fails as a conflict to try again, keeping nothing, while the other commits', async () => {
    // Each adds to one row, then to the other: on PostgreSQL each holds the row the other
    // waits for, and the database stops one of them.
    const meet = meetingPoint(1500);
    const add = (db: Db, id: string) =>
      db
        .updateTable('circle_probe')
        .set((eb) => ({ n: eb('n', '+', 1) }))
        .where('id', '=', id)
        .execute();
    const inTurn = (first: string, second: string) =>
      inTransaction(t.database.db, async (db) => {
        await add(db, first);
        await meet();
        await add(db, second);
      });
    const outcomes = await Promise.allSettled([inTurn('a', 'b'), inTurn('b', 'a')]);
    const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    const rows = await t.database.db.selectFrom('circle_probe').select(['id', 'n']).execute();
    if (t.database.engine === 'sqlite') {
      // One connection: the second waits for the first, and both commit.
      expect(failures).toEqual([]);
      expect(rows.map(({ n }) => Number(n))).toEqual([2, 2]);
      return;
    }
    expect(failures).toHaveLength(1);
    expect(failures[0]).toBeInstanceOf(Conflict);
    expect(failures[0]).toMatchObject({
      code: 'conflict',
      details: { reason: 'deadlock', retry: true },
      message: expect.stringMatching(/nothing of it was kept, try it again/),
    });
    expect(rows.map(({ n }) => Number(n))).toEqual([1, 1]);
  });
});
