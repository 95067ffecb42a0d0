import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../database.js';
import type { FacetQuery, SearchHit, SearchIndex, SearchQuery, TypeCount } from './search-index.js';
import { clearEntries, removeEntry, upsertEntries, visibleTo, wholeWordScore } from './shared.js';

/**
 * SQLite: FTS5 over `search_index.terms` (external content, kept in step by triggers; see
 * migration 0005). Each term is a quoted prefix query, `"jer"*`, and the terms are ANDed.
 * bm25 (negative, lower is better) is mapped into [0, 1) so it only orders hits with the same
 * whole-word score.
 */
function matchExpression(terms: string[]): string {
  return terms.map((term) => `"${term}"*`).join(' AND ');
}

const relevance = sql<number>`(-bm25(search_fts) / (1.0 - bm25(search_fts)))`;

type ScoredRow = Omit<SearchHit, 'rank'> & { score: number };

export class SqliteSearchIndex implements SearchIndex {
  upsertMany = upsertEntries;
  remove = removeEntry;

  async clear(db: Db, types?: string[]): Promise<void> {
    await clearEntries(db, types);
    if (!types) await sql`insert into search_fts(search_fts) values ('rebuild')`.execute(db);
  }

  async query(db: Db, query: SearchQuery): Promise<SearchHit[]> {
    if (query.terms.length === 0) return [];
    const { rows } = await sql<ScoredRow>`
      select si.record_type as type, si.record_id as id, si.sensitivity, si.title, si.body,
        ${wholeWordScore('si', query.terms)} + ${relevance} as score
      from search_fts join search_index si on si.id = search_fts.rowid
      where search_fts match ${matchExpression(query.terms)}
        and ${visibleTo('si', query.levels, query.types)}
      order by score desc, si.record_type, si.record_id
      limit ${query.limit} offset ${query.offset ?? 0}`.execute(db);
    return rows.map(({ score, ...hit }) => ({ ...hit, rank: Number(score) }));
  }

  async facets(db: Db, query: FacetQuery): Promise<TypeCount[]> {
    if (query.terms.length === 0) return [];
    const { rows } = await sql<TypeCount>`
      select type, count(*) as count from (
        select si.record_type as type
        from search_fts join search_index si on si.id = search_fts.rowid
        where search_fts match ${matchExpression(query.terms)}
          and ${visibleTo('si', query.levels, query.types)}
        limit ${query.countUpTo}
      ) matches
      group by type
      order by count desc, type`.execute(db);
    return rows.map((row) => ({ type: row.type, count: Number(row.count) }));
  }

  matchingIds(type: string, terms: string[]): RawBuilder<unknown> {
    if (terms.length === 0) return sql`select record_id from search_index where 1 = 0`;
    return sql`select si.record_id from search_fts join search_index si on si.id = search_fts.rowid
      where search_fts match ${matchExpression(terms)} and si.record_type = ${type}`;
  }
}
