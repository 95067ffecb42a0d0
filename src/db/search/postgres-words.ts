import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../database.js';
import { type TierFilter, visibleTo } from './shared.js';
import type { QuerySyntax } from './tiers.js';

/**
 * What PostgreSQL's postings (migration 0018) tell about words: which entries hold a word
 * whole, newest first, and which words a query word starts.
 */

/** The words each query word starts, as the postings keep them; none where too many to list. */
export type Expansions = Map<string, string[] | undefined>;

/** Past this many words a query word is matched as a prefix: listing them costs more. */
const MAX_EXPANSION = 50;
/** How much of a word the postings keep (migration 0018): a word this long may be cut. */
const KEPT_WORD_LENGTH = 200;
/** Sorts after anything a word holds: words are letters and digits, and this is neither. */
const AFTER_ANY_LETTER = '\u{10FFFF}';

/** `<postings> where …`: the visible entries holding every word whole, the first aliased p0. */
export function holdingWhole(words: string[], filter: TierFilter): RawBuilder<unknown> {
  const [first, ...rest] = words;
  const joins = rest.map((word, i) => {
    const alias = sql.id(`p${i + 1}`);
    return sql`join search_postings ${alias}
      on ${alias}.word = ${word} and ${alias}.entry = p0.entry`;
  });
  return sql`search_postings p0 ${sql.join(joins, sql` `)}
    where p0.word = ${first} and ${visibleTo('p0', filter.levels, filter.types)}`;
}

/**
 * Every word each term starts, each list read off the B-tree one distinct word at a time (a
 * descent per word, not a read of every posting), up to `MAX_EXPANSION`; one round trip.
 */
export async function expandPrefixes(db: Db, terms: string[]): Promise<Expansions> {
  const expansions: Expansions = new Map(terms.map((term) => [term, []]));
  if (terms.length === 0) return expansions;
  const lists = terms.map((term, i) => {
    const list = sql.id(`starting${i}`);
    const startsTerm = (column: RawBuilder<unknown>) =>
      sql`${column} >= ${term} and ${column} < ${term + AFTER_ANY_LETTER}`;
    return sql`${list}(word) as (
      (select word from search_postings where ${startsTerm(sql`word`)} order by word limit 1)
      union all
      select (select p.word from search_postings p
          where p.word > previous.word and ${startsTerm(sql`p.word`)}
          order by p.word limit 1)
        from ${list} previous where previous.word is not null)`;
  });
  const reads = terms.map(
    (_, i) => sql`(select ${i}::int as term, word from ${sql.id(`starting${i}`)}
      where word is not null limit ${MAX_EXPANSION + 1})`,
  );
  const { rows } = await sql<{ term: number; word: string }>`
    with recursive ${sql.join(lists)} ${sql.join(reads, sql` union all `)}`.execute(db);
  for (const { term, word } of rows) expansions.get(terms[term] as string)?.push(word);
  for (const [term, words] of expansions) {
    if (words && words.length > MAX_EXPANSION) expansions.set(term, undefined);
  }
  return expansions;
}

/** Whether some query word starts no word at all: then nothing matches the query. */
export function startsNothing(expansions: Expansions): boolean {
  return [...expansions.values()].some((words) => words?.length === 0);
}

/** How many query words start no word but themselves: each matches only whole. */
export function startingOnlyThemselves(expansions: Expansions): number {
  let count = 0;
  for (const [term, words] of expansions) if (words?.length === 1 && words[0] === term) count++;
  return count;
}

/** to_tsquery's syntax, a prefix written as the words it starts wherever they were listed. */
export function tsquerySyntax(expansions: Expansions): QuerySyntax {
  return {
    whole: (term) => term,
    prefix: (term) => {
      const words = expansions.get(term);
      if (!words) return `${term}:*`;
      // A word kept cut stands for every word it starts.
      const each = words.map((word) => (word.length >= KEPT_WORD_LENGTH ? `${word}:*` : word));
      return `(${each.join(' | ')})`;
    },
    and: ' & ',
    or: ' | ',
    butNot: (a, b) => `${a} & !${b}`,
  };
}
