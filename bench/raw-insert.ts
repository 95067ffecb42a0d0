import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { applySqliteStorageSettings, type Engine } from '../src/db/database.js';

/**
 * The import figure's baseline: the same rows the import wrote, table by table, written again
 * by raw prepared inserts on the driver — into a copy of each table with the same indexes —
 * with no validation, rules, matching or query builder in between. What the ratio measures is
 * then what Habeas adds to the writes themselves.
 *
 * Each table's rows are committed in as many transactions as the import committed (a batch of
 * people each): the import's 500 people write about 4,800 block members in one transaction, and
 * the baseline commits its copies of them as often, not every 500 rows (which made it commit
 * ten times as often as the import, and look slower than it is).
 */
export interface RawInsertResult {
  rows: number;
  ms: number;
  rowsPerSecond: number;
  byTable: Record<string, { rows: number; ms: number }>;
}

export async function rawInsertBaseline(
  engine: Engine,
  url: string,
  /** how many transactions the import committed the rows in */
  transactions: number,
  tables: Record<string, number>,
): Promise<RawInsertResult> {
  const byTable: RawInsertResult['byTable'] = {};
  const insert = engine === 'sqlite' ? sqliteInserts(url) : await postgresInserts(url);
  try {
    for (const [table, count] of Object.entries(tables)) {
      const perTransaction = Math.max(1, Math.ceil(count / Math.max(1, transactions)));
      byTable[table] = await insert.copyRows(table, count, perTransaction);
    }
  } finally {
    await insert.close();
  }
  const rows = Object.values(byTable).reduce((sum, t) => sum + t.rows, 0);
  const ms = Object.values(byTable).reduce((sum, t) => sum + t.ms, 0);
  return { rows, ms, rowsPerSecond: ms > 0 ? (rows / ms) * 1000 : 0, byTable };
}

interface Inserts {
  /**
   * Writes `count` of the table's rows into a copy of it, committing every `perTransaction`;
   * the time of the inserts and commits alone.
   */
  copyRows(
    table: string,
    count: number,
    perTransaction: number,
  ): Promise<{ rows: number; ms: number }>;
  close(): Promise<void>;
}

const quoted = (name: string) => `"${name}"`;
const copyOf = (table: string) => `bench_raw_${table}`;

/**
 * Rows are read a chunk at a time (a million people wrote 25 million rows, which held whole
 * took 4.5 GB), and only the inserts are timed.
 */
const READ_CHUNK = 5_000;

/** Rows a PostgreSQL insert statement carries, at most (as the import's multi-row inserts). */
const STATEMENT_ROWS = 500;

function sqliteInserts(file: string): Inserts {
  const db = new SqliteDatabase(file);
  applySqliteStorageSettings(db);
  return {
    async copyRows(table, count, perTransaction) {
      const ddl = db
        .prepare(
          "select sql from sqlite_master where tbl_name = ? and type in ('table', 'index') and sql is not null",
        )
        .all(table) as { sql: string }[];
      const name = new RegExp(`(create\\s+table\\s+|\\son\\s+)"?${table}"?`, 'i');
      for (const { sql } of ddl) {
        db.exec(
          sql
            .replace(
              /(create\s+(unique\s+)?index\s+(if\s+not\s+exists\s+)?)"?(\w+)"?/i,
              '$1"bench_raw_$4"',
            )
            .replace(name, `$1${quoted(copyOf(table))}`),
        );
      }
      let statement: SqliteDatabase.Statement | undefined;
      let columns: string[] = [];
      let rows = 0;
      let ms = 0;
      // A transaction may span read chunks: it is committed every `perTransaction` rows.
      let uncommitted = 0;
      const flush = (chunk: Record<string, unknown>[]) => {
        if (!statement) {
          columns = Object.keys(chunk[0] ?? {}).filter((c) => !c.startsWith('__'));
          statement = db.prepare(
            `insert into ${quoted(copyOf(table))} (${columns.map(quoted).join(',')}) values (${columns.map(() => '?').join(',')})`,
          );
        }
        const started = performance.now();
        for (const row of chunk) {
          if (uncommitted === 0) db.exec('begin');
          statement.run(columns.map((c) => row[c]));
          if (++uncommitted === perTransaction) {
            db.exec('commit');
            uncommitted = 0;
          }
        }
        ms += performance.now() - started;
        rows += chunk.length;
      };
      const chunks = sqliteChunks(db, table, count);
      while (rows < count) {
        const chunk = chunks.read(Math.min(READ_CHUNK, count - rows));
        if (chunk.length === 0) break;
        flush(chunk);
      }
      chunks.close();
      if (uncommitted > 0) {
        const started = performance.now();
        db.exec('commit');
        ms += performance.now() - started;
      }
      db.exec(`drop table ${quoted(copyOf(table))}`);
      return { rows, ms };
    },
    async close() {
      db.close();
    },
  };
}

/**
 * The order rows were added in, for the tables that keep none (SQLite tables without rowid): a
 * write files each person under all their keys at once, and numbers people as it files them.
 * Read in key order instead, the block members went into the copy as one sorted run, three
 * times as fast as any import can write them (30,000 people: 0.43 s against 1.46 s), and as
 * PostgreSQL's baseline, which copies a table in the order it was written, never did.
 */
