import { z } from 'zod';
import { recordIdSchema } from '../records/fields.js';

/** The API shapes of imports: the report, the log entry, the mapping preview. */

export const importProblemSchema = z
  .object({
    row: z.number().int().describe('1-based, as the spreadsheet program shows it'),
    file: z.string().optional(),
    column: z.string(),
    reason: z.string(),
    code: z.string(),
  })
  .meta({ id: 'ImportProblem' });

const countsShape = {
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  skipped: z.number().int().describe('rows whose record was imported before and then deleted'),
  refused: z.number().int(),
};

export const importReportSchema = z
  .object({
    ...countsShape,
    dryRun: z.boolean(),
    committed: z.boolean().describe('true only when the writes were kept'),
    problems: z.array(importProblemSchema).describe('the first 1,000 problems'),
    problemCount: z.number().int(),
    warnings: z.array(importProblemSchema),
    duplicates: z.array(
      z.object({
        row: z.number().int(),
        personId: z.string().optional(),
        candidates: z.array(z.object({ id: z.string(), label: z.string(), score: z.number() })),
      }),
    ),
    seconds: z.number(),
    rowsPerSecond: z.number(),
  })
  .meta({ id: 'ImportReport' });

export const importRunSchema = z
  .object({
    id: recordIdSchema,
    fileName: z.string(),
    sha256: z.string(),
    type: z.string(),
    dryRun: z.boolean(),
    status: z.enum(['running', 'committed', 'dry_run', 'refused', 'failed']),
    actor: z.string(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    ...countsShape,
  })
  .meta({ id: 'ImportRun' });

export const importResultSchema = z
  .object({ run: importRunSchema, report: importReportSchema })
  .meta({ id: 'ImportResult' });

export const importRunDetailSchema = importRunSchema
  .extend({ report: importReportSchema.nullable() })
  .meta({ id: 'ImportRunDetail' });

export const importPreviewSchema = z
  .object({
    type: z.string(),
    format: z.enum(['csv', 'xlsx']),
    sheet: z.string().nullable(),
    sheets: z.array(z.string()),
    headerRow: z.number().int(),
    headers: z.array(z.string()),
    rows: z.array(z.object({ row: z.number().int(), cells: z.record(z.string(), z.string()) })),
    columns: z.array(
      z.object({
        column: z.string(),
        field: z.string().nullable(),
        how: z.enum(['automatic', 'mapping', 'ignored', 'unmapped']),
      }),
    ),
    unmapped: z.array(z.string()),
    fields: z.array(
      z.object({
        field: z.string(),
        kind: z.string(),
        values: z.array(z.string()).optional(),
        refType: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'ImportPreview' });

/** The text fields of the multipart form, beside the file. */
export const importFormSchema = z.object({
  type: z.string().trim().min(1).optional(),
  format: z.enum(['csv', 'xlsx']).optional(),
  sheet: z.string().min(1).optional(),
  mapping: z.string().optional().describe('a MAP.json document (docs/import.md)'),
  dryRun: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});
