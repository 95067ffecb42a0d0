import { type RawBuilder, sql } from 'kysely';
import { inSlices } from '../../lib/slices.js';
import type { Db } from '../database.js';
import type {
  FacetQuery,
  SearchEntry,
  SearchHit,
  SearchIndex,
  SearchQuery,
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
    await db
      .insertInto('search_index')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['record_type', 'record_id']).doUpdateSet((eb) => ({
          sensitivity: eb.ref('excluded.sensitivity'),
          title: eb.ref('excluded.title'),
          body: eb.ref('excluded.body'),
          terms: eb.ref('excluded.terms'),
        })),
      )
      .execute();
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
  abstract query(db: Db, query: SearchQuery): Promise<SearchHit[]>;
  /** entries of the tier per type, among its first `upTo` */
  protected async tierCounts(
    db: Db,
    tier: Tier,
    filter: TierFilter,
    upTo: number,
  ): Promise<TypeCount[]> {
    const { rows } = await sql<TypeCount>`
      select type, count(*) as count from (
        select si.record_type as type from ${this.matching(tier)}
          and ${visibleTo('si', filter.levels, filter.types)}
        limit ${upTo}
      ) matches
      group by type`.execute(db);
    return rows.map((row) => ({ type: row.type, count: Number(row.count) }));
  }

  matchingIds(type: string, terms: string[]): RawBuilder<unknown> {
    if (terms.length === 0) return sql`select record_id from search_index where 1 = 0`;
    return sql`select si.record_id from ${this.matching(everyMatch(terms))}
      and si.record_type = ${type}`;
  }

  async facets(db: Db, query: FacetQuery): Promise<TypeCount[]> {
    if (query.terms.length === 0) return [];
    const counts = await this.countMatches(db, query);
    return counts.sort((a, b) => b.count - a.count || (a.type < b.type ? -1 : 1));
  }

  /**
   * The first tier is counted first: read lazily, it reaches the limit cheaply for a common
   * name. Short of it, every match is counted at once (tier by tier would gather each prefix
   * again for every tier).
   */
  protected async countMatches(db: Db, query: FacetQuery): Promise<TypeCount[]> {
    const [first] = rankTiers(query.terms);
    const counts = first ? await this.tierCounts(db, first, query, query.countUpTo) : [];
    if (counts.reduce((sum, c) => sum + c.count, 0) >= query.countUpTo) return counts;
    return this.tierCounts(db, everyMatch(query.terms), query, query.countUpTo);
  }
}
