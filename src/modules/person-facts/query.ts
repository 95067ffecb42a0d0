import { type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Sensitivity } from '../auth/policy.js';
import type { FactValueKind } from './compute.js';
import {
  COUNTED_COLUMNS,
  type CountedColumn,
  countedBy,
  countedHeldDays,
  countedTotal,
} from './counts.js';
import { FACTS, VALUES } from './repo.js';

/**
 * Reading person facts: every query reads the rows of one clearance level, so what a caller
 * counts is what they could have derived from the records they may see.
 */

export interface FactFilter {
  nationality?: string;
  role?: string;
  state?: string;
  custodianId?: string;
  placeId?: string;
  heldAt?: string;
  heldBy?: string;
  allegationStatus?: string;
  charged?: string;
  hearingBeforeRemoval?: string;
  /** ids of the people a text query matches (from the search index) */
  matching?: RawBuilder<unknown>;
}

// biome-ignore lint/suspicious/noExplicitAny: the facts tables are typed at this boundary only
type FactsQuery = SelectQueryBuilder<any, any, any>;

const COLUMN_FILTERS = {
  state: 'state',
  custodianId: 'custodian_id',
  placeId: 'place_id',
  charged: 'charged',
  hearingBeforeRemoval: 'hearing_before_removal',
} as const;

const VALUE_FILTERS: Record<string, FactValueKind> = {
  nationality: 'nationality',
  role: 'role',
  heldAt: 'held_at',
  heldBy: 'held_by',
  allegationStatus: 'allegation_status',
};

const hasValue = (kind: FactValueKind, value: string) =>
  sql<boolean>`exists (select 1 from ${sql.table(VALUES)} v where v.person_id = f.person_id and v.level = f.level and v.kind = ${kind} and v.value = ${value})`;

/** `person_facts as f` at `level`, narrowed by `filter`. */
export function factsWhere(db: Db, level: Sensitivity, filter: FactFilter): FactsQuery {
  let query: FactsQuery = db.selectFrom(`${FACTS} as f`).where('f.level', '=', level);
  for (const [name, column] of Object.entries(COLUMN_FILTERS)) {
    const value = filter[name as keyof typeof COLUMN_FILTERS];
    if (value !== undefined) query = query.where(`f.${column}`, '=', value);
  }
  for (const [name, kind] of Object.entries(VALUE_FILTERS)) {
    const value = filter[name as keyof FactFilter];
    if (typeof value === 'string') query = query.where(hasValue(kind, value));
  }
  if (filter.matching) query = query.where(sql<boolean>`f.person_id in (${filter.matching})`);
  return query;
}

/** Over everyone at a level, the counters kept on write answer without reading the facts. */
const unfiltered = (filter: FactFilter) => Object.values(filter).every((v) => v === undefined);
const counted = (column: string): column is CountedColumn =>
  (COUNTED_COLUMNS as readonly string[]).includes(column);

