import type { Writable } from 'node:stream';
import { csvWriter } from './csv.js';
import { jsonWriter, ndjsonWriter } from './json.js';
import type { ExportWriter, WriterOptions } from './writer.js';
import { xlsxWriter } from './xlsx.js';

export const EXPORT_FORMATS = ['csv', 'json', 'ndjson', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const FORMAT_MEDIA: Record<ExportFormat, { mediaType: string; extension: string }> = {
  csv: { mediaType: 'text/csv; charset=utf-8', extension: 'csv' },
  json: { mediaType: 'application/json; charset=utf-8', extension: 'json' },
  ndjson: { mediaType: 'application/x-ndjson; charset=utf-8', extension: 'ndjson' },
  xlsx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
  },
};

export async function writerFor(
  format: ExportFormat,
  out: Writable,
  options: WriterOptions,
): Promise<ExportWriter> {
  switch (format) {
    case 'csv':
      return csvWriter(out, options);
    case 'json':
      return jsonWriter(out);
    case 'ndjson':
      return ndjsonWriter(out);
    case 'xlsx':
      return xlsxWriter(out, options);
  }
}
