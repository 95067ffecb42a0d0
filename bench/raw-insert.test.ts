import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_ENGINE, type TestDatabase } from '../test/helpers/database.js';
import { rawInsertBaseline } from './raw-insert.js';

/** More rows than one read chunk, so that the copy is read and written in several. */
const ROWS = 12_345;

describe('the import baseline: raw inserts of the rows an import wrote', () => {
  let t: TestDatabase;
  let target: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    target = t.url ?? path.join(t.dataDir, 'habeas.sqlite');
    const keys =
      TEST_ENGINE === 'postgres'
        ? sql`insert into person_match_keys (person_id, match_key)
            select 'p' || lpad(n::text, 6, '0'), 'k' || (n % 97) from generate_series(1, ${ROWS}) n`
        : sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${ROWS})
            insert into person_match_keys (person_id, match_key)
            select 'p' || printf('%06d', i), 'k' || (i % 97) from n`;
    await keys.execute(t.database.db);
  });
  afterAll(() => t.cleanup());

  const tables = async () =>
    (await t.database.db.introspection.getTables()).map((table) => table.name);

  it('writes as many of the rows as asked, in chunks, into a copy it drops after', async () => {
    const some = await rawInsertBaseline(TEST_ENGINE, target, 500, { person_match_keys: 12_000 });
    expect(some.rows).toBe(12_000);
    expect(some.byTable.person_match_keys?.rows).toBe(12_000);
    expect(some.rowsPerSecond).toBeGreaterThan(0);
    const all = await rawInsertBaseline(TEST_ENGINE, target, 500, { person_match_keys: 50_000 });
    expect(all.rows).toBe(ROWS);
    expect(await tables()).not.toContain('bench_raw_person_match_keys');
    expect(await tables()).toContain('person_match_keys');
  });
});
