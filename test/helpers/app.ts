import { Writable } from 'node:stream';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { SYSTEM_ACTOR } from '../../src/modules/auth/policy.js';
import type { ServiceContext } from '../../src/modules/records/service.js';
import { createServices, type Services } from '../../src/modules/services.js';
import { buildApp } from '../../src/server/app.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface TestApp extends TestDatabase {
  /** the raw server: requests through it carry no credentials */
  app: FastifyInstance;
  /** a request as the test's administrator (use this unless testing who may do what) */
  inject: FastifyInstance['inject'];
  services: Services;
  /** every log line the server wrote, parsed */
  logs: Record<string, unknown>[];
  ctx: ServiceContext;
  close(): Promise<void>;
}

export async function createTestApp(
  overrides: { maxBodyBytes?: number; maxUploadBytes?: number } = {},
): Promise<TestApp> {
  const testDb = await createTestDatabase();
  const services = createServices(testDb.database, { dataDir: testDb.dataDir });
  const logs: Record<string, unknown>[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  const app = await buildApp({
    services,
    logStream,
    config: {
      maxBodyBytes: overrides.maxBodyBytes ?? 1024 * 1024,
      maxUploadBytes: overrides.maxUploadBytes ?? 10 * 1024 * 1024,
      logLevel: 'info',
    },
  });
  await app.ready();
  return {
    ...testDb,
    app,
    inject: ((options: InjectOptions | string) =>
      app.inject(options as InjectOptions)) as FastifyInstance['inject'],
    services,
    logs,
    ctx: { actor: SYSTEM_ACTOR },
    close: async () => {
      await app.close();
      await testDb.cleanup();
    },
  };
}
