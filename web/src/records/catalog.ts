import type { Schemas } from '../api/client';
import { personName } from '../format';

/**
 * What the OpenAPI document cannot say about each record type, kept by hand but checked by the
 * compiler against the generated types: which record an id field points to, how a record is
 * labelled, which columns a list shows, and which other records belong on its page. Everything
 * else (fields, order, required, enums, filters, sort keys) is read from the OpenAPI document at
 * run time, so the forms follow the server without a second list to keep in step.
 */
export type Slug =
  | 'people'
  | 'organizations'
  | 'places'
  | 'custody-events'
  | 'sources'
  | 'citations'
  | 'allegations'
  | 'proceedings'
  | 'proceeding-events'
  | 'incidents'
  | 'testimonies'
  | 'statements'
  | 'claims';

type RecordName =
  | 'Person'
  | 'Organization'
  | 'Place'
  | 'CustodyEvent'
  | 'Source'
  | 'Citation'
  | 'Allegation'
  | 'Proceeding'
  | 'ProceedingEvent'
  | 'Incident'
  | 'Testimony'
  | 'Statement'
  | 'Claim';

type CreateOf<N extends RecordName> = Schemas[`${N}Create`];

/** Dotted paths to every field, arrays looked through: `transport.carrierId`, `parties.personId`. */
type FieldPath<T> = T extends readonly (infer Item)[]
  ? FieldPath<Item>
  : T extends object
    ? { [K in keyof T & string]: K | `${K}.${FieldPath<NonNullable<T[K]>>}` }[keyof T & string]
    : never;

/** A list of other records shown on this record's page, found by one of their list filters. */
export interface Related {
  slug: Slug;
  filter: string;
  /** a heading of its own (e.g. hearings vs. orders); defaults to the related type's name */
  heading?: 'hearings' | 'orders' | 'deadlines' | 'events' | 'statementsAbout' | 'citedBy';
  /** an extra filter value, e.g. `kind=hearing` */
  where?: Record<string, string>;
}

export interface RecordType<N extends RecordName = RecordName> {
  slug: Slug;
  /** the component name in the OpenAPI document: `${schema}Create`, `${schema}Patch` */
  schema: N;
  /** the server's record type, as citations and links name it */
  type: string;
  references: Partial<Record<FieldPath<CreateOf<N>>, Slug>>;
  label(record: Schemas[N]): string;
  /** list columns after the label */
  columns: (keyof Schemas[N] & string)[];
  related?: Related[];
}

function define<N extends RecordName>(entry: RecordType<N>): RecordType {
  return entry as unknown as RecordType;
}

const clip = (text: string) => (text.length > 90 ? `${text.slice(0, 89)}…` : text);

