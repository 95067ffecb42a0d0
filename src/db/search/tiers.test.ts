import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Alternatives, rankTiers } from './tiers.js';

/** What an index does with an expression: does this text (its words) match? */
function matches(alternatives: Alternatives, words: string[]): boolean {
  return alternatives.some((and) =>
    and.every(({ term, whole }) =>
      words.some((word) => (whole ? word === term : word.startsWith(term))),
    ),
  );
}

const wholeCount = (terms: string[], words: string[]) =>
  terms.filter((term) => words.includes(term)).length;

const word = fc.constantFrom('jo', 'jose', 'josefa', 'ma', 'maria', 'mariana', 'garcia', 'gar');

describe('rankTiers', () => {
  it('puts every all-prefix match in exactly one tier, ranked by its whole words', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(word, { minLength: 1, maxLength: 7 }),
        fc.array(word, { maxLength: 8 }),
        (terms, words) => {
          const tiers = rankTiers(terms);
          const hit = tiers.filter(
            (tier) => matches(tier.anyOf, words) && !matches(tier.unless, words),
          );
          const prefixMatch = terms.every((term) => words.some((w) => w.startsWith(term)));
          expect(hit).toHaveLength(prefixMatch ? 1 : 0);
          if (!prefixMatch) return;
          const last = tiers.at(-1)!;
          const whole = wholeCount(terms, words);
          // with many words the last tier gathers every count up to its own
          expect(hit[0]!.score).toBe(Math.max(whole, last.score));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('gives every count of whole words a tier up to five words, and keeps expressions small', () => {
    expect(rankTiers(['jerce']).map((t) => t.score)).toEqual([1, 0]);
    expect(rankTiers(['a', 'b', 'c', 'd', 'e']).map((t) => t.score)).toEqual([5, 4, 3, 2, 1, 0]);
    const twelve = rankTiers('abcdefghijkl'.split(''));
    expect(twelve.map((t) => t.score)).toEqual([12, 11, 10]);
    for (const tier of twelve) {
      expect(tier.anyOf.length).toBeLessThanOrEqual(16);
      expect(tier.unless.length).toBeLessThanOrEqual(16);
    }
    expect(rankTiers([])).toEqual([]);
  });
});
