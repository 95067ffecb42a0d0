import type { FastifyRequest } from 'fastify';
import type { Actor } from '../modules/auth/policy.js';
import type { Authenticated } from '../modules/auth/service.js';
import type { ServiceContext } from '../modules/records/service.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    /** how the caller proved who they are; absent for public-mode and sign-in requests */
    auth?: Authenticated;
    /**
     * The write generation as read on arrival (src/db/write-generation.ts), by every API request:
     * for the caller's token or session, kept while it holds (src/modules/auth/credential-cache.ts),
     * and for a route that answers from a cache kept by it (src/db/generation-cache.ts).
     */
    generation?: Promise<string>;
  }
}

export function contextOf(request: FastifyRequest): ServiceContext {
  return {
    actor: request.actor,
    requestId: request.id,
    ip: request.ip,
    generation: request.generation,
  };
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
