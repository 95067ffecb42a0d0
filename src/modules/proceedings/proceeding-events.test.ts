import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { makePlace, makeSource, post } from '../../../test/helpers/fixtures.js';

const UNKNOWN_ID = '0193a6e4-7a52-7cc1-9d6a-3b0c2f1e4d5a';

describe('proceeding events', () => {
  let t: TestApp;
  let courtroom: { id: string };
  let source: { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    courtroom = await makePlace(t, {
      name: 'E. Barrett Prettyman Courthouse',
      kind: 'court',
      country: 'US',
    });
    source = await makeSource(t, { kind: 'court_document', title: 'Minute order' });
  });
  afterAll(() => t.close());

  /** A fresh case for each test, so that its docket holds only that test's entries. */
  const makeProceeding = (filedAt = '2025-03-15') =>
    post(t, 'proceedings', { title: 'J.G.G. v. Trump', kind: 'habeas', status: 'active', filedAt });

  const postEvent = (payload: Record<string, unknown>) =>
    t.inject({ method: 'POST', url: '/api/v1/proceeding-events', payload });

  const docketOf = async (proceedingId: string) =>
    (await t.inject({ url: `/api/v1/proceeding-events?proceedingId=${proceedingId}` })).json()
      .items;

  const hearing = (scheduledFor: string) => ({
    scheduledFor,
    mode: 'hybrid',
    placeId: courtroom.id,
    remoteDetails: 'video link for petitioners held abroad',
  });

  it('records a hearing with its time, mode, place and a citation', async () => {
    const proceeding = await makeProceeding();
    const response = await postEvent({
      proceedingId: proceeding.id,
      kind: 'hearing',
      occurredAt: '2025-03-16',
      title: 'Hearing on the temporary restraining order',
      entryNumber: '21',
      sourceId: source.id,
      hearing: hearing('2025-03-17T16:00:00-04:00'),
      citations: [{ sourceId: source.id, field: 'hearing', locator: 'ECF 21' }],
    });
    expect(response.statusCode).toBe(201);
    const event = response.json();
    expect(event).toMatchObject({
      kind: 'hearing',
      entryNumber: '21',
      hearing: { scheduledFor: '2025-03-17T16:00:00-04:00', mode: 'hybrid', placeId: courtroom.id },
    });
    expect(event.citations).toEqual([
      expect.objectContaining({ sourceId: source.id, field: 'hearing', locator: 'ECF 21' }),
    ]);
  });

  it('records an order with its directive, deadline and compliance', async () => {
    const proceeding = await makeProceeding();
    const response = await postEvent({
      proceedingId: proceeding.id,
      kind: 'order',
      occurredAt: '2025-04',
      order: {
        directive: 'facilitate a way for the class to challenge their removal',
        deadline: '2025-04-22',
        compliance: 'not_complied',
      },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().order).toMatchObject({
      deadline: '2025-04-22',
      compliance: 'not_complied',
    });
  });

  it('rejects a hearing without its scheduled time, naming the field, and writes nothing', async () => {
    const proceeding = await makeProceeding();
    const missingTime = await postEvent({
      proceedingId: proceeding.id,
      kind: 'hearing',
      hearing: { mode: 'remote' },
    });
    expect(missingTime.statusCode).toBe(422);
    expect(missingTime.json().errors).toEqual([
      expect.objectContaining({ field: 'hearing.scheduledFor' }),
    ]);
    const missingDetails = await postEvent({ proceedingId: proceeding.id, kind: 'hearing' });
    expect(missingDetails.json().errors).toEqual([
      expect.objectContaining({ field: 'hearing', code: 'hearing_required' }),
    ]);
    expect(await docketOf(proceeding.id)).toEqual([]);
  });

  it('rejects a hearing time without a zone', async () => {
    const proceeding = await makeProceeding();
    const response = await postEvent({
      proceedingId: proceeding.id,
      kind: 'hearing',
      hearing: { scheduledFor: '2025-03-17T16:00:00' },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      expect.objectContaining({
        field: 'hearing.scheduledFor',
        reason: expect.stringMatching(/zone/),
      }),
    ]);
  });

  it('rejects hearing details on a filing and an order on a hearing', async () => {
    const proceeding = await makeProceeding();
    const filing = await postEvent({
      proceedingId: proceeding.id,
      kind: 'filing',
      hearing: hearing('2025-03-17T16:00:00Z'),
    });
    expect(filing.statusCode).toBe(422);
    expect(filing.json().errors).toEqual([
      expect.objectContaining({ field: 'hearing', code: 'hearing_not_allowed' }),
    ]);
    const hearingWithOrder = await postEvent({
      proceedingId: proceeding.id,
      kind: 'hearing',
      hearing: hearing('2025-03-17T16:00:00Z'),
      order: { directive: 'turn the planes around' },
    });
    expect(hearingWithOrder.json().errors).toEqual([
      expect.objectContaining({ field: 'order', code: 'order_not_allowed' }),
    ]);
    expect(await docketOf(proceeding.id)).toEqual([]);
  });

  it('rejects a deadline without the date it falls due', async () => {
    const proceeding = await makeProceeding();
    const response = await postEvent({
      proceedingId: proceeding.id,
      kind: 'deadline',
      title: 'Government response due',
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      expect.objectContaining({ field: 'dueAt', code: 'due_date_required' }),
    ]);
  });

  it('rejects an unknown proceeding id, naming the field', async () => {
    const response = await postEvent({ proceedingId: UNKNOWN_ID, kind: 'filing' });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      expect.objectContaining({ field: 'proceedingId', code: 'unknown_reference' }),
    ]);
  });

  it('rejects entries dated before the proceeding was filed, naming each date', async () => {
    const proceeding = await makeProceeding('2025-03-15');
    const response = await postEvent({
      proceedingId: proceeding.id,
      kind: 'hearing',
      occurredAt: '2025-02',
      hearing: hearing('2025-03-14T10:00:00Z'),
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      expect.objectContaining({ field: 'occurredAt', code: 'before_filing' }),
      expect.objectContaining({ field: 'hearing.scheduledFor', code: 'before_filing' }),
    ]);
    expect(await docketOf(proceeding.id)).toEqual([]);
  });

  it('accepts an entry in the filing month itself, since its day is unknown', async () => {
    const proceeding = await makeProceeding('2025-03-15');
    const response = await postEvent({
      proceedingId: proceeding.id,
      kind: 'filing',
      occurredAt: '2025-03',
    });
    expect(response.statusCode).toBe(201);
  });

  it('lists a docket in date order', async () => {
    const proceeding = await makeProceeding('2025');
    for (const occurredAt of ['2025-04-22', '2025-03', '2025-03-15']) {
      await postEvent({ proceedingId: proceeding.id, kind: 'filing', occurredAt });
    }
    const dates = (await docketOf(proceeding.id)).map((e: { occurredAt: string }) => e.occurredAt);
    expect(dates).toEqual(['2025-03', '2025-03-15', '2025-04-22']);
  });

  it('lists hearings and deadlines due within a window, soonest first', async () => {
    const proceeding = await makeProceeding('2025-03-15');
    const entries = [
      { kind: 'filing', title: 'petition' },
      { kind: 'hearing', title: 'status hearing', hearing: hearing('2025-04-10T14:00:00Z') },
      {
        kind: 'order',
        title: 'order to show cause',
        order: { directive: 'explain', deadline: '2025-04-05' },
      },
      { kind: 'deadline', title: 'reply brief due', dueAt: '2025-05' },
      {
        kind: 'hearing',
        title: 'evidentiary hearing',
        hearing: hearing('2025-06-02T09:00:00-04:00'),
      },
      { kind: 'deadline', title: 'old deadline', dueAt: '2025-03-20' },
    ];
    for (const entry of entries) await postEvent({ proceedingId: proceeding.id, ...entry });

    const titlesDue = async (window: string) =>
      (
        await t.inject({
          url: `/api/v1/proceeding-events?proceedingId=${proceeding.id}&${window}&sort=dueAt`,
        })
      )
        .json()
        .items.map((e: { title: string }) => e.title);

    expect(await titlesDue('dueFrom=2025-04&dueTo=2025-05-15')).toEqual([
      'order to show cause',
      'status hearing',
      'reply brief due',
    ]);
    // An entry with nothing due never falls in a window, even one open at the start.
    expect(await titlesDue('dueTo=2025-04-06')).toEqual(['old deadline', 'order to show cause']);
    expect(await titlesDue('dueFrom=2025-05-20')).toEqual([
      'reply brief due',
      'evidentiary hearing',
    ]);
  });

  it('records compliance with an order as an update, keeping the history', async () => {
    const proceeding = await makeProceeding();
    const order = { directive: 'return the petitioner', deadline: '2025-04-07' };
    const event = await post(t, 'proceeding-events', {
      proceedingId: proceeding.id,
      kind: 'order',
      order: { ...order, compliance: 'pending' },
    });
    const response = await t.inject({
      method: 'PATCH',
      url: `/api/v1/proceeding-events/${event.id}`,
      headers: { 'if-match': '"1"', 'x-change-reason': 'government filing of 2025-04-08' },
      payload: { order: { ...order, compliance: 'not_complied' } },
    });
    expect(response.statusCode).toBe(200);
    const history = (
      await t.inject({ url: `/api/v1/proceeding-events/${event.id}/history` })
    ).json();
    expect(history.items[1]).toMatchObject({
      version: 2,
      reason: 'government filing of 2025-04-08',
      before: { order: { compliance: 'pending' } },
      after: { order: { compliance: 'not_complied' } },
    });
  });

  it('rechecks the rules on update: a hearing cannot become a filing while it has hearing details', async () => {
    const proceeding = await makeProceeding();
    const event = await post(t, 'proceeding-events', {
      proceedingId: proceeding.id,
      kind: 'hearing',
      hearing: hearing('2025-04-10T14:00:00Z'),
    });
    const response = await t.inject({
      method: 'PATCH',
      url: `/api/v1/proceeding-events/${event.id}`,
      payload: { kind: 'filing' },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([expect.objectContaining({ field: 'hearing' })]);
  });

  it('deletes as a tombstone: gone from the docket, kept in history', async () => {
    const proceeding = await makeProceeding();
    const event = await post(t, 'proceeding-events', {
      proceedingId: proceeding.id,
      kind: 'filing',
    });
    const deleted = await t.inject({
      method: 'DELETE',
      url: `/api/v1/proceeding-events/${event.id}`,
      headers: { 'x-change-reason': 'docketed in the wrong case' },
    });
    expect(deleted.statusCode).toBe(204);
    expect(await docketOf(proceeding.id)).toEqual([]);
    const history = (
      await t.inject({ url: `/api/v1/proceeding-events/${event.id}/history` })
    ).json();
    expect(history.items.map((r: { action: string }) => r.action)).toEqual(['create', 'delete']);
  });

  it('refuses a viewer who tries to add a docket entry', async () => {
    const proceeding = await makeProceeding();
    const viewer = await t.as('viewer', 'secret');
    const response = await viewer({
      method: 'POST',
      url: '/api/v1/proceeding-events',
      payload: { proceedingId: proceeding.id, kind: 'filing' },
    });
    expect(response.statusCode).toBe(403);
    expect(await docketOf(proceeding.id)).toEqual([]);
  });
});
