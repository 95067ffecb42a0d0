import { sql } from 'kysely';
import { sharedReads } from '../lib/shared-reads.js';
import type { Database } from './database.js';
import { afterCommit } from './transaction.js';

/**
 * A number that changes whenever committed record data changes, from this process or any other
 * on the same database: a cache of something derived from records is good for as long as the
 * generation it was computed at is current.
 *
 * It is read before computing and bumped after every commit, so a value computed while a write
 * was committing is filed under a generation that the write's bump has already left behind.
 */
export interface WriteGeneration {
  current(): Promise<string>;
  /** Called with each write's transaction; bumps once it has committed. */
  bumpAfterCommit(db: Database['db']): Promise<void>;
}

export function writeGenerationFor(database: Database): WriteGeneration {
  const generation =
    database.engine === 'postgres' ? postgresGeneration(database) : sqliteGeneration(database);
  return { ...generation, current: sharedReads(generation.current) };
}

/**
 * SQLite: `PRAGMA data_version` changes when another connection (a CLI import, say) commits;
 * this process's own commits are counted here, on its one connection.
 */
function sqliteGeneration(database: Database): WriteGeneration {
  let own = 0;
  return {
    async current() {
      const { rows } = await sql<{ data_version: number }>`pragma data_version`.execute(
        database.db,
      );
      return `${rows[0]?.data_version}.${own}`;
    },
    bumpAfterCommit: (db) =>
      afterCommit(db, async () => {
        own++;
      }),
  };
}

/** PostgreSQL: a sequence, shared by every server and CLI process (migration 0013). */
function postgresGeneration(database: Database): WriteGeneration {
  return {
    async current() {
      // A new sequence reads 1 both before and after its first nextval: is_called tells them apart.
      const { rows } = await sql<{ generation: string }>`
        select case when is_called then last_value else 0 end as generation
        from write_generation`.execute(database.db);
      return String(rows[0]?.generation);
    },
    bumpAfterCommit: (db) =>
      afterCommit(db, async () => {
        await sql`select nextval('write_generation')`.execute(database.db);
      }),
  };
}
