import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { TableInfo } from './catalog.js';

export type Row = Record<string, unknown>;

const PAGE = 500;
/** Rows per INSERT: well under both engines' limits on bound parameters for any of our tables. */
const BATCH = 100;

/**
 * Every row of a table, a page at a time in primary-key order (keyset paging: each page starts
 * after the last key seen, so a large table costs the same per page from first to last). Run
 * inside one snapshot transaction, the pages together are the table at one point in time.
 */
export async function* readRows(db: Db, table: TableInfo): AsyncGenerator<Row> {
  const key = table.primaryKey.length > 0 ? table.primaryKey : table.columns;
  const columns = sql.join(table.columns.map((c) => sql.ref(c)));
  const order = sql.join(key.map((c) => sql.ref(c)));
  let after: unknown[] | null = null;
  let offset = 0;
  for (;;) {
    // Without a primary key there is no unique position to resume from: page by offset instead.
    const where: RawBuilder<unknown> =
      after && table.primaryKey.length > 0
        ? sql`where (${order}) > (${sql.join(after.map((v) => sql`${v}`))})`
        : sql``;
    const skip = table.primaryKey.length > 0 ? sql`` : sql`offset ${offset}`;
    const page = await sql<Row>`select ${columns} from ${sql.table(table.name)} ${where}
      order by ${order} limit ${PAGE} ${skip}`.execute(db);
    yield* page.rows;
    if (page.rows.length < PAGE) return;
    const last = page.rows.at(-1) as Row;
    after = key.map((c) => last[c]);
    offset += PAGE;
  }
}

/**
 * Writes rows into an empty table in batches. A column that points at the same table (a parent
 * organization) is written empty first and filled in once every row exists, so rows may come in
 * any order.
 */
export async function writeRows(
  db: Db,
  table: TableInfo,
  rows: AsyncIterable<Row>,
): Promise<number> {
  const later: Row[] = [];
  let batch: Row[] = [];
  let written = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await db.insertInto(table.name).values(batch).execute();
    written += batch.length;
    batch = [];
  };
  for await (const row of rows) {
    const values: Row = {};
    for (const column of table.columns) if (column in row) values[column] = row[column];
    const pointers = table.selfReferences.filter((c) => values[c] != null);
    if (pointers.length > 0) {
      later.push({ ...values });
      for (const column of pointers) values[column] = null;
    }
    batch.push(values);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  for (const column of table.identity) {
    await sql`select setval(pg_get_serial_sequence(${table.name}, ${column}),
      coalesce((select max(${sql.ref(column)}) from ${sql.table(table.name)}), 0) + 1, false)`.execute(
      db,
    );
  }
  for (const row of later) {
    let update = db
      .updateTable(table.name)
      .set(Object.fromEntries(table.selfReferences.map((c) => [c, row[c] ?? null])));
    for (const column of table.primaryKey) update = update.where(column, '=', row[column]);
    await update.execute();
  }
  return written;
}

export async function countRows(db: Db, table: string): Promise<number> {
  const row = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`
    .execute(db)
    .then((r) => r.rows[0]);
  return Number(row?.n ?? 0);
}
