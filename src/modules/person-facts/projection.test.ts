import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { makeOrganization, makePerson, makePlace, post } from '../../../test/helpers/fixtures.js';
import { SENSITIVITY_LEVELS } from '../auth/policy.js';
import { PERSON_ROLES } from '../people/schema.js';
import { dayNumber, FACT_VALUE_KINDS } from './compute.js';
import { COUNTED_COLUMNS } from './counts.js';
import {
  countByColumn,
  countByValue,
  countFacts,
  type FactFilter,
  heldDaysDistribution,
} from './query.js';

/** Both tables, in one canonical order, without the time each row was computed. */
async function snapshot(t: TestApp) {
  const db = t.database.db;
  const facts = await db
    .selectFrom('person_facts')
    .selectAll()
    .orderBy('person_id')
    .orderBy('level')
    .execute();
  const values = await db
    .selectFrom('person_fact_values')
    .selectAll()
    .orderBy('person_id')
    .orderBy('level')
    .orderBy('kind')
    .orderBy('value')
    .execute();
  const counts = await db
    .selectFrom('person_fact_counts')
    .selectAll()
    .where('count', '>', 0)
    .orderBy('level')
    .orderBy('dimension')
    .orderBy('key')
    .execute();
  return {
    facts: facts.map(({ computed_at: _at, ...row }) => row),
    values,
    counts: counts.map((c) => ({ ...c, count: Number(c.count) })),
  };
}

const byKey = (counts: { key: string | null; count: number }[]) =>
  [...counts].sort((a, b) => String(a.key).localeCompare(String(b.key)));

/**
 * Every unfiltered figure read from the counters equals the same figure counted over the facts
 * rows (a filter that selects everyone takes the scanning path).
 */
async function expectCountersMatchScan(t: TestApp) {
  const db = t.database.db;
  const everyone: FactFilter = {
    matching: sql`select person_id from person_facts`,
  };
  const today = dayNumber(new Date().toISOString());
  for (const level of SENSITIVITY_LEVELS) {
    const both = async <T>(read: (filter: FactFilter) => Promise<T>) => [
      await read({}),
      await read(everyone),
    ];
    const [counted, scanned] = await both((f) => countFacts(db, level, f));
    expect(counted, `total at ${level}`).toBe(scanned);
    for (const column of COUNTED_COLUMNS) {
      const [c, s] = await both(async (f) => byKey(await countByColumn(db, level, f, column)));
      expect(c, `${column} at ${level}`).toEqual(s);
    }
    for (const kind of FACT_VALUE_KINDS) {
      const [c, s] = await both(async (f) => byKey(await countByValue(db, level, f, kind)));
      expect(c, `${kind} at ${level}`).toEqual(s);
    }
    for (const bound of ['least', 'most'] as const) {
      const [c, s] = await both((f) => heldDaysDistribution(db, level, f, bound, today));
      expect(c, `days held (${bound}) at ${level}`).toEqual(s);
    }
  }
}

async function factsOf(t: TestApp, personId: string) {
  const rows = await t.database.db
    .selectFrom('person_facts')
    .selectAll()
    .where('person_id', '=', personId)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.level as string, r]));
}

