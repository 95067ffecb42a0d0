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

/** The append-only, hash-chained log of every write, sign-in and sensitive read. */
export class AuditLog {
  constructor(private readonly database: Database) {}

  /** Appends inside the caller's transaction when given one, so the entry and the act commit together. */
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
    return inTransaction(db, (trx) => appendEntry(trx, this.database.engine, entry));
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
