import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from './database.js';

const exec = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const COMPILED = path.join(ROOT, 'dist/cli/main.js');

/** The newest modification time among the files under `dir`. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) {
      latest = Math.max(latest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return latest;
}

let entry: string[] | undefined;

/**
 * How to start the CLI: the compiled one when it is newer than every source file (`npm test`
 * builds first, and a compiled start takes a fraction of tsx's), else through tsx, so a test
 * never runs stale code.
 */
function cliEntry(): string[] {
  if (!entry) {
    let compiledAt = 0;
    try {
      compiledAt = statSync(COMPILED).mtimeMs;
    } catch {
      // not built
    }
    entry =
      compiledAt > newest(path.join(ROOT, 'src'))
        ? [COMPILED]
        : ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts')];
  }
  return entry;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the `habeas` CLI as a real process. */
export async function habeas(
  args: string[],
  env: Record<string, string | undefined>,
): Promise<CliResult> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [...cliEntry(), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as CliResult;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/**
 * A fresh database for one file of CLI tests (SQLite or PostgreSQL, as the project says) and
 * the environment that points the CLI at it; dropped after the file's tests.
 */
export function useCliDatabase(): { db: TestDatabase; env: Record<string, string | undefined> } {
  const handle = {} as { db: TestDatabase; env: Record<string, string | undefined> };
  beforeAll(async () => {
    handle.db = await createTestDatabase();
    handle.env = { HABEAS_DATA_DIR: handle.db.dataDir, DATABASE_URL: handle.db.url };
  });
  afterAll(() => handle.db.cleanup());
  return handle;
}
