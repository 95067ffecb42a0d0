import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import {
  makeOrganization,
  makePerson,
  makePlace,
  makeSource,
  post,
} from '../../../test/helpers/fixtures.js';
import { loadExampleData } from '../demo/load.js';

/**
 * The dossier end to end, through the API: first on the example data set (the CECOT case as
 * reported), then on small synthetic cases that the example data cannot show.
 */

type Rec = Record<string, unknown> & { id: string };
interface Span {
  eventId: string;
  kind: string;
  state: string;
  from: string | null;
  to: string | null;
  placeId: string | null;
  custodianId: string | null;
  jurisdiction: string | null;
  gaps: string[];
  disputedBy: string[];
  uncertainOrderWith: string[];
}
interface ChecklistItem {
  item: string;
  answer: 'yes' | 'no' | 'unknown';
  decidedBy: string[];
  note: string;
}
interface Dossier {
  person: Rec;
  status: {
    state: string;
    placeId: string | null;
    custodianId: string | null;
    jurisdiction: string | null;
    asOf: string | null;
    eventId: string | null;
    sourceIds: string[];
  };
  custody: { events: Rec[]; chain: Span[] };
  allegations: Rec[];
  process: {
    proceedings: Rec[];
    events: Rec[];
    upcoming: Rec[];
    dueProcess: {
      items: ChecklistItem[];
      daysHeldWithoutCharge: unknown;
      daysIncommunicado: unknown;
    };
  };
  harm: { incidents: Rec[]; testimonies: Rec[] };
  statements: Rec[];
  claims: (Rec & { contested: boolean })[];
  sources: Rec[];
  citations: Rec[];
  unsourced: string[];
  labels: Record<string, string>;
}

type Inject = TestApp['inject'];

async function getDossier(inject: Inject, personId: string): Promise<Dossier> {
  const response = await inject({ url: `/api/v1/people/${personId}/dossier` });
  if (response.statusCode !== 200) {
    throw new Error(`dossier answered ${response.statusCode}: ${response.body}`);
  }
  return response.json();
}

const checklist = (dossier: Dossier, item: string) => {
  const found = dossier.process.dueProcess.items.find((i) => i.item === item);
  if (!found) throw new Error(`no ${item} in the checklist`);
  return found;
};

const label = (dossier: Dossier, id: string | null | undefined) =>
  id ? dossier.labels[id] : undefined;

