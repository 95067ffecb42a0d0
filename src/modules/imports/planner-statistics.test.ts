import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { BULK_WRITE_ROWS } from '../../db/statistics.js';

/**
 * After a bulk import commits, the planner knows the tables are full: on PostgreSQL, before
 * autovacuum gets there, a people page would otherwise sort the whole table.
 */
describe('planner statistics after a bulk import', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** The planner's idea of how many people there are. */
  async function plannedPeople(): Promise<number | null> {
    if (t.database.engine === 'postgres') {
      const { rows } = await sql<{ n: string; analyzed: string | null }>`
        select reltuples as n, (select last_analyze from pg_stat_user_tables where relname = 'people') as analyzed
        from pg_class where relname = 'people'`.execute(t.database.db);
      return rows[0]?.analyzed ? Number(rows[0].n) : null;
    }
    const { rows } = await sql<{ stat: string }>`
      select stat from sqlite_stat1 where tbl = 'people' and idx = 'people_sort_name_id_idx'`
      .execute(t.database.db)
      .catch(() => ({ rows: [] as { stat: string }[] }));
    return rows[0] ? Number(rows[0].stat.split(' ')[0]) : null;
  }

  it('are brought up to date once a large import commits', async () => {
    expect(await plannedPeople()).toBeNull();
    async function* people() {
      for (let row = 1; row <= BULK_WRITE_ROWS; row++) {
        yield {
          type: 'person',
          origin: { row, file: 'bulk' },
          externalId: `bulk-${row}`,
          body: { givenNames: `Persona ${row}` },
        };
      }
    }
    const report = await t.services.imports.importItems(t.ctx, people());
    expect(report).toMatchObject({ created: BULK_WRITE_ROWS, committed: true });
    expect(await plannedPeople()).toBeGreaterThanOrEqual(BULK_WRITE_ROWS * 0.9);
  });
});
