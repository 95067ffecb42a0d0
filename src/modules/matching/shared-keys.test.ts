import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SharedKeys } from './shared-keys.js';

/** The ranking as first written: count by person, sort by count then number. */
function reference(
  self: number,
  keys: readonly string[],
  blocks: ReadonlyMap<string, readonly number[]>,
  limit: number,
  perKey: number,
): number[] {
  const shared = new Map<number, number>();
  for (const key of new Set(keys)) {
    let taken = 0;
    for (const other of blocks.get(key) ?? []) {
      if (other === self) continue;
      if (taken++ === perKey) break;
      shared.set(other, (shared.get(other) ?? 0) + 1);
    }
  }
  return [...shared]
    .sort(([x, m], [y, n]) => n - m || x - y)
    .slice(0, limit)
    .map(([n]) => n);
}

const asBlocks = (record: Record<string, number[]>) =>
  new Map(Object.entries(record).map(([key, members]) => [key, Int32Array.from(members)]));

describe('ranking the people who share most keys with a person', () => {
  it('picks most keys in common, then the earliest filed, counting only the first of each block', () => {
    const me = 100;
    const ranked = new SharedKeys(asBlocks({ k1: [9, 5, 3, 1], k2: [9, 5, 2], k3: [me, 8, 5] }));
    expect(ranked.mostInCommon(me, ['k1', 'k2', 'k3', 'k1'], 3, 10)).toEqual([5, 9, 1]);
    // two a block: 3 and 1 in k1 and 2 in k2 are not read; `me` is skipped, not counted
    expect(ranked.mostInCommon(me, ['k1', 'k2', 'k3'], 10, 2)).toEqual([5, 9, 8]);
    // counts start again at zero for the next person
    expect(ranked.mostInCommon(1, ['k2'], 10, 10)).toEqual([2, 5, 9]);
    expect(ranked.mostInCommon(me, ['unknown'], 10, 10)).toEqual([]);
  });

  it('agrees with counting and sorting by number, on any blocks', () => {
    const number = fc.integer({ min: 0, max: 5000 });
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
          fc.uniqueArray(number, { maxLength: 30 }).map((ns) => ns.sort((x, y) => y - x)),
        ),
        fc.array(fc.tuple(number, fc.subarray(['a', 'b', 'c', 'd', 'e', 'f', 'x'])), {
          maxLength: 8,
        }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 30 }),
        (record, people, limit, perKey) => {
          const ranked = new SharedKeys(asBlocks(record));
          const blocks = new Map(Object.entries(record));
          for (const [self, keys] of people) {
            expect(ranked.mostInCommon(self, keys, limit, perKey)).toEqual(
              reference(self, keys, blocks, limit, perKey),
            );
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
