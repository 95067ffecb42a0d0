import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../server/context.js';
import { errorResponses, problemSchema } from '../../server/problem.js';
import { downloadDocumented } from '../exports/openapi-download.js';
import { recordIdSchema } from '../records/fields.js';
import { PRINT_LANGUAGES } from './labels.js';
import type { PdfRenderer } from './pdf-renderer.js';
import type { DossierPrintService } from './service.js';

export function dossierPrintRoutes(printing: DossierPrintService, renderer: PdfRenderer) {
  return async (app: FastifyInstance) => {
    // The shared browser goes down with the server, not with the process.
    app.addHook('onClose', () => renderer.close());
    app.withTypeProvider<ZodTypeProvider>().get(
      '/api/v1/people/:id/dossier.pdf',
      {
        schema: {
          tags: ['People'],
          operationId: 'getPersonDossierPdf',
          summary:
            'The person dossier as a printable PDF with every fact’s source, at your clearance',
          description:
            'Rendered by Chromium on the server; 503 `chromium_unavailable` when it is not installed. ' +
            'Each export is on the audit log, and the PDF prints the audit head that records it.',
          params: z.object({ id: recordIdSchema }),
          querystring: z.object({
            paper: z.enum(['a4', 'letter']).default('a4').describe('page size'),
            lang: z.enum(PRINT_LANGUAGES).default('en').describe('language of the labels'),
          }),
          // 200 is the PDF itself, sent as bytes and not serialised from a schema.
          response: { ...errorResponses, 503: problemSchema },
        },
        config: {
          swaggerTransform: downloadDocumented('the dossier as a PDF', ['application/pdf']),
        },
      },
      async (request, reply) => {
        const pdf = await printing.personPdf(contextOf(request), request.params.id, request.query);
        return reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="dossier-${request.params.id}.pdf"`)
          .header('cache-control', 'no-store')
          .send(pdf as never);
      },
    );
  };
}
