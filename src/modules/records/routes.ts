import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { changeReason, contextOf, expectedVersion } from '../../server/context.js';
import { errorResponses } from '../../server/problem.js';
import { schemaJson, sendJson } from '../../server/schema-json.js';
import { filtersOf, sortColumns } from './definition.js';
import { recordIdSchema, sensitivitySchema } from './fields.js';
import type { ListPages } from './list-pages.js';
import { revisionSchema } from './schemas.js';
import { MAX_PAGE_SIZE, type RecordService } from './service.js';

const idParams = z.object({ id: recordIdSchema });

const writeHeaders = z.object({
  'if-match': z
    .string()
    .regex(/^(W\/)?"?\d+"?$/, 'must be the record version, e.g. "3"')
    .optional()
    .describe('the version you last read; a different stored version answers 409'),
  'x-change-reason': z.string().max(6000).optional().describe('why (percent-encoded UTF-8)'),
});

const listQueries = new WeakMap<RecordService, ReturnType<typeof buildListQuery>>();

/**
 * The list endpoint's query string: built once per record type (the list, its public copy, the
 * export and the CLI all ask for it, and building it is a measurable part of a cold start).
 */
export function listQuery(service: RecordService) {
  let query = listQueries.get(service);
  if (!query) {
    query = buildListQuery(service);
    listQueries.set(service, query);
  }
  return query;
}

function buildListQuery(service: RecordService) {
  const { def } = service;
  const sorts = Object.keys(sortColumns(def)).flatMap((s) => [s, `-${s}`]);
  const filters = Object.fromEntries(
    Object.entries(filtersOf(def)).map(([name, spec]) => [
      name,
      spec.schema.optional().describe(spec.description),
    ]),
  );
  return z
    .object({
      limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
      cursor: z.string().max(2000).optional().describe('nextCursor from the previous page'),
      sort: z
        .enum(sorts as [string, ...string[]])
        .optional()
        .describe('field to sort by; prefix - for descending'),
      q: z.string().trim().min(1).max(200).optional().describe('words, any order, each a prefix'),
      sensitivity: sensitivitySchema.optional(),
      ...filters,
    })
    .strict();
}

const spaced = (name: string) => name.replace(/(?<=[a-z])(?=[A-Z])/g, ' ');

/** The same seven endpoints for every record type, thin: HTTP in, service call, HTTP out. */
export function registerRecordRoutes(
  app: FastifyInstance,
  service: RecordService,
  pages: ListPages,
) {
  const { def, schemas } = service;
  const { singular, plural } = def.names;
  const base = `/api/v1/${def.path}`;
  const tags = [spaced(plural)];
  const routes = app.withTypeProvider<ZodTypeProvider>();

  registerReads(app, service, pages, { base, tags, prefix: '' });

  routes.post(
    base,
    {
      schema: {
        tags,
        operationId: `create${singular}`,
        summary: `Create a ${spaced(singular).toLowerCase()}`,
        body: schemas.create,
        headers: writeHeaders,
        response: { 201: schemas.record, ...errorResponses },
      },
    },
    async (request, reply) => {
      const record = await service.create(contextOf(request), request.body, {
        reason: changeReason(request),
      });
      return reply
        .code(201)
        .header('location', `${base}/${record.id}`)
        .header('etag', `"${record.version}"`)
        .send(record);
    },
  );

  routes.patch(
    `${base}/:id`,
    {
      schema: {
        tags,
        operationId: `update${singular}`,
        summary: `Change fields of a ${spaced(singular).toLowerCase()}; null clears a field`,
        params: idParams,
        headers: writeHeaders,
        body: schemas.patch,
        response: { 200: schemas.record, ...errorResponses },
      },
    },
    async (request, reply) => {
      const record = await service.update(contextOf(request), request.params.id, request.body, {
        reason: changeReason(request),
        expectedVersion: expectedVersion(request),
      });
      return reply.header('etag', `"${record.version}"`).send(record);
    },
  );

  routes.delete(
    `${base}/:id`,
    {
      schema: {
        tags,
        operationId: `delete${singular}`,
        summary: 'Delete as a tombstone: gone from lists and reads, kept in history, restorable',
        params: idParams,
        headers: writeHeaders,
        response: { 204: z.null().describe('deleted'), ...errorResponses },
      },
    },
    async (request, reply) => {
      await service.remove(contextOf(request), request.params.id, {
        reason: changeReason(request),
        expectedVersion: expectedVersion(request),
      });
      return reply.code(204).send(null);
    },
  );

  routes.post(
    `${base}/:id/restore`,
    {
      schema: {
        tags,
        operationId: `restore${singular}`,
        summary: 'Bring a deleted record back',
        params: idParams,
        headers: writeHeaders,
        response: { 200: schemas.record, ...errorResponses },
      },
    },
    async (request) =>
      service.restore(contextOf(request), request.params.id, {
        reason: changeReason(request),
        expectedVersion: expectedVersion(request),
      }),
  );

  routes.get(
    `${base}/:id/history`,
    {
      schema: {
        tags,
        operationId: `get${singular}History`,
        summary: 'Every revision: before, after, who, when and why',
        params: idParams,
        response: { 200: z.object({ items: z.array(revisionSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await service.history(contextOf(request), request.params.id) }),
  );
}

interface ReadRouteOptions {
  base: string;
  tags: string[];
  /** operationId prefix, e.g. `Public` for the public-mode copies */
  prefix: string;
  config?: Record<string, unknown>;
}

/** List and read: the endpoints shared by the signed-in API and public mode. */
function registerReads(
  app: FastifyInstance,
  service: RecordService,
  pages: ListPages,
  options: ReadRouteOptions,
) {
  const { def, schemas } = service;
  const serializePage = schemaJson(schemas.list);
  const { singular, plural } = def.names;
  const { base, tags, prefix, config } = options;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get(
    base,
    {
      config,
      schema: {
        tags,
        operationId: `list${prefix}${plural}`,
        summary: `List ${spaced(plural).toLowerCase()}`,
        querystring: listQuery(service),
        response: { 200: schemas.list, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { limit, cursor, sort, q, sensitivity, ...filters } = request.query as Record<
        string,
        never
      >;
      const params = { limit, cursor, sort, q, sensitivity, filters };
      return sendJson(reply, await pages.json(service, contextOf(request), params, serializePage));
    },
  );

  routes.get(
    `${base}/:id`,
    {
      config,
      schema: {
        tags,
        operationId: `get${prefix}${singular}`,
        summary: `Read a ${spaced(singular).toLowerCase()} with its citations`,
        params: idParams,
        response: { 200: schemas.record, ...errorResponses },
      },
    },
    async (request, reply) => {
      const record = await service.get(contextOf(request), request.params.id);
      return reply.header('etag', `"${record.version}"`).send(record);
    },
  );
}

/**
 * Public mode: the same list and read endpoints under /api/v1/public, where the caller is the
 * public actor (public records only) and each address is rate limited.
 */
export function registerPublicRecordRoutes(
  app: FastifyInstance,
  service: RecordService,
  pages: ListPages,
  requestsPerMinute: number,
) {
  registerReads(app, service, pages, {
    base: `/api/v1/public/${service.def.path}`,
    tags: ['Public'],
    prefix: 'Public',
    config: { rateLimit: { max: requestsPerMinute, timeWindow: '1 minute' } },
  });
}
