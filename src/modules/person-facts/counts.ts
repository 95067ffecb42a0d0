import type { Db } from '../../db/database.js';
import { writeBehind } from '../../db/transaction.js';
import { inSlices } from '../../lib/slices.js';
import type { Sensitivity } from '../auth/policy.js';
import { FACT_VALUE_KINDS, type FactValueKind } from './compute.js';

/**
 * Counters beside the person facts: for each clearance level, how many people have each value of
 * each fact, and histograms of days held without charge. A write adjusts them by the difference
 * between a person's old and new facts, in the write's transaction, so an unfiltered count over
 * a million people reads a handful of rows instead of scanning them all.
 *
 * Rows whose count falls to zero are kept (deleting them would need a scan per write) and
 * skipped when read.
 */

export const COUNTS = 'person_fact_counts';

/** The key under which a fact with no value is counted. */
const NONE = '';

/** Single-valued fact columns with counters: every column a statistic or facet groups by. */
export const COUNTED_COLUMNS = [
  'state',
  'custodian_id',
  'place_id',
  'charged',
  'hearing_before_removal',
] as const;
export type CountedColumn = (typeof COUNTED_COLUMNS)[number];

/**
 * Days held without charge, as the `least` and `most` bounds allow. A span that has ended has a
 * fixed length and is counted under it; a span still open grows every day, so it is counted under
 * the day it began and its length worked out when read.
 */
const HELD = {
  least: { closed: 'held_least_closed', open: 'held_least_open' },
  most: { closed: 'held_most_closed', open: 'held_most_open' },
} as const;

/** A stored person-facts row, as far as the counters read it. */
export interface CountedRow {
  person_id: string;
  level: string;
  held_from_first_day: number | null;
  held_from_last_day: number | null;
  held_until_first_day: number | null;
  held_until_last_day: number | null;
  [column: string]: unknown;
}

export interface CountedValue {
  person_id: string;
  level: string;
  kind: string;
  value: string;
}

/** What one person-facts row adds to the counters: its dimensions and keys. */
function keysOf(row: CountedRow, values: readonly CountedValue[]): [string, string][] {
  const keys: [string, string][] = [['total', NONE]];
  for (const column of COUNTED_COLUMNS) keys.push([column, (row[column] as string | null) ?? NONE]);
  for (const kind of FACT_VALUE_KINDS) {
    const own = values.filter((v) => v.kind === kind);
    if (own.length === 0) keys.push([kind, NONE]);
    for (const v of own) keys.push([kind, v.value]);
  }
  const from = { first: row.held_from_first_day, last: row.held_from_last_day };
  if (from.first !== null && from.last !== null) {
    if (row.held_until_first_day === null || row.held_until_last_day === null) {
      keys.push([HELD.least.open, String(from.last)], [HELD.most.open, String(from.first)]);
    } else {
      const least = Math.max(0, row.held_until_first_day - from.last);
      const most = Math.max(0, row.held_until_last_day - from.first);
      keys.push([HELD.least.closed, String(least)], [HELD.most.closed, String(most)]);
    }
  }
  return keys;
}

/** Changes to the counters, summed before they are written. */
export class CountDelta {
  private readonly changes = new Map<string, number>();

  /** Adds (`sign` 1) or removes (`sign` -1) the rows and their many-valued facts. */
  add(rows: readonly CountedRow[], values: readonly CountedValue[], sign: 1 | -1): this {
    const valuesOf = new Map<string, CountedValue[]>();
    for (const v of values) {
      const key = `${v.person_id}\u0000${v.level}`;
      const list = valuesOf.get(key);
      if (list) list.push(v);
      else valuesOf.set(key, [v]);
    }
    for (const row of rows) {
      const own = valuesOf.get(`${row.person_id}\u0000${row.level}`) ?? [];
      for (const [dimension, key] of keysOf(row, own)) {
        const id = `${row.level}\u0000${dimension}\u0000${key}`;
        this.changes.set(id, (this.changes.get(id) ?? 0) + sign);
      }
    }
    return this;
  }

  /**
   * Writes the changes, in key order: concurrent writers on PostgreSQL then lock the counter rows
   * they share in the same order, and cannot deadlock on them.
   */
  async apply(db: Db): Promise<void> {
    const rows = [...this.changes]
      .filter(([, change]) => change !== 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([id, count]) => {
        const [level, dimension, key] = id.split('\u0000') as [string, string, string];
        return { level, dimension, key, count };
      });
    for (const slice of inSlices(rows, 200)) {
      await writeBehind(db, () =>
        db
          .insertInto(COUNTS)
          .values(slice)
          .onConflict((conflict) =>
            conflict.columns(['level', 'dimension', 'key']).doUpdateSet((eb) => ({
              count: eb(`${COUNTS}.count`, '+', eb.ref('excluded.count')),
            })),
          )
          .execute(),
      );
    }
  }
}

/** People at `level` per key of `dimension` (`null` for those with none). */
export async function countedBy(
  db: Db,
  level: Sensitivity,
  dimension: CountedColumn | FactValueKind | 'total',
): Promise<{ key: string | null; count: number }[]> {
  const rows = await db
    .selectFrom(COUNTS)
    .select(['key', 'count'])
    .where('level', '=', level)
    .where('dimension', '=', dimension)
    .where('count', '>', 0)
    .execute();
  return rows.map((r) => ({
    key: r.key === NONE ? null : (r.key as string),
    count: Number(r.count),
  }));
}

export async function countedTotal(db: Db, level: Sensitivity): Promise<number> {
  return (await countedBy(db, level, 'total'))[0]?.count ?? 0;
}

/** How many people at `level` were held each number of days without charge, as of `today`. */
export async function countedHeldDays(
  db: Db,
  level: Sensitivity,
  bound: 'least' | 'most',
  today: number,
): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom(COUNTS)
    .select(['dimension', 'key', 'count'])
    .where('level', '=', level)
    .where('dimension', 'in', [HELD[bound].closed, HELD[bound].open])
    .where('count', '>', 0)
    .execute();
  const histogram = new Map<number, number>();
  for (const row of rows) {
    const n = Number(row.key);
    const days = row.dimension === HELD[bound].open ? Math.max(0, today - n) : n;
    histogram.set(days, (histogram.get(days) ?? 0) + Number(row.count));
  }
  return histogram;
}

export async function clearCounts(db: Db): Promise<void> {
  await db.deleteFrom(COUNTS).execute();
}
