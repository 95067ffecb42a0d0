import type ExcelJS from 'exceljs';
import { loadExcel } from '../../../lib/excel.js';
import { columnKey } from './ddp-columns.js';

/**
 * ICE's raw Excel files: a few banner rows (title, FOIA request, redaction notice) above the
 * header, a table split over several sheets when it outgrows Excel's row limit, dates as Excel
 * dates, and redaction codes (`b(6), b(7)c`) in cells. The header row is found, not assumed:
 * DDP skips 6 rows for the 2023–2025 releases and 5 for the 2012–2023 set.
 */
export interface SheetRow {
  sheet: string;
  /** the row's number in its sheet, as Excel shows it */
  row: number;
  cells: Record<string, string>;
}

/** The header is the first row naming the person identifier or a date column ICE always has. */
const HEADER_MARKERS = new Set([
  'unique_identifier',
  'detainer_prepare_date',
  'book_in_date_time',
  'apprehension_date',
  'departed_date',
]);
const MAX_BANNER_ROWS = 20;

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    // Excel stores wall-clock times; exceljs reads them as UTC, so the UTC fields are the clock.
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    return '';
  }
  return String(value).trim();
}

export async function* readIceWorkbook(path: string): AsyncGenerator<SheetRow> {
  const { stream } = await loadExcel();
  const workbook = new stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
  });
  for await (const worksheet of workbook) {
    const sheet = (worksheet as unknown as { name: string }).name;
    let header: string[] | null = null;
    for await (const row of worksheet) {
      const values = (row.values as ExcelJS.CellValue[]).slice(1).map(cellText);
      if (!header) {
        const keys = values.map(columnKey);
        if (keys.some((key) => HEADER_MARKERS.has(key))) header = keys;
        else if (row.number > MAX_BANNER_ROWS) break;
        continue;
      }
      if (values.every((value) => value === '')) continue;
      const cells: Record<string, string> = {};
      header.forEach((key, i) => {
        if (key) cells[key] = values[i] ?? '';
      });
      yield { sheet, row: row.number, cells };
    }
  }
}
