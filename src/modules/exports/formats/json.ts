import type { Writable } from 'node:stream';
import type { ExportedRecord } from '../record-pages.js';
import { type ExportWriter, endStream, writeChunk } from './writer.js';

/** The record as the API shows it (with its citations), without the export's own labels. */
function apiShape(record: ExportedRecord): Record<string, unknown> {
  const { citationLabels: _labels, ...shown } = record;
  return shown;
}

/** A JSON array written record by record: valid JSON at the end, never whole in memory. */
export function jsonWriter(out: Writable): ExportWriter {
  let count = 0;
  return {
    async write(_cells, record) {
      await writeChunk(out, `${count++ === 0 ? '[' : ','}\n${JSON.stringify(apiShape(record))}`);
    },
    async end() {
      await writeChunk(out, count === 0 ? '[]\n' : '\n]\n');
      await endStream(out);
    },
  };
}

/** Newline-delimited JSON: one record per line, for tools that read a line at a time (jq, pandas). */
export function ndjsonWriter(out: Writable): ExportWriter {
  return {
    async write(_cells, record) {
      await writeChunk(out, `${JSON.stringify(apiShape(record))}\n`);
    },
    async end() {
      await endStream(out);
    },
  };
}
