import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { habeas, useCliDatabase } from '../../test/helpers/cli.js';

describe('habeas reindex', () => {
  const cli = useCliDatabase();

  const indexed = async () => {
    const row = await cli.db.database.db
      .selectFrom('search_index')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };

  it('rebuilds a wiped search index from the records', { timeout: 120_000 }, async () => {
    expect((await habeas(['demo'], cli.env)).code).toBe(0);
    const before = await indexed();
    expect(before).toBeGreaterThan(0);
    await sql`delete from search_index`.execute(cli.db.database.db);
    expect(await indexed()).toBe(0);

    const { code, stdout } = await habeas(['reindex'], cli.env);
    expect(code).toBe(0);
    expect(stdout).toMatch(/search index rebuilt/);
    expect(await indexed()).toBe(before);
  });
});
