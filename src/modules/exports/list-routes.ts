import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../server/context.js';
import { errorResponses } from '../../server/problem.js';
import { listQuery } from '../records/routes.js';
import type { RecordService } from '../records/service.js';
import { attachment } from './file-name.js';
import { EXPORT_FORMATS, type ExportFormat, FORMAT_MEDIA } from './formats/index.js';
import { type ListExportDeps, prepareListExport } from './list-export.js';
import { downloadDocumented } from './openapi-download.js';

const spaced = (name: string) => name.replace(/(?<=[a-z])(?=[A-Z])/g, ' ');

function exportQuery(service: RecordService) {
  return listQuery(service)
    .omit({ limit: true, cursor: true })
    .extend({
      format: z
        .enum(EXPORT_FORMATS)
        .default('csv')
        .describe('csv (opens in any spreadsheet), xlsx, json (an array) or ndjson (a line each)'),
    });
}

/**
 * `GET /api/v1/{type}/export`: the list endpoint's selection (filters, q, sort) as one file of
 * every matching record, streamed page by page. A reader may export exactly what they may
 * list: the same clearance filter and field redaction apply, because the rows come from the
 * same service call.
 */
export function registerListExportRoute(
  app: FastifyInstance,
  deps: ListExportDeps,
  service: RecordService,
) {
  const { def } = service;
  const { plural } = def.names;
  app.withTypeProvider<ZodTypeProvider>().get(
    `/api/v1/${def.path}/export`,
    {
      schema: {
        tags: [spaced(plural)],
        operationId: `export${plural}`,
        summary: `Every ${spaced(plural).toLowerCase()} record the list would show, as one file`,
        querystring: exportQuery(service),
        response: errorResponses,
      },
      config: {
        swaggerTransform: downloadDocumented(
          `the ${spaced(plural).toLowerCase()} as a file (Content-Disposition names it)`,
          Object.values(FORMAT_MEDIA).map((m) => m.mediaType.split(';')[0]!),
        ),
      },
    },
    async (request, reply) => {
      const { format, sort, q, sensitivity, ...filters } = request.query as Record<
        string,
        never
      > & { format: ExportFormat };
      const prepared = await prepareListExport(
        deps,
        service,
        contextOf(request),
        { sort, q, sensitivity, filters },
        format,
      );
      const body = new PassThrough();
      prepared.writeTo(body).catch((error: unknown) => {
        // Headers are gone by now: all that is left is to cut the download short, visibly.
        request.log.error({ err: error }, 'export failed while streaming');
        body.destroy(error as Error);
      });
      return reply
        .type(FORMAT_MEDIA[format].mediaType)
        .header('content-disposition', attachment(prepared.fileName))
        .header('cache-control', 'no-store')
        .send(body as never);
    },
  );
}
