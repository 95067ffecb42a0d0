import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { makePerson, makeSource } from '../../../test/helpers/fixtures.js';
import { reindexAll } from './reindex.js';
import { FACET_COUNT_LIMIT } from './service.js';

interface Hit {
  type: string;
  id: string;
  title: string;
  snippet: string;
  rank: number;
}
interface Result {
  items: Hit[];
  facets: { byType: { type: string; count: number }[]; complete: boolean };
  nextCursor: string | null;
}

/** Full-text search across record types, on both engines. */
describe('search', () => {
  let t: TestApp;
  let jerce: { id: string };
  let jercelino: { id: string };
  let munoz: { id: string };
  let secret: { id: string };
  let interview: { id: string };

  const search = async (q: string, extra = '', inject = t.inject): Promise<Result> => {
    const response = await inject({ url: `/api/v1/search?q=${encodeURIComponent(q)}${extra}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const idsOf = (result: Result) => result.items.map((h) => h.id);

  beforeAll(async () => {
    t = await createTestApp();
    jerce = await makePerson(t, {
      givenNames: 'Jerce',
      familyNames: 'Reyes Barrios',
      aliases: ['El Flaco'],
      identifiers: [{ kind: 'passport', value: 'PX998877' }],
    });
    jercelino = await makePerson(t, { givenNames: 'Jercelino', familyNames: 'Reyesito Luna' });
    munoz = await makePerson(t, { givenNames: 'Ana', familyNames: 'Muñoz Pinto' });
    secret = await makePerson(t, {
      givenNames: 'Oculto',
      familyNames: 'Reyes Confidencial',
      sensitivity: 'confidential',
    });
    interview = await makeSource(t, { title: 'Interview with Jerce Reyes Barrios' });
  });
  afterAll(() => t.close());

  it('ignores case and accents: Muñoz, Munoz and MUÑOZ find the same person', async () => {
    for (const q of ['Muñoz', 'Munoz', 'MUÑOZ', 'munoz pinto']) {
      expect(idsOf(await search(q)), q).toEqual([munoz.id]);
    }
  });

  it('finds a double surname in any order, with punctuation, or with one surname missing', async () => {
    for (const q of [
      'Jerce Reyes Barrios',
      'Reyes Barrios Jerce',
      'Barrios, Jerce',
      'barrios reyes JERCE',
      'Jerce Barrios',
      'Reyes Barrios',
    ]) {
      expect(idsOf(await search(q, '&types=person')), q).toEqual([jerce.id]);
    }
  });

  it('finds a person by an alias', async () => {
    expect(idsOf(await search('flaco'))).toEqual([jerce.id]);
  });

  it('matches each word as a prefix, for type-ahead', async () => {
    const ids = idsOf(await search('jer', '&types=person'));
    expect(ids).toHaveLength(2);
    expect(ids).toEqual(expect.arrayContaining([jerce.id, jercelino.id]));
  });

  it('ranks an exact name above a name that only starts the same', async () => {
    const ids = idsOf(await search('jerce reyes', '&types=person'));
    expect(ids).toEqual([jerce.id, jercelino.id]);
    const ranks = (await search('jerce reyes', '&types=person')).items.map((h) => h.rank);
    expect(ranks[0]).toBeGreaterThan(ranks[1]!);
  });

  it('searches every type at once, with counts per type', async () => {
    const result = await search('jerce');
    expect(idsOf(result)).toEqual(expect.arrayContaining([jerce.id, interview.id]));
    expect(result.facets.byType).toEqual(
      expect.arrayContaining([
        { type: 'person', count: 2 },
        { type: 'source', count: 1 },
      ]),
    );
    const sources = await search('jerce', '&types=source');
    expect(idsOf(sources)).toEqual([interview.id]);
    expect(sources.items[0]).toMatchObject({
      type: 'source',
      title: 'Interview with Jerce Reyes Barrios',
    });
    // facets still count every type, so a client can offer the others
    expect(sources.facets.byType).toEqual(result.facets.byType);
    expect(result.facets.complete).toBe(true);
  });

  it('stops counting at a thousand matches, and says the counts are lower bounds', async () => {
    const crowd = Array.from({ length: FACET_COUNT_LIMIT + 5 }, (_, i) => ({
      givenNames: `Multitud ${i}`,
    }));
    await t.services.people.createMany(t.ctx, crowd);
    const result = await search('multitud');
    expect(result.facets.complete).toBe(false);
    const people = result.facets.byType.find((f) => f.type === 'person')!;
    expect(people.count).toBeGreaterThan(FACET_COUNT_LIMIT);
    expect(people.count).toBeLessThanOrEqual(crowd.length);
    expect(result.items).toHaveLength(20);
  });

  it('highlights the matched words in the snippet', async () => {
    const [hit] = (await search('munoz')).items;
    expect(hit).toMatchObject({ title: 'Ana Muñoz Pinto' });
    expect(hit!.snippet).toContain('<mark>munoz</mark>');
    expect(hit!.snippet).not.toContain('<mark>pinto</mark>');
  });

  it('never finds a person by an identifier', async () => {
    expect((await search('PX998877')).items).toEqual([]);
  });

  it('shows nothing of a record above the caller’s clearance: no hit, no count, no snippet', async () => {
    const admin = await search('reyes', '&types=person');
    expect(idsOf(admin)).toContain(secret.id);

    const viewer = await t.as('viewer', 'internal');
    const result = await search('reyes', '&types=person', viewer);
    expect(idsOf(result)).not.toContain(secret.id);
    expect(JSON.stringify(result)).not.toMatch(/oculto|confidencial/i);
    expect(result.facets.byType).toEqual([
      { type: 'person', count: 2 },
      { type: 'source', count: 1 },
    ]);
    expect((await search('confidencial', '', viewer)).facets.byType).toEqual([]);
    const list = (await viewer({ url: '/api/v1/people?q=confidencial' })).json();
    expect(list.items).toEqual([]);
  });

  it('puts finding a confidential record on the audit log, without the query', async () => {
    await search('oculto');
    const [entry] = await t.services.audit.list({ action: 'record.search', limit: 10 });
    expect(entry).toMatchObject({ actor: t.admin.actor.id, details: { ids: [secret.id] } });
    expect(JSON.stringify(entry)).not.toMatch(/oculto/i);
  });

  it('pages through results with a cursor', async () => {
    const first = await search('jer', '&limit=2');
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toBeTruthy();
    const second = await search('jer', `&limit=2&cursor=${first.nextCursor}`);
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...idsOf(first), ...idsOf(second)]).size).toBe(3);
  });

  it('filters lists by the same index, words in any order', async () => {
    const list = (await t.inject({ url: '/api/v1/people?q=barrios%20jer' })).json();
    expect(list.items.map((p: { id: string }) => p.id)).toEqual([jerce.id]);
  });

  it('re-indexes an update and forgets the old text', async () => {
    const person = await makePerson(t, { givenNames: 'Wilmer', familyNames: 'Antes' });
    const response = await t.inject({
      method: 'PATCH',
      url: `/api/v1/people/${person.id}`,
      payload: { familyNames: 'Despues Ortega' },
    });
    expect(response.statusCode).toBe(200);
    expect(idsOf(await search('wilmer antes'))).toEqual([]);
    expect(idsOf(await search('wilmer después'))).toEqual([person.id]);
  });

  it('drops a deleted record from search and lists, and finds it again once restored', async () => {
    const person = await makePerson(t, { givenNames: 'Borrado', familyNames: 'Pronto' });
    expect(idsOf(await search('borrado'))).toEqual([person.id]);
    const deleted = await t.inject({ method: 'DELETE', url: `/api/v1/people/${person.id}` });
    expect(deleted.statusCode).toBe(204);
    expect(await search('borrado')).toMatchObject({ items: [], facets: { byType: [] } });
    const restored = await t.inject({ method: 'POST', url: `/api/v1/people/${person.id}/restore` });
    expect(restored.statusCode).toBe(200);
    expect(idsOf(await search('borrado'))).toEqual([person.id]);
  });

  it('leaves the index unchanged when a write fails part-way', async () => {
    const response = await t.inject({
      method: 'POST',
      url: '/api/v1/people',
      payload: {
        givenNames: 'Fallido',
        citations: [{ sourceId: '0193a6e4-7a52-7cc1-9d6a-3b0c2f1e4d5a' }],
      },
    });
    expect(response.statusCode).toBe(422);
    expect((await search('fallido')).items).toEqual([]);
    const count = await t.database.db
      .selectFrom('search_index')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('title', 'like', '%Fallido%')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('rebuilds a wiped index from the records', async () => {
    await sql`delete from search_index`.execute(t.database.db);
    expect((await search('jerce')).items).toEqual([]);
    const counts = await reindexAll(t.services);
    expect(counts.person).toBeGreaterThanOrEqual(5);
    expect(idsOf(await search('jerce reyes', '&types=person'))).toEqual([jerce.id, jercelino.id]);
    expect(idsOf(await search('munoz'))).toEqual([munoz.id]);
  });

  it('rejects a missing query and an unknown type, and an anonymous caller', async () => {
    expect((await t.inject({ url: '/api/v1/search' })).statusCode).toBe(400);
    expect((await t.inject({ url: '/api/v1/search?q=x&types=person,nonsense' })).statusCode).toBe(
      422,
    );
    expect((await t.inject({ url: '/api/v1/search?q=x&cursor=bogus' })).statusCode).toBe(422);
    expect((await t.app.inject({ url: '/api/v1/search?q=jerce' })).statusCode).toBe(401);
  });

  it('finds nothing for a query with no letters or digits', async () => {
    expect(await search('%*"')).toMatchObject({ items: [], facets: { byType: [] } });
  });
});