const ADDED_IN_ORDER_OF: Record<string, string[]> = {
  match_block_members: ['person_number', 'match_key'],
};

/**
 * A reader of the table's last `count` rows, `limit` at a time, in the order they were added:
 * by rowid, or for a table without one by the columns that follow it (ADDED_IN_ORDER_OF,
 * through an index made for the read and dropped by `close`), else by its key. Each chunk is a
 * statement of its own, so no read stays open while the copy is written (it would hold the WAL
 * from checkpointing). Exported for its test.
 */
export function sqliteChunks(db: SqliteDatabase.Database, table: string, count: number) {
  const { wr } = db.prepare('select wr from pragma_table_list where name = ?').get(table) as {
    wr: number;
  };
  const added = wr ? ADDED_IN_ORDER_OF[table] : undefined;
  const orderIndex = quoted(`bench_read_order_${table}`);
  if (added) {
    db.exec(`create index ${orderIndex} on ${quoted(table)} (${added.map(quoted).join(', ')})`);
  }
  const key = added
    ? added.map(quoted)
    : wr
      ? (
          db
            .prepare('select name from pragma_table_info(?) where pk > 0 order by pk')
            .all(table) as { name: string }[]
        ).map(({ name }) => quoted(name))
      : ['rowid'];
  const selected = key.map((column, i) => `${column} as "__key${i}"`).join(', ');
  const tuple = `(${key.join(', ')})`;
  const { total } = db.prepare(`select count(*) as total from ${quoted(table)}`).get() as {
    total: number;
  };
  // The last `count` rows: those the import added after what the table held before it.
  const first = db.prepare(
    `select ${selected}, * from ${quoted(table)} order by ${key.join(', ')} limit ? offset ${Math.max(0, total - count)}`,
  );
  const next = db.prepare(
    `select ${selected}, * from ${quoted(table)} where ${tuple} > (${key.map(() => '?').join(', ')})
     order by ${key.join(', ')} limit ?`,
  );
  let after: unknown[] | undefined;
  return {
    read(limit: number): Record<string, unknown>[] {
      const chunk = (after ? next.all(...after, limit) : first.all(limit)) as Record<
        string,
        unknown
      >[];
      const last = chunk.at(-1);
      if (last) after = key.map((_, i) => last[`__key${i}`]);
      return chunk;
    },
    close() {
      if (added) db.exec(`drop index ${orderIndex}`);
    },
  };
}

async function postgresInserts(url: string): Promise<Inserts> {
  const client = new pg.Client({ connectionString: url });
  // Rows are read through a cursor on a connection of their own, a chunk at a time.
  const reader = new pg.Client({ connectionString: url });
  await client.connect();
  await reader.connect();
  return {
    async copyRows(table, count, perTransaction) {
      // Generated columns (the search index's tsvector) are computed by the insert, not sent.
      const generated = await client.query<{ column_name: string }>(
        "select column_name from information_schema.columns where table_name = $1 and is_generated = 'ALWAYS'",
        [table],
      );
      const skip = new Set(generated.rows.map((r) => r.column_name));
      await client.query(
        `create table ${quoted(copyOf(table))} (like ${quoted(table)} including all)`,
      );
      await reader.query('begin');
      await reader.query(
        // The last `count` rows in the table's order, the import's: those it added.
        `declare raw_rows no scroll cursor for select * from ${quoted(table)}
         offset greatest(0, (select count(*) from ${quoted(table)}) - ${Math.floor(count)})`,
      );
      let rows = 0;
      let ms = 0;
      // A transaction may span read chunks: it is committed every `perTransaction` rows.
      let uncommitted = 0;
      for (;;) {
        const chunk = await reader.query(`fetch forward ${READ_CHUNK} from raw_rows`);
        if (chunk.rows.length === 0) break;
        const columns = chunk.fields.map((f) => f.name).filter((c) => !skip.has(c));
        const perStatement = Math.max(
          1,
          Math.min(STATEMENT_ROWS, Math.floor(60_000 / columns.length)),
        );
        const started = performance.now();
        for (let i = 0; i < chunk.rows.length; ) {
          if (uncommitted === 0) await client.query('begin');
          const n = Math.min(perStatement, perTransaction - uncommitted, chunk.rows.length - i);
          const slice = chunk.rows.slice(i, i + n);
          i += n;
          uncommitted += n;
          const values: unknown[] = [];
          const tuples = slice.map((row) => {
            const start = values.length;
            for (const c of columns) values.push(row[c]);
            return `(${columns.map((_, j) => `$${start + j + 1}`).join(',')})`;
          });
          await client.query(
            `insert into ${quoted(copyOf(table))} (${columns.map(quoted).join(',')}) overriding system value values ${tuples.join(',')}`,
            values,
          );
          if (uncommitted === perTransaction) {
            await client.query('commit');
            uncommitted = 0;
          }
        }
        ms += performance.now() - started;
        rows += chunk.rows.length;
      }
      if (uncommitted > 0) {
        const started = performance.now();
        await client.query('commit');
        ms += performance.now() - started;
      }
      await reader.query('commit');
      await client.query(`drop table ${quoted(copyOf(table))}`);
      return { rows, ms };
    },
    async close() {
      await reader.end();
      await client.end();
    },
  };
}
