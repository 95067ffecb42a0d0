import type { Db } from './database.js';

/** Work to run once the outermost transaction a write joined has committed. */
const afterCommitQueues = new WeakMap<Db, (() => Promise<void>)[]>();

/**
 * Runs `work` inside a transaction, joining the caller's when there is one: a service decides
 * the extent of its own transaction unless an outer caller (an import, the demo loader) already
 * opened a wider one.
 */
export async function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db);
  const queue: (() => Promise<void>)[] = [];
  const result = await db.transaction().execute((trx) => {
    afterCommitQueues.set(trx, queue);
    return work(trx);
  });
  for (const task of queue) await task();
  return result;
}

/**
 * Runs `task` once what `db` wrote is committed and visible to everyone: at once outside a
 * transaction, after the outermost commit inside one, never if it rolls back. For telling other
 * readers that the data changed (a cache's generation), which must not happen before they can
 * see the change.
 */
export async function afterCommit(db: Db, task: () => Promise<void>): Promise<void> {
  const queue = db.isTransaction ? afterCommitQueues.get(db) : undefined;
  if (queue) queue.push(task);
  else if (db.isTransaction) {
    throw new Error('afterCommit inside a transaction that inTransaction did not open');
  } else await task();
}
