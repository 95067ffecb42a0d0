import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { makePerson, makeSource, post } from '../../../test/helpers/fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

/** Two records of one man, each with references, as two lists would leave them. */
async function twoRecordsOfOneMan() {
  const keep = await makePerson(t, {
    givenNames: 'Ronal Francisco',
    familyNames: 'Romero',
    nationalities: ['HN'],
  });
  const merged = await makePerson(t, {
    givenNames: 'Ronald',
    familyNames: 'Cruz',
    aliases: ['ROMERO RONAL'],
    nationalities: ['HN', 'SV'],
    identifiers: [{ kind: 'a_number', value: 'A201000111' }],
  });
  const event = await post(t, 'custody-events', {
    personId: merged.id,
    kind: 'detained',
    occurredAt: '2018-05',
  });
  const allegation = await post(t, 'allegations', {
    personId: merged.id,
    claim: 'member of a gang',
    category: 'gang_membership',
    status: 'asserted',
  });
  const source = await makeSource(t);
  const citation = await post(t, 'citations', {
    recordType: 'person',
    recordId: merged.id,
    sourceId: source.id,
  });
  return { keep, merged, event, allegation, citation };
}

const merge = (body: Record<string, unknown>, inject = t.inject) =>
  inject({ method: 'POST', url: '/api/v1/merges', payload: body });

