import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { makeOrganization, makePerson, makePlace, post } from '../../../test/helpers/fixtures.js';

const daysAgo = (days: number) =>
  new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

describe('people facets, fact filters and the attention list', () => {
  let t: TestApp;
  let prisons: { id: string };
  let ice: { id: string };
  let cecot: { id: string };
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp();
    prisons = await makeOrganization(t, { name: 'Prison authority' });
    ice = await makeOrganization(t, { name: 'ICE', kind: 'agency', country: 'US' });
    cecot = await makePlace(t);
    const held = async (name: string, nationalities: string[], when: string, status: string) => {
      const person = await makePerson(t, { givenNames: name, nationalities, roles: ['detained'] });
      ids[name] = person.id;
      await post(t, 'custody-events', {
        personId: person.id,
        kind: 'removed',
        occurredAt: '2025-03-15',
        custodianId: ice.id,
      });
      await post(t, 'custody-events', {
        personId: person.id,
        kind: 'handed_over',
        occurredAt: when,
        custodianId: prisons.id,
        placeId: cecot.id,
      });
      await post(t, 'allegations', {
        personId: person.id,
        claim: 'member of Tren de Aragua',
        category: 'gang_membership',
        status,
      });
    };
    await held('Andrés', ['VE'], '2025-03-16', 'asserted');
    await held('Bruno', ['VE', 'CO'], '2025-03-16', 'asserted');
    await held('Carlos', ['VE'], daysAgo(5), 'charged');
    const lost = await makePerson(t, { givenNames: 'Desaparecido', nationalities: ['VE'] });
    ids.Desaparecido = lost.id;
    await post(t, 'custody-events', {
      personId: lost.id,
      kind: 'whereabouts_unknown',
      occurredAt: '2025-05',
    });
    ids.Juez = (await makePerson(t, { givenNames: 'Juez', roles: ['judge'] })).id;
    // Held at CECOT only according to a confidential event: invisible below that clearance.
    const secret = await makePerson(t, { givenNames: 'Eusebio', nationalities: ['VE'] });
    ids.Eusebio = secret.id;
    await post(t, 'custody-events', {
      personId: secret.id,
      kind: 'handed_over',
      occurredAt: '2025-03-16',
      custodianId: prisons.id,
      placeId: cecot.id,
      sensitivity: 'confidential',
    });
  });
  afterAll(() => t.close());

  const get = async (url: string, inject = t.inject) => {
    const response = await inject({ url });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const count = (facet: { value: string; count: number }[], value: string) =>
    facet.find((f) => f.value === value)?.count ?? 0;

  it('counts people per facet value, with custodians and places named', async () => {
    const body = await get('/api/v1/people/facets');
    expect(body.total).toBe(6);
    expect(count(body.facets.nationality, 'VE')).toBe(5);
    expect(count(body.facets.nationality, 'CO')).toBe(1);
    expect(count(body.facets.status, 'in_custody')).toBe(4);
    expect(count(body.facets.status, 'unknown')).toBe(1);
    expect(body.facets.custodian).toContainEqual({
      value: prisons.id,
      label: 'Prison authority',
      count: 4,
    });
    expect(body.facets.place).toContainEqual({ value: cecot.id, label: 'CECOT', count: 4 });
    expect(count(body.facets.allegationStatus, 'asserted')).toBe(2);
    expect(count(body.facets.hadHearing, 'no')).toBe(3);
  });

  it("applies every other filter to a facet's counts, but not its own", async () => {
    const body = await get('/api/v1/people/facets?nationality=CO&allegationStatus=asserted');
    expect(body.total).toBe(1);
    // The nationality facet ignores nationality=CO: both nationalities of asserted people show.
    expect(count(body.facets.nationality, 'VE')).toBe(2);
    expect(count(body.facets.nationality, 'CO')).toBe(1);
    // The allegation-status facet ignores its own filter but keeps nationality=CO.
    expect(count(body.facets.allegationStatus, 'asserted')).toBe(1);
    expect(count(body.facets.allegationStatus, 'charged')).toBe(0);
    expect(count(body.facets.status, 'in_custody')).toBe(1);
  });

  it('narrows the facets by a text query', async () => {
    const body = await get('/api/v1/people/facets?q=bruno');
    expect(body.total).toBe(1);
    expect(count(body.facets.nationality, 'CO')).toBe(1);
  });

  it('counts only what the caller may see', async () => {
    const viewer = await t.as('viewer', 'internal');
    const body = await get(`/api/v1/people/facets?place=${cecot.id}`, viewer);
    expect(body.total).toBe(3);
    const admin = await get(`/api/v1/people/facets?place=${cecot.id}`);
    expect(admin.total).toBe(4);
  });

  it('filters the people list by current status, custodian, place, allegation status and hearing', async () => {
    const names = async (query: string, inject = t.inject) =>
      (await get(`/api/v1/people?${query}&limit=200`, inject)).items
        .map((p: { givenNames: string }) => p.givenNames)
        .sort();
    expect(await names('status=unknown')).toEqual(['Desaparecido']);
    expect(await names(`custodian=${prisons.id}`)).toEqual([
      'Andrés',
      'Bruno',
      'Carlos',
      'Eusebio',
    ]);
    expect(await names(`place=${cecot.id}&allegationStatus=charged`)).toEqual(['Carlos']);
    expect(await names('hadHearing=no&nationality=CO')).toEqual(['Bruno']);
    expect(await names(`place=${cecot.id}`, await t.as('viewer', 'internal'))).toEqual([
      'Andrés',
      'Bruno',
      'Carlos',
    ]);
  });

  it('rejects a bad facet or filter value, naming the parameter', async () => {
    for (const url of [
      '/api/v1/people/facets?status=asleep',
      '/api/v1/people/facets?shoeSize=9',
      '/api/v1/people?hadHearing=maybe',
      '/api/v1/people?custodian=not-an-id',
    ]) {
      const response = await t.inject({ url });
      expect(response.statusCode, url).toBe(400);
      expect(response.headers['content-type']).toMatch(/problem\+json/);
      expect(response.json().errors[0].field).toMatch(/status|shoeSize|hadHearing|custodian/);
    }
    expect((await t.app.inject({ url: '/api/v1/people/facets' })).statusCode).toBe(401);
  });

  it('lists people whose status is unknown or stale, oldest first, never officials', async () => {
    const body = await get('/api/v1/people/attention?staleDays=90');
    const rows = body.items.map((i: { person: { label: string } }) => i.person.label);
    // Andrés, Bruno and Eusebio were last confirmed in March 2025; Carlos five days ago.
    expect(body.items.map((i: { person: { id: string } }) => i.person.id)).not.toContain(
      ids.Carlos,
    );
    expect(body.items.map((i: { person: { id: string } }) => i.person.id)).not.toContain(ids.Juez);
    expect(rows).toHaveLength(4);
    const lost = body.items.find(
      (i: { person: { id: string } }) => i.person.id === ids.Desaparecido,
    );
    expect(lost).toMatchObject({ reason: 'unknown', state: 'unknown', asOf: '2025-05' });
    const andres = body.items.find((i: { person: { id: string } }) => i.person.id === ids.Andrés);
    expect(andres).toMatchObject({ reason: 'stale', state: 'in_custody', asOf: '2025-03-16' });
    expect(andres.daysSince).toBeGreaterThan(90);
    // Oldest first: every March status comes before the May one.
    expect(body.items.at(-1).person.id).toBe(ids.Desaparecido);
  });

  it('pages the attention list with a cursor', async () => {
    const first = await get('/api/v1/people/attention?limit=2');
    expect(first.items).toHaveLength(2);
    const second = await get(`/api/v1/people/attention?limit=2&cursor=${first.nextCursor}`);
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    const all = [...first.items, ...second.items].map((i) => i.person.id);
    expect(new Set(all).size).toBe(4);
  });

  it('keeps the attention list at the caller clearance', async () => {
    const body = await get('/api/v1/people/attention', await t.as('viewer', 'internal'));
    // Eusebio's only custody event is confidential: below it, nothing is recorded for him.
    const eusebio = body.items.find((i: { person: { id: string } }) => i.person.id === ids.Eusebio);
    expect(eusebio).toMatchObject({ reason: 'unknown', state: 'no_record', asOf: null });
  });

  it('rejects a bad staleDays, limit or cursor', async () => {
    // A forged cursor is well-formed text the list cannot use: 422, as on every list.
    for (const [query, field, status] of [
      ['staleDays=0', 'staleDays', 400],
      ['staleDays=soon', 'staleDays', 400],
      ['limit=500', 'limit', 400],
      ['cursor=nonsense', 'cursor', 422],
    ] as const) {
      const response = await t.inject({ url: `/api/v1/people/attention?${query}` });
      expect(response.statusCode, query).toBe(status);
      expect(response.json().errors[0]).toMatchObject({ field });
    }
  });
});
