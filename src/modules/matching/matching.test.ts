import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { makePerson } from '../../../test/helpers/fixtures.js';
import { connect, type Database } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import { createServices } from '../services.js';
import { blockingKeys } from './blocking.js';
import { blocksOf, unfile } from './filing.js';
import { findPair, saveScores, setStatus } from './repo.js';
import { SharedKeys } from './shared-keys.js';

interface CandidateBody {
  id: string;
  score: number;
  status: string;
  reasons: { signal: string; weight: number; detail: string }[];
  a: { id: string; label: string };
  b: { id: string; label: string };
  decidedBy: string | null;
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

/** Runs `work` on a second connection to the test's database, as another process would. */
async function fromAnotherConnection<T>(work: (other: Database) => Promise<T>): Promise<T> {
  const other = connect({ url: t.url, dataDir: t.dataDir });
  try {
    return await work(other);
  } finally {
    await other.close();
  }
}

/** A namesake written now (`fields`) is queued with `person`, their birth dates agreeing. */
async function expectNamesakeAgreeingOnBirthDate(
  person: { id: string },
  fields: Record<string, unknown>,
) {
  const later = await makePerson(t, fields);
  const [pair] = await candidatesOf(later.id);
  expect([pair?.a.id, pair?.b.id].sort()).toEqual([person.id, later.id].sort());
  expect(pair?.reasons.find((r) => r.signal === 'birthDate')?.weight).toBeGreaterThan(0);
}

async function candidatesOf(personId: string, inject = t.inject, status = 'open') {
  const response = await inject({
    url: `/api/v1/matching/candidates?personId=${personId}&status=${status}`,
  });
  expect(response.statusCode).toBe(200);
  return (response.json() as { items: CandidateBody[] }).items;
}

describe('duplicate candidates', () => {
  it('queues an ICE-style duplicate of an existing person, with the reasons why', async () => {
    const original = await makePerson(t, {
      givenNames: 'Heriberto',
      familyNames: 'Verdecia Carrillo',
      birthDate: '1963-04',
      nationalities: ['CU'],
    });
    const imported = await makePerson(t, {
      givenNames: null,
      familyNames: null,
      aliases: ['VERDECIA-CARRILLO HERIBERTO'],
      birthDate: '1963',
      nationalities: ['CU'],
    });
    const [candidate] = await candidatesOf(original.id);
    expect(candidate).toBeDefined();
    expect([candidate?.a.id, candidate?.b.id].sort()).toEqual([original.id, imported.id].sort());
    expect(candidate?.score).toBeGreaterThanOrEqual(0.8);
    const signals = candidate?.reasons.map((r) => r.signal);
    expect(signals).toEqual(expect.arrayContaining(['name', 'birthDate', 'nationality']));
    expect(candidate?.reasons.find((r) => r.signal === 'name')?.detail).toContain('verdecia');
  });

  it('does not queue a different person who only shares the surnames', async () => {
    const first = await makePerson(t, { givenNames: 'Andry', familyNames: 'Blanco Bonilla' });
    await makePerson(t, { givenNames: 'Ricardo', familyNames: 'Blanco Bonilla' });
    expect(await candidatesOf(first.id)).toEqual([]);
  });

  it('counts a different A-number as evidence against, and the same one as strong evidence for', async () => {
    const a = await makePerson(t, {
      givenNames: 'Wilmer',
      familyNames: 'Vega Sandia',
      identifiers: [{ kind: 'a_number', value: 'A-201-555-001' }],
    });
    await makePerson(t, {
      givenNames: 'Wilmer',
      familyNames: 'Vega',
      identifiers: [{ kind: 'a_number', value: '201555999' }],
    });
    expect(await candidatesOf(a.id)).toEqual([]);
    const same = await makePerson(t, {
      givenNames: 'W.',
      familyNames: 'Vega',
      identifiers: [{ kind: 'a_number', value: '201 555 001' }],
    });
    const [candidate] = await candidatesOf(same.id);
    expect(candidate?.reasons).toContainEqual(
      expect.objectContaining({ signal: 'identifier', detail: 'same A-number' }),
    );
    // The detail never carries the confidential value itself.
    expect(JSON.stringify(candidate?.reasons)).not.toContain('555');
  });

  it('re-scores a pair on update: an edit that tells them apart takes it out of the queue', async () => {
    const a = await makePerson(t, { givenNames: 'Jerce', familyNames: 'Reyes Barrios' });
    const b = await makePerson(t, { givenNames: 'Jerce', familyNames: 'Reyes' });
    const before = await candidatesOf(a.id);
    expect(before.map((c) => [c.a.id, c.b.id].sort())).toContainEqual([a.id, b.id].sort());
    const response = await t.inject({
      method: 'PATCH',
      url: `/api/v1/people/${b.id}`,
      payload: { givenNames: 'Pedro' },
    });
    expect(response.statusCode).toBe(200);
    const after = await candidatesOf(a.id);
    expect(after.map((c) => [c.a.id, c.b.id].sort())).not.toContainEqual([a.id, b.id].sort());
  });

  it('scores on demand a person written before the queue knew them', async () => {
    const a = await makePerson(t, { givenNames: 'Luis', familyNames: 'Muñoz Pinto' });
    const b = await makePerson(t, { givenNames: 'Luis', familyNames: 'Munoz' });
    // As if both predated matching: forget what the observer filed. Another connection does,
    // as a process finds a database it did not file; its own writes it files itself.
    await fromAnotherConnection(async (other) => {
      await other.db.deleteFrom('match_candidates').execute();
      await unfile(other.db, a.id);
    });
    const response = await t.inject({ url: `/api/v1/people/${a.id}/duplicates` });
    expect(response.statusCode).toBe(200);
    const items = (response.json() as { items: CandidateBody[] }).items;
    expect(items.map((c) => [c.a.id, c.b.id].sort())).toEqual([[a.id, b.id].sort()]);
  });

  it('compares a neighbour as last written, even after an edit that changed none of its keys', async () => {
    const edited = await makePerson(t, {
      givenNames: 'Ramiro',
      familyNames: 'Quintero Soto',
      birthDate: '1980-01-01',
    });
    const response = await t.inject({
      method: 'PATCH',
      url: `/api/v1/people/${edited.id}`,
      payload: { birthDate: '1991-07-07' },
    });
    expect(response.statusCode).toBe(200);
    await expectNamesakeAgreeingOnBirthDate(edited, {
      givenNames: 'Ramiro',
      familyNames: 'Quintero Soto',
      birthDate: '1991-07-07',
    });
  });

  it('compares a neighbour as another process last wrote them', async () => {
    const person = await makePerson(t, {
      givenNames: 'Wuilmer',
      familyNames: 'Barazarte Ochoa',
      birthDate: '1979-11-02',
    });
    await fromAnotherConnection((other) =>
      createServices(other, { dataDir: t.dataDir }).people.update(t.ctx, person.id, {
        birthDate: '1993-06-15',
      }),
    );
    await expectNamesakeAgreeingOnBirthDate(person, {
      givenNames: 'Wuilmer',
      familyNames: 'Barazarte Ochoa',
      birthDate: '1993-06-15',
    });
  });

  it('compares a neighbour as last committed, not as a write that rolled back', async () => {
    const person = await makePerson(t, {
      givenNames: 'Nelsy',
      familyNames: 'Guaramato Piñango',
      birthDate: '1988-08-08',
    });
    const rolledBack = inTransaction(t.database.db, async (db) => {
      await t.services.people.update({ ...t.ctx, db }, person.id, { birthDate: '1960-01-01' });
      throw new Error('rolled back');
    });
    await expect(rolledBack).rejects.toThrow('rolled back');
    await expectNamesakeAgreeingOnBirthDate(person, {
      givenNames: 'Nelsy',
      familyNames: 'Guaramato Piñango',
      birthDate: '1988-08-08',
    });
  });

  it('keeps identifiers out of its filing, and fills in a filing made before profiles', async () => {
    const first = await makePerson(t, {
      givenNames: 'Eudomar',
      familyNames: 'Castellanos Piña',
      identifiers: [{ kind: 'a_number', value: 'A-246-813-579' }],
    });
    const filing = () =>
      t.database.db
        .selectFrom('match_people')
        .select('profile')
        .where('person_id', '=', first.id)
        .executeTakeFirstOrThrow();
    expect((await filing()).profile).not.toContain('246');
    // As a person filed by migration 0019, which moved keys but kept no profile. Migrations run
    // before a server starts, so the process that compares them next has kept no filing.
    const second = await fromAnotherConnection(async (other) => {
      await other.db
        .updateTable('match_people')
        .set({ profile: null })
        .where('person_id', '=', first.id)
        .execute();
      return createServices(other, { dataDir: t.dataDir }).people.create(t.ctx, {
        givenNames: 'Eudomar',
        familyNames: 'Castellanos',
        identifiers: [{ kind: 'a_number', value: '246813579' }],
      });
    });
    const [pair] = await candidatesOf(second.id);
    expect([pair?.a.id, pair?.b.id].sort()).toEqual([first.id, second.id].sort());
    expect(pair?.reasons.find((r) => r.signal === 'identifier')?.detail).toBe('same A-number');
    const kept = (await filing()).profile;
    expect(kept).not.toBeNull();
    expect(kept).not.toContain('246');
    expect(JSON.parse(kept as string).familyNames).toBe('Castellanos Piña');
  });

  it('never shows a viewer a pair with a person above their clearance', async () => {
    const visible = await makePerson(t, { givenNames: 'Nayib', familyNames: 'Armando Bukele' });
    await makePerson(t, {
      givenNames: 'Nayib',
      familyNames: 'Bukele',
      sensitivity: 'secret',
    });
    expect(await candidatesOf(visible.id)).toHaveLength(1);
    const viewer = await t.as('viewer', 'internal');
    expect(await candidatesOf(visible.id, viewer)).toEqual([]);
    const all = await viewer({ url: '/api/v1/matching/candidates?limit=200' });
    expect(all.body).not.toContain('secret');
    expect(JSON.stringify(all.json())).not.toMatch(/"familyNames":"Bukele"/);
  });

  it('answers for many people at once as the queue does for each, best first and capped', async () => {
    const x = await makePerson(t, { givenNames: 'Marisol', familyNames: 'Quintero Pabón' });
    const close = await makePerson(t, {
      givenNames: 'Marisol',
      familyNames: 'Quintero Pabon',
      birthDate: '1988-02-11',
    });
    await makePerson(t, { givenNames: 'Marisol', familyNames: 'Quintero' });
    await makePerson(t, { givenNames: 'Marisol', familyNames: 'Kintero Pabón' });
    const hidden = await makePerson(t, {
      givenNames: 'Marisol',
      familyNames: 'Quintero Pabón',
      sensitivity: 'secret',
    });
    const people = [x.id, close.id];
    for (const actor of [
      t.ctx.actor,
      { id: 'v', role: 'viewer', clearance: 'internal' } as const,
    ]) {
      const ctx = { actor };
      const many = await t.services.matching.openCandidatesOf(ctx, people, 2);
      for (const id of people) {
        const { items } = await t.services.matching.list(ctx, {
          personId: id,
          status: 'open',
          limit: 2,
        });
        expect(items.length).toBe(2);
        expect(many.get(id)?.map((c) => c.id)).toEqual(items.map((c) => c.id));
      }
      // The pair of the two asked about is named for each of them.
      const pairOf = (id: string) =>
        many.get(id)?.find((c) => [c.a.id, c.b.id].sort().join() === [...people].sort().join());
      expect(pairOf(x.id)?.id).toBe(pairOf(close.id)?.id);
    }
    const viewer = { actor: { id: 'v', role: 'viewer', clearance: 'internal' } as const };
    const seen = [
      ...(await t.services.matching.openCandidatesOf(viewer, people, 10)).values(),
    ].flat();
    const all = [
      ...(await t.services.matching.openCandidatesOf(t.ctx, people, 10)).values(),
    ].flat();
    const involves = (id: string) => (c: { a: { id: string }; b: { id: string } }) =>
      c.a.id === id || c.b.id === id;
    expect(all.some(involves(hidden.id))).toBe(true);
    expect(seen.some(involves(hidden.id))).toBe(false);
  });

  it('saves many scores at once: the last given wins, and a decision is kept', async () => {
    const [x, y, z] = ['01-x', '02-y', '03-z'].map(
      (s) => `00000000-0000-7000-8000-0000000000${s.slice(0, 2)}`,
    );
    const reasons = (detail: string) => [{ signal: 'name' as const, weight: 1, detail }];
    const db = t.database.db;
    await saveScores(
      db,
      [
        { id: crypto.randomUUID(), x: y!, y: x!, score: 0.81, reasons: reasons('first') },
        { id: crypto.randomUUID(), x: x!, y: z!, score: 0.9, reasons: reasons('other') },
        { id: crypto.randomUUID(), x: x!, y: y!, score: 0.85, reasons: reasons('second') },
      ],
      '2026-11-29T00:00:00.000Z',
    );
    const pair = await findPair(db, x!, y!);
    expect(pair).toMatchObject({ personA: x, personB: y, score: 0.85, status: 'open' });
    expect(pair?.reasons[0]?.detail).toBe('second');
    await setStatus(db, pair!.id, {
      status: 'dismissed',
      by: crypto.randomUUID(),
      at: '2026-11-29T12:00:00.000Z',
      reason: 'siblings',
    });
    await saveScores(
      db,
      [{ id: crypto.randomUUID(), x: x!, y: y!, score: 0.95, reasons: reasons('third') }],
      '2026-11-30T00:00:00.000Z',
    );
    expect(await findPair(db, y!, x!)).toMatchObject({
      id: pair!.id,
      score: 0.95,
      status: 'dismissed',
      decisionReason: 'siblings',
    });
    expect(await findPair(db, x!, z!)).toMatchObject({ score: 0.9 });
  });

  it('lets an editor dismiss a pair with a reason and reopen it; a viewer may not', async () => {
    const a = await makePerson(t, { givenNames: 'Juan José', familyNames: 'Ramos Ramos' });
    await makePerson(t, { givenNames: 'Pepe', familyNames: 'Ramos' });
    const [candidate] = await candidatesOf(a.id);
    expect(candidate).toBeDefined();
    const url = `/api/v1/matching/candidates/${candidate?.id}`;

    const viewer = await t.as('viewer', 'secret');
    const refused = await viewer({
      method: 'POST',
      url: `${url}/dismiss`,
      payload: { reason: 'x' },
    });
    expect(refused.statusCode).toBe(403);

    const editor = await t.as('editor', 'secret');
    const noReason = await editor({ method: 'POST', url: `${url}/dismiss`, payload: {} });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().errors[0].field).toBe('reason');

    const dismissed = await editor({
      method: 'POST',
      url: `${url}/dismiss`,
      payload: { reason: 'father and son, born 30 years apart' },
    });
    expect(dismissed.statusCode).toBe(200);
    expect(dismissed.json()).toMatchObject({
      status: 'dismissed',
      decisionReason: 'father and son, born 30 years apart',
    });
    expect(await candidatesOf(a.id)).toEqual([]);
    expect(await candidatesOf(a.id, t.inject, 'dismissed')).toHaveLength(1);

    // A later edit re-scores the pair but keeps the decision.
    await t.inject({ method: 'PATCH', url: `/api/v1/people/${a.id}`, payload: { notes: 'x' } });
    expect(await candidatesOf(a.id, t.inject, 'dismissed')).toHaveLength(1);

    const reopened = await editor({ method: 'POST', url: `${url}/reopen` });
    expect(reopened.json()).toMatchObject({ status: 'open', decidedBy: null });
  });

  it('answers 404 for an unknown candidate and 400 for a malformed query', async () => {
    const unknown = await t.inject({
      method: 'POST',
      url: '/api/v1/matching/candidates/0190f5e4-0000-7000-8000-000000000000/reopen',
    });
    expect(unknown.statusCode).toBe(404);
    const bad = await t.inject({ url: '/api/v1/matching/candidates?minScore=2&status=maybe' });
    expect(bad.statusCode).toBe(400);
    const fields = bad
      .json()
      .errors.map((e: { field: string }) => e.field)
      .sort();
    expect(fields).toEqual(['minScore', 'status']);
    const cursor = await t.inject({ url: '/api/v1/matching/candidates?cursor=nonsense' });
    expect(cursor.statusCode).toBe(422);
    expect(cursor.json().errors[0].field).toBe('cursor');
  });

  it('lists highest score first and pages with a cursor', async () => {
    const first = await t.inject({ url: '/api/v1/matching/candidates?limit=1' });
    const page1 = first.json() as { items: CandidateBody[]; nextCursor: string };
    expect(page1.items).toHaveLength(1);
    expect(page1.nextCursor).toBeTruthy();
    const second = await t.inject({
      url: `/api/v1/matching/candidates?limit=1&cursor=${page1.nextCursor}`,
    });
    const page2 = second.json() as { items: CandidateBody[] };
    expect(page2.items[0]?.id).not.toBe(page1.items[0]?.id);
    expect(page2.items[0]?.score ?? 0).toBeLessThanOrEqual(page1.items[0]?.score ?? 0);
  });
});

