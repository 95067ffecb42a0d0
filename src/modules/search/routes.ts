import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../server/context.js';
import { errorResponses } from '../../server/problem.js';
import { MAX_SEARCH_LIMIT, type SearchService } from './service.js';

const querySchema = z
  .object({
    q: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .describe(
        'words to find, in any order, each matching the start of a word; case and accents ' +
          'do not matter ("munoz" finds "Muñoz")',
      ),
    types: z
      .string()
      .max(500)
      .optional()
      .describe('comma-separated record types to return, e.g. person,source')
      .transform((value) =>
        value
          ? value
              .split(',')
              .map((t) => t.trim())
              .filter(Boolean)
          : undefined,
      ),
    limit: z.coerce.number().int().min(1).max(MAX_SEARCH_LIMIT).optional(),
    cursor: z.string().max(2000).optional().describe('nextCursor from the previous page'),
  })
  .strict();

const resultSchema = z
  .object({
    items: z.array(
      z.object({
        type: z.string().describe('record type, e.g. person'),
        id: z.string(),
        title: z.string().describe("the record's label"),
        snippet: z
          .string()
          .describe(
            'a short excerpt of the text the record is found by, HTML-escaped, each matched ' +
              'word wrapped in <mark>…</mark>; "…" marks a cut',
          ),
        rank: z
          .number()
          .int()
          .describe(
            'how many words of q the record matches whole (not only as the start of a word); ' +
              'items come highest first, then newest first',
          ),
      }),
    ),
    facets: z.object({
      byType: z
        .array(z.object({ type: z.string(), count: z.number().int() }))
        .describe('matches per record type at your clearance, whatever `types` is'),
      complete: z
        .boolean()
        .describe(
          'false when there were more matches than were counted (1,000): each count is then ' +
            'at least that many',
        ),
    }),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'SearchResult' });

export function searchRoutes(search: SearchService) {
  return async (app: FastifyInstance) => {
    app.withTypeProvider<ZodTypeProvider>().get(
      '/api/v1/search',
      {
        schema: {
          tags: ['Search'],
          operationId: 'search',
          summary: 'Find records of every type by name, title and text, at your clearance',
          querystring: querySchema,
          response: { 200: resultSchema, ...errorResponses },
        },
      },
      async (request) => search.search(contextOf(request), request.query),
    );
  };
}
