import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../server/context.js';
import { errorResponses } from '../../server/problem.js';
import { schemaJson, sendJson } from '../../server/schema-json.js';
import { recordIdSchema } from '../records/fields.js';
import { dossierSchema } from './schema.js';
import type { Dossier, DossierService } from './service.js';

const serialize: (dossier: Dossier) => Buffer = schemaJson(dossierSchema);

export function dossierRoutes(dossiers: DossierService) {
  return async (app: FastifyInstance) => {
    app.withTypeProvider<ZodTypeProvider>().get(
      '/api/v1/people/:id/dossier',
      {
        schema: {
          tags: ['People'],
          operationId: 'getPersonDossier',
          summary:
            'The five answers about a person: custody, grounds, process, harm, and who says what',
          params: z.object({ id: recordIdSchema }),
          response: { 200: dossierSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        // Sent as the JSON the cache holds, which the response schema made when it was computed
        // (see serialize).
        const json = await dossiers.jsonForPerson(contextOf(request), request.params.id, serialize);
        return sendJson(reply, json);
      },
    );
  };
}
