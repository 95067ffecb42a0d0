import type { Db } from '../../db/database.js';
import { afterCommit } from '../../db/transaction.js';
import type { FiledPerson } from './filing.js';
import type { MatchablePerson } from './score.js';

type Profiled = FiledPerson & { profile: MatchablePerson };

/**
 * SQLite: the filings of the people compared lately, kept across writes. A bulk write's batch
 * compares its people with some 20,000 others, most of whom the batch before compared too;
 * reading them again was a tenth of an import (kept, 50,000 at most: 0.92 of the time at
 * 30,000 people, paired runs).
 *
 * A filing kept must be the one the next comparison would read, so the cache forgets:
 * everything, when another connection has committed since (`PRAGMA data_version` moved) or
 * when the transaction that last compared ended without committing (it may have filed people
 * under numbers SQLite then gives again, or changed profiles that are no longer so; on one
 * connection, that transaction has ended once another compares); and a person's filing,
 * whenever this process files or unfiles them. PostgreSQL, with many connections and other
 * servers, keeps none.
 */
export class FilingCache {
  private readonly filings = new Map<number, Profiled>();
  /** the transaction that last compared, and whether it has committed */
  private transaction: Db | undefined;
  private committed = true;
  private dataVersion: number | undefined;

  constructor(
    private readonly readDataVersion: () => number | undefined,
    private readonly maxEntries = 50_000,
  ) {}

  /** Before comparing inside `transaction`: forgets what may no longer be so. */
  async enter(transaction: Db): Promise<void> {
    if (transaction !== this.transaction) {
      if (!this.committed) this.filings.clear();
      this.transaction = transaction;
      this.committed = false;
      await afterCommit(transaction, async () => {
        if (this.transaction === transaction) this.committed = true;
      });
    }
    const version = this.readDataVersion();
    if (version === undefined || version !== this.dataVersion) this.filings.clear();
    this.dataVersion = version;
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
}
