import { z } from 'zod';
import { foldText } from '../../lib/text.js';
import { nonEmptyText, recordIdSchema } from '../records/fields.js';

/** Controlled vocabularies: API shapes of schemes and terms. */

export const TERM_ORIGINS = ['huridocs', 'local'] as const;
export type TermOrigin = (typeof TERM_ORIGINS)[number];

export const schemeNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be a vocabulary name such as incident_kind')
  .describe('vocabulary name, e.g. incident_kind or huridocs_whereabouts');

/** The code a record stores: stable, never relabelled, safe in URLs and `|a|b|` lists. */
export const termCodeSchema = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9][a-z0-9_]{0,63}$/,
    'must be lower-case letters, digits and underscores, e.g. medical_neglect',
  )
  .describe('term code');

const huridocsCodeSchema = z
  .string()
  .trim()
  .regex(/^\d{12}$/, 'must be a 12-digit HURIDOCS code such as 020111110000')
  .describe('the HURIDOCS term this one corresponds to');

const label = () => nonEmptyText(300);

export const termSchema = z
  .object({
    id: recordIdSchema,
    scheme: z.string(),
    code: z.string(),
    parentCode: z.string().nullable().describe('the broader term, for hierarchical lists'),
    level: z.number().int().describe('depth in the hierarchy, 0 at the top'),
    labelEn: z.string(),
    labelEs: z.string(),
    labelFr: z.string().nullable(),
    origin: z.enum(TERM_ORIGINS).describe('huridocs: from the HURIDOCS micro-thesauri'),
    huridocsCode: z.string().nullable(),
    deprecated: z.boolean().describe('kept on the records that use it, not offered for new ones'),
    version: z.number().int().describe('send back as If-Match to change the term'),
    createdAt: z.string(),
    createdBy: z.string(),
    updatedAt: z.string(),
    updatedBy: z.string(),
  })
  .meta({ id: 'VocabularyTerm' });

export type Term = z.output<typeof termSchema>;

export const termCreateSchema = z
  .object({
    code: termCodeSchema,
    labelEn: label(),
    labelEs: label(),
    labelFr: label().nullish(),
    parentCode: termCodeSchema.nullish().describe('a code of the same vocabulary'),
    huridocsCode: huridocsCodeSchema.nullish(),
  })
  .strict()
  .meta({ id: 'VocabularyTermCreate' });

export const termPatchSchema = z
  .object({
    labelEn: label().optional(),
    labelEs: label().optional(),
    labelFr: label().nullish().describe('null clears it'),
    deprecated: z.boolean().optional(),
  })
  .strict()
  .meta({
    id: 'VocabularyTermPatch',
    description: 'relabel or deprecate; terms are never deleted',
  });

export const schemeSchema = z
  .object({
    scheme: z.string(),
    labelEn: z.string(),
    labelEs: z.string(),
    labelFr: z.string(),
    origin: z.enum(TERM_ORIGINS),
    huridocsList: z.number().int().nullable().describe('HURIDOCS micro-thesaurus number'),
    termCount: z.number().int(),
    deprecatedCount: z.number().int(),
  })
  .meta({ id: 'VocabularyScheme' });

export type Scheme = z.output<typeof schemeSchema>;

export const termQuerySchema = z
  .object({
    q: z.string().trim().min(1).max(200).optional().describe('matches codes and labels'),
    parentCode: termCodeSchema.optional().describe('only the direct children of this term'),
    includeDeprecated: z
      .enum(['true', 'false'])
      .optional()
      .describe('deprecated terms are left out unless true'),
  })
  .strict();

/** Text `q` matches: the code and every label, folded so accents and case do not matter. */
export function termSearchText(term: {
  code: string;
  labelEn: string;
  labelEs: string;
  labelFr?: string | null;
}): string {
  return foldText(
    [term.code, term.labelEn, term.labelEs, term.labelFr].filter(Boolean).join(' | '),
  );
}
