import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Unauthenticated } from '../../../lib/errors.js';
import { contextOf } from '../../../server/context.js';
import { errorResponses } from '../../../server/problem.js';
import { recordIdSchema } from '../../records/fields.js';
import type { RecordRegistry } from '../../records/registry.js';
import { downloadDocumented } from '../openapi-download.js';
import { calendarFeed } from './feed.js';
import { type CalendarFeedTokens, feedTokenCreateSchema, feedTokenSchema } from './tokens.js';

export const CALENDAR_FEED_PATH = '/api/v1/calendar.ics';
const tags = ['Calendar'];

const feedQuery = z
  .object({
    token: z.string().max(200).optional().describe('a calendar feed token (hcal_…)'),
    personId: recordIdSchema.optional().describe('only proceedings this person is a party to'),
    proceedingId: recordIdSchema.optional().describe('only this proceeding'),
  })
  .strict();

/**
 * The calendar feed and its tokens. The feed is subscribed to by URL, so it is authenticated by
 * the feed token in its query string alone: an API token or session on the request is ignored,
 * and the token opens nothing but this feed.
 */
export function registerCalendarRoutes(
  app: FastifyInstance,
  deps: { registry: RecordRegistry; tokens: CalendarFeedTokens },
) {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get(
    CALENDAR_FEED_PATH,
    {
      schema: {
        tags,
        operationId: 'getCalendarFeed',
        summary: 'Hearings and deadlines as an iCalendar feed, for subscribing by URL',
        querystring: feedQuery,
        response: errorResponses,
      },
      config: {
        swaggerTransform: downloadDocumented('the iCalendar feed (RFC 5545)', ['text/calendar']),
      },
    },
    async (request, reply) => {
      const { token, ...filter } = request.query;
      const actor = token ? await deps.tokens.authenticate(token) : undefined;
      if (!actor) throw new Unauthenticated('a valid calendar feed token is required (?token=)');
      const origin = `${request.protocol}://${request.host}`;
      const ctx = { ...contextOf(request), actor };
      const { ics } = await calendarFeed(deps.registry, ctx, filter, origin);
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', 'inline; filename="habeas.ics"')
        .header('cache-control', 'private, no-store')
        .send(ics as never);
    },
  );

  routes.post(
    '/api/v1/calendar/tokens',
    {
      schema: {
        tags,
        operationId: 'createCalendarFeedToken',
        summary: 'Create a token for subscribing to your calendar feed; the secret is shown once',
        body: feedTokenCreateSchema,
        response: {
          201: z.object({
            token: feedTokenSchema,
            secret: z.string(),
            url: z.string().describe('the address to subscribe to'),
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const created = await deps.tokens.create(request.actor, request.body, {
        ip: request.ip,
        requestId: request.id,
      });
      const url = `${request.protocol}://${request.host}${CALENDAR_FEED_PATH}?token=${created.secret}`;
      return reply.code(201).send({ ...created, url });
    },
  );

  routes.get(
    '/api/v1/calendar/tokens',
    {
      schema: {
        tags,
        operationId: 'listCalendarFeedTokens',
        summary: 'Your calendar feed tokens (never their secrets)',
        response: { 200: z.object({ items: z.array(feedTokenSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await deps.tokens.list(request.actor) }),
  );

  routes.delete(
    '/api/v1/calendar/tokens/:id',
    {
      schema: {
        tags,
        operationId: 'revokeCalendarFeedToken',
        summary: 'Revoke one of your calendar feed tokens; its feed answers 401 from then on',
        params: z.object({ id: recordIdSchema }),
        response: { 204: z.null().describe('revoked'), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deps.tokens.revoke(request.actor, request.params.id, {
        ip: request.ip,
        requestId: request.id,
      });
      return reply.code(204).send(null);
    },
  );
}
