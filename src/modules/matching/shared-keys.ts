import type { Block } from './filing.js';

/**
 * Keys shared with the person being ranked, indexed by person number; zero again after each
 * ranking. One array for every ranking (JavaScript runs one at a time), grown as people are
 * filed: four bytes a person, four megabytes at a million.
 */
let counts = new Int32Array(1024);

function countsFor(highest: number): Int32Array {
  if (highest >= counts.length) {
    counts = new Int32Array(Math.max(highest + 1, counts.length * 2));
  }
  return counts;
}

/**
 * The blocks a write read (the people filed under each of its keys, by number), ready to
 * answer, person by person, who shares most keys with them. A batch of 500 people reads blocks
 * holding hundreds of thousands of members, and each new person ranks about two thousand of
 * them: counting by number into an array is what keeps that cheap.
 */
export class SharedKeys {
  private readonly highest: number;

  constructor(private readonly blocks: ReadonlyMap<string, Block>) {
    let highest = 0;
    for (const block of blocks.values()) {
      for (const n of block) if (n > highest) highest = n;
    }
    this.highest = highest;
  }

  /**
   * The people sharing most of `keys` with person `self` (then the earliest filed), at most
   * `limit`, counting only the first `perKey` others of each block (blocks are read newest
   * first).
   */
  mostInCommon(self: number, keys: readonly string[], limit: number, perKey: number): number[] {
    const shared = countsFor(this.highest);
    const sharing: number[] = [];
    let most = 0;
    for (const key of new Set(keys)) {
      const block = this.blocks.get(key);
      if (!block) continue;
      let taken = 0;
      for (const n of block) {
        if (n === self) continue;
        if (taken++ === perKey) break;
        const count = (shared[n] as number) + 1;
        shared[n] = count;
        if (count === 1) sharing.push(n);
        if (count > most) most = count;
      }
    }
    const fewest = fewestKeysChosen(shared, sharing, most, limit);
    // Most keys first, then the lowest number: one number each, sorted without a comparator.
    // Only those who can be chosen are sorted: most people share one common key and no more.
    const span = this.highest + 1;
    const order = new Float64Array(sharing.length);
    let candidates = 0;
    for (const n of sharing) {
      const count = shared[n] as number;
      if (count >= fewest) order[candidates++] = -count * span + n;
      shared[n] = 0;
    }
    const sorted = order.subarray(0, candidates).sort();
    const chosen: number[] = [];
    for (const value of sorted.subarray(0, limit)) chosen.push(((value % span) + span) % span);
    return chosen;
  }
}

/** The fewest keys in common among the `limit` who share most (1 when fewer share any). */
function fewestKeysChosen(
  shared: Int32Array,
  sharing: readonly number[],
  most: number,
  limit: number,
): number {
  const withCount = new Int32Array(most + 1);
  for (const n of sharing) withCount[shared[n] as number]++;
  let fewest = most;
  let atLeast = withCount[most] as number;
  while (atLeast < limit && fewest > 1) {
    fewest--;
    atLeast += withCount[fewest] as number;
  }
  return fewest;
}