describe('person facts', () => {
  let t: TestApp;
  let prisons: { id: string };
  let ice: { id: string };
  let cecot: { id: string };
  beforeAll(async () => {
    t = await createTestApp();
    prisons = await makeOrganization(t, { name: 'Prison authority' });
    ice = await makeOrganization(t, { name: 'ICE', kind: 'agency', country: 'US' });
    cecot = await makePlace(t);
  });
  afterAll(() => t.close());

  it('follows every write of a custody event, in the same transaction', async () => {
    const person = await makePerson(t, { givenNames: 'Uno' });
    expect((await factsOf(t, person.id)).internal).toMatchObject({ state: 'no_record' });

    const event = await post(t, 'custody-events', {
      personId: person.id,
      kind: 'handed_over',
      occurredAt: '2025-03-16',
      custodianId: prisons.id,
      placeId: cecot.id,
    });
    expect((await factsOf(t, person.id)).internal).toMatchObject({
      state: 'in_custody',
      custodian_id: prisons.id,
      place_id: cecot.id,
      as_of: '2025-03-16',
    });

    const removed = await t.inject({ method: 'DELETE', url: `/api/v1/custody-events/${event.id}` });
    expect(removed.statusCode).toBe(204);
    expect((await factsOf(t, person.id)).internal).toMatchObject({ state: 'no_record' });

    await t.inject({ method: 'POST', url: `/api/v1/custody-events/${event.id}/restore` });
    expect((await factsOf(t, person.id)).internal).toMatchObject({ state: 'in_custody' });
  });

  it('recomputes both people when an event moves from one to the other', async () => {
    const first = await makePerson(t, { givenNames: 'Primero' });
    const second = await makePerson(t, { givenNames: 'Segundo' });
    const event = await post(t, 'custody-events', {
      personId: first.id,
      kind: 'detained',
      occurredAt: '2025-02',
      custodianId: ice.id,
    });
    const moved = await t.inject({
      method: 'PATCH',
      url: `/api/v1/custody-events/${event.id}`,
      payload: { personId: second.id },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await factsOf(t, first.id)).internal).toMatchObject({ state: 'no_record' });
    expect((await factsOf(t, second.id)).internal).toMatchObject({
      state: 'in_custody',
      custodian_id: ice.id,
    });
  });

  it('keeps a fact from a confidential event out of the rows below its clearance', async () => {
    const person = await makePerson(t, { givenNames: 'Oculto', sensitivity: 'internal' });
    await post(t, 'custody-events', {
      personId: person.id,
      kind: 'detained',
      occurredAt: '2025-01-10',
      custodianId: ice.id,
      sensitivity: 'confidential',
    });
    const rows = await factsOf(t, person.id);
    expect(Object.keys(rows).sort()).toEqual(['confidential', 'internal', 'secret']);
    expect(rows.internal).toMatchObject({ state: 'no_record', custodian_id: null });
    expect(rows.confidential).toMatchObject({ state: 'in_custody', custodian_id: ice.id });
  });

  it('counts a span that has ended by its length, and one still open by its start', async () => {
    const person = await makePerson(t, { givenNames: 'Cerrado' });
    const held = { personId: person.id, custodianId: ice.id };
    await post(t, 'custody-events', { ...held, kind: 'detained', occurredAt: '2025-02' });
    const release = await post(t, 'custody-events', {
      personId: person.id,
      kind: 'released',
      // partial dates: the span lasted from 1 day (28 February to 1 March) to 58 days
      occurredAt: '2025-03',
    });
    const closed = await t.database.db
      .selectFrom('person_fact_counts')
      .select(['dimension', 'key', 'count'])
      .where('level', '=', 'internal')
      .where('dimension', 'like', 'held_%_closed')
      .execute();
    expect(closed.map((c) => [c.dimension, c.key])).toEqual(
      expect.arrayContaining([
        ['held_least_closed', '1'],
        ['held_most_closed', '58'],
      ]),
    );
    await expectCountersMatchScan(t);
    // Removing the release reopens the span: it moves from the closed to the open histogram.
    await t.services.custody.remove(t.ctx, release.id);
    await expectCountersMatchScan(t);
  });

  it('answers the due-process items from allegations and the docket', async () => {
    const person = await makePerson(t, { givenNames: 'Cuatro' });
    await post(t, 'custody-events', {
      personId: person.id,
      kind: 'removed',
      occurredAt: '2025-03-15',
      custodianId: ice.id,
    });
    const allegation = await post(t, 'allegations', {
      personId: person.id,
      claim: 'member of Tren de Aragua',
      category: 'gang_membership',
      status: 'asserted',
    });
    expect((await factsOf(t, person.id)).internal).toMatchObject({
      charged: 'no',
      hearing_before_removal: 'no',
    });
    const proceeding = await post(t, 'proceedings', {
      title: 'J.G.G. v. Trump',
      kind: 'habeas',
      status: 'pending',
      parties: [{ personId: person.id, role: 'petitioner' }],
    });
    await post(t, 'proceeding-events', {
      proceedingId: proceeding.id,
      kind: 'hearing',
      occurredAt: '2025-03-01',
      hearing: { scheduledFor: '2025-03-01T10:00:00-05:00' },
    });
    await t.inject({
      method: 'PATCH',
      url: `/api/v1/allegations/${allegation.id}`,
      payload: { status: 'charged' },
    });
    const row = (await factsOf(t, person.id)).internal;
    expect(row).toMatchObject({ charged: 'yes', hearing_before_removal: 'yes' });
    expect(row?.held_from_first_day).toBeNull();
  });

  it('drops a deleted person and brings them back on restore', async () => {
    const person = await makePerson(t, { givenNames: 'Borrado' });
    await t.inject({ method: 'DELETE', url: `/api/v1/people/${person.id}` });
    expect(await factsOf(t, person.id)).toEqual({});
    await t.inject({ method: 'POST', url: `/api/v1/people/${person.id}/restore` });
    expect(Object.keys(await factsOf(t, person.id))).toHaveLength(3);
  });

  it('leaves nothing written when a write is refused', async () => {
    const person = await makePerson(t, { givenNames: 'Rechazado' });
    const before = await snapshot(t);
    const refused = await t.inject({
      method: 'POST',
      url: '/api/v1/custody-events',
      payload: { personId: person.id, kind: 'handed_over', occurredAt: '2025-03-16' },
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0]).toMatchObject({ field: 'custodianId' });
    expect(await snapshot(t)).toEqual(before);
  });

  it('equals a rebuild from scratch after any sequence of writes', {
    timeout: 240_000,
  }, async () => {
    const people: string[] = [];
    for (const name of ['A', 'B', 'C']) people.push((await makePerson(t, { givenNames: name })).id);
    const events: string[] = [];
    const proceedings: string[] = [];
    const allegations: string[] = [];
    const s = t.services;
    const pick = (list: string[], i: number) => list[i % list.length];

    const level = fc.constantFrom(...SENSITIVITY_LEVELS);
    const date = fc.constantFrom('2025', '2025-03', '2025-03-15', '2025-04-02', '2024-12~', null);
    const write = fc.oneof(
      fc.record({
        op: fc.constant('person' as const),
        level,
        nationalities: fc.subarray(['VE', 'SV', 'US']),
        roles: fc.subarray([...PERSON_ROLES], { maxLength: 2 }),
        together: fc.nat({ max: 2 }),
      }),
      fc.record({
        op: fc.constant('event' as const),
        who: fc.nat(),
        kind: fc.constantFrom('detained', 'removed', 'handed_over', 'released', 'last_seen'),
        date,
        level,
        where: fc.boolean(),
      }),
      fc.record({ op: fc.constant('moveEvent' as const), which: fc.nat(), who: fc.nat() }),
      fc.record({ op: fc.constant('deleteEvent' as const), which: fc.nat() }),
      fc.record({ op: fc.constant('deletePerson' as const), who: fc.nat() }),
      fc.record({ op: fc.constant('restorePerson' as const), who: fc.nat() }),
      fc.record({ op: fc.constant('restrict' as const), who: fc.nat(), level }),
      fc.record({
        op: fc.constant('allegation' as const),
        who: fc.nat(),
        status: fc.constantFrom('asserted', 'charged', 'dismissed'),
        level,
      }),
      fc.record({
        op: fc.constant('charge' as const),
        which: fc.nat(),
        status: fc.constantFrom('asserted', 'charged', 'convicted'),
      }),
      fc.record({
        op: fc.constant('proceeding' as const),
        who: fc.array(fc.nat(), { maxLength: 3 }),
        level,
      }),
      fc.record({
        op: fc.constant('docket' as const),
        which: fc.nat(),
        kind: fc.constantFrom('hearing', 'order'),
        level,
      }),
      fc.record({ op: fc.constant('incident' as const), who: fc.nat(), level }),
    );

    type Write = typeof write extends fc.Arbitrary<infer W> ? W : never;
    const apply = async (w: Write) => {
      const ctx = t.ctx;
      switch (w.op) {
        case 'person': {
          // Written alone, or several in one bulk write (whose facts skip reading their records).
          const fields = { sensitivity: w.level, nationalities: w.nationalities, roles: w.roles };
          if (w.together === 0) {
            people.push((await s.people.create(ctx, { givenNames: 'P', ...fields })).id);
          } else {
            const inputs = Array.from({ length: w.together + 1 }, (_, i) => ({
              givenNames: `P${i}`,
              ...fields,
            }));
            people.push(...(await s.people.createMany(ctx, inputs)));
          }
          return;
        }
        case 'event': {
          const custodian = w.kind === 'released' || w.kind === 'last_seen' ? undefined : ice.id;
          const record = await s.custody.create(ctx, {
            personId: pick(people, w.who),
            kind: w.kind,
            occurredAt: w.date ?? undefined,
            custodianId: w.kind === 'removed' && w.where ? undefined : custodian,
            placeId: w.where ? cecot.id : undefined,
            sensitivity: w.level,
          });
          events.push(record.id);
          return;
        }
        case 'moveEvent':
          if (events.length > 0)
            await s.custody.update(ctx, pick(events, w.which)!, { personId: pick(people, w.who) });
          return;
        case 'deleteEvent':
          if (events.length > 0) await s.custody.remove(ctx, pick(events, w.which)!);
          return;
        case 'deletePerson':
          await s.people.remove(ctx, pick(people, w.who)!);
          return;
        case 'restorePerson':
          await s.people.restore(ctx, pick(people, w.who)!);
          return;
        case 'restrict':
          await s.people.update(ctx, pick(people, w.who)!, { sensitivity: w.level });
          return;
        case 'allegation':
          allegations.push(
            (
              await s.allegations.create(ctx, {
                personId: pick(people, w.who),
                claim: 'gang member',
                category: 'gang_membership',
                status: w.status,
                sensitivity: w.level,
              })
            ).id,
          );
          return;
        case 'charge':
          if (allegations.length > 0)
            await s.allegations.update(ctx, pick(allegations, w.which)!, { status: w.status });
          return;
        case 'proceeding':
          proceedings.push(
            (
              await s.proceedings.create(ctx, {
                title: 'Habeas petition',
                kind: 'habeas',
                status: 'pending',
                parties: [...new Set(w.who.map((i: number) => pick(people, i)))].map((id) => ({
                  personId: id,
                  role: 'class_member',
                })),
                sensitivity: w.level,
              })
            ).id,
          );
          return;
        case 'docket':
          if (proceedings.length === 0) return;
          await s.proceedingEvents.create(ctx, {
            proceedingId: pick(proceedings, w.which),
            kind: w.kind,
            occurredAt: '2025-03-10',
            ...(w.kind === 'hearing'
              ? { hearing: { scheduledFor: '2025-03-10T09:00:00-04:00' } }
              : { order: { directive: 'give a way to challenge removal' } }),
            sensitivity: w.level,
          });
          return;
        case 'incident':
          await s.incidents.create(ctx, {
            kind: 'denial_of_counsel',
            victimIds: [pick(people, w.who)],
            description: 'no lawyer was allowed in',
            sensitivity: w.level,
          });
          return;
      }
    };

    await fc.assert(
      fc.asyncProperty(fc.array(write, { minLength: 1, maxLength: 12 }), async (writes) => {
        for (const w of writes) {
          // A write the rules refuse (a deleted person, say) must leave the facts as they were.
          await apply(w).catch((error: Error) => {
            if (!['Invalid', 'NotFound', 'Conflict'].includes(error.constructor.name)) throw error;
          });
        }
        const incremental = await snapshot(t);
        await expectCountersMatchScan(t);
        await s.personFacts.rebuild();
        expect(await snapshot(t)).toEqual(incremental);
      }),
      { numRuns: 12 },
    );
  });
});
