import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { expectShownAfterOtherCommit } from '../../../test/helpers/database.js';
import { makePerson } from '../../../test/helpers/fixtures.js';
import { connect } from '../../db/database.js';
import { SYSTEM_ACTOR } from '../auth/policy.js';
import { reindexAll } from '../search/reindex.js';
import { createServices } from '../services.js';

/**
 * List pages are served from a cache that a committed record write empties: a repeated list
 * must never miss a write, show one caller's page to another, mix up two queries, or go
 * unaudited.
 */
describe('cached list pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const list = async (inject: TestApp['inject'], query: string) => {
    const response = await inject({ url: `/api/v1/people?${query}` });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    return response;
  };
  const namesIn = (body: string) =>
    (JSON.parse(body) as { items: { givenNames: string }[] }).items.map((p) => p.givenNames);

  it('answers a repeated list alike, and shows a write committed since', async () => {
    await makePerson(t, { givenNames: 'Primera', familyNames: 'Listada' });
    const queried = vi.spyOn(t.services.people, 'listUnaudited');
    const first = await list(t.inject, 'q=listada');
    expect(namesIn(first.body)).toEqual(['Primera']);
    expect((await list(t.inject, 'q=listada')).body).toBe(first.body);
    expect(queried).toHaveBeenCalledTimes(1);
    queried.mockRestore();

    const second = await makePerson(t, { givenNames: 'Segunda', familyNames: 'Listada' });
    expect(namesIn((await list(t.inject, 'q=listada')).body).sort()).toEqual([
      'Primera',
      'Segunda',
    ]);
    await t.inject({
      method: 'PATCH',
      url: `/api/v1/people/${second.id}`,
      payload: { givenNames: 'Renombrada' },
    });
    expect(namesIn((await list(t.inject, 'q=listada')).body).sort()).toEqual([
      'Primera',
      'Renombrada',
    ]);
  });

  it('keeps each query, page size and filter apart', async () => {
    await makePerson(t, { givenNames: 'Ana', familyNames: 'Filtro', nationalities: ['VE'] });
    await makePerson(t, { givenNames: 'Beto', familyNames: 'Filtro', nationalities: ['SV'] });
    expect(namesIn((await list(t.inject, 'q=filtro&nationality=VE')).body)).toEqual(['Ana']);
    expect(namesIn((await list(t.inject, 'q=filtro&nationality=SV')).body)).toEqual(['Beto']);
    expect(namesIn((await list(t.inject, 'q=filtro&limit=1')).body)).toHaveLength(1);
    expect(namesIn((await list(t.inject, 'q=filtro')).body).sort()).toEqual(['Ana', 'Beto']);
    expect(namesIn((await list(t.inject, 'q=filtro&sort=-name')).body)).toEqual(['Beto', 'Ana']);
  });

  it('never hands one clearance the page cached for another', async () => {
    const hidden = await makePerson(t, {
      givenNames: 'Oculta',
      familyNames: 'Clearance',
      sensitivity: 'confidential',
      identifiers: [{ kind: 'a_number', value: 'A123456789', sensitivity: 'confidential' }],
    });
    const admin = await list(t.inject, 'q=clearance');
    expect(namesIn(admin.body)).toEqual(['Oculta']);
    expect(admin.body).toContain('A123456789');

    const viewer = await list(await t.as('viewer', 'internal'), 'q=clearance');
    expect(namesIn(viewer.body)).toEqual([]);
    expect(viewer.body).not.toContain(hidden.id);
    // Public mode lists at public clearance only, from its own page.
    const anonymous = await t.app.inject({ url: '/api/v1/public/people?q=clearance' });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.body).not.toContain(hidden.id);
  });

  it('audits every list that shows a confidential record, from the cache or not', async () => {
    const person = await makePerson(t, {
      givenNames: 'Auditada',
      familyNames: 'Lista',
      sensitivity: 'confidential',
    });
    const reader = await t.as('viewer', 'confidential');
    const before = await t.services.audit.list({ action: 'record.list', limit: 1000 });
    await list(reader, 'q=auditada');
    await list(reader, 'q=auditada');
    const after = await t.services.audit.list({ action: 'record.list', limit: 1000 });
    const added = after.filter((e) => !before.some((b) => b.seq === e.seq));
    expect(added).toHaveLength(2);
    for (const entry of added) expect(entry.details).toEqual({ ids: [person.id] });
  });

  it('shows what a rebuild of the search index or the person facts changed', async () => {
    const person = await makePerson(t, { givenNames: 'Zeta', familyNames: 'Reconstruida' });
    // The stored record is changed behind the services' back, as a repair would find it: the
    // index still has the old name until it is rebuilt.
    const row = await t.database.db
      .selectFrom('people')
      .select('body')
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow();
    const body = { ...JSON.parse(String(row.body)), givenNames: 'Omega' };
    await t.database.db
      .updateTable('people')
      .set({ body: JSON.stringify(body) })
      .where('id', '=', person.id)
      .execute();
    expect(namesIn((await list(t.inject, 'q=omega')).body)).toEqual([]);
    await reindexAll(t.services);
    expect(namesIn((await list(t.inject, 'q=omega')).body)).toEqual(['Omega']);

    // The facts wiped behind the services' back: a list filtered by them finds nobody, and
    // keeps that page until the rebuild says otherwise.
    await t.database.db.deleteFrom('person_fact_values').execute();
    await t.database.db.deleteFrom('person_facts').execute();
    expect(namesIn((await list(t.inject, 'status=no_record&q=reconstruida')).body)).toEqual([]);
    await t.services.personFacts.rebuild();
    expect(namesIn((await list(t.inject, 'status=no_record&q=reconstruida')).body)).toEqual([
      'Omega',
    ]);
  });

  it('shows a write committed by another process on the same database', async () => {
    await makePerson(t, { givenNames: 'Local', familyNames: 'Proceso' });
    expect(namesIn((await list(t.inject, 'q=proceso')).body)).toEqual(['Local']);
    // A second connection, as a CLI import would open.
    const other = connect({ url: t.url, dataDir: t.dataDir });
    try {
      const services = createServices(other, { dataDir: t.dataDir });
      await services.people.create(
        { actor: SYSTEM_ACTOR },
        { givenNames: 'Remota', familyNames: 'Proceso' },
      );
      await expectShownAfterOtherCommit(
        async () => namesIn((await list(t.inject, 'q=proceso')).body).sort(),
        ['Local', 'Remota'],
      );
    } finally {
      await other.close();
    }
  });
});
