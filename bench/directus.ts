import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { stopProcess, waitUntilAnswering } from '../test/helpers/server-process.js';

/**
 * The peer baseline of issue 8: Directus 11, from npm, on SQLite, serving the same people rows,
 * listed 25 at a time under the same load as Habeas. Directus is large (≈700 packages), so it is
 * installed once into `bench/.directus` (ignored by git) and only when the bench is asked to
 * (`--directus`), never by `npm ci`.
 */

const ROOT = path.resolve(import.meta.dirname, '..');
export const DIRECTUS_DIR =
  process.env.HABEAS_BENCH_DIRECTUS_DIR ?? path.join(ROOT, 'bench/.directus');
const CLI = () => path.join(DIRECTUS_DIR, 'node_modules/directus/cli.js');
const ADMIN = { email: 'bench@example.org', password: 'bench password, long enough' };

export interface PersonRow {
  id: string;
  givenNames: string;
  familyNames: string;
  sortName: string;
  birthDate: string | null;
  nationalities: string[];
}

export interface DirectusServer {
  base: string;
  token: string;
  version: string;
  stop(): Promise<void>;
}

/** Installs Directus 11 into the bench's own folder unless it is there already. */
export function ensureDirectus(log: (line: string) => void): void {
  if (existsSync(CLI())) return;
  mkdirSync(DIRECTUS_DIR, { recursive: true });
  writeFileSync(
    path.join(DIRECTUS_DIR, 'package.json'),
    // npm 11 runs no install scripts unless allowed: Directus needs its SQLite driver built.
    JSON.stringify({
      name: 'habeas-bench-directus',
      private: true,
      allowScripts: { sqlite3: true, argon2: true, sharp: true },
    }),
  );
  log('installing Directus 11 from npm into bench/.directus (once; several minutes) …');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', 'directus@11'], {
    cwd: DIRECTUS_DIR,
    stdio: 'inherit',
  });
}

function directusVersion(): string {
  return JSON.parse(
    execFileSync(process.execPath, [
      '-e',
      `process.stdout.write(JSON.stringify(require(${JSON.stringify(path.join(DIRECTUS_DIR, 'node_modules/directus/package.json'))}).version))`,
    ]).toString(),
  ) as string;
}

async function api(
  base: string,
  token: string | null,
  method: string,
  url: string,
  body?: unknown,
) {
  const response = await fetch(`${base}${url}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`Directus ${method} ${url} answered ${response.status}: ${text}`);
  return text ? (JSON.parse(text) as { data: unknown }) : { data: null };
}

/**
 * Bootstraps a fresh Directus on SQLite in `workDir`, starts it on `port`, creates a `people`
 * collection shaped like Habeas's people list and loads `people` into it.
 */
export async function startDirectus(options: {
  workDir: string;
  port: number;
  people: AsyncIterable<PersonRow[]>;
  log: (line: string) => void;
}): Promise<DirectusServer> {
  rmSync(options.workDir, { recursive: true, force: true });
  mkdirSync(options.workDir, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(options.port),
    PUBLIC_URL: `http://127.0.0.1:${options.port}`,
    DB_CLIENT: 'sqlite3',
    DB_FILENAME: path.join(options.workDir, 'directus.db'),
    KEY: randomBytes(16).toString('hex'),
    SECRET: randomBytes(32).toString('hex'),
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    STORAGE_LOCATIONS: 'local',
    STORAGE_LOCAL_ROOT: path.join(options.workDir, 'uploads'),
    TELEMETRY: 'false',
    RATE_LIMITER_ENABLED: 'false',
    CACHE_ENABLED: 'false',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
  };
  execFileSync(process.execPath, [CLI(), 'bootstrap'], {
    cwd: options.workDir,
    env,
    stdio: 'ignore',
  });
  const child: ChildProcess = spawn(process.execPath, [CLI(), 'start'], {
    cwd: options.workDir,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${options.port}`;
  const stop = () => stopProcess(child);
  try {
    await waitUntilAnswering(`${base}/server/health`, child, { timeoutMs: 120_000, pollMs: 100 });
    const login = (await api(base, null, 'POST', '/auth/login', ADMIN)).data as {
      access_token: string;
    };
    // A static token, as an integration would use, so the load never needs a refresh.
    const token = randomBytes(24).toString('hex');
    await api(base, login.access_token, 'PATCH', '/users/me', { token });
    await api(base, token, 'POST', '/collections', {
      collection: 'people',
      schema: {},
      meta: { icon: 'person' },
      fields: [
        { field: 'id', type: 'uuid', schema: { is_primary_key: true }, meta: { hidden: true } },
        { field: 'given_names', type: 'string', schema: {} },
        { field: 'family_names', type: 'string', schema: {} },
        { field: 'sort_name', type: 'string', schema: { is_indexed: true } },
        { field: 'birth_date', type: 'string', schema: {} },
        { field: 'nationalities', type: 'json', schema: {} },
      ],
    });
    const loaded = await insertPeople(env.DB_FILENAME as string, options.people);
    options.log(`Directus ${directusVersion()}: ${loaded} people loaded`);
    return { base, token, version: directusVersion(), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Writes the people straight into the collection's table, which Directus made and reads on
 * every request (its cache is off): through its REST API a million took most of an hour (245,500
 * in 12 minutes), and only the reads are measured.
 */
async function insertPeople(file: string, people: AsyncIterable<PersonRow[]>): Promise<number> {
  const db = new SqliteDatabase(file);
  db.pragma('busy_timeout = 10000');
  try {
    const insert = db.prepare(
      `insert into people (id, given_names, family_names, sort_name, birth_date, nationalities)
       values (?, ?, ?, ?, ?, ?)`,
    );
    const write = db.transaction((batch: PersonRow[]) => {
      for (const p of batch) {
        insert.run(
          p.id,
          p.givenNames,
          p.familyNames,
          p.sortName,
          p.birthDate,
          JSON.stringify(p.nationalities),
        );
      }
    });
    let loaded = 0;
    for await (const batch of people) {
      write(batch);
      loaded += batch.length;
    }
    return loaded;
  } finally {
    db.close();
  }
}
