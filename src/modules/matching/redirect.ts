import type { FastifyInstance, onSendAsyncHookHandler } from 'fastify';
import { contextOf } from '../../server/context.js';
import type { MergeService } from './merge.js';

/** Reads of a person that follow a merge: the person and their dossier. */
const PERSON_READS = new Set([
  '/api/v1/people/:id',
  '/api/v1/people/:id/dossier',
  '/api/v1/people/:id/dossier.pdf',
  '/api/v1/people/:id/duplicates',
]);

/**
 * A person merged into another answers 308 to the person they turned out to be, so links,
 * bookmarks and citations made with the old id keep working. Only a read that would have been
 * a 404 is looked at, and only for a caller who may see both people: otherwise it stays a 404.
 * Attached to those routes alone as they are added (the generic record routes included), so
 * must be registered before them: on every route it cost every response an async step.
 */
export function registerMergeRedirects(app: FastifyInstance, merges: MergeService) {
  const redirect: onSendAsyncHookHandler = async (request, reply, payload) => {
    if (reply.statusCode !== 404 || request.method !== 'GET' || !request.actor) return payload;
    const id = (request.params as { id?: string }).id;
    if (!id) return payload;
    const target = await merges.redirectFor(contextOf(request), id);
    if (!target) return payload;
    const location = request.url.split('?')[0]?.replace(id, target) ?? '';
    reply.code(308).header('location', location).type('application/json');
    return JSON.stringify({
      status: 308,
      code: 'merged',
      title: `person ${id} was merged into person ${target}`,
      mergedInto: target,
      location,
    });
  };
  app.addHook('onRoute', (route) => {
    if (!PERSON_READS.has(route.url) || ![route.method].flat().includes('GET')) return;
    route.onSend = [...[route.onSend ?? []].flat(), redirect];
  });
}
