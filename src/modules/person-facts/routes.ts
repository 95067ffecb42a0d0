import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../server/context.js';
import { errorResponses } from '../../server/problem.js';
import { personType } from '../people/schema.js';
import { FACET_NAMES, type PersonFactsService } from './service.js';

/** The people list's filters the facets take too, with the list's own schemas and wording. */
const FILTERS = [
  'nationality',
  'role',
  'status',
  'custodian',
  'place',
  'allegationStatus',
  'hadHearing',
] as const;

const facetQuery = z
  .object({
    q: z.string().trim().max(200).optional().describe('names matching this text, as in search'),
    ...Object.fromEntries(
      FILTERS.map((name) => {
        const spec = personType.filters[name];
        if (!spec) throw new Error(`the people list has no ${name} filter`);
        return [name, spec.schema.optional().describe(spec.description)];
      }),
    ),
  })
  .strict();

const facetValue = z.object({
  value: z.string(),
  label: z.string().optional().describe('the name of the organization or place, when visible'),
  count: z.number().int(),
});

const facetsResponse = z.object({
  total: z.number().int().describe('people matching every filter'),
  facets: z.object(Object.fromEntries(FACET_NAMES.map((name) => [name, z.array(facetValue)]))),
});

const attentionQuery = z
  .object({
    staleDays: z.coerce
      .number()
      .int()
      .min(1)
      .max(36_500)
      .default(90)
      .describe('a status last confirmed longer ago than this is stale'),
    limit: z.coerce.number().int().min(1).max(200).default(25),
    cursor: z.string().max(500).optional(),
  })
  .strict();

const attentionResponse = z.object({
  items: z.array(
    z.object({
      person: z.object({ id: z.string(), label: z.string() }),
      reason: z
        .enum(['unknown', 'stale'])
        .describe(
          'unknown: no custody event, or whereabouts unknown; stale: held, and not confirmed since',
        ),
      state: z.string(),
      asOf: z.string().nullable().describe('the date the status was last confirmed (partial)'),
      daysSince: z.number().int().nullable().describe('days since the earliest day asOf allows'),
    }),
  ),
  nextCursor: z.string().nullable(),
});

export function personFactsRoutes(facts: PersonFactsService) {
  return async (app: FastifyInstance) => {
    const typed = app.withTypeProvider<ZodTypeProvider>();
    typed.get(
      '/api/v1/people/facets',
      {
        schema: {
          tags: ['People'],
          operationId: 'getPeopleFacets',
          summary:
            'Counts per nationality, current status, custodian, place, allegation status and hearing, at your clearance',
          querystring: facetQuery,
          response: { 200: facetsResponse, ...errorResponses },
        },
      },
      async (request) => facts.facets(contextOf(request), request.query as never),
    );
    typed.get(
      '/api/v1/people/attention',
      {
        schema: {
          tags: ['People'],
          operationId: 'getPeopleNeedingAttention',
          summary: 'People whose current status is unknown or stale, oldest first',
          querystring: attentionQuery,
          response: { 200: attentionResponse, ...errorResponses },
        },
      },
      async (request) => facts.attention(contextOf(request), request.query),
    );
  };
}
