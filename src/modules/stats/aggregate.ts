import type { Answer } from '../dossier/due-process.js';
import type { FactValueKind } from '../person-facts/compute.js';

export interface StatsFilter {
  nationality?: string;
  state?: string;
  custodianId?: string;
  heldAt?: string;
  heldBy?: string;
  charged?: Answer;
  hearingBeforeRemoval?: Answer;
}

export const GROUP_BY = [
  'state',
  'custodian',
  'place',
  'nationality',
  'charged',
  'hearingBeforeRemoval',
] as const;
export type GroupBy = (typeof GROUP_BY)[number];

/** Where each grouping's key lives among the person facts: a column, or a many-valued fact. */
export const GROUP_SOURCE: Record<GroupBy, { column: string } | { values: FactValueKind }> = {
  state: { column: 'state' },
  custodian: { column: 'custodian_id' },
  place: { column: 'place_id' },
  nationality: { values: 'nationality' },
  charged: { column: 'charged' },
  hearingBeforeRemoval: { column: 'hearing_before_removal' },
};

/** Largest group first, then by key, so the order never depends on the engine. */
export function byCountThenKey<T extends { key: string | null; count: number }>(groups: T[]): T[] {
  return groups.sort((a, b) => b.count - a.count || String(a.key).localeCompare(String(b.key)));
}
