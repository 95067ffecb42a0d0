import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { makePerson, makeSource } from '../../../test/helpers/fixtures.js';

/** The generic record engine, exercised through the people endpoints. */
describe('record lifecycle', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers a create with 201, a Location and the version as ETag', async () => {
    const response = await t.inject({
      method: 'POST',
      url: '/api/v1/people',
      payload: { givenNames: 'Andry', familyNames: 'Blanco Bonilla' },
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(response.headers.location).toBe(`/api/v1/people/${body.id}`);
    expect(response.headers.etag).toBe('"1"');
    expect(body).toMatchObject({
      version: 1,
      sensitivity: 'internal',
      createdBy: t.admin.actor.id,
    });
  });

  it('updates fields, keeps the rest and records before, after, who, when and why', async () => {
    const person = await makePerson(t, { occupation: 'student', aliases: ['J. Reyes'] });
    const response = await t.inject({
      method: 'PATCH',
      url: `/api/v1/people/${person.id}`,
      headers: { 'if-match': '"1"', 'x-change-reason': encodeURIComponent('corrección según ABC') },
      payload: { occupation: 'amateur soccer player' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      version: 2,
      occupation: 'amateur soccer player',
      aliases: ['J. Reyes'],
    });
    const history = (await t.inject({ url: `/api/v1/people/${person.id}/history` })).json();
    expect(history.items).toHaveLength(2);
    expect(history.items[0]).toMatchObject({ action: 'create', version: 1, before: null });
    expect(history.items[1]).toMatchObject({
      action: 'update',
      version: 2,
      actor: t.admin.actor.id,
      reason: 'corrección según ABC',
      before: { occupation: 'student' },
      after: { occupation: 'amateur soccer player' },
    });
    expect(history.items[1].requestId).toBeTruthy();
  });

  it('refuses an update based on a stale version and keeps the newer edit', async () => {
    const person = await makePerson(t);
    await t.inject({
      method: 'PATCH',
      url: `/api/v1/people/${person.id}`,
      headers: { 'if-match': '"1"' },
      payload: { occupation: 'first edit' },
    });
    const stale = await t.inject({
      method: 'PATCH',
      url: `/api/v1/people/${person.id}`,
      headers: { 'if-match': '"1"' },
      payload: { occupation: 'second edit from an old copy' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'conflict', details: { currentVersion: 2 } });
    const read = (await t.inject({ url: `/api/v1/people/${person.id}` })).json();
    expect(read.occupation).toBe('first edit');
  });

  it('clears a field sent as null', async () => {
    const person = await makePerson(t, { occupation: 'student' });
    const response = await t.inject({
      method: 'PATCH',
      url: `/api/v1/people/${person.id}`,
      payload: { occupation: null },
    });
    expect(response.json()).not.toHaveProperty('occupation');
  });

  it('writes no revision for an update that changes nothing', async () => {
    const person = await makePerson(t, { occupation: 'student' });
    const response = await t.inject({
      method: 'PATCH',
      url: `/api/v1/people/${person.id}`,
      payload: { occupation: 'student' },
    });
    expect(response.json().version).toBe(1);
    const history = (await t.inject({ url: `/api/v1/people/${person.id}/history` })).json();
    expect(history.items).toHaveLength(1);
  });

  it('deletes as a tombstone: gone from reads and lists, kept in history, restorable', async () => {
    const person = await makePerson(t, { givenNames: 'Tombstoned' });
    const deleted = await t.inject({
      method: 'DELETE',
      url: `/api/v1/people/${person.id}`,
      headers: { 'x-change-reason': 'duplicate entry' },
    });
    expect(deleted.statusCode).toBe(204);
    expect((await t.inject({ url: `/api/v1/people/${person.id}` })).statusCode).toBe(404);
    const list = (await t.inject({ url: '/api/v1/people?q=tombstoned' })).json();
    expect(list.items).toEqual([]);
    const history = (await t.inject({ url: `/api/v1/people/${person.id}/history` })).json();
    expect(history.items.map((r: { action: string }) => r.action)).toEqual(['create', 'delete']);
    expect(history.items[1]).toMatchObject({ reason: 'duplicate entry' });
    expect(history.items[1].after.deletedAt).toBeTruthy();

    const restored = await t.inject({ method: 'POST', url: `/api/v1/people/${person.id}/restore` });
    expect(restored.statusCode).toBe(200);
    expect(restored.json().version).toBe(3);
    expect((await t.inject({ url: `/api/v1/people/${person.id}` })).statusCode).toBe(200);
  });

  it('answers 404 for an unknown id and 400 naming the parameter for a malformed one', async () => {
    const missing = await t.inject({ url: '/api/v1/people/0193a6e4-7a52-7cc1-9d6a-3b0c2f1e4d5a' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    const malformed = await t.inject({ url: '/api/v1/people/not-an-id' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors).toEqual([
      expect.objectContaining({
        field: 'id',
        in: 'path',
        reason: expect.stringMatching(/record id/),
      }),
    ]);
  });

  it('cannot delete twice or update a deleted record', async () => {
    const person = await makePerson(t);
    await t.inject({ method: 'DELETE', url: `/api/v1/people/${person.id}` });
    expect(
      (await t.inject({ method: 'DELETE', url: `/api/v1/people/${person.id}` })).statusCode,
    ).toBe(404);
    const patch = await t.inject({
      method: 'PATCH',
      url: `/api/v1/people/${person.id}`,
      payload: { occupation: 'x' },
    });
    expect(patch.statusCode).toBe(404);
  });
});

describe('record lists', () => {
  let t: TestApp;
  const names = [
    ['Luis', 'Muñoz Pinto', ['VE']],
    ['Jerce', 'Reyes Barrios', ['VE']],
    ['Juan José', 'Ramos Ramos', ['VE']],
    ['Wilmer', 'Vega Sandia', ['VE']],
    ['Andry', 'Blanco Bonilla', ['VE']],
    ['James E.', 'Boasberg', ['US']],
  ] as const;
  beforeAll(async () => {
    t = await createTestApp();
    for (const [givenNames, familyNames, nationalities] of names) {
      await makePerson(t, { givenNames, familyNames, nationalities });
    }
  });
  afterAll(() => t.close());

  const familyNamesOf = (items: { familyNames: string }[]) => items.map((p) => p.familyNames);

  it('pages through every record exactly once by cursor, in name order', async () => {
    const seen: string[] = [];
    let url = '/api/v1/people?limit=2';
    for (let page = 0; page < 10; page++) {
      const body = (await t.inject({ url })).json();
      seen.push(...familyNamesOf(body.items));
      if (!body.nextCursor) break;
      url = `/api/v1/people?limit=2&cursor=${body.nextCursor}`;
    }
    expect(seen).toEqual([
      'Blanco Bonilla',
      'Boasberg',
      'Muñoz Pinto',
      'Ramos Ramos',
      'Reyes Barrios',
      'Vega Sandia',
    ]);
  });

  it('sorts descending and pages the same way', async () => {
    const first = (await t.inject({ url: '/api/v1/people?sort=-name&limit=4' })).json();
    const second = (
      await t.inject({ url: `/api/v1/people?sort=-name&limit=4&cursor=${first.nextCursor}` })
    ).json();
    expect(familyNamesOf([...first.items, ...second.items])).toEqual([
      'Vega Sandia',
      'Reyes Barrios',
      'Ramos Ramos',
      'Muñoz Pinto',
      'Boasberg',
      'Blanco Bonilla',
    ]);
    expect(second.nextCursor).toBeNull();
  });

  it('matches q regardless of case and accents', async () => {
    const body = (await t.inject({ url: '/api/v1/people?q=MUNOZ' })).json();
    expect(familyNamesOf(body.items)).toEqual(['Muñoz Pinto']);
    const accented = (
      await t.inject({ url: `/api/v1/people?q=${encodeURIComponent('muñoz')}` })
    ).json();
    expect(accented.items).toHaveLength(1);
  });

  it('treats LIKE wildcards in q literally', async () => {
    const body = (await t.inject({ url: '/api/v1/people?q=%25' })).json();
    expect(body.items).toEqual([]);
  });

  it('filters by a member of a list field', async () => {
    const body = (await t.inject({ url: '/api/v1/people?nationality=us' })).json();
    expect(familyNamesOf(body.items)).toEqual(['Boasberg']);
  });

  it('rejects an unknown sort, an unknown parameter and a forged cursor, naming each', async () => {
    const badSort = await t.inject({ url: '/api/v1/people?sort=shoeSize' });
    expect(badSort.statusCode).toBe(400);
    expect(badSort.json().errors[0]).toMatchObject({ field: 'sort', in: 'query' });
    const unknown = await t.inject({ url: '/api/v1/people?nationalty=VE' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0]).toMatchObject({ field: 'nationalty', code: 'unknown_field' });
    const forged = await t.inject({ url: '/api/v1/people?cursor=abc' });
    expect(forged.statusCode).toBe(422);
    expect(forged.json().errors[0]).toMatchObject({ field: 'cursor' });
    const tooMany = await t.inject({ url: '/api/v1/people?limit=5000' });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().errors[0]).toMatchObject({ field: 'limit' });
  });
});

describe('record engine regressions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('creates a confidential record with inline citations without waiting on its own transaction', async () => {
    const source = await makeSource(t);
    const response = await t.inject({
      method: 'POST',
      url: '/api/v1/people',
      payload: {
        givenNames: 'Guarded',
        sensitivity: 'confidential',
        citations: [{ sourceId: source.id }],
      },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().citations).toHaveLength(1);
  });

  it('matches list members containing LIKE wildcards literally, on both engines', async () => {
    const person = await makePerson(t);
    const created = await t.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      payload: { kind: 'food_deprivation', victimIds: [person.id], description: 'meagre rations' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const found = await t.inject({ url: '/api/v1/incidents?anyKind=food_deprivation' });
    expect(found.json().items).toHaveLength(1);
    // Unescaped, "_" would match any one character and this would find the incident above.
    const lookalike = await t.inject({ url: '/api/v1/incidents?anyKind=food_deprivatio_' });
    expect(lookalike.statusCode).toBe(200);
    expect(lookalike.json().items).toHaveLength(0);
  });
});
