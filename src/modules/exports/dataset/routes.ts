import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../../server/context.js';
import { errorResponses } from '../../../server/problem.js';
import { assertAdministrator } from '../../auth/policy.js';
import type { Services } from '../../services.js';
import { attachment } from '../file-name.js';
import { downloadDocumented } from '../openapi-download.js';
import { writePublicDataset } from './public-dataset.js';
import { zipSink } from './sinks.js';

export const publicDatasetFileName = (at = new Date()) =>
  `habeas-public-data-${at.toISOString().slice(0, 10)}.zip`;

/**
 * `GET /api/v1/exports/public`: the public data set as a zip. Administrators only: publishing
 * is a decision about the whole database, even though the content is public by construction.
 */
export function registerPublicDatasetRoute(app: FastifyInstance, services: Services) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/exports/public',
    {
      schema: {
        tags: ['Exports'],
        operationId: 'exportPublicDataset',
        summary:
          'The public data set (public, consented records; Frictionless Data Package) as a zip',
        response: errorResponses,
      },
      config: {
        swaggerTransform: downloadDocumented('the data set as a zip', ['application/zip']),
      },
    },
    async (request, reply) => {
      assertAdministrator(request.actor, 'export the public data set');
      const body = new PassThrough();
      writePublicDataset(services, contextOf(request), zipSink(body)).catch((error: unknown) => {
        request.log.error({ err: error }, 'public data set export failed while streaming');
        body.destroy(error as Error);
      });
      return reply
        .type('application/zip')
        .header('content-disposition', attachment(publicDatasetFileName()))
        .header('cache-control', 'no-store')
        .send(body as never);
    },
  );
}
