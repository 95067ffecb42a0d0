import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../server/context.js';
import { errorResponses } from '../../server/problem.js';
import { CUSTODY_STATES } from '../dossier/custody-chain.js';
import { countryCodeSchema, recordIdSchema } from '../records/fields.js';
import { GROUP_BY } from './aggregate.js';
import type { StatsService } from './service.js';

const answer = z.enum(['yes', 'no', 'unknown']);

const querySchema = z
  .object({
    nationality: countryCodeSchema.optional(),
    state: z.enum(CUSTODY_STATES).optional().describe('current status'),
    custodianId: recordIdSchema.optional().describe('current custodian'),
    heldAt: recordIdSchema.optional().describe('held at this place at any time'),
    heldBy: recordIdSchema.optional().describe('held by this organization at any time'),
    charged: answer.optional().describe('due-process item: criminal charge'),
    hearingBeforeRemoval: answer.optional().describe('due-process item: hearing before removal'),
    groupBy: z
      .string()
      .optional()
      .describe(`comma-separated: ${GROUP_BY.join(', ')}`)
      .transform((value, ctx) => {
        const parts = value ? value.split(',').map((p) => p.trim()) : [];
        const bad = parts.filter((p) => !(GROUP_BY as readonly string[]).includes(p));
        if (bad.length > 0)
          ctx.addIssue({ code: 'custom', message: `cannot group by ${bad.join(', ')}` });
        return parts as (typeof GROUP_BY)[number][];
      }),
  })
  .strict();

const distribution = z
  .object({
    count: z.number(),
    min: z.number(),
    median: z.number(),
    mean: z.number(),
    p90: z.number(),
    max: z.number(),
  })
  .nullable();

export function statsRoutes(stats: StatsService) {
  return async (app: FastifyInstance) => {
    app.withTypeProvider<ZodTypeProvider>().get(
      '/api/v1/stats',
      {
        schema: {
          tags: ['Statistics'],
          operationId: 'getStats',
          summary: 'Counts and durations over people matching a filter, at your clearance',
          querystring: querySchema,
          response: {
            200: z.object({
              total: z.number().int(),
              filter: z.record(z.string(), z.unknown()),
              groups: z.record(
                z.string(),
                z.array(z.object({ key: z.string().nullable(), count: z.number().int() })),
              ),
              daysHeldWithoutCharge: z.object({ least: distribution, most: distribution }),
              computedAt: z.string(),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const { groupBy, ...filter } = request.query;
        return stats.summarize(contextOf(request), filter, groupBy ?? []);
      },
    );
  };
}
