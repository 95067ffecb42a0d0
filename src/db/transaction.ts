import { Conflict } from '../lib/errors.js';
import { type Db, engineBehind } from './database.js';

/** Work to run once the outermost transaction a write joined has committed. */
const afterCommitQueues = new WeakMap<Db, (() => Promise<void>)[]>();

/** The statements a transaction sent without waiting (see writeBehind), and the first to fail. */
interface WritesBehind {
  pending: Set<Promise<void>>;
  failure?: { error: unknown };
}
const writesBehindOf = new WeakMap<Db, WritesBehind>();

/**
 * Runs `work` inside a transaction, joining the caller's when there is one: a service decides
 * the extent of its own transaction unless an outer caller (an import, the demo loader) already
 * opened a wider one.
 */
export async function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db);
  const queue: (() => Promise<void>)[] = [];
  const writes: WritesBehind = { pending: new Set() };
  const result = await db
    .transaction()
    .execute(async (trx) => {
      afterCommitQueues.set(trx, queue);
      writesBehindOf.set(trx, writes);
      let outcome: T;
      try {
        outcome = await work(trx);
      } catch (error) {
        // A statement sent ahead failed first; what followed it failed only because it had.
        await settle(writes);
        throw writes.failure ? writes.failure.error : error;
      }
      // Kysely commits on the connection directly, not behind the statements still queued on it.
      await settle(writes);
      if (writes.failure) throw writes.failure.error;
      return outcome;
    })
    .catch((error: unknown) => {
      throw asConflict(error) ?? error;
    });
  for (const task of queue) await task();
  return result;
}

/**
 * PostgreSQL's word that it stopped this transaction so that another could finish: each held
 * what the other waited for (40P01), or their reads and writes cannot be put in any order
 * (40001). Nothing of it was kept, and the same write tried again will go through: the caller
 * is told so, as for any write that lost a race (409), rather than of a server error.
 */
const STOPPED_FOR_ANOTHER: Record<string, string> = {
  '40P01': 'deadlock',
  '40001': 'serialization_failure',
};

function asConflict(error: unknown): Conflict | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  const reason = typeof code === 'string' ? STOPPED_FOR_ANOTHER[code] : undefined;
  if (!reason) return undefined;
  return new Conflict(
    'another write changed the same records at the same time and this one was stopped: ' +
      'nothing of it was kept, try it again',
    { reason, retry: true },
  );
}

async function settle(writes: WritesBehind): Promise<void> {
  while (writes.pending.size > 0) await Promise.all(writes.pending);
}

/**
 * Sends a statement whose result the write never reads, without waiting for it, when `db` is a
 * transaction inTransaction opened on PostgreSQL: the server runs it (in order, on the
 * transaction's one connection) while Node prepares the next, rather than Node sitting idle on
 * each insert (custody writes, which wait on many: 0.95× the time; a bulk write of people, whose
 * own work is the longer path: unchanged). The transaction waits for every such statement
 * before it commits, and fails with the first one's error. Elsewhere it waits as any statement
 * does: SQLite runs statements on this thread, so there is nothing to overlap.
 */
export async function writeBehind(db: Db, statement: () => Promise<unknown>): Promise<void> {
  const writes = db.isTransaction ? writesBehindOf.get(db) : undefined;
  if (!writes || engineBehind(db) !== 'postgres') {
    await statement();
    return;
  }
  if (writes.failure) throw writes.failure.error;
  const sent: Promise<void> = statement().then(
    () => {
      writes.pending.delete(sent);
    },
    (error: unknown) => {
      writes.failure ??= { error };
      writes.pending.delete(sent);
    },
  );
  writes.pending.add(sent);
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
