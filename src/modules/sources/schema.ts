import { z } from 'zod';
import { parsePartialDate } from '../../lib/partial-date.js';
import { foldText } from '../../lib/text.js';
import type { RecordTypeDefinition } from '../records/definition.js';
import {
  languageCodeSchema,
  nonEmptyText,
  optionalText,
  partialDateSchema,
} from '../records/fields.js';

export const SOURCE_KINDS = [
  'court_document',
  'news_article',
  'video',
  'audio',
  'ngo_report',
  'social_post',
  'interview_record',
  'government_record',
  'dataset',
  'photo',
  'book',
  'other',
] as const;

export const attachmentSchema = z
  .object({
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    size: z.number().int().nonnegative(),
    mediaType: z.string(),
    filename: z.string(),
    uploadedAt: z.string(),
    uploadedBy: z.string(),
  })
  .meta({ id: 'Attachment' });

export const sourceFields = z.object({
  kind: z.enum(SOURCE_KINDS),
  title: nonEmptyText(1000),
  publisher: optionalText(300),
  authors: z.array(nonEmptyText(300)).max(100).optional(),
  publishedAt: partialDateSchema.nullish(),
  accessedAt: partialDateSchema.nullish(),
  url: z.url().max(4000).nullish(),
  archivedUrl: z.url().max(4000).nullish().describe('a copy in a web archive'),
  language: languageCodeSchema.nullish(),
  reliability: z
    .enum(['A', 'B', 'C', 'D', 'E', 'F'])
    .nullish()
    .describe('admiralty scale: A completely reliable … E unreliable, F cannot be judged'),
  credibility: z
    .number()
    .int()
    .min(1)
    .max(6)
    .nullish()
    .describe('admiralty scale: 1 confirmed … 5 improbable, 6 cannot be judged'),
  notes: optionalText(),
});

export const sourceManaged = z.object({
  attachments: z.array(attachmentSchema).optional().describe('files, content-addressed by SHA-256'),
});

export const sourceType: RecordTypeDefinition<typeof sourceFields> = {
  type: 'source',
  names: { singular: 'Source', plural: 'Sources' },
  path: 'sources',
  table: 'sources',
  fields: sourceFields,
  managed: sourceManaged,
  defaultSensitivity: 'internal',
  label: (s) => s.title,
  columns: (s) => ({
    sort_title: foldText(s.title),
    kind: s.kind,
    published_start: s.publishedAt ? parsePartialDate(s.publishedAt).start : '',
  }),
  searchText: (s) =>
    foldText([s.title, s.publisher, ...(s.authors ?? [])].filter(Boolean).join(' | ')),
  filters: {
    kind: { column: 'kind', schema: z.enum(SOURCE_KINDS), description: 'kind of source' },
  },
  sorts: { title: 'sort_title', publishedAt: 'published_start' },
  defaultSort: 'title',
};
