import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SharedKeys } from './shared-keys.js';

/** The ranking as first written: count by id, sort by count then id. */
function reference(
  personId: string,
  keys: readonly string[],
  blocks: ReadonlyMap<string, readonly string[]>,
  limit: number,
  perKey: number,
): string[] {
  const shared = new Map<string, number>();
  for (const key of new Set(keys)) {
    let taken = 0;
    for (const other of blocks.get(key) ?? []) {
      if (other === personId) continue;
      if (taken++ === perKey) break;
      shared.set(other, (shared.get(other) ?? 0) + 1);
    }
  }
  return [...shared]
    .sort(([x, m], [y, n]) => n - m || (x < y ? -1 : x > y ? 1 : 0))
    .slice(0, limit)
    .map(([id]) => id);
}

describe('ranking the people who share most keys with a person', () => {
  it('picks most keys in common, then lowest id, counting only the first of each block', () => {
    const blocks = new Map([
      ['k1', ['p9', 'p5', 'p3', 'p1']],
      ['k2', ['p9', 'p5', 'p2']],
      ['k3', ['me', 'p8', 'p5']],
    ]);
    const ranked = new SharedKeys(blocks);
    expect(ranked.mostInCommon('me', ['k1', 'k2', 'k3', 'k1'], 3, 10)).toEqual(['p5', 'p9', 'p1']);
    // two a block: p3 and p1 in k1 and p2 in k2 are not read; `me` is skipped, not counted
    expect(ranked.mostInCommon('me', ['k1', 'k2', 'k3'], 10, 2)).toEqual(['p5', 'p9', 'p8']);
    // counts start again at zero for the next person
    expect(ranked.mostInCommon('p1', ['k2'], 10, 10)).toEqual(['p2', 'p5', 'p9']);
    expect(ranked.mostInCommon('me', ['unknown'], 10, 10)).toEqual([]);
  });

  it('agrees with counting and sorting by id, on any blocks', () => {
    const id = fc.constantFrom(
      ...Array.from({ length: 40 }, (_, i) => `0190-${String(i).padStart(3, '0')}`),
    );
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
          fc.uniqueArray(id, { maxLength: 30 }),
        ),
        fc.array(fc.tuple(id, fc.subarray(['a', 'b', 'c', 'd', 'e', 'f', 'x'])), { maxLength: 8 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 30 }),
        (record, people, limit, perKey) => {
          const blocks = new Map(Object.entries(record));
          const ranked = new SharedKeys(blocks);
          for (const [personId, keys] of people) {
            expect(ranked.mostInCommon(personId, keys, limit, perKey)).toEqual(
              reference(personId, keys, blocks, limit, perKey),
            );
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
