import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { applySqliteStorageSettings, type Engine } from '../src/db/database.js';

/**
 * The import figure's baseline: the same rows the import wrote, table by table, written again
 * by raw prepared inserts on the driver — into a copy of each table with the same indexes, in
 * transactions of `batch` rows as the import commits them — with no validation, rules, matching
 * or query builder in between. What the ratio measures is then what Habeas adds to the writes
 * themselves.
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
  batch: number,
  tables: Record<string, number>,
): Promise<RawInsertResult> {
  const byTable: RawInsertResult['byTable'] = {};
  const insert = engine === 'sqlite' ? sqliteInserts(url) : await postgresInserts(url);
  try {
    for (const [table, count] of Object.entries(tables)) {
      byTable[table] = await insert.copyRows(table, count, batch);
    }
  } finally {
    await insert.close();
  }
  const rows = Object.values(byTable).reduce((sum, t) => sum + t.rows, 0);
  const ms = Object.values(byTable).reduce((sum, t) => sum + t.ms, 0);
  return { rows, ms, rowsPerSecond: ms > 0 ? (rows / ms) * 1000 : 0, byTable };
}

interface Inserts {
  /** writes `count` of the table's rows into a copy of it; the time of the inserts alone */
  copyRows(table: string, count: number, batch: number): Promise<{ rows: number; ms: number }>;
  close(): Promise<void>;
}

const quoted = (name: string) => `"${name}"`;
const copyOf = (table: string) => `bench_raw_${table}`;

function sqliteInserts(file: string): Inserts {
  const db = new SqliteDatabase(file);
  applySqliteStorageSettings(db);
  return {
    async copyRows(table, count, batch) {
      const rows = db.prepare(`select * from ${quoted(table)} limit ?`).all(count) as Record<
        string,
        unknown
      >[];
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
      const columns = Object.keys(rows[0] ?? {});
      const statement = db.prepare(
        `insert into ${quoted(copyOf(table))} (${columns.map(quoted).join(',')}) values (${columns.map(() => '?').join(',')})`,
      );
      const write = db.transaction((slice: Record<string, unknown>[]) => {
        for (const row of slice) statement.run(columns.map((c) => row[c]));
      });
      const started = performance.now();
      for (let i = 0; i < rows.length; i += batch) write(rows.slice(i, i + batch));
      const ms = performance.now() - started;
      db.exec(`drop table ${quoted(copyOf(table))}`);
      return { rows: rows.length, ms };
    },
    async close() {
      db.close();
    },
  };
}

async function postgresInserts(url: string): Promise<Inserts> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    async copyRows(table, count, batch) {
      // Generated columns (the search index's tsvector) are computed by the insert, not sent.
      const generated = await client.query<{ column_name: string }>(
        "select column_name from information_schema.columns where table_name = $1 and is_generated = 'ALWAYS'",
        [table],
      );
      const skip = new Set(generated.rows.map((r) => r.column_name));
      const { rows, fields } = await client.query(`select * from ${quoted(table)} limit $1`, [
        count,
      ]);
      await client.query(
        `create table ${quoted(copyOf(table))} (like ${quoted(table)} including all)`,
      );
      const columns = fields.map((f) => f.name).filter((c) => !skip.has(c));
      const perStatement = Math.max(1, Math.min(batch, Math.floor(60_000 / columns.length)));
      const started = performance.now();
      for (let i = 0; i < rows.length; i += perStatement) {
        const slice = rows.slice(i, i + perStatement);
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
      }
      const ms = performance.now() - started;
      await client.query(`drop table ${quoted(copyOf(table))}`);
      return { rows: rows.length, ms };
    },
    async close() {
      await client.end();
    },
  };
}
