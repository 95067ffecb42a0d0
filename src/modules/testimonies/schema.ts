import { z } from 'zod';
import { foldText } from '../../lib/text.js';
import { type Actor, canSee } from '../auth/policy.js';
import type { RecordRef, RecordTypeDefinition } from '../records/definition.js';
import {
  atMostOneOf,
  earliestInstant,
  languageCodeSchema,
  nonEmptyText,
  optionalText,
  partialDateSchema,
  recordIdSchema,
  sensitivitySchema,
} from '../records/fields.js';

export const TESTIMONY_MEDIA = [
  'interview',
  'sworn_declaration',
  'video',
  'audio',
  'written',
  'other',
] as const;

/** What the person who gave the testimony agreed to; it binds every later use of it. */
export const TESTIMONY_CONSENT_SCOPES = [
  'internal',
  'court_only',
  'publish_anonymised',
  'publish_named',
] as const;

export const transcriptSchema = z
  .object({
    text: nonEmptyText(500_000),
    sensitivity: sensitivitySchema
      .default('confidential')
      .describe('a transcript is confidential unless marked otherwise'),
  })
  .strict()
  .meta({ id: 'TestimonyTranscript' });

export const excerptSchema = z
  .object({
    text: nonEmptyText(10_000).describe('the words quoted'),
    locator: optionalText(200).describe('page, paragraph or timestamp, e.g. "p. 3, ¶ 12"'),
    sensitivity: sensitivitySchema.default('internal'),
    incidentIds: z.array(recordIdSchema).max(100).optional().describe('incidents it describes'),
    custodyEventIds: z.array(recordIdSchema).max(100).optional(),
  })
  .strict()
  .meta({ id: 'TestimonyExcerpt' });

export const testimonyFields = z.object({
  title: nonEmptyText(300).nullish().describe('e.g. "Declaration of Andry’s mother"'),
  givenById: recordIdSchema.describe('the person who gave the account'),
  takenById: recordIdSchema.nullish().describe('the person who took it'),
  takenByOrganizationId: recordIdSchema
    .nullish()
    .describe('or the organization that took it, when no one person is named'),
  takenAt: partialDateSchema.nullish(),
  language: languageCodeSchema.nullish(),
  medium: z.enum(TESTIMONY_MEDIA).nullish(),
  consentScope: z.enum(TESTIMONY_CONSENT_SCOPES),
  transcript: transcriptSchema.nullish(),
  excerpts: z.array(excerptSchema).max(500).optional(),
  notes: optionalText(),
});

export type TestimonyFields = z.output<typeof testimonyFields>;

function testimonyRefs(t: TestimonyFields): RecordRef[] {
  const refs: RecordRef[] = [{ field: 'givenById', type: 'person', id: t.givenById }];
  if (t.takenById) refs.push({ field: 'takenById', type: 'person', id: t.takenById });
  if (t.takenByOrganizationId) {
    refs.push({
      field: 'takenByOrganizationId',
      type: 'organization',
      id: t.takenByOrganizationId,
    });
  }
  (t.excerpts ?? []).forEach((excerpt, i) => {
    for (const [j, id] of (excerpt.incidentIds ?? []).entries()) {
      refs.push({ field: `excerpts.${i}.incidentIds.${j}`, type: 'incident', id });
    }
    for (const [j, id] of (excerpt.custodyEventIds ?? []).entries()) {
      refs.push({ field: `excerpts.${i}.custodyEventIds.${j}`, type: 'custody_event', id });
    }
  });
  return refs;
}

/**
 * The transcript and each excerpt carry their own sensitivity, like a person's identifiers: a
 * caller cleared for the testimony but not for its transcript sees the testimony without it.
 */
function redactTestimony(t: TestimonyFields, actor: Actor): TestimonyFields {
  const { transcript, excerpts } = t;
  return {
    ...t,
    // Set to undefined rather than left out: the engine lays these fields over the stored
    // record, so an omitted key would let the stored transcript through.
    transcript: transcript && canSee(actor, transcript.sensitivity) ? transcript : undefined,
    ...(excerpts ? { excerpts: excerpts.filter((e) => canSee(actor, e.sensitivity)) } : {}),
  };
}

export const testimonyType: RecordTypeDefinition<typeof testimonyFields> = {
  type: 'testimony',
  names: { singular: 'Testimony', plural: 'Testimonies' },
  path: 'testimonies',
  table: 'testimonies',
  fields: testimonyFields,
  defaultSensitivity: 'confidential',
  label: (t) => t.title ?? `testimony${t.takenAt ? ` of ${t.takenAt}` : ''}`,
  columns: (t) => ({
    given_by_id: t.givenById,
    taken_by_id: t.takenById ?? null,
    taken_by_organization_id: t.takenByOrganizationId ?? null,
    taken_start: earliestInstant(t.takenAt),
    consent_scope: t.consentScope,
    medium: t.medium ?? null,
  }),
  // Only the title: the transcript and excerpts have their own sensitivity and must never be
  // findable by a caller who may not read them.
  searchText: (t) => foldText(t.title ?? ''),
  filters: {
    givenById: {
      column: 'given_by_id',
      schema: recordIdSchema,
      description: 'testimonies this person gave',
    },
    consentScope: {
      column: 'consent_scope',
      schema: z.enum(TESTIMONY_CONSENT_SCOPES),
      description: 'testimonies given with this consent',
    },
    medium: { column: 'medium', schema: z.enum(TESTIMONY_MEDIA), description: 'medium' },
  },
  sorts: { takenAt: 'taken_start' },
  defaultSort: 'takenAt',
  refs: testimonyRefs,
  check: (t) => atMostOneOf(t, ['takenById', 'takenByOrganizationId'], 'takenByOrganizationId'),
  redact: redactTestimony,
};
