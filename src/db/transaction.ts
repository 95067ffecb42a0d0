import type { Db } from './database.js';

/**
 * Runs `work` inside a transaction, joining the caller's when there is one: a service decides
 * the extent of its own transaction unless an outer caller (an import, the demo loader) already
 * opened a wider one.
 */
export function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}
