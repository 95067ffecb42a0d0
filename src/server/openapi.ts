import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import swagger, { type SwaggerTransformObject } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

export const API_DOCS_PATH = '/api/v1/docs';

type JsonObject = Record<string, unknown>;
interface Operation {
  responses?: Record<string, { content?: Record<string, unknown> }>;
}
interface Document {
  components?: { schemas?: Record<string, JsonObject> };
  paths?: Record<string, Record<string, Operation>>;
}

/**
 * zod writes every named schema as a standalone JSON Schema document, with
 * `$id: "#/components/schemas/Name"` and a `$schema`. Inside an OpenAPI 3.1 document neither is
 * valid: JSON Schema 2020-12, the dialect of OpenAPI 3.1, forbids a fragment in `$id`, and
 * `$schema` may stand only at the root of a schema resource. References already reach each
 * component by its path, so both keywords are dropped.
 */
function asComponent(schema: JsonObject): JsonObject {
  const { $id: _id, $schema: _schema, ...rest } = schema;
  return rest;
}

/** Every error leaves through one handler as application/problem+json; the document says so. */
function documentProblemsAsSent(paths: NonNullable<Document['paths']>) {
  for (const operations of Object.values(paths)) {
    for (const operation of Object.values(operations)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const json = response.content?.['application/json'];
        if (Number(status) >= 400 && json && response.content) {
          response.content = { 'application/problem+json': json };
        }
      }
    }
  }
}

const finishDocument: SwaggerTransformObject = (input) => {
  const document = jsonSchemaTransformObject(input) as Document;
  const schemas = document.components?.schemas ?? {};
  if (document.paths) documentProblemsAsSent(document.paths);
  return {
    ...document,
    components: {
      ...document.components,
      schemas: Object.fromEntries(
        Object.entries(schemas).map(([name, schema]) => [name, asComponent(schema)]),
      ),
    },
  } as ReturnType<SwaggerTransformObject>;
};

/**
 * Where Swagger UI's page assets are, named rather than left to the plugin: it finds them from
 * its own folder, which it no longer knows once bundled into the server (loaded from
 * node_modules instead, it brought its own copies of @fastify/static and yaml, a tenth of a
 * cold start).
 */
function swaggerUiAssets() {
  const packageJson = createRequire(import.meta.url).resolve('@fastify/swagger-ui/package.json');
  const baseDir = path.join(path.dirname(packageJson), 'static');
  const logo = { type: 'image/svg+xml', content: readFileSync(path.join(baseDir, 'logo.svg')) };
  return { baseDir, logo };
}

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
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'an API token (habeas token create)',
          },
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'habeas_session',
            description: 'set by POST /api/v1/auth/login; writes also need the x-csrf-token header',
          },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
      servers: [],
    },
    transform: jsonSchemaTransform,
    transformObject: finishDocument,
  });
  await app.register(swaggerUi, { routePrefix: API_DOCS_PATH, ...swaggerUiAssets() });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
