import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import {
  makeOrganization,
  makePerson,
  makePlace,
  makeSource,
} from '../../../test/helpers/fixtures.js';

describe('custody events', () => {
  let t: TestApp;
  let person: { id: string };
  let cecot: { id: string };
  let elSalvador: { id: string };
  let source: { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    person = await makePerson(t, { birthDate: '1999-06' });
    elSalvador = await makeOrganization(t);
    cecot = await makePlace(t, { operatorId: elSalvador.id });
    source = await makeSource(t);
  });
  afterAll(() => t.close());

  const postEvent = (payload: Record<string, unknown>) =>
    t.inject({ method: 'POST', url: '/api/v1/custody-events', payload });

  async function countWrites() {
    const rows = await t.database.db
      .selectFrom('revisions')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(rows.n);
  }

  it('records a hand-over with its custodian, place, partial date and citation', async () => {
    const response = await postEvent({
      personId: person.id,
      kind: 'handed_over',
      occurredAt: '2025-03',
      placeId: cecot.id,
      custodianId: elSalvador.id,
      jurisdiction: 'sv',
      confidence: 'reported',
      citations: [{ sourceId: source.id, locator: '02:15' }],
    });
    expect(response.statusCode).toBe(201);
    const event = response.json();
    expect(event).toMatchObject({ occurredAt: '2025-03', jurisdiction: 'SV' });
    expect(event.citations).toEqual([
      expect.objectContaining({ sourceId: source.id, locator: '02:15' }),
    ]);
  });

  it('lists a person’s events in date order, earliest instant first', async () => {
    const other = await makePerson(t, { givenNames: 'Order' });
    for (const occurredAt of ['2025-07', '2025-03-16', '2025', '2025-03']) {
      await postEvent({ personId: other.id, kind: 'last_seen', occurredAt });
    }
    const body = (await t.inject({ url: `/api/v1/custody-events?personId=${other.id}` })).json();
    expect(body.items.map((e: { occurredAt: string }) => e.occurredAt)).toEqual([
      '2025',
      '2025-03',
      '2025-03-16',
      '2025-07',
    ]);
  });

  it('filters events that may fall within a period', async () => {
    const other = await makePerson(t, { givenNames: 'Period' });
    for (const occurredAt of ['2024-12', '2025-03', '2025-08']) {
      await postEvent({ personId: other.id, kind: 'last_seen', occurredAt });
    }
    const body = (
      await t.inject({
        url: `/api/v1/custody-events?personId=${other.id}&occurredFrom=2025-02&occurredTo=2025-07`,
      })
    ).json();
    expect(body.items.map((e: { occurredAt: string }) => e.occurredAt)).toEqual(['2025-03']);
  });

  it('rejects an event dated before the person’s birth and writes nothing', async () => {
    const before = await countWrites();
    const response = await postEvent({ personId: person.id, kind: 'detained', occurredAt: '1998' });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      expect.objectContaining({ field: 'occurredAt', code: 'before_birth' }),
    ]);
    expect(await countWrites()).toBe(before);
  });

  it('checks each event of a bulk write against its own person, naming the ones too early', async () => {
    const older = await makePerson(t, { givenNames: 'Older', birthDate: '1970-01-15' });
    const before = await countWrites();
    const attempt = t.services.custody.createMany(t.ctx, [
      { personId: older.id, kind: 'detained', occurredAt: '1998' },
      { personId: person.id, kind: 'detained', occurredAt: '1998' },
      { personId: person.id, kind: 'last_seen' },
      { personId: older.id, kind: 'detained', occurredAt: '1969-12' },
    ]);
    await expect(attempt).rejects.toMatchObject({
      issues: [
        expect.objectContaining({
          field: '1.occurredAt',
          code: 'before_birth',
          reason: expect.stringContaining('1999-06'),
        }),
        expect.objectContaining({
          field: '3.occurredAt',
          code: 'before_birth',
          reason: expect.stringContaining('1970-01-15'),
        }),
      ],
    });
    expect(await countWrites()).toBe(before);
  });

  it('accepts an event in the birth month itself, since the day is unknown', async () => {
    const response = await postEvent({
      personId: person.id,
      kind: 'last_seen',
      occurredAt: '1999-06',
    });
    expect(response.statusCode).toBe(201);
  });

  it('rejects an unknown person id, naming the field', async () => {
    const response = await postEvent({
      personId: '0193a6e4-7a52-7cc1-9d6a-3b0c2f1e4d5a',
      kind: 'detained',
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      expect.objectContaining({ field: 'personId', code: 'unknown_reference' }),
    ]);
  });

  it('rejects 2025-13-40 as a date', async () => {
    const response = await postEvent({
      personId: person.id,
      kind: 'detained',
      occurredAt: '2025-13-40',
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      expect.objectContaining({
        field: 'occurredAt',
        in: 'body',
        reason: expect.stringMatching(/date/),
      }),
    ]);
  });

  it('rejects a hand-over with no custodian', async () => {
    const response = await postEvent({
      personId: person.id,
      kind: 'handed_over',
      occurredAt: '2025-03',
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      expect.objectContaining({ field: 'custodianId', code: 'custodian_required' }),
    ]);
  });

  it('names every bad field at once', async () => {
    const response = await postEvent({
      personId: 'nope',
      kind: 'vanished',
      occurredAt: 'March',
      flightNo: 'X1',
    });
    expect(response.statusCode).toBe(422);
    const fields = response
      .json()
      .errors.map((e: { field: string }) => e.field)
      .sort();
    expect(fields).toEqual(['flightNo', 'kind', 'occurredAt', 'personId']);
  });

  it('rejects a citation of an unknown source without writing the event', async () => {
    const before = await countWrites();
    const response = await postEvent({
      personId: person.id,
      kind: 'detained',
      occurredAt: '2025',
      citations: [{ sourceId: '0193a6e4-7a52-7cc1-9d6a-3b0c2f1e4d5a' }],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors[0]).toMatchObject({
      field: 'citations.0.sourceId',
      code: 'unknown_reference',
    });
    expect(await countWrites()).toBe(before);
  });

  it('rechecks the rules on update: a patch cannot move an event before birth', async () => {
    const event = (
      await postEvent({ personId: person.id, kind: 'detained', occurredAt: '2025' })
    ).json();
    const response = await t.inject({
      method: 'PATCH',
      url: `/api/v1/custody-events/${event.id}`,
      payload: { occurredAt: '1990' },
    });
    expect(response.statusCode).toBe(422);
    const read = (await t.inject({ url: `/api/v1/custody-events/${event.id}` })).json();
    expect(read).toMatchObject({ occurredAt: '2025', version: 1 });
  });
});

describe('custody date filters', () => {
  it('never count an undated event as inside a period', async () => {
    const t = await createTestApp();
    try {
      const person = await makePerson(t);
      await t.inject({
        method: 'POST',
        url: '/api/v1/custody-events',
        payload: { personId: person.id, kind: 'last_seen' },
      });
      await t.inject({
        method: 'POST',
        url: '/api/v1/custody-events',
        payload: { personId: person.id, kind: 'detained', occurredAt: '2025-01' },
      });
      const body = (
        await t.inject({ url: `/api/v1/custody-events?personId=${person.id}&occurredTo=2025-06` })
      ).json();
      expect(body.items.map((e: { kind: string }) => e.kind)).toEqual(['detained']);
    } finally {
      await t.close();
    }
  });
});