describe('the dossier of Jerce Reyes Barrios, on the example data set', () => {
  let t: TestApp;
  let dossier: Dossier;

  beforeAll(async () => {
    t = await createTestApp();
    await loadExampleData(t.services, t.ctx);
    const found = await t.inject({ url: '/api/v1/people?q=jerce' });
    expect(found.statusCode).toBe(200);
    const { items } = found.json() as { items: Rec[] };
    expect(items.map((p) => p.familyNames)).toEqual(['Reyes Barrios']);
    dossier = await getDossier(t.inject, items[0]!.id);
  });
  afterAll(() => t.close());

  const span = (kind: string) => {
    const found = dossier.custody.chain.find((s) => s.kind === kind);
    if (!found) throw new Error(`no ${kind} span in the chain`);
    return found;
  };

  it('is about him', () => {
    expect(dossier.person).toMatchObject({ givenNames: 'Jerce', familyNames: 'Reyes Barrios' });
  });

  it('shows him removed in March 2025, held in CECOT by El Salvador’s prison authority, and released in July 2025', () => {
    const chain = dossier.custody.chain;
    expect(chain.map((s) => [s.kind, s.from, s.to])).toEqual([
      ['detained', '2025', '2025-03'],
      ['removed', '2025-03', '2025-03'],
      ['handed_over', '2025-03', '2025-07'],
      ['released', '2025-07', null],
    ]);
    const removed = span('removed');
    expect(label(dossier, removed.custodianId)).toBe('U.S. Immigration and Customs Enforcement');
    expect(label(dossier, removed.placeId)).toBe('El Salvador');

    const heldInCecot = span('handed_over');
    expect(heldInCecot).toMatchObject({ state: 'in_custody', jurisdiction: 'SV' });
    expect(label(dossier, heldInCecot.placeId)).toBe('CECOT');
    expect(label(dossier, heldInCecot.custodianId)).toBe('Prison authority of El Salvador');

    const released = span('released');
    expect(released).toMatchObject({ state: 'released', custodianId: null, jurisdiction: 'VE' });
    expect(label(dossier, released.placeId)).toBe('Venezuela');
    expect(dossier.custody.events.map((e) => e.id).sort()).toEqual(
      chain.map((s) => s.eventId).sort(),
    );
  });

  it('gives his status as released as of July 2025, with the source it rests on', () => {
    const released = span('released');
    expect(dossier.status).toMatchObject({
      state: 'released',
      asOf: '2025-07',
      eventId: released.eventId,
      custodianId: null,
    });
    expect(label(dossier, dossier.status.placeId)).toBe('Venezuela');
    expect(dossier.status.sourceIds).toHaveLength(1);
    const source = dossier.sources.find((s) => s.id === dossier.status.sourceIds[0]);
    expect(source).toMatchObject({ kind: 'news_article' });
    expect(source?.title).toContain('July 2025');
  });

  it('shows the Tren de Aragua allegation, asserted and denied, its tattoo basis refuted', () => {
    expect(dossier.allegations).toHaveLength(1);
    const [allegation] = dossier.allegations;
    expect(allegation).toMatchObject({
      claim: 'member of Tren de Aragua',
      group: 'Tren de Aragua',
      basis: ['tattoo'],
      status: 'asserted',
      response: 'denies',
    });
    expect(label(dossier, allegation?.madeByOrganizationId as string)).toBe(
      'Government of the United States',
    );
    const evidence = allegation?.evidence as {
      stance: string;
      description: string;
      sourceId: string;
    }[];
    expect(evidence).toHaveLength(1);
    expect(evidence[0]?.stance).toBe('refutes');
    expect(evidence[0]?.description).toContain('Real Madrid');
    expect(label(dossier, evidence[0]?.sourceId)).toBe(
      'ABC News interview with Jerce Reyes Barrios',
    );
  });

  it('answers that he was never charged and had no hearing before his removal', () => {
    expect(checklist(dossier, 'criminal_charge')).toMatchObject({
      answer: 'no',
      decidedBy: [dossier.allegations[0]?.id],
    });
    expect(checklist(dossier, 'hearing_before_removal')).toMatchObject({
      answer: 'no',
      decidedBy: [span('removed').eventId],
    });
  });

  it('answers that the December 2025 ruling in J.G.G. v. Trump gave him a way to challenge his removal', () => {
    const [proceeding] = dossier.process.proceedings;
    expect(proceeding).toMatchObject({
      title: 'J.G.G. v. Trump',
      docketNumber: '1:25-cv-00766',
      kind: 'class_action',
    });
    expect(proceeding?.parties).toContainEqual(
      expect.objectContaining({ personId: dossier.person.id, role: 'class_member' }),
    );
    const [ruling] = dossier.process.events;
    expect(ruling).toMatchObject({ kind: 'ruling', occurredAt: '2025-12' });
    expect(ruling?.description).toContain(
      'cannot just send people off to a brutal foreign prison with zero due process and simply walk away',
    );
    expect(checklist(dossier, 'way_to_challenge_removal')).toMatchObject({
      answer: 'yes',
      decidedBy: [ruling?.id],
    });
    // The order sets no deadline, so nothing is upcoming.
    expect(dossier.process.upcoming).toEqual([]);
  });

  it('shows the contested claim about responsibility, and the CECOT span as disputed by it', () => {
    const claim = dossier.claims.find(
      (c) => c.text === 'The United States remained responsible for the men held in CECOT',
    );
    expect(claim).toMatchObject({ contested: true });
    expect(span('handed_over')).toMatchObject({ gaps: ['disputed'], disputedBy: [claim?.id] });
    for (const other of ['detained', 'removed', 'released']) {
      expect(span(other).gaps).toEqual([]);
    }
    // Both sides of the claim are in the dossier, whatever they are about.
    const positions = claim?.positions as { statementId: string; stance: string }[];
    const statementIds = dossier.statements.map((s) => s.id);
    for (const { statementId } of positions) expect(statementIds).toContain(statementId);
    expect(positions.map((p) => p.stance).sort()).toEqual(['asserts', 'denies']);
  });

  it('shows the harm reported in CECOT and his own account of it', () => {
    expect(dossier.harm.incidents.map((i) => i.kind).sort()).toEqual([
      'beating',
      'food_deprivation',
      'medical_neglect',
      'torture',
    ]);
    for (const incident of dossier.harm.incidents) {
      expect(label(dossier, incident.placeId as string)).toBe('CECOT');
    }
    expect(dossier.harm.testimonies).toEqual([
      expect.objectContaining({
        title: 'ABC News interview with Jerce Reyes Barrios',
        consentScope: 'publish_named',
      }),
    ]);
  });

  it('sources every fact in it', () => {
    expect(dossier.unsourced).toEqual([]);
    const sourceIds = new Set(dossier.sources.map((s) => s.id));
    for (const citation of dossier.citations) {
      expect(sourceIds).toContain(citation.sourceId);
    }
    const cited = new Set(dossier.citations.map((c) => c.recordId));
    const records = [
      dossier.person,
      ...dossier.custody.events,
      ...dossier.allegations,
      ...dossier.process.proceedings,
      ...dossier.process.events,
      ...dossier.harm.incidents,
      ...dossier.harm.testimonies,
      ...dossier.statements,
      ...dossier.claims,
    ];
    for (const record of records) expect(cited, `${record.id} is uncited`).toContain(record.id);
  });
});