export async function countFacts(db: Db, level: Sensitivity, filter: FactFilter): Promise<number> {
  if (unfiltered(filter)) return countedTotal(db, level);
  const row = await factsWhere(db, level, filter)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface KeyCount {
  key: string | null;
  count: number;
}

/** Counts per value of a fact column (null included), unordered. */
export async function countByColumn(
  db: Db,
  level: Sensitivity,
  filter: FactFilter,
  column: string,
): Promise<KeyCount[]> {
  if (unfiltered(filter) && counted(column)) return countedBy(db, level, column);
  const rows = await factsWhere(db, level, filter)
    .select([sql.ref(`f.${column}`).as('key'), (eb) => eb.fn.countAll().as('n')])
    .groupBy(`f.${column}`)
    .execute();
  return rows.map((r) => ({ key: (r.key as string | null) ?? null, count: Number(r.n) }));
}

/**
 * Counts per value of a many-valued fact (a person counts once under each of their values),
 * with `null` for the people who have none.
 */
export async function countByValue(
  db: Db,
  level: Sensitivity,
  filter: FactFilter,
  kind: FactValueKind,
): Promise<KeyCount[]> {
  if (unfiltered(filter)) return countedBy(db, level, kind);
  const rows = await factsWhere(db, level, filter)
    .innerJoin(`${VALUES} as v`, (join) =>
      join
        .onRef('v.person_id', '=', 'f.person_id')
        .onRef('v.level', '=', 'f.level')
        .on('v.kind', '=', kind),
    )
    .select(['v.value as key', (eb) => eb.fn.countAll().as('n')])
    .groupBy('v.value')
    .execute();
  // Those with none: everyone selected, less those with at least one (a join, not a probe per row).
  const withSome = await factsWhere(db, level, filter)
    .innerJoin(`${VALUES} as v`, (join) =>
      join
        .onRef('v.person_id', '=', 'f.person_id')
        .onRef('v.level', '=', 'f.level')
        .on('v.kind', '=', kind),
    )
    .select(sql<number>`count(distinct f.person_id)`.as('n'))
    .executeTakeFirstOrThrow();
  const none = { n: (await countFacts(db, level, filter)) - Number(withSome.n) };
  const counts = rows.map((r) => ({ key: r.key as string, count: Number(r.n) }));
  return Number(none.n) > 0 ? [...counts, { key: null, count: Number(none.n) }] : counts;
}

export interface Distribution {
  count: number;
  min: number;
  median: number;
  mean: number;
  p90: number;
  max: number;
}

/**
 * Days held without charge as the fewest (`least`) or most (`most`) the partial dates allow: from
 * the last (first) day the span may start to the first (last) day it may end — today, while the
 * person is still held.
 */
function heldDays(bound: 'least' | 'most', today: number): RawBuilder<number> {
  const days =
    bound === 'least'
      ? sql<number>`coalesce(f.held_until_first_day, ${today}) - f.held_from_last_day`
      : sql<number>`coalesce(f.held_until_last_day, ${today}) - f.held_from_first_day`;
  return sql<number>`case when ${days} < 0 then 0 else ${days} end`;
}

/**
 * The distribution of days held without charge over the people `filter` selects: one grouped
 * query gives how many people were held each number of days (a few thousand values at most,
 * however many people), and the order statistics are read off that histogram.
 */
export async function heldDaysDistribution(
  db: Db,
  level: Sensitivity,
  filter: FactFilter,
  bound: 'least' | 'most',
  today: number,
): Promise<Distribution | null> {
  let histogram: { days: number; people: number }[];
  if (unfiltered(filter)) {
    const counts = await countedHeldDays(db, level, bound, today);
    histogram = [...counts]
      .map(([days, people]) => ({ days, people }))
      .sort((a, b) => a.days - b.days);
  } else {
    const rows = await factsWhere(db, level, filter)
      .where('f.held_from_first_day', 'is not', null)
      .select([heldDays(bound, today).as('d'), (eb) => eb.fn.countAll().as('n')])
      .groupBy('d')
      .orderBy('d')
      .execute();
    histogram = rows.map((r) => ({ days: Number(r.d), people: Number(r.n) }));
  }
  const count = histogram.reduce((sum, h) => sum + h.people, 0);
  if (count === 0) return null;
  /** the value at 0-based position `index` of the sorted list of every person's days */
  const at = (index: number) => {
    let seen = 0;
    for (const h of histogram) {
      seen += h.people;
      if (index < seen) return h.days;
    }
    return histogram.at(-1)!.days;
  };
  const median = count % 2 ? at(Math.floor(count / 2)) : (at(count / 2 - 1) + at(count / 2)) / 2;
  return {
    count,
    min: histogram[0]!.days,
    median,
    mean: histogram.reduce((sum, h) => sum + h.days * h.people, 0) / count,
    p90: at(Math.min(count - 1, Math.floor(0.9 * count))),
    max: histogram.at(-1)!.days,
  };
}
