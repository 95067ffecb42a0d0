import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';

export type Engine = 'sqlite' | 'postgres';

/**
 * Record tables are generic (one engine serves every record type), so the query builder is
 * typed loosely here and each repository types its own boundary.
 */
// biome-ignore lint/suspicious/noExplicitAny: see above
export type Db = Kysely<any>;

export interface Database {
  db: Db;
  engine: Engine;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** `postgres://…` for PostgreSQL; unset means SQLite inside `dataDir` */
  url?: string;
  dataDir: string;
}

export function engineOf(url: string | undefined): Engine {
  return url && /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite';
}

export function connect(options: ConnectOptions): Database {
  return engineOf(options.url) === 'postgres'
    ? connectPostgres(options.url as string)
    : connectSqlite(
        options.url ? options.url.replace(/^sqlite:/, '') : sqlitePath(options.dataDir),
      );
}

function sqlitePath(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  return path.join(dataDir, 'habeas.sqlite');
}

function connectSqlite(file: string): Database {
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db: Db = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, engine: 'sqlite', close: () => db.destroy() };
}

// int8 (counts, sums) arrives as a string by default; our counts fit comfortably in a double.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

function connectPostgres(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server drops (a restart, a failover, an administrator) is replaced on
  // next use; without a listener its error would crash the process.
  pool.on('error', (error) => {
    process.emitWarning(`PostgreSQL dropped an idle connection: ${error.message}`);
  });
  const db: Db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  return { db, engine: 'postgres', close: () => db.destroy() };
}
