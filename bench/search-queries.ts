import { connect, type Engine } from '../src/db/database.js';
import { searchIndexFor } from '../src/db/search/search-index.js';
import { queryTerms } from '../src/db/search/terms.js';

/** What the bench searches for: common and rare names, one and two words, a prefix, a nickname. */
export const SEARCH_QUERIES = [
  'garcia',
  'rodriguez ramos',
  'jose',
  'maria gonzalez',
  'pena',
  'munoz',
  'hernandez diaz',
  'juanjo',
  'smith',
  'alvarez',
];

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)] as number;
}

/**
 * The index's own queries on the driver, without HTTP, policy or snippets: a page of 20 and,
 * `withFacets`, the counts per type the endpoint answers beside it (its baseline).
 */
export async function rawSearchTimes(
  engine: Engine,
  url: string | undefined,
  dataDir: string,
  n: number,
  options: { withFacets?: boolean } = {},
): Promise<number[]> {
  const database = connect({ url, dataDir });
  const index = searchIndexFor(engine);
  const times: number[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const q = SEARCH_QUERIES[i % SEARCH_QUERIES.length] as string;
      const terms = queryTerms(q);
      const levels = ['public', 'internal', 'confidential', 'secret'];
      const started = performance.now();
      await index.query(database.db, { terms, levels, limit: 20 });
      if (options.withFacets) await index.facets(database.db, { terms, levels, countUpTo: 1001 });
      times.push(performance.now() - started);
    }
  } finally {
    await database.close();
  }
  return times;
}
