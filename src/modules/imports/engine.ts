import type { Db } from '../../db/database.js';
import { BULK_WRITE_ROWS, refreshPlannerStatistics } from '../../db/statistics.js';
import { inTransaction } from '../../db/transaction.js';
import { DomainError, Invalid } from '../../lib/errors.js';
import { groupBy } from '../../lib/group-by.js';
import { isRecordId, newId } from '../../lib/ids.js';
import type { StoredRecord } from '../records/definition.js';
import type { RecordRegistry } from '../records/registry.js';
import type { RecordService, ServiceContext } from '../records/service.js';
import type { ImportItem, ImportProblem } from './item.js';
import {
  CappedList,
  type DuplicateFlag,
  emptyCounts,
  type ImportProgress,
  type ImportReport,
} from './report.js';
import { setPath } from './rows-to-items.js';

/** Where the matcher's open candidates for newly written people come from (when it is wired). */
export interface DuplicateFinder {
  candidatesFor(
    ctx: ServiceContext,
    personIds: readonly string[],
  ): Promise<Map<string, DuplicateFlag['candidates']>>;
}

export interface ImportEngineDeps {
  db: Db;
  registry: RecordRegistry;
  duplicates?: DuplicateFinder;
}

export interface ImportOptions {
  /** run every check and every write, then roll it all back */
  dryRun?: boolean;
  onProgress?: (progress: ImportProgress) => void;
  /** items read, looked up and written together (default 500) */
  batchSize?: number;
  /** problems kept in the report; all are counted (default 1,000) */
  maxProblems?: number;
  /** warnings given before the first row, e.g. columns the mapping left out */
  warnings?: ImportProblem[];
}

/** Thrown to roll the import's transaction back (a dry run, or a refused row). */
class RollBack extends Error {}

const keyOf = (type: string, externalId: string) => `${type}\u0000${externalId}`;

/** `nationalities.2` → the column the field came from, trying shorter paths in turn. */
function columnFor(item: ImportItem, field: string): string {
  const parts = field.split('.');
  for (let n = parts.length; n > 0; n--) {
    const column = item.columns?.[parts.slice(0, n).join('.')];
    if (column) return column;
  }
  return field;
}

/**
 * Items written together (`createMany`) by default. A batch's people share blocks and are each
 * other's nearest neighbours, so duplicate matching reads less per person the more are written
 * together: 40,000 people with the bench's names (many shared) were written 1.3× as fast in
 * batches of 2,000 as in batches of 500 (committing every 2,000 in batches of 500: 1.05×); a
 * CSV of distinct surnames imports as fast either way. Memory grows with the batch.
 */
export const IMPORT_BATCH = 2000;

/**
 * Writes items as records, all in one transaction: every row is checked by the record type's
 * own validation, references by external id are resolved (to records made earlier in the same
 * import, or stored before), a record already imported under the same external id is updated
 * only when something changed, and if any row is refused nothing at all is kept. A dry run is
 * the very same run, rolled back at the end, so it finds every problem a real run would.
 *
 * Memory stays bounded by the batch: items are read, looked up and written `batchSize` at a time.
 */
