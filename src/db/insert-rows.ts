import { sql } from 'kysely';
import { inSlices } from '../lib/slices.js';
import { type Db, engineBehind } from './database.js';
import { writeBehind } from './transaction.js';

/** Rows a statement carries, at most: bounds the one JSON parameter to a few hundred kB. */
const ROWS_PER_STATEMENT = 2000;

/** A column's value: what both engines store as is. */
type FlatValue = string | number | null;

/**
 * Inserts many flat rows (text, numbers, null) with one statement a slice, each bound to one
 * JSON parameter that the database unpacks: SQLite walks it with `json_each`, PostgreSQL reads it
 * with `json_populate_recordset` against the table's own row type, which casts every column. The
 * statement's text does not depend on how many rows it carries, so it is prepared once; a
 * multi-row VALUES list of thousands of parameters cost more to build (Kysely parses every row
 * object) and to parse than to run — on the bulk person write, a tenth of the time (profiled).
 *
 * Every row gets the columns of `columns`, by default the first row's (absent ones are null, not
 * the column's default).
 * Not for JSON columns: PostgreSQL would store their text as a JSON string, not parse it.
 * Inside a transaction the rows may still be on their way when this returns (writeBehind).
 */
export async function insertRows<Row extends { [Column in keyof Row]: FlatValue | undefined }>(
  db: Db,
  table: string,
  rows: readonly Row[],
  columns: readonly (keyof Row & string)[] = Object.keys(rows[0] ?? {}) as (keyof Row & string)[],
): Promise<void> {
  if (rows.length === 0) return;
  const postgres = engineBehind(db) === 'postgres';
  const names = sql.join(columns.map((column) => sql.ref(column)));
  for (const slice of inSlices(rows, ROWS_PER_STATEMENT)) {
    if (postgres) {
      const json = JSON.stringify(slice.map((row) => pick(row, columns)));
      await writeBehind(db, () =>
        sql`insert into ${sql.table(table)} (${names})
          select ${names} from json_populate_recordset(null::${sql.table(table)}, ${json}::json)`.execute(
          db,
        ),
      );
    } else {
      // Arrays by position: half the JSON of objects, and `->>` returns SQL values, not JSON.
      const json = JSON.stringify(slice.map((row) => columns.map((column) => row[column] ?? null)));
      const values = sql.join(columns.map((_, i) => sql`value ->> ${sql.lit(i)}`));
      await sql`insert into ${sql.table(table)} (${names})
        select ${values} from json_each(${json})`.execute(db);
    }
  }
}

function pick<Row extends { [Column in keyof Row]: FlatValue | undefined }>(
  row: Row,
  columns: readonly (keyof Row & string)[],
): Record<string, FlatValue> {
  const picked: Record<string, FlatValue> = {};
  for (const column of columns) picked[column] = row[column] ?? null;
  return picked;
}
