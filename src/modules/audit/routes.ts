import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../server/problem.js';
import { assertAdministrator } from '../auth/policy.js';
import type { AuditLog } from './service.js';

const entrySchema = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    ip: z.string().nullable(),
    requestId: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: 'AuditEntry' });

const headSchema = z.object({ seq: z.number().int(), hash: z.string() }).meta({
  id: 'AuditHead',
  description: 'record it outside the server to detect later truncation',
});

const filterSchema = z
  .object({
    actor: z.string().max(200).optional(),
    action: z.string().max(100).optional().describe('prefix, e.g. auth. or record.read'),
    targetId: z.string().max(100).optional(),
    from: z.string().max(40).optional().describe('ISO timestamp'),
    to: z.string().max(40).optional(),
    afterSeq: z.coerce
      .number()
      .int()
      .min(0)
      .optional()
      .describe('for paging: the last seq you have'),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

const adminOnly = (request: FastifyRequest) =>
  assertAdministrator(request.actor, 'read the audit log');

/** The audit log for administrators: read, filter, export, check the chain, read the head. */
export function auditRoutes(audit: AuditLog) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['Audit'];

    routes.get(
      '/api/v1/audit',
      {
        schema: {
          tags,
          operationId: 'listAuditEntries',
          summary: 'Audit entries, oldest first, filtered',
          querystring: filterSchema,
          response: { 200: z.object({ items: z.array(entrySchema) }), ...errorResponses },
        },
      },
      async (request) => {
        adminOnly(request);
        return { items: await audit.list(request.query) };
      },
    );

    routes.get(
      '/api/v1/audit/head',
      {
        schema: {
          tags,
          operationId: 'getAuditHead',
          summary: 'The newest entry’s sequence number and hash',
          response: { 200: headSchema, ...errorResponses },
        },
      },
      async (request) => {
        adminOnly(request);
        return audit.head();
      },
    );

    routes.get(
      '/api/v1/audit/verify',
      {
        schema: {
          tags,
          operationId: 'verifyAudit',
          summary: 'Check the whole chain, optionally against a head recorded earlier',
          querystring: z
            .object({
              seq: z.coerce.number().int().min(1).optional(),
              hash: z
                .string()
                .regex(/^[0-9a-f]{64}$/)
                .optional(),
            })
            .strict(),
          response: {
            200: z.object({
              ok: z.boolean(),
              checked: z.number().int(),
              head: headSchema,
              problems: z.array(
                z.object({ seq: z.number().int(), kind: z.string(), message: z.string() }),
              ),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        adminOnly(request);
        const { seq, hash } = request.query;
        return audit.verify(seq !== undefined && hash ? { seq, hash } : undefined);
      },
    );

    routes.get(
      '/api/v1/audit/export',
      {
        schema: {
          tags,
          operationId: 'exportAudit',
          summary: 'The whole log as NDJSON, one entry per line, streamed',
          response: errorResponses,
        },
      },
      async (request, reply) => {
        adminOnly(request);
        const lines = async function* () {
          for await (const entry of audit.entries()) yield `${JSON.stringify(entry)}\n`;
        };
        return reply
          .type('application/x-ndjson')
          .header('content-disposition', 'attachment; filename="habeas-audit.ndjson"')
          .send(Readable.from(lines()) as never);
      },
    );
  };
}
