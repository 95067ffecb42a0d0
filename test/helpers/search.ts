import type { Db } from '../../src/db/database.js';
import type { SearchHit, SearchIndex, SearchQuery } from '../../src/db/search/search-index.js';

/** Every hit of a query, read a page at a time, each page starting after the last one's end. */
export async function everyPage(
  index: SearchIndex,
  db: Db,
  query: Omit<SearchQuery, 'after'>,
): Promise<SearchHit[]> {
  const seen: SearchHit[] = [];
  for (;;) {
    const last = seen.at(-1);
    const page = await index.query(db, {
      ...query,
      after: last ? { rank: last.rank, entry: last.entry } : undefined,
    });
    seen.push(...page);
    if (page.length < query.limit) return seen;
  }
}
