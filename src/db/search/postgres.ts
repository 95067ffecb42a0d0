import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../database.js';
import {
  type Expansions,
  expandPrefixes,
  holdingWhole,
  startingOnlyThemselves,
  startsNothing,
  tsquerySyntax,
} from './postgres-words.js';
import type { CountQuery, SearchReader, TypeCount } from './search-index.js';
import {
  countedUpTo,
  countTypes,
  type EntryRow,
  TieredSearchIndex,
  type TierPage,
  visibleTo,
} from './shared.js';
import { everyMatch, everyWordWhole, rankTiers, type Tier, tierExpression } from './tiers.js';

/**
 * PostgreSQL answers the first tier — every query word held whole — from postings (migration
 * 0018): a B-tree of (word, entry) read newest entry first, one range per word joined on the
 * entry, so a page of `jose` among a million people stops at its 20th hit, and the tier's
 * counts per type come off the same index. That tier is most of what a name search shows.
 *
 * Lower tiers, where a query word only starts a word, and the counts past the first tier come
 * from a generated tsvector over `search_index.terms` ('simple' configuration) and its GIN
 * index (migration 0005). GIN finds a tier's matches at once but in no order, so the page
 * orders them all by entry — a cost in proportion to the tier's matches, which for a name's
 * longer variants ("josefina" under `jose`) are few. A query word is given to GIN as the words
 * it starts, listed off the postings, where there are few enough: GIN reads a prefix by
 * gathering every matching word's entries first (13 ms for `rodriguez ramos` among a million,
 * 2 ms as the words). A word that starts no word but itself only ever matches whole, so the
 * tiers it rules out are not read and its first tier's counts are all its counts: with the list
 * read once for the page and the counts, a search at 50,000 people ran 2–3 statements one after
 * another where it ran up to 5 (p50 9.0 → 6.7 ms through HTTP). No extension is needed: accents
 * are folded by the application before text reaches the index.
 */

/** Past this many words a join of postings costs more to plan than GIN costs to read. */
const MAX_JOINED_WORDS = 4;

const ENTRY_COLUMNS = sql`si.record_type as type, si.record_id as id, si.sensitivity, si.title,
  si.body, si.id::float8 as entry`;

/** The words to read off the postings when the tier is theirs held whole, else nothing. */
function postingsFor(tier: Tier): string[] | undefined {
  const words = everyWordWhole(tier);
  return words && words.length <= MAX_JOINED_WORDS ? words : undefined;
}

function matchingGin(tier: Tier, expansions: Expansions): RawBuilder<unknown> {
  const expression = tierExpression(tsquerySyntax(expansions), tier);
  return sql`search_index si where si.tsv @@ to_tsquery('simple', ${expression})`;
}

export class PostgresSearchIndex extends TieredSearchIndex {
  protected reads(db: Db, terms: string[]): SearchReader {
    // The page and the counts may each need the words a prefix starts: listed once, for both.
    let listed: Promise<Expansions> | undefined;
    const expand = () => {
      listed ??= expandPrefixes(db, terms);
      return listed;
    };
    return {
      page: (query) => this.readTiers(terms, query, (page) => this.tierEntries(db, page, expand)),
      counts: (query) => this.countEvery(db, terms, query, expand),
    };
  }

  /**
   * A word's first-tier counts off its postings; short of the limit, or for more words, every
   * match's off GIN — unless the query's word starts no word but itself, when its first tier is
   * every match. Two words' postings would be merged whole (20,000 each for `rodriguez ramos`:
   * 4 ms), where GIN intersects its compressed lists in a fraction of that.
   */
  private async countEvery(
    db: Db,
    terms: string[],
    query: CountQuery,
    expand: () => Promise<Expansions>,
  ): Promise<TypeCount[]> {
    const [first] = rankTiers(terms);
    const words = first && postingsFor(first);
    const single = words?.length === 1 ? words : undefined;
    let counts: TypeCount[] = [];
    if (single) {
      const matches = sql`select p0.record_type as type from ${holdingWhole(single, query)}`;
      counts = await countTypes(db, matches, query.countUpTo);
      if (countedUpTo(counts, query.countUpTo)) return counts;
    }
    const expansions = await expand();
    if (startsNothing(expansions)) return [];
    if (single && startingOnlyThemselves(expansions) === 1) return counts;
    const matches = sql`select si.record_type as type
      from ${matchingGin(everyMatch(terms), expansions)}
        and ${visibleTo('si', query.levels, query.types)}`;
    return countTypes(db, matches, query.countUpTo);
  }

  private async tierEntries(
    db: Db,
    page: TierPage,
    expand: () => Promise<Expansions>,
  ): Promise<EntryRow[]> {
    const before = (column: RawBuilder<unknown>) =>
      page.before === undefined ? sql`` : sql`and ${column} < ${page.before}`;
    const words = postingsFor(page.tier);
    if (words) {
      const { rows } = await sql<EntryRow>`
        select ${ENTRY_COLUMNS} from (
          select p0.entry from ${holdingWhole(words, page)} ${before(sql`p0.entry`)}
          order by p0.entry desc
          limit ${page.limit}
        ) hits
        join search_index si on si.id = hits.entry
        order by hits.entry desc`.execute(db);
      return rows;
    }
    const expansions = await expand();
    // A word that starts no word but itself is matched whole wherever it matches: a tier with
    // fewer whole words than there are such words holds nothing, and is not read.
    if (startsNothing(expansions) || page.tier.score < startingOnlyThemselves(expansions)) {
      return [];
    }
    // Ordered by the number as a float, so the planner never walks the entry numbers' index
    // hoping to meet the tier's matches early: they are too rare among entries for that.
    const { rows } = await sql<EntryRow>`
      select * from (
        select ${ENTRY_COLUMNS} from ${matchingGin(page.tier, expansions)}
          and ${visibleTo('si', page.levels, page.types)}
      ) hits
      where true ${before(sql`entry`)}
      order by entry desc
      limit ${page.limit}`.execute(db);
    return rows;
  }

  /** A list's `q` (`matchingIds`) takes query words as prefixes, with no look-up first. */
  protected matching(tier: Tier): RawBuilder<unknown> {
    return matchingGin(tier, new Map());
  }
}
