import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { expect } from 'vitest';
import { connect, type Database } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';

export const TEST_ENGINE = process.env.HABEAS_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';
const PG_ADMIN_URL = process.env.HABEAS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  database: Database;
  dataDir: string;
  /** the DATABASE_URL a child process would use to reach the same database */
  url?: string;
  cleanup(): Promise<void>;
}

/** A fresh, migrated database of the engine under test, and a data directory; both removed after. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'habeas-test-'));
  if (TEST_ENGINE === 'sqlite') {
    const database = connect({ dataDir });
    await migrateToLatest(database);
    return {
      database,
      dataDir,
      cleanup: async () => {
        await database.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  }
  const name = `habeas_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const database = connect({ url: url.toString(), dataDir });
  await migrateToLatest(database);
  return {
    database,
    dataDir,
    url: url.toString(),
    cleanup: async () => {
      await database.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * What a request shows after another process committed: on SQLite, any request read off a socket
 * in a later turn of the event loop (requests of one turn share one read of data_version); on
 * PostgreSQL, once that process's notice has arrived (see write-generation.ts).
 */
export async function expectShownAfterOtherCommit<T>(
  read: () => Promise<T>,
  expected: T,
  /** `different`: what is shown must no longer equal `expected` (what was shown before) */
  { different = false } = {},
) {
  if (TEST_ENGINE === 'sqlite') {
    await new Promise((resolve) => setImmediate(resolve));
    const shown = expect(await read());
    (different ? shown.not : shown).toEqual(expected);
  } else {
    const shown = expect.poll(read, { timeout: 5000, interval: 5 });
    await (different ? shown.not : shown).toEqual(expected);
  }
}