describe('duplicates among bulk writes', () => {
  const pairOf = async (x: string, y: string) => findPair(t.database.db, x, y);

  it('finds them against people already stored and within the same write', async () => {
    const [stored] = await t.services.people.createMany(t.ctx, [
      { givenNames: 'Ramón Eliécer', familyNames: 'Zapata Urdaneta' },
    ]);
    const [later, one, other] = await t.services.people.createMany(t.ctx, [
      { givenNames: 'Ramon Eliecer', familyNames: 'Zapata' },
      { givenNames: 'Yorbis', familyNames: 'Manzanares Quevedo' },
      { givenNames: 'Yorbis Alberto', familyNames: 'Manzanares Quevedo' },
    ]);
    expect(await pairOf(stored!, later!)).toMatchObject({ status: 'open' });
    expect(await pairOf(one!, other!)).toMatchObject({ status: 'open' });
    expect(await pairOf(later!, one!)).toBeUndefined();
  });

  it('finds them between writes of one transaction, before any is committed', async () => {
    const [first, second] = await inTransaction(t.database.db, async (db) => [
      ...(await t.services.people.createMany({ ...t.ctx, db }, [
        { givenNames: 'Deivis', familyNames: 'Colmenárez Liendo' },
      ])),
      ...(await t.services.people.createMany({ ...t.ctx, db }, [
        { givenNames: 'Deivis', familyNames: 'Colmenarez Liendo' },
      ])),
    ]);
    expect(await pairOf(first!, second!)).toMatchObject({ status: 'open' });
  });
});

