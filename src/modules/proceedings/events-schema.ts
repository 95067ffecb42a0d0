import { z } from 'zod';
import type { FieldIssue } from '../../lib/errors.js';
import { parsePartialDate } from '../../lib/partial-date.js';
import { foldText } from '../../lib/text.js';
import type { RecordRef, RecordTypeDefinition } from '../records/definition.js';
import {
  earliestInstant,
  nonEmptyText,
  optionalText,
  partialDateSchema,
  recordIdSchema,
} from '../records/fields.js';

export const PROCEEDING_EVENT_KINDS = ['filing', 'order', 'hearing', 'ruling', 'deadline'] as const;
export const HEARING_MODES = ['in_person', 'remote', 'hybrid'] as const;
export const COMPLIANCE_STATES = [
  'pending',
  'complied',
  'partially_complied',
  'not_complied',
  'unknown',
] as const;

/** Kinds of entry that can direct someone to do something. */
const ORDERING_KINDS: readonly string[] = ['order', 'ruling'];

export const hearingSchema = z
  .object({
    // A hearing is set for a moment in a court's own zone; without the zone it is ambiguous.
    scheduledFor: z.iso
      .datetime({
        offset: true,
        error: 'must be a full timestamp with its zone, e.g. 2025-04-01T10:00:00-04:00',
      })
      .describe('when the hearing is set for'),
    mode: z.enum(HEARING_MODES).nullish(),
    placeId: recordIdSchema.nullish().describe('the courtroom or venue'),
    remoteDetails: optionalText(2000).describe('how to join remotely, or from where'),
  })
  .strict()
  .meta({ id: 'ProceedingHearing' });

export const orderSchema = z
  .object({
    directive: nonEmptyText(5000).describe('what the order requires, and of whom'),
    deadline: partialDateSchema.nullish().describe('date or timestamp to comply by'),
    compliance: z.enum(COMPLIANCE_STATES).nullish(),
  })
  .strict()
  .meta({ id: 'ProceedingOrder' });

export const proceedingEventFields = z.object({
  proceedingId: recordIdSchema,
  kind: z.enum(PROCEEDING_EVENT_KINDS),
  occurredAt: partialDateSchema.nullish().describe('the date of the docket entry'),
  title: nonEmptyText(500).nullish(),
  description: optionalText(20000),
  entryNumber: nonEmptyText(50).nullish().describe('docket entry number, e.g. "44" or "44-1"'),
  sourceId: recordIdSchema.nullish().describe('the source holding the entry (e.g. the filing)'),
  hearing: hearingSchema.nullish().describe('required for a hearing, and only for one'),
  order: orderSchema.nullish().describe('for an order or a ruling'),
  dueAt: partialDateSchema.nullish().describe('when something falls due; required for a deadline'),
  notes: optionalText(),
});

export type ProceedingEventFields = z.output<typeof proceedingEventFields>;

export interface DatedField {
  field: string;
  value: string;
}

/** The moments an entry sets for something to happen: a hearing, an order's deadline, a due date. */
export function dueTimes(e: ProceedingEventFields): DatedField[] {
  const times = [
    { field: 'hearing.scheduledFor', value: e.hearing?.scheduledFor },
    { field: 'order.deadline', value: e.order?.deadline },
    { field: 'dueAt', value: e.dueAt },
  ];
  return times.filter((t): t is DatedField => Boolean(t.value));
}

function checkProceedingEvent(e: ProceedingEventFields): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (e.kind === 'hearing' && !e.hearing) {
    issues.push({
      field: 'hearing',
      reason: 'a hearing needs its details, at least scheduledFor',
      code: 'hearing_required',
    });
  }
  if (e.kind !== 'hearing' && e.hearing) {
    issues.push({
      field: 'hearing',
      reason: `only a hearing has hearing details, and this entry is a ${e.kind}`,
      code: 'hearing_not_allowed',
    });
  }
  if (e.order && !ORDERING_KINDS.includes(e.kind)) {
    issues.push({
      field: 'order',
      reason: `only an order or a ruling directs anything, and this entry is a ${e.kind}`,
      code: 'order_not_allowed',
    });
  }
  if (e.kind === 'deadline' && !e.dueAt) {
    issues.push({
      field: 'dueAt',
      reason: 'a deadline needs the date it falls due',
      code: 'due_date_required',
    });
  }
  return issues;
}

function proceedingEventRefs(e: ProceedingEventFields): RecordRef[] {
  const refs: RecordRef[] = [{ field: 'proceedingId', type: 'proceeding', id: e.proceedingId }];
  if (e.sourceId) refs.push({ field: 'sourceId', type: 'source', id: e.sourceId });
  if (e.hearing?.placeId) {
    refs.push({ field: 'hearing.placeId', type: 'place', id: e.hearing.placeId });
  }
  return refs;
}

/**
 * The span of instants the entry's due times can denote. The filters read nullable bounds so
 * an entry with nothing due never falls in a window; the sort key cannot be null (keyset paging
 * compares it), so it holds '' for such entries instead.
 */
function dueColumns(e: ProceedingEventFields) {
  const bounds = dueTimes(e).map(({ value }) => parsePartialDate(value));
  const starts = bounds.map((b) => b.start).sort();
  const ends = bounds.map((b) => b.end).sort();
  return {
    due_start: starts[0] ?? '',
    due_earliest: starts[0] ?? null,
    due_latest: ends.at(-1) ?? null,
  };
}

export const proceedingEventType: RecordTypeDefinition<typeof proceedingEventFields> = {
  type: 'proceeding_event',
  names: { singular: 'ProceedingEvent', plural: 'ProceedingEvents' },
  path: 'proceeding-events',
  table: 'proceeding_events',
  fields: proceedingEventFields,
  defaultSensitivity: 'internal',
  label: (e) => [e.title ?? e.kind, e.occurredAt].filter(Boolean).join(' '),
  columns: (e) => ({
    proceeding_id: e.proceedingId,
    kind: e.kind,
    occurred_start: earliestInstant(e.occurredAt),
    ...dueColumns(e),
  }),
  searchText: (e) => foldText([e.title, e.entryNumber, e.description].filter(Boolean).join(' | ')),
  filters: {
    proceedingId: {
      column: 'proceeding_id',
      schema: recordIdSchema,
      description: 'entries of this proceeding',
    },
    kind: { column: 'kind', schema: z.enum(PROCEEDING_EVENT_KINDS), description: 'kind of entry' },
    dueFrom: {
      column: 'due_latest',
      op: 'gte',
      schema: partialDateSchema,
      toColumn: (v: string) => parsePartialDate(v).start,
      description: 'entries with a hearing, deadline or due date that may fall on or after this',
    },
    dueTo: {
      column: 'due_earliest',
      op: 'lte',
      schema: partialDateSchema,
      toColumn: (v: string) => parsePartialDate(v).end,
      description: 'entries with a hearing, deadline or due date that may fall on or before this',
    },
  },
  sorts: { occurredAt: 'occurred_start', dueAt: 'due_start' },
  defaultSort: 'occurredAt',
  refs: proceedingEventRefs,
  check: checkProceedingEvent,
};
