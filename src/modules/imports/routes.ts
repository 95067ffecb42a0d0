import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { jsonSchemaTransform, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Invalid } from '../../lib/errors.js';
import { issuesFromZod } from '../../lib/zod-issues.js';
import { contextOf } from '../../server/context.js';
import { problemFor } from '../../server/errors.js';
import { errorResponses } from '../../server/problem.js';
import { recordIdSchema } from '../records/fields.js';
import {
  importFormSchema,
  importPreviewSchema,
  importResultSchema,
  importRunDetailSchema,
  importRunSchema,
} from './schema.js';
import { assertCanImport, type FileImportOptions, type ImportService } from './service.js';

const tags = ['Imports'];

const uploadBody = {
  type: 'object',
  required: ['file'],
  properties: {
    file: { type: 'string', format: 'binary', description: 'the CSV or XLSX file' },
    type: { type: 'string', description: 'record type: person, custody_event…' },
    mapping: { type: 'string', description: 'a MAP.json document (see docs/import.md)' },
    dryRun: { type: 'string', enum: ['true', 'false'] },
    sheet: { type: 'string', description: 'the workbook sheet to read' },
    format: { type: 'string', enum: ['csv', 'xlsx'] },
  },
};

const multipartDoc = {
  swaggerTransform: ((input) => {
    const { schema, url } = jsonSchemaTransform(input);
    return { url, schema: { ...schema, body: uploadBody } };
  }) as typeof jsonSchemaTransform,
};

/**
 * Reads the multipart form: the file is spooled to a temporary file (an import reads it twice,
 * once to hash it and once to import it, and never holds it in memory), the rest are fields.
 */
async function readForm(request: FastifyRequest, tooLarge: () => Error) {
  const dir = await mkdtemp(path.join(tmpdir(), 'habeas-import-'));
  const fields: Record<string, string> = {};
  let file: { path: string; name: string } | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const spooled = path.join(dir, 'upload');
        await pipeline(part.file, createWriteStream(spooled));
        if (part.file.truncated) throw tooLarge();
        file = { path: spooled, name: path.basename(part.filename || 'upload') };
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
    if (!file)
      throw new Invalid([{ field: 'file', reason: 'no file was sent', code: 'file_required' }]);
    const parsed = importFormSchema.safeParse(fields);
    if (!parsed.success) throw new Invalid(issuesFromZod(parsed.error.issues));
    const { mapping, ...rest } = parsed.data;
    let map: unknown;
    if (mapping?.trim()) {
      try {
        map = JSON.parse(mapping);
      } catch {
        throw new Invalid([
          { field: 'mapping', reason: 'is not valid JSON', code: 'malformed_json' },
        ]);
      }
    }
    const options: FileImportOptions = { ...rest, mapping: map };
    return { file, options, cleanup: () => rm(dir, { recursive: true, force: true }) };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

const wantsProgress = (request: FastifyRequest) =>
  (request.headers.accept ?? '').includes('application/x-ndjson');

/** Imports over HTTP: preview for the mapping step, the import itself, and the import log. */
export function importRoutes(imports: ImportService, maxUploadBytes: number) {
  return async (app: FastifyInstance) => {
    await app.register(multipart, {
      limits: { fileSize: maxUploadBytes, files: 1, fields: 10, parts: 12 },
    });
    const routes = app.withTypeProvider<ZodTypeProvider>();
    const tooLarge = () => new app.multipartErrors.RequestFileTooLargeError();

    routes.post(
      '/api/v1/imports/preview',
      {
        schema: {
          tags,
          operationId: 'previewImport',
          summary:
            'Headers, first rows and the automatic column mapping of a file, writing nothing',
          consumes: ['multipart/form-data'],
          response: { 200: importPreviewSchema, ...errorResponses },
        },
        config: multipartDoc,
      },
      async (request) => {
        assertCanImport(request.actor);
        const form = await readForm(request, tooLarge);
        try {
          return await imports.preview(contextOf(request), form.file, form.options);
        } finally {
          await form.cleanup();
        }
      },
    );

    routes.post(
      '/api/v1/imports',
      {
        schema: {
          tags,
          operationId: 'runImport',
          summary:
            'Import a CSV or XLSX file (all rows or none); with Accept: application/x-ndjson, progress lines then the result',
          consumes: ['multipart/form-data'],
          response: { 200: importResultSchema, ...errorResponses },
        },
        config: multipartDoc,
      },
      async (request, reply) => {
        assertCanImport(request.actor);
        const form = await readForm(request, tooLarge);
        let run: Awaited<ReturnType<ImportService['startFileImport']>>;
        const progress = wantsProgress(request) ? new PassThrough() : undefined;
        try {
          run = await imports.startFileImport(contextOf(request), form.file, {
            ...form.options,
            onProgress: progress
              ? (p) => progress.write(`${JSON.stringify({ progress: p })}\n`)
              : undefined,
          });
        } catch (error) {
          await form.cleanup();
          throw error;
        }
        if (!progress) {
          try {
            return await run();
          } finally {
            await form.cleanup();
          }
        }
        // Streamed: one line per batch of rows, then the result (or the problem that stopped it).
        run()
          .then(
            (result) => progress.end(`${JSON.stringify({ result })}\n`),
            (error) => progress.end(`${JSON.stringify({ error: problemFor(error) })}\n`),
          )
          .finally(() => form.cleanup());
        return reply.type('application/x-ndjson').send(progress as never);
      },
    );

    routes.get(
      '/api/v1/imports',
      {
        schema: {
          tags,
          operationId: 'listImports',
          summary: 'Past imports, newest first (an editor sees their own)',
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).optional() }),
          response: { 200: z.object({ items: z.array(importRunSchema) }), ...errorResponses },
        },
      },
      async (request) => ({ items: await imports.list(contextOf(request), request.query.limit) }),
    );

    routes.get(
      '/api/v1/imports/:id',
      {
        schema: {
          tags,
          operationId: 'getImport',
          summary: 'One past import with its report',
          params: z.object({ id: recordIdSchema }),
          response: { 200: importRunDetailSchema, ...errorResponses },
        },
      },
      async (request) => imports.get(contextOf(request), request.params.id),
    );
  };
}
