import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../db/database.js';
import type { ImportFile } from './service.js';

/** Helpers for the import tests: files written to the test's data directory, table counts. */
export async function fileIn(
  dir: string,
  name: string,
  content: string | Buffer,
): Promise<ImportFile> {
  const file = path.join(dir, name);
  await writeFile(file, content);
  return { path: file, name };
}

export async function countRows(db: Db, table: string): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Rows and revisions of the tables an import touches: equal before and after means nothing written. */
export async function snapshotCounts(db: Db) {
  const tables = ['people', 'custody_events', 'proceedings', 'revisions'];
  return Object.fromEntries(
    await Promise.all(tables.map(async (table) => [table, await countRows(db, table)])),
  );
}
