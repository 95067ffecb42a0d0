import { describe, expect, it } from 'vitest';
import { habeas, useCliDatabase } from '../../../test/helpers/cli.js';

describe('habeas reindex and person facts', () => {
  const cli = useCliDatabase();

  const rows = async () =>
    cli.db.database.db
      .selectFrom('person_facts')
      .select(['person_id', 'level', 'state', 'custodian_id', 'charged'])
      .orderBy('person_id')
      .orderBy('level')
      .execute();

  it('rebuilds wiped person facts from the records', { timeout: 180_000 }, async () => {
    expect((await habeas(['demo'], cli.env)).code).toBe(0);
    const before = await rows();
    expect(before.length).toBeGreaterThan(0);
    await cli.db.database.db.deleteFrom('person_fact_values').execute();
    await cli.db.database.db.deleteFrom('person_facts').execute();

    const { code, stdout } = await habeas(['reindex'], cli.env);
    expect(code).toBe(0);
    expect(stdout).toMatch(/person facts rebuilt \(\d+ people\)/);
    expect(await rows()).toEqual(before);
  });
});
