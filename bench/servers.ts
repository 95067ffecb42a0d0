import { type ChildProcess, spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { SYSTEM_ACTOR } from '../src/modules/auth/policy.js';
import type { Services } from '../src/modules/services.js';
import { freePort, stopProcess, waitUntilAnswering } from '../test/helpers/server-process.js';

/** Servers the benchmarks start as children (so each one's memory is its own), and their client. */

export const ROOT = path.resolve(import.meta.dirname, '..');
const ADMIN_PASSWORD = 'bench password, long enough';

export interface Server {
  child: ChildProcess;
  base: string;
  startMs: number;
  stop(): Promise<void>;
}

export async function startChild(command: string[], env: NodeJS.ProcessEnv, health: string) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [...command, ...(health ? [] : [String(port)])], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    const startMs = await waitUntilAnswering(`${base}${health || '/bare'}`, child, {
      since: started,
      pollMs: 5,
    });
    const stop = () => stopProcess(child);
    return { child, base, startMs, stop } satisfies Server;
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

export const startHabeas = (env: NodeJS.ProcessEnv) =>
  startChild(['bin/habeas.js', 'serve'], { LOG_LEVEL: 'warn', ...env }, '/healthz');

/** `n` sequential GETs, fewer (at least three) if they outlast `budgetMs`. */
export async function timedGets(
  url: string,
  headers: Record<string, string>,
  n: number,
  budgetMs = Number.POSITIVE_INFINITY,
) {
  const times: number[] = [];
  let status = 0;
  const begun = performance.now();
  for (let i = 0; i < n; i++) {
    if (i >= 3 && performance.now() - begun > budgetMs) break;
    const started = performance.now();
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    times.push(performance.now() - started);
    status = response.status;
  }
  return { times, status };
}

/** A read token of an administrator with every clearance, as the benchmarks' client. */
export async function benchToken(services: Services): Promise<string> {
  const { user } = await services.auth.createUser(SYSTEM_ACTOR, {
    email: `bench-${Date.now()}@example.org`,
    displayName: 'Bench',
    role: 'admin',
    clearance: 'secret',
    password: ADMIN_PASSWORD,
  });
  const { secret } = await services.auth.createToken(
    { id: user.id, role: 'admin', clearance: 'secret' },
    { name: 'bench', scope: 'read' },
  );
  return secret;
}

const round = (n: number) => Math.round(n * 10) / 10;

export function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGb: round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
}
