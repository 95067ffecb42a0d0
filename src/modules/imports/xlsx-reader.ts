import type ExcelJS from 'exceljs';
import { loadExcel } from '../../lib/excel.js';
import { type HeaderOptions, type RawRow, type Table, tableFrom } from './table.js';

export interface XlsxOptions extends HeaderOptions {
  /** the worksheet to read, by name; the first one when absent */
  sheet?: string;
}

export class SheetNotFound extends Error {}

/** A cell's value as the text a person sees in it: dates as ISO dates, formulas by their result. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    // Excel stores a date with no time as midnight UTC: show it as the date alone.
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

/**
 * Streams one worksheet of an XLSX workbook row by row (exceljs's streaming reader: the
 * workbook is never loaded whole), skipping banner rows above the header.
 */
export async function readXlsx(
  input: NodeJS.ReadableStream | string,
  options: XlsxOptions = {},
): Promise<Table & { sheets: string[] }> {
  const { stream } = await loadExcel();
  const workbook = new stream.xlsx.WorkbookReader(input as never, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const sheets: string[] = [];
  const iterator = workbook[Symbol.asyncIterator]();
  let chosen: (ExcelJS.stream.xlsx.WorksheetReader & { name?: string }) | undefined;
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    const sheet = next.value as ExcelJS.stream.xlsx.WorksheetReader & { name?: string };
    sheets.push(sheet.name ?? `Sheet${sheets.length + 1}`);
    if (!options.sheet || options.sheet === sheets[sheets.length - 1]) {
      chosen = sheet;
      break;
    }
    // Sheets before the chosen one must still be read through for the archive to move on.
    for await (const _row of sheet) {
    }
  }
  if (!chosen) {
    throw new SheetNotFound(
      `the workbook has no sheet named "${options.sheet}" (it has: ${sheets.join(', ')})`,
    );
  }
  const sheet = chosen;
  async function* raw(): AsyncGenerator<RawRow> {
    for await (const row of sheet) {
      // `values` is sparse and 1-based: fill the holes so every column has its text.
      const values = Array.from(row.values as ExcelJS.CellValue[], cellText).slice(1);
      yield { row: row.number, values };
    }
    // Drain the rest of the archive so the reader closes its file.
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      for await (const _row of next.value) {
      }
    }
  }
  const table = await tableFrom(raw(), { ...options, sheet: sheets[sheets.length - 1] });
  return { ...table, sheets };
}
