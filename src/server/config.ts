import path from 'node:path';
import { z } from 'zod';

/** Configuration comes from the environment, checked once at start with a message per bad variable. */
const environment = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  HABEAS_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^(postgres(ql)?:\/\/|sqlite:)/, 'must start with postgres:// or sqlite:')
    .optional(),
  HABEAS_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  HABEAS_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(100 * 1024 * 1024),
  HABEAS_PUBLIC_MODE: z
    .enum(['on', 'off', 'true', 'false', '1', '0'])
    .default('off')
    .transform((v) => ['on', 'true', '1'].includes(v)),
  HABEAS_PUBLIC_RATE_LIMIT: z.coerce.number().int().positive().default(60),
  HABEAS_LOGIN_RATE_LIMIT: z.coerce.number().int().positive().default(10),
  HABEAS_TRUST_PROXY: z
    .enum(['on', 'off', 'true', 'false', '1', '0'])
    .default('off')
    .transform((v) => ['on', 'true', '1'].includes(v)),
  HABEAS_ADMIN_EMAIL: z.email().optional(),
  HABEAS_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  maxBodyBytes: number;
  maxUploadBytes: number;
  logLevel: string;
  /** read-only, unauthenticated access to public records under /api/v1/public */
  publicMode: boolean;
  /** requests per minute per address in public mode */
  publicRateLimit: number;
  /** sign-in attempts per minute per address */
  loginRateLimit: number;
  /** believe X-Forwarded-* (only behind a proxy you run) */
  trustProxy: boolean;
  initialAdmin: { email?: string; password?: string };
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = environment.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = result.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.HABEAS_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    maxBodyBytes: e.HABEAS_MAX_BODY_BYTES,
    maxUploadBytes: e.HABEAS_MAX_UPLOAD_BYTES,
    logLevel: e.LOG_LEVEL,
    publicMode: e.HABEAS_PUBLIC_MODE,
    publicRateLimit: e.HABEAS_PUBLIC_RATE_LIMIT,
    loginRateLimit: e.HABEAS_LOGIN_RATE_LIMIT,
    trustProxy: e.HABEAS_TRUST_PROXY,
    initialAdmin: { email: e.HABEAS_ADMIN_EMAIL, password: e.HABEAS_ADMIN_PASSWORD },
  };
}
