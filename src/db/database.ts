import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  SqliteDialect,
  type SqliteDatabase as SqliteDialectDatabase,
} from 'kysely';
import { listenForNotices, type NoticeHandlers } from './notices.js';
import { withPreparedStatements } from './postgres-statements.js';

export type Engine = 'sqlite' | 'postgres';

/**
 * Record tables are generic (one engine serves every record type), so the query builder is
 * typed loosely here and each repository types its own boundary.
 */
// biome-ignore lint/suspicious/noExplicitAny: see above
export type Db = Kysely<any>;

interface Connected {
  db: Db;
  close(): Promise<void>;
}

export interface SqliteStore extends Connected {
  engine: 'sqlite';
  /**
   * `PRAGMA data_version`, read straight off the connection (a query through Kysely costs several
   * times more, and a cached read runs it on every request); undefined while the connection is
   * busy streaming rows, when only a query queued behind the stream can read it.
   */
  dataVersion(): number | undefined;
}

export interface PostgresStore extends Connected {
  engine: 'postgres';
  /** Tells `handlers` of every notice on `channel`, from any process, until `close`. */
  listen(channel: string, handlers: NoticeHandlers): void;
}

export type Database = SqliteStore | PostgresStore;

export interface ConnectOptions {
  /** `postgres://…` for PostgreSQL; unset means SQLite inside `dataDir` */
  url?: string;
  dataDir: string;
}

export function engineOf(url: string | undefined): Engine {
  return url && /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite';
}

/** The engine behind a connection or transaction, for code handed only that. */
export function engineBehind(db: Db): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
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

/**
 * How the application's SQLite connection journals, syncs and caches: also what the bench's raw
 * insert baseline writes with, so neither side of that ratio has the larger page cache.
 */
export function applySqliteStorageSettings(sqlite: SqliteDatabase.Database): void {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  // SQLite's default page cache is 2 MB; a million people's indexes are gigabytes, and every
  // write touches a dozen of them. 64 MB keeps their upper levels in memory.
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('temp_store = MEMORY');
}

function connectSqlite(file: string): SqliteStore {
  const sqlite = new SqliteDatabase(file);
  applySqliteStorageSettings(sqlite);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // ANALYZE (after a bulk import) samples this many rows an index instead of reading it whole.
  sqlite.pragma('analysis_limit = 1000');
  const db: Db = new Kysely({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
  });
  const dataVersion = sqlite.prepare('pragma data_version').pluck();
  return {
    db,
    engine: 'sqlite',
    dataVersion() {
      try {
        return dataVersion.get() as number;
      } catch (error) {
        if (error instanceof TypeError && /busy/.test(error.message)) return undefined;
        throw error;
      }
    },
    close: () => db.destroy(),
  };
}

/** Statements kept prepared, least recently used dropped first. */
const STATEMENT_CACHE_SIZE = 1000;

/**
 * Kysely prepares every query afresh, and on SQLite preparing costs about as much as running a
 * short indexed query (a tenth of a dossier request's time, profiled). The application's SQL is
 * built from a small set of shapes, so keeping statements by text reuses nearly all of them.
 * Safe because Kysely runs one query at a time on the single SQLite connection (a stream holds
 * the connection until it ends), so no cached statement is ever busy when handed out again.
 */
function withStatementCache(sqlite: SqliteDatabase.Database): SqliteDialectDatabase {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let statement = statements.get(text);
      if (statement) {
        statements.delete(text);
      } else {
        statement = sqlite.prepare(text);
        if (statements.size >= STATEMENT_CACHE_SIZE) {
          statements.delete(statements.keys().next().value as string);
        }
      }
      statements.set(text, statement);
      return statement;
    },
  };
}

/**
 * The PostgreSQL driver, loaded on first use: the embedded default never needs it, and loading
 * it costs a noticeable part of a cold start.
 */
function loadPg(): typeof import('pg') {
  const pg = createRequire(import.meta.url)('pg') as typeof import('pg');
  // int8 (counts, sums) arrives as a string by default; our counts fit comfortably in a double.
  pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));
  return pg;
}

function connectPostgres(url: string): PostgresStore {
  const pg = loadPg();
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // Statements in steady use are prepared (see withPreparedStatements), and PostgreSQL would
    // after five runs plan one for any parameters: a plan made while a table was small (a
    // sequential scan of the people an import is filling) then stays, and a look-up of 500 ids
    // took a second. Each run is planned for its own parameters; only parsing is saved.
    options: '-c plan_cache_mode=force_custom_plan',
  });
  // An idle connection the server drops (a restart, a failover, an administrator) is replaced on
  // next use; without a listener its error would crash the process.
  pool.on('error', (error) => {
    process.emitWarning(`PostgreSQL dropped an idle connection: ${error.message}`);
  });
  const db: Db = new Kysely({
    dialect: new PostgresDialect({ pool: withPreparedStatements(pool) }),
  });
  const listeners: { close(): Promise<void> }[] = [];
  return {
    db,
    engine: 'postgres',
    listen: (channel, handlers) => listeners.push(listenForNotices(pg, url, channel, handlers)),
    close: async () => {
      await Promise.all(listeners.map((listener) => listener.close()));
      await db.destroy();
    },
  };
}
