import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { meetingPoint } from '../../../test/helpers/concurrency.js';
import { makePerson, makePlace } from '../../../test/helpers/fixtures.js';
import type { Db } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import { countedBy } from './counts.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/**
 * Runs two transactions at once, each writing in two steps (as an import does, a batch at a
 * time): one writes `a` then `b`, the other `b` then `a`, each going on to its second step once
 * both have done their first, or could not. Every write of either must be kept.
 */
async function inTurn(write: (db: Db, step: 'a' | 'b', turn: 0 | 1) => Promise<unknown>) {
  const meet = meetingPoint(1500);
  const run = (first: 'a' | 'b', second: 'a' | 'b', turn: 0 | 1) =>
    inTransaction(t.services.database.db, async (db) => {
      await write(db, first, turn);
      await meet();
      await write(db, second, turn);
    });
  const outcomes = await Promise.allSettled([run('a', 'b', 0), run('b', 'a', 1)]);
  expect(outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : o.status))).toEqual([
    'fulfilled',
    'fulfilled',
  ]);
}

describe('transactions writing the same people in turn', () => {
  it('both commit the custody events they write, where they would hold fact rows in a circle', async () => {
    const place = await makePlace(t);
    const people = {
      a: await makePerson(t, { givenNames: 'Primero', sensitivity: 'public' }),
      b: await makePerson(t, { givenNames: 'Segundo', sensitivity: 'public' }),
    };
    await inTurn((db, step, turn) =>
      t.services.custody.createMany({ ...t.ctx, db }, [
        {
          personId: people[step].id,
          kind: 'detained',
          occurredAt: `2025-03-1${turn}`,
          placeId: place.id,
          sensitivity: 'public',
        },
      ]),
    );
    for (const person of Object.values(people)) {
      const { items } = await t.services.custody.list(t.ctx, { filters: { personId: person.id } });
      expect(items).toHaveLength(2);
    }
    const states = await countedBy(t.services.database.db, 'public', 'state');
    expect(states.find((row) => row.key === 'in_custody')?.count).toBe(2);
  });

  it('both commit the people they file under the same blocking keys', async () => {
    const names = { a: 'García Pérez', b: 'López Rodríguez' };
    await inTurn((db, step, turn) =>
      t.services.people.createMany({ ...t.ctx, db }, [
        { givenNames: turn ? 'José' : 'Josué', familyNames: names[step], sensitivity: 'public' },
      ]),
    );
    const { items } = await t.services.matching.list(t.ctx, { status: 'open' });
    const pairs = items.map(({ a, b }) => [a.familyNames, b.familyNames]);
    expect(pairs).toEqual(
      expect.arrayContaining([
        [names.a, names.a],
        [names.b, names.b],
      ]),
    );
  });

  it('both commit the updates they make to the same people', async () => {
    const people = {
      a: await makePerson(t, { givenNames: 'Tercero', sensitivity: 'public' }),
      b: await makePerson(t, { givenNames: 'Cuarto', sensitivity: 'public' }),
    };
    // Each transaction changes a field of its own, so both changes must be there after.
    await inTurn((db, step, turn) =>
      t.services.people.update(
        { ...t.ctx, db },
        people[step].id,
        turn ? { sex: 'male' } : { birthDate: '1990' },
      ),
    );
    for (const person of Object.values(people)) {
      const stored = await t.services.people.get(t.ctx, person.id);
      expect(stored).toMatchObject({ version: 3, sex: 'male', birthDate: '1990' });
    }
  });
});
