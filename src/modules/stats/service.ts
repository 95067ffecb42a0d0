import type { Db } from '../../db/database.js';
import { dayNumber } from '../person-facts/compute.js';
import {
  countByColumn,
  countByValue,
  countFacts,
  type FactFilter,
  heldDaysDistribution,
} from '../person-facts/query.js';
import type { ServiceContext } from '../records/service.js';
import { byCountThenKey, GROUP_SOURCE, type GroupBy, type StatsFilter } from './aggregate.js';

/**
 * Counts and durations over any filter, read from the person facts kept up to date on write, at
 * the caller's clearance — so a confidential record never moves a number shown to someone below
 * its clearance, and no request recomputes a dossier.
 */
export class StatsService {
  constructor(private readonly db: Db) {}

  async summarize(ctx: ServiceContext, filter: StatsFilter, groupings: readonly GroupBy[]) {
    const db = ctx.db ?? this.db;
    const level = ctx.actor.clearance;
    const facts: FactFilter = filter;
    const today = dayNumber(new Date().toISOString());
    const groups: Record<string, { key: string | null; count: number }[]> = {};
    for (const by of groupings) {
      const source = GROUP_SOURCE[by];
      groups[by] = byCountThenKey(
        'column' in source
          ? await countByColumn(db, level, facts, source.column)
          : await countByValue(db, level, facts, source.values),
      );
    }
    return {
      total: await countFacts(db, level, facts),
      filter: { ...filter } as Record<string, unknown>,
      groups,
      daysHeldWithoutCharge: {
        /** the fewest days the partial dates allow */
        least: await heldDaysDistribution(db, level, facts, 'least', today),
        /** the most days the partial dates allow */
        most: await heldDaysDistribution(db, level, facts, 'most', today),
      },
      computedAt: new Date().toISOString(),
    };
  }
}