export const RECORD_TYPES: Record<Slug, RecordType> = {
  people: define({
    slug: 'people',
    schema: 'Person',
    type: 'person',
    references: {},
    label: personName,
    columns: ['birthDate', 'nationalities', 'roles'],
  }),
  organizations: define({
    slug: 'organizations',
    schema: 'Organization',
    type: 'organization',
    references: { parentId: 'organizations' },
    label: (o) => (o.acronym ? `${o.name} (${o.acronym})` : o.name),
    columns: ['kind', 'country'],
    related: [
      { slug: 'organizations', filter: 'parentId' },
      { slug: 'places', filter: 'operatorId' },
      { slug: 'custody-events', filter: 'custodianId' },
      { slug: 'proceedings', filter: 'forumId' },
    ],
  }),
  places: define({
    slug: 'places',
    schema: 'Place',
    type: 'place',
    references: { operatorId: 'organizations' },
    label: (p) => p.name,
    columns: ['kind', 'country', 'locality'],
    related: [
      { slug: 'custody-events', filter: 'placeId' },
      { slug: 'incidents', filter: 'placeId' },
    ],
  }),
  'custody-events': define({
    slug: 'custody-events',
    schema: 'CustodyEvent',
    type: 'custody_event',
    references: {
      personId: 'people',
      placeId: 'places',
      fromPlaceId: 'places',
      custodianId: 'organizations',
      'transport.carrierId': 'organizations',
      'citations.sourceId': 'sources',
    },
    label: (e) => e.kind.replaceAll('_', ' ') + (e.occurredAt ? ` ${e.occurredAt}` : ''),
    columns: ['personId', 'occurredAt', 'placeId', 'custodianId'],
  }),
  sources: define({
    slug: 'sources',
    schema: 'Source',
    type: 'source',
    references: {},
    label: (s) => s.title,
    columns: ['kind', 'publisher', 'publishedAt'],
    related: [
      { slug: 'citations', filter: 'sourceId', heading: 'citedBy' },
      { slug: 'statements', filter: 'sourceId' },
    ],
  }),
  citations: define({
    slug: 'citations',
    schema: 'Citation',
    type: 'citation',
    references: { sourceId: 'sources' },
    label: (c) => [c.locator, c.quote && `“${clip(c.quote)}”`].filter(Boolean).join(' ') || c.id,
    columns: ['sourceId', 'recordType', 'field'],
  }),
  allegations: define({
    slug: 'allegations',
    schema: 'Allegation',
    type: 'allegation',
    references: {
      personId: 'people',
      madeByPersonId: 'people',
      madeByOrganizationId: 'organizations',
      'evidence.sourceId': 'sources',
    },
    label: (a) => clip(a.claim),
    columns: ['personId', 'status', 'category', 'madeAt'],
  }),
  proceedings: define({
    slug: 'proceedings',
    schema: 'Proceeding',
    type: 'proceeding',
    references: {
      forumId: 'organizations',
      judgeIds: 'people',
      'parties.personId': 'people',
      'parties.organizationId': 'organizations',
    },
    label: (p) => (p.docketNumber ? `${p.title} (${p.docketNumber})` : p.title),
    columns: ['kind', 'status', 'forumId', 'filedAt'],
    related: [
      {
        slug: 'proceeding-events',
        filter: 'proceedingId',
        heading: 'hearings',
        where: { kind: 'hearing' },
      },
      {
        slug: 'proceeding-events',
        filter: 'proceedingId',
        heading: 'orders',
        where: { kind: 'order' },
      },
      { slug: 'proceeding-events', filter: 'proceedingId', heading: 'events' },
    ],
  }),
  'proceeding-events': define({
    slug: 'proceeding-events',
    schema: 'ProceedingEvent',
    type: 'proceeding_event',
    references: {
      proceedingId: 'proceedings',
      sourceId: 'sources',
      'hearing.placeId': 'places',
    },
    label: (e) => e.title ?? e.kind + (e.occurredAt ? ` ${e.occurredAt}` : ''),
    columns: ['proceedingId', 'kind', 'occurredAt', 'dueAt'],
  }),
  incidents: define({
    slug: 'incidents',
    schema: 'Incident',
    type: 'incident',
    references: {
      placeId: 'places',
      victimIds: 'people',
      'perpetrators.personId': 'people',
      'perpetrators.organizationId': 'organizations',
    },
    label: (i) => i.kind.replaceAll('_', ' ') + (i.occurredFrom ? ` ${i.occurredFrom}` : ''),
    columns: ['occurredFrom', 'placeId', 'confidence'],
  }),
  testimonies: define({
    slug: 'testimonies',
    schema: 'Testimony',
    type: 'testimony',
    references: {
      givenById: 'people',
      takenById: 'people',
      takenByOrganizationId: 'organizations',
      'excerpts.incidentIds': 'incidents',
      'excerpts.custodyEventIds': 'custody-events',
    },
    label: (t) => t.title ?? t.takenAt ?? t.id,
    columns: ['givenById', 'takenAt', 'consentScope'],
  }),
  statements: define({
    slug: 'statements',
    schema: 'Statement',
    type: 'statement',
    references: {
      speakerPersonId: 'people',
      speakerOrganizationId: 'organizations',
      sourceId: 'sources',
    },
    label: (s) => clip(s.text),
    columns: ['speakerPersonId', 'speakerOrganizationId', 'madeAt', 'venue'],
    related: [{ slug: 'claims', filter: 'statementId' }],
  }),
  claims: define({
    slug: 'claims',
    schema: 'Claim',
    type: 'claim',
    references: { 'positions.statementId': 'statements' },
    label: (c) => clip(c.text),
    columns: ['positions'],
    related: [{ slug: 'statements', filter: 'aboutId', heading: 'statementsAbout' }],
  }),
};

export const SLUGS = Object.keys(RECORD_TYPES) as Slug[];

export function isSlug(value: string): value is Slug {
  return value in RECORD_TYPES;
}

/** The slug for a server record type (`custody_event` → `custody-events`). */
export function slugOfType(type: string): Slug | undefined {
  return SLUGS.find((slug) => RECORD_TYPES[slug].type === type);
}

/** A record's label, whatever its type; the id when the record lacks what the label needs. */
export function labelOf(slug: Slug, record: Record<string, unknown>): string {
  try {
    return RECORD_TYPES[slug].label(record as never) || String(record.id);
  } catch {
    return String(record.id);
  }
}
