import { type RawBuilder, sql } from 'kysely';
import { inSlices } from '../../lib/slices.js';
import type { Db } from '../database.js';
import { writeBehind } from '../transaction.js';
import type {
  CountQuery,
  FacetQuery,
  PageQuery,
  SearchEntry,
  SearchHit,
  SearchIndex,
  SearchQuery,
  SearchReader,
  TypeCount,
} from './search-index.js';
import { termsColumn } from './terms.js';
import { everyMatch, rankTiers, type Tier } from './tiers.js';

// What both engines share: the entry's rows, the filters, and the counts per type.

/** Rows per multi-row upsert: well under both engines' limits on bound parameters. */
const ROWS_PER_UPSERT = 500;

export async function upsertEntries(db: Db, entries: readonly SearchEntry[]): Promise<void> {
  for (const slice of inSlices(entries, ROWS_PER_UPSERT)) {
    const rows = slice.map((entry) => ({
      record_type: entry.type,
      record_id: entry.id,
      sensitivity: entry.sensitivity,
      title: entry.title,
      body: entry.text,
      terms: termsColumn(entry.text),
    }));
    await writeBehind(db, () =>
      db
        .insertInto('search_index')
        .values(rows)
        .onConflict((oc) =>
          oc
            .columns(['record_type', 'record_id'])
            .doUpdateSet((eb) => ({
              sensitivity: eb.ref('excluded.sensitivity'),
              title: eb.ref('excluded.title'),
              body: eb.ref('excluded.body'),
              terms: eb.ref('excluded.terms'),
            }))
            // An entry written again as it was is left alone: no index work, no dead row.
            .where(
              sql<boolean>`(search_index.sensitivity, search_index.title, search_index.body, search_index.terms)
            <> (excluded.sensitivity, excluded.title, excluded.body, excluded.terms)`,
            ),
        )
        .execute(),
    );
  }
}

export async function removeEntry(db: Db, type: string, id: string): Promise<void> {
  await db
    .deleteFrom('search_index')
    .where('record_type', '=', type)
    .where('record_id', '=', id)
    .execute();
}

export async function clearEntries(db: Db, types?: string[]): Promise<void> {
  let query = db.deleteFrom('search_index');
  if (types) query = query.where('record_type', 'in', types.length ? types : ['']);
  await query.execute();
}

/** Clearance and type filters on the index row. */
export function visibleTo(alias: string, levels: string[], types?: string[]): RawBuilder<boolean> {
  const sensitivity = sql`${sql.ref(`${alias}.sensitivity`)} in (${sql.join(levels.length ? levels : [''])})`;
  if (!types) return sql<boolean>`${sensitivity}`;
  return sql<boolean>`${sensitivity} and ${sql.ref(`${alias}.record_type`)} in (${sql.join(types.length ? types : [''])})`;
}

export interface TierFilter {
  levels: string[];
  types?: string[];
}

/** A page of one tier: up to `limit` entries, newest first, older than `before` when given. */
export interface TierPage extends TierFilter {
  tier: Tier;
  before?: number;
  limit: number;
}

export type EntryRow = Omit<SearchHit, 'rank'>;

/** Counts per type among the first `upTo` rows of `matches` (`select <type> as type …`). */
export async function countTypes(
  db: Db,
  matches: RawBuilder<unknown>,
  upTo: number,
): Promise<TypeCount[]> {
  const { rows } = await sql<TypeCount>`
    select type, count(*) as count from (${matches} limit ${upTo}) matches
    group by type`.execute(db);
  return rows.map((row) => ({ type: row.type, count: Number(row.count) }));
}

/**
 * What both engines' indexes share: the entries, the counts per type (first tier first, see
 * `facets`) and a list's `q`; each engine reads its pages of results its own way.
 */
export abstract class TieredSearchIndex implements SearchIndex {
  upsertMany = upsertEntries;
  remove = removeEntry;

  async clear(db: Db, types?: string[]): Promise<void> {
    await clearEntries(db, types);
  }
  /** `<tables> where <the entry matches the tier>`, the entry's row aliased `si` */
  protected abstract matching(tier: Tier): RawBuilder<unknown>;
  /** the engine's own reads of one search, counts unsorted; `terms` is never empty for counts */
  protected abstract reads(db: Db, terms: string[]): SearchReader;

  /** One search's reads; the counts as a search shows them: most first, then by type. */
  reader(db: Db, terms: string[]): SearchReader {
    const reads = this.reads(db, terms);
    return {
      page: reads.page,
      counts: async (query) => {
        if (terms.length === 0) return [];
        const counts = await reads.counts(query);
        return counts.sort((a, b) => b.count - a.count || (a.type < b.type ? -1 : 1));
      },
    };
  }

  query(db: Db, { terms, ...page }: SearchQuery): Promise<SearchHit[]> {
    return this.reader(db, terms).page(page);
  }

  facets(db: Db, { terms, ...counts }: FacetQuery): Promise<TypeCount[]> {
    return this.reader(db, terms).counts(counts);
  }

  /**
   * Each tier read newest entry first until the page is full, so a query reads about as many
   * entries as it shows, however many match.
   */
  protected async readTiers(
    terms: string[],
    query: PageQuery,
    readTier: (page: TierPage) => Promise<EntryRow[]>,
  ): Promise<SearchHit[]> {
    const hits: SearchHit[] = [];
    for (const tier of rankTiers(terms)) {
      if (query.after && tier.score > query.after.rank) continue;
      const before = query.after?.rank === tier.score ? query.after.entry : undefined;
      const rows = await readTier({ ...query, tier, before, limit: query.limit - hits.length });
      hits.push(...rows.map((row) => ({ ...row, rank: tier.score })));
      if (hits.length >= query.limit) break;
    }
    return hits;
  }

  /** entries of the tier per type, among its first `upTo` */
  protected tierCounts(db: Db, tier: Tier, filter: TierFilter, upTo: number): Promise<TypeCount[]> {
    return countTypes(
      db,
      sql`select si.record_type as type from ${this.matching(tier)}
        and ${visibleTo('si', filter.levels, filter.types)}`,
      upTo,
    );
  }

  matchingIds(type: string, terms: string[]): RawBuilder<unknown> {
    if (terms.length === 0) return sql`select record_id from search_index where 1 = 0`;
    return sql`select si.record_id from ${this.matching(everyMatch(terms))}
      and si.record_type = ${type}`;
  }

  /**
   * The first tier is counted first: read lazily, it reaches the limit cheaply for a common
   * name. Short of it, every match is counted at once (tier by tier would gather each prefix
   * again for every tier).
   */
  protected async countMatches(db: Db, terms: string[], query: CountQuery): Promise<TypeCount[]> {
    const [first] = rankTiers(terms);
    const counts = first ? await this.tierCounts(db, first, query, query.countUpTo) : [];
    if (countedUpTo(counts, query.countUpTo)) return counts;
    return this.tierCounts(db, everyMatch(terms), query, query.countUpTo);
  }
}

/** Whether counts reached the limit: past it, no more need counting. */
export function countedUpTo(counts: TypeCount[], upTo: number): boolean {
  return counts.reduce((sum, c) => sum + c.count, 0) >= upTo;
}
