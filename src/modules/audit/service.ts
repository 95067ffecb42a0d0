import type { Database, Db } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import { type AuditHead, type ChainReport, verifyChain } from './chain.js';
import {
  type AuditFilter,
  allEntries,
  appendAfter,
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

/** Tries at chaining a group to a head read beforehand, before locking the head instead. */
const OPTIMISTIC_ATTEMPTS = 3;

/** The append-only, hash-chained log of every write, sign-in and sensitive read. */
export class AuditLog {
  /** Entries of reads waiting for the next group commit, and whether one is running. */
  private waiting: Waiting[] = [];
  private committing = false;
  /** The chain's head as this log last wrote or read it (PostgreSQL, see `commitGroup`). */
  private knownHead: AuditHead | undefined;

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
        const heads = await this.commitGroup(group.map((waiting) => waiting.entry));
        for (const [i, waiting] of group.entries()) waiting.resolve(heads[i] as AuditHead);
      } catch (error) {
        for (const waiting of group) waiting.reject(error);
      }
    }
    this.committing = false;
  }

  /**
   * On PostgreSQL a group is chained to the head this log last wrote, and written in one
   * statement that moves the head only if no one else has (`appendAfter`): one round trip where
   * a locking transaction takes five (a search showing a confidential record, among a million
   * people: p50 6.3 → 5.4 ms, p95 12.5–14.7 → 11.0–11.5 ms in paired runs). Another writer in
   * between costs a read of the head and a second try; past a few, the locking transaction,
   * which always gets its turn.
   */
  private async commitGroup(entries: NewAuditEntry[]): Promise<AuditHead[]> {
    const { db, engine } = this.database;
    if (engine === 'postgres') {
      for (let attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
        this.knownHead ??= await readHead(db);
        const heads = await appendAfter(db, this.knownHead, entries);
        this.knownHead = heads?.at(-1);
        if (heads) return heads;
      }
    }
    const heads = await inTransaction(db, async (trx) => {
      const appended: AuditHead[] = [];
      for (const entry of entries) appended.push(await appendEntry(trx, engine, entry));
      return appended;
    });
    this.knownHead = heads.at(-1);
    return heads;
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
