import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../database.js';
import type { FacetQuery, SearchHit, SearchQuery, TypeCount } from './search-index.js';
import { TieredSearchIndex, visibleTo } from './shared.js';
import { everyMatch, type QuerySyntax, rankTiers, type Tier, tierExpression } from './tiers.js';

/** How many of the query's words the entry holds as whole words. */
function wholeWords(alias: string, terms: string[]): RawBuilder<number> {
  const column = sql.ref(`${alias}.terms`);
  return sql<number>`(${sql.join(
    terms.map((term) => sql`case when ${column} like ${`% ${term} %`} then 1 else 0 end`),
    sql` + `,
  )})`;
}

/**
 * PostgreSQL: a generated tsvector over `search_index.terms` with the 'simple' configuration
 * and a GIN index (see migration 0005). A whole word is `jerce`, a prefix `jerce:*`. No
 * extension is needed: accents are folded by the application before text reaches the index.
 *
 * GIN finds every match at once but in no order, so a page takes every match of the query,
 * gives each its tier — how many query words it holds whole, `like '% word %'` on the
 * space-delimited words — and keeps the best, newest first: the same order SQLite reads off its
 * index, but at a cost in proportion to the matches (each a visit to the table, tens of µs).
 * Walking the newest entries instead, to stop at the page's last hit, paid off only where the
 * newest entries were mostly people: in data where people are one record in ten, a name is
 * too rare among the newest entries for the walk to find a page, and the walk was added cost.
 * The counts are one query over every match, up to their limit.
 */

const TSQUERY: QuerySyntax = {
  whole: (term) => term,
  prefix: (term) => `${term}:*`,
  and: ' & ',
  or: ' | ',
  butNot: (a, b) => `${a} & !${b}`,
};

const ENTRY_COLUMNS = sql`si.record_type as type, si.record_id as id, si.sensitivity, si.title,
  si.body, si.id::float8 as entry`;

export class PostgresSearchIndex extends TieredSearchIndex {
  async query(db: Db, query: SearchQuery): Promise<SearchHit[]> {
    const tiers = rankTiers(query.terms);
    const last = tiers.at(-1);
    if (!last) return [];
    // Past the fine tiers the last gathers every lower count (see rankTiers): SQLite's ranks.
    const rank = sql<number>`greatest(${wholeWords('si', query.terms)}, ${last.score})`;
    const after = query.after
      ? sql`and (rank < ${query.after.rank} or (rank = ${query.after.rank} and entry < ${query.after.entry}))`
      : sql``;
    const { rows } = await sql<SearchHit>`
      select * from (
        select ${ENTRY_COLUMNS}, ${rank} as rank
        from ${this.matching(everyMatch(query.terms))}
          and ${visibleTo('si', query.levels, query.types)}
      ) hits
      where true ${after}
      order by rank desc, entry desc
      limit ${query.limit}`.execute(db);
    return rows.map((row) => ({ ...row, rank: Number(row.rank) }));
  }

  /** Every match counted at once: a first tier counted apart would be a second pass over GIN. */
  protected override countMatches(db: Db, query: FacetQuery): Promise<TypeCount[]> {
    return this.tierCounts(db, everyMatch(query.terms), query, query.countUpTo);
  }

  protected matching(tier: Tier): RawBuilder<unknown> {
    return sql`search_index si where si.tsv @@ to_tsquery('simple', ${tierExpression(TSQUERY, tier)})`;
  }
}
