import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';

/**
 * `findMatching` on a list column (a proceeding's parties) with more values than one query may
 * carry: the records of a bulk write's people, found a slice at a time, in the same order and
 * to the same limit as one query would give.
 */
describe('findMatching over a list column, for many values', () => {
  let t: TestApp;
  let people: string[];
  const titles = ['Delta v. United States', 'Alpha v. Noem', 'Charlie v. Trump', 'Bravo v. Bondi'];
  beforeAll(async () => {
    t = await createTestApp();
    people = await t.services.people.createMany(
      t.ctx,
      Array.from({ length: 450 }, (_, i) => ({ givenNames: `Parte ${i}` })),
    );
    // Each proceeding names people from a different part of the list, so each slice finds some.
    for (const [i, title] of titles.entries()) {
      await t.services.proceedings.create(t.ctx, {
        title,
        kind: 'habeas',
        status: 'pending',
        parties: [people[i * 110], people[i * 110 + 1]].map((personId) => ({
          personId,
          role: 'petitioner',
        })),
      });
    }
  });
  afterAll(() => t.close());

  it('finds each record once, sorted and limited as asked', async () => {
    const find = (options: { sort?: string; limit?: number }) =>
      t.services.proceedings.findMatching(t.ctx, 'partyId', people, options);
    expect((await find({})).map((p) => p.title).sort()).toEqual([...titles].sort());
    expect((await find({ sort: 'title', limit: 3 })).map((p) => p.title)).toEqual([
      'Alpha v. Noem',
      'Bravo v. Bondi',
      'Charlie v. Trump',
    ]);
    expect((await find({ sort: '-title', limit: 1 })).map((p) => p.title)).toEqual([
      'Delta v. United States',
    ]);
  });
});
