import { present } from './csv-rows.js';
import { type DdpTable, tableOf } from './ddp-columns.js';
import { dayOf } from './ddp-rows.js';
import { ddpRows } from './ddp-source-rows.js';

/**
 * Two ICE releases of one table, side by side. Identifiers differ between releases, so rows
 * cannot be matched one to one; what changes can be seen is in the aggregates DDP itself
 * compares: rows and people per month of the table's own date, removals recorded, and ICE's
 * flags. A month whose count moved between releases is where ICE rewrote history.
 */
export interface ReleaseSummary {
  table: DdpTable;
  rows: number;
  people: number;
  /** rows with a departure date: removals recorded so far */
  removals: number;
  gangFlags: number;
  terroristFlags: number;
  /** YYYY-MM of the table's own date → rows */
  byMonth: Record<string, number>;
}

const DATE_COLUMN: Record<DdpTable, string> = {
  detainers: 'detainer_prepare_date',
  detentions: 'book_in_date_time',
  arrests: 'apprehension_date',
  removals: 'departed_date',
};

const yes = (value: string | undefined) => present(value)?.toUpperCase() === 'YES';

export async function summariseRelease(path: string): Promise<ReleaseSummary> {
  let summary: ReleaseSummary | null = null;
  const people = new Set<string>();
  for await (const { cells } of ddpRows(path)) {
    if (!summary) {
      const table = tableOf(Object.keys(cells));
      if (!table) throw new Error(`${path} is not an ICE table`);
      summary = {
        table,
        rows: 0,
        people: 0,
        removals: 0,
        gangFlags: 0,
        terroristFlags: 0,
        byMonth: {},
      };
    }
    summary.rows++;
    const id = present(cells.unique_identifier);
    if (id) people.add(id);
    if (dayOf(cells.departed_date)) summary.removals++;
    if (yes(cells.criminal_street_gang_yes_no) || yes(cells.suspected_gang_yes_no))
      summary.gangFlags++;
    if (yes(cells.known_terrorist_yes_no)) summary.terroristFlags++;
    const month = dayOf(cells[DATE_COLUMN[summary.table]])?.slice(0, 7) ?? 'undated';
    summary.byMonth[month] = (summary.byMonth[month] ?? 0) + 1;
  }
  if (!summary) throw new Error(`${path} holds no rows`);
  return { ...summary, people: people.size };
}

export interface ReleaseChange {
  what: string;
  before: number;
  after: number;
}

/** What differs between an earlier and a later release of the same table, month by month. */
export async function compareReleases(earlier: string, later: string) {
  const [a, b] = await Promise.all([summariseRelease(earlier), summariseRelease(later)]);
  if (a.table !== b.table) {
    throw new Error(`cannot compare ${a.table} with ${b.table}: give two releases of one table`);
  }
  const changes: ReleaseChange[] = [];
  const totals = ['rows', 'people', 'removals', 'gangFlags', 'terroristFlags'] as const;
  for (const what of totals) changes.push({ what, before: a[what], after: b[what] });
  const months = [...new Set([...Object.keys(a.byMonth), ...Object.keys(b.byMonth)])].sort();
  for (const month of months) {
    const before = a.byMonth[month] ?? 0;
    const after = b.byMonth[month] ?? 0;
    if (before !== after) changes.push({ what: `rows dated ${month}`, before, after });
  }
  return { table: a.table, earlier: a, later: b, changes };
}
