import { z } from 'zod';
import type { FieldIssue } from '../../lib/errors.js';
import { isCertainlyBefore } from '../../lib/partial-date.js';
import { foldText } from '../../lib/text.js';
import { memberList } from '../people/schema.js';
import type { RecordRef, RecordTypeDefinition } from '../records/definition.js';
import {
  atLeastOneOf,
  atMostOneOf,
  earliestInstant,
  nonEmptyText,
  optionalText,
  partialDateSchema,
  recordIdSchema,
} from '../records/fields.js';

export const PROCEEDING_KINDS = [
  'habeas',
  'removal',
  'class_action',
  'criminal',
  'civil',
  'un_communication',
  'iachr_petition',
  'asylum',
  'other',
] as const;

export const PROCEEDING_STATUSES = [
  'pending',
  'active',
  'stayed',
  'decided',
  'appealed',
  'closed',
  'unknown',
] as const;

export const PARTY_ROLES = [
  'petitioner',
  'respondent',
  'plaintiff',
  'defendant',
  'class_member',
  'counsel',
  'amicus',
  'intervenor',
  'other',
] as const;

export const partySchema = z
  .object({
    personId: recordIdSchema.nullish(),
    organizationId: recordIdSchema.nullish(),
    role: z.enum(PARTY_ROLES),
    note: optionalText(1000).describe('e.g. whom counsel represents'),
  })
  .strict()
  .describe('a person or an organization (exactly one) and its role')
  .meta({ id: 'ProceedingParty' });

export const proceedingFields = z.object({
  title: nonEmptyText(500).describe('e.g. "J.G.G. v. Trump"'),
  forumId: recordIdSchema.nullish().describe('the court or body (an organization)'),
  docketNumber: optionalText(100).describe('e.g. "1:25-cv-00766"'),
  kind: z.enum(PROCEEDING_KINDS),
  judgeIds: z.array(recordIdSchema).max(50).optional().describe('people sitting on the case'),
  status: z.enum(PROCEEDING_STATUSES),
  parties: z.array(partySchema).max(1000).optional(),
  filedAt: partialDateSchema.nullish(),
  closedAt: partialDateSchema.nullish(),
  summary: optionalText(10000),
  notes: optionalText(),
});

export type ProceedingFields = z.output<typeof proceedingFields>;

const partyId = (party: z.output<typeof partySchema>) => party.personId ?? party.organizationId;

function checkProceeding(p: ProceedingFields): FieldIssue[] {
  const issues = (p.parties ?? []).flatMap((party, i) => [
    ...atLeastOneOf(party, ['personId', 'organizationId'], `parties.${i}`),
    ...atMostOneOf(party, ['personId', 'organizationId'], `parties.${i}`),
  ]);
  if (p.filedAt && p.closedAt && isCertainlyBefore(p.closedAt, p.filedAt)) {
    issues.push({
      field: 'closedAt',
      reason: `is before the filing date (${p.filedAt})`,
      code: 'closed_before_filed',
    });
  }
  return issues;
}

function proceedingRefs(p: ProceedingFields): RecordRef[] {
  const refs: RecordRef[] = [];
  if (p.forumId) refs.push({ field: 'forumId', type: 'organization', id: p.forumId });
  (p.judgeIds ?? []).forEach((id, i) => {
    refs.push({ field: `judgeIds.${i}`, type: 'person', id });
  });
  (p.parties ?? []).forEach((party, i) => {
    if (party.personId) {
      refs.push({ field: `parties.${i}.personId`, type: 'person', id: party.personId });
    }
    if (party.organizationId) {
      const id = party.organizationId;
      refs.push({ field: `parties.${i}.organizationId`, type: 'organization', id });
    }
  });
  return refs;
}

export const proceedingType: RecordTypeDefinition<typeof proceedingFields> = {
  type: 'proceeding',
  names: { singular: 'Proceeding', plural: 'Proceedings' },
  path: 'proceedings',
  table: 'proceedings',
  fields: proceedingFields,
  defaultSensitivity: 'internal',
  label: (p) => (p.docketNumber ? `${p.title} (${p.docketNumber})` : p.title),
  columns: (p) => ({
    sort_title: foldText(p.title),
    kind: p.kind,
    status: p.status,
    forum_id: p.forumId ?? null,
    party_ids: memberList((p.parties ?? []).map(partyId).filter((id) => id != null)),
    filed_start: earliestInstant(p.filedAt),
  }),
  searchText: (p) => foldText([p.title, p.docketNumber].filter(Boolean).join(' | ')),
  filters: {
    kind: { column: 'kind', schema: z.enum(PROCEEDING_KINDS), description: 'kind of proceeding' },
    status: { column: 'status', schema: z.enum(PROCEEDING_STATUSES), description: 'status' },
    forumId: { column: 'forum_id', schema: recordIdSchema, description: 'before this forum' },
    partyId: {
      column: 'party_ids',
      op: 'listHas',
      schema: recordIdSchema,
      description: 'proceedings with this person or organization as a party',
    },
  },
  sorts: { title: 'sort_title', filedAt: 'filed_start' },
  defaultSort: 'title',
  refs: proceedingRefs,
  check: checkProceeding,
};
