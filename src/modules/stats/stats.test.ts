import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { makeOrganization, makePerson, makePlace, post } from '../../../test/helpers/fixtures.js';

describe('statistics', () => {
  let t: TestApp;
  let cecot: { id: string };
  let prisons: { id: string };
  beforeAll(async () => {
    t = await createTestApp();
    prisons = await makeOrganization(t, { name: 'Prison authority' });
    cecot = await makePlace(t);
    const ice = await makeOrganization(t, { name: 'ICE', kind: 'agency', country: 'US' });
    // Three men held in CECOT and released after 2025-03-16 → 2025-07-18; one charged.
    for (const [name, charged] of [
      ['Uno', false],
      ['Dos', false],
      ['Tres', true],
    ] as const) {
      const person = await makePerson(t, { givenNames: name, nationalities: ['VE'] });
      await post(t, 'custody-events', {
        personId: person.id,
        kind: 'removed',
        occurredAt: '2025-03-15',
        custodianId: ice.id,
      });
      await post(t, 'custody-events', {
        personId: person.id,
        kind: 'handed_over',
        occurredAt: '2025-03-16',
        custodianId: prisons.id,
        placeId: cecot.id,
      });
      await post(t, 'allegations', {
        personId: person.id,
        claim: 'member of Tren de Aragua',
        category: 'gang_membership',
        status: charged ? 'charged' : 'asserted',
      });
      if (name !== 'Dos') {
        await post(t, 'custody-events', {
          personId: person.id,
          kind: 'released',
          occurredAt: '2025-07-18',
        });
      }
    }
    // Someone never held, and a confidential record that must not move any number below its clearance.
    await makePerson(t, { givenNames: 'Free', nationalities: ['SV'] });
    await makePerson(t, {
      givenNames: 'Secret',
      nationalities: ['VE'],
      sensitivity: 'confidential',
    });
  });
  afterAll(() => t.close());

  const stats = async (query: string, inject = t.inject) => {
    const response = await inject({ url: `/api/v1/stats?${query}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  it('counts people held in CECOT with no charge and no hearing', async () => {
    const body = await stats(`heldAt=${cecot.id}&charged=no&hearingBeforeRemoval=no`);
    expect(body.total).toBe(2);
  });

  it('groups people by current custodian and by state', async () => {
    const body = await stats('groupBy=custodian,state');
    expect(body.groups.custodian).toEqual(
      expect.arrayContaining([
        { key: null, count: 4 },
        { key: prisons.id, count: 1 },
      ]),
    );
    expect(body.groups.state).toEqual(
      expect.arrayContaining([
        { key: 'released', count: 2 },
        { key: 'in_custody', count: 1 },
        { key: 'no_record', count: 2 },
      ]),
    );
  });

  it('gives the median days held without charge, as the fewest and most the dates allow', async () => {
    const body = await stats(`heldAt=${cecot.id}&state=released`);
    expect(body.total).toBe(2);
    // Only the uncharged, released man counts: 2025-03-15 → 2025-07-18.
    expect(body.daysHeldWithoutCharge.least).toMatchObject({ count: 1, median: 125 });
  });

  it('counts only what the caller may see', async () => {
    const admin = await stats('nationality=VE');
    const viewer = await stats('nationality=VE', await t.as('viewer', 'internal'));
    expect(admin.total).toBe(4);
    expect(viewer.total).toBe(3);
  });

  it('rejects an unknown grouping or filter, naming it', async () => {
    const response = await t.inject({ url: '/api/v1/stats?groupBy=shoeSize' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toMatchObject({ field: 'groupBy' });
    expect((await t.app.inject({ url: '/api/v1/stats' })).statusCode).toBe(401);
  });
});
