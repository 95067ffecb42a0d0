import type { Db } from '../../db/database.js';
import type { SearchIndex } from '../../db/search/search-index.js';
import { queryTerms } from '../../db/search/terms.js';
import { type CursorKey, decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { Invalid } from '../../lib/errors.js';
import type { RecordRegistry } from '../records/registry.js';
import type { ServiceContext } from '../records/service.js';
import { needingAttention } from './attention.js';
import { dayNumber, type FactValueKind } from './compute.js';
import {
  countByColumn,
  countByValue,
  countFacts,
  type FactFilter,
  type KeyCount,
} from './query.js';

/** The people list's facet filters, as the people list names them. */
export interface FacetParams {
  q?: string;
  nationality?: string;
  role?: string;
  status?: string;
  custodian?: string;
  place?: string;
  allegationStatus?: string;
  hadHearing?: string;
}

export const FACET_NAMES = [
  'nationality',
  'status',
  'custodian',
  'place',
  'allegationStatus',
  'hadHearing',
] as const;
type FacetName = (typeof FACET_NAMES)[number];

/** Where each facet's values live, and the type whose label names an id value. */
const FACETS: Record<FacetName, { column: string } | { values: FactValueKind }> = {
  nationality: { values: 'nationality' },
  status: { column: 'state' },
  custodian: { column: 'custodian_id' },
  place: { column: 'place_id' },
  allegationStatus: { values: 'allegation_status' },
  hadHearing: { column: 'hearing_before_removal' },
};
const LABELLED_BY: Partial<Record<FacetName, string>> = {
  custodian: 'organization',
  place: 'place',
};

/** A facet lists at most this many values, the most frequent first. */
export const FACET_VALUE_LIMIT = 100;

export interface FacetValue {
  value: string;
  label?: string;
  count: number;
}

/**
 * Reads over person facts for the people pages: facet counts for the people list, and the people
 * whose status needs attention — always at the caller's clearance.
 */
export class PersonFactsService {
  constructor(private readonly deps: { db: Db; registry: RecordRegistry; search: SearchIndex }) {}

  /**
   * Counts per value of each facet over the people the filters select, each facet counted with
   * every other filter applied but not its own (so choosing a nationality still shows the others).
   */
  async facets(ctx: ServiceContext, params: FacetParams) {
    const db = ctx.db ?? this.deps.db;
    const level = ctx.actor.clearance;
    const filter = this.toFilter(params);
    const facets = {} as Record<FacetName, FacetValue[]>;
    for (const name of FACET_NAMES) {
      const source = FACETS[name];
      const others = this.toFilter({ ...params, [name]: undefined });
      const counts: KeyCount[] =
        'column' in source
          ? await countByColumn(db, level, others, source.column)
          : await countByValue(db, level, others, source.values);
      facets[name] = await this.labelled(
        ctx,
        name,
        counts
          .filter((c): c is { key: string; count: number } => c.key !== null)
          .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
          .slice(0, FACET_VALUE_LIMIT),
      );
    }
    return { total: await countFacts(db, level, filter), facets };
  }

  private toFilter(params: FacetParams): FactFilter {
    return {
      nationality: params.nationality,
      role: params.role,
      state: params.status,
      custodianId: params.custodian,
      placeId: params.place,
      allegationStatus: params.allegationStatus,
      hearingBeforeRemoval: params.hadHearing,
      matching: params.q?.trim()
        ? this.deps.search.matchingIds('person', queryTerms(params.q))
        : undefined,
    };
  }

  /** Names for id values, from the records the caller may see; an id they may not see stays bare. */
  private async labelled(
    ctx: ServiceContext,
    facet: FacetName,
    counts: { key: string; count: number }[],
  ): Promise<FacetValue[]> {
    const type = LABELLED_BY[facet];
    const service = type ? this.deps.registry.get(type) : undefined;
    const labels = new Map<string, string>();
    if (service) {
      for (const record of await service.findVisible(
        ctx,
        counts.map((c) => c.key),
      )) {
        labels.set(record.id, service.def.label(record as never));
      }
    }
    return counts.map(({ key, count }) => {
      const label = labels.get(key);
      return label ? { value: key, label, count } : { value: key, count };
    });
  }

  /** People whose current status is unknown or stale, oldest first, a page at a time. */
  async attention(
    ctx: ServiceContext,
    params: { staleDays: number; limit: number; cursor?: string },
  ) {
    let after: CursorKey | undefined;
    if (params.cursor) {
      after = decodeCursor(params.cursor);
      if (!after) {
        throw new Invalid([
          { field: 'cursor', reason: 'is not a cursor this API issued', code: 'invalid_cursor' },
        ]);
      }
    }
    const now = Date.now();
    const cutoff = new Date(now - params.staleDays * 86_400_000).toISOString();
    const rows = await needingAttention(ctx.db ?? this.deps.db, ctx.actor.clearance, {
      cutoff,
      limit: params.limit + 1,
      after,
    });
    const page = rows.slice(0, params.limit);
    const people = this.deps.registry.get('person');
    const labels = new Map(
      (people
        ? await people.findVisible(
            ctx,
            page.map((r) => r.personId),
          )
        : []
      ).map((p) => [p.id, people?.def.label(p as never) ?? p.id]),
    );
    const today = dayNumber(new Date(now).toISOString());
    const last = page.at(-1);
    return {
      items: page.map((row) => ({
        person: { id: row.personId, label: labels.get(row.personId) ?? '' },
        reason: (row.state === 'unknown' || row.state === 'no_record' ? 'unknown' : 'stale') as
          | 'unknown'
          | 'stale',
        state: row.state,
        asOf: row.asOf,
        daysSince: row.asOfStart ? today - dayNumber(row.asOfStart) : null,
      })),
      nextCursor:
        rows.length > params.limit && last
          ? encodeCursor([last.asOfStart ?? '', last.personId])
          : null,
    };
  }
}
