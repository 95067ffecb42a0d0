import { z } from 'zod';
import type { FieldIssue } from '../../lib/errors.js';
import { parsePartialDate } from '../../lib/partial-date.js';
import { foldText } from '../../lib/text.js';
import type { RecordRef, RecordTypeDefinition } from '../records/definition.js';
import {
  confidenceSchema,
  countryCodeSchema,
  optionalText,
  partialDateSchema,
  recordIdSchema,
} from '../records/fields.js';

export const CUSTODY_EVENT_KINDS = [
  'apprehended',
  'detained',
  'transferred',
  'removed',
  'handed_over',
  'released',
  'repatriated',
  'died',
  'last_seen',
  'whereabouts_unknown',
] as const;
export type CustodyEventKind = (typeof CUSTODY_EVENT_KINDS)[number];

export const custodyEventFields = z.object({
  personId: recordIdSchema,
  kind: z.enum(CUSTODY_EVENT_KINDS),
  occurredAt: partialDateSchema.nullish(),
  placeId: recordIdSchema.nullish().describe('where the person was after the event'),
  fromPlaceId: recordIdSchema.nullish().describe('where a transfer or flight left from'),
  custodianId: recordIdSchema
    .nullish()
    .describe('the organization holding the person after the event'),
  jurisdiction: countryCodeSchema.nullish().describe('country whose law applied after the event'),
  transport: z
    .object({
      carrierId: recordIdSchema.nullish().describe('airline or agency organization'),
      flightNumber: optionalText(20),
      vehicle: optionalText(200),
    })
    .strict()
    .nullish(),
  confidence: confidenceSchema.nullish(),
  description: optionalText(5000),
  notes: optionalText(),
});

export type CustodyEventFields = z.output<typeof custodyEventFields>;

const boundsOf = (value: string | null | undefined) =>
  value ? parsePartialDate(value) : { start: '', end: '' };

function checkCustodyEvent(e: CustodyEventFields): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (e.kind === 'handed_over' && !e.custodianId) {
    issues.push({
      field: 'custodianId',
      reason: 'a hand-over needs the organization that received the person',
      code: 'custodian_required',
    });
  }
  if (e.kind === 'released' && e.custodianId) {
    issues.push({
      field: 'custodianId',
      reason: 'after a release nobody holds the person; record a hand-over instead',
      code: 'custodian_not_allowed',
    });
  }
  if (e.placeId && e.placeId === e.fromPlaceId) {
    issues.push({
      field: 'fromPlaceId',
      reason: 'must differ from placeId',
      code: 'same_place',
    });
  }
  return issues;
}

function custodyRefs(e: CustodyEventFields): RecordRef[] {
  const refs: RecordRef[] = [{ field: 'personId', type: 'person', id: e.personId }];
  if (e.placeId) refs.push({ field: 'placeId', type: 'place', id: e.placeId });
  if (e.fromPlaceId) refs.push({ field: 'fromPlaceId', type: 'place', id: e.fromPlaceId });
  if (e.custodianId) refs.push({ field: 'custodianId', type: 'organization', id: e.custodianId });
  if (e.transport?.carrierId) {
    refs.push({ field: 'transport.carrierId', type: 'organization', id: e.transport.carrierId });
  }
  return refs;
}

export const custodyEventType: RecordTypeDefinition<typeof custodyEventFields> = {
  type: 'custody_event',
  names: { singular: 'CustodyEvent', plural: 'CustodyEvents' },
  path: 'custody-events',
  table: 'custody_events',
  fields: custodyEventFields,
  defaultSensitivity: 'internal',
  label: (e) => `${e.kind.replace('_', ' ')}${e.occurredAt ? ` ${e.occurredAt}` : ''}`,
  columns: (e) => {
    const { start, end } = boundsOf(e.occurredAt);
    return {
      person_id: e.personId,
      kind: e.kind,
      occurred_start: start,
      occurred_end: end,
      place_id: e.placeId ?? null,
      from_place_id: e.fromPlaceId ?? null,
      custodian_id: e.custodianId ?? null,
      jurisdiction: e.jurisdiction ?? null,
    };
  },
  searchText: (e) => foldText([e.kind, e.description].filter(Boolean).join(' | ')),
  filters: {
    personId: { column: 'person_id', schema: recordIdSchema, description: 'events of this person' },
    kind: { column: 'kind', schema: z.enum(CUSTODY_EVENT_KINDS), description: 'kind of event' },
    placeId: { column: 'place_id', schema: recordIdSchema, description: 'events at this place' },
    custodianId: {
      column: 'custodian_id',
      schema: recordIdSchema,
      description: 'events leaving the person with this organization',
    },
    jurisdiction: { column: 'jurisdiction', schema: countryCodeSchema, description: 'country' },
    occurredFrom: {
      column: 'occurred_end',
      op: 'gte',
      schema: partialDateSchema,
      toColumn: (v: string) => parsePartialDate(v).start,
      description: 'events that may have happened on or after this date',
    },
    occurredTo: {
      column: 'occurred_start',
      op: 'lte',
      schema: partialDateSchema,
      toColumn: (v: string) => parsePartialDate(v).end,
      description: 'events that may have happened on or before this date',
    },
  },
  sorts: { occurredAt: 'occurred_start' },
  defaultSort: 'occurredAt',
  refs: custodyRefs,
  check: checkCustodyEvent,
};
