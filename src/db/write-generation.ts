import { sql } from 'kysely';
import { sharedReads } from '../lib/shared-reads.js';
import type { Database, PostgresStore, SqliteStore } from './database.js';
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
  return database.engine === 'postgres' ? postgresGeneration(database) : sqliteGeneration(database);
}

/**
 * SQLite: `PRAGMA data_version` changes when another connection (a CLI import, say) commits;
 * this process's own commits are counted here, on its one connection.
 */
function sqliteGeneration(database: SqliteStore): WriteGeneration {
  let own = 0;
  const queued = sharedReads(async () => {
    const { rows } = await sql<{ data_version: number }>`pragma data_version`.execute(database.db);
    return rows[0]?.data_version;
  });
  // Reading data_version takes the database's read lock (a few system calls, 5 % of a cached
  // dossier's time under load), so the requests read off the sockets in one turn of the event
  // loop share one read, made after they arrived or within microseconds of it.
  let thisTurn: number | undefined;
  const dataVersion = () => {
    if (thisTurn === undefined) {
      thisTurn = database.dataVersion();
      if (thisTurn !== undefined) {
        setImmediate(() => {
          thisTurn = undefined;
        });
      }
    }
    return thisTurn;
  };
  return {
    async current() {
      return `${dataVersion() ?? (await queued())}.${own}`;
    },
    bumpAfterCommit: (db) =>
      afterCommit(db, async () => {
        own++;
      }),
  };
}

/** The channel each bump is announced on (an SQL identifier: see listenForNotices). */
const CHANNEL = 'habeas_write_generation';

/**
 * PostgreSQL: a sequence, shared by every server and CLI process (migration 0013), each bump
 * announced to every process by NOTIFY. A process listening keeps the highest generation it has
 * heard of and answers without a query: a cached read then costs no round trip. Its own bumps
 * count at once; another process's count when its notice arrives, which PostgreSQL sends as the
 * bump commits (well under a millisecond on one machine). Until the listener is in step, and
 * whenever its connection is lost, the sequence is read instead.
 */
function postgresGeneration(database: PostgresStore): WriteGeneration {
  const read = sharedReads(async () => {
    // A new sequence reads 1 both before and after its first nextval: is_called tells them apart.
    const { rows } = await sql<{ generation: number }>`
      select case when is_called then last_value else 0 end as generation
      from write_generation`.execute(database.db);
    return BigInt(rows[0]?.generation ?? 0);
  });
  /** the highest generation heard of, while in step; undefined means read the sequence */
  let heard: bigint | undefined;
  /** the highest heard of since listening began, for the read that brings the listener in step */
  let heardSinceListening = 0n;
  /** counts listens, so a read begun before the connection was lost cannot set `heard` after */
  let listens = 0;
  let started = false;
  const raise = (generation: bigint) => {
    if (heard !== undefined && generation > heard) heard = generation;
  };
  const listen = () => {
    started = true;
    database.listen(CHANNEL, {
      listening() {
        const thisListen = ++listens;
        heardSinceListening = 0n;
        // Read after LISTEN took effect: a bump either shows in the read or arrives as a notice.
        read().then(
          (generation) => {
            if (thisListen !== listens) return;
            heard = generation > heardSinceListening ? generation : heardSinceListening;
          },
          () => {},
        );
      },
      notice(payload) {
        const generation = BigInt(payload);
        if (generation > heardSinceListening) heardSinceListening = generation;
        raise(generation);
      },
      lost() {
        listens++;
        heard = undefined;
      },
    });
  };
  return {
    async current() {
      // Started on first use: a CLI command that never reads a cache never opens a listener.
      if (!started) listen();
      return String(heard ?? (await read()));
    },
    bumpAfterCommit: (db) =>
      afterCommit(db, async () => {
        const { rows } = await sql<{ generation: number }>`
          select generation, pg_notify(${CHANNEL}, generation::text)
          from (select nextval('write_generation') as generation) bumped`.execute(database.db);
        raise(BigInt(rows[0]?.generation ?? 0));
      }),
  };
}
