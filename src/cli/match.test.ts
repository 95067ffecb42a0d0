import { describe, expect, it } from 'vitest';
import { habeas, useCliDatabase } from '../../test/helpers/cli.js';
import { SYSTEM_ACTOR } from '../modules/auth/policy.js';
import { createServices } from '../modules/services.js';

describe('habeas match', () => {
  const cli = useCliDatabase();

  it('files people written before matching existed and queues their duplicates', {
    timeout: 120_000,
  }, async () => {
    const services = createServices(cli.db.database, { dataDir: cli.db.dataDir });
    const ctx = { actor: SYSTEM_ACTOR };
    const a = await services.people.create(ctx, {
      givenNames: 'Juan José',
      familyNames: 'Ramos Ramos',
    });
    const b = await services.people.create(ctx, { aliases: ['RAMOS JUAN JOSE'] });
    await services.people.create(ctx, { givenNames: 'Wilmer', familyNames: 'Vega Sandia' });
    // As a database upgraded from before matching: nobody filed, nothing queued.
    await cli.db.database.db.deleteFrom('match_candidates').execute();
    // SQLite keeps blocks in the process that files people (migration 0022), not in a table.
    if (cli.db.database.engine === 'postgres') {
      await cli.db.database.db.deleteFrom('match_blocks').execute();
    }
    await cli.db.database.db.deleteFrom('match_block_members').execute();
    await cli.db.database.db.deleteFrom('match_people').execute();

    const { code, stdout } = await habeas(['match'], cli.env);
    expect(code, stdout).toBe(0);
    expect(stdout).toContain('3 people filed; 1 candidate pairs await review');
    const pairs = await cli.db.database.db
      .selectFrom('match_candidates')
      .select(['person_a', 'person_b'])
      .execute();
    expect(pairs.map((p) => [p.person_a, p.person_b].sort())).toEqual([[a.id, b.id].sort()]);
  });
});
