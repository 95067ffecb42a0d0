import type { Answer } from '../dossier/due-process.js';
import type { PersonFacts } from './facts.js';

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

export interface Distribution {
  count: number;
  min: number;
  median: number;
  mean: number;
  p90: number;
  max: number;
}

export function matches(facts: PersonFacts, filter: StatsFilter): boolean {
  return (
    (!filter.nationality || facts.nationalities.includes(filter.nationality)) &&
    (!filter.state || facts.state === filter.state) &&
    (!filter.custodianId || facts.custodianId === filter.custodianId) &&
    (!filter.heldAt || facts.heldAt.includes(filter.heldAt)) &&
    (!filter.heldBy || facts.heldBy.includes(filter.heldBy)) &&
    (!filter.charged || facts.charged === filter.charged) &&
    (!filter.hearingBeforeRemoval || facts.hearingBeforeRemoval === filter.hearingBeforeRemoval)
  );
}

const KEYS: Record<GroupBy, (f: PersonFacts) => (string | null)[]> = {
  state: (f) => [f.state],
  custodian: (f) => [f.custodianId],
  place: (f) => [f.placeId],
  nationality: (f) => (f.nationalities.length > 0 ? f.nationalities : [null]),
  charged: (f) => [f.charged],
  hearingBeforeRemoval: (f) => [f.hearingBeforeRemoval],
};

/** Counts per value, largest first; a person with two nationalities counts in both groups. */
export function groupCounts(
  facts: readonly PersonFacts[],
  by: GroupBy,
): { key: string | null; count: number }[] {
  const counts = new Map<string | null, number>();
  for (const f of facts) for (const key of KEYS[by](f)) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts.entries()]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || String(a.key).localeCompare(String(b.key)));
}

export function distribution(values: readonly number[]): Distribution | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const middle = sorted.length / 2;
  const median =
    sorted.length % 2 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return {
    count: sorted.length,
    min: sorted[0]!,
    median,
    mean: sorted.reduce((sum, v) => sum + v, 0) / sorted.length,
    p90: at(0.9),
    max: sorted.at(-1)!,
  };
}
