import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.js';
import type { Db } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import { blocksOf, fileUnderKeys, KEPT_PER_BLOCK, type KeptBlocks, unfile } from './filing.js';
import { FilingCache } from './filing-cache.js';
import type { MatchablePerson } from './score.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.cleanup());

const profile: MatchablePerson = { givenNames: 'Test', familyNames: 'Block' };
const file = (
  db: Db,
  ids: readonly string[],
  keys: readonly string[],
  fresh = true,
  kept?: KeptBlocks,
) =>
  fileUnderKeys(
    db,
    ids.map((personId) => ({ personId, keys, profile })),
    fresh ? new Set(ids) : new Set(),
    kept,
  );

/** A key's newest members, read from the full list: what its kept block must hold. */
async function newestMembers(key: string): Promise<number[]> {
  const { rows } = await sql<{ person_number: number }>`
    select person_number from match_block_members where match_key = ${key}
    order by person_number desc limit ${KEPT_PER_BLOCK}`.execute(t.database.db);
  return rows.map((row) => Number(row.person_number));
}

async function keptBlockOf(key: string, kept?: KeptBlocks): Promise<number[]> {
  const blocks = await blocksOf(t.database.db, t.database.engine, [key], KEPT_PER_BLOCK - 1, kept);
  return [...(blocks.get(key) ?? [])];
}

/** A block as a process keeping blocks across writes answers for it (SQLite; PostgreSQL reads). */
const keptInProcess = () => new FilingCache();

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

describe('the newest members kept a block', () => {
  it.each([
    ['read from the database', undefined],
    ['kept by the process across writes', keptInProcess],
  ])(
    'stay those of the full list through filings past the limit, re-filings and removals: %s',
    async (way, keeping) => {
      const kept = keeping?.();
      const key = `n:kept|block|${way}`;
      const keptBlock = (key: string) => keptBlockOf(key, kept);
      // Past the limit in batches: the newest are kept, returned by the filing as stored.
      for (const batch of [ids(`${way}-a`, 150), ids(`${way}-b`, 120), ids(`${way}-c`, 3)]) {
        const { blocks } = await inTransaction(t.database.db, (db) =>
          file(db, batch, [key], true, kept),
        );
        expect([...(blocks.get(key) ?? [])]).toEqual(await keptBlock(key));
        expect(await keptBlock(key)).toEqual(await newestMembers(key));
      }
      expect(await keptBlock(key)).toHaveLength(KEPT_PER_BLOCK);

      // Someone in the middle of the block leaves it and comes back: their number is older than
      // the block's newest, so they go back in its middle, and the oldest kept drops out again.
      const [middle] = await inTransaction(t.database.db, (db) =>
        file(db, [`${way}-b-50`], ['n:other|key'], false, kept),
      ).then(({ numbers }) => [numbers.get(`${way}-b-50`) as number]);
      expect(await keptBlock(key)).not.toContain(middle);
      expect(await keptBlock(key)).toEqual(await newestMembers(key));
      await inTransaction(t.database.db, (db) =>
        file(db, [`${way}-b-50`], ['n:other|key', key], false, kept),
      );
      expect(await keptBlock(key)).toContain(middle);
      expect(await keptBlock(key)).toEqual(await newestMembers(key));

      // The newest leave: the block is kept from the full list again, older members moving up.
      const newestBefore = (await keptBlock(key)).slice(0, 3);
      for (const id of ids(`${way}-c`, 3)) {
        await inTransaction(t.database.db, (db) => unfile(db, id, kept));
      }
      const after = await keptBlock(key);
      expect(after).toEqual(await newestMembers(key));
      expect(after).toHaveLength(KEPT_PER_BLOCK);
      for (const gone of newestBefore) expect(after).not.toContain(gone);

      // A key whose last member leaves has no block left.
      await inTransaction(t.database.db, (db) =>
        file(db, [`${way}-solo`], [`n:only|one|${way}`], true, kept),
      );
      await inTransaction(t.database.db, (db) => unfile(db, `${way}-solo`, kept));
      expect(await keptBlock(`n:only|one|${way}`)).toEqual([]);
    },
  );

  it('reads at most the members asked for, newest first', async () => {
    await inTransaction(t.database.db, (db) => file(db, ids('short', 8), ['n:short|read']));
    const blocks = await blocksOf(t.database.db, t.database.engine, ['n:short|read'], 2);
    expect([...(blocks.get('n:short|read') ?? [])]).toEqual(
      (await newestMembers('n:short|read')).slice(0, 3),
    );
    await expect(
      blocksOf(t.database.db, t.database.engine, ['n:short|read'], KEPT_PER_BLOCK),
    ).rejects.toThrow(/keep 201 members/);
  });

  it('keep every member of writes filing under one key at once', async () => {
    const key = 'n:concurrent|writes';
    const writes = Array.from({ length: 6 }, (_, w) =>
      inTransaction(t.database.db, (db) => file(db, ids(`w${w}`, 5), [key])),
    );
    await Promise.all(writes);
    const kept = await keptBlockOf(key);
    expect(kept).toHaveLength(30);
    expect(kept).toEqual(await newestMembers(key));
  });

  it('are forgotten by a process when the write that last filed did not commit', async () => {
    const key = 'n:rolled|back';
    const kept = keptInProcess();
    // As the filings' version reads when no other connection writes: what kept holds still.
    const NO_OTHER_WRITER = { before: 0, after: 0 };
    const write = (batch: readonly string[]) =>
      inTransaction(t.database.db, async (db) => {
        await kept.enter(db, NO_OTHER_WRITER);
        return file(db, batch, [key], true, kept);
      });
    await write(ids('kept', 4));
    await expect(
      inTransaction(t.database.db, async (db) => {
        await kept.enter(db, NO_OTHER_WRITER);
        await file(db, ids('undone', 3), [key], true, kept);
        throw new Error('the write fails after filing');
      }),
    ).rejects.toThrow(/fails after filing/);
    // The next write finds the undone members gone from the block it kept, not only from the table.
    const { blocks } = await write(ids('next', 2));
    expect([...(blocks.get(key) ?? [])]).toEqual(await newestMembers(key));
    expect(await newestMembers(key)).toHaveLength(6);
  });
});
