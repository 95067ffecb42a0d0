import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { SYSTEM_ACTOR } from '../../src/modules/auth/policy.js';
import type { ServiceContext } from '../../src/modules/records/service.js';
import { createServices, type Services } from '../../src/modules/services.js';
import { buildApp } from '../../src/server/app.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface TestApp extends TestDatabase {
  app: FastifyInstance;
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
    services,
    logs,
    ctx: { actor: SYSTEM_ACTOR },
    close: async () => {
      await app.close();
      await testDb.cleanup();
    },
  };
}
