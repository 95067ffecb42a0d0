import { parsePartialDate } from '../../lib/partial-date.js';
import { canSee, type Sensitivity } from '../auth/policy.js';
import {
  type ChainEvent,
  type CustodyState,
  currentStatus,
  custodyChain,
} from '../dossier/custody-chain.js';
import { type Answer, type DueProcessItem, dueProcess } from '../dossier/due-process.js';
import type { StoredRecord } from '../records/definition.js';

/**
 * A person's facts — current status and due-process answers — derived from their records exactly
 * as the dossier derives them, once per clearance level, from the records visible at that level.
 */

/** Every record a person's facts rest on, at every sensitivity; `factsAt` picks what a level sees. */
export interface PersonRecordSet {
  person: StoredRecord;
  events: StoredRecord[];
  allegations: StoredRecord[];
  /** proceedings the person is a party to */
  proceedings: StoredRecord[];
  /** docket entries of those proceedings */
  proceedingEvents: StoredRecord[];
  /** incidents the person is a victim of */
  incidents: StoredRecord[];
}

/** Many-valued facts, counted one value per row. */
export const FACT_VALUE_KINDS = [
  'nationality',
  'role',
  'held_at',
  'held_by',
  'allegation_status',
] as const;
export type FactValueKind = (typeof FACT_VALUE_KINDS)[number];

export interface PersonFacts {
  personId: string;
  level: Sensitivity;
  state: CustodyState;
  custodianId: string | null;
  placeId: string | null;
  jurisdiction: string | null;
  statusEventId: string | null;
  /** the date of the event the status rests on, as recorded (partial) */
  asOf: string | null;
  charged: Answer;
  hearingBeforeRemoval: Answer;
  noticeOfAllegations: Answer;
  accessToCounsel: Answer;
  consularAccess: Answer;
  wayToChallengeRemoval: Answer;
  /** the span held without charge, as partial dates; `until` null while still held */
  heldWithoutCharge: { from: string; until: string | null } | null;
  values: Record<FactValueKind, string[]>;
}

const HELD = new Set<CustodyState>(['in_custody', 'removed']);

/** The person's facts as a caller with clearance `level` would derive them; null if they cannot see the person. */
export function factsAt(
  records: PersonRecordSet,
  level: Sensitivity,
  today: string,
): PersonFacts | null {
  const actor = { id: 'system:person-facts', role: 'viewer' as const, clearance: level };
  const visible = <T extends StoredRecord>(list: readonly T[]) =>
    list.filter((r) => canSee(actor, r.sensitivity));
  if (!canSee(actor, records.person.sensitivity)) return null;

  const events = visible(records.events);
  const allegations = visible(records.allegations);
  const proceedings = visible(records.proceedings);
  const visibleProceedings = new Set(proceedings.map((p) => p.id));
  // A docket entry counts only through a proceeding the caller may also see.
  const proceedingEvents = visible(records.proceedingEvents).filter((e) =>
    visibleProceedings.has(e.proceedingId as string),
  );
  const incidents = visible(records.incidents);

  const chain = custodyChain(events as unknown as ChainEvent[]);
  const status = currentStatus(chain);
  const process = dueProcess({
    chain,
    allegations: allegations as never,
    proceedings: proceedings as never,
    proceedingEvents: proceedingEvents as never,
    incidents: incidents as never,
    today,
  });
  const answer = (item: DueProcessItem) =>
    process.items.find((i) => i.item === item)?.answer ?? 'unknown';
  const held = chain.filter((span) => HELD.has(span.state));
  const distinct = (list: (string | null | undefined)[]) => [
    ...new Set(list.filter((v): v is string => Boolean(v))),
  ];
  const days = process.daysHeldWithoutCharge;
  return {
    personId: records.person.id,
    level,
    state: status.state,
    custodianId: status.custodianId,
    placeId: status.placeId,
    jurisdiction: status.jurisdiction,
    statusEventId: status.eventId,
    asOf: status.asOf,
    charged: answer('criminal_charge'),
    hearingBeforeRemoval: answer('hearing_before_removal'),
    noticeOfAllegations: answer('notice_of_allegations'),
    accessToCounsel: answer('access_to_counsel'),
    consularAccess: answer('consular_access'),
    wayToChallengeRemoval: answer('way_to_challenge_removal'),
    heldWithoutCharge: days ? { from: days.from, until: days.to } : null,
    values: {
      nationality: distinct((records.person.nationalities as string[] | undefined) ?? []),
      role: distinct((records.person.roles as string[] | undefined) ?? []),
      held_at: distinct(held.map((s) => s.placeId)),
      held_by: distinct(held.map((s) => s.custodianId)),
      allegation_status: distinct(allegations.map((a) => a.status as string)),
    },
  };
}

/** Days since 1970-01-01 of an instant: the unit day counts are stored and compared in. */
export const dayNumber = (iso: string): number => Math.floor(Date.parse(iso) / 86_400_000);

/** The first and last day a partial date may denote. */
export function dayRange(value: string): { first: number; last: number } {
  const bounds = parsePartialDate(value);
  return { first: dayNumber(bounds.start), last: dayNumber(bounds.end) };
}

/** The earliest instant of a partial date, for sorting by it. */
export const earliest = (value: string | null): string | null =>
  value ? parsePartialDate(value).start : null;
