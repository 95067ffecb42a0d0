import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readCsv, sniffDelimiter } from './csv-reader.js';
import { readXlsx } from './xlsx-reader.js';

const rowsOf = async (table: {
  rows: AsyncIterable<{ row: number; cells: Record<string, string> }>;
}) => {
  const rows = [];
  for await (const row of table.rows) rows.push(row);
  return rows;
};

const streamOf = (text: string | Buffer, chunk = 7) => {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
  return Readable.from(chunks);
};

describe('the CSV reader', () => {
  it('guesses a comma, a semicolon or a tab from the header line, ignoring quoted ones', () => {
    expect(sniffDelimiter('a,b,c\n1;2;3')).toBe(',');
    expect(sniffDelimiter('"a,b";c;d\n')).toBe(';');
    expect(sniffDelimiter('a\tb\tc')).toBe('\t');
    expect(sniffDelimiter('single')).toBe(',');
  });

  it('reads a byte-order mark, semicolons and quoted line breaks, numbering rows as a spreadsheet does', async () => {
    const text =
      '\uFEFFexternal_id;notes;given_names\r\np-1;"two\r\nlines; and a ;";Ana\r\n\r\np-2;plain;Luis\r\n';
    const table = await readCsv(streamOf(text));
    expect(table.delimiter).toBe(';');
    expect(table.headers).toEqual(['external_id', 'notes', 'given_names']);
    expect(await rowsOf(table)).toEqual([
      { row: 2, cells: { external_id: 'p-1', notes: 'two\r\nlines; and a ;', given_names: 'Ana' } },
      { row: 4, cells: { external_id: 'p-2', notes: 'plain', given_names: 'Luis' } },
    ]);
  });

  it('skips banner lines above the header', async () => {
    const text =
      'Detention statistics FY2025,,\nas of 2025-04-01,,\n,,\nexternal_id,given_names,sex\np-1,Ana,female\n';
    const table = await readCsv(streamOf(text));
    expect(table.headerRow).toBe(4);
    expect(await rowsOf(table)).toEqual([
      { row: 5, cells: { external_id: 'p-1', given_names: 'Ana', sex: 'female' } },
    ]);
  });

  it('names blank and repeated headers so that each column can be mapped', async () => {
    const table = await readCsv(streamOf('a,,a\n1,2,3\n'));
    expect(table.headers).toEqual(['a', 'column 2', 'a (2)']);
  });
});

describe('the XLSX reader', () => {
  async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    build(wb);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('reads the chosen sheet below its banner rows, dates as ISO dates', async () => {
    const file = await workbook((wb) => {
      wb.addWorksheet('Notes').addRow(['nothing here']);
      const sheet = wb.addWorksheet('Detainees');
      sheet.addRow(['ICE Detention Statistics — FY2025']);
      sheet.addRow(['Data as of 1 April 2025']);
      sheet.addRow([]);
      sheet.addRow(['External ID', 'Given Names', 'Family Names', 'Birth Date', 'Age']);
      sheet.addRow(['A-1', 'Ana', 'Pérez', new Date(Date.UTC(1990, 4, 17)), 34]);
      sheet.addRow(['A-2', { richText: [{ text: 'Lu' }, { text: 'is' }] }, null, null, null]);
    });
    const table = await readXlsx(Readable.from([file]), { sheet: 'Detainees' });
    expect(table.sheet).toBe('Detainees');
    expect(table.sheets).toEqual(['Notes', 'Detainees']);
    expect(table.headerRow).toBe(4);
    expect(await rowsOf(table)).toEqual([
      {
        row: 5,
        cells: {
          'External ID': 'A-1',
          'Given Names': 'Ana',
          'Family Names': 'Pérez',
          'Birth Date': '1990-05-17',
          Age: '34',
        },
      },
      {
        row: 6,
        cells: {
          'External ID': 'A-2',
          'Given Names': 'Luis',
          'Family Names': '',
          'Birth Date': '',
          Age: '',
        },
      },
    ]);
  });

  it('says which sheets there are when the one asked for is missing', async () => {
    const file = await workbook((wb) => {
      wb.addWorksheet('Only').addRow(['a', 'b']);
    });
    await expect(readXlsx(Readable.from([file]), { sheet: 'Other' })).rejects.toThrow(/Only/);
  });
});
