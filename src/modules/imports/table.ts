/**
 * What a spreadsheet reader yields, whatever the file format: the header row's column names and
 * then every data row as cells by column name, numbered as the data manager sees them in their
 * spreadsheet program (1-based, counting banner and header rows).
 */
export interface TableRow {
  row: number;
  cells: Record<string, string>;
}

export interface Table {
  headers: string[];
  /** the row the headers were found on */
  headerRow: number;
  /** the sheet read, for workbooks */
  sheet?: string;
  rows: AsyncIterable<TableRow>;
}

/** A row as a reader sees it, before the header is known. */
export interface RawRow {
  row: number;
  values: string[];
}

export interface HeaderOptions {
  /** the 1-based row holding the headers; found by itself when absent */
  headerRow?: number;
}

/** How many leading rows are looked at to find the header row under banner rows. */
const HEADER_SEARCH_ROWS = 30;

const filled = (values: string[]) => values.filter((v) => v.trim() !== '').length;

/**
 * Government spreadsheets (ICE's detention releases, say) open with banner rows — a title, a
 * "data as of" line, blank rows — above the real header. The header is taken to be the first
 * row that fills at least half as many cells as the widest of the first rows, and at least two.
 */
export function findHeaderRow(rows: RawRow[]): RawRow | undefined {
  const widest = Math.max(0, ...rows.map((r) => filled(r.values)));
  const needed = Math.max(Math.min(2, widest), Math.ceil(widest / 2));
  return rows.find((r) => filled(r.values) >= needed && filled(r.values) > 0);
}

/** Names blank and repeated headers so every column can be mapped and reported. */
function nameHeaders(values: string[]): string[] {
  const seen = new Map<string, number>();
  return values.map((raw, index) => {
    const base = raw.trim() || `column ${index + 1}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base} (${count})`;
  });
}

export class NoHeaderRow extends Error {}

/**
 * Turns raw rows into a table: finds the header row (or takes the one asked for), then yields
 * every later row that holds anything, keyed by header. Only the first rows are held in memory.
 */
export async function tableFrom(
  raw: AsyncIterable<RawRow>,
  options: HeaderOptions & { sheet?: string } = {},
): Promise<Table> {
  const iterator = raw[Symbol.asyncIterator]();
  const head: RawRow[] = [];
  let exhausted = false;
  const limit = options.headerRow ?? HEADER_SEARCH_ROWS;
  while (head.length === 0 || head[head.length - 1]!.row < limit) {
    const next = await iterator.next();
    if (next.done) {
      exhausted = true;
      break;
    }
    head.push(next.value);
  }
  const header = options.headerRow
    ? head.find((r) => r.row === options.headerRow)
    : findHeaderRow(head);
  if (!header || filled(header.values) === 0) {
    throw new NoHeaderRow(
      options.headerRow
        ? `row ${options.headerRow} holds no column names`
        : 'the file has no header row naming its columns',
    );
  }
  const headers = nameHeaders(header.values);
  const buffered = head.filter((r) => r.row > header.row);
  async function* rows(): AsyncGenerator<TableRow> {
    const toRow = (r: RawRow): TableRow | undefined => {
      if (filled(r.values) === 0) return undefined;
      const cells: Record<string, string> = {};
      headers.forEach((name, index) => {
        cells[name] = r.values[index]?.trim() ?? '';
      });
      return { row: r.row, cells };
    };
    for (const r of buffered) {
      const row = toRow(r);
      if (row) yield row;
    }
    if (exhausted) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const row = toRow(next.value);
      if (row) yield row;
    }
  }
  return { headers, headerRow: header.row, sheet: options.sheet, rows: rows() };
}
