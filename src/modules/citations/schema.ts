import { z } from 'zod';
import { foldText } from '../../lib/text.js';
import type { RecordTypeDefinition } from '../records/definition.js';
import { optionalText, recordIdSchema } from '../records/fields.js';

export const citationFields = z.object({
  recordType: z.string().trim().min(1).max(50).describe('type of the cited record, e.g. person'),
  recordId: recordIdSchema,
  field: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .nullish()
    .describe('the field the source supports; absent means the whole record'),
  sourceId: recordIdSchema,
  locator: optionalText(500).describe('page, paragraph or timestamp'),
  quote: optionalText(5000),
  note: optionalText(2000),
});

export const citationType: RecordTypeDefinition<typeof citationFields> = {
  type: 'citation',
  names: { singular: 'Citation', plural: 'Citations' },
  path: 'citations',
  table: 'citations',
  fields: citationFields,
  defaultSensitivity: 'internal',
  label: (c) => `${c.recordType} ${c.recordId} ← ${c.sourceId}`,
  columns: (c) => ({
    record_type: c.recordType,
    record_id: c.recordId,
    field: c.field ?? null,
    source_id: c.sourceId,
  }),
  searchText: (c) => foldText(c.quote ?? ''),
  filters: {
    recordType: { column: 'record_type', schema: z.string(), description: 'type of cited record' },
    recordId: { column: 'record_id', schema: recordIdSchema, description: 'citations of a record' },
    sourceId: { column: 'source_id', schema: recordIdSchema, description: 'citations of a source' },
  },
  sorts: {},
  defaultSort: 'createdAt',
  refs: (c) => [
    { field: 'sourceId', type: 'source', id: c.sourceId },
    { field: 'recordId', type: c.recordType, id: c.recordId },
  ],
};
