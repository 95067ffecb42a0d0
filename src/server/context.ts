import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../modules/auth/policy.js';
import type { ServiceContext } from '../modules/records/service.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
  }
}

/**
 * Until accounts exist every HTTP caller acts as the local operator, which is why the server
 * listens on 127.0.0.1 unless told otherwise. Accounts replace this resolver, nothing else.
 */
const LOCAL_OPERATOR: Actor = { id: 'local', role: 'admin', clearance: 'secret' };

export function registerActorResolution(app: FastifyInstance) {
  app.decorateRequest('actor', null as unknown as Actor);
  app.addHook('onRequest', async (request) => {
    request.actor = LOCAL_OPERATOR;
  });
}

export function contextOf(request: FastifyRequest): ServiceContext {
  return { actor: request.actor, requestId: request.id };
}

/** Reads the reason for a change, sent percent-encoded so it may hold any language. */
export function changeReason(request: FastifyRequest): string | undefined {
  const header = request.headers['x-change-reason'];
  if (typeof header !== 'string' || header.trim() === '') return undefined;
  try {
    return decodeURIComponent(header).slice(0, 2000);
  } catch {
    return header.slice(0, 2000);
  }
}

/** `If-Match: "3"` (or `W/"3"`, or `3`) → 3. */
export function expectedVersion(request: FastifyRequest): number | undefined {
  const header = request.headers['if-match'];
  if (typeof header !== 'string') return undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  return match ? Number(match[1]) : undefined;
}
