import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { makePerson, makeSource } from '../../../test/helpers/fixtures.js';
import { Invalid } from '../../lib/errors.js';

/** The bulk write path: what imports and the generator use. */
describe('createMany', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const count = async (table: string) =>
    Number(
      (
        await t.services.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('creates every record with its revision, search entry and one audit entry for the batch', async () => {
    const auditBefore = (await t.services.audit.head()).seq;
    const ids = await t.services.people.createMany(
      t.ctx,
      // more than one multi-row insert's worth, each name its own so no two look alike
      Array.from({ length: 501 }, (_, i) => ({
        givenNames: `Bulk${i}`,
        familyNames: letters(i),
        externalId: `bulk-${i}`,
      })),
    );
    expect(ids).toHaveLength(501);
    const person = (await t.inject({ url: `/api/v1/people/${ids[500]}` })).json();
    expect(person).toMatchObject({ givenNames: 'Bulk500', externalId: 'bulk-500', version: 1 });
    const history = (await t.inject({ url: `/api/v1/people/${ids[0]}/history` })).json();
    expect(history.items).toMatchObject([{ action: 'create', version: 1, before: null }]);
    const hits = (await t.inject({ url: '/api/v1/search?q=bulk500' })).json();
    expect(hits.items.map((h: { id: string }) => h.id)).toContain(ids[500]);
    const head = await t.services.audit.head();
    expect(head.seq).toBe(auditBefore + 1);
    const entries = await t.services.audit.list({ action: 'record.create_many', limit: 10 });
    expect(entries).toEqual([
      expect.objectContaining({ action: 'record.create_many', targetType: 'person' }),
    ]);
  });

  it('reports every bad input at once, shape and references alike, named by index', async () => {
    const person = await makePerson(t);
    const before = await count('custody_events');
    const attempt = t.services.custody.createMany(t.ctx, [
      { personId: person.id, kind: 'detained', occurredAt: '2025-03-15' },
      { personId: '0193a6e4-7a52-7cc1-9d6a-3b0c2f1e4d5a', kind: 'detained', occurredAt: '2025-03' },
      { personId: person.id, kind: 'not-a-kind', occurredAt: '2025' },
    ]);
    await expect(attempt).rejects.toBeInstanceOf(Invalid);
    const error = (await attempt.catch((e) => e)) as Invalid;
    expect(error.issues.map((i) => i.field)).toEqual(['1.personId', '2.kind']);
    expect(await count('custody_events')).toBe(before);
  });

  it('refuses the whole batch when one record breaks a rule, and writes nothing', async () => {
    const person = await makePerson(t);
    const before = await count('custody_events');
    const revisions = await count('revisions');
    const error = (await t.services.custody
      .createMany(t.ctx, [
        { personId: person.id, kind: 'detained', occurredAt: '2025-03-15' },
        {
          personId: '0193a6e4-7a52-7cc1-9d6a-3b0c2f1e4d5a',
          kind: 'detained',
          occurredAt: '2025-03',
        },
      ])
      .catch((e) => e)) as Invalid;
    expect(error).toBeInstanceOf(Invalid);
    expect(error.issues).toEqual([
      expect.objectContaining({ field: '1.personId', code: 'unknown_reference' }),
    ]);
    expect(await count('custody_events')).toBe(before);
    expect(await count('revisions')).toBe(revisions);
  });

  it('refuses an external id used twice in the batch or already taken', async () => {
    await makePerson(t, { externalId: 'taken-1' });
    const error = (await t.services.people
      .createMany(t.ctx, [
        { givenNames: 'A', familyNames: 'B', externalId: 'twice' },
        { givenNames: 'C', familyNames: 'D', externalId: 'twice' },
        { givenNames: 'E', familyNames: 'F', externalId: 'taken-1' },
      ])
      .catch((e) => e)) as Invalid;
    expect(error.issues.map((i) => [i.field, i.code])).toEqual([
      ['1.externalId', 'duplicate_external_id'],
      ['2.externalId', 'duplicate_external_id'],
    ]);
  });

  it('applies the write policy: a viewer creates nothing', async () => {
    const viewer = {
      actor: { id: 'viewer-1', role: 'viewer' as const, clearance: 'internal' as const },
    };
    const before = await count('people');
    await expect(
      t.services.people.createMany(viewer, [{ givenNames: 'A', familyNames: 'B' }]),
    ).rejects.toThrow(/not allowed|may not|forbidden/i);
    expect(await count('people')).toBe(before);
  });

  it('writes every record’s inline citations together, naming a bad one by its record', async () => {
    const source = await makeSource(t);
    const cite = (locator: string) => ({ sourceId: source.id, locator });
    const before = { people: await count('people'), citations: await count('citations') };
    const attempt = t.services.people.createMany(t.ctx, [
      { givenNames: 'Cited', familyNames: 'Uno', citations: [cite('p. 1')] },
      { givenNames: 'Uncited', familyNames: 'Dos' },
      {
        givenNames: 'Cited',
        familyNames: 'Tres',
        citations: [cite('p. 3'), { sourceId: '01JZZZZZZZZZZZZZZZZZZZZZZZ' }],
      },
    ]);
    await expect(attempt).rejects.toMatchObject({
      issues: [expect.objectContaining({ field: '2.citations.1.sourceId' })],
    });
    expect(await count('people')).toBe(before.people);
    expect(await count('citations')).toBe(before.citations);

    const ids = await t.services.people.createMany(t.ctx, [
      { givenNames: 'Cited', familyNames: 'Uno', citations: [cite('p. 1'), cite('p. 2')] },
      { givenNames: 'Uncited', familyNames: 'Dos' },
      { givenNames: 'Cited', familyNames: 'Tres', citations: [cite('p. 3')] },
    ]);
    expect(await count('citations')).toBe(before.citations + 3);
    const dossier = (await t.inject({ url: `/api/v1/people/${ids[0]}` })).json();
    expect(dossier.citations.map((c: { locator: string }) => c.locator).sort()).toEqual([
      'p. 1',
      'p. 2',
    ]);
  });

  it('names a bad inline citation of a single record by its field', async () => {
    const response = await t.inject({
      method: 'POST',
      url: '/api/v1/people',
      payload: { givenNames: 'Solo', citations: [{ sourceId: '01JZZZZZZZZZZZZZZZZZZZZZZZ' }] },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      expect.objectContaining({ field: 'citations.0.sourceId' }),
    ]);
  });
});

/** 0 → "Qa", 1 → "Qb", … distinct letter-only words */
function letters(n: number): string {
  let word = '';
  let rest = n;
  do {
    word = String.fromCharCode(97 + (rest % 26)) + word;
    rest = Math.floor(rest / 26);
  } while (rest > 0);
  return `Qz${word}`;
}
