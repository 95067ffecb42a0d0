import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.js';
import { everyPage } from '../../../test/helpers/search.js';
import { inTransaction } from '../transaction.js';
import { type SearchEntry, searchIndexFor } from './search-index.js';

const ALL = ['public', 'internal', 'confidential', 'secret'];
const ENGINE = process.env.HABEAS_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';
// Thousands sharing a name: enough that reading every match would show in a slow test.
const COMMON = 5200;

/**
 * The index's order and paging, at a size where reading every match would show: a name shared
 * by thousands (newest first), a rarer variant that only starts the same, and a handful matched
 * by two words.
 */
describe('search index order', () => {
  let t: TestDatabase;
  const index = searchIndexFor(ENGINE);
  const idOf = (i: number) => `p${String(i).padStart(5, '0')}`;
  const entry = (i: number, text: string, sensitivity = 'internal'): SearchEntry => ({
    type: i % 7 === 0 ? 'source' : 'person',
    id: idOf(i),
    sensitivity,
    title: text,
    text,
  });

  beforeAll(async () => {
    t = await createTestDatabase();
    const entries: SearchEntry[] = [];
    for (let i = 0; i < COMMON; i++) {
      entries.push(
        entry(i, `jose ${i % 3 === 0 ? 'garcia' : 'perez'}`, i % 5 ? 'internal' : 'secret'),
      );
    }
    for (let i = COMMON; i < COMMON + 40; i++) entries.push(entry(i, 'josefina garcia'));
    entries.push(entry(COMMON + 40, 'jose garcias'));
    await inTransaction(t.database.db, (db) => index.upsertMany(db, entries));
  }, 120_000);
  afterAll(() => t.cleanup());

  const pages = (terms: string[], levels: string[], limit: number) =>
    everyPage(index, t.database.db, { terms, levels, limit });

  it('answers a common name newest first, then what only starts the same', async () => {
    const first = await index.query(t.database.db, { terms: ['jose'], levels: ALL, limit: 3 });
    expect(first.map((h) => [h.id, h.rank])).toEqual([
      [idOf(COMMON + 40), 1],
      [idOf(COMMON - 1), 1],
      [idOf(COMMON - 2), 1],
    ]);
    const hits = await pages(['jose'], ALL, 700);
    expect(hits).toHaveLength(COMMON + 41);
    expect(new Set(hits.map((h) => h.id)).size).toBe(COMMON + 41);
    expect(hits.slice(-40).every((h) => h.rank === 0 && h.title === 'josefina garcia')).toBe(true);
    expect(hits.slice(0, -40).every((h) => h.rank === 1)).toBe(true);
    const entries = hits.slice(0, -40).map((h) => h.entry);
    expect(entries).toEqual([...entries].sort((a, b) => b - a));
  });

  it('ranks two words matched whole above one, and pages across the tiers', async () => {
    const hits = await pages(['jose', 'garcia'], ALL, 500);
    const byRank = (rank: number) => hits.filter((h) => h.rank === rank).length;
    expect(byRank(2)).toBe(Math.ceil(COMMON / 3));
    // one of the two whole: "jose garcias" and "josefina garcia"
    expect(byRank(1)).toBe(41);
    expect(hits.filter((h) => h.rank === 1).at(0)?.title).toBe('jose garcias');
    expect(hits.map((h) => h.rank)).toEqual(hits.map((h) => h.rank).sort((a, b) => b - a));
  });

  it('never returns or counts an entry above the clearance, in any tier', async () => {
    const levels = ['public', 'internal'];
    const hits = await pages(['jose'], levels, 1000);
    expect(hits.some((h) => h.sensitivity === 'secret')).toBe(false);
    expect(hits).toHaveLength(COMMON + 41 - Math.ceil(COMMON / 5));
    const counts = await index.facets(t.database.db, {
      terms: ['jose'],
      levels,
      countUpTo: 100_000,
    });
    expect(counts.reduce((sum, c) => sum + c.count, 0)).toBe(hits.length);
  });

  it('counts per type across tiers, and stops at the limit', async () => {
    const all = await index.facets(t.database.db, {
      terms: ['josef'],
      levels: ALL,
      countUpTo: 1000,
    });
    expect(all).toEqual([
      { type: 'person', count: 34 },
      { type: 'source', count: 6 },
    ]);
    const capped = await index.facets(t.database.db, {
      terms: ['jose'],
      levels: ALL,
      countUpTo: 1001,
    });
    expect(capped.reduce((sum, c) => sum + c.count, 0)).toBe(1001);
  });

  /** The database, and the text of every statement run through it. */
  const recorded = () => {
    const statements: string[] = [];
    const recorder: KyselyPlugin = {
      transformQuery: ({ node, queryId }) => {
        statements.push(t.database.db.getExecutor().compileQuery(node, queryId).sql);
        return node;
      },
      transformResult: async ({ result }) => result,
    };
    return { db: t.database.db.withPlugin(recorder), statements };
  };

  it.runIf(ENGINE === 'postgres')(
    "lists a prefix's words once for a search's page and counts, and skips the tiers they rule out",
    async () => {
      // `josefina` starts no other word: it only ever matches whole, so no lower tier is read.
      const alone = recorded();
      const reader = index.reader(alone.db, ['josefina']);
      const [hits, counts] = await Promise.all([
        reader.page({ levels: ALL, limit: 100 }),
        reader.counts({ levels: ALL, countUpTo: 1001 }),
      ]);
      expect(hits).toHaveLength(40);
      expect(hits.every((h) => h.rank === 1)).toBe(true);
      expect(counts).toEqual([
        { type: 'person', count: 34 },
        { type: 'source', count: 6 },
      ]);
      expect(alone.statements.filter((s) => s.includes('with recursive'))).toHaveLength(1);
      expect(alone.statements.filter((s) => s.includes('@@'))).toEqual([]);

      // `garcia` starts `garcias`: both reads need the list, and it is read once.
      const shared = recorded();
      const both = index.reader(shared.db, ['jose', 'garcia']);
      const [all] = await Promise.all([
        both.page({ levels: ALL, limit: COMMON }),
        both.counts({ levels: ALL, countUpTo: COMMON }),
      ]);
      expect(all.filter((h) => h.rank === 1)).toHaveLength(41);
      expect(shared.statements.filter((s) => s.includes('with recursive'))).toHaveLength(1);
    },
  );
});
