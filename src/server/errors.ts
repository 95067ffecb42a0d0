import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import {
  Conflict,
  DomainError,
  type FieldIssue,
  IntegrityError,
  Invalid,
  NotFound,
  Unauthenticated,
  Unavailable,
  UnsupportedMedia,
} from '../lib/errors.js';
import { issuesFromZod } from '../lib/zod-issues.js';
import type { Problem } from './problem.js';

type HttpPart = 'body' | 'querystring' | 'params' | 'headers';
const PART_NAME: Record<HttpPart, 'body' | 'query' | 'path' | 'header'> = {
  body: 'body',
  querystring: 'query',
  params: 'path',
  headers: 'header',
};

/** A request part that failed its route schema; raised by our validator compiler. */
export class RequestValidationError extends Error {
  constructor(
    readonly part: HttpPart,
    readonly issues: readonly z.core.$ZodIssue[],
  ) {
    super(`invalid ${part}`);
  }
}

const FASTIFY_CODES: Record<string, { status: number; code: string; title: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'body_too_large',
    title: 'Request body too large',
  },
  FST_REQ_FILE_TOO_LARGE: { status: 413, code: 'file_too_large', title: 'File too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    title: 'Unsupported content type',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'bad_content_length',
    title: 'Bad request',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'empty_body', title: 'Empty JSON body' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'malformed_json', title: 'Malformed JSON' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    title: 'Expected multipart/form-data',
  },
};

export function problemFor(error: unknown): Problem {
  if (error instanceof RequestValidationError) {
    const where = PART_NAME[error.part];
    return {
      status: error.part === 'body' ? 422 : 400,
      code: 'invalid',
      title: `Invalid ${where === 'body' ? 'request body' : `${where} parameters`}`,
      errors: issuesFromZod(error.issues).map((i: FieldIssue) => ({ ...i, in: where })),
    };
  }
  if (error instanceof Invalid) {
    return {
      status: 422,
      code: 'invalid',
      title: 'The record breaks a rule',
      errors: error.issues.map((i) => ({ ...i, in: 'body' as const })),
    };
  }
  if (error instanceof NotFound) {
    return { status: 404, code: error.code, title: 'Not found', detail: error.message };
  }
  if (error instanceof Conflict) {
    return {
      status: 409,
      code: error.code,
      title: 'Conflict',
      detail: error.message,
      details: error.details,
    };
  }
  if (error instanceof IntegrityError) {
    return {
      status: 500,
      code: error.code,
      title: 'Stored data failed an integrity check',
      detail: error.message,
    };
  }
  if (error instanceof Unauthenticated) {
    return { status: 401, code: error.code, title: 'Sign in required', detail: error.message };
  }
  if (error instanceof UnsupportedMedia) {
    return { status: 415, code: error.code, title: 'Unsupported file', detail: error.message };
  }
  if (error instanceof Unavailable) {
    return { status: 503, code: error.code, title: 'Service unavailable', detail: error.message };
  }
  if (error instanceof DomainError) {
    // Forbidden and its kinds: the code tells them apart (password_change_required, …).
    return { status: 403, code: error.code, title: 'Forbidden', detail: error.message };
  }
  const fastifyError = error as FastifyError;
  const known = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (known) return { ...known, detail: fastifyError.message };
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return {
      status: fastifyError.statusCode,
      code: (fastifyError.code ?? 'bad_request').toLowerCase(),
      title: 'Bad request',
      detail: fastifyError.message,
    };
  }
  return { status: 500, code: 'internal_error', title: 'Internal error' };
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem) {
  return reply
    .code(problem.status)
    .type('application/problem+json')
    .send({ ...problem, requestId: request.id });
}

/** Maps every error to a problem body; the only place that knows HTTP status codes for errors. */
export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error, request, reply) => {
    const problem = problemFor(error);
    if (problem.status >= 500) {
      // Logged by class and message only: messages never carry record content.
      request.log.error({ err: error }, 'request failed');
    }
    return sendProblem(request, reply, problem);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, { status: 404, code: 'not_found', title: 'Not found' }),
  );
}
