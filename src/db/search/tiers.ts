/**
 * How search results are ordered without ranking every match. A query for a common name matches
 * tens of thousands of people at national scale; scoring them all (bm25, ts_rank) and sorting
 * took 230 ms for `jose` among a million. Instead hits come in tiers, best first — the query's
 * words matched as whole words by as many as possible ("Jerce" before "Jercelino") — and within
 * a tier newest entry first. Each tier is one index expression read in the index's own order,
 * so a page stops after its last hit, and the next page starts from (tier, entry) like any
 * keyset.
 */

/** A query word as an index expression matches it: as a whole word, or as the start of one. */
export interface WordMatch {
  term: string;
  whole: boolean;
}

/** Ways to match every query word: any one of the alternatives (each an AND of its words). */
export type Alternatives = WordMatch[][];

export interface Tier {
  /** higher is better: how many query words match as whole words (see `rankTiers`) */
  score: number;
  /** what a hit in this tier matches */
  anyOf: Alternatives;
  /** what it must not match: the tiers above (empty for the first) */
  unless: Alternatives;
}

/**
 * Beyond this many alternatives an expression costs more than the ranking it buys: a query of
 * many words ranks them finely only while "k whole words of n" stays small (up to five words
 * every k has its tier), and the rest of its hits share one last tier.
 */
const MAX_ALTERNATIVES = 16;

function combinations(n: number, k: number): number[][] {
  if (k === 0) return [[]];
  if (k > n) return [];
  const out: number[][] = [];
  const walk = (start: number, chosen: number[]) => {
    if (chosen.length === k) {
      out.push(chosen);
      return;
    }
    for (let i = start; i <= n - (k - chosen.length); i++) walk(i + 1, [...chosen, i]);
  };
  walk(0, []);
  return out;
}

/** Every word present, at least `k` of them as whole words. */
function atLeastWhole(terms: string[], k: number): Alternatives {
  return combinations(terms.length, k).map((chosen) =>
    terms.map((term, i) => ({ term, whole: chosen.includes(i) })),
  );
}

function countCombinations(n: number, k: number): number {
  let c = 1;
  for (let i = 0; i < k; i++) c = (c * (n - i)) / (i + 1);
  return Math.round(c);
}

/** The tiers of a query, best first; together they match exactly what all-prefix matching does. */
export function rankTiers(terms: string[]): Tier[] {
  const n = terms.length;
  if (n === 0) return [];
  const tiers: Tier[] = [];
  for (let k = n; k >= 0; k--) {
    const fine = countCombinations(n, k) <= MAX_ALTERNATIVES;
    tiers.push({
      score: k,
      anyOf: atLeastWhole(terms, fine ? k : 0),
      unless: k === n ? [] : atLeastWhole(terms, k + 1),
    });
    if (!fine) break;
  }
  return tiers;
}

/** The query's words when the tier is theirs all matched whole (the first tier), else nothing. */
export function everyWordWhole(tier: Tier): string[] | undefined {
  const [only, ...others] = tier.anyOf;
  if (!only || others.length > 0 || tier.unless.length > 0) return undefined;
  return only.every((word) => word.whole) ? only.map((word) => word.term) : undefined;
}

/** One tier holding every match: each word the start of a word. */
export function everyMatch(terms: string[]): Tier {
  return { score: 0, anyOf: atLeastWhole(terms, 0), unless: [] };
}

/** How an engine's full-text query language writes a word, and joins words and expressions. */
export interface QuerySyntax {
  whole(term: string): string;
  prefix(term: string): string;
  and: string;
  or: string;
  /** `a` but not `b` */
  butNot(a: string, b: string): string;
}

function alternativesIn(syntax: QuerySyntax, alternatives: Alternatives): string {
  return alternatives
    .map((words) =>
      words
        .map(({ term, whole }) => (whole ? syntax.whole(term) : syntax.prefix(term)))
        .join(syntax.and),
    )
    .map((and) => `(${and})`)
    .join(syntax.or);
}

/** The tier as one full-text expression in the engine's own query language. */
export function tierExpression(syntax: QuerySyntax, tier: Tier): string {
  const matched = alternativesIn(syntax, tier.anyOf);
  return tier.unless.length === 0
    ? matched
    : syntax.butNot(`(${matched})`, `(${alternativesIn(syntax, tier.unless)})`);
}
