import { z } from 'zod';
import type { FieldIssue } from '../../lib/errors.js';
import { foldText } from '../../lib/text.js';
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

export const ALLEGATION_CATEGORIES = [
  'gang_membership',
  'terrorism',
  'criminal_record',
  'immigration_violation',
  'security_threat',
  'other',
] as const;

export const ALLEGATION_BASES = [
  'tattoo',
  'social_media',
  'association',
  'checklist_score',
  'prior_record',
  'informant',
  'none_stated',
  'other',
] as const;

export const ALLEGATION_STATUSES = [
  'asserted',
  'charged',
  'dismissed',
  'convicted',
  'withdrawn',
] as const;

export const ALLEGATION_RESPONSES = ['denies', 'admits', 'no_response', 'unknown'] as const;

export const evidenceSchema = z
  .object({
    stance: z.enum(['supports', 'refutes']).describe('whether it supports or refutes the claim'),
    sourceId: recordIdSchema.nullish().describe('the source holding the evidence'),
    description: nonEmptyText(5000).nullish().describe('what the evidence is or shows'),
    locator: optionalText(500).describe('page, paragraph or timestamp in the source'),
  })
  .strict()
  .meta({ id: 'AllegationEvidence' });

export const allegationFields = z.object({
  personId: recordIdSchema.describe('the person the allegation is about'),
  madeByPersonId: recordIdSchema.nullish().describe('who made it, if a person'),
  madeByOrganizationId: recordIdSchema
    .nullish()
    .describe('who made it, if an organization; leave both empty when unknown'),
  madeAt: partialDateSchema.nullish(),
  claim: nonEmptyText(2000).describe('what was asserted, e.g. "member of Tren de Aragua"'),
  category: z.enum(ALLEGATION_CATEGORIES),
  group: optionalText(300).describe('the organization the person is said to belong to'),
  basis: z
    .array(z.enum(ALLEGATION_BASES))
    .max(ALLEGATION_BASES.length)
    .optional()
    .describe('what the allegation rests on, as far as is known'),
  legalInstrument: optionalText(300).describe('e.g. "Alien Enemies Act"'),
  status: z.enum(ALLEGATION_STATUSES),
  response: z.enum(ALLEGATION_RESPONSES).nullish().describe("the person's answer to it"),
  evidence: z.array(evidenceSchema).max(200).optional(),
  notes: optionalText(),
});

export type AllegationFields = z.output<typeof allegationFields>;

function checkAllegation(a: AllegationFields): FieldIssue[] {
  return [
    ...atMostOneOf(a, ['madeByPersonId', 'madeByOrganizationId'], 'madeByOrganizationId'),
    // An evidence item with neither a source nor a description says nothing anyone could check.
    ...(a.evidence ?? []).flatMap((item, i) =>
      atLeastOneOf(item, ['sourceId', 'description'], `evidence.${i}`),
    ),
  ];
}

function allegationRefs(a: AllegationFields): RecordRef[] {
  const refs: RecordRef[] = [{ field: 'personId', type: 'person', id: a.personId }];
  if (a.madeByPersonId) {
    refs.push({ field: 'madeByPersonId', type: 'person', id: a.madeByPersonId });
  }
  if (a.madeByOrganizationId) {
    refs.push({ field: 'madeByOrganizationId', type: 'organization', id: a.madeByOrganizationId });
  }
  (a.evidence ?? []).forEach((item, i) => {
    if (item.sourceId) {
      refs.push({ field: `evidence.${i}.sourceId`, type: 'source', id: item.sourceId });
    }
  });
  return refs;
}

export const allegationType: RecordTypeDefinition<typeof allegationFields> = {
  type: 'allegation',
  names: { singular: 'Allegation', plural: 'Allegations' },
  path: 'allegations',
  table: 'allegations',
  fields: allegationFields,
  defaultSensitivity: 'internal',
  label: (a) => a.claim,
  columns: (a) => ({
    person_id: a.personId,
    category: a.category,
    status: a.status,
    made_start: earliestInstant(a.madeAt),
  }),
  searchText: (a) => foldText([a.claim, a.group, a.legalInstrument].filter(Boolean).join(' | ')),
  filters: {
    personId: {
      column: 'person_id',
      schema: recordIdSchema,
      description: 'allegations about this person',
    },
    status: { column: 'status', schema: z.enum(ALLEGATION_STATUSES), description: 'status' },
    category: {
      column: 'category',
      schema: z.enum(ALLEGATION_CATEGORIES),
      description: 'category of allegation',
    },
  },
  sorts: { madeAt: 'made_start' },
  defaultSort: 'madeAt',
  refs: allegationRefs,
  check: checkAllegation,
};
