import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { neutraliseFormula } from './spreadsheet-safety.js';
import type { ExportWriter, WriterOptions } from './writer.js';

/**
 * RFC 4180 CSV with a header row, UTF-8 with a byte-order mark (without it Excel reads accented
 * names as mojibake), every text cell made safe to open in a spreadsheet.
 */
export function csvWriter(out: Writable, options: WriterOptions): ExportWriter {
  const stringifier = stringify({
    header: true,
    columns: options.columns,
    bom: options.bom ?? true,
    cast: { string: neutraliseFormula },
  });
  stringifier.pipe(out);
  const finished = once(stringifier, 'end');
  return {
    async write(cells) {
      if (!stringifier.write(cells)) await once(stringifier, 'drain');
    },
    async end() {
      stringifier.end();
      await finished;
    },
  };
}
