import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Db } from '../../db/database.js';
import { Forbidden, Invalid, NotFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Actor } from '../auth/policy.js';
import type { RecordRegistry } from '../records/registry.js';
import type { ServiceContext } from '../records/service.js';
import { type DuplicateFinder, type ImportOptions, importItems } from './engine.js';
import { fieldCatalogue } from './field-catalogue.js';
import type { ImportItem, ImportProblem } from './item.js';
import { type MapFile, parseMapFile, type ResolvedMapping, resolveMapping } from './mapping.js';
import { type ImportFormat, type OpenTable, openTable } from './open-table.js';
import { findImport, finishImport, type ImportRun, insertImport, listImports } from './repo.js';
import type { ImportProgress, ImportReport } from './report.js';
import { rowsToItems } from './rows-to-items.js';

/** A file on disk to import, and the name its owner knows it by. */
export interface ImportFile {
  path: string;
  name: string;
}

export interface FileImportOptions {
  type?: string;
  format?: ImportFormat;
  /** a MAP.json document, parsed or not */
  mapping?: unknown;
  sheet?: string;
  dryRun?: boolean;
  onProgress?: (progress: FileImportProgress) => void;
}

/** Progress of a file import: the engine's counts, and how far through the file the reader is. */
export interface FileImportProgress extends ImportProgress {
  bytesRead: number;
  totalBytes: number;
}

