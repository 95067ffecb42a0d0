import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.js';
import { everyPage } from '../../../test/helpers/search.js';
import { inTransaction } from '../transaction.js';
import { type SearchEntry, searchIndexFor } from './search-index.js';
import { queryTerms, words } from './terms.js';

/**
 * The index against a model of what it must answer, through writes of every kind: entries
 * added, rewritten with other words or another sensitivity, rewritten as they were, removed,
 * and a type cleared. Whatever each engine keeps beside its entries (PostgreSQL's postings,
 * SQLite's FTS5 table) must follow, or a query shows a stale or missing hit here.
 */
const LEVELS = ['public', 'internal', 'confidential', 'secret'];
const TYPES = ['person', 'source', 'proceeding'];
const LONG_WORD = 'x'.repeat(70);
// Longer than PostgreSQL's postings keep a word (200): found by the start it is kept to.
const LONGER_WORD = 'y'.repeat(230);
// Names that start one another, so every query has whole and prefix matches in several tiers.
const VOCABULARY = [
  'jo',
  'jose',
  'josefina',
  'joseph',
  'maria',
  'mariana',
  'mar',
  'garcia',
  'garcias',
  'pena',
  'penalver',
  'diaz',
  'ramos',
  'ramoso',
  LONG_WORD,
  LONGER_WORD,
];
const QUERIES = [
  'jo',
  'jose',
  'josef',
  'mar',
  'maria garcia',
  'jose garcia',
  'garcia jo',
  'pena diaz ramos',
  'ma ga',
  LONG_WORD.slice(0, 64),
  LONGER_WORD.slice(0, 64),
  `${LONGER_WORD.slice(0, 30)} jo`,
  'nobody',
  // starts more words than PostgreSQL lists for GIN (50): matched as a prefix instead
  'zz',
  'jose zz',
];

function rng(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    // the high bits: an LCG's low bits repeat with a short period
    return Math.floor((state / 2 ** 31) * n);
  };
}

describe('search index against its model', () => {
  let t: TestDatabase;
  const index = searchIndexFor(
    process.env.HABEAS_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite',
  );
  const random = rng(7);
  const live = new Map<string, SearchEntry>();
  const key = (type: string, id: string) => `${type}/${id}`;

  function randomEntry(type: string, id: string): SearchEntry {
    const n = 1 + random(4);
    const text = Array.from({ length: n }, () => VOCABULARY[random(VOCABULARY.length)]).join(' ');
    const sensitivity = LEVELS[random(LEVELS.length)] as string;
    return { type, id, sensitivity, title: text, text };
  }

  async function write(entries: SearchEntry[]) {
    await inTransaction(t.database.db, (db) => index.upsertMany(db, entries));
    for (const entry of entries) live.set(key(entry.type, entry.id), entry);
  }

  /** Each live entry's number, as the index assigned it. */
  async function entryNumbers(): Promise<Map<string, number>> {
    const rows = await t.database.db
      .selectFrom('search_index')
      .select(['record_type', 'record_id', sql<number>`id`.as('entry')])
      .execute();
    return new Map(rows.map((r) => [key(r.record_type, r.record_id), Number(r.entry)]));
  }

  function expected(
    numbers: Map<string, number>,
    terms: string[],
    levels: string[],
    types?: string[],
  ) {
    const hits = [...live.values()].flatMap((entry) => {
      const held = words(entry.text);
      const matches = terms.every((term) => held.some((word) => word.startsWith(term)));
      const visible = levels.includes(entry.sensitivity) && (!types || types.includes(entry.type));
      if (!matches || !visible) return [];
      const rank = terms.filter((term) => held.includes(term)).length;
      return [
        {
          id: entry.id,
          type: entry.type,
          rank,
          entry: numbers.get(key(entry.type, entry.id)) as number,
        },
      ];
    });
    return hits.sort((a, b) => b.rank - a.rank || b.entry - a.entry);
  }

  async function expectModel() {
    const filters: [string[], string[] | undefined][] = [
      [LEVELS, undefined],
      [['public', 'internal'], undefined],
      [LEVELS, ['source']],
    ];
    const numbers = await entryNumbers();
    for (const q of QUERIES) {
      const terms = queryTerms(q);
      for (const [levels, types] of filters) {
        const want = expected(numbers, terms, levels, types);
        const got = await everyPage(index, t.database.db, { terms, levels, types, limit: 7 });
        const shape = (h: { id: string; type: string; rank: number; entry: number }) =>
          `${h.type}/${h.id} rank ${h.rank} entry ${h.entry}`;
        expect(got.map(shape), `${q} for ${levels} ${types ?? ''}`).toEqual(want.map(shape));

        const counts = await index.facets(t.database.db, { terms, levels, types, countUpTo: 1e6 });
        const byType = new Map<string, number>();
        for (const hit of want) byType.set(hit.type, (byType.get(hit.type) ?? 0) + 1);
        expect(Object.fromEntries(counts.map((c) => [c.type, c.count])), `counts of ${q}`).toEqual(
          Object.fromEntries(byType),
        );
        const capped = await index.facets(t.database.db, { terms, levels, types, countUpTo: 5 });
        expect(capped.reduce((sum, c) => sum + c.count, 0)).toBe(Math.min(5, want.length));
      }
    }
  }

  beforeAll(async () => {
    t = await createTestDatabase();
    const entries: SearchEntry[] = [];
    for (let i = 0; i < 240; i++) entries.push(randomEntry(TYPES[i % 3] as string, `e${i}`));
    for (let i = 0; i < 60; i++) {
      const entry = randomEntry('person', `z${i}`);
      entries.push({ ...entry, text: `zz${i} ${entry.text}` });
    }
    await write(entries);
  }, 60_000);
  afterAll(() => t.cleanup());

  it('answers every query as the model does once filled', async () => {
    await expectModel();
  });

  it('follows entries rewritten with other words or another sensitivity, or as they were', async () => {
    const entries = [...live.values()];
    const rewritten = entries
      .filter((_, i) => i % 3 === 0)
      .map((entry, i) =>
        i % 2 === 0 ? randomEntry(entry.type, entry.id) : { ...entry, sensitivity: 'public' },
      );
    const unchanged = entries.filter((_, i) => i % 3 === 1);
    await write([...rewritten, ...unchanged]);
    await expectModel();
  });

  it('follows entries removed one by one, and a type cleared', async () => {
    for (const entry of [...live.values()].filter((_, i) => i % 4 === 0)) {
      await inTransaction(t.database.db, (db) => index.remove(db, entry.type, entry.id));
      live.delete(key(entry.type, entry.id));
    }
    await inTransaction(t.database.db, (db) => index.clear(db, ['proceeding']));
    for (const [k, entry] of live) if (entry.type === 'proceeding') live.delete(k);
    await expectModel();
    // and new entries after it all are found, newest first
    await write([randomEntry('proceeding', 'late1'), randomEntry('person', 'late2')]);
    await expectModel();
  });
});