export async function importItems(
  deps: ImportEngineDeps,
  ctx: ServiceContext,
  items: AsyncIterable<ImportItem>,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const started = performance.now();
  const counts = emptyCounts();
  const problems = new CappedList<ImportProblem>(options.maxProblems ?? 1000);
  const warnings = new CappedList<ImportProblem>(options.maxProblems ?? 1000);
  warnings.push(...(options.warnings ?? []));
  const duplicates = new CappedList<DuplicateFlag>(options.maxProblems ?? 1000);
  /** external id → the row that first gave it, to refuse a second row with the same one */
  const firstRow = new Map<string, number>();
  const seconds = () => (performance.now() - started) / 1000;

  const serviceFor = (type: string): RecordService | undefined => deps.registry.get(type);

  async function runBatch(txCtx: ServiceContext & { db: Db }, batch: ImportItem[]) {
    // One lookup per type for the batch's own records and for everything they refer to.
    const wanted = new Map<string, Set<string>>();
    const want = (type: string, externalId: string) => {
      if (!externalId) return;
      if (!wanted.has(type)) wanted.set(type, new Set());
      wanted.get(type)!.add(externalId);
    };
    for (const item of batch) {
      want(item.type, item.externalId);
      for (const ref of Object.values(item.refs ?? {})) want(ref.type, ref.externalId);
      for (const cite of item.citeSources ?? []) want('source', cite.externalId);
    }
    const known = new Map<string, StoredRecord>();
    for (const [type, ids] of wanted) {
      const service = serviceFor(type);
      if (!service) continue;
      for (const record of await service.findByExternalIds(txCtx, [...ids])) {
        known.set(keyOf(type, String((record as { externalId?: string }).externalId)), record);
      }
    }
    const peopleWritten: { row: number; id: string }[] = [];
    /** new records of one type, in file order, waiting to be written together */
    let pending: {
      service: RecordService;
      item: ImportItem;
      id: string;
      input: Record<string, unknown>;
    }[] = [];
    const writePending = async () => {
      const queued = pending;
      pending = [];
      if (queued.length === 0) return;
      try {
        await queued[0]!.service.createMany(
          txCtx,
          queued.map((q) => q.input),
          { ids: queued.map((q) => q.id), reason: 'import' },
        );
        counts.created += queued.length;
      } catch (error) {
        if (!(error instanceof Invalid)) throw error;
        // Issues name the input by index (`3.familyNames`): back to rows and columns.
        const byInput = groupBy(error.issues, (issue) => [Number(issue.field.split('.')[0])]);
        counts.created += queued.length - byInput.size;
        for (const [index, issues] of byInput) {
          const { item } = queued[index]!;
          counts.refused++;
          problems.push(
            ...issues.map((issue) => ({
              row: item.origin.row,
              file: item.origin.file,
              column: columnFor(item, issue.field.split('.').slice(1).join('.')),
              reason: issue.reason,
              code: issue.code,
            })),
          );
        }
        // The other inputs were sound but are not written: the import rolls back anyway.
      }
    };

    for (const item of batch) {
      counts.rows++;
      const refuse = (found: ImportProblem[]) => {
        counts.refused++;
        problems.push(...found);
      };
      const problem = (column: string, reason: string, code: string): ImportProblem => ({
        row: item.origin.row,
        file: item.origin.file,
        column,
        reason,
        code,
      });
      if (item.problems?.length) {
        refuse(item.problems);
        continue;
      }
      const service = serviceFor(item.type);
      if (!service) {
        refuse([problem('(type)', `"${item.type}" is not a record type`, 'unknown_record_type')]);
        continue;
      }
      const key = keyOf(item.type, item.externalId);
      const earlier = firstRow.get(key);
      if (earlier !== undefined) {
        refuse([
          problem(
            columnFor(item, 'externalId'),
            `repeats the external id "${item.externalId}" of row ${earlier}`,
            'repeated_external_id',
          ),
        ]);
        continue;
      }
      firstRow.set(key, item.origin.row);

      const body: Record<string, unknown> = structuredClone(item.body);
      const refProblems: ImportProblem[] = [];
      for (const [field, ref] of Object.entries(item.refs ?? {})) {
        const column = columnFor(item, field);
        if (!ref.type || !serviceFor(ref.type)) {
          refProblems.push(
            problem(
              column,
              'say in the mapping which record type this column refers to ("ref")',
              'unknown_record_type',
            ),
          );
          continue;
        }
        const target = known.get(keyOf(ref.type, ref.externalId));
        if (target && !target.deletedAt) setPath(body, field, target.id);
        else if (!target && isRecordId(ref.externalId)) setPath(body, field, ref.externalId);
        else {
          const singular = serviceFor(ref.type)!.def.names.singular.toLowerCase();
          refProblems.push(
            problem(
              column,
              target
                ? `the ${singular} with external id "${ref.externalId}" was deleted`
                : `no ${singular} with external id "${ref.externalId}", neither earlier in this file nor already stored`,
              'unknown_reference',
            ),
          );
        }
      }
      const citations: { sourceId: string; field?: string; locator?: string }[] = [];
      for (const cite of item.citeSources ?? []) {
        const source = known.get(keyOf('source', cite.externalId));
        if (!source || source.deletedAt) {
          refProblems.push(
            problem(
              cite.field ?? '(sources)',
              `no source with external id "${cite.externalId}"`,
              'unknown_source',
            ),
          );
        } else {
          citations.push({ sourceId: source.id, field: cite.field, locator: cite.locator });
        }
      }
      if (refProblems.length > 0) {
        refuse(refProblems);
        continue;
      }

      const existing = known.get(key);
      try {
        if (existing?.deletedAt) {
          counts.skipped++;
          warnings.push(
            problem(
              columnFor(item, 'externalId'),
              `the ${service.def.names.singular.toLowerCase()} imported with external id "${item.externalId}" was deleted; left deleted (restore it to import into it again)`,
              'deleted_record',
            ),
          );
          continue;
        }
        let id: string;
        if (!existing) {
          // Queued and written in bulk; the id is chosen now so later rows can refer to it.
          // A record can be validated only against records already written: flush first when
          // this one is of another type or refers to one still queued.
          const refersToQueued = Object.values(item.refs ?? {}).some((ref) =>
            pending.some((p) => p.item.type === ref.type && p.item.externalId === ref.externalId),
          );
          if (pending.length > 0 && (pending[0]!.service !== service || refersToQueued)) {
            await writePending();
          }
          id = newId();
          pending.push({
            service,
            item,
            id,
            input: {
              ...body,
              externalId: item.externalId,
              ...(citations.length > 0 ? { citations } : {}),
            },
          });
          known.set(key, { id, deletedAt: null } as unknown as StoredRecord);
        } else {
          await writePending();
          id = existing.id;
          const patch: Record<string, unknown> = { ...body };
          for (const field of item.clear ?? []) {
            const stored = (existing as Record<string, unknown>)[field];
            if (stored === undefined || stored === null || field in patch) continue;
            patch[field] = Array.isArray(stored) ? [] : null;
          }
          const after = await service.update(txCtx, existing.id, patch, {
            reason: 'import',
          });
          const newCitations = await missingCitations(txCtx, service, id, citations);
          if (newCitations.length > 0) {
            await deps.registry.citationLinks?.attach(txCtx, item.type, [
              {
                id,
                sensitivity: after.sensitivity as StoredRecord['sensitivity'],
                citations: newCitations,
                prefix: '',
              },
            ]);
          }
          if (after.version > existing.version || newCitations.length > 0) counts.updated++;
          else counts.unchanged++;
        }
        if (item.type === 'person') peopleWritten.push({ row: item.origin.row, id });
      } catch (error) {
        if (error instanceof Invalid) {
          refuse(
            error.issues.map((issue) =>
              problem(columnFor(item, issue.field), issue.reason, issue.code),
            ),
          );
        } else if (error instanceof DomainError) {
          refuse([problem('(row)', error.message, error.code)]);
        } else {
          throw error;
        }
      }
    }
    await writePending();
    await flagDuplicates(txCtx, peopleWritten);
  }

  /** Asks the matcher (when wired) which people just written may already be on file. */
  async function flagDuplicates(txCtx: ServiceContext, written: { row: number; id: string }[]) {
    if (!deps.duplicates || written.length === 0) return;
    const found = await deps.duplicates.candidatesFor(
      txCtx,
      written.map((w) => w.id),
    );
    for (const { row, id } of written) {
      const candidates = found.get(id);
      if (candidates?.length) duplicates.push({ row, personId: id, candidates });
    }
  }

  async function missingCitations(
    txCtx: ServiceContext,
    service: RecordService,
    id: string,
    wanted: { sourceId: string; field?: string; locator?: string }[],
  ) {
    if (wanted.length === 0) return [];
    const have = (await deps.registry.citationLinks?.summaries(txCtx, service.def.type, id)) ?? [];
    const sameAs =
      (a: { sourceId: string; field?: string | null; locator?: string | null }) =>
      (b: { sourceId: string; field?: string | null; locator?: string | null }) =>
        a.sourceId === b.sourceId &&
        (a.field ?? null) === (b.field ?? null) &&
        (a.locator ?? null) === (b.locator ?? null);
    return wanted.filter((w) => !have.some(sameAs(w)));
  }

  const dryRun = Boolean(options.dryRun);
  let committed = false;
  try {
    await inTransaction(ctx.db ?? deps.db, async (db) => {
      const txCtx = { ...ctx, db };
      let batch: ImportItem[] = [];
      const size = options.batchSize ?? IMPORT_BATCH;
      const flush = async () => {
        await runBatch(txCtx, batch);
        batch = [];
        options.onProgress?.({ ...counts, seconds: seconds() });
      };
      for await (const item of items) {
        batch.push(item);
        if (batch.length >= size) await flush();
      }
      if (batch.length > 0) await flush();
      if (dryRun || counts.refused > 0) throw new RollBack();
    });
    committed = true;
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
  }
  // An import inside a caller's transaction leaves this to the caller, who commits it.
  const wrote = counts.created + counts.updated;
  if (committed && wrote >= BULK_WRITE_ROWS && !ctx.db?.isTransaction) {
    await refreshPlannerStatistics(deps.db);
  }
  const elapsed = seconds();
  return {
    ...counts,
    dryRun,
    committed,
    problems: problems.items,
    problemCount: problems.count,
    warnings: warnings.items,
    duplicates: duplicates.items,
    seconds: elapsed,
    rowsPerSecond: elapsed > 0 ? Math.round(counts.rows / elapsed) : counts.rows,
  };
}
