import type { Writable } from 'node:stream';
import type { AuditLog } from '../audit/service.js';
import type { RecordRegistry } from '../records/registry.js';
import type { RecordService, ServiceContext } from '../records/service.js';
import { tableLayout } from './columns.js';
import { exportFileName } from './file-name.js';
import { type ExportFormat, FORMAT_MEDIA, writerFor } from './formats/index.js';
import { type ExportedRecord, type ExportSelection, exportPages } from './record-pages.js';

export interface ListExportDeps {
  registry: RecordRegistry;
  audit: AuditLog;
}

export interface PreparedExport {
  fileName: string;
  mediaType: string;
  /** writes the whole file to `out`, ends it, records the export; resolves to the row count */
  writeTo(out: Writable): Promise<number>;
}

/**
 * A filtered list as a file. The first page is read here, before a byte is sent, so a bad
 * filter or sort is an ordinary error response rather than a broken download; the rest is
 * streamed page by page by `writeTo`.
 */
export async function prepareListExport(
  deps: ListExportDeps,
  service: RecordService,
  ctx: ServiceContext,
  selection: ExportSelection,
  format: ExportFormat,
): Promise<PreparedExport> {
  const { def } = service;
  const pages = exportPages(deps.registry, service, ctx, selection);
  const first = await pages.next();
  return {
    fileName: exportFileName(def.names.plural, format),
    mediaType: FORMAT_MEDIA[format].mediaType,
    async writeTo(out) {
      const layout = tableLayout(def);
      const writer = await writerFor(format, out, {
        columns: layout.names,
        title: def.names.plural,
      });
      let rows = 0;
      const writePage = async (records: ExportedRecord[]) => {
        for (const record of records) await writer.write(layout.row(record), record);
        rows += records.length;
      };
      if (!first.done) {
        await writePage(first.value);
        for await (const page of pages) await writePage(page);
      }
      // Many records leave at once: who took which selection, how many rows, and when.
      await deps.audit.append({
        actor: ctx.actor.id,
        action: 'export.list',
        targetType: def.type,
        requestId: ctx.requestId,
        ip: ctx.ip,
        details: {
          type: def.type,
          format,
          filters: selection.filters ?? {},
          // whether words were searched, not which: the log holds no content
          search: Boolean(selection.q),
          ...(selection.sort ? { sort: selection.sort } : {}),
          ...(selection.sensitivity ? { sensitivity: selection.sensitivity } : {}),
          rows,
        },
      });
      // Last bytes after the log entry: whoever holds the whole file, the log already says so.
      await writer.end();
      return rows;
    },
  };
}
