import { randomUUID } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import Fastify, {
  type FastifyInstance,
  type FastifySchemaCompiler,
  type FastifyServerOptions,
} from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { attachmentRoutes } from '../modules/attachments/routes.js';
import { auditRoutes } from '../modules/audit/routes.js';
import { authRoutes } from '../modules/auth/routes.js';
import { dossierRoutes } from '../modules/dossier/routes.js';
import { DossierService } from '../modules/dossier/service.js';
import { PdfRenderer } from '../modules/dossier-print/pdf-renderer.js';
import { dossierPrintRoutes } from '../modules/dossier-print/routes.js';
import { DossierPrintService } from '../modules/dossier-print/service.js';
import { exportRoutes } from '../modules/exports/routes.js';
import { importRoutes } from '../modules/imports/routes.js';
import { registerMergeRedirects } from '../modules/matching/redirect.js';
import { matchingRoutes } from '../modules/matching/routes.js';
import { personFactsRoutes } from '../modules/person-facts/routes.js';
import { PersonFactsService } from '../modules/person-facts/service.js';
import { registerPublicRecordRoutes, registerRecordRoutes } from '../modules/records/routes.js';
import { searchRoutes } from '../modules/search/routes.js';
import { SearchService } from '../modules/search/service.js';
import type { Services } from '../modules/services.js';
import { statsRoutes } from '../modules/stats/routes.js';
import { StatsService } from '../modules/stats/service.js';
import { registerVocabularyRoutes } from '../modules/vocabularies/routes.js';
import { PACKAGE_VERSION } from '../version.js';
import { registerAuthentication } from './authentication.js';
import type { Config } from './config.js';
import { RequestValidationError, registerErrorHandling } from './errors.js';
import { registerOpenApi } from './openapi.js';
import { registerSecurityHeaders } from './security-headers.js';
import { registerWebApp } from './web-app.js';

export interface RouteEntry {
  method: string;
  url: string;
  /** left out of the OpenAPI document (static assets, the document itself) */
  hidden: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** every route the server answers, for the authorization-matrix test */
    routeTable: RouteEntry[];
  }
}

export interface AppOptions {
  services: Services;
  config: Pick<
    Config,
    | 'maxBodyBytes'
    | 'maxUploadBytes'
    | 'logLevel'
    | 'publicMode'
    | 'publicRateLimit'
    | 'loginRateLimit'
    | 'trustProxy'
  >;
  /** where log lines go (tests capture them); defaults to stdout */
  logStream?: NodeJS.WritableStream;
}

/**
 * Log lines name the request, never its content: the path without its query (a search can
 * hold a name), the status and timing. Credentials are redacted should anything log headers.
 */
function loggerOptions(options: AppOptions): FastifyServerOptions['logger'] {
  return {
    level: options.config.logLevel,
    ...(options.logStream ? { stream: options.logStream } : {}),
    redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'],
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        path: req.url.split('?')[0],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

/** Request parts checked by their zod schema; a failure names every bad field. */
const zodValidator: FastifySchemaCompiler<z.ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const result = schema.safeParse(data);
    return result.success
      ? { value: result.data }
      : { error: new RequestValidationError(httpPart as never, result.error.issues) };
  };

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { services, config } = options;
  const app = Fastify({
    logger: loggerOptions(options),
    bodyLimit: config.maxBodyBytes,
    genReqId: () => randomUUID(),
    trustProxy: config.trustProxy,
    // Every schema is zod: naming the compilers here spares loading Ajv and
    // fast-json-stringify, which Fastify would otherwise build and never use. (Its types
    // expect JSON-schema compilers, hence the casts.)
    schemaController: {
      compilersFactory: {
        buildValidator: (() => zodValidator) as never,
        buildSerializer: (() => serializerCompiler) as never,
      },
    },
  });
  const routeTable: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD')
        routeTable.push({ method, url: route.url, hidden: Boolean(route.schema?.hide) });
    }
  });
  app.decorate('routeTable', routeTable);
  // Only JSON bodies are accepted by default: anything else is a 415, not a string to misparse.
  app.removeContentTypeParser('text/plain');
  // Set on arrival, so that every answer carries it, errors included, without an onSend step.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    // Every API request: it costs no query on PostgreSQL (the generation is heard) and one
    // read shared by a turn's requests on SQLite, and it spares the look-up of who is asking.
    if (request.url.startsWith('/api/')) {
      const generation = services.writeGeneration.current();
      // awaited by the route; a request refused before it runs must not leave it unhandled
      generation.catch(() => {});
      request.generation = generation;
    }
    done();
  });

  registerErrorHandling(app);
  registerSecurityHeaders(app);
  await app.register(rateLimit, { global: false });
  await registerAuthentication(app, services.auth, { publicMode: config.publicMode });
  await registerOpenApi(app, PACKAGE_VERSION);

  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    await services.database.db.selectFrom('settings').select('key').limit(1).execute();
    return reply.send({ status: 'ok' });
  });

  await registerWebApp(app);

  registerMergeRedirects(app, services.merges);
  await app.register(authRoutes(services.auth, { loginRateLimit: config.loginRateLimit }));
  await app.register(auditRoutes(services.audit));
  for (const service of services.registry.all()) {
    registerRecordRoutes(app, service, services.listPages);
    if (config.publicMode) {
      registerPublicRecordRoutes(app, service, services.listPages, config.publicRateLimit);
    }
  }
  await app.register(attachmentRoutes(services.attachments, config.maxUploadBytes));
  await app.register(importRoutes(services.imports, config.maxUploadBytes));
  registerVocabularyRoutes(app, services.vocabularies);
  await app.register(dossierRoutes(new DossierService(services)));
  const pdfRenderer = new PdfRenderer();
  const dossierPrinting = new DossierPrintService(
    services,
    new DossierService(services),
    pdfRenderer,
  );
  await app.register(dossierPrintRoutes(dossierPrinting, pdfRenderer));
  await app.register(matchingRoutes(services.matching, services.merges));
  await app.register(statsRoutes(new StatsService(services.database.db)));
  await app.register(
    personFactsRoutes(new PersonFactsService({ ...services, db: services.database.db })),
  );
  await app.register(searchRoutes(new SearchService({ ...services, db: services.database.db })));
  await app.register(exportRoutes(services));

  return app;
}
