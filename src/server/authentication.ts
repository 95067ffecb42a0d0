import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Forbidden, PasswordChangeRequired, Unauthenticated } from '../lib/errors.js';
import type { Actor } from '../modules/auth/policy.js';
import type { AuthService } from '../modules/auth/service.js';

export const SESSION_COOKIE = 'habeas_session';
export const PUBLIC_PREFIX = '/api/v1/public/';

/** Who a public-mode visitor is: no account, public records only, read only. */
export const PUBLIC_ACTOR: Actor = { id: 'public', role: 'viewer', clearance: 'public' };
const NOBODY: Actor = { id: 'anonymous', role: 'viewer', clearance: 'public' };

/**
 * Paths anyone may call: signing in, the health check a load balancer polls, and the calendar
 * feed, which calendar apps fetch without headers and which checks its own token instead.
 */
const OPEN_PATHS = new Set(['/api/v1/auth/login', '/healthz', '/api/v1/calendar.ics']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** All that an account signed in with a one-time password may do. */
const PASSWORD_CHANGE_PATHS = new Set([
  '/api/v1/auth/password',
  '/api/v1/auth/session',
  '/api/v1/auth/logout',
]);

const pathOf = (request: FastifyRequest) => request.url.split('?')[0] ?? '';

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

/**
 * Resolves every request to an actor before any route runs. Under /api/v1 a request needs a
 * valid API token or session (plus the CSRF token on a session's writes); public mode, when
 * enabled, is read-only and sees public records only. Everything else is 401.
 */
export async function registerAuthentication(
  app: FastifyInstance,
  auth: AuthService,
  options: { publicMode: boolean },
) {
  await app.register(cookie);
  app.decorateRequest('actor', null as unknown as Actor);
  app.decorateRequest('auth', undefined);

  app.addHook('onRequest', async (request) => {
    request.actor = NOBODY;
    const path = pathOf(request);
    if (path.startsWith(PUBLIC_PREFIX)) {
      if (!options.publicMode)
        throw new Unauthenticated('public mode is not enabled on this server');
      if (!SAFE_METHODS.has(request.method)) throw new Forbidden('public mode is read-only');
      request.actor = PUBLIC_ACTOR;
      return;
    }
    const token = bearerToken(request);
    const sessionToken = request.cookies[SESSION_COOKIE];
    const authenticated = token
      ? await auth.authenticateToken(token, request.generation)
      : sessionToken
        ? await auth.authenticateSession(sessionToken, request.generation)
        : undefined;
    if (authenticated) {
      request.actor = authenticated.actor;
      request.auth = authenticated;
    }
    if (!path.startsWith('/api/') || OPEN_PATHS.has(path)) return;
    if (!authenticated)
      throw new Unauthenticated('sign in, or send an API token as Authorization: Bearer');
    if (authenticated.mustChangePassword && !PASSWORD_CHANGE_PATHS.has(path)) {
      throw new PasswordChangeRequired(
        'change the one-time password first (POST /api/v1/auth/password)',
      );
    }
    if (!SAFE_METHODS.has(request.method)) {
      if (authenticated.scope !== 'write') throw new Forbidden('this API token may only read');
      if (
        authenticated.via === 'session' &&
        !auth.csrfMatches(authenticated, csrfHeader(request))
      ) {
        throw new Forbidden('missing or wrong x-csrf-token for this session');
      }
    }
  });
}

function csrfHeader(request: FastifyRequest): string | undefined {
  const value = request.headers['x-csrf-token'];
  return typeof value === 'string' ? value : undefined;
}
