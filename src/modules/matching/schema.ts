import { z } from 'zod';
import { recordIdSchema } from '../records/fields.js';
import { MATCH_SIGNALS } from './score.js';

/** The API shapes of person matching and merging. */

export const candidateStatusSchema = z.enum(['open', 'dismissed', 'merged']);

export const matchReasonSchema = z
  .object({
    signal: z.enum(MATCH_SIGNALS),
    weight: z.number().describe('how much this moved the score (negative: evidence against)'),
    detail: z.string().describe('what the reviewer should look at'),
  })
  .meta({ id: 'MatchReason' });

const candidatePersonSchema = z
  .object({
    id: recordIdSchema,
    label: z.string(),
    givenNames: z.string().nullish(),
    familyNames: z.string().nullish(),
    aliases: z.array(z.string()).optional(),
    sex: z.string().nullish(),
    birthDate: z.string().nullish(),
    nationalities: z.array(z.string()).optional(),
    identifiers: z
      .array(z.object({ kind: z.string(), value: z.string(), country: z.string().nullish() }))
      .optional()
      .describe('only those your clearance shows'),
  })
  .meta({ id: 'CandidatePerson' });

export const candidateSchema = z
  .object({
    id: recordIdSchema,
    score: z.number().min(0).max(1),
    status: candidateStatusSchema,
    reasons: z.array(matchReasonSchema),
    a: candidatePersonSchema,
    b: candidatePersonSchema,
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
    decisionReason: z.string().nullable(),
  })
  .meta({ id: 'MatchCandidate' });

export const candidateListSchema = z.object({
  items: z.array(candidateSchema),
  nextCursor: z.string().nullable(),
});

export const candidateQuerySchema = z
  .object({
    status: candidateStatusSchema.optional().describe('open (default), dismissed or merged'),
    personId: recordIdSchema.optional().describe('only pairs with this person'),
    minScore: z.coerce.number().min(0).max(1).optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
    cursor: z.string().max(2000).optional().describe('nextCursor from the previous page'),
  })
  .strict();

export const duplicatesQuerySchema = candidateQuerySchema.omit({ personId: true });

export const dismissBodySchema = z
  .object({
    reason: z
      .string()
      .trim()
      .min(1, 'say why these are two people')
      .max(2000)
      .describe('why these are two different people'),
  })
  .strict();

export const mergeBodySchema = z
  .object({
    keepId: recordIdSchema.describe('the person who stays'),
    mergeId: recordIdSchema.describe('the person folded into keepId, then tombstoned'),
    reason: z.string().trim().max(2000).optional().describe('why they are one person'),
  })
  .strict()
  .meta({ id: 'MergeRequest' });

export const mergeChangeSchema = z.object({
  recordType: z.string(),
  recordId: recordIdSchema,
  field: z.string().describe('dotted path of the field changed'),
  kind: z.enum(['repoint', 'add', 'remove']),
  oldValue: z.unknown(),
  newValue: z.unknown(),
  version: z.number().int().describe("the record's version right after the merge"),
});

export const mergeSchema = z
  .object({
    id: recordIdSchema,
    keepId: recordIdSchema,
    mergeId: recordIdSchema,
    reason: z.string().nullable(),
    changes: z.array(mergeChangeSchema),
    createdBy: z.string(),
    createdAt: z.string(),
    undoneBy: z.string().nullable(),
    undoneAt: z.string().nullable(),
  })
  .meta({ id: 'PersonMerge' });