describe('many bulk writes at once', () => {
  it('finishes more of them than the pool has connections, each finding its duplicates', async () => {
    // Each holds a connection for its transaction and starts reads beside it on another (on
    // PostgreSQL): were the writes to wait for those, a dozen would wait for one another for ever.
    const writes = Array.from({ length: 12 }, (_, i) =>
      t.services.people.createMany(t.ctx, [
        { givenNames: `Concurrente ${i}`, familyNames: 'Paralelo Simultáneo' },
        { givenNames: `Concurrente ${i}`, familyNames: 'Paralelo Simultaneo' },
      ]),
    );
    const written = await Promise.all(writes);
    for (const [x, y] of written) {
      expect(await findPair(t.database.db, x!, y!)).toMatchObject({ status: 'open' });
    }
  });
});

/** Each person's number in the filing, in the order given (undefined for one not filed). */
async function filedNumbers(ids: readonly string[]): Promise<(number | undefined)[]> {
  const filed = await t.database.db
    .selectFrom('match_people')
    .select(['number', 'person_id'])
    .where('person_id', 'in', ids)
    .execute();
  const numberOf = new Map(filed.map((row) => [row.person_id, Number(row.number)]));
  return ids.map((id) => numberOf.get(id));
}

describe('filing order', () => {
  it('numbers people as filed, in bulk writes and single ones alike', async () => {
    const person = (i: number) => ({ givenNames: `Ordinal ${i}`, familyNames: 'Secuencia' });
    const first = await t.services.people.createMany(t.ctx, [person(1), person(2), person(3)]);
    const single = await t.services.people.create(t.ctx, person(4));
    const last = await t.services.people.createMany(t.ctx, [person(5), person(6)]);
    const ids = [...first, single.id, ...last];
    const numbers = await filedNumbers(ids);
    expect(numbers.every((n) => Number.isInteger(n))).toBe(true);
    expect([...numbers].sort((a, b) => (a as number) - (b as number))).toEqual(numbers);
    expect(new Set(numbers).size).toBe(ids.length);
    const members = await t.database.db
      .selectFrom('match_block_members')
      .select('person_number')
      .distinct()
      .where('person_number', 'in', numbers as number[])
      .execute();
    expect(members).toHaveLength(ids.length);
  });
});

describe('candidate generation at scale', () => {
  it('reads a crowded block only as far as its most recently filed people', async () => {
    const crowd = await t.services.people.createMany(
      t.ctx,
      Array.from({ length: 12 }, () => ({ givenNames: 'Bloque', familyNames: 'Concurrido' })),
    );
    const numbers = (await filedNumbers(crowd)) as number[];
    const keys = blockingKeys({ givenNames: 'Bloque', familyNames: 'Concurrido' });
    const sharing = async (perKey: number) =>
      new SharedKeys(await blocksOf(t.database.db, t.database.engine, keys, perKey)).mostInCommon(
        numbers.at(-1) as number,
        keys,
        50,
        perKey,
      );
    // People are numbered as filed, so the three read per key are the three filed last before
    // the newest.
    expect(new Set(numbers).size).toBe(12);
    expect((await sharing(3)).sort()).toEqual(numbers.slice(-4, -1).sort());
    expect(await sharing(200)).toHaveLength(11);
  });
});
