import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { loadExcel } from '../../../lib/excel.js';
import type { Cell } from '../columns.js';
import type { ExportWriter, WriterOptions } from './writer.js';

/** Excel refuses a cell longer than this; longer text (a transcript) is cut, and says so. */
export const XLSX_MAX_CELL = 32_767;

function fit(cell: Cell): Cell {
  if (typeof cell !== 'string' || cell.length <= XLSX_MAX_CELL) return cell;
  const note = ` … [cut at ${XLSX_MAX_CELL} of ${cell.length} characters; the CSV and JSON exports hold it whole]`;
  return cell.slice(0, XLSX_MAX_CELL - note.length) + note;
}

/** Sheet names: at most 31 characters, none of : \ / ? * [ ]. */
const sheetName = (title: string) => title.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Export';

/** Excel opens at most 1,048,576 rows a sheet: the header and this many records. */
export const XLSX_MAX_RECORDS_PER_SHEET = 1_048_575;

/**
 * An .xlsx workbook written row by row with ExcelJS's streaming writer: each committed row goes
 * to the zip stream at once, so the workbook is never whole in memory. Text is stored as text,
 * never as a formula, so no cell can run anything; the header row is frozen and bold. A list
 * longer than a sheet holds goes on in a second sheet ("People (2)"), and so on.
 */
export async function xlsxWriter(
  out: Writable,
  options: WriterOptions,
  recordsPerSheet = XLSX_MAX_RECORDS_PER_SHEET,
): Promise<ExportWriter> {
  const { stream } = await loadExcel();
  const workbook = new stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  let sheets = 0;
  const addSheet = () => {
    sheets++;
    const suffix = sheets === 1 ? '' : ` (${sheets})`;
    const sheet = workbook.addWorksheet(
      sheetName(options.title).slice(0, 31 - suffix.length) + suffix,
      { views: [{ state: 'frozen', ySplit: 1 }] },
    );
    sheet.columns = options.columns.map((name) => ({
      header: name,
      key: name,
      width: Math.min(Math.max(name.length + 2, 12), 40),
    }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    return sheet;
  };
  let sheet = addSheet();
  let rowsInSheet = 0;
  return {
    async write(cells) {
      if (rowsInSheet === recordsPerSheet) {
        sheet.commit();
        sheet = addSheet();
        rowsInSheet = 0;
      }
      sheet.addRow(cells.map(fit)).commit();
      rowsInSheet++;
      // The zip stream buffers what the reader has not taken yet: wait for it to catch up.
      if (out.writableNeedDrain) await once(out, 'drain');
    },
    async end() {
      sheet.commit();
      await workbook.commit();
    },
  };
}
