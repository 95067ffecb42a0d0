import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { upsertEntries } from './search/shared.js';
import { refreshPlannerStatistics } from './statistics.js';
import { inTransaction } from './transaction.js';

describe('refreshing planner statistics after a bulk write', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    const entries = Array.from({ length: 2000 }, (_, i) => ({
      type: 'person',
      id: `p${i}`,
      sensitivity: 'internal',
      title: `person ${i}`,
      text: `jose garcia ${i}`,
    }));
    await inTransaction(t.database.db, (db) => upsertEntries(db, entries));
  });
  afterAll(() => t.cleanup());

  it('refuses to run inside a transaction, where it could not see the write', async () => {
    await expect(
      inTransaction(t.database.db, (db) => refreshPlannerStatistics(db)),
    ).rejects.toThrow(/after the commit/);
  });

  it('leaves the planner knowing the tables, and PostgreSQL postings readable off their index', async () => {
    await refreshPlannerStatistics(t.database.db);
    const { db, engine } = t.database;
    if (engine === 'sqlite') {
      const { rows } = await sql<{ tbl: string }>`select tbl from sqlite_stat1
        where tbl = 'search_index'`.execute(db);
      expect(rows.length).toBeGreaterThan(0);
    } else {
      const { rows } = await sql<{ relpages: number; relallvisible: number }>`
        select relpages, relallvisible from pg_class where relname = 'search_postings'`.execute(db);
      const [postings] = rows;
      expect(postings?.relpages).toBeGreaterThan(0);
      // every page marked all-visible: an index-only scan visits none of them
      expect(postings?.relallvisible).toBe(postings?.relpages);
    }
  });
});
