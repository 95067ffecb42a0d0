import { stringify as stableJson } from 'safe-stable-stringify';
import type { z } from 'zod';
import type { Db } from '../../db/database.js';
import type { SearchEntry, SearchIndex } from '../../db/search/search-index.js';
import { queryTerms } from '../../db/search/terms.js';
import { inTransaction } from '../../db/transaction.js';
import { type CursorKey, decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { Conflict, type FieldIssue, Invalid, NotFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { foldText } from '../../lib/text.js';
import { issuesFromZod, parseOrInvalid } from '../../lib/zod-issues.js';
import type { AuditLog } from '../audit/service.js';
import {
  type Actor,
  assertCanWrite,
  canSee,
  isAuditedRead,
  type Sensitivity,
  visibleLevels,
  type WriteAction,
} from '../auth/policy.js';
import { problemsOf } from './checks.js';
import {
  type Fields,
  filtersOf,
  type RecordTypeDefinition,
  type StoredRecord,
  sortColumns,
} from './definition.js';
import type { RecordRegistry } from './registry.js';
import {
  type ColumnFilter,
  fieldsOf,
  findRecords,
  findRecordsByExternalId,
  findRecordsMatching,
  insertRecords,
  listRecords,
  replaceRecord,
} from './repo.js';
import { insertRevisions, listRevisions, type Revision } from './revisions.js';
import { type inlineCitationSchema, type RecordSchemas, schemasFor } from './schemas.js';

export interface ServiceContext {
  actor: Actor;
  requestId?: string;
  /** the caller's address, for the audit log */
  ip?: string;
  /** set when an outer caller opened a transaction that this call must join */
  db?: Db;
  /** the write generation read when the request arrived, for caches kept by generation */
  generation?: Promise<string>;
}

export interface WriteOptions {
  reason?: string;
  /** the version the caller last saw; a mismatch is a conflict, so no edit is silently lost */
  expectedVersion?: number;
}

export interface ListPage {
  items: ApiRecord[];
  nextCursor: string | null;
}

/** Reading a confidential or secret record is audited: these are the ones among `records`. */
const auditedIdsOf = (records: StoredRecord[]) =>
  records.filter((r) => isAuditedRead(r.sensitivity)).map((r) => r.id);

export interface ListParams {
  limit?: number;
  cursor?: string;
  sort?: string;
  q?: string;
  sensitivity?: Sensitivity;
  filters?: Record<string, unknown>;
}

export type InlineCitation = z.output<typeof inlineCitationSchema>;
export interface CitationSummary {
  id: string;
  sourceId: string;
  field?: string | null;
  locator?: string | null;
  quote?: string | null;
}

/** A record written with citations inline, and how its problems are named. */
export interface CitingRecord {
  id: string;
  sensitivity: Sensitivity;
  citations: readonly InlineCitation[];
  /** put before `citations.N.field` in a problem's name: the input's index in a bulk write */
  prefix: string;
}

/** How records reach their citations without the generic engine depending on that module. */
export interface CitationLinks {
  /** Creates the inline citations of a write's records, all in one bulk write. */
  attach(ctx: ServiceContext, type: string, records: readonly CitingRecord[]): Promise<void>;
  summaries(ctx: ServiceContext, type: string, id: string): Promise<CitationSummary[]>;
}

/** A module's rules that need the database (another record's fields, say). */
export interface RecordRules<D extends RecordTypeDefinition> {
  /**
   * The problems of each of a write's records, in order: all at once, so a rule that reads
   * other records reads them in one query (read one by one, a bulk write's events waited on
   * five hundred round trips to PostgreSQL).
   */
  validate?(ctx: ServiceContext, records: readonly Fields<D>[]): Promise<FieldIssue[][]>;
}

export type ApiRecord = Record<string, unknown> & { id: string; version: number };

export interface HistoryEntry extends Omit<Revision, 'before' | 'after'> {
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  redacted: boolean;
}

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 200;

/**
 * Create, read, update, list, delete (as a tombstone) and restore records of one type. Every
 * write is validated whole, checked against policy, and committed together with its revision.
 */
export class RecordService<D extends RecordTypeDefinition = RecordTypeDefinition> {
  readonly schemas: RecordSchemas;

  constructor(
    readonly def: D,
    private readonly deps: {
      db: Db;
      registry: RecordRegistry;
      audit?: AuditLog;
      rules?: RecordRules<D>;
      /** the full-text index, written in the same transaction as every write */
      search?: SearchIndex;
    },
  ) {
    this.schemas = schemasFor(def);
  }

  private db(ctx: ServiceContext): Db {
    return ctx.db ?? this.deps.db;
  }

  private notFound(): NotFound {
    return new NotFound(this.def.names.singular);
  }

  /** The records among `ids` that exist, are live and that the caller may see. */
  async findVisible(ctx: ServiceContext, ids: readonly string[]): Promise<StoredRecord<D>[]> {
    const records = await findRecords(this.db(ctx), this.def, ids);
    return records.filter((r) => canSee(ctx.actor, r.sensitivity)) as StoredRecord<D>[];
  }

  async getStored(ctx: ServiceContext, id: string): Promise<StoredRecord<D>> {
    const [record] = await this.findVisible(ctx, [id]);
    if (!record) throw this.notFound();
    return record;
  }

  /** The records of `ids` by id, read as `getStored` reads one: all there, or NotFound. */
  async getStoredMany(
    ctx: ServiceContext,
    ids: readonly string[],
  ): Promise<Map<string, StoredRecord<D>>> {
    const wanted = new Set(ids);
    const records = await this.findVisible(ctx, [...wanted]);
    if (records.length !== wanted.size) throw this.notFound();
    return new Map(records.map((record) => [record.id, record]));
  }

  /**
   * The records carrying these external ids, tombstones included (an importer must know a row
   * was imported and later deleted), limited to what the caller may see.
   */
  async findByExternalIds(
    ctx: ServiceContext,
    externalIds: readonly string[],
  ): Promise<StoredRecord<D>[]> {
    const records = await findRecordsByExternalId(this.db(ctx), this.def, externalIds);
    return records.filter((r) => canSee(ctx.actor, r.sensitivity)) as StoredRecord<D>[];
  }

  /**
   * Every live record the caller may see whose `filter` matches any of `values`, unpaged and
   * unredacted: for views derived on the server. Not an audited read, unlike `list`: person
   * facts hand out facts, never the records, and the dossier audits what it shows itself.
   */
  async findMatching(
    ctx: ServiceContext,
    filter: string,
    values: readonly string[],
    options: { sort?: string; limit?: number } = {},
  ): Promise<StoredRecord<D>[]> {
    const spec = filtersOf(this.def)[filter];
    if (!spec) throw new Error(`${this.def.type} has no filter ${filter}`);
    const sort = options.sort;
    const records = await findRecordsMatching(
      this.db(ctx),
      this.def,
      spec,
      values,
      visibleLevels(ctx.actor),
      {
        sortColumn: sort ? sortColumns(this.def)[sort.replace(/^-/, '')] : undefined,
        descending: sort?.startsWith('-'),
        limit: options.limit,
      },
    );
    return records as StoredRecord<D>[];
  }

  async get(ctx: ServiceContext, id: string): Promise<ApiRecord> {
    const record = await this.getStored(ctx, id);
    await this.auditReads(ctx, 'record.read', auditedIdsOf([record]));
    return this.presentWithCitations(ctx, record);
  }

  /** The record as `present` shows it, with a summary of the citations the caller may see. */
  async presentWithCitations(ctx: ServiceContext, record: StoredRecord): Promise<ApiRecord> {
    const citations = await this.deps.registry.citationLinks?.summaries(
      ctx,
      this.def.type,
      record.id,
    );
    return { ...this.present(ctx.actor, record), ...(citations ? { citations } : {}) };
  }

  /** The record as this actor may see it: field-level redaction applied. */
  present(actor: Actor, record: StoredRecord): ApiRecord {
    const { deletedAt: _deleted, ...rest } = record;
    const fields = fieldsOf(rest) as Fields<D>;
    const shown = this.def.redact ? this.def.redact(fields, actor) : fields;
    return { ...rest, ...shown } as ApiRecord;
  }

  async list(ctx: ServiceContext, params: ListParams): Promise<ListPage> {
    const { auditedIds, ...page } = await this.listUnaudited(ctx, params);
    await this.auditListed(ctx, auditedIds);
    return page;
  }

  /** A page as `list` shows it, naming the records whose reading must be audited. */
  async listUnaudited(
    ctx: ServiceContext,
    params: ListParams,
  ): Promise<ListPage & { auditedIds: string[] }> {
    const { def } = this;
    const sort = params.sort ?? def.defaultSort;
    const descending = sort.startsWith('-');
    const sortColumn = sortColumns(def)[sort.replace(/^-/, '')];
    if (!sortColumn) {
      throw new Invalid([
        { field: 'sort', reason: 'is not a sortable field', code: 'invalid_sort' },
      ]);
    }
    const after = params.cursor ? decodeCursor(params.cursor) : undefined;
    if (params.cursor && !after) {
      throw new Invalid([
        { field: 'cursor', reason: 'is not a cursor this API issued', code: 'invalid_cursor' },
      ]);
    }
    const specs = filtersOf(def);
    const filters: ColumnFilter[] = Object.entries(params.filters ?? {})
      .filter(([name, value]) => value !== undefined && specs[name])
      .map(([name, value]) => {
        const spec = specs[name]!;
        const toColumn = spec.toColumn as ((v: unknown) => unknown) | undefined;
        return { spec, value: (toColumn ? toColumn(value) : value) as ColumnFilter['value'] };
      });
    const levels = visibleLevels(ctx.actor).filter(
      (level) => !params.sensitivity || level === params.sensitivity,
    );
    const page = await listRecords(this.db(ctx), def, {
      levels,
      clearance: ctx.actor.clearance,
      filters,
      ...(params.q && this.deps.search
        ? { match: this.deps.search.matchingIds(def.type, queryTerms(params.q)) }
        : { q: params.q ? foldText(params.q) : undefined }),
      sortColumn,
      descending,
      after,
      limit: Math.min(params.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
    });
    return {
      items: page.records.map((r) => this.present(ctx.actor, r)),
      nextCursor: page.lastKey ? encodeCursor(page.lastKey) : null,
      auditedIds: auditedIdsOf(page.records),
    };
  }

  /** The audit entry for a listed page, however it was served. */
  auditListed(ctx: ServiceContext, ids: string[]): Promise<void> {
    return this.auditReads(ctx, 'record.list', ids);
  }

  /**
   * Every record the caller may see, page by page in creation order, without holding them all
   * in memory: for exports. Tombstones are included (with `deletedAt`) only when asked.
   */
  async *scan(
    ctx: ServiceContext,
    options: { includeDeleted?: boolean } = {},
  ): AsyncGenerator<ApiRecord & { deletedAt: string | null }> {
    let after: CursorKey | undefined;
    do {
      const page = await listRecords(this.db(ctx), this.def, {
        levels: visibleLevels(ctx.actor),
        includeDeleted: options.includeDeleted,
        filters: [],
        sortColumn: 'created_at',
        descending: false,
        after,
        limit: MAX_PAGE_SIZE,
      });
      for (const record of page.records) {
        yield { ...this.present(ctx.actor, record), deletedAt: record.deletedAt };
      }
      after = page.lastKey;
    } while (after);
  }

  async create(
    ctx: ServiceContext,
    input: unknown,
    options: WriteOptions = {},
  ): Promise<ApiRecord> {
    const parsed = parseOrInvalid(this.schemas.create, input);
    const {
      sensitivity = this.def.defaultSensitivity,
      citations = [],
      ...fields
    } = parsed as {
      sensitivity?: Sensitivity;
      citations?: InlineCitation[];
    } & Fields<D>;
    assertCanWrite(ctx.actor, 'create', sensitivity);
    const id = await this.inWriteTransaction(ctx, async (txCtx) => {
      const { db } = txCtx;
      const id = newId();
      await this.validate(txCtx, fields as Fields<D>, id);
      const record = firstVersion<D>(fields, { id, sensitivity, actor: ctx.actor });
      await insertRecords(db, this.def, [record]);
      await this.syncSearch(db, record);
      await this.writeRevision(txCtx, 'create', null, record, options.reason);
      await this.deps.registry.notifyWrite(txCtx, this.def.type, 'create', null, record);
      await this.attachCitations(txCtx, [{ id: record.id, sensitivity, citations, prefix: '' }]);
      return record.id;
    });
    return this.get(ctx, id);
  }

  /**
   * Creates many records in one transaction: the bulk path for imports and generated data. Each
   * record is validated as `create` validates it and gets its revision and search entry; the
   * audit log gets one entry for the batch (its ids in the details) rather than one a record.
   * Problems are reported for every input at once, the field prefixed with the input's index
   * (`3.familyNames`), and then nothing is written.
   */
  async createMany(
    ctx: ServiceContext,
    inputs: readonly unknown[],
    options: WriteOptions & {
      /** ids chosen by the caller (fresh from `newId`), so it can refer to the records first */
      ids?: readonly string[];
      /** what each input's problems are prefixed with (default: its index) */
      names?: readonly string[];
    } = {},
  ): Promise<string[]> {
    if (options.ids && options.ids.length !== inputs.length) {
      throw new Error('createMany: one id for each input');
    }
    const nameOf = (i: number) => options.names?.[i] ?? String(i);
    /** each input's problems, by its index */
    const issuesOf = new Map<number, FieldIssue[]>();
    const parsed = inputs.map((input, i) => {
      const result = this.schemas.create.safeParse(input);
      if (!result.success) issuesOf.set(i, issuesFromZod(result.error.issues, nameOf(i)));
      return result.data as
        | ({ sensitivity?: Sensitivity; citations?: InlineCitation[] } & Fields<D>)
        | undefined;
    });
    return this.inWriteTransaction(ctx, async (txCtx) => {
      const { db } = txCtx;
      const now = new Date().toISOString();
      const records = parsed.flatMap((input, i) => {
        if (!input) return [];
        const {
          sensitivity = this.def.defaultSensitivity,
          citations: _citations,
          ...fields
        } = input!;
        assertCanWrite(ctx.actor, 'create', sensitivity);
        const id = options.ids?.[i] ?? newId();
        const record = firstVersion<D>(fields, { id, sensitivity, actor: ctx.actor, now });
        return [{ record, index: i, citations: input.citations ?? [] }];
      });
      // Every input's problems at once: shapes first, then the rules of those that parsed.
      const problems = await problemsOf(
        txCtx,
        this.def,
        records.map(({ record }) => ({ fields: fieldsOf(record) as Fields<D>, id: record.id })),
        this.deps,
      );
      for (const [n, list] of problems.entries()) {
        const { index } = records[n]!;
        if (list.length > 0) issuesOf.set(index, issuesWithPrefix(list, nameOf(index)));
      }
      const all = inputs.flatMap((_, i) => issuesOf.get(i) ?? []);
      if (all.length > 0) throw new Invalid(all);
      const stored = records.map(({ record }) => record);

      await insertRecords(db, this.def, stored);
      await insertRevisions(
        db,
        stored.map((record) => this.revisionOf(txCtx, 'create', null, record, options.reason)),
      );
      await this.deps.search?.upsertMany(
        db,
        stored.map((record) => this.searchEntry(record)),
      );
      await this.attachCitations(
        txCtx,
        records.map(({ record, citations, index }) => ({
          id: record.id,
          sensitivity: record.sensitivity,
          citations,
          prefix: `${index}.`,
        })),
      );
      await this.deps.registry.notifyWrites(
        txCtx,
        this.def.type,
        stored.map((after) => ({ type: this.def.type, action: 'create', before: null, after })),
      );
      // Last: appending reads the log's head, which waits for every insert sent ahead
      // (writeBehind); placed here, those run while the observers work.
      await this.deps.audit?.append(
        {
          actor: ctx.actor.id,
          action: 'record.create_many',
          targetType: this.def.type,
          ip: ctx.ip,
          requestId: ctx.requestId,
          details: { count: stored.length, ids: stored.map((r) => r.id) },
        },
        db,
      );
      return stored.map((record) => record.id);
    });
  }

  async update(
    ctx: ServiceContext,
    id: string,
    patch: unknown,
    options: WriteOptions = {},
  ): Promise<ApiRecord> {
    const changes = parseOrInvalid(this.schemas.patch, patch) as Partial<Fields<D>> & {
      sensitivity?: Sensitivity;
    };
    await this.inWriteTransaction(ctx, async (txCtx) => {
      const current = await this.getStored(txCtx, id);
      // Permission first: a caller who may not write learns that even from a no-op update.
      assertCanWrite(ctx.actor, 'update', current.sensitivity);
      this.assertVersion(current, options.expectedVersion);
      const merged = { ...current, ...changes } as StoredRecord<D>;
      // A field sent as null is cleared, not stored as null.
      for (const [key, value] of Object.entries(changes)) {
        if (value === null) delete (merged as Record<string, unknown>)[key];
      }
      const fields = parseOrInvalid(this.schemas.stored, fieldsOf(merged)) as Fields<D>;
      if (sameContent(current, { ...merged, ...fields })) return;
      assertCanWrite(ctx.actor, 'update', merged.sensitivity);
      await this.validate(txCtx, fields, id);
      await this.replace(txCtx, 'update', current, { ...merged, ...fields }, options.reason);
    });
    return this.get(ctx, id);
  }

  /** Changes server-maintained fields (see `managed` in the definition), with a revision. */
  async updateManaged(
    ctx: ServiceContext,
    id: string,
    changes: Record<string, unknown>,
    options: WriteOptions = {},
  ): Promise<ApiRecord> {
    const managed = this.def.managed;
    if (!managed) throw new Error(`${this.def.type} has no managed fields`);
    await this.inWriteTransaction(ctx, async (txCtx) => {
      const current = await this.getStored(txCtx, id);
      this.assertVersion(current, options.expectedVersion);
      assertCanWrite(ctx.actor, 'update', current.sensitivity);
      const next = { ...current, ...managed.parse({ ...current, ...changes }) } as StoredRecord<D>;
      if (sameContent(current, next)) return;
      await this.replace(txCtx, 'update', current, next, options.reason);
    });
    return this.get(ctx, id);
  }

  async remove(ctx: ServiceContext, id: string, options: WriteOptions = {}): Promise<void> {
    await this.inWriteTransaction(ctx, async (txCtx) => {
      const current = await this.getStored(txCtx, id);
      this.assertVersion(current, options.expectedVersion);
      assertCanWrite(ctx.actor, 'delete', current.sensitivity);
      const tombstone = { ...current, deletedAt: new Date().toISOString() };
      await this.replace(txCtx, 'delete', current, tombstone, options.reason);
    });
  }

  async restore(ctx: ServiceContext, id: string, options: WriteOptions = {}): Promise<ApiRecord> {
    await this.inWriteTransaction(ctx, async (txCtx) => {
      const { db } = txCtx;
      const [current] = await findRecords(db, this.def, [id], { includeDeleted: true });
      if (!current || !canSee(ctx.actor, current.sensitivity)) throw this.notFound();
      assertCanWrite(ctx.actor, 'restore', current.sensitivity);
      if (!current.deletedAt) return;
      this.assertVersion(current, options.expectedVersion);
      await this.validate(txCtx, fieldsOf(current) as Fields<D>, id);
      await this.replace(
        txCtx,
        'restore',
        current,
        { ...current, deletedAt: null },
        options.reason,
      );
    });
    return this.get(ctx, id);
  }

  /** Every revision of a record, tombstoned or not, each snapshot redacted to the caller's view. */
  async history(ctx: ServiceContext, id: string): Promise<HistoryEntry[]> {
    const db = this.db(ctx);
    const [current] = await findRecords(db, this.def, [id], { includeDeleted: true });
    if (!current || !canSee(ctx.actor, current.sensitivity)) throw this.notFound();
    await this.auditReads(ctx, 'record.history', auditedIdsOf([current]));
    const revisions = await listRevisions(db, id);
    return revisions.map((revision) => {
      const show = (snapshot: StoredRecord | null) =>
        snapshot && canSee(ctx.actor, snapshot.sensitivity)
          ? { ...this.present(ctx.actor, snapshot), deletedAt: snapshot.deletedAt }
          : null;
      const before = show(revision.before);
      const after = show(revision.after);
      const redacted = (revision.before !== null && !before) || (revision.after !== null && !after);
      return { ...revision, before, after, redacted };
    });
  }

  /**
   * Runs a write of this type in a transaction (the caller's, if any), first letting whatever
   * derives data from this type get ready (see RecordRegistry.beforeWrites).
   */
  private inWriteTransaction<T>(
    ctx: ServiceContext,
    work: (txCtx: ServiceContext & { db: Db }) => Promise<T>,
  ): Promise<T> {
    return inTransaction(this.db(ctx), async (db) => {
      const txCtx = { ...ctx, db };
      await this.deps.registry.prepareWrites(txCtx, this.def.type);
      return work(txCtx);
    });
  }

  private assertVersion(current: StoredRecord, expected: number | undefined) {
    if (expected !== undefined && expected !== current.version) {
      throw new Conflict('the record was changed since you read it', {
        currentVersion: current.version,
        yourVersion: expected,
      });
    }
  }

  private async replace(
    ctx: ServiceContext & { db: Db },
    action: WriteAction,
    before: StoredRecord,
    next: StoredRecord,
    reason: string | undefined,
  ) {
    const after = {
      ...next,
      version: before.version + 1,
      updatedAt: new Date().toISOString(),
      updatedBy: ctx.actor.id,
    };
    if (!(await replaceRecord(ctx.db, this.def, after, before.version))) {
      throw new Conflict('the record was changed by another writer at the same time', {
        currentVersion: before.version + 1,
      });
    }
    await this.writeRevision(ctx, action, before, after, reason);
    await this.syncSearch(ctx.db, after);
    await this.deps.registry.notifyWrite(ctx, this.def.type, action, before, after);
  }

  /**
   * Keeps the record's search entry in step, inside the write's transaction: a live record is
   * (re)indexed with its label and search text, a tombstone leaves the index.
   */
  async syncSearch(db: Db, record: StoredRecord): Promise<void> {
    const search = this.deps.search;
    if (!search) return;
    if (record.deletedAt) {
      await search.remove(db, this.def.type, record.id);
      return;
    }
    await search.upsertMany(db, [this.searchEntry(record)]);
  }

  private searchEntry(record: StoredRecord): SearchEntry {
    const fields = fieldsOf(record) as Fields<D>;
    return {
      type: this.def.type,
      id: record.id,
      sensitivity: record.sensitivity,
      title: this.def.label(fields),
      text: this.def.searchText(fields),
    };
  }

  /** Every read of a confidential or secret record is on the audit log: who, when, which. */
  private async auditReads(ctx: ServiceContext, action: string, ids: string[]) {
    if (!this.deps.audit || ids.length === 0) return;
    // Inside the caller's transaction when there is one: a second one would wait on the first.
    await this.deps.audit.append(
      {
        actor: ctx.actor.id,
        action,
        targetType: this.def.type,
        targetId: ids.length === 1 ? ids[0] : undefined,
        ip: ctx.ip,
        requestId: ctx.requestId,
        details: { ids },
      },
      ctx.db,
    );
  }

  private async writeRevision(
    ctx: ServiceContext & { db: Db },
    action: WriteAction,
    before: StoredRecord | null,
    after: StoredRecord,
    reason: string | undefined,
  ) {
    await this.deps.audit?.append(
      {
        actor: ctx.actor.id,
        action: `record.${action}`,
        targetType: this.def.type,
        targetId: after.id,
        ip: ctx.ip,
        requestId: ctx.requestId,
        details: { version: after.version, sensitivity: after.sensitivity },
      },
      ctx.db,
    );
    await insertRevisions(ctx.db, [this.revisionOf(ctx, action, before, after, reason)]);
  }

  private revisionOf(
    ctx: ServiceContext,
    action: WriteAction,
    before: StoredRecord | null,
    after: StoredRecord,
    reason: string | undefined,
  ): Revision {
    return {
      id: newId(),
      recordType: this.def.type,
      recordId: after.id,
      version: after.version,
      action,
      actor: ctx.actor.id,
      at: after.updatedAt,
      reason: reason ?? null,
      requestId: ctx.requestId ?? null,
      before,
      after,
    };
  }

  private async attachCitations(ctx: ServiceContext, records: readonly CitingRecord[]) {
    const citing = records.filter(({ citations }) => citations.length > 0);
    if (citing.length === 0) return;
    const links = this.deps.registry.citationLinks;
    if (!links) throw new Error('citations are not wired');
    await links.attach(ctx, this.def.type, citing);
  }

  /** Collects every problem with a record (cross-field rules, references, module rules) at once. */
  private async validate(
    ctx: ServiceContext & { db: Db },
    fields: Fields<D>,
    id: string,
  ): Promise<void> {
    const [issues = []] = await problemsOf(ctx, this.def, [{ fields, id }], this.deps);
    if (issues.length > 0) throw new Invalid(issues);
  }
}

/** A new record's first version: its fields and the metadata every record starts with. */
function firstVersion<D extends RecordTypeDefinition>(
  fields: object,
  meta: { id: string; sensitivity: Sensitivity; actor: Actor; now?: string },
): StoredRecord<D> {
  const now = meta.now ?? new Date().toISOString();
  return {
    ...fields,
    id: meta.id,
    version: 1,
    sensitivity: meta.sensitivity,
    createdAt: now,
    updatedAt: now,
    createdBy: meta.actor.id,
    updatedBy: meta.actor.id,
    deletedAt: null,
  } as StoredRecord<D>;
}

function issuesWithPrefix(issues: FieldIssue[], prefix: string): FieldIssue[] {
  return issues.map((issue) => ({ ...issue, field: `${prefix}.${issue.field}` }));
}

function sameContent(a: StoredRecord, b: StoredRecord): boolean {
  return a.sensitivity === b.sensitivity && stableJson(fieldsOf(a)) === stableJson(fieldsOf(b));
}
