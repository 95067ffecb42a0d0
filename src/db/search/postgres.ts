import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../database.js';
import type { FacetQuery, SearchHit, SearchIndex, SearchQuery, TypeCount } from './search-index.js';
import { clearEntries, removeEntry, upsertEntries, visibleTo, wholeWordScore } from './shared.js';

/**
 * PostgreSQL: a generated tsvector over `search_index.terms` with the 'simple' configuration
 * and a GIN index (see migration 0005). Each term is a prefix, `jer:*`, and the terms are ANDed.
 * ts_rank is mapped into [0, 1) so it only orders hits with the same whole-word score.
 * No extension is needed: accents are folded by the application before text reaches the index.
 */
function tsQuery(terms: string[]): RawBuilder<unknown> {
  return sql`to_tsquery('simple', ${terms.map((term) => `${term}:*`).join(' & ')})`;
}

type ScoredRow = Omit<SearchHit, 'rank'> & { score: number };

export class PostgresSearchIndex implements SearchIndex {
  upsertMany = upsertEntries;
  remove = removeEntry;

  async clear(db: Db, types?: string[]): Promise<void> {
    await clearEntries(db, types);
  }

  async query(db: Db, query: SearchQuery): Promise<SearchHit[]> {
    if (query.terms.length === 0) return [];
    const { rows } = await sql<ScoredRow>`
      select si.record_type as type, si.record_id as id, si.sensitivity, si.title, si.body,
        ${wholeWordScore('si', query.terms)} + ts_rank(si.tsv, q) / (1 + ts_rank(si.tsv, q)) as score
      from search_index si, ${tsQuery(query.terms)} q
      where si.tsv @@ q and ${visibleTo('si', query.levels, query.types)}
      order by score desc, si.record_type, si.record_id
      limit ${query.limit} offset ${query.offset ?? 0}`.execute(db);
    return rows.map(({ score, ...hit }) => ({ ...hit, rank: Number(score) }));
  }

  async facets(db: Db, query: FacetQuery): Promise<TypeCount[]> {
    if (query.terms.length === 0) return [];
    const { rows } = await sql<TypeCount>`
      select type, count(*) as count from (
        select si.record_type as type
        from search_index si
        where si.tsv @@ ${tsQuery(query.terms)} and ${visibleTo('si', query.levels, query.types)}
        limit ${query.countUpTo}
      ) matches
      group by type
      order by count desc, type`.execute(db);
    return rows.map((row) => ({ type: row.type, count: Number(row.count) }));
  }

  matchingIds(type: string, terms: string[]): RawBuilder<unknown> {
    if (terms.length === 0) return sql`select record_id from search_index where 1 = 0`;
    return sql`select record_id from search_index
      where tsv @@ ${tsQuery(terms)} and record_type = ${type}`;
  }
}
