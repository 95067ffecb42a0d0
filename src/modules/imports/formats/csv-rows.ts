import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

export interface CsvRow {
  /** 1-based line of the file where the row starts (the header is line 1) */
  line: number;
  /** cells by header name; every cell is text, trimmed, and '' when empty */
  cells: Record<string, string>;
}

export interface CsvOptions {
  delimiter?: string;
}

/**
 * Streams a CSV or TSV file as rows keyed by header. Headers are kept as written: R's
 * `write.csv` leaves the row-number column unnamed (`""`), and Uwazi headers carry `__es`.
 * Rows with a missing or extra cell are still given (the caller decides), never dropped.
 */
export async function* readCsvRows(path: string, options: CsvOptions = {}): AsyncGenerator<CsvRow> {
  const parser = createReadStream(path).pipe(
    parse({
      delimiter: options.delimiter ?? ',',
      bom: true,
      columns: (header: string[]) => header.map((name) => name.trim()),
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
    }),
  );
  for await (const { record, info } of parser as AsyncIterable<{
    record: Record<string, string | undefined>;
    info: { lines: number };
  }>) {
    const cells: Record<string, string> = {};
    for (const [key, value] of Object.entries(record)) cells[key] = value ?? '';
    yield { line: info.lines, cells };
  }
}

/** R and ICE write missing values as `NA`; ICE's redaction codes hide a value just as well. */
export function present(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '' || text === 'NA' || /^b\(6\),\s*b\(7\)c$/i.test(text)) return undefined;
  return text;
}
