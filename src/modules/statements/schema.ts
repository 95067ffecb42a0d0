import { z } from 'zod';
import { foldText } from '../../lib/text.js';
import type { RecordRef, RecordTypeDefinition } from '../records/definition.js';
import {
  atLeastOneOf,
  atMostOneOf,
  earliestInstant,
  languageCodeSchema,
  nonEmptyText,
  optionalText,
  partialDateSchema,
  recordIdSchema,
} from '../records/fields.js';
import { aboutColumn, aboutFilter, aboutRefs, aboutSchema, checkAbout } from './about.js';

export const STATEMENT_VENUES = [
  'social_post',
  'press_conference',
  'court_filing',
  'un_submission',
  'interview',
  'press_release',
  'speech',
  'other',
] as const;

const SPEAKERS = ['speakerPersonId', 'speakerOrganizationId'] as const;

export const statementFields = z.object({
  speakerPersonId: recordIdSchema.nullish().describe('the person who spoke'),
  speakerOrganizationId: recordIdSchema
    .nullish()
    .describe('or the organization that spoke (a ministry, a press office)'),
  madeAt: partialDateSchema.nullish(),
  venue: z.enum(STATEMENT_VENUES).nullish(),
  text: nonEmptyText(50_000).describe('what was said, verbatim where possible'),
  language: languageCodeSchema.nullish(),
  url: z.url().max(4000).nullish(),
  sourceId: recordIdSchema.nullish().describe('the source that records the statement'),
  about: aboutSchema.optional(),
  notes: optionalText(),
});

export type StatementFields = z.output<typeof statementFields>;

const speakerOf = (s: StatementFields) => s.speakerPersonId ?? s.speakerOrganizationId ?? '';

function statementRefs(s: StatementFields): RecordRef[] {
  const refs = aboutRefs(s.about);
  if (s.speakerPersonId) {
    refs.push({ field: 'speakerPersonId', type: 'person', id: s.speakerPersonId });
  }
  if (s.speakerOrganizationId) {
    refs.push({
      field: 'speakerOrganizationId',
      type: 'organization',
      id: s.speakerOrganizationId,
    });
  }
  if (s.sourceId) refs.push({ field: 'sourceId', type: 'source', id: s.sourceId });
  return refs;
}

export const statementType: RecordTypeDefinition<typeof statementFields> = {
  type: 'statement',
  names: { singular: 'Statement', plural: 'Statements' },
  path: 'statements',
  table: 'statements',
  fields: statementFields,
  defaultSensitivity: 'internal',
  label: (s) => (s.text.length > 80 ? `${s.text.slice(0, 79)}…` : s.text),
  columns: (s) => ({
    speaker_id: speakerOf(s),
    venue: s.venue ?? null,
    made_start: earliestInstant(s.madeAt),
    source_id: s.sourceId ?? null,
    about_ids: aboutColumn(s.about),
  }),
  searchText: (s) => foldText(s.text),
  filters: {
    speakerId: {
      column: 'speaker_id',
      schema: recordIdSchema,
      description: 'statements by this person or organization',
    },
    venue: { column: 'venue', schema: z.enum(STATEMENT_VENUES), description: 'where it was made' },
    sourceId: { column: 'source_id', schema: recordIdSchema, description: 'recorded by a source' },
    aboutId: aboutFilter,
  },
  sorts: { madeAt: 'made_start' },
  defaultSort: 'madeAt',
  refs: statementRefs,
  check: (s) => [
    ...atLeastOneOf(s, SPEAKERS, 'speakerPersonId'),
    ...atMostOneOf(s, SPEAKERS, 'speakerOrganizationId'),
    ...checkAbout(s.about),
  ],
};
