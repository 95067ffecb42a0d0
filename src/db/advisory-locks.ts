import { sql } from 'kysely';
import { type Db, engineBehind } from './database.js';
import { writeBehind } from './transaction.js';

/**
 * PostgreSQL's advisory locks are keyed by two integers in one database, which other programs
 * sharing it may lock too: the first is Habeas's own ("Habe" in ASCII), the second names which.
 */
const HABEAS = 0x48616265;
const LOCKS = { personFacts: 1 } as const;

/**
 * Waits until no other transaction holds the lock `name`, then holds it until this transaction
 * ends. Sent without waiting inside a transaction inTransaction opened (see writeBehind): the
 * statements after it run on the same connection only once it is granted. Nothing on SQLite,
 * where one transaction writes at a time anyway.
 */
export async function holdUntilCommit(db: Db, name: keyof typeof LOCKS): Promise<void> {
  if (engineBehind(db) !== 'postgres') return;
  await writeBehind(db, () =>
    sql`select pg_advisory_xact_lock(${sql.lit(HABEAS)}, ${sql.lit(LOCKS[name])})`.execute(db),
  );
}
