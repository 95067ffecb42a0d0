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
 * Scratch for alignTokens: a bulk import aligns millions of word lists of two or three words,
 * and what it allocated for each was most of its collection work (profiled). Longer lists,
 * never seen in practice, get arrays of their own.
 */
const SCRATCH_CELLS = 64;
const scratchSimilarity = new Float64Array(SCRATCH_CELLS);
const scratchUsedA = new Uint8Array(SCRATCH_CELLS);
const scratchUsedB = new Uint8Array(SCRATCH_CELLS);

/**
 * The best one-to-one pairing of two token lists (greedy on similarity, which is exact enough
 * for lists of two or three names), and its mean similarity over the shorter list: a missing
 * second surname or a dropped middle name costs nothing, a different name costs everything.
 * The pairs made are added to `pairs` when it is given (to show a reviewer).
 */
export function alignTokens(
  as: readonly string[],
  bs: readonly string[],
  pairs?: TokenPairing[],
): number {
  if (as.length === 0 || bs.length === 0) return 0;
  const width = bs.length;
  const cells = as.length * width;
  const fits = cells <= SCRATCH_CELLS;
  const similarity = fits ? scratchSimilarity : new Float64Array(cells);
  const usedA = fits ? scratchUsedA.fill(0, 0, as.length) : new Uint8Array(as.length);
  const usedB = fits ? scratchUsedB.fill(0, 0, width) : new Uint8Array(width);
  for (let i = 0; i < as.length; i++) {
    for (let j = 0; j < width; j++) {
      similarity[i * width + j] = compareTokens(as[i] as string, bs[j] as string).similarity;
    }
  }
  // Greedy on similarity, the first pair in reading order winning a tie; by position, not by
  // value: "Ramos Ramos" has two surnames to pair. Lists hold two or three names, so scanning
  // for the best remaining pair beats sorting them all.
  let total = 0;
  for (;;) {
    let best = -1;
    for (let k = 0; k < cells; k++) {
      const s = similarity[k] as number;
      if (s === 0 || usedA[Math.floor(k / width)] || usedB[k % width]) continue;
      if (best < 0 || s > (similarity[best] as number)) best = k;
    }
    if (best < 0) break;
    const i = Math.floor(best / width);
    const j = best % width;
    usedA[i] = 1;
    usedB[j] = 1;
    total += similarity[best] as number;
    if (pairs) {
      const a = as[i] as string;
      const b = bs[j] as string;
      pairs.push({ a, b, match: compareTokens(a, b) });
    }
  }
  return total / Math.min(as.length, bs.length);
}

function combine(given: number, family: number): number {
  // Both halves must agree: the same surnames with another given name is another person
  // (brothers), and so is the same given name with other surnames.
  return Math.sqrt(given * family);
}

/** A name with only one half can be compared only on that half, and counts for less. */
const ONE_HALF_ONLY = 0.8;
/** The discount on a match that needed the given-name/surname boundary ignored. */
const AMBIGUOUS_SPLIT = 0.93;

/** A name's words, given names first: kept per parsed name, which is kept per record. */
const allWords = new WeakMap<ParsedName, string[]>();
function wordsOf(name: ParsedName): string[] {
  let words = allWords.get(name);
  if (!words) {
    words = [...name.given, ...name.family];
    allWords.set(name, words);
  }
  return words;
}

function compareHalves(
  a: ParsedName,
  b: ParsedName,
  swapped: boolean,
  pairs?: TokenPairing[],
): number {
  const bGiven = swapped ? b.family : b.given;
  const bFamily = swapped ? b.given : b.family;
  const given = alignTokens(a.given, bGiven, pairs);
  const family = alignTokens(a.family, bFamily, pairs);
  const halves = a.given.length > 0 && bGiven.length > 0;
  const similarity = halves
    ? combine(given, family)
    : alignTokens(wordsOf(a), wordsOf(b)) * ONE_HALF_ONLY;
  return swapped ? similarity * 0.97 : similarity;
}

/** How two written names were read to agree best. */
type Reading = 'straight' | 'swapped' | 'bag';

/** The pairs of the ambiguous bag reading, counted (it needs two) and then dropped. */
const bagScratch: TokenPairing[] = [];

/**
 * Two written names compared as sets of given names and surnames, in either reading
 * ("Ramos Juan" filed as given "Ramos" is still Juan Ramos, at a small discount): the best
 * similarity, and the reading that gave it.
 */
function bestReading(a: ParsedName, b: ParsedName): { similarity: number; reading: Reading } {
  const straight = compareHalves(a, b, false);
  if (straight === 1) return { similarity: 1, reading: 'straight' };
  const swapped = compareHalves(a, b, true);
  const best: { similarity: number; reading: Reading } =
    swapped > straight
      ? { similarity: swapped, reading: 'swapped' }
      : { similarity: straight, reading: 'straight' };
  if (!a.ambiguous && !b.ambiguous) return best;
  // "Jose Antonio Hernandez" may be two given names and one surname: with the boundary
  // unknown, compare all the words at once, at a discount, and only on two or more agreeing.
  bagScratch.length = 0;
  const bag = alignTokens(wordsOf(a), wordsOf(b), bagScratch);
  const bagSimilarity = bagScratch.length >= 2 ? bag * AMBIGUOUS_SPLIT : 0;
  return bagSimilarity > best.similarity ? { similarity: bagSimilarity, reading: 'bag' } : best;
}

interface BestOfNames {
  a: ParsedName;
  b: ParsedName;
  similarity: number;
  reading: Reading;
}

/** Of every name of one person against every name of the other, the pair that agrees best. */
function bestOfNames(as: readonly ParsedName[], bs: readonly ParsedName[]): BestOfNames | null {
  let best: BestOfNames | null = null;
  for (const a of as) {
    for (const b of bs) {
      const found = bestReading(a, b);
      if (!best || found.similarity > best.similarity) best = { a, b, ...found };
    }
  }
  return best;
}

/** The best agreement between any name of one person and any name of the other, 0..1. */
export function nameSimilarity(as: readonly ParsedName[], bs: readonly ParsedName[]): number {
  return bestOfNames(as, bs)?.similarity ?? 0;
}

export interface NameMatch {
  similarity: number;
  /** true when the match needed given names and surnames read the other way round */
  swapped: boolean;
  /** the words paired, to show a reviewer */
  pairs: TokenPairing[];
}

/**
 * The best agreement between any name of one person and any name of the other, with the words
 * it paired: the winning pair of names read again, collecting its pairs, to explain it.
 */
export function bestNameMatch(
  as: readonly ParsedName[],
  bs: readonly ParsedName[],
): NameMatch | null {
  const best = bestOfNames(as, bs);
  if (!best) return null;
  const pairs: TokenPairing[] = [];
  if (best.reading === 'bag') alignTokens(wordsOf(best.a), wordsOf(best.b), pairs);
  else compareHalves(best.a, best.b, best.reading === 'swapped', pairs);
  return { similarity: best.similarity, swapped: best.reading === 'swapped', pairs };
}
