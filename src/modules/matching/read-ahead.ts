import type { Db, Engine } from '../../db/database.js';
import type { StoredRecord } from '../records/definition.js';
import { blockingKeys } from './blocking.js';
import * as filing from './filing.js';
import { PER_KEY } from './neighbours.js';
import type { MatchablePerson } from './score.js';

interface Read {
  /** the people's blocking keys, by id: the write's matching files them under these */
  keysOf: ReadonlyMap<string, string[]>;
  /** true once the read has its connection */
  readonly started: boolean;
  blocks: Promise<Map<string, filing.Block>>;
}

/**
 * PostgreSQL: a bulk write of new people starts reading their blocks at once, on a connection
 * of its own, while the write's other rows are inserted: those reads were a third of the
 * write's time, with Node idle waiting on them. The write's matching then adds the batch's own
 * members (filing.withFiled). Only while the write's transaction has changed no block, so the
 * committed blocks are the ones it would read (an import's later batches, in the same
 * transaction, read inside it); SQLite has one connection, and always reads inside.
 */
export class BlocksReadAhead {
  /** a bulk write's people, by record, to the read begun for them */
  private readonly reads = new WeakMap<StoredRecord, Read>();

  constructor(
    /** the database itself, not a transaction: its pool lends the read a connection */
    private readonly db: Db,
    private readonly engine: Engine,
  ) {}

  start(transaction: Db, people: readonly StoredRecord[]): void {
    if (this.engine !== 'postgres' || !filing.readsCommittedBlocks(transaction)) return;
    const keysOf = new Map(
      people.map((person) => [person.id, blockingKeys(person as unknown as MatchablePerson)]),
    );
    let started = false;
    const blocks = this.db.connection().execute((connection) => {
      started = true;
      return filing.blocksOf(connection, this.engine, [...keysOf.values()].flat(), PER_KEY);
    });
    // Awaited by the write's matching, which then fails with it; never, if the write fails first.
    blocks.catch(() => {});
    const read: Read = {
      keysOf,
      get started() {
        return started;
      },
      blocks,
    };
    for (const person of people) this.reads.set(person, read);
  }

  /** The blocking keys worked out for the read begun for exactly these people, if one was. */
  keysOf(people: readonly StoredRecord[]): ReadonlyMap<string, string[]> | undefined {
    return this.readFor(people)?.keysOf;
  }

  /**
   * The blocks read ahead for exactly these people, or undefined (read them inside the write).
   * A read still waiting for a connection is not waited for: the pool may be held by writes
   * that would each wait the same way.
   */
  take(people: readonly StoredRecord[]): Promise<Map<string, filing.Block>> | undefined {
    const read = this.readFor(people);
    return read?.started ? read.blocks : undefined;
  }

  private readFor(people: readonly StoredRecord[]): Read | undefined {
    const read = people[0] && this.reads.get(people[0]);
    if (!read || read.keysOf.size !== people.length) return undefined;
    return people.every(({ id }) => read.keysOf.has(id)) ? read : undefined;
  }
}
