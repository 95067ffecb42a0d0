import { z } from 'zod';

/** The one error body every endpoint returns (RFC 9457 problem details, plus field issues). */
export const problemSchema = z
  .object({
    status: z.number().int(),
    code: z.string().describe('stable machine-readable error code'),
    title: z.string(),
    detail: z.string().optional(),
    errors: z
      .array(
        z.object({
          field: z.string(),
          in: z.enum(['body', 'query', 'path', 'header']).optional(),
          reason: z.string(),
          code: z.string(),
        }),
      )
      .optional()
      .describe('one entry per bad field'),
    details: z.record(z.string(), z.unknown()).optional(),
    requestId: z.string().optional(),
  })
  .meta({ id: 'Problem' });

export type Problem = z.output<typeof problemSchema>;

/** Error responses documented on every route. */
export const errorResponses = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  413: problemSchema,
  415: problemSchema,
  422: problemSchema,
  429: problemSchema,
} as const;
