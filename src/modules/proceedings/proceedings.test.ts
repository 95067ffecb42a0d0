import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { makeOrganization, makePerson, makeSource, post } from '../../../test/helpers/fixtures.js';

const UNKNOWN_ID = '0193a6e4-7a52-7cc1-9d6a-3b0c2f1e4d5a';

describe('proceedings', () => {
  let t: TestApp;
  let court: { id: string };
  let government: { id: string };
  let judge: { id: string };
  let source: { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    court = await makeOrganization(t, {
      name: 'U.S. District Court for the District of Columbia',
      kind: 'court',
      country: 'US',
    });
    government = await makeOrganization(t, { name: 'United States', kind: 'government' });
    judge = await makePerson(t, { givenNames: 'James E.', familyNames: 'Boasberg' });
    source = await makeSource(t, { kind: 'court_document', title: 'Memorandum opinion' });
  });
  afterAll(() => t.close());

  const postProceeding = (payload: Record<string, unknown>) =>
    t.inject({ method: 'POST', url: '/api/v1/proceedings', payload });

  const habeasCase = (title: string, extra: Record<string, unknown> = {}) => ({
    title,
    kind: 'habeas',
    status: 'active',
    ...extra,
  });

  const titlesOf = (body: { items: { title: string }[] }) => body.items.map((p) => p.title);

  it('records a case with its forum, judge, parties with roles, dates and a citation', async () => {
    const petitioner = await makePerson(t);
    const response = await postProceeding(
      habeasCase('J.G.G. v. Trump', {
        kind: 'class_action',
        forumId: court.id,
        docketNumber: '1:25-cv-00766',
        judgeIds: [judge.id],
        parties: [
          { personId: petitioner.id, role: 'petitioner' },
          { organizationId: government.id, role: 'respondent', note: 'through its officials' },
        ],
        filedAt: '2025-03-15',
        summary: 'Challenge to removals under the Alien Enemies Act.',
        citations: [{ sourceId: source.id, field: 'docketNumber', locator: 'p. 1' }],
      }),
    );
    expect(response.statusCode).toBe(201);
    const proceeding = response.json();
    expect(proceeding).toMatchObject({
      forumId: court.id,
      judgeIds: [judge.id],
      parties: [
        { personId: petitioner.id, role: 'petitioner' },
        { organizationId: government.id, role: 'respondent' },
      ],
      filedAt: '2025-03-15',
    });
    expect(proceeding.citations).toEqual([
      expect.objectContaining({ sourceId: source.id, field: 'docketNumber' }),
    ]);
  });

  it('rejects a party that is both a person and an organization, or neither, and writes nothing', async () => {
    const person = await makePerson(t);
    const response = await postProceeding(
      habeasCase('Doe v. Noem (invalid parties)', {
        parties: [
          { personId: person.id, role: 'petitioner' },
          { personId: person.id, organizationId: government.id, role: 'respondent' },
          { role: 'amicus' },
        ],
      }),
    );
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      expect.objectContaining({ field: 'parties.1', code: 'exclusive_fields' }),
      expect.objectContaining({ field: 'parties.2', code: 'one_of_required' }),
    ]);
    const list = (await t.inject({ url: `/api/v1/proceedings?partyId=${person.id}` })).json();
    expect(list.items).toEqual([]);
  });

  it('rejects a closing date before the filing date', async () => {
    const response = await postProceeding(
      habeasCase('Closed before filed', { filedAt: '2025-03-15', closedAt: '2025-02' }),
    );
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      expect.objectContaining({ field: 'closedAt', code: 'closed_before_filed' }),
    ]);
  });

  it('accepts a closing month that may fall after the filing day', async () => {
    const response = await postProceeding(
      habeasCase('Closed the same month', { filedAt: '2025-03-15', closedAt: '2025-03' }),
    );
    expect(response.statusCode).toBe(201);
  });

  it('rejects unknown forums, judges and parties, naming each field', async () => {
    const response = await postProceeding(
      habeasCase('Unknown references', {
        forumId: UNKNOWN_ID,
        judgeIds: [judge.id, UNKNOWN_ID],
        parties: [{ organizationId: UNKNOWN_ID, role: 'respondent' }],
      }),
    );
    expect(response.statusCode).toBe(422);
    const errors = response.json().errors as { field: string; code: string }[];
    expect(errors.map((e) => e.field).sort()).toEqual([
      'forumId',
      'judgeIds.1',
      'parties.0.organizationId',
    ]);
    expect(new Set(errors.map((e) => e.code))).toEqual(new Set(['unknown_reference']));
  });

  it('finds the proceedings a person or an organization is party to', async () => {
    const client = await makePerson(t);
    const firm = await makeOrganization(t, { name: 'Democracy Forward', kind: 'ngo' });
    await post(
      t,
      'proceedings',
      habeasCase('A habeas petition', {
        parties: [
          { personId: client.id, role: 'petitioner' },
          { organizationId: firm.id, role: 'counsel' },
        ],
      }),
    );
    await post(
      t,
      'proceedings',
      habeasCase('A removal case', {
        kind: 'removal',
        parties: [{ personId: client.id, role: 'respondent' }],
      }),
    );
    await post(t, 'proceedings', habeasCase('Someone else’s case'));

    const byPerson = (await t.inject({ url: `/api/v1/proceedings?partyId=${client.id}` })).json();
    expect(titlesOf(byPerson)).toEqual(['A habeas petition', 'A removal case']);
    const byFirm = (await t.inject({ url: `/api/v1/proceedings?partyId=${firm.id}` })).json();
    expect(titlesOf(byFirm)).toEqual(['A habeas petition']);
    const removals = (
      await t.inject({ url: `/api/v1/proceedings?partyId=${client.id}&kind=removal` })
    ).json();
    expect(titlesOf(removals)).toEqual(['A removal case']);
  });

  it('lists a forum’s proceedings by filing date, earliest first', async () => {
    const forum = await makeOrganization(t, {
      name: 'Inter-American Commission',
      kind: 'intergovernmental',
    });
    const filings = { Later: '2025-06', Earlier: '2025-03-20', Vague: '2025' };
    for (const [title, filedAt] of Object.entries(filings)) {
      await post(
        t,
        'proceedings',
        habeasCase(title, { kind: 'iachr_petition', forumId: forum.id, filedAt }),
      );
    }
    const body = (
      await t.inject({ url: `/api/v1/proceedings?forumId=${forum.id}&sort=filedAt` })
    ).json();
    expect(titlesOf(body)).toEqual(['Vague', 'Earlier', 'Later']);
    const stayed = (
      await t.inject({ url: `/api/v1/proceedings?forumId=${forum.id}&status=stayed` })
    ).json();
    expect(stayed.items).toEqual([]);
  });

  it('records a change of status with its reason in the history', async () => {
    const proceeding = await post(
      t,
      'proceedings',
      habeasCase('Status change', { filedAt: '2025-03' }),
    );
    const response = await t.inject({
      method: 'PATCH',
      url: `/api/v1/proceedings/${proceeding.id}`,
      headers: { 'if-match': '"1"', 'x-change-reason': 'appeal filed' },
      payload: { status: 'appealed' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ version: 2, status: 'appealed', filedAt: '2025-03' });
    const history = (
      await t.inject({ url: `/api/v1/proceedings/${proceeding.id}/history` })
    ).json();
    expect(history.items[1]).toMatchObject({
      action: 'update',
      reason: 'appeal filed',
      before: { status: 'active' },
      after: { status: 'appealed' },
    });
  });

  it('deletes as a tombstone and restores', async () => {
    const person = await makePerson(t);
    const proceeding = await post(
      t,
      'proceedings',
      habeasCase('Tombstoned', {
        parties: [{ personId: person.id, role: 'petitioner' }],
      }),
    );
    expect(
      (await t.inject({ method: 'DELETE', url: `/api/v1/proceedings/${proceeding.id}` }))
        .statusCode,
    ).toBe(204);
    const list = (await t.inject({ url: `/api/v1/proceedings?partyId=${person.id}` })).json();
    expect(list.items).toEqual([]);
    const restored = await t.inject({
      method: 'POST',
      url: `/api/v1/proceedings/${proceeding.id}/restore`,
    });
    expect(restored.json()).toMatchObject({ version: 3, title: 'Tombstoned' });
  });

  it('refuses a contributor who tries to delete a proceeding', async () => {
    const proceeding = await post(t, 'proceedings', habeasCase('Not theirs to delete'));
    const contributor = await t.as('contributor', 'secret');
    const response = await contributor({
      method: 'DELETE',
      url: `/api/v1/proceedings/${proceeding.id}`,
    });
    expect(response.statusCode).toBe(403);
    expect((await t.inject({ url: `/api/v1/proceedings/${proceeding.id}` })).statusCode).toBe(200);
  });
});
