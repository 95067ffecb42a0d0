import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { CsvError } from 'csv-parse';
import { Invalid } from '../../lib/errors.js';
import { type CsvDelimiter, readCsv } from './csv-reader.js';
import { NoHeaderRow, type Table, type TableRow } from './table.js';
import { readXlsx, SheetNotFound } from './xlsx-reader.js';

export const IMPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface OpenOptions {
  format?: ImportFormat;
  sheet?: string;
  headerRow?: number;
  delimiter?: CsvDelimiter;
}

const fileProblem = (reason: string, code: string) =>
  new Invalid([{ field: 'file', reason, code }]);

/** The format from the name, else from the first bytes (an XLSX workbook is a zip: `PK`). */
export async function detectFormat(file: string, name = file): Promise<ImportFormat> {
  const extension = path.extname(name).toLowerCase();
  if (extension === '.xlsx' || extension === '.xlsm') return 'xlsx';
  if (['.csv', '.tsv', '.txt'].includes(extension)) return 'csv';
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4), 0, 4, 0);
    return bytesRead >= 2 && buffer.toString('latin1', 0, 2) === 'PK' ? 'xlsx' : 'csv';
  } finally {
    await handle.close();
  }
}

/** CSV syntax errors surface while rows are read: report them against the file, with the line. */
async function* checkedRows(rows: AsyncIterable<TableRow>): AsyncGenerator<TableRow> {
  try {
    yield* rows;
  } catch (error) {
    if (error instanceof CsvError) {
      throw fileProblem(`is not valid CSV: ${error.message}`, 'malformed_csv');
    }
    throw error;
  }
}

export interface OpenTable extends Table {
  format: ImportFormat;
  sheets?: string[];
  delimiter?: string;
  /** how far the reader has got through the file, for a progress bar */
  position(): { bytesRead: number; totalBytes: number };
}

/** Opens a CSV or XLSX file as a streamed table, turning reader failures into named problems. */
export async function openTable(
  file: string,
  options: OpenOptions & { name?: string } = {},
): Promise<OpenTable> {
  const format = options.format ?? (await detectFormat(file, options.name));
  const { size } = await stat(file);
  const input = createReadStream(file);
  const position = () => ({ bytesRead: input.bytesRead, totalBytes: size });
  try {
    if (format === 'xlsx') {
      const table = await readXlsx(input, options);
      return { ...table, format, position };
    }
    const table = await readCsv(input, options);
    return { ...table, rows: checkedRows(table.rows), format, position };
  } catch (error) {
    input.destroy();
    if (error instanceof NoHeaderRow) throw fileProblem(error.message, 'no_header_row');
    if (error instanceof SheetNotFound) {
      throw new Invalid([{ field: 'sheet', reason: error.message, code: 'unknown_sheet' }]);
    }
    if (error instanceof CsvError) {
      throw fileProblem(`is not valid CSV: ${error.message}`, 'malformed_csv');
    }
    if (format === 'xlsx' && !(error instanceof Invalid)) {
      throw fileProblem(
        `is not a readable XLSX workbook (${error instanceof Error ? error.message : String(error)})`,
        'unreadable_workbook',
      );
    }
    throw error;
  }
}
