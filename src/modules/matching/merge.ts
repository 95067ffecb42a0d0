import type { Db } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import { Conflict, type FieldIssue, Forbidden, Invalid, NotFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { foldText } from '../../lib/text.js';
import { assertCanWrite, canSee, SYSTEM_ACTOR } from '../auth/policy.js';
import type { PersonFields } from '../people/schema.js';
import type { StoredRecord } from '../records/definition.js';
import type { RecordRegistry } from '../records/registry.js';
import type { RecordService, ServiceContext } from '../records/service.js';
import { getAtPath, patchAtPath } from './field-paths.js';
import * as repo from './repo.js';
import { normaliseIdentifier } from './score.js';
import { assertCanDecide, type MatchingService } from './service.js';

export interface MergeRequest {
  keepId: string;
  mergeId: string;
  reason?: string;
}

export interface MergeView {
  id: string;
  keepId: string;
  mergeId: string;
  reason: string | null;
  changes: repo.MergeChange[];
  createdBy: string;
  createdAt: string;
  undoneBy: string | null;
  undoneAt: string | null;
}

type Person = StoredRecord & PersonFields & { mergedInto?: string | null };
type Identifier = NonNullable<PersonFields['identifiers']>[number];

const MERGE_REASON = (keepId: string, reason?: string | null) =>
  `merged into person ${keepId}${reason ? `: ${reason}` : ''}`;
const UNDO_REASON = (mergeId: string) => `undo of merge ${mergeId}`;

/** A name as one alias string: "Given Family". */
const fullName = (p: PersonFields) =>
  [p.givenNames, p.familyNames].filter(Boolean).join(' ').trim();

/**
 * Merges two person records that a reviewer decided are one person, and undoes such merges.
 * Every change goes through the record services, so each is an ordinary revision carrying the
 * merge's reason, and the merge record lists them all so that undo restores exactly.
 */
export class MergeService {
  constructor(
    private readonly deps: {
      db: Db;
      registry: RecordRegistry;
      people: RecordService;
      matching: MatchingService;
    },
  ) {}

  async get(ctx: ServiceContext, id: string): Promise<MergeView> {
    const merge = await repo.findMerge(ctx.db ?? this.deps.db, id);
    // Both people must be visible to the caller, live or as a tombstone (through history).
    if (!merge || !(await this.canSeeBoth(ctx, merge))) throw new NotFound('Merge');
    // Identifiers the merge copied keep their own sensitivity in the response too.
    const changes = merge.changes.map((change) =>
      change.field === 'identifiers' && Array.isArray(change.newValue)
        ? {
            ...change,
            newValue: (change.newValue as Identifier[]).filter((i) =>
              canSee(ctx.actor, i.sensitivity),
            ),
          }
        : change,
    );
    return { ...merge, changes };
  }

  /** The person a merged-away id now stands for, if the caller may see both. */
  async redirectFor(ctx: ServiceContext, personId: string): Promise<string | undefined> {
    let current = personId;
    // Merges can chain (A into B, later B into C): follow to the live end, never in circles.
    for (let hops = 0; hops < 10; hops++) {
      const merge = await repo.activeMergeOf(ctx.db ?? this.deps.db, current);
      if (!merge) break;
      current = merge.keepId;
    }
    if (current === personId) return undefined;
    const visible = await this.deps.people.findVisible(ctx, [current]);
    return visible.length === 1 && (await this.canSeeMerged(ctx, personId)) ? current : undefined;
  }

  async merge(ctx: ServiceContext, request: MergeRequest): Promise<MergeView> {
    assertCanDecide(ctx.actor);
    const { keepId, mergeId } = request;
    const reason = request.reason?.trim() || null;
    const id = await inTransaction(ctx.db ?? this.deps.db, async (db) => {
      const txCtx = { ...ctx, db };
      const [keep, merged] = await this.loadPair(txCtx, keepId, mergeId);
      assertCanWrite(ctx.actor, 'update', keep.sensitivity);
      assertCanWrite(ctx.actor, 'delete', merged.sensitivity);
      const why = MERGE_REASON(keepId, reason);
      const changes: repo.MergeChange[] = [];

      for (const { service, record } of await this.referencing(txCtx, mergeId)) {
        changes.push(...(await this.repoint(txCtx, service, record, mergeId, keepId, why)));
      }
      changes.push(...(await this.addNames(txCtx, keep, merged, why)));
      // Recorded on the person merged away, then tombstoned: their history ends with the merge.
      await this.deps.people.updateManaged(txCtx, mergeId, { mergedInto: keepId }, { reason: why });
      await this.deps.people.remove(txCtx, mergeId, { reason: why });
      const [tombstoned] = await this.tombstones(db, [mergeId]);
      changes.push({
        recordType: 'person',
        recordId: mergeId,
        field: 'mergedInto',
        kind: 'repoint',
        oldValue: null,
        newValue: keepId,
        version: tombstoned?.version ?? 0,
      });
      await this.deps.matching.markMerged(db, ctx.actor, keep, merged, reason);
      const mergeRecordId = newId();
      await repo.insertMerge(db, {
        id: mergeRecordId,
        keepId,
        mergeId,
        reason,
        changes,
        createdBy: ctx.actor.id,
        createdAt: new Date().toISOString(),
        undoneBy: null,
        undoneAt: null,
      });
      return mergeRecordId;
    });
    return this.get(ctx, id);
  }

  async undo(ctx: ServiceContext, id: string): Promise<MergeView> {
    const merge = await this.get(ctx, id);
    assertCanDecide(ctx.actor);
    if (merge.undoneAt) {
      throw new Conflict(`merge ${id} was already undone`, { undoneAt: merge.undoneAt });
    }
    await inTransaction(ctx.db ?? this.deps.db, async (db) => {
      const txCtx = { ...ctx, db };
      await this.assertUnchangedSince(db, merge);
      const why = UNDO_REASON(id);
      await this.deps.people.restore(txCtx, merge.mergeId, { reason: why });
      await this.deps.people.updateManaged(
        txCtx,
        merge.mergeId,
        { mergedInto: null },
        { reason: why },
      );
      for (const change of [...merge.changes].reverse()) {
        if (change.recordType === 'person' && change.field === 'mergedInto') continue;
        const service = this.deps.registry.get(change.recordType);
        if (!service) throw new Error(`no service for ${change.recordType}`);
        const current = (await service.getStored(txCtx, change.recordId)) as StoredRecord;
        const patch =
          change.kind === 'repoint'
            ? patchAtPath(current, change.field, change.oldValue)
            : change.kind === 'remove'
              ? patchAtPath(current, parentPath(change.field), withReinserted(current, change))
              : patchAtPath(
                  current,
                  change.field,
                  withoutAdded(getAtPath(current, change.field), change.newValue),
                );
        await service.update(txCtx, change.recordId, patch, { reason: why });
      }
      await this.deps.matching.reopenPair(db, merge.keepId, merge.mergeId);
      await repo.markUndone(db, id, ctx.actor.id, new Date().toISOString());
    });
    return this.get(ctx, id);
  }

  /**
   * Undo restores exactly or not at all: a re-pointed record edited since the merge is named
   * and the undo refused, rather than silently overwriting that edit. Values added to the kept
   * person are removed where still present, whatever else was edited on it since.
   */
  private async assertUnchangedSince(db: Db, merge: MergeView) {
    for (const change of merge.changes) {
      if (change.kind === 'add') continue;
      const service = this.deps.registry.get(change.recordType);
      // The merged person is a tombstone, read through its history; the rest are live records.
      const [current] =
        change.field === 'mergedInto'
          ? await this.tombstones(db, [change.recordId])
          : service
            ? await this.systemRecords(db, service, [change.recordId])
            : [undefined];
      if (!current || current.version !== change.version) {
        const name = service?.def.names.singular.toLowerCase() ?? change.recordType;
        throw new Conflict(
          `${name} ${change.recordId} was changed after the merge (version ${current?.version ?? 'gone'}, the merge left version ${change.version}); undo it by hand or revert that change first`,
          { recordType: change.recordType, recordId: change.recordId, field: change.field },
        );
      }
    }
  }

  private async loadPair(ctx: ServiceContext & { db: Db }, keepId: string, mergeId: string) {
    const issues: FieldIssue[] = [];
    if (keepId === mergeId) {
      issues.push({
        field: 'mergeId',
        reason: 'must differ from keepId: a person cannot be merged into themselves',
        code: 'same_person',
      });
      throw new Invalid(issues);
    }
    const found = new Map(
      (await this.deps.people.findVisible(ctx, [keepId, mergeId])).map((p) => [p.id, p as Person]),
    );
    for (const [field, id] of [
      ['keepId', keepId],
      ['mergeId', mergeId],
    ] as const) {
      if (found.has(id)) continue;
      const active = await repo.activeMergeOf(ctx.db, id);
      if (active && (await this.canSeeBoth(ctx, active))) {
        throw new Conflict(`person ${id} was already merged into person ${active.keepId}`, {
          field,
          mergeId: active.id,
          mergedInto: active.keepId,
        });
      }
      issues.push({ field, reason: `no person with id ${id}`, code: 'unknown_reference' });
    }
    if (issues.length > 0) throw new Invalid(issues);
    return [found.get(keepId) as Person, found.get(mergeId) as Person] as const;
  }

  /**
   * Every live record of any type that refers to the person, found by the references each
   * type declares. A reference the caller may not see blocks the merge, named by nothing: a
   * merge must move everything or nothing, and must not reveal what it cannot show.
   */
  private async referencing(ctx: ServiceContext & { db: Db }, personId: string) {
    const found: { service: RecordService; record: StoredRecord }[] = [];
    let hidden = 0;
    for (const service of this.deps.registry.all()) {
      if (!service.def.refs || service.def.type === 'person') continue;
      const ids = await repo.recordsMentioning(ctx.db, service.def.table, personId);
      for (const record of await this.systemRecords(ctx.db, service, ids)) {
        const refs = service.def.refs(record as never);
        if (!refs.some((r) => r.type === 'person' && r.id === personId)) continue;
        if (canSee(ctx.actor, record.sensitivity)) found.push({ service, record });
        else hidden++;
      }
    }
    if (hidden > 0) {
      throw new Forbidden(
        `${hidden} record(s) above your clearance refer to this person; someone cleared to see them must merge`,
      );
    }
    return found;
  }

  private async repoint(
    ctx: ServiceContext & { db: Db },
    service: RecordService,
    record: StoredRecord,
    fromId: string,
    toId: string,
    why: string,
  ): Promise<repo.MergeChange[]> {
    const fields = service.def
      .refs?.(record as never)
      .filter((r) => r.type === 'person' && r.id === fromId)
      .map((r) => r.field);
    if (!fields?.length) return [];
    let working = record as Record<string, unknown>;
    let patch: Record<string, unknown> = {};
    const kinds: ('repoint' | 'remove')[] = [];
    for (const field of fields) {
      const list = listHolding(working, field);
      // A list of ids that already names the kept person keeps one entry, not two.
      const removes = list?.includes(toId) ?? false;
      const change = removes
        ? patchAtPath(
            working,
            parentPath(field),
            list?.filter((_, i) => i !== lastIndex(field)),
          )
        : patchAtPath(working, field, toId);
      kinds.push(removes ? 'remove' : 'repoint');
      patch = { ...patch, ...change };
      working = { ...working, ...change };
    }
    const updated = await service.update(ctx, record.id, patch, { reason: why });
    return fields.map((field, i) => ({
      recordType: service.def.type,
      recordId: record.id,
      field,
      kind: kinds[i] ?? 'repoint',
      oldValue: fromId,
      newValue: kinds[i] === 'remove' ? null : toId,
      version: updated.version,
    }));
  }

  /** The merged person's names, identifiers and nationalities that the kept one lacks. */
  private async addNames(
    ctx: ServiceContext & { db: Db },
    keep: Person,
    merged: Person,
    why: string,
  ): Promise<repo.MergeChange[]> {
    const knownNames = new Set(
      [fullName(keep), ...(keep.aliases ?? [])].filter(Boolean).map(foldText),
    );
    const aliases = [fullName(merged), ...(merged.aliases ?? [])]
      .filter((name) => name && !knownNames.has(foldText(name)))
      .filter((name, i, all) => all.findIndex((n) => foldText(n) === foldText(name)) === i);
    const idKey = (i: Identifier) => `${i.kind}:${normaliseIdentifier(i.value, i.kind)}`;
    const knownIds = new Set((keep.identifiers ?? []).map(idKey));
    const identifiers = (merged.identifiers ?? []).filter((i) => !knownIds.has(idKey(i)));
    const nationalities = (merged.nationalities ?? []).filter(
      (n) => !(keep.nationalities ?? []).includes(n),
    );
    const additions = { aliases, identifiers, nationalities } as const;
    const patch: Record<string, unknown> = {};
    for (const [field, added] of Object.entries(additions)) {
      if (added.length > 0) {
        patch[field] = [...((keep[field as keyof typeof additions] as unknown[]) ?? []), ...added];
      }
    }
    if (Object.keys(patch).length === 0) return [];
    const updated = await this.deps.people.update(ctx, keep.id, patch, { reason: why });
    return Object.entries(additions)
      .filter(([, added]) => added.length > 0)
      .map(([field, added]) => ({
        recordType: 'person',
        recordId: keep.id,
        field,
        kind: 'add' as const,
        oldValue: null,
        newValue: added,
        version: updated.version,
      }));
  }

  /** Records by id as stored, whoever may see them (for checks, never for responses). */
  private async systemRecords(db: Db, service: RecordService, ids: string[]) {
    return service.findVisible({ actor: SYSTEM_ACTOR, db }, ids);
  }

  private async tombstones(db: Db, ids: string[]) {
    const history = await Promise.all(
      ids.map((id) => this.deps.people.history({ actor: SYSTEM_ACTOR, db }, id)),
    );
    return history.map((entries) => entries.at(-1)?.after as { version: number } | undefined);
  }

  private async canSeeMerged(ctx: ServiceContext, personId: string): Promise<boolean> {
    const [snapshot] = await this.tombstones(ctx.db ?? this.deps.db, [personId]).catch(() => []);
    const sensitivity = (snapshot as { sensitivity?: string } | undefined)?.sensitivity;
    return sensitivity !== undefined && canSee(ctx.actor, sensitivity as never);
  }

  private async canSeeBoth(ctx: ServiceContext, merge: { keepId: string; mergeId: string }) {
    const keepVisible =
      (await this.deps.people.findVisible(ctx, [merge.keepId])).length === 1 ||
      (await this.canSeeMerged(ctx, merge.keepId));
    return keepVisible && (await this.canSeeMerged(ctx, merge.mergeId));
  }
}

/**
 * The list minus the values a merge added (identifiers compared whole). A list the merge
 * started is left empty rather than absent: list fields cannot be cleared with null.
 */
function withoutAdded(current: unknown, added: unknown): unknown[] {
  const addedKeys = new Set((added as unknown[]).map((v) => JSON.stringify(v)));
  return ((current as unknown[] | undefined) ?? []).filter(
    (v) => !addedKeys.has(JSON.stringify(v)),
  );
}

const parentPath = (path: string) => path.split('.').slice(0, -1).join('.');
const lastIndex = (path: string) => Number(path.split('.').at(-1));

/** The list of plain ids that `path` is an element of, if it is one. */
function listHolding(record: Record<string, unknown>, path: string): string[] | undefined {
  if (!Number.isInteger(lastIndex(path)) || !parentPath(path)) return undefined;
  const list = getAtPath(record, parentPath(path));
  return Array.isArray(list) && list.every((v) => typeof v === 'string') ? list : undefined;
}

/** The list with the id a merge removed put back where it was. */
function withReinserted(record: Record<string, unknown>, change: repo.MergeChange): unknown[] {
  const list = [...((getAtPath(record, parentPath(change.field)) as unknown[] | undefined) ?? [])];
  list.splice(lastIndex(change.field), 0, change.oldValue);
  return list;
}
