import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { makePerson, makePlace, post } from '../../../../test/helpers/fixtures.js';

interface ParsedEvent {
  uid: string;
  summary: string;
  start: string;
  allDay: boolean;
  end?: string;
  location?: string;
  url?: string;
  description?: string;
  sequence?: number;
}

function parseFeed(ics: string): ParsedEvent[] {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      summary: event.summary,
      start: event.startDate.isDate
        ? event.startDate.toString()
        : event.startDate.toJSDate().toISOString(),
      allDay: event.startDate.isDate,
      end:
        event.endDate && !event.endDate.isDate ? event.endDate.toJSDate().toISOString() : undefined,
      location: event.location ?? undefined,
      url: String(vevent.getFirstPropertyValue('url') ?? ''),
      description: event.description ?? undefined,
      sequence: event.sequence,
    };
  });
}

describe('calendar feed', () => {
  let t: TestApp;
  let andryId: string;
  let jggId: string;
  let sealedId: string;
  let adminFeed: string;

  const feed = (url: string) => t.app.inject({ url });

  beforeAll(async () => {
    t = await createTestApp();
    const andry = await makePerson(t, { givenNames: 'Andry', familyNames: 'Hernández Romero' });
    andryId = andry.id;
    const arturo = await makePerson(t, { givenNames: 'Arturo', familyNames: 'Suárez' });
    const hidden = await makePerson(t, {
      givenNames: 'Protected',
      familyNames: 'Witness',
      sensitivity: 'confidential',
    });
    const court = await makePlace(t, { name: 'E. Barrett Prettyman Courthouse', kind: 'court' });
    const jgg = await post(t, 'proceedings', {
      title: 'J.G.G. v. Trump',
      kind: 'habeas',
      status: 'active',
      docketNumber: '1:25-cv-00766',
      parties: [
        { personId: andry.id, role: 'petitioner' },
        { personId: arturo.id, role: 'class_member' },
        { personId: hidden.id, role: 'class_member' },
      ],
    });
    jggId = jgg.id;
    await post(t, 'proceeding-events', {
      proceedingId: jgg.id,
      kind: 'hearing',
      title: 'Motion hearing',
      occurredAt: '2025-03-15',
      hearing: {
        scheduledFor: '2025-03-15T17:00:00-04:00',
        mode: 'in_person',
        placeId: court.id,
      },
    });
    await post(t, 'proceeding-events', {
      proceedingId: jgg.id,
      kind: 'deadline',
      title: 'Government declaration due',
      dueAt: '2025-04-01',
    });
    await post(t, 'proceeding-events', {
      proceedingId: jgg.id,
      kind: 'order',
      title: 'Order to facilitate return',
      occurredAt: '2025-04-04',
      order: {
        directive: 'Facilitate the return of the class',
        deadline: '2025-04-10T17:00:00-04:00',
      },
    });
    // Known only to the month, or approximately: no day anyone can put in a calendar.
    await post(t, 'proceeding-events', {
      proceedingId: jgg.id,
      kind: 'deadline',
      title: 'Status report due sometime in May',
      dueAt: '2025-05',
    });
    await post(t, 'proceeding-events', {
      proceedingId: jgg.id,
      kind: 'deadline',
      title: 'Approximate deadline',
      dueAt: '2025-06-01~',
    });
    await post(t, 'proceeding-events', {
      proceedingId: jgg.id,
      kind: 'filing',
      occurredAt: '2025-03-15',
    });
    const sealed = await post(t, 'proceedings', {
      title: 'Sealed v. State',
      kind: 'habeas',
      status: 'pending',
      sensitivity: 'confidential',
    });
    sealedId = sealed.id;
    await post(t, 'proceeding-events', {
      proceedingId: sealed.id,
      kind: 'hearing',
      title: 'Sealed hearing',
      sensitivity: 'confidential',
      hearing: { scheduledFor: '2025-05-02T09:00:00-04:00', mode: 'remote' },
    });
    const created = await t.inject({
      method: 'POST',
      url: '/api/v1/calendar/tokens',
      payload: { name: 'office calendar' },
    });
    expect(created.statusCode).toBe(201);
    adminFeed = new URL(created.json().url).pathname + new URL(created.json().url).search;
  });
  afterAll(() => t.close());

  it('serves hearings as timed events and due dates as all-day events, parsed back', async () => {
    const response = await feed(adminFeed);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const events = parseFeed(response.body);
    const bySummary = Object.fromEntries(events.map((e) => [e.summary, e]));
    const names = 'Andry Hernández Romero, Arturo Suárez, Protected Witness';
    expect(Object.keys(bySummary).sort()).toEqual(
      [
        `Hearing — J.G.G. v. Trump — ${names}`,
        `Deadline — J.G.G. v. Trump — ${names}`,
        `Order deadline — J.G.G. v. Trump — ${names}`,
        'Hearing — Sealed v. State',
      ].sort(),
    );
    const hearing = bySummary[`Hearing — J.G.G. v. Trump — ${names}`]!;
    expect(hearing).toMatchObject({
      allDay: false,
      start: '2025-03-15T21:00:00.000Z',
      end: '2025-03-15T22:00:00.000Z',
      location: 'E. Barrett Prettyman Courthouse',
      url: expect.stringMatching(new RegExp(`/people/${andryId}$`)),
      sequence: 1,
    });
    expect(hearing.uid).toMatch(/\.hearing@habeas$/);
    expect(hearing.description).toContain('Docket 1:25-cv-00766');
    expect(hearing.description).toContain('Mode: in person');
    const deadline = bySummary[`Deadline — J.G.G. v. Trump — ${names}`]!;
    expect(deadline).toMatchObject({ allDay: true, start: '2025-04-01' });
    const order = bySummary[`Order deadline — J.G.G. v. Trump — ${names}`]!;
    expect(order).toMatchObject({ allDay: false, start: '2025-04-10T21:00:00.000Z' });
    expect(order.description).toContain('Facilitate the return of the class');
    expect(response.body).not.toContain('sometime in May');
    expect(response.body).not.toContain('Approximate deadline');
  });

  it('keeps each event’s UID stable across fetches and edits', async () => {
    const before = parseFeed((await feed(adminFeed)).body)
      .map((e) => e.uid)
      .sort();
    const after = parseFeed((await feed(adminFeed)).body)
      .map((e) => e.uid)
      .sort();
    expect(after).toEqual(before);
    expect(new Set(before).size).toBe(before.length);
  });

  it('shows a low-clearance token nothing above its clearance', async () => {
    const reader = await t.as('viewer', 'internal');
    const created = await reader({
      method: 'POST',
      url: '/api/v1/calendar/tokens',
      payload: { name: 'phone' },
    });
    // a viewer may not write records, but a feed token is theirs to make: it only reads
    expect(created.statusCode).toBe(201);
    const response = await feed(`/api/v1/calendar.ics?token=${created.json().secret}`);
    expect(response.statusCode).toBe(200);
    const summaries = parseFeed(response.body).map((e) => e.summary);
    expect(summaries).toHaveLength(3);
    expect(response.body).not.toContain('Sealed');
    expect(response.body).not.toContain('Protected Witness');
    expect(summaries[0]).toContain('Andry Hernández Romero, Arturo Suárez');
  });

  it('narrows to a person’s or a proceeding’s events', async () => {
    const token = new URL(`http://x${adminFeed}`).searchParams.get('token');
    const forPerson = parseFeed((await feed(`${adminFeed}&personId=${andryId}`)).body);
    expect(forPerson).toHaveLength(3);
    expect(forPerson.every((e) => e.summary.includes('J.G.G.'))).toBe(true);
    const forSealed = parseFeed(
      (await feed(`/api/v1/calendar.ics?token=${token}&proceedingId=${sealedId}`)).body,
    );
    expect(forSealed.map((e) => e.summary)).toEqual(['Hearing — Sealed v. State']);
    expect(forSealed[0]!.location).toBe('Remote');
    const forJgg = parseFeed((await feed(`${adminFeed}&proceedingId=${jggId}`)).body);
    expect(forJgg).toHaveLength(3);
  });

  it('answers 401 with no calendar to a missing, wrong, revoked or API token', async () => {
    const apiToken = await t.services.auth.createToken(t.ctx.actor, { name: 'x', scope: 'read' });
    for (const url of [
      '/api/v1/calendar.ics',
      '/api/v1/calendar.ics?token=hcal_not-a-real-token',
      `/api/v1/calendar.ics?token=${apiToken.secret}`,
    ]) {
      const response = await feed(url);
      expect(response.statusCode, url).toBe(401);
      expect(response.body).not.toContain('VCALENDAR');
      expect(response.body).not.toContain('J.G.G.');
    }
    // An API token in the header opens nothing here either: the feed takes its own token only.
    const withHeader = await t.inject({ url: '/api/v1/calendar.ics' });
    expect(withHeader.statusCode).toBe(401);

    const created = await t.inject({
      method: 'POST',
      url: '/api/v1/calendar/tokens',
      payload: { name: 'to revoke' },
    });
    const { token, secret } = created.json();
    expect((await feed(`/api/v1/calendar.ics?token=${secret}`)).statusCode).toBe(200);
    const listed = (await t.inject({ url: '/api/v1/calendar/tokens' })).json().items;
    expect(listed.find((x: { id: string }) => x.id === token.id)).toMatchObject({
      name: 'to revoke',
      revoked: false,
      lastUsedAt: expect.any(String),
    });
    expect(JSON.stringify(listed)).not.toContain(secret);
    const revoked = await t.inject({
      method: 'DELETE',
      url: `/api/v1/calendar/tokens/${token.id}`,
    });
    expect(revoked.statusCode).toBe(204);
    const after = await feed(`/api/v1/calendar.ics?token=${secret}`);
    expect(after.statusCode).toBe(401);
    expect(after.body).not.toContain('VCALENDAR');
    const again = await t.inject({ method: 'DELETE', url: `/api/v1/calendar/tokens/${token.id}` });
    expect(again.statusCode).toBe(404);
  });

  it('lets nobody revoke or list another user’s token', async () => {
    const other = await t.as('editor', 'secret');
    const mine = (await t.inject({ url: '/api/v1/calendar/tokens' })).json().items[0];
    expect((await other({ url: '/api/v1/calendar/tokens' })).json().items).toEqual([]);
    const attempt = await other({ method: 'DELETE', url: `/api/v1/calendar/tokens/${mine.id}` });
    expect(attempt.statusCode).toBe(404);
  });

  it('refuses a token without a name and a malformed filter, naming the field', async () => {
    const noName = await t.inject({
      method: 'POST',
      url: '/api/v1/calendar/tokens',
      payload: { name: '  ' },
    });
    expect(noName.statusCode).toBe(422);
    expect(noName.json().errors[0]).toMatchObject({ field: 'name', in: 'body' });
    const badPerson = await feed(`${adminFeed}&personId=andry`);
    expect(badPerson.statusCode).toBe(400);
    expect(badPerson.json().errors[0]).toMatchObject({ field: 'personId', in: 'query' });
  });
});
