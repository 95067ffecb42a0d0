import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { makeOrganization, makePerson, makeSource, post } from '../../../test/helpers/fixtures.js';

const UNKNOWN_ID = '0193a6e4-7a52-7cc1-9d6a-3b0c2f1e4d5a';

describe('allegations', () => {
  let t: TestApp;
  let dhs: { id: string };
  let source: { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    dhs = await makeOrganization(t, { name: 'Department of Homeland Security', country: 'US' });
    source = await makeSource(t, { title: 'Declaration of a barber’s employer' });
  });
  afterAll(() => t.close());

  const postAllegation = (payload: Record<string, unknown>) =>
    t.inject({ method: 'POST', url: '/api/v1/allegations', payload });

  const gangClaim = (personId: string) => ({
    personId,
    claim: 'member of Tren de Aragua',
    category: 'gang_membership',
    group: 'Tren de Aragua',
    status: 'asserted',
  });

  const allegationsOf = async (personId: string) =>
    (await t.inject({ url: `/api/v1/allegations?personId=${personId}` })).json().items;

  const errorFields = (response: { json(): { errors: { field: string }[] } }) =>
    response
      .json()
      .errors.map((e) => e.field)
      .sort();

  it('records who alleged what, on which basis, with evidence on both sides and a citation', async () => {
    const person = await makePerson(t);
    const response = await postAllegation({
      ...gangClaim(person.id),
      madeByOrganizationId: dhs.id,
      madeAt: '2025-03~',
      basis: ['tattoo', 'checklist_score'],
      legalInstrument: 'Alien Enemies Act',
      response: 'denies',
      evidence: [
        { stance: 'supports', description: 'a crown tattoo on the left hand' },
        { stance: 'refutes', sourceId: source.id, locator: 'para. 4' },
      ],
      citations: [{ sourceId: source.id, field: 'response', locator: 'para. 7' }],
    });
    expect(response.statusCode).toBe(201);
    const allegation = response.json();
    expect(allegation).toMatchObject({
      madeByOrganizationId: dhs.id,
      madeAt: '2025-03~',
      basis: ['tattoo', 'checklist_score'],
      sensitivity: 'internal',
      evidence: [
        { stance: 'supports', description: 'a crown tattoo on the left hand' },
        { stance: 'refutes', sourceId: source.id, locator: 'para. 4' },
      ],
    });
    expect(allegation.citations).toEqual([
      expect.objectContaining({ sourceId: source.id, field: 'response', locator: 'para. 7' }),
    ]);
  });

  it('accepts an allegation whose author is unknown', async () => {
    const person = await makePerson(t);
    const response = await postAllegation({ ...gangClaim(person.id), basis: ['none_stated'] });
    expect(response.statusCode).toBe(201);
  });

  it('rejects an evidence item with neither a source nor a description and writes nothing', async () => {
    const person = await makePerson(t);
    const response = await postAllegation({
      ...gangClaim(person.id),
      evidence: [
        { stance: 'supports', description: 'photo of a tattoo' },
        { stance: 'refutes', locator: 'p. 2' },
      ],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      expect.objectContaining({
        field: 'evidence.1',
        reason: 'needs sourceId or description',
        code: 'one_of_required',
      }),
    ]);
    expect(await allegationsOf(person.id)).toEqual([]);
  });

  it('rejects an allegation made by both a person and an organization', async () => {
    const person = await makePerson(t);
    const official = await makePerson(t, { givenNames: 'Official', roles: ['official'] });
    const response = await postAllegation({
      ...gangClaim(person.id),
      madeByPersonId: official.id,
      madeByOrganizationId: dhs.id,
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      expect.objectContaining({ field: 'madeByOrganizationId', code: 'exclusive_fields' }),
    ]);
    expect(await allegationsOf(person.id)).toEqual([]);
  });

  it('rejects unknown people and sources, naming each field', async () => {
    const person = await makePerson(t);
    const response = await postAllegation({
      ...gangClaim(person.id),
      madeByPersonId: UNKNOWN_ID,
      evidence: [{ stance: 'supports', sourceId: UNKNOWN_ID }],
    });
    expect(response.statusCode).toBe(422);
    expect(errorFields(response)).toEqual(['evidence.0.sourceId', 'madeByPersonId']);
    expect(response.json().errors[0].code).toBe('unknown_reference');
  });

  it('names every malformed field at once', async () => {
    const response = await postAllegation({
      personId: 'nobody',
      claim: '  ',
      category: 'gang',
      basis: ['tattoo', 'hunch'],
      status: 'suspected',
      evidence: [{ stance: 'maybe', description: 'x' }],
    });
    expect(response.statusCode).toBe(422);
    expect(errorFields(response)).toEqual([
      'basis.1',
      'category',
      'claim',
      'evidence.0.stance',
      'personId',
      'status',
    ]);
  });

  it('lists one person’s allegations, narrowed by status and category', async () => {
    const person = await makePerson(t);
    const other = await makePerson(t);
    await postAllegation({ ...gangClaim(person.id), madeAt: '2025-03-14' });
    await postAllegation({
      personId: person.id,
      claim: 'entered without inspection',
      category: 'immigration_violation',
      status: 'charged',
      madeAt: '2023',
    });
    await postAllegation(gangClaim(other.id));

    const all = await allegationsOf(person.id);
    expect(all.map((a: { madeAt: string }) => a.madeAt)).toEqual(['2023', '2025-03-14']);
    const charged = (
      await t.inject({ url: `/api/v1/allegations?personId=${person.id}&status=charged` })
    ).json();
    expect(charged.items.map((a: { claim: string }) => a.claim)).toEqual([
      'entered without inspection',
    ]);
    const gang = (
      await t.inject({
        url: `/api/v1/allegations?personId=${person.id}&category=gang_membership`,
      })
    ).json();
    expect(gang.items).toHaveLength(1);
  });

  it('records a change of status and keeps what it was before in the history', async () => {
    const person = await makePerson(t);
    const allegation = (await postAllegation(gangClaim(person.id))).json();
    const response = await t.inject({
      method: 'PATCH',
      url: `/api/v1/allegations/${allegation.id}`,
      headers: { 'if-match': '"1"', 'x-change-reason': 'government withdrew the designation' },
      payload: { status: 'withdrawn', response: 'denies' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      version: 2,
      status: 'withdrawn',
      group: 'Tren de Aragua',
    });
    const history = (
      await t.inject({ url: `/api/v1/allegations/${allegation.id}/history` })
    ).json();
    expect(history.items[1]).toMatchObject({
      action: 'update',
      reason: 'government withdrew the designation',
      before: { status: 'asserted' },
      after: { status: 'withdrawn', response: 'denies' },
    });
  });

  it('rechecks the rules on update: a patch cannot add a second author', async () => {
    const person = await makePerson(t);
    const allegation = await post(t, 'allegations', {
      ...gangClaim(person.id),
      madeByOrganizationId: dhs.id,
    });
    const response = await t.inject({
      method: 'PATCH',
      url: `/api/v1/allegations/${allegation.id}`,
      payload: { madeByPersonId: person.id },
    });
    expect(response.statusCode).toBe(422);
    const read = (await t.inject({ url: `/api/v1/allegations/${allegation.id}` })).json();
    expect(read).toMatchObject({ version: 1 });
    expect(read).not.toHaveProperty('madeByPersonId');
  });

  it('deletes as a tombstone: gone from the person’s list, kept in history', async () => {
    const person = await makePerson(t);
    const allegation = await post(t, 'allegations', gangClaim(person.id));
    const deleted = await t.inject({
      method: 'DELETE',
      url: `/api/v1/allegations/${allegation.id}`,
      headers: { 'x-change-reason': 'entered against the wrong person' },
    });
    expect(deleted.statusCode).toBe(204);
    expect(await allegationsOf(person.id)).toEqual([]);
    expect((await t.inject({ url: `/api/v1/allegations/${allegation.id}` })).statusCode).toBe(404);
    const history = (
      await t.inject({ url: `/api/v1/allegations/${allegation.id}/history` })
    ).json();
    expect(history.items.map((r: { action: string }) => r.action)).toEqual(['create', 'delete']);
  });

  it('refuses a viewer who tries to record an allegation', async () => {
    const person = await makePerson(t);
    const viewer = await t.as('viewer', 'secret');
    const response = await viewer({
      method: 'POST',
      url: '/api/v1/allegations',
      payload: gangClaim(person.id),
    });
    expect(response.statusCode).toBe(403);
    expect(await allegationsOf(person.id)).toEqual([]);
  });

  it('hides a confidential allegation from a reader without the clearance', async () => {
    const person = await makePerson(t);
    const allegation = await post(t, 'allegations', {
      ...gangClaim(person.id),
      sensitivity: 'confidential',
    });
    const reader = await t.as('viewer', 'internal');
    expect((await reader({ url: `/api/v1/allegations/${allegation.id}` })).statusCode).toBe(404);
    const list = (await reader({ url: `/api/v1/allegations?personId=${person.id}` })).json();
    expect(list.items).toEqual([]);
  });
});
