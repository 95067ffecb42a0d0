import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { changeReason, contextOf, expectedVersion } from '../../server/context.js';
import { errorResponses } from '../../server/problem.js';
import { revisionSchema } from '../records/schemas.js';
import {
  schemeNameSchema,
  schemeSchema,
  termCodeSchema,
  termCreateSchema,
  termPatchSchema,
  termQuerySchema,
  termSchema,
} from './schema.js';
import type { VocabularyService } from './service.js';

const schemeParams = z.object({ scheme: schemeNameSchema });
const termParams = z.object({ scheme: schemeNameSchema, code: termCodeSchema });

// The same contract as the record routes' write headers.
const writeHeaders = z.object({
  'if-match': z
    .string()
    .regex(/^(W\/)?"?\d+"?$/, 'must be the term version, e.g. "3"')
    .optional()
    .describe('the version you last read; a different stored version answers 409'),
  'x-change-reason': z.string().max(6000).optional().describe('why (percent-encoded UTF-8)'),
});

const termUrl = (term: { scheme: string; code: string }) =>
  `/api/v1/vocabularies/${term.scheme}/terms/${term.code}`;

/**
 * Controlled vocabularies over HTTP: read by anyone signed in, extended and relabelled by
 * administrators. Registered from src/server/app.ts.
 */
export function registerVocabularyRoutes(app: FastifyInstance, service: VocabularyService) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Vocabularies'];

  routes.get(
    '/api/v1/vocabularies',
    {
      schema: {
        tags,
        operationId: 'listVocabularies',
        summary: 'List the controlled vocabularies, with how many terms each holds',
        response: { 200: z.object({ items: z.array(schemeSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await service.listSchemes(contextOf(request)) }),
  );

  routes.get(
    '/api/v1/vocabularies/:scheme',
    {
      schema: {
        tags,
        operationId: 'getVocabulary',
        summary: 'A vocabulary and its terms, in code order, labelled in English and Spanish',
        params: schemeParams,
        querystring: termQuerySchema,
        response: {
          200: z.object({ scheme: schemeSchema, items: z.array(termSchema) }),
          ...errorResponses,
        },
      },
    },
    async (request) => service.listTerms(contextOf(request), request.params.scheme, request.query),
  );

  routes.post(
    '/api/v1/vocabularies/:scheme/terms',
    {
      schema: {
        tags,
        operationId: 'createVocabularyTerm',
        summary: 'Add a local term (administrators only)',
        params: schemeParams,
        headers: writeHeaders,
        body: termCreateSchema,
        response: { 201: termSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const term = await service.addTerm(contextOf(request), request.params.scheme, request.body, {
        reason: changeReason(request),
      });
      return reply
        .code(201)
        .header('location', termUrl(term))
        .header('etag', `"${term.version}"`)
        .send(term);
    },
  );

  routes.get(
    '/api/v1/vocabularies/:scheme/terms/:code',
    {
      schema: {
        tags,
        operationId: 'getVocabularyTerm',
        summary: 'Read one term',
        params: termParams,
        response: { 200: termSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { scheme, code } = request.params;
      const term = await service.getTerm(contextOf(request), scheme, code);
      return reply.header('etag', `"${term.version}"`).send(term);
    },
  );

  routes.patch(
    '/api/v1/vocabularies/:scheme/terms/:code',
    {
      schema: {
        tags,
        operationId: 'updateVocabularyTerm',
        summary: 'Relabel or deprecate a term (administrators only); terms are never deleted',
        params: termParams,
        headers: writeHeaders,
        body: termPatchSchema,
        response: { 200: termSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { scheme, code } = request.params;
      const term = await service.updateTerm(contextOf(request), scheme, code, request.body, {
        reason: changeReason(request),
        expectedVersion: expectedVersion(request),
      });
      return reply.header('etag', `"${term.version}"`).send(term);
    },
  );

  routes.get(
    '/api/v1/vocabularies/:scheme/terms/:code/history',
    {
      schema: {
        tags,
        operationId: 'getVocabularyTermHistory',
        summary: 'Every change to a term: before, after, who, when and why',
        params: termParams,
        response: { 200: z.object({ items: z.array(revisionSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const { scheme, code } = request.params;
      return { items: await service.history(contextOf(request), scheme, code) };
    },
  );
}
