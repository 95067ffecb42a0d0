import type { Db } from '../../db/database.js';
import type { WriteAction } from '../auth/policy.js';
import type { StoredRecord } from './definition.js';
import type { CitationLinks, RecordService, ServiceContext } from './service.js';

/**
 * Told of every committed-to-be write of a record type, inside its transaction: a view kept up
 * to date on write (current status, duplicate candidates) fails the write rather than drift.
 */
export interface RecordChange {
  type: string;
  action: WriteAction;
  before: StoredRecord | null;
  after: StoredRecord;
}

/** The records `changes` wrote for the first time: nothing derived from them is stored yet. */
export function createdIn(changes: readonly RecordChange[]): StoredRecord[] {
  return changes.filter(({ before }) => before === null).map(({ after }) => after);
}

export type WriteObserver = (
  ctx: ServiceContext & { db: Db },
  change: RecordChange,
) => Promise<void>;

/** The same, told of a bulk write's records at once, so it can do its work once a batch. */
export type BatchWriteObserver = (
  ctx: ServiceContext & { db: Db },
  changes: readonly RecordChange[],
) => Promise<void>;

export type Preparer = (ctx: ServiceContext & { db: Db }) => Promise<void>;

/**
 * The services of every record type, by type name, so that generic checks (does the record a
 * reference points at exist, may this caller see it) can reach any type. Filled explicitly when
 * the services are built; nothing registers itself on import.
 */
export class RecordRegistry {
  private readonly byType = new Map<string, RecordService>();
  /** set once the citations module is built */
  citationLinks?: CitationLinks;

  private readonly observers = new Map<string, BatchWriteObserver[]>();
  private readonly preparers = new Map<string, Preparer[]>();

  /**
   * `prepare` runs in every transaction that writes records of `type`, before the write reads or
   * locks anything: for a view that must take its lock ahead of the records' own (see the
   * person-facts projection).
   */
  beforeWrites(type: string, prepare: Preparer): void {
    this.preparers.set(type, [...(this.preparers.get(type) ?? []), prepare]);
  }

  async prepareWrites(ctx: ServiceContext & { db: Db }, type: string): Promise<void> {
    for (const prepare of this.preparers.get(type) ?? []) await prepare(ctx);
  }

  /** `observer` runs after every write of a record of `type` (or of any type, with '*'). */
  onWrite(type: string, observer: WriteObserver): void {
    this.onWrites(type, async (ctx, changes) => {
      for (const change of changes) await observer(ctx, change);
    });
  }

  /** Like `onWrite`, but a bulk write's changes arrive together. */
  onWrites(type: string, observer: BatchWriteObserver): void {
    this.observers.set(type, [...(this.observers.get(type) ?? []), observer]);
  }

  async notifyWrite(
    ctx: ServiceContext & { db: Db },
    type: string,
    action: WriteAction,
    before: StoredRecord | null,
    after: StoredRecord,
  ): Promise<void> {
    await this.notifyWrites(ctx, type, [{ type, action, before, after }]);
  }

  async notifyWrites(
    ctx: ServiceContext & { db: Db },
    type: string,
    changes: readonly RecordChange[],
  ): Promise<void> {
    if (changes.length === 0) return;
    for (const observer of [
      ...(this.observers.get(type) ?? []),
      ...(this.observers.get('*') ?? []),
    ]) {
      await observer(ctx, changes);
    }
  }

  add(service: RecordService): void {
    if (this.byType.has(service.def.type)) {
      throw new Error(`record type ${service.def.type} registered twice`);
    }
    this.byType.set(service.def.type, service);
  }

  get(type: string): RecordService | undefined {
    return this.byType.get(type);
  }

  all(): RecordService[] {
    return [...this.byType.values()];
  }
}
