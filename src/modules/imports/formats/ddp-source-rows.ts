import { basename, extname } from 'node:path';
import { readCsvRows } from './csv-rows.js';
import { columnKey } from './ddp-columns.js';
import { readIceWorkbook } from './ddp-xlsx.js';

/** The rows of an ICE table, from DDP's processed CSV or ICE's raw Excel, keyed by `columnKey`. */
export interface KeyedRow {
  line: number;
  cells: Record<string, string>;
  /** where the row came from in ICE's own files, when known */
  origin?: { file: string; sheet: string; row: string };
}

async function* csvRows(path: string): AsyncGenerator<KeyedRow> {
  for await (const { line, cells } of readCsvRows(path)) {
    const keyed: Record<string, string> = {};
    for (const [header, value] of Object.entries(cells)) keyed[columnKey(header)] = value;
    const { file_original: file, sheet_original: sheet, row_original: row } = keyed;
    yield { line, cells: keyed, origin: file && sheet && row ? { file, sheet, row } : undefined };
  }
}

async function* workbookRows(path: string): AsyncGenerator<KeyedRow> {
  for await (const { sheet, row, cells } of readIceWorkbook(path)) {
    yield { line: row, cells, origin: { file: basename(path), sheet, row: String(row) } };
  }
}

const stem = (file: string) => file.replace(/\.[^.]+$/, '');

/** A key unique within a release: ICE's file, sheet and row when known, else this file's line. */
export const rowKeyOf = (row: KeyedRow, file: string) =>
  row.origin
    ? `${stem(row.origin.file)}:${row.origin.sheet}:${row.origin.row}`
    : `${stem(file)}:${row.line}`;

export function ddpRows(path: string): AsyncGenerator<KeyedRow> {
  const excel = ['.xlsx', '.xlsm'].includes(extname(path).toLowerCase());
  return excel ? workbookRows(path) : csvRows(path);
}
