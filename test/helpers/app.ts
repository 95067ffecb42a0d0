import { Writable } from 'node:stream';
import type { FastifyInstance, InjectOptions } from 'fastify';
import {
  type Actor,
  type Role,
  type Sensitivity,
  SYSTEM_ACTOR,
} from '../../src/modules/auth/policy.js';
import type { ServiceContext } from '../../src/modules/records/service.js';
import { createServices, type Services } from '../../src/modules/services.js';
import { buildApp } from '../../src/server/app.js';
import type { Config } from '../../src/server/config.js';
import { createTestDatabase, type TestDatabase } from './database.js';

type Inject = FastifyInstance['inject'];

export interface TestApp extends TestDatabase {
  /** the raw server: requests through it carry no credentials */
  app: FastifyInstance;
  /** a request as the test's administrator (use this unless testing who may do what) */
  inject: Inject;
  /** a request as a new account with this role and clearance, signed in by API token */
  as(role: Role, clearance: Sensitivity, scope?: 'read' | 'write'): Promise<Inject>;
  services: Services;
  /** every log line the server wrote, parsed */
  logs: Record<string, unknown>[];
  /** the administrator, for calling services directly */
  ctx: ServiceContext;
  admin: { email: string; password: string; actor: Actor };
  close(): Promise<void>;
}

export const TEST_ADMIN_PASSWORD = 'correct horse battery staple';

export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
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
      maxBodyBytes: 1024 * 1024,
      maxUploadBytes: 10 * 1024 * 1024,
      logLevel: 'info',
      publicMode: true,
      publicRateLimit: 1000,
      loginRateLimit: 1000,
      trustProxy: false,
      ...overrides,
    },
  });
  await app.ready();

  const created = await services.auth.createUser(SYSTEM_ACTOR, {
    email: 'admin@example.org',
    displayName: 'Test Admin',
    role: 'admin',
    clearance: 'secret',
    password: TEST_ADMIN_PASSWORD,
  });
  const adminActor: Actor = { id: created.user.id, role: 'admin', clearance: 'secret' };

  const injectWithToken = (secret: string): Inject =>
    ((options: InjectOptions | string) => {
      const request: InjectOptions = typeof options === 'string' ? { url: options } : options;
      return app.inject({
        ...request,
        headers: { authorization: `Bearer ${secret}`, ...request.headers },
      });
    }) as Inject;

  const adminToken = await services.auth.createToken(adminActor, { name: 'tests', scope: 'write' });
  let accounts = 0;

  return {
    ...testDb,
    app,
    inject: injectWithToken(adminToken.secret),
    async as(role, clearance, scope = 'write') {
      accounts++;
      const { user } = await services.auth.createUser(adminActor, {
        email: `${role}-${clearance}-${accounts}@example.org`,
        displayName: `${role} ${clearance}`,
        role,
        clearance,
        password: TEST_ADMIN_PASSWORD,
      });
      const token = await services.auth.createToken(
        { id: user.id, role, clearance },
        { name: 'tests', scope },
      );
      return injectWithToken(token.secret);
    },
    services,
    logs,
    ctx: { actor: adminActor },
    admin: { email: 'admin@example.org', password: TEST_ADMIN_PASSWORD, actor: adminActor },
    close: async () => {
      await app.close();
      await testDb.cleanup();
    },
  };
}
