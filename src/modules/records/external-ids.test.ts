import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { makePerson } from '../../../test/helpers/fixtures.js';

/** External ids: how an import finds again the record it made from a row. */
describe('external ids', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('stores one, lists by it and reads it back', async () => {
    const person = await makePerson(t, { externalId: 'ddp:A-1001' });
    expect(person.externalId).toBe('ddp:A-1001');
    const list = await t.inject({ url: '/api/v1/people?externalId=ddp%3AA-1001' });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((p: { id: string }) => p.id)).toEqual([person.id]);
  });

  it('refuses a second record with the same external id, naming the holder, and writes nothing', async () => {
    const first = await makePerson(t, { externalId: 'list-7' });
    const response = await t.inject({
      method: 'POST',
      url: '/api/v1/people',
      payload: { givenNames: 'Otro', familyNames: 'Nombre', externalId: 'list-7' },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      expect.objectContaining({
        field: 'externalId',
        code: 'duplicate_external_id',
        reason: expect.stringContaining(first.id),
      }),
    ]);
    const list = await t.inject({ url: '/api/v1/people?externalId=list-7' });
    expect(list.json().items).toHaveLength(1);
  });

  it('keeps an external id taken by a deleted record, so a re-import cannot duplicate it', async () => {
    const gone = await makePerson(t, { externalId: 'list-8' });
    await t.inject({ method: 'DELETE', url: `/api/v1/people/${gone.id}` });
    const response = await t.inject({
      method: 'POST',
      url: '/api/v1/people',
      payload: { givenNames: 'Otro', familyNames: 'Nombre', externalId: 'list-8' },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors[0].reason).toContain('(deleted)');
  });

  it('is patched and cleared like any field, with a revision', async () => {
    const person = await makePerson(t);
    const set = await t.inject({
      method: 'PATCH',
      url: `/api/v1/people/${person.id}`,
      payload: { externalId: 'press-list:12' },
    });
    expect(set.json()).toMatchObject({ version: 2, externalId: 'press-list:12' });
    const cleared = await t.inject({
      method: 'PATCH',
      url: `/api/v1/people/${person.id}`,
      payload: { externalId: null },
    });
    expect(cleared.json().externalId).toBeUndefined();
    const again = await t.inject({ url: '/api/v1/people?externalId=press-list%3A12' });
    expect(again.json().items).toEqual([]);
    const history = (await t.inject({ url: `/api/v1/people/${person.id}/history` })).json();
    expect(history.items[1].after.externalId).toBe('press-list:12');
  });

  it('finds records by external id for an importer, tombstones included', async () => {
    const live = await makePerson(t, { externalId: 'svc-1' });
    const gone = await makePerson(t, { externalId: 'svc-2' });
    await t.inject({ method: 'DELETE', url: `/api/v1/people/${gone.id}` });
    const found = await t.services.people.findByExternalIds(t.ctx, ['svc-1', 'svc-2', 'svc-3']);
    expect(found.map((r) => [r.id, r.deletedAt !== null]).sort()).toEqual(
      [
        [live.id, false],
        [gone.id, true],
      ].sort(),
    );
  });
});
