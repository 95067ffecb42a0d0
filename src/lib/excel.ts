import type ExcelJS from 'exceljs';

/**
 * ExcelJS, loaded when a workbook is first read or written rather than when the server starts:
 * it takes a quarter of a second to load. Node keeps the module once loaded.
 */
export async function loadExcel(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}
