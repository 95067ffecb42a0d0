import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Unauthenticated } from '../../lib/errors.js';
import { SESSION_COOKIE } from '../../server/authentication.js';
import { errorResponses } from '../../server/problem.js';
import { recordIdSchema } from '../records/fields.js';
import {
  loginSchema,
  passwordChangeSchema,
  tokenCreateSchema,
  tokenSchema,
  userCreateSchema,
  userPatchSchema,
  userSchema,
} from './schema.js';
import type { AuthService, RequestMeta } from './service.js';

const meta = (request: FastifyRequest): RequestMeta => ({ ip: request.ip, requestId: request.id });

const sessionSchema = z.object({ user: userSchema, csrfToken: z.string() }).meta({ id: 'Session' });

function requireAuth(request: FastifyRequest) {
  if (!request.auth) throw new Unauthenticated('sign in first');
  return request.auth;
}

function setSessionCookie(reply: FastifyReply, token: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: 'auto',
    path: '/',
  });
}

/** Sign-in, sessions, password changes, API tokens and (for admins) accounts. */
export function authRoutes(auth: AuthService, options: { loginRateLimit: number }) {
  return async (app: FastifyInstance) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['Accounts'];

    routes.post(
      '/api/v1/auth/login',
      {
        config: { rateLimit: { max: options.loginRateLimit, timeWindow: '1 minute' } },
        schema: {
          tags,
          operationId: 'login',
          summary: 'Sign in: sets an httpOnly session cookie and returns the CSRF token for writes',
          security: [],
          body: loginSchema,
          response: { 200: sessionSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { user, sessionToken, csrfToken } = await auth.login(
          request.body.email,
          request.body.password,
          meta(request),
        );
        setSessionCookie(reply, sessionToken);
        return reply.send({ user, csrfToken });
      },
    );

    routes.get(
      '/api/v1/auth/session',
      {
        schema: {
          tags,
          operationId: 'getSession',
          summary: 'Who is signed in, with the CSRF token to send as x-csrf-token',
          response: { 200: sessionSchema, ...errorResponses },
        },
      },
      async (request) => {
        const authenticated = requireAuth(request);
        return {
          user: await auth.me(authenticated.actor),
          csrfToken: authenticated.csrfToken ?? '',
        };
      },
    );

    routes.post(
      '/api/v1/auth/logout',
      {
        schema: {
          tags,
          operationId: 'logout',
          summary: 'End this session',
          response: { 204: z.null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        await auth.logout(requireAuth(request), meta(request));
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.code(204).send(null);
      },
    );

    routes.post(
      '/api/v1/auth/password',
      {
        schema: {
          tags,
          operationId: 'changePassword',
          summary: 'Change your password; your other sessions end',
          body: passwordChangeSchema,
          response: { 204: z.null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        await auth.changePassword(
          requireAuth(request),
          request.body.currentPassword,
          request.body.newPassword,
          meta(request),
        );
        return reply.code(204).send(null);
      },
    );

    routes.get(
      '/api/v1/auth/tokens',
      {
        schema: {
          tags,
          operationId: 'listTokens',
          summary: 'Your API tokens (never their secrets)',
          response: { 200: z.object({ items: z.array(tokenSchema) }), ...errorResponses },
        },
      },
      async (request) => ({ items: await auth.listTokens(request.actor) }),
    );

    routes.post(
      '/api/v1/auth/tokens',
      {
        schema: {
          tags,
          operationId: 'createToken',
          summary: 'Create an API token; its secret is shown once, in this response',
          body: tokenCreateSchema,
          response: { 201: tokenSchema.extend({ secret: z.string() }), ...errorResponses },
        },
      },
      async (request, reply) => {
        const { token, secret } = await auth.createToken(
          request.actor,
          request.body,
          meta(request),
        );
        return reply.code(201).send({ ...token, secret });
      },
    );

    routes.delete(
      '/api/v1/auth/tokens/:id',
      {
        schema: {
          tags,
          operationId: 'revokeToken',
          summary: 'Revoke one of your API tokens',
          params: z.object({ id: recordIdSchema }),
          response: { 204: z.null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        await auth.revokeToken(request.actor, request.params.id, meta(request));
        return reply.code(204).send(null);
      },
    );

    routes.get(
      '/api/v1/users',
      {
        schema: {
          tags,
          operationId: 'listUsers',
          summary: 'All accounts (administrators)',
          response: { 200: z.object({ items: z.array(userSchema) }), ...errorResponses },
        },
      },
      async (request) => ({ items: await auth.listUsers(request.actor) }),
    );

    routes.post(
      '/api/v1/users',
      {
        schema: {
          tags,
          operationId: 'createUser',
          summary:
            'Create an account (administrators); without a password one is generated and returned once',
          body: userCreateSchema,
          response: {
            201: z.object({ user: userSchema, generatedPassword: z.string().optional() }),
            ...errorResponses,
          },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await auth.createUser(request.actor, request.body, meta(request))),
    );

    routes.patch(
      '/api/v1/users/:id',
      {
        schema: {
          tags,
          operationId: 'updateUser',
          summary: 'Change role or clearance, or disable an account (administrators)',
          params: z.object({ id: recordIdSchema }),
          body: userPatchSchema,
          response: { 200: userSchema, ...errorResponses },
        },
      },
      async (request) =>
        auth.updateUser(request.actor, request.params.id, request.body, meta(request)),
    );

    routes.post(
      '/api/v1/users/:id/reset-password',
      {
        schema: {
          tags,
          operationId: 'resetUserPassword',
          summary: 'Issue a one-time password, ending the account’s sessions (administrators)',
          params: z.object({ id: recordIdSchema }),
          response: { 200: z.object({ generatedPassword: z.string() }), ...errorResponses },
        },
      },
      async (request) => ({
        generatedPassword: await auth.resetPassword(
          request.actor,
          request.params.id,
          meta(request),
        ),
      }),
    );
  };
}