describe('the dossier in hard cases', () => {
  let t: TestApp;
  let source: Rec;
  let otherSource: Rec;
  let ice: Rec;
  let prisonAuthority: Rec;
  let cecot: Rec;

  beforeAll(async () => {
    t = await createTestApp();
    source = await makeSource(t, { sensitivity: 'public' });
    otherSource = await makeSource(t, {
      kind: 'news_article',
      title: 'A contradicting report',
      sensitivity: 'public',
    });
    ice = await makeOrganization(t, { name: 'ICE', kind: 'agency', country: 'US' });
    prisonAuthority = await makeOrganization(t, {
      name: 'Prison authority',
      kind: 'prison_authority',
    });
    cecot = await makePlace(t, { operatorId: prisonAuthority.id });
  });
  afterAll(() => t.close());

  const custody = (body: Record<string, unknown>, from = source) =>
    post(t, 'custody-events', { ...body, citations: [{ sourceId: from.id }] });

  it('answers 200 for a person with no events: no record, an empty chain', async () => {
    const person = await makePerson(t, { givenNames: 'Nobody', familyNames: 'Recorded' });
    const dossier = await getDossier(t.inject, person.id);
    expect(dossier.status).toEqual({
      state: 'no_record',
      placeId: null,
      custodianId: null,
      jurisdiction: null,
      asOf: null,
      eventId: null,
      sourceIds: [],
    });
    expect(dossier.custody).toEqual({ events: [], chain: [] });
    expect(dossier.allegations).toEqual([]);
    expect(checklist(dossier, 'hearing_before_removal').answer).toBe('unknown');
    expect(checklist(dossier, 'criminal_charge').answer).toBe('unknown');
    expect(dossier.process.dueProcess.daysHeldWithoutCharge).toBeNull();
    // Nothing cites the person, and the dossier says so.
    expect(dossier.unsourced).toEqual([person.id]);
  });

  it('drops a deleted custody event from the chain and the status', async () => {
    const person = await makePerson(t, { givenNames: 'Deleted', familyNames: 'Event' });
    const detained = await custody({
      personId: person.id,
      kind: 'detained',
      occurredAt: '2025-03-01',
      custodianId: ice.id,
    });
    const mistaken = await custody({
      personId: person.id,
      kind: 'handed_over',
      occurredAt: '2025-03-16',
      placeId: cecot.id,
      custodianId: prisonAuthority.id,
    });
    expect((await getDossier(t.inject, person.id)).status.eventId).toBe(mistaken.id);

    const deleted = await t.inject({
      method: 'DELETE',
      url: `/api/v1/custody-events/${mistaken.id}`,
    });
    expect(deleted.statusCode).toBe(204);
    const dossier = await getDossier(t.inject, person.id);
    expect(dossier.custody.chain.map((s) => s.eventId)).toEqual([detained.id]);
    expect(dossier.custody.events.map((e) => e.id)).toEqual([detained.id]);
    expect(dossier.status).toMatchObject({ state: 'in_custody', eventId: detained.id });
    expect(dossier.custody.chain[0]?.to).toBeNull();
    expect(JSON.stringify(dossier)).not.toContain(mistaken.id);
  });

  it('flags two sources that put the person with different custodians at overlapping dates', async () => {
    const person = await makePerson(t, { givenNames: 'Two', familyNames: 'Accounts' });
    const inUsCustody = await custody({
      personId: person.id,
      kind: 'detained',
      occurredAt: '2025-03',
      custodianId: ice.id,
    });
    const inSalvadoranCustody = await custody(
      {
        personId: person.id,
        kind: 'handed_over',
        occurredAt: '2025-03-15',
        placeId: cecot.id,
        custodianId: prisonAuthority.id,
      },
      otherSource,
    );
    const dossier = await getDossier(t.inject, person.id);
    const byEvent = new Map(dossier.custody.chain.map((s) => [s.eventId, s]));
    expect(byEvent.get(inUsCustody.id)?.uncertainOrderWith).toEqual([inSalvadoranCustody.id]);
    expect(byEvent.get(inSalvadoranCustody.id)?.uncertainOrderWith).toEqual([inUsCustody.id]);
    // Each account keeps its own source.
    const sourcesOf = (id: string) =>
      dossier.citations.filter((c) => c.recordId === id).map((c) => c.sourceId);
    expect(sourcesOf(inUsCustody.id)).toEqual([source.id]);
    expect(sourcesOf(inSalvadoranCustody.id)).toEqual([otherSource.id]);
  });

  it('orders events entered out of order by their dates', async () => {
    const person = await makePerson(t, { givenNames: 'Late', familyNames: 'Entries' });
    const released = await custody({
      personId: person.id,
      kind: 'released',
      occurredAt: '2025-07-18',
    });
    const handedOver = await custody({
      personId: person.id,
      kind: 'handed_over',
      occurredAt: '2025-03-16',
      placeId: cecot.id,
      custodianId: prisonAuthority.id,
    });
    const detained = await custody({
      personId: person.id,
      kind: 'detained',
      occurredAt: '2025-02-10',
      custodianId: ice.id,
    });
    const dossier = await getDossier(t.inject, person.id);
    expect(dossier.custody.chain.map((s) => [s.eventId, s.from, s.to])).toEqual([
      [detained.id, '2025-02-10', '2025-03-16'],
      [handedOver.id, '2025-03-16', '2025-07-18'],
      [released.id, '2025-07-18', null],
    ]);
    expect(dossier.custody.chain.every((s) => s.uncertainOrderWith.length === 0)).toBe(true);
    expect(dossier.status).toMatchObject({ state: 'released', asOf: '2025-07-18' });
    expect(dossier.process.dueProcess.daysHeldWithoutCharge).toMatchObject({
      from: '2025-02-10',
      to: '2025-07-18',
      min: 158,
      max: 158,
    });
  });

  it('counts a deadline set only to this month as upcoming, and a past one not', async () => {
    const person = await makePerson(t, { givenNames: 'Awaiting', familyNames: 'Hearing' });
    const proceeding = await post(t, 'proceedings', {
      title: 'Awaiting v. State',
      kind: 'habeas',
      status: 'pending',
      parties: [{ personId: person.id, role: 'petitioner' }],
    });
    const entry = (body: Record<string, unknown>) =>
      post(t, 'proceeding-events', { proceedingId: proceeding.id, ...body });
    const thisMonth = new Date().toISOString().slice(0, 7);
    const hearing = await entry({
      kind: 'hearing',
      hearing: { scheduledFor: '2099-01-05T10:00:00-05:00', mode: 'remote' },
    });
    const due = await entry({ kind: 'deadline', dueAt: thisMonth });
    await entry({ kind: 'deadline', dueAt: '2024-01' });
    const dossier = await getDossier(t.inject, person.id);
    expect(dossier.process.events).toHaveLength(3);
    expect(dossier.process.upcoming.map((e) => e.id)).toEqual([due.id, hearing.id]);
  });

  describe('for a viewer cleared to internal', () => {
    let viewer: Inject;
    let person: Rec;
    let internalTestimony: Rec;
    let confidentialTestimony: Rec;
    let confidentialClaim: Rec;

    beforeAll(async () => {
      viewer = await t.as('viewer', 'internal');
      person = await makePerson(t, {
        givenNames: 'Guarded',
        familyNames: 'Witness',
        sensitivity: 'internal',
      });
      await custody({
        personId: person.id,
        kind: 'handed_over',
        occurredAt: '2025-03',
        placeId: cecot.id,
        custodianId: prisonAuthority.id,
        sensitivity: 'internal',
      });
      internalTestimony = await post(t, 'testimonies', {
        givenById: person.id,
        title: 'Internal note of an interview',
        consentScope: 'internal',
        medium: 'interview',
        sensitivity: 'internal',
      });
      confidentialTestimony = await post(t, 'testimonies', {
        givenById: person.id,
        title: 'Sworn declaration naming a guard',
        consentScope: 'court_only',
        medium: 'sworn_declaration',
        sensitivity: 'confidential',
        excerpts: [{ text: 'a sealed account', sensitivity: 'confidential' }],
        citations: [{ sourceId: source.id, locator: 'sealed exhibit 4' }],
      });
      // A contested claim the viewer may not see must not mark the span disputed for them.
      const says = (speakerOrganizationId: string, text: string) =>
        post(t, 'statements', { speakerOrganizationId, text, sensitivity: 'confidential' });
      const asserts = await says(prisonAuthority.id, 'The United States holds them.');
      const denies = await says(ice.id, 'We do not hold them.');
      confidentialClaim = await post(t, 'claims', {
        text: 'The United States holds the men in CECOT',
        positions: [
          { statementId: asserts.id, stance: 'asserts' },
          { statementId: denies.id, stance: 'denies' },
        ],
        about: [{ recordType: 'organization', recordId: prisonAuthority.id }],
        sensitivity: 'confidential',
      });
    });

    it('leaves out a confidential testimony, its citation and a confidential dispute', async () => {
      const dossier = await getDossier(viewer, person.id);
      expect(dossier.harm.testimonies.map((x) => x.id)).toEqual([internalTestimony.id]);
      expect(dossier.claims).toEqual([]);
      expect(dossier.statements).toEqual([]);
      expect(dossier.custody.chain[0]).toMatchObject({ gaps: [], disputedBy: [] });
      const body = JSON.stringify(dossier);
      for (const hidden of [
        confidentialTestimony.id,
        confidentialClaim.id,
        'sealed',
        'Sworn declaration',
      ]) {
        expect(body).not.toContain(hidden);
      }

      // The administrator, cleared to secret, sees all of it.
      const full = await getDossier(t.inject, person.id);
      expect(full.harm.testimonies.map((x) => x.id).sort()).toEqual(
        [internalTestimony.id, confidentialTestimony.id].sort(),
      );
      expect(full.custody.chain[0]).toMatchObject({
        gaps: ['disputed'],
        disputedBy: [confidentialClaim.id],
      });
    });

    it('answers 404 for a confidential person, as for one that does not exist', async () => {
      const hidden = await makePerson(t, {
        givenNames: 'Protected',
        familyNames: 'Person',
        sensitivity: 'confidential',
      });
      const response = await viewer({ url: `/api/v1/people/${hidden.id}/dossier` });
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('Protected');
      const unknown = await viewer({
        url: '/api/v1/people/0193a6e4-7a52-7cc1-9d6a-3b0c2f1e4d5a/dossier',
      });
      expect(unknown.statusCode).toBe(404);
      expect(response.json().title).toBe(unknown.json().title);
    });

    it('does not count a citation of a source they may not see as sourcing a fact', async () => {
      const informant = await makeSource(t, {
        kind: 'interview_record',
        title: 'Notes of a confidential informant',
        sensitivity: 'confidential',
      });
      const someone = await makePerson(t, {
        givenNames: 'Quietly',
        familyNames: 'Sourced',
        citations: [{ sourceId: source.id }],
      });
      const moved = await custody(
        { personId: someone.id, kind: 'transferred', occurredAt: '2025-04', custodianId: ice.id },
        informant,
      );

      const dossier = await getDossier(viewer, someone.id);
      expect(dossier.unsourced).toEqual([moved.id]);
      expect(dossier.status).toMatchObject({ eventId: moved.id, sourceIds: [] });
      expect(dossier.citations.map((c) => c.recordId)).toEqual([someone.id]);
      expect(JSON.stringify(dossier)).not.toContain(informant.id);

      const full = await getDossier(t.inject, someone.id);
      expect(full.unsourced).toEqual([]);
      expect(full.status.sourceIds).toEqual([informant.id]);
    });
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    const unknown = await t.inject({
      url: '/api/v1/people/0193a6e4-7a52-7cc1-9d6a-3b0c2f1e4d5a/dossier',
    });
    expect(unknown.statusCode).toBe(404);
    const malformed = await t.inject({ url: '/api/v1/people/not-an-id/dossier' });
    expect(malformed.statusCode).toBe(400);
  });
});
