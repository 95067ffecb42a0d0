import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { makePerson } from '../../../test/helpers/fixtures.js';

/** Views kept up to date on write hear of every write inside its transaction, or fail it. */
describe('write observers', () => {
  let t: TestApp;
  const seen: string[] = [];
  let failNext = false;
  beforeAll(async () => {
    t = await createTestApp();
    t.services.registry.onWrite('person', async (_ctx, change) => {
      seen.push(`${change.action}:${change.before?.version ?? '-'}→${change.after.version}`);
      if (failNext) throw new Error('view could not be updated');
    });
  });
  afterAll(() => t.close());

  it('tells an observer of create, update, delete and restore with before and after', async () => {
    seen.length = 0;
    const person = await makePerson(t);
    await t.inject({
      method: 'PATCH',
      url: `/api/v1/people/${person.id}`,
      payload: { occupation: 'x' },
    });
    await t.inject({ method: 'DELETE', url: `/api/v1/people/${person.id}` });
    await t.inject({ method: 'POST', url: `/api/v1/people/${person.id}/restore` });
    expect(seen).toEqual(['create:-→1', 'update:1→2', 'delete:2→3', 'restore:3→4']);
  });

  it('rolls the write back when an observer fails, so a view never drifts from the data', async () => {
    const person = await makePerson(t, { occupation: 'before' });
    failNext = true;
    const response = await t.inject({
      method: 'PATCH',
      url: `/api/v1/people/${person.id}`,
      payload: { occupation: 'after' },
    });
    failNext = false;
    expect(response.statusCode).toBe(500);
    const stored = (await t.inject({ url: `/api/v1/people/${person.id}` })).json();
    expect(stored).toMatchObject({ version: 1, occupation: 'before' });
    const history = (await t.inject({ url: `/api/v1/people/${person.id}/history` })).json();
    expect(history.items).toHaveLength(1);
  });
});
