import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import type { Database, Db } from '../../db/database.js';
import { IntegrityError } from '../../lib/errors.js';
import type { BlobStore } from '../attachments/store.js';
import type { AuditHead } from '../audit/chain.js';
import { readHead } from '../audit/repo.js';
import { appliedMigrations, listTables } from './catalog.js';
import { attachmentPath } from './manifest.js';
import { openSqliteSnapshot } from './sqlite-file.js';
import { countRows, readRows } from './table-rows.js';

export const SQLITE_SNAPSHOT = 'database/habeas.sqlite';
export const ndjsonPath = (table: string) => `database/${table}.ndjson`;

export interface DatabaseSnapshot {
  database: { form: 'sqlite-file'; file: string } | { form: 'ndjson'; tables: string[] };
  migrations: string[];
  auditHead: AuditHead;
  counts: Record<string, number>;
  attachments: string[];
}

/**
 * Writes the database, as of one instant, into `dir` while writers carry on.
 *
 * SQLite: `VACUUM INTO` copies the live file inside a single read transaction; in WAL mode
 * writers are not blocked and the copy is the database as of that transaction's start.
 * PostgreSQL: every table is read inside one REPEATABLE READ, READ ONLY transaction, so all the
 * pages of all the tables see the same snapshot however many commits land meanwhile. No
 * `pg_dump` is needed, and rows are written as NDJSON that either engine can load.
 */
export async function snapshotDatabase(database: Database, dir: string): Promise<DatabaseSnapshot> {
  await mkdir(path.join(dir, 'database'), { recursive: true });
  if (database.engine === 'sqlite') {
    const file = path.join(dir, SQLITE_SNAPSHOT);
    await sql`vacuum into ${file}`.execute(database.db);
    const snapshot = openSqliteSnapshot(file);
    try {
      const described = await describe(snapshot.db, 'sqlite');
      return { database: { form: 'sqlite-file', file: SQLITE_SNAPSHOT }, ...described };
    } finally {
      await snapshot.close();
    }
  }
  return database.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      const tables = await listTables(trx, 'postgres');
      for (const table of tables) {
        const out = createWriteStream(path.join(dir, ndjsonPath(table.name)));
        await pipeline(ndjsonLines(readRows(trx, table)), out);
      }
      const described = await describe(trx, 'postgres');
      return { database: { form: 'ndjson', tables: tables.map((t) => t.name) }, ...described };
    });
}

async function* ndjsonLines(rows: AsyncIterable<Record<string, unknown>>) {
  for await (const row of rows) yield `${JSON.stringify(row)}\n`;
}

/** Counts, schema level, audit head and attachment list, all read from the same snapshot. */
async function describe(db: Db, engine: 'sqlite' | 'postgres') {
  const tables = await listTables(db, engine);
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table.name] = await countRows(db, table.name);
  const attachments = await db
    .selectFrom('attachments')
    .select('sha256')
    .orderBy('sha256')
    .execute();
  return {
    migrations: await appliedMigrations(db, engine),
    auditHead: await readHead(db),
    counts,
    attachments: attachments.map((a) => String(a.sha256)),
  };
}

/**
 * Copies every attachment the snapshot refers to, hashing each on the way: a file whose bytes no
 * longer match its name is not silently carried into the backup as if it were evidence.
 */
export async function copyAttachments(
  store: BlobStore,
  attachments: string[],
  dir: string,
): Promise<void> {
  const damaged: string[] = [];
  for (const sha256 of attachments) {
    const target = path.join(dir, attachmentPath(sha256));
    await mkdir(path.dirname(target), { recursive: true });
    const hash = createHash('sha256');
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(createReadStream(store.pathOf(sha256)), meter, createWriteStream(target));
      if (hash.digest('hex') !== sha256) damaged.push(`${sha256} (its bytes changed)`);
    } catch {
      damaged.push(`${sha256} (the file is missing)`);
      await rm(target, { force: true });
    }
  }
  if (damaged.length > 0) {
    throw new IntegrityError(
      `cannot back up ${damaged.length} attachment(s) that fail their hash check: ${damaged.join(', ')}; ` +
        'upload the original files again to repair them, then retry',
    );
  }
}
