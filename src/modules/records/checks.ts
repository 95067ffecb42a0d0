import type { Db } from '../../db/database.js';
import type { FieldIssue } from '../../lib/errors.js';
import { groupBy } from '../../lib/group-by.js';
import { canSee } from '../auth/policy.js';
import type { Fields, RecordTypeDefinition } from './definition.js';
import type { RecordRegistry } from './registry.js';
import { findRecordsByExternalId } from './repo.js';
import type { RecordRules, ServiceContext } from './service.js';

/** A record about to be stored; its id tells it apart from whoever holds its external id now. */
export interface PendingRecord<D extends RecordTypeDefinition> {
  id: string;
  fields: Fields<D>;
}

/**
 * Every problem of each of many records, in order, with one query per referenced type for all
 * of them: the checks of `create`, batched for bulk writes.
 */
export async function problemsOf<D extends RecordTypeDefinition>(
  ctx: ServiceContext & { db: Db },
  def: D,
  records: readonly PendingRecord<D>[],
  deps: { registry: RecordRegistry; rules?: RecordRules<D> },
): Promise<FieldIssue[][]> {
  const issues = records.map(({ fields }) => [...(def.check?.(fields) ?? [])]);
  await checkReferences(ctx, def, deps.registry, records, issues);
  await checkExternalIds(ctx, def, records, issues);
  if (deps.rules?.validate) {
    // Only records that pass every other check: a rule may rely on their references.
    const passing = [...records.keys()].filter((i) => issues[i]!.length === 0);
    const found = await deps.rules.validate(
      ctx,
      passing.map((i) => records[i]!.fields),
    );
    for (const [n, i] of passing.entries()) issues[i]!.push(...(found[n] ?? []));
  }
  return issues;
}

/** An external id names one record of a type for good, tombstones included. */
async function checkExternalIds<D extends RecordTypeDefinition>(
  ctx: ServiceContext & { db: Db },
  def: D,
  records: readonly PendingRecord<D>[],
  issues: FieldIssue[][],
): Promise<void> {
  const externalIdOf = (fields: Fields<D>) => (fields as { externalId?: string }).externalId;
  const wanted = records.map(({ fields }) => externalIdOf(fields)).filter((e) => e !== undefined);
  if (wanted.length === 0) return;
  const holders = new Map(
    (await findRecordsByExternalId(ctx.db, def, wanted)).map((r) => [
      (r as { externalId?: string }).externalId,
      r,
    ]),
  );
  const firstInBatch = new Map<string, string>();
  for (const [i, { fields, id }] of records.entries()) {
    const externalId = externalIdOf(fields);
    if (!externalId) continue;
    const holder = holders.get(externalId);
    const earlier = firstInBatch.get(externalId);
    if (!earlier) firstInBatch.set(externalId, id);
    let reason: string | undefined;
    if (holder && holder.id !== id) {
      reason = canSee(ctx.actor, holder.sensitivity)
        ? `is already the external id of ${def.names.singular.toLowerCase()} ${holder.id}${holder.deletedAt ? ' (deleted)' : ''}`
        : 'is already taken';
    } else if (earlier && earlier !== id) {
      reason = 'appears twice in the same batch';
    }
    if (reason) issues[i]!.push({ field: 'externalId', reason, code: 'duplicate_external_id' });
  }
}

async function checkReferences<D extends RecordTypeDefinition>(
  ctx: ServiceContext & { db: Db },
  def: D,
  registry: RecordRegistry,
  records: readonly PendingRecord<D>[],
  issues: FieldIssue[][],
): Promise<void> {
  const refs = records.flatMap(({ fields }, item) =>
    (def.refs?.(fields) ?? []).map((ref) => ({ ...ref, item })),
  );
  for (const [type, group] of groupBy(refs, (ref) => [ref.type])) {
    const service = registry.get(type);
    const found = service
      ? new Set(
          (
            await service.findVisible(
              ctx,
              group.map((r) => r.id),
            )
          ).map((r) => r.id),
        )
      : new Set<string>();
    for (const ref of group) {
      if (!service) {
        issues[ref.item]!.push({
          field: ref.field,
          reason: `cannot refer to a record of type "${type}"`,
          code: 'unknown_record_type',
        });
      } else if (!found.has(ref.id)) {
        issues[ref.item]!.push({
          field: ref.field,
          reason: `no ${service.def.names.singular.toLowerCase()} with id ${ref.id}`,
          code: 'unknown_reference',
        });
      }
    }
  }
}
