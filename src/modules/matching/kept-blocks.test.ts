import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.js';
import type { Db } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import { blocksOf, fileUnderKeys, KEPT_PER_BLOCK, unfile } from './filing.js';
import type { MatchablePerson } from './score.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.cleanup());

const profile: MatchablePerson = { givenNames: 'Test', familyNames: 'Block' };
const file = (db: Db, ids: readonly string[], keys: readonly string[], fresh = true) =>
  fileUnderKeys(
    db,
    ids.map((personId) => ({ personId, keys, profile })),
    fresh ? new Set(ids) : new Set(),
  );

/** A key's newest members, read from the full list: what its kept block must hold. */
async function newestMembers(key: string): Promise<number[]> {
  const { rows } = await sql<{ person_number: number }>`
    select person_number from match_block_members where match_key = ${key}
    order by person_number desc limit ${KEPT_PER_BLOCK}`.execute(t.database.db);
  return rows.map((row) => Number(row.person_number));
}

async function keptBlock(key: string): Promise<number[]> {
  const blocks = await blocksOf(t.database.db, t.database.engine, [key], KEPT_PER_BLOCK - 1);
  return [...(blocks.get(key) ?? [])];
}

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

describe('the newest members kept a block', () => {
  it('stay those of the full list through filings past the limit, re-filings and removals', async () => {
    const key = 'n:kept|block';
    // Past the limit in batches: the newest are kept, returned by the filing as stored.
    for (const batch of [ids('a', 150), ids('b', 120), ids('c', 3)]) {
      const { blocks } = await inTransaction(t.database.db, (db) => file(db, batch, [key]));
      expect([...(blocks.get(key) ?? [])]).toEqual(await keptBlock(key));
      expect(await keptBlock(key)).toEqual(await newestMembers(key));
    }
    expect(await keptBlock(key)).toHaveLength(KEPT_PER_BLOCK);

    // Someone in the middle of the block leaves it and comes back: their number is older than
    // the block's newest, so they go back in its middle, and the oldest kept drops out again.
    const [middle] = await inTransaction(t.database.db, (db) =>
      file(db, ['b-50'], ['n:other|key'], false),
    ).then(({ numbers }) => [numbers.get('b-50') as number]);
    expect(await keptBlock(key)).not.toContain(middle);
    expect(await keptBlock(key)).toEqual(await newestMembers(key));
    await inTransaction(t.database.db, (db) => file(db, ['b-50'], ['n:other|key', key], false));
    expect(await keptBlock(key)).toContain(middle);
    expect(await keptBlock(key)).toEqual(await newestMembers(key));

    // The newest leave: the block is kept from the full list again, older members moving up.
    const newestBefore = (await keptBlock(key)).slice(0, 3);
    for (const id of ids('c', 3)) await inTransaction(t.database.db, (db) => unfile(db, id));
    const after = await keptBlock(key);
    expect(after).toEqual(await newestMembers(key));
    expect(after).toHaveLength(KEPT_PER_BLOCK);
    for (const gone of newestBefore) expect(after).not.toContain(gone);

    // A key whose last member leaves has no block left.
    await inTransaction(t.database.db, (db) => file(db, ['solo'], ['n:only|one']));
    await inTransaction(t.database.db, (db) => unfile(db, 'solo'));
    expect(await keptBlock('n:only|one')).toEqual([]);
  });

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
    const kept = await keptBlock(key);
    expect(kept).toHaveLength(30);
    expect(kept).toEqual(await newestMembers(key));
  });
});
