import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { habeas } from '../../test/helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';

describe('habeas reindex', () => {
  let db: TestDatabase;
  let env: Record<string, string | undefined>;
  beforeAll(async () => {
    db = await createTestDatabase();
    env = { HABEAS_DATA_DIR: db.dataDir, DATABASE_URL: db.url };
  });
  afterAll(() => db.cleanup());

  const indexed = async () => {
    const row = await db.database.db
      .selectFrom('search_index')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };

  it('rebuilds a wiped search index from the records', { timeout: 120_000 }, async () => {
    expect((await habeas(['demo'], env)).code).toBe(0);
    const before = await indexed();
    expect(before).toBeGreaterThan(0);
    await sql`delete from search_index`.execute(db.database.db);
    expect(await indexed()).toBe(0);

    const { code, stdout } = await habeas(['reindex'], env);
    expect(code).toBe(0);
    expect(stdout).toMatch(/search index rebuilt/);
    expect(await indexed()).toBe(before);
  });
});
