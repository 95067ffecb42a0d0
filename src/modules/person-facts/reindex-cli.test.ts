import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { habeas } from '../../../test/helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.js';

describe('habeas reindex and person facts', () => {
  let db: TestDatabase;
  let env: Record<string, string | undefined>;
  beforeAll(async () => {
    db = await createTestDatabase();
    env = { HABEAS_DATA_DIR: db.dataDir, DATABASE_URL: db.url };
  });
  afterAll(() => db.cleanup());

  const rows = async () =>
    db.database.db
      .selectFrom('person_facts')
      .select(['person_id', 'level', 'state', 'custodian_id', 'charged'])
      .orderBy('person_id')
      .orderBy('level')
      .execute();

  it('rebuilds wiped person facts from the records', { timeout: 180_000 }, async () => {
    expect((await habeas(['demo'], env)).code).toBe(0);
    const before = await rows();
    expect(before.length).toBeGreaterThan(0);
    await db.database.db.deleteFrom('person_fact_values').execute();
    await db.database.db.deleteFrom('person_facts').execute();

    const { code, stdout } = await habeas(['reindex'], env);
    expect(code).toBe(0);
    expect(stdout).toMatch(/person facts rebuilt \(\d+ people\)/);
    expect(await rows()).toEqual(before);
  });
});