/** Importing writes many records at once: editors and administrators only. */
export function assertCanImport(actor: Actor): void {
  if (actor.role !== 'admin' && actor.role !== 'editor') {
    throw new Forbidden('only editors and administrators may import');
  }
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export const PREVIEW_ROWS = 10;

/**
 * Files in, records out: reads a CSV or XLSX file, maps its columns to a record type's fields,
 * hands the rows to the import engine and keeps a log of every import.
 */
export class ImportService {
  constructor(
    private readonly deps: { db: Db; registry: RecordRegistry; duplicates?: DuplicateFinder },
  ) {}

  /** the matcher, once it exists, reports likely duplicate people through this */
  set duplicates(finder: DuplicateFinder | undefined) {
    this.deps.duplicates = finder;
  }

  /** The engine itself, for importers of other formats: items in, a report out. */
  importItems(
    ctx: ServiceContext,
    items: AsyncIterable<ImportItem>,
    options: ImportOptions = {},
  ): Promise<ImportReport> {
    assertCanImport(ctx.actor);
    return importItems(this.deps, ctx, items, options);
  }

  types(): string[] {
    return this.deps.registry.all().map((s) => s.def.type);
  }

  private prepare(options: FileImportOptions) {
    const mapFile: MapFile | undefined =
      options.mapping === undefined || options.mapping === null
        ? undefined
        : parseMapFile(options.mapping);
    const type = options.type ?? mapFile?.type;
    const service = type ? this.deps.registry.get(type) : undefined;
    if (!type || !service) {
      throw new Invalid([
        {
          field: 'type',
          reason: type
            ? `"${type}" is not a record type (one of: ${this.types().join(', ')})`
            : `is required (one of: ${this.types().join(', ')})`,
          code: 'unknown_record_type',
        },
      ]);
    }
    if (options.type && mapFile?.type && options.type !== mapFile.type) {
      throw new Invalid([
        {
          field: 'mapping.type',
          reason: `says "${mapFile.type}" but the import is into "${options.type}"`,
          code: 'type_mismatch',
        },
      ]);
    }
    return { mapFile, type, catalogue: fieldCatalogue(service.def, this.types()) };
  }

  private async open(file: ImportFile, options: FileImportOptions, mapFile?: MapFile) {
    return openTable(file.path, {
      name: file.name,
      format: options.format,
      sheet: options.sheet ?? mapFile?.sheet,
      headerRow: mapFile?.headerRow,
      delimiter: mapFile?.delimiter,
    });
  }

  /**
   * What the mapping step shows before anything is imported: the columns, the first rows, the
   * field each column would fill, the columns left over, and every field there is to choose.
   */
  async preview(ctx: ServiceContext, file: ImportFile, options: FileImportOptions) {
    assertCanImport(ctx.actor);
    const { mapFile, type, catalogue } = this.prepare(options);
    const table = await this.open(file, options, mapFile);
    const mapping = resolveMapping(table.headers, catalogue, mapFile, this.types());
    const rows: { row: number; cells: Record<string, string> }[] = [];
    for await (const row of table.rows) {
      rows.push(row);
      if (rows.length >= PREVIEW_ROWS) break;
    }
    return {
      type,
      format: table.format,
      sheet: table.sheet ?? null,
      sheets: table.sheets ?? [],
      headerRow: table.headerRow,
      headers: table.headers,
      rows,
      columns: table.headers.map((column) => {
        const mapped = mapping.columns.find((c) => c.column === column);
        return {
          column,
          field: mapped?.target.path ?? null,
          how: (mapped?.how ?? (mapping.ignored.includes(column) ? 'ignored' : 'unmapped')) as
            | 'automatic'
            | 'mapping'
            | 'ignored'
            | 'unmapped',
        };
      }),
      unmapped: mapping.unmapped,
      fields: catalogue.map((t) => ({
        field: t.path,
        kind: t.kind,
        ...(t.values ? { values: [...t.values] } : {}),
        ...(t.refType ? { refType: t.refType } : {}),
      })),
    };
  }

  /** Imports a whole file, logging it (file name, SHA-256, who, when, outcome) in `imports`. */
  async importFile(
    ctx: ServiceContext,
    file: ImportFile,
    options: FileImportOptions,
  ): Promise<{ run: ImportRun; report: ImportReport }> {
    return (await this.startFileImport(ctx, file, options))();
  }

  /**
   * Checks everything that can be checked before the first row (permission, type, mapping,
   * the file's header) and answers with the import itself, ready to run: a caller streaming
   * progress knows the request is sound before it starts answering.
   */
  async startFileImport(
    ctx: ServiceContext,
    file: ImportFile,
    options: FileImportOptions,
  ): Promise<() => Promise<{ run: ImportRun; report: ImportReport }>> {
    assertCanImport(ctx.actor);
    const { mapFile, type, catalogue } = this.prepare(options);
    const table = await this.open(file, options, mapFile);
    const mapping = resolveMapping(table.headers, catalogue, mapFile, this.types());
    return () => this.runFileImport(ctx, file, options, { type, table, mapping });
  }

  private async runFileImport(
    ctx: ServiceContext,
    file: ImportFile,
    options: FileImportOptions,
    { type, table, mapping }: { type: string; table: OpenTable; mapping: ResolvedMapping },
  ): Promise<{ run: ImportRun; report: ImportReport }> {
    const id = newId();
    await insertImport(this.deps.db, {
      id,
      fileName: file.name,
      sha256: await sha256Of(file.path),
      type,
      dryRun: Boolean(options.dryRun),
      actor: ctx.actor.id,
      startedAt: new Date().toISOString(),
    });
    let report: ImportReport;
    try {
      report = await importItems(
        this.deps,
        ctx,
        rowsToItems(type, mapping, table.rows, file.name),
        {
          dryRun: options.dryRun,
          onProgress: options.onProgress
            ? (progress) => options.onProgress?.({ ...progress, ...table.position() })
            : undefined,
          warnings: unmappedWarnings(mapping, table.headerRow, file.name),
        },
      );
    } catch (error) {
      await finishImport(this.deps.db, id, 'failed', null);
      throw error;
    }
    const status = report.refused > 0 ? 'refused' : report.dryRun ? 'dry_run' : 'committed';
    await finishImport(this.deps.db, id, status, report);
    const run = await findImport(this.deps.db, id);
    return { run: run!, report };
  }

  /** Past imports, newest first: all of them for an administrator, one's own for an editor. */
  async list(ctx: ServiceContext, limit = 50): Promise<ImportRun[]> {
    assertCanImport(ctx.actor);
    return listImports(this.deps.db, {
      limit,
      actor: ctx.actor.role === 'admin' ? undefined : ctx.actor.id,
    });
  }

  async get(ctx: ServiceContext, id: string): Promise<ImportRun & { report: ImportReport | null }> {
    assertCanImport(ctx.actor);
    const run = await findImport(this.deps.db, id);
    if (!run || (ctx.actor.role !== 'admin' && run.actor !== ctx.actor.id)) {
      throw new NotFound('Import');
    }
    return run;
  }
}

/** Columns no field takes are named in the report, never dropped without a word. */
function unmappedWarnings(
  mapping: ResolvedMapping,
  headerRow: number,
  file: string,
): ImportProblem[] {
  return mapping.unmapped.map((column) => ({
    row: headerRow,
    file,
    column,
    reason:
      'no field takes this column, so it was not imported (map it in MAP.json, or map it to null to say it is left out on purpose)',
    code: 'unmapped_column',
  }));
}
