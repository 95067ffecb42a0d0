import type { TestApp } from './app.js';
import { post } from './fixtures.js';

/** Records every sample may point at, all public so that any caller may reference them. */
export interface SampleRefs {
  personId: string;
  organizationId: string;
  placeId: string;
  sourceId: string;
  proceedingId: string;
  statementId: string;
}

export async function createSampleRefs(t: TestApp): Promise<SampleRefs> {
  const pub = { sensitivity: 'public' };
  const person = await post(t, 'people', { givenNames: 'Sample', familyNames: 'Person', ...pub });
  const organization = await post(t, 'organizations', {
    name: 'Sample agency',
    kind: 'agency',
    ...pub,
  });
  const place = await post(t, 'places', { name: 'Sample prison', kind: 'prison', ...pub });
  const source = await post(t, 'sources', { kind: 'news_article', title: 'Sample report', ...pub });
  const proceeding = await post(t, 'proceedings', {
    title: 'Sample v. State',
    kind: 'habeas',
    status: 'pending',
    ...pub,
  });
  const refs = {
    personId: person.id,
    organizationId: organization.id,
    placeId: place.id,
    sourceId: source.id,
    proceedingId: proceeding.id,
    statementId: '',
  };
  if (t.services.registry.get('statement')) {
    const body = SAMPLE_BODIES.statement!(refs);
    refs.statementId = (await post(t, 'statements', { ...body, ...pub })).id;
  }
  return refs;
}

/**
 * The smallest valid body for every record type. Security suites create records of every
 * registered type from this table, and fail for a type that has no entry, so a new record type
 * cannot slip past them.
 */
export const SAMPLE_BODIES: Record<string, (r: SampleRefs) => Record<string, unknown>> = {
  person: () => ({ givenNames: 'Sample', familyNames: 'Subject' }),
  organization: () => ({ name: 'Sample ministry', kind: 'government' }),
  place: () => ({ name: 'Sample airport', kind: 'airport' }),
  custody_event: (r) => ({
    personId: r.personId,
    kind: 'detained',
    occurredAt: '2025-03',
    placeId: r.placeId,
  }),
  source: () => ({ kind: 'video', title: 'Sample video' }),
  citation: (r) => ({
    recordType: 'person',
    recordId: r.personId,
    sourceId: r.sourceId,
    locator: 'p. 1',
  }),
  allegation: (r) => ({
    personId: r.personId,
    claim: 'member of a gang',
    category: 'gang_membership',
    status: 'asserted',
  }),
  proceeding: () => ({ title: 'Sample habeas', kind: 'habeas', status: 'pending' }),
  proceeding_event: (r) => ({
    proceedingId: r.proceedingId,
    kind: 'filing',
    occurredAt: '2025-03-16',
  }),
  incident: (r) => ({
    kind: 'beating',
    victimIds: [r.personId],
    description: 'Sample incident',
    occurredFrom: '2025-04',
  }),
  testimony: (r) => ({ givenById: r.personId, consentScope: 'internal', medium: 'interview' }),
  statement: (r) => ({
    speakerOrganizationId: r.organizationId,
    venue: 'press_conference',
    text: 'Sample statement',
  }),
  claim: (r) => ({
    text: 'Sample claim',
    positions: r.statementId ? [{ statementId: r.statementId, stance: 'asserts' }] : [],
  }),
};

export function sampleBody(type: string, refs: SampleRefs): Record<string, unknown> {
  const make = SAMPLE_BODIES[type];
  if (!make)
    throw new Error(`no sample body for record type "${type}": add one to test/helpers/samples.ts`);
  return make(refs);
}
