import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { makeOrganization, makePerson, makeSource, post } from '../../../test/helpers/fixtures.js';
import { countRevisions } from '../../../test/helpers/writes.js';

const UNKNOWN_ID = '0193a6e4-7a52-7cc1-9d6a-3b0c2f1e4d5a';

describe('statements', () => {
  let t: TestApp;
  let bukele: { id: string };
  let stateDepartment: { id: string };
  let detainee: { id: string };
  let source: { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    bukele = await makePerson(t, {
      givenNames: 'Nayib',
      familyNames: 'Bukele',
      roles: ['official'],
    });
    stateDepartment = await makeOrganization(t, {
      name: 'U.S. Department of State',
      kind: 'agency',
      country: 'US',
    });
    detainee = await makePerson(t);
    source = await makeSource(t, { kind: 'social_post', title: 'Post on X, 16 March 2025' });
  });
  afterAll(() => t.close());

  const postStatement = (payload: Record<string, unknown>) =>
    t.inject({ method: 'POST', url: '/api/v1/statements', payload });
  const errorsOf = (response: { json(): { errors: { field: string; code: string }[] } }) =>
    response.json().errors.map((e) => [e.field, e.code]);

  it('records a social post by a person about a detained man, with its citation', async () => {
    const response = await postStatement({
      speakerPersonId: bukele.id,
      madeAt: '2025-03-16',
      venue: 'social_post',
      language: 'en',
      text: 'Oopsie… Too late 😂',
      url: 'https://x.com/nayibbukele/status/1901238762614517965',
      sourceId: source.id,
      about: [{ recordType: 'person', recordId: detainee.id }],
      citations: [{ sourceId: source.id, quote: 'Oopsie… Too late' }],
    });
    expect(response.statusCode).toBe(201);
    const statement = response.json();
    expect(statement).toMatchObject({
      speakerPersonId: bukele.id,
      about: [{ recordType: 'person', recordId: detainee.id }],
    });
    expect(statement.citations).toEqual([expect.objectContaining({ sourceId: source.id })]);
  });

  it('finds statements by speaker, person or organization alike, by venue and by subject', async () => {
    await postStatement({
      speakerOrganizationId: stateDepartment.id,
      madeAt: '2025-04',
      venue: 'press_release',
      text: 'The men are in the custody of El Salvador.',
      about: [{ recordType: 'person', recordId: detainee.id }],
    });
    const byOrganization = (
      await t.inject({ url: `/api/v1/statements?speakerId=${stateDepartment.id}` })
    ).json();
    expect(byOrganization.items).toHaveLength(1);
    const byPerson = (await t.inject({ url: `/api/v1/statements?speakerId=${bukele.id}` })).json();
    expect(byPerson.items.map((s: { venue: string }) => s.venue)).toEqual(['social_post']);
    const aboutDetainee = (
      await t.inject({ url: `/api/v1/statements?aboutId=${detainee.id}&venue=press_release` })
    ).json();
    expect(
      aboutDetainee.items.map((s: { speakerOrganizationId: string }) => s.speakerOrganizationId),
    ).toEqual([stateDepartment.id]);
  });

  it('rejects a statement with two speakers, or none, writing nothing', async () => {
    const before = await countRevisions(t);
    const two = await postStatement({
      speakerPersonId: bukele.id,
      speakerOrganizationId: stateDepartment.id,
      text: 'x',
    });
    expect(two.statusCode).toBe(422);
    expect(errorsOf(two)).toEqual([['speakerOrganizationId', 'exclusive_fields']]);
    const none = await postStatement({ text: 'x' });
    expect(errorsOf(none)).toEqual([['speakerPersonId', 'one_of_required']]);
    expect(await countRevisions(t)).toBe(before);
  });

  it('rejects a subject of an unknown record type or id, naming each link', async () => {
    const before = await countRevisions(t);
    const response = await postStatement({
      speakerPersonId: bukele.id,
      text: 'x',
      about: [
        { recordType: 'spaceship', recordId: detainee.id },
        { recordType: 'person', recordId: UNKNOWN_ID },
      ],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      expect.objectContaining({
        field: 'about.0.recordId',
        code: 'unknown_record_type',
        reason: expect.stringContaining('spaceship'),
      }),
      expect.objectContaining({ field: 'about.1.recordId', code: 'unknown_reference' }),
    ]);
    expect(await countRevisions(t)).toBe(before);
  });

  it('rejects a citation as a subject and the same subject twice', async () => {
    const citation = (await t.inject({ url: `/api/v1/citations?sourceId=${source.id}` })).json()
      .items[0];
    const response = await postStatement({
      speakerPersonId: bukele.id,
      text: 'x',
      about: [
        { recordType: 'citation', recordId: citation.id },
        { recordType: 'person', recordId: detainee.id },
        { recordType: 'person', recordId: detainee.id },
      ],
    });
    expect(response.statusCode).toBe(422);
    expect(errorsOf(response)).toEqual([
      ['about.0.recordType', 'invalid_target'],
      ['about.2.recordId', 'duplicate'],
    ]);
  });

  it('accepts a statement about an incident, any record type the server knows', async () => {
    const incident = await post(t, 'incidents', {
      kind: 'torture',
      victimIds: [detainee.id],
      description: 'Reported by released men',
    });
    const response = await postStatement({
      speakerOrganizationId: stateDepartment.id,
      venue: 'press_conference',
      text: 'We have no information about mistreatment.',
      about: [{ recordType: 'incident', recordId: incident.id }],
    });
    expect(response.statusCode).toBe(201);
  });
});
