import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../server/context.js';
import { errorResponses } from '../../server/problem.js';
import { recordIdSchema } from '../records/fields.js';
import type { MergeService } from './merge.js';
import {
  candidateListSchema,
  candidateQuerySchema,
  candidateSchema,
  dismissBodySchema,
  duplicatesQuerySchema,
  mergeBodySchema,
  mergeSchema,
} from './schema.js';
import type { MatchingService } from './service.js';

const idParams = z.object({ id: recordIdSchema });
const tags = ['Matching'];

/** The review queue of duplicate candidates, and merges with their undo. Thin. */
export function matchingRoutes(matching: MatchingService, merges: MergeService) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();

    routes.get(
      '/api/v1/matching/candidates',
      {
        schema: {
          tags,
          operationId: 'listMatchCandidates',
          summary: 'Possible duplicate people, highest score first, with the reasons for each',
          querystring: candidateQuerySchema,
          response: { 200: candidateListSchema, ...errorResponses },
        },
      },
      async (request) =>
        matching.list(contextOf(request), {
          ...request.query,
          status: request.query.status ?? 'open',
        }),
    );

    routes.get(
      '/api/v1/people/:id/duplicates',
      {
        schema: {
          tags: ['People', ...tags],
          operationId: 'listPersonDuplicates',
          summary: 'Possible duplicates of one person (scored now if never scored before)',
          params: idParams,
          querystring: duplicatesQuerySchema,
          response: { 200: candidateListSchema, ...errorResponses },
        },
      },
      async (request) =>
        matching.duplicatesOf(contextOf(request), request.params.id, request.query),
    );

    routes.post(
      '/api/v1/matching/candidates/:id/dismiss',
      {
        schema: {
          tags,
          operationId: 'dismissMatchCandidate',
          summary: 'Decide that the pair are two different people',
          params: idParams,
          body: dismissBodySchema,
          response: { 200: candidateSchema, ...errorResponses },
        },
      },
      async (request) =>
        matching.dismiss(contextOf(request), request.params.id, request.body.reason),
    );

    routes.post(
      '/api/v1/matching/candidates/:id/reopen',
      {
        schema: {
          tags,
          operationId: 'reopenMatchCandidate',
          summary: 'Put a dismissed pair back in the queue',
          params: idParams,
          response: { 200: candidateSchema, ...errorResponses },
        },
      },
      async (request) => matching.reopen(contextOf(request), request.params.id),
    );

    routes.post(
      '/api/v1/merges',
      {
        schema: {
          tags,
          operationId: 'mergePeople',
          summary:
            'Merge two people: every reference moves to keepId, names are kept as aliases, mergeId becomes a tombstone',
          body: mergeBodySchema,
          response: { 201: mergeSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const merge = await merges.merge(contextOf(request), request.body);
        return reply.code(201).header('location', `/api/v1/merges/${merge.id}`).send(merge);
      },
    );

    routes.get(
      '/api/v1/merges/:id',
      {
        schema: {
          tags,
          operationId: 'getMerge',
          summary: 'A merge and every change it made',
          params: idParams,
          response: { 200: mergeSchema, ...errorResponses },
        },
      },
      async (request) => merges.get(contextOf(request), request.params.id),
    );

    routes.post(
      '/api/v1/merges/:id/undo',
      {
        schema: {
          tags,
          operationId: 'undoMerge',
          summary: 'Undo a merge exactly; refused (409) if a moved record was edited since',
          params: idParams,
          response: { 200: mergeSchema, ...errorResponses },
        },
      },
      async (request) => merges.undo(contextOf(request), request.params.id),
    );
  };
}
