import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { type HeaderOptions, type RawRow, type Table, tableFrom } from './table.js';

export const CSV_DELIMITERS = [',', ';', '\t'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

/** Enough of the file's start to see its header line and guess its delimiter. */
const SNIFF_BYTES = 64 * 1024;

/**
 * Spreadsheet programs save "CSV" with a comma, or a semicolon where the comma is the decimal
 * separator (Spanish and most European locales), or a tab. The delimiter that occurs most
 * often outside quotes on the first line wins; a comma when none occurs.
 */
export function sniffDelimiter(start: string): CsvDelimiter {
  const counts = new Map<CsvDelimiter, number>(CSV_DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const char of start.replace(/^\uFEFF/, '')) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char as CsvDelimiter)) {
      counts.set(char as CsvDelimiter, counts.get(char as CsvDelimiter)! + 1);
    }
  }
  let best: CsvDelimiter = ',';
  for (const [delimiter, count] of counts) if (count > counts.get(best)!) best = delimiter;
  return best;
}

/** Reads the first bytes for sniffing and hands back a stream that still yields all of them. */
async function peek(
  input: AsyncIterable<Buffer | string>,
): Promise<{ start: string; whole: Readable }> {
  const iterator = input[Symbol.asyncIterator]();
  const taken: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    taken.push(chunk);
    size += chunk.length;
    if (chunk.includes(0x0a)) break;
  }
  async function* replay() {
    yield* taken;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      yield next.value;
    }
  }
  return { start: Buffer.concat(taken).toString('utf8'), whole: Readable.from(replay()) };
}

export interface CsvOptions extends HeaderOptions {
  /** found from the first line when absent */
  delimiter?: CsvDelimiter;
}

/**
 * Streams a CSV file as a table: UTF-8 with or without a byte-order mark, quoted fields that
 * hold delimiters or line breaks, rows of uneven length. Rows are numbered by record, as a
 * spreadsheet program shows them, not by physical line.
 */
export async function readCsv(
  input: AsyncIterable<Buffer | string>,
  options: CsvOptions = {},
): Promise<Table & { delimiter: CsvDelimiter }> {
  const { start, whole } = await peek(input);
  const delimiter = options.delimiter ?? sniffDelimiter(start);
  const parser = whole.pipe(
    parse({ bom: true, delimiter, relax_column_count: true, skip_empty_lines: false }),
  );
  whole.on('error', (error) => parser.destroy(error));
  async function* raw(): AsyncGenerator<RawRow> {
    let row = 0;
    for await (const values of parser as AsyncIterable<string[]>) {
      row++;
      yield { row, values };
    }
  }
  return { ...(await tableFrom(raw(), options)), delimiter };
}
