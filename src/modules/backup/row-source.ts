import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import SqliteDatabase from 'better-sqlite3';
import type { Manifest } from './manifest.js';
import { ndjsonPath } from './snapshot.js';
import type { Row } from './table-rows.js';

export interface RowSource {
  has(table: string): boolean;
  rows(table: string): AsyncIterable<Row>;
  close(): Promise<void>;
}

/**
 * The rows of a verified backup, table by table, streamed from whichever form it holds: the
 * NDJSON files of a PostgreSQL backup line by line, or the SQLite snapshot through a read-only
 * cursor. Either loads into either engine.
 */
export function openRowSource(dir: string, manifest: Manifest): RowSource {
  const spec = manifest.database;
  if (spec.form === 'ndjson') {
    const tables = new Set(spec.tables);
    return {
      has: (table) => tables.has(table),
      rows: (table) => ndjsonRows(path.join(dir, ndjsonPath(table))),
      close: async () => {},
    };
  }
  const sqlite = new SqliteDatabase(path.join(dir, spec.file), {
    readonly: true,
    fileMustExist: true,
  });
  const tables = new Set(Object.keys(manifest.counts));
  return {
    has: (table) => tables.has(table),
    rows: (table) => sqliteRows(sqlite, table),
    close: async () => {
      sqlite.close();
    },
  };
}

async function* ndjsonRows(file: string): AsyncGenerator<Row> {
  const lines = createInterface({
    input: createReadStream(file),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) if (line) yield JSON.parse(line) as Row;
}

async function* sqliteRows(sqlite: SqliteDatabase.Database, table: string): AsyncGenerator<Row> {
  const quoted = `"${table.replaceAll('"', '""')}"`;
  // Rows are copied out of the cursor one by one: the statement stays open between yields.
  for (const row of sqlite.prepare(`select * from ${quoted}`).iterate()) yield row as Row;
}
