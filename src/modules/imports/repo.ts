import type { Db } from '../../db/database.js';
import type { ImportReport } from './report.js';

/** The SQL of the import log, nothing else. */

export type ImportStatus = 'running' | 'committed' | 'dry_run' | 'refused' | 'failed';

export interface ImportRun {
  id: string;
  fileName: string;
  sha256: string;
  type: string;
  dryRun: boolean;
  status: ImportStatus;
  actor: string;
  startedAt: string;
  finishedAt: string | null;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  refused: number;
}

interface ImportRow {
  id: string;
  file_name: string;
  sha256: string;
  record_type: string;
  dry_run: number;
  status: ImportStatus;
  actor: string;
  started_at: string;
  finished_at: string | null;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  refused: number;
  report: string | null;
}

const fromRow = (row: ImportRow): ImportRun => ({
  id: row.id,
  fileName: row.file_name,
  sha256: row.sha256,
  type: row.record_type,
  dryRun: Boolean(Number(row.dry_run)),
  status: row.status,
  actor: row.actor,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  rows: Number(row.rows),
  created: Number(row.created),
  updated: Number(row.updated),
  unchanged: Number(row.unchanged),
  skipped: Number(row.skipped),
  refused: Number(row.refused),
});

export async function insertImport(
  db: Db,
  run: Pick<ImportRun, 'id' | 'fileName' | 'sha256' | 'type' | 'dryRun' | 'actor' | 'startedAt'>,
): Promise<void> {
  await db
    .insertInto('imports')
    .values({
      id: run.id,
      file_name: run.fileName,
      sha256: run.sha256,
      record_type: run.type,
      dry_run: run.dryRun ? 1 : 0,
      status: 'running',
      actor: run.actor,
      started_at: run.startedAt,
    })
    .execute();
}

export async function finishImport(
  db: Db,
  id: string,
  status: ImportStatus,
  report: ImportReport | null,
): Promise<void> {
  await db
    .updateTable('imports')
    .set({
      status,
      finished_at: new Date().toISOString(),
      ...(report
        ? {
            rows: report.rows,
            created: report.created,
            updated: report.updated,
            unchanged: report.unchanged,
            skipped: report.skipped,
            refused: report.refused,
            report: JSON.stringify(report),
          }
        : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function listImports(
  db: Db,
  options: { actor?: string; limit: number },
): Promise<ImportRun[]> {
  let query = db.selectFrom('imports').selectAll().orderBy('id', 'desc').limit(options.limit);
  if (options.actor) query = query.where('actor', '=', options.actor);
  return ((await query.execute()) as ImportRow[]).map(fromRow);
}

export async function findImport(
  db: Db,
  id: string,
): Promise<(ImportRun & { report: ImportReport | null }) | undefined> {
  const row = (await db
    .selectFrom('imports')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()) as ImportRow | undefined;
  return row ? { ...fromRow(row), report: row.report ? JSON.parse(row.report) : null } : undefined;
}
