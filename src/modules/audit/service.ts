import type { Database, Db } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import { type AuditHead, type ChainReport, verifyChain } from './chain.js';
import {
  type AuditFilter,
  allEntries,
  appendEntry,
  listEntries,
  type NewAuditEntry,
  readHead,
} from './repo.js';

export interface AuditEvent {
  actor: string;
  action: string;
  targetType?: string;
  targetId?: string;
  ip?: string;
  requestId?: string;
  /** never record content: ids, versions, counts and outcomes only */
  details?: Record<string, unknown>;
}

interface Waiting {
  entry: NewAuditEntry;
  resolve(head: AuditHead): void;
  reject(error: unknown): void;
}

/** The append-only, hash-chained log of every write, sign-in and sensitive read. */
export class AuditLog {
  /** Entries of reads waiting for the next group commit, and whether one is running. */
  private waiting: Waiting[] = [];
  private committing = false;

  constructor(private readonly database: Database) {}

  /**
   * Appends inside the caller's transaction when given one, so the entry and the act commit
   * together. An entry on its own (a read) joins the others arriving meanwhile in one
   * transaction: every entry a read appends heads one chain, so each needs the one before it,
   * and fifty readers at once would otherwise queue for fifty commits. The promise resolves once
   * the entry is committed, as before: nothing is acknowledged that is not stored.
   */
  async append(event: AuditEvent, db: Db = this.database.db): Promise<AuditHead> {
    const entry: NewAuditEntry = {
      at: new Date().toISOString(),
      actor: event.actor,
      action: event.action,
      targetType: event.targetType ?? null,
      targetId: event.targetId ?? null,
      ip: event.ip ?? null,
      requestId: event.requestId ?? null,
      details: event.details ?? {},
    };
    if (db.isTransaction || db !== this.database.db) {
      return inTransaction(db, (trx) => appendEntry(trx, this.database.engine, entry));
    }
    return new Promise<AuditHead>((resolve, reject) => {
      this.waiting.push({ entry, resolve, reject });
      if (!this.committing) void this.commitWaiting();
    });
  }

  private async commitWaiting(): Promise<void> {
    this.committing = true;
    while (this.waiting.length > 0) {
      const group = this.waiting;
      this.waiting = [];
      try {
        const heads = await inTransaction(this.database.db, async (trx) => {
          const appended: AuditHead[] = [];
          for (const { entry } of group) {
            appended.push(await appendEntry(trx, this.database.engine, entry));
          }
          return appended;
        });
        for (const [i, waiting] of group.entries()) waiting.resolve(heads[i] as AuditHead);
      } catch (error) {
        for (const waiting of group) waiting.reject(error);
      }
    }
    this.committing = false;
  }

  head(): Promise<AuditHead> {
    return readHead(this.database.db);
  }

  list(filter: AuditFilter) {
    return listEntries(this.database.db, filter);
  }

  entries() {
    return allEntries(this.database.db);
  }

  async verify(recordedHead?: AuditHead): Promise<ChainReport> {
    const storedHead = await this.head();
    return verifyChain(allEntries(this.database.db), { storedHead, recordedHead });
  }
}
