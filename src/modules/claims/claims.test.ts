import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { makeOrganization, makePerson, makeSource, post } from '../../../test/helpers/fixtures.js';
import { countRevisions } from '../../../test/helpers/writes.js';

const UNKNOWN_ID = '0193a6e4-7a52-7cc1-9d6a-3b0c2f1e4d5a';

describe('claims', () => {
  let t: TestApp;
  let usSays: { id: string };
  let elSalvadorSays: { id: string };
  let courtSays: { id: string };
  let detainee: { id: string };
  let source: { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    const us = await makeOrganization(t, { name: 'U.S. Department of Justice', country: 'US' });
    const sv = await makeOrganization(t, { name: 'Government of El Salvador' });
    const court = await makeOrganization(t, { name: 'U.S. District Court, D.D.C.', kind: 'court' });
    detainee = await makePerson(t);
    source = await makeSource(t, { kind: 'court_document', title: 'J.G.G. v. Trump, filing' });
    const statement = (speakerOrganizationId: string, text: string) =>
      post(t, 'statements', { speakerOrganizationId, text });
    usSays = await statement(us.id, 'The men are in the sole custody of El Salvador.');
    elSalvadorSays = await statement(sv.id, 'We hold them under an agreement with the U.S.');
    courtSays = await statement(court.id, 'The United States retains constructive custody.');
  });
  afterAll(() => t.close());

  const postClaim = (payload: Record<string, unknown>) =>
    t.inject({ method: 'POST', url: '/api/v1/claims', payload });
  const textsOf = (items: { text: string }[]) => items.map((c) => c.text);

  it('records a claim with the statements on each side, its subject and a citation', async () => {
    const response = await postClaim({
      text: 'The United States remained responsible for the men held in CECOT',
      positions: [
        { statementId: usSays.id, stance: 'denies' },
        { statementId: elSalvadorSays.id, stance: 'asserts', note: 'implies U.S. control' },
      ],
      about: [{ recordType: 'person', recordId: detainee.id }],
      citations: [{ sourceId: source.id, locator: 'ECF 1, p. 3' }],
    });
    expect(response.statusCode).toBe(201);
    const claim = response.json();
    expect(claim.positions).toHaveLength(2);
    expect(claim).not.toHaveProperty('contested');
    expect(claim.citations).toEqual([expect.objectContaining({ locator: 'ECF 1, p. 3' })]);
  });

  it('lists only contested claims when asked, and only uncontested ones when asked', async () => {
    await postClaim({
      text: 'B: the transfers were lawful',
      positions: [{ statementId: usSays.id, stance: 'asserts' }],
    });
    await postClaim({
      text: 'C: the men had a hearing',
      positions: [
        { statementId: usSays.id, stance: 'asserts' },
        { statementId: courtSays.id, stance: 'questions' },
      ],
    });
    const contested = (await t.inject({ url: '/api/v1/claims?contested=true' })).json();
    expect(textsOf(contested.items)).toEqual([
      'The United States remained responsible for the men held in CECOT',
    ]);
    const uncontested = (await t.inject({ url: '/api/v1/claims?contested=false' })).json();
    expect(textsOf(uncontested.items)).toEqual([
      'B: the transfers were lawful',
      'C: the men had a hearing',
    ]);
  });

  it('becomes contested when a denial is added, and stops when it is withdrawn', async () => {
    const claim = (
      await postClaim({
        text: 'D: the men are members of Tren de Aragua',
        positions: [{ statementId: usSays.id, stance: 'asserts' }],
      })
    ).json();
    const contestedTexts = async () =>
      textsOf((await t.inject({ url: '/api/v1/claims?contested=true' })).json().items);
    await t.inject({
      method: 'PATCH',
      url: `/api/v1/claims/${claim.id}`,
      payload: {
        positions: [
          { statementId: usSays.id, stance: 'asserts' },
          { statementId: courtSays.id, stance: 'denies' },
        ],
      },
    });
    expect(await contestedTexts()).toContain(claim.text);
    await t.inject({
      method: 'PATCH',
      url: `/api/v1/claims/${claim.id}`,
      payload: { positions: [{ statementId: usSays.id, stance: 'asserts' }] },
    });
    expect(await contestedTexts()).not.toContain(claim.text);
  });

  it('finds the claims a statement takes a position on', async () => {
    const body = (await t.inject({ url: `/api/v1/claims?statementId=${courtSays.id}` })).json();
    expect(textsOf(body.items)).toEqual(['C: the men had a hearing']);
  });

  it('rejects a claim citing one statement twice, writing nothing', async () => {
    const before = await countRevisions(t);
    const response = await postClaim({
      text: 'E',
      positions: [
        { statementId: usSays.id, stance: 'asserts' },
        { statementId: usSays.id, stance: 'denies' },
      ],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      expect.objectContaining({
        field: 'positions.1.statementId',
        code: 'duplicate',
        reason: 'repeats positions.0.statementId',
      }),
    ]);
    expect(await countRevisions(t)).toBe(before);
  });

  it('rejects an unknown statement, stance and subject, naming each field', async () => {
    const before = await countRevisions(t);
    const stance = await postClaim({
      text: 'F',
      positions: [{ statementId: usSays.id, stance: 'shrugs' }],
    });
    expect(stance.statusCode).toBe(422);
    expect(stance.json().errors).toEqual([
      expect.objectContaining({ field: 'positions.0.stance', in: 'body' }),
    ]);
    const references = await postClaim({
      text: 'F',
      positions: [{ statementId: UNKNOWN_ID, stance: 'asserts' }],
      about: [{ recordType: 'vessel', recordId: detainee.id }],
    });
    expect(references.statusCode).toBe(422);
    expect(
      references.json().errors.map((e: { field: string; code: string }) => [e.field, e.code]),
    ).toEqual([
      ['positions.0.statementId', 'unknown_reference'],
      ['about.0.recordId', 'unknown_record_type'],
    ]);
    expect(await countRevisions(t)).toBe(before);
  });
});
