import { z } from 'zod';
import type { RecordTypeDefinition } from './definition.js';
import { nonEmptyText, optionalText, recordIdSchema, sensitivitySchema } from './fields.js';

/**
 * The API shapes derived from a record type: what a client may send to create or patch one,
 * and what it gets back. Built once per type and registered for the OpenAPI document.
 */
export const inlineCitationSchema = z
  .object({
    sourceId: recordIdSchema,
    field: z.string().trim().min(1).max(100).nullish().describe('the field the source supports'),
    locator: optionalText(500).describe('page, paragraph or timestamp'),
    quote: optionalText(5000),
  })
  .strict()
  .meta({ id: 'InlineCitation' });

export const citationSummarySchema = z
  .object({
    id: recordIdSchema,
    sourceId: recordIdSchema,
    field: z.string().nullish(),
    locator: z.string().nullish(),
    quote: z.string().nullish(),
  })
  .meta({ id: 'CitationSummary' });

export const revisionSchema = z
  .object({
    id: recordIdSchema,
    recordType: z.string(),
    recordId: recordIdSchema,
    version: z.number().int(),
    action: z.enum(['create', 'update', 'delete', 'restore']),
    actor: z.string(),
    at: z.string(),
    reason: z.string().nullable(),
    requestId: z.string().nullable(),
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
    redacted: z.boolean().describe('true when a snapshot was above your clearance and withheld'),
  })
  .meta({ id: 'Revision' });

const metaShape = {
  id: recordIdSchema,
  version: z.number().int().describe('send back as If-Match to update without losing an edit'),
  sensitivity: sensitivitySchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  createdBy: z.string(),
  updatedBy: z.string(),
};

/**
 * Every record type may carry the identifier the record has in the list or data set it came
 * from: imports find the record again by it, so importing the same file twice changes nothing.
 */
export const externalIdSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(300, 'must be at most 300 characters')
  .describe('the id this record has in the list or data set it came from (unique per type)');

function buildSchemas(def: RecordTypeDefinition) {
  const { singular } = def.names;
  /** the fields a record stores: its own plus the generic ones */
  const stored = def.fields.extend({ externalId: externalIdSchema.optional() });
  const create = stored
    .extend({
      sensitivity: sensitivitySchema.optional(),
      citations: z.array(inlineCitationSchema).max(200).optional(),
    })
    .strict()
    .meta({ id: `${singular}Create` });
  const patch = def.fields
    .partial()
    .extend({ externalId: externalIdSchema.nullish(), sensitivity: sensitivitySchema.optional() })
    .strict()
    .meta({ id: `${singular}Patch` });
  const record = stored
    .extend(def.managed?.shape ?? {})
    .extend(metaShape)
    .extend({
      citations: z.array(citationSummarySchema).optional().describe('sources for this record'),
    })
    .meta({ id: singular });
  const list = z.object({ items: z.array(record), nextCursor: z.string().nullable() });
  return { stored, create, patch, record, list };
}

export type RecordSchemas = ReturnType<typeof buildSchemas>;

const built = new WeakMap<RecordTypeDefinition, RecordSchemas>();

/** The API schemas of a record type, built once: every server in a process shares them. */
export function schemasFor(def: RecordTypeDefinition): RecordSchemas {
  let schemas = built.get(def);
  if (!schemas) {
    schemas = buildSchemas(def);
    built.set(def, schemas);
  }
  return schemas;
}

export const deleteReasonSchema = nonEmptyText(2000);
