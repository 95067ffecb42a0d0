import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { inTransaction } from '../../db/transaction.js';
import { newId } from '../../lib/ids.js';
import type { StoredRecord } from '../records/definition.js';
import { blockingKeys } from './blocking.js';
import { blocksOf, fileUnderKeys } from './filing.js';
import { PER_KEY } from './neighbours.js';
import { BlocksReadAhead } from './read-ahead.js';
import type { MatchablePerson } from './score.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t.services.people.createMany(
    t.ctx,
    Array.from({ length: 30 }, (_, i) => ({
      givenNames: i % 2 ? 'Adelso José' : 'Adelso',
      familyNames: i % 3 ? 'Quintero Rangel' : 'Kintero',
    })),
  );
});
afterAll(() => t.close());

const newPeople = (names: MatchablePerson[]) =>
  names.map((fields) => ({ id: newId(), ...fields }) as unknown as StoredRecord);
const keysOf = (people: readonly StoredRecord[]) =>
  people.flatMap((person) => blockingKeys(person as unknown as MatchablePerson));

/** The read begun for `people`, once it has its connection (undefined if it never starts). */
async function started(readAhead: BlocksReadAhead, people: readonly StoredRecord[]) {
  for (let turn = 0; turn < 200; turn++) {
    const read = readAhead.take(people);
    if (read) return read;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return undefined;
}

describe('reading blocks ahead of a bulk write (PostgreSQL)', () => {
  it('reads the blocks the write would read inside its transaction, before it files anyone', async () => {
    const readAhead = new BlocksReadAhead(t.database.db, t.database.engine);
    const people = newPeople([
      { givenNames: 'Adelso', familyNames: 'Quintero' },
      { givenNames: 'Adelzo José', familyNames: 'Quintero Rangel' },
    ]);
    const [ahead, inside] = await inTransaction(t.database.db, async (db) => {
      readAhead.start(db, people);
      const read = await started(readAhead, people);
      return [await read, await blocksOf(db, t.database.engine, keysOf(people), PER_KEY)] as const;
    });
    if (t.database.engine === 'sqlite') {
      // One connection: every read happens inside the write.
      expect(ahead).toBeUndefined();
      return;
    }
    expect(inside.size).toBeGreaterThan(0);
    expect(ahead).toEqual(inside);
    expect(readAhead.keysOf(people)).toEqual(
      new Map(
        people.map((person) => [person.id, blockingKeys(person as unknown as MatchablePerson)]),
      ),
    );
    // Asked for other people than those it read for, it has nothing.
    expect(readAhead.take(people.slice(1))).toBeUndefined();
  });

  it('reads nothing ahead once the transaction has filed someone: the committed blocks are not its own', async () => {
    const readAhead = new BlocksReadAhead(t.database.db, t.database.engine);
    const [first] = newPeople([{ givenNames: 'Adelso', familyNames: 'Kintero' }]);
    const later = newPeople([{ givenNames: 'Adelso', familyNames: 'Kintero Rangel' }]);
    const read = await inTransaction(t.database.db, async (db) => {
      const fields = first as unknown as MatchablePerson;
      await fileUnderKeys(
        db,
        [{ personId: first!.id, keys: blockingKeys(fields), profile: fields }],
        new Set([first!.id]),
      );
      readAhead.start(db, later);
      const read = await started(readAhead, later);
      // Rolled back: the person filed here was never written.
      throw Object.assign(new Error('rollback'), { read });
    }).catch((error: { read?: unknown }) => error.read);
    expect(read).toBeUndefined();
  });
});
