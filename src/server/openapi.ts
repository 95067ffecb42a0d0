import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

export const API_DOCS_PATH = '/api/v1/docs';

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
export async function registerOpenApi(app: FastifyInstance, version: string) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Habeas API',
        version,
        description:
          'Records of people moved across borders into detention: custody chains, allegations, ' +
          'process, incidents and statements, every fact tied to a source. Errors are ' +
          'application/problem+json with one entry per bad field. Writes take `If-Match` (the ' +
          'version you read) and `X-Change-Reason`; every write is kept as a revision.',
        license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
      },
      servers: [],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: API_DOCS_PATH });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
