import { jaroWinkler } from '@skyra/jaro-winkler';
import type { ParsedName } from './names.js';
import { sameGivenName } from './nicknames.js';
import { phoneticKey } from './phonetic.js';

/** How two single name tokens relate, strongest first; `kind` is shown to the reviewer. */
export interface TokenMatch {
  similarity: number;
  kind: 'exact' | 'nickname' | 'phonetic' | 'initial' | 'typo' | 'none';
}

/** Below this Jaro-Winkler similarity two tokens are different names, not a misspelling. */
const TYPO_FLOOR = 0.88;

function genderPair(a: string, b: string): boolean {
  return (
    a.length === b.length &&
    a.slice(0, -1) === b.slice(0, -1) &&
    /[ao]/.test(a.at(-1) ?? '') &&
    /[ao]/.test(b.at(-1) ?? '')
  );
}

/**
 * Each pair of words is compared once: the same surnames meet again on every write. Kept as a
 * map of maps, so a look-up hashes the two words as they are rather than a string built of them.
 */
const CACHE_LIMIT = 100_000;
const compared = new Map<string, Map<string, TokenMatch>>();
let cached = 0;

export function compareTokens(a: string, b: string): TokenMatch {
  const [first, second] = a < b ? [a, b] : [b, a];
  let row = compared.get(first);
  const known = row?.get(second);
  if (known) return known;
  const match = compareUncached(first, second);
  if (cached >= CACHE_LIMIT) {
    compared.clear();
    cached = 0;
    row = undefined;
  }
  if (!row) {
    row = new Map();
    compared.set(first, row);
  }
  row.set(second, match);
  cached++;
  return match;
}

function compareUncached(a: string, b: string): TokenMatch {
  if (a === b) return { similarity: 1, kind: 'exact' };
  if (sameGivenName(a, b)) return { similarity: 0.93, kind: 'nickname' };
  const keyA = phoneticKey(a);
  const keyB = phoneticKey(b);
  if (keyA === keyB) return { similarity: 0.95, kind: 'phonetic' };
  if ((a.length === 1 && b.startsWith(a)) || (b.length === 1 && a.startsWith(b))) {
    return { similarity: 0.85, kind: 'initial' };
  }
  // Short tokens are too easily near each other ("ana"/"ada"): a typo needs some length; and
  // Mario/Maria are two names, not a slip of one letter.
  if (Math.min(a.length, b.length) >= 4 && !genderPair(a, b)) {
    const jw = Math.max(jaroWinkler(a, b), jaroWinkler(keyA, keyB));
    if (jw >= TYPO_FLOOR) return { similarity: jw * 0.97, kind: 'typo' };
  }
  return { similarity: 0, kind: 'none' };
}

export interface TokenPairing {
  a: string;
  b: string;
  match: TokenMatch;
}

/**
 * The best one-to-one pairing of two token lists (greedy on similarity, which is exact enough
 * for lists of two or three names), and its mean similarity over the shorter list: a missing
 * second surname or a dropped middle name costs nothing, a different name costs everything.
 */
export function alignTokens(
  as: readonly string[],
  bs: readonly string[],
): { similarity: number; pairs: TokenPairing[] } {
  if (as.length === 0 || bs.length === 0) return { similarity: 0, pairs: [] };
  const width = bs.length;
  const matches: TokenMatch[] = [];
  for (const a of as) for (const b of bs) matches.push(compareTokens(a, b));
  // Greedy on similarity, the first pair in reading order winning a tie; by position, not by
  // value: "Ramos Ramos" has two surnames to pair. Lists hold two or three names, so scanning
  // for the best remaining pair beats sorting them all.
  const usedA: boolean[] = [];
  const usedB: boolean[] = [];
  const pairs: TokenPairing[] = [];
  let total = 0;
  for (;;) {
    let best = -1;
    for (let k = 0; k < matches.length; k++) {
      const similarity = (matches[k] as TokenMatch).similarity;
      if (similarity === 0 || usedA[Math.floor(k / width)] || usedB[k % width]) continue;
      if (best < 0 || similarity > (matches[best] as TokenMatch).similarity) best = k;
    }
    if (best < 0) break;
    const i = Math.floor(best / width);
    const j = best % width;
    usedA[i] = true;
    usedB[j] = true;
    const match = matches[best] as TokenMatch;
    pairs.push({ a: as[i] as string, b: bs[j] as string, match });
    total += match.similarity;
  }
  return { similarity: total / Math.min(as.length, bs.length), pairs };
}

export interface NameComparison {
  similarity: number;
  given: number;
  family: number;
  /** true when the match needed given names and surnames read the other way round */
  swapped: boolean;
  pairs: TokenPairing[];
}

function combine(given: number, family: number): number {
  // Both halves must agree: the same surnames with another given name is another person
  // (brothers), and so is the same given name with other surnames.
  return Math.sqrt(given * family);
}

/** A name with only one half can be compared only on that half, and counts for less. */
const ONE_HALF_ONLY = 0.8;

function compareHalves(a: ParsedName, b: ParsedName, swapped: boolean): NameComparison {
  const bGiven = swapped ? b.family : b.given;
  const bFamily = swapped ? b.given : b.family;
  const given = alignTokens(a.given, bGiven);
  const family = alignTokens(a.family, bFamily);
  const halves = a.given.length > 0 && bGiven.length > 0;
  const similarity = halves
    ? combine(given.similarity, family.similarity)
    : alignTokens([...a.given, ...a.family], [...b.given, ...b.family]).similarity * ONE_HALF_ONLY;
  return {
    similarity: swapped ? similarity * 0.97 : similarity,
    given: given.similarity,
    family: family.similarity,
    swapped,
    pairs: [...given.pairs, ...family.pairs],
  };
}

/**
 * Two written names compared as sets of given names and surnames, in either reading
 * ("Ramos Juan" filed as given "Ramos" is still Juan Ramos, at a small discount).
 */
export function compareNames(a: ParsedName, b: ParsedName): NameComparison {
  const straight = compareHalves(a, b, false);
  if (straight.similarity === 1) return straight;
  const swapped = compareHalves(a, b, true);
  const best = swapped.similarity > straight.similarity ? swapped : straight;
  if (!a.ambiguous && !b.ambiguous) return best;
  // "Jose Antonio Hernandez" may be two given names and one surname: with the boundary
  // unknown, compare all the words at once, at a discount, and only on two or more agreeing.
  const bag = alignTokens([...a.given, ...a.family], [...b.given, ...b.family]);
  const bagSimilarity = bag.pairs.length >= 2 ? bag.similarity * AMBIGUOUS_SPLIT : 0;
  return bagSimilarity > best.similarity
    ? { ...best, similarity: bagSimilarity, swapped: false, pairs: bag.pairs }
    : best;
}

/** The discount on a match that needed the given-name/surname boundary ignored. */
const AMBIGUOUS_SPLIT = 0.93;

/** The best agreement between any name of one person and any name of the other. */
export function bestNameMatch(
  as: readonly ParsedName[],
  bs: readonly ParsedName[],
): (NameComparison & { a: ParsedName; b: ParsedName }) | null {
  let best: (NameComparison & { a: ParsedName; b: ParsedName }) | null = null;
  for (const a of as) {
    for (const b of bs) {
      const comparison = compareNames(a, b);
      if (!best || comparison.similarity > best.similarity) best = { ...comparison, a, b };
    }
  }
  return best;
}
