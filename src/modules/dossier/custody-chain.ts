import { parsePartialDate } from '../../lib/partial-date.js';
import type { CustodyEventFields, CustodyEventKind } from '../custody/schema.js';

/**
 * The custody chain, derived from custody events and never typed in: who held the person over
 * each span, where, on what date, and the gaps — spans where nobody is recorded as holding
 * them, where their whereabouts are unknown, or where who held them is disputed.
 */

export const CUSTODY_STATES = [
  'in_custody',
  'removed',
  'released',
  'repatriated',
  'deceased',
  'unknown',
  'no_record',
] as const;
export type CustodyState = (typeof CUSTODY_STATES)[number];

export type ChainEvent = CustodyEventFields & { id: string; createdAt: string };

export interface DisputedParty {
  /** an organization or place some claim is about */
  recordId: string;
  claimIds: string[];
}

export type GapReason = 'no_custodian' | 'whereabouts_unknown' | 'disputed';

export interface ChainSpan {
  eventId: string;
  kind: CustodyEventKind;
  state: CustodyState;
  from: string | null;
  /** the next event's date; null while the span is still the latest */
  to: string | null;
  placeId: string | null;
  custodianId: string | null;
  jurisdiction: string | null;
  /** why this span is a responsibility gap, if it is one */
  gaps: GapReason[];
  /** contested claims about who was responsible in this span */
  disputedBy: string[];
  /** events whose dates overlap this one's and that name another custodian: who held the person first is not certain */
  uncertainOrderWith: string[];
}

export interface CurrentStatus {
  state: CustodyState;
  placeId: string | null;
  custodianId: string | null;
  jurisdiction: string | null;
  /** the date of the event the status rests on: the last time it was confirmed */
  asOf: string | null;
  eventId: string | null;
}

const STATE_AFTER: Record<CustodyEventKind, (e: ChainEvent) => CustodyState> = {
  apprehended: () => 'in_custody',
  detained: () => 'in_custody',
  transferred: () => 'in_custody',
  handed_over: () => 'in_custody',
  removed: (e) => (e.custodianId ? 'in_custody' : 'removed'),
  released: () => 'released',
  repatriated: () => 'repatriated',
  died: () => 'deceased',
  last_seen: () => 'unknown',
  whereabouts_unknown: () => 'unknown',
};

const HELD: ReadonlySet<CustodyState> = new Set(['in_custody', 'removed']);

interface Bounds {
  start: string;
  end: string;
}
const bounds = (e: ChainEvent): Bounds =>
  e.occurredAt ? parsePartialDate(e.occurredAt) : { start: '9999', end: '9999' };

/** Earliest first; an undated event goes last; equal dates keep the order they were recorded in. */
export function orderEvents(events: readonly ChainEvent[]): ChainEvent[] {
  return [...events].sort((a, b) => {
    const [x, y] = [bounds(a), bounds(b)];
    return (
      x.start.localeCompare(y.start) ||
      x.end.localeCompare(y.end) ||
      a.createdAt.localeCompare(b.createdAt)
    );
  });
}

const overlap = (a: Bounds, b: Bounds) => a.start <= b.end && b.start <= a.end;

export function custodyChain(
  events: readonly ChainEvent[],
  disputed: readonly DisputedParty[] = [],
): ChainSpan[] {
  const ordered = orderEvents(events);
  const claimsAbout = new Map(disputed.map((d) => [d.recordId, d.claimIds]));
  return ordered.map((event, index) => {
    const state = STATE_AFTER[event.kind](event);
    const next = ordered[index + 1];
    const disputedBy = [
      ...(event.custodianId ? (claimsAbout.get(event.custodianId) ?? []) : []),
      ...(event.placeId ? (claimsAbout.get(event.placeId) ?? []) : []),
    ];
    const gaps: GapReason[] = [];
    if (HELD.has(state) && !event.custodianId) gaps.push('no_custodian');
    if (state === 'unknown') gaps.push('whereabouts_unknown');
    if (disputedBy.length > 0) gaps.push('disputed');
    const own = bounds(event);
    const uncertainOrderWith = event.occurredAt
      ? ordered
          .filter((other) => other !== event && other.occurredAt && overlap(own, bounds(other)))
          // Order matters only where it changes who held the person.
          .filter((other) => (other.custodianId ?? null) !== (event.custodianId ?? null))
          .map((other) => other.id)
      : [];
    return {
      eventId: event.id,
      kind: event.kind,
      state,
      from: event.occurredAt ?? null,
      to: next?.occurredAt ?? null,
      placeId: event.placeId ?? null,
      custodianId: event.custodianId ?? null,
      jurisdiction: event.jurisdiction ?? null,
      gaps,
      disputedBy: [...new Set(disputedBy)],
      uncertainOrderWith,
    };
  });
}

export function currentStatus(chain: readonly ChainSpan[]): CurrentStatus {
  const latest = chain.at(-1);
  if (!latest) {
    return {
      state: 'no_record',
      placeId: null,
      custodianId: null,
      jurisdiction: null,
      asOf: null,
      eventId: null,
    };
  }
  return {
    state: latest.state,
    placeId: latest.placeId,
    custodianId: latest.custodianId,
    jurisdiction: latest.jurisdiction,
    asOf: latest.from,
    eventId: latest.eventId,
  };
}

const dayNumber = (iso: string) => Math.floor(Date.parse(iso) / 86_400_000);

/** Calendar days between two partial dates, as the fewest and most the dates allow. */
export function daysBetween(from: string, to: string): { min: number; max: number } {
  const [a, b] = [parsePartialDate(from), parsePartialDate(to)];
  return {
    min: Math.max(0, dayNumber(b.start) - dayNumber(a.end)),
    max: Math.max(0, dayNumber(b.end) - dayNumber(a.start)),
  };
}
