import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Db } from '../../db/database.js';

/**
 * Opens a SQLite file made by a backup read-only, without the pragmas of the live database
 * (WAL would write to it): its bytes must stay those the manifest hashed.
 */
export function openSqliteSnapshot(file: string): { db: Db; close(): Promise<void> } {
  const sqlite = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  const db: Db = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, close: () => db.destroy() };
}