describe('merging two people', () => {
  it('moves every reference to the kept person, keeps names as aliases, and tombstones the other', async () => {
    const { keep, merged, event, allegation, citation } = await twoRecordsOfOneMan();
    const response = await merge({
      keepId: keep.id,
      mergeId: merged.id,
      reason: 'same man, aka in ICE report',
    });
    expect(response.statusCode).toBe(201);
    const record = response.json();
    expect(
      record.changes.map((c: { recordId: string; field: string }) => `${c.recordId}:${c.field}`),
    ).toEqual(
      expect.arrayContaining([
        `${event.id}:personId`,
        `${allegation.id}:personId`,
        `${citation.id}:recordId`,
        `${keep.id}:aliases`,
        `${keep.id}:identifiers`,
        `${keep.id}:nationalities`,
      ]),
    );

    for (const [path, id, field] of [
      ['custody-events', event.id, 'personId'],
      ['allegations', allegation.id, 'personId'],
      ['citations', citation.id, 'recordId'],
    ] as const) {
      const moved = await t.inject({ url: `/api/v1/${path}/${id}` });
      expect(moved.json()[field]).toBe(keep.id);
      const history = await t.inject({ url: `/api/v1/${path}/${id}/history` });
      expect(history.json().items.at(-1).reason).toBe(
        `merged into person ${keep.id}: same man, aka in ICE report`,
      );
    }

    const kept = (await t.inject({ url: `/api/v1/people/${keep.id}` })).json();
    expect(kept.aliases).toEqual(['Ronald Cruz', 'ROMERO RONAL']);
    expect(kept.nationalities).toEqual(['HN', 'SV']);
    expect(kept.identifiers).toEqual([
      expect.objectContaining({ kind: 'a_number', value: 'A201000111' }),
    ]);

    // Both histories stay readable; the merged person's ends with mergedInto and the tombstone.
    const mergedHistory = (await t.inject({ url: `/api/v1/people/${merged.id}/history` })).json()
      .items;
    expect(mergedHistory.at(-1)).toMatchObject({
      action: 'delete',
      after: { mergedInto: keep.id },
    });
    expect(mergedHistory[0].after.givenNames).toBe('Ronald');

    // The pair is recorded as merged in the queue.
    const pairs = await t.inject({
      url: `/api/v1/matching/candidates?status=merged&personId=${keep.id}`,
    });
    expect(pairs.json().items).toHaveLength(1);
  });

  it('moves references nested in lists: proceeding parties, incident victims, testimonies, statements', async () => {
    const keep = await makePerson(t, { givenNames: 'Juan José', familyNames: 'Ramos Ramos' });
    const merged = await makePerson(t, { givenNames: 'Pepe', familyNames: 'Ramos' });
    const other = await makePerson(t, { givenNames: 'Lee', familyNames: 'Gelernt' });
    const proceeding = await post(t, 'proceedings', {
      title: 'J.G.G. v. Trump',
      kind: 'habeas',
      status: 'pending',
      parties: [
        { personId: other.id, role: 'counsel' },
        { personId: merged.id, role: 'class_member' },
      ],
    });
    const incident = await post(t, 'incidents', {
      kind: 'beating',
      victimIds: [other.id, merged.id],
      description: 'beaten on arrival',
    });
    // Two lists each named one of the records among the victims: after the merge, one victim.
    const both = await post(t, 'incidents', {
      kind: 'beating',
      victimIds: [merged.id, other.id, keep.id],
      description: 'beaten in the yard',
    });
    const testimony = await post(t, 'testimonies', {
      givenById: merged.id,
      consentScope: 'internal',
      medium: 'interview',
    });
    const statement = await post(t, 'statements', {
      speakerPersonId: other.id,
      venue: 'press_conference',
      text: 'He is no gang member.',
      about: [{ recordType: 'person', recordId: merged.id }],
    });
    const done = await merge({ keepId: keep.id, mergeId: merged.id });
    expect(done.statusCode, done.body).toBe(201);
    const fields = done
      .json()
      .changes.map((c: { recordId: string; field: string }) => `${c.recordId}:${c.field}`);
    expect(fields).toEqual(
      expect.arrayContaining([
        `${proceeding.id}:parties.1.personId`,
        `${incident.id}:victimIds.1`,
        `${testimony.id}:givenById`,
        `${statement.id}:about.0.recordId`,
      ]),
    );
    const moved = (await t.inject({ url: `/api/v1/proceedings/${proceeding.id}` })).json();
    expect(moved.parties).toEqual([
      { personId: other.id, role: 'counsel' },
      { personId: keep.id, role: 'class_member' },
    ]);
    expect((await t.inject({ url: `/api/v1/incidents/${incident.id}` })).json().victimIds).toEqual([
      other.id,
      keep.id,
    ]);

    expect((await t.inject({ url: `/api/v1/incidents/${both.id}` })).json().victimIds).toEqual([
      other.id,
      keep.id,
    ]);

    const undo = await t.inject({ method: 'POST', url: `/api/v1/merges/${done.json().id}/undo` });
    expect(undo.statusCode, undo.body).toBe(200);
    expect((await t.inject({ url: `/api/v1/incidents/${both.id}` })).json().victimIds).toEqual([
      merged.id,
      other.id,
      keep.id,
    ]);
    expect(
      (await t.inject({ url: `/api/v1/proceedings/${proceeding.id}` })).json().parties[1],
    ).toEqual({
      personId: merged.id,
      role: 'class_member',
    });
    expect((await t.inject({ url: `/api/v1/testimonies/${testimony.id}` })).json().givenById).toBe(
      merged.id,
    );
  });

  it('redirects reads of the merged person and their dossier to the kept person', async () => {
    const { keep, merged } = await twoRecordsOfOneMan();
    await merge({ keepId: keep.id, mergeId: merged.id });
    const read = await t.inject({ url: `/api/v1/people/${merged.id}` });
    expect(read.statusCode).toBe(308);
    expect(read.headers.location).toBe(`/api/v1/people/${keep.id}`);
    expect(read.json()).toMatchObject({ mergedInto: keep.id });
    const dossier = await t.inject({ url: `/api/v1/people/${merged.id}/dossier` });
    expect(dossier.statusCode).toBe(308);
    expect(dossier.headers.location).toBe(`/api/v1/people/${keep.id}/dossier`);
    // A missing person is still a plain 404.
    const missing = await t.inject({ url: '/api/v1/people/0190f5e4-0000-7000-8000-000000000000' });
    expect(missing.statusCode).toBe(404);
  });

  it('undoes a merge exactly: references back, the person restored, the added aliases gone', async () => {
    const { keep, merged, event, allegation, citation } = await twoRecordsOfOneMan();
    const keptBefore = (await t.inject({ url: `/api/v1/people/${keep.id}` })).json();
    const done = (await merge({ keepId: keep.id, mergeId: merged.id })).json();
    const undo = await t.inject({ method: 'POST', url: `/api/v1/merges/${done.id}/undo` });
    expect(undo.statusCode, undo.body).toBe(200);
    expect(undo.json().undoneAt).toBeTruthy();

    for (const [path, id, field] of [
      ['custody-events', event.id, 'personId'],
      ['allegations', allegation.id, 'personId'],
      ['citations', citation.id, 'recordId'],
    ] as const) {
      expect((await t.inject({ url: `/api/v1/${path}/${id}` })).json()[field]).toBe(merged.id);
    }
    const restored = await t.inject({ url: `/api/v1/people/${merged.id}` });
    expect(restored.statusCode).toBe(200);
    expect(restored.json()).toMatchObject({
      givenNames: 'Ronald',
      familyNames: 'Cruz',
      mergedInto: null,
    });
    const keptAfter = (await t.inject({ url: `/api/v1/people/${keep.id}` })).json();
    for (const field of ['givenNames', 'familyNames', 'aliases', 'identifiers', 'nationalities']) {
      // a list the merge started comes back empty (list fields cannot be cleared with null)
      expect(keptAfter[field] ?? []).toEqual(keptBefore[field] ?? []);
    }
    const again = await t.inject({ method: 'POST', url: `/api/v1/merges/${done.id}/undo` });
    expect(again.statusCode).toBe(409);
    // The pair is back in the queue for a new decision.
    const pairs = await t.inject({
      url: `/api/v1/matching/candidates?status=open&personId=${keep.id}`,
    });
    expect(pairs.json().items.map((c: { b: { id: string } }) => c.b.id)).toContain(
      [keep.id, merged.id].sort()[1],
    );
  });

  it('refuses to undo when a moved record was edited since, naming it, and changes nothing', async () => {
    const { keep, merged, event } = await twoRecordsOfOneMan();
    const done = (await merge({ keepId: keep.id, mergeId: merged.id })).json();
    await t.inject({
      method: 'PATCH',
      url: `/api/v1/custody-events/${event.id}`,
      payload: { notes: 'seen at Port Isabel' },
    });
    const undo = await t.inject({ method: 'POST', url: `/api/v1/merges/${done.id}/undo` });
    expect(undo.statusCode).toBe(409);
    expect(undo.json().detail).toContain(event.id);
    expect((await t.inject({ url: `/api/v1/people/${merged.id}` })).statusCode).toBe(308);
    expect((await t.inject({ url: `/api/v1/merges/${done.id}` })).json().undoneAt).toBeNull();
  });

  it('rejects bad merges with the field and reason, and writes nothing', async () => {
    const { keep, merged, event } = await twoRecordsOfOneMan();
    const self = await merge({ keepId: keep.id, mergeId: keep.id });
    expect(self.statusCode).toBe(422);
    expect(self.json().errors[0]).toMatchObject({ field: 'mergeId', code: 'same_person' });

    const unknown = await merge({
      keepId: keep.id,
      mergeId: '0190f5e4-0000-7000-8000-000000000000',
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0]).toMatchObject({ field: 'mergeId', code: 'unknown_reference' });

    const malformed = await merge({ keepId: 'nope' });
    expect(malformed.statusCode).toBe(422);
    expect(
      malformed
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['keepId', 'mergeId']);

    const contributor = await t.as('contributor', 'secret');
    expect((await merge({ keepId: keep.id, mergeId: merged.id }, contributor)).statusCode).toBe(
      403,
    );
    expect((await t.inject({ url: `/api/v1/custody-events/${event.id}` })).json().personId).toBe(
      merged.id,
    );

    expect((await merge({ keepId: keep.id, mergeId: merged.id })).statusCode).toBe(201);
    const twice = await merge({ keepId: keep.id, mergeId: merged.id });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().detail).toContain(`already merged into person ${keep.id}`);
  });

  it('refuses a merge when a record above the caller clearance refers to the person', async () => {
    const keep = await makePerson(t, { givenNames: 'Andry', familyNames: 'Blanco' });
    const merged = await makePerson(t, { givenNames: 'Andri', familyNames: 'Blanco Bonilla' });
    const hidden = await post(t, 'custody-events', {
      personId: merged.id,
      kind: 'detained',
      sensitivity: 'secret',
    });
    const editor = await t.as('editor', 'internal');
    const response = await merge({ keepId: keep.id, mergeId: merged.id }, editor);
    expect(response.statusCode).toBe(403);
    expect(response.body).not.toContain(hidden.id);
    expect((await t.inject({ url: `/api/v1/people/${merged.id}` })).statusCode).toBe(200);
  });
});
