import type { Db } from '../../db/database.js';
import { afterCommit } from '../../db/transaction.js';
import type { Block, FiledPerson, FilingVersions, KeptBlocks } from './filing.js';
import type { MatchablePerson } from './score.js';

type Profiled = FiledPerson & { profile: MatchablePerson };

const byConnection = new WeakMap<Db, FilingCache>();

/**
 * The filings of the people compared lately, kept across writes. A bulk write's batch compares
 * its people with some 20,000 others, most of whom the batch before compared too; reading them
 * again was a tenth of an import on SQLite (kept, 50,000 at most: 0.92 of the time at 30,000
 * people, paired runs), and on PostgreSQL the read of 21,000 filings a batch was its longest
 * statement (108 ms a batch of 500 at 150,000 to 280,000 people), before Node parsed them all.
 *
 * A filing kept must be the one the next comparison would read, so the cache forgets:
 * everything, when another writer has changed filings since this process last did (the
 * versions a write saw do not follow on from the last it left: see `enter`) or when the
 * transaction that last compared ended without committing (it may have filed people under
 * numbers SQLite then gives again, or changed profiles that are no longer so; on one
 * connection, that transaction has ended once another compares); and a person's filing,
 * whenever this process files or unfiles them.
 *
 * On SQLite it keeps blocks' newest members too (filing.ts, KeptBlocks), under the same rules,
 * and a block whenever this process takes someone out of it.
 */
export class FilingCache implements KeptBlocks {
  private readonly filings = new Map<number, Profiled>();
  private readonly blocks = new Map<string, Block>();
  private blockMembers = 0;
  /** the transaction that last compared, and whether it has committed */
  private transaction: Db | undefined;
  private committed = true;
  /** the filings' version as this process's last write left it */
  private version: number | undefined;

  /**
   * The one cache of a connection: services built twice over one connection (a command that
   * builds its own beside the server's) see each other's writes only through it, as SQLite's
   * data_version moves only for another connection's.
   */
  static of(db: Db): FilingCache {
    let cache = byConnection.get(db);
    if (!cache) {
      cache = new FilingCache();
      byConnection.set(db, cache);
    }
    return cache;
  }

  constructor(
    private readonly maxEntries = 50_000,
    /** four bytes each: 16 MB, some 20,000 full blocks, a common name's among them */
    private readonly maxBlockMembers = 4_000_000,
  ) {}

  /**
   * Before comparing inside `transaction`, given the filings' versions it saw: forgets what may
   * no longer be so. Kept filings hold while each write finds the version the one before left.
   */
  async enter(transaction: Db, versions: FilingVersions | undefined): Promise<void> {
    if (transaction !== this.transaction) {
      if (!this.committed) this.forgetAll();
      this.transaction = transaction;
      this.committed = false;
      await afterCommit(transaction, async () => {
        if (this.transaction === transaction) this.committed = true;
      });
    }
    if (versions === undefined || versions.before !== this.version) this.forgetAll();
    this.version = versions?.after;
  }

  /** The kept filings among `numbers`, and the numbers not kept. */
  take(numbers: Iterable<number>): { kept: Profiled[]; missing: number[] } {
    const kept: Profiled[] = [];
    const missing: number[] = [];
    for (const number of numbers) {
      const filing = this.filings.get(number);
      if (filing) kept.push(filing);
      else missing.push(number);
    }
    return { kept, missing };
  }

  keep(filings: Iterable<Profiled>): void {
    for (const filing of filings) {
      this.filings.delete(filing.number);
      this.filings.set(filing.number, filing);
    }
    // Oldest kept first out: a Map iterates in the order entries were set.
    for (const number of this.filings.keys()) {
      if (this.filings.size <= this.maxEntries) break;
      this.filings.delete(number);
    }
  }

  forget(number: number): void {
    this.filings.delete(number);
  }

  takeBlocks(keys: Iterable<string>): { kept: Map<string, Block>; missing: string[] } {
    const kept = new Map<string, Block>();
    const missing: string[] = [];
    for (const key of keys) {
      const block = this.blocks.get(key);
      if (block) kept.set(key, block);
      else missing.push(key);
    }
    return { kept, missing };
  }

  keepBlocks(blocks: ReadonlyMap<string, Block>): void {
    for (const [key, block] of blocks) {
      this.forgetBlocks([key]);
      this.blocks.set(key, block);
      this.blockMembers += block.length;
    }
    // Least lately kept first out, as the filings.
    for (const [key] of this.blocks) {
      if (this.blockMembers <= this.maxBlockMembers) break;
      this.forgetBlocks([key]);
    }
  }

  forgetBlocks(keys: Iterable<string>): void {
    for (const key of keys) {
      const block = this.blocks.get(key);
      if (!block) continue;
      this.blockMembers -= block.length;
      this.blocks.delete(key);
    }
  }

  private forgetAll(): void {
    this.filings.clear();
    this.blocks.clear();
    this.blockMembers = 0;
  }
}
