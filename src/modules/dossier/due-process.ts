import { isCertainlyBefore } from '../../lib/partial-date.js';
import { type ChainSpan, daysBetween } from './custody-chain.js';

/**
 * The due-process checklist: each item is yes, no or unknown, with the ids of the records that
 * decide it, so a lawyer can check every answer against its source. Absence of a record is
 * never read as "no" except where the item says so (a removal with no hearing recorded before
 * it), because that is the claim a litigation team has to make and test.
 */

export type Answer = 'yes' | 'no' | 'unknown';

export interface ChecklistItem {
  item: DueProcessItem;
  answer: Answer;
  decidedBy: string[];
  note: string;
}

export const DUE_PROCESS_ITEMS = [
  'notice_of_allegations',
  'hearing_before_removal',
  'access_to_counsel',
  'criminal_charge',
  'criminal_record',
  'family_told_of_whereabouts',
  'consular_access',
  'way_to_challenge_removal',
] as const;
export type DueProcessItem = (typeof DUE_PROCESS_ITEMS)[number];

export interface DayRange {
  min: number;
  max: number;
  from: string;
  to: string | null;
  decidedBy: string[];
}

export interface DueProcessInput {
  chain: readonly ChainSpan[];
  allegations: readonly { id: string; status: string; category: string }[];
  /** proceedings the person is a party to (any role, class members included) */
  proceedings: readonly {
    id: string;
    parties?: { role: string; personId?: string | null }[] | null;
  }[];
  proceedingEvents: readonly {
    id: string;
    proceedingId: string;
    kind: string;
    occurredAt?: string | null;
    hearing?: { scheduledFor?: string | null } | null;
  }[];
  incidents: readonly {
    id: string;
    kind: string;
    occurredFrom?: string | null;
    occurredTo?: string | null;
  }[];
  /** today, as a partial date, for spans still running */
  today: string;
}

export interface DueProcess {
  items: ChecklistItem[];
  daysHeldWithoutCharge: DayRange | null;
  daysIncommunicado: { min: number; max: number; decidedBy: string[] } | null;
}

const CHARGED = new Set(['charged', 'convicted']);
const HELD = new Set(['in_custody', 'removed']);
const NO_WORD = new Set(['incommunicado_detention', 'forced_disappearance']);

const item = (
  item: DueProcessItem,
  answer: Answer,
  decidedBy: string[],
  note: string,
): ChecklistItem => ({
  item,
  answer,
  decidedBy,
  note,
});

export function dueProcess(input: DueProcessInput): DueProcess {
  const charged = input.allegations.filter((a) => CHARGED.has(a.status));
  const incidentsOf = (kinds: ReadonlySet<string>) =>
    input.incidents.filter((i) => kinds.has(i.kind));
  const items: ChecklistItem[] = [
    charged.length > 0
      ? item('notice_of_allegations', 'yes', ids(charged), 'a charge was brought')
      : item('notice_of_allegations', 'unknown', [], 'no charge or notice is recorded'),
    hearingBeforeRemoval(input),
    accessToCounsel(input),
    charged.length > 0
      ? item('criminal_charge', 'yes', ids(charged), 'charged')
      : input.allegations.length > 0
        ? item(
            'criminal_charge',
            'no',
            ids(input.allegations),
            'allegations recorded, none charged',
          )
        : item('criminal_charge', 'unknown', [], 'no allegation is recorded'),
    criminalRecord(input),
    incidentsOf(NO_WORD).length > 0
      ? item(
          'family_told_of_whereabouts',
          'no',
          ids(incidentsOf(NO_WORD)),
          'held incommunicado or disappeared',
        )
      : item('family_told_of_whereabouts', 'unknown', [], 'nothing recorded either way'),
    incidentsOf(new Set(['denial_of_consular_access'])).length > 0
      ? item(
          'consular_access',
          'no',
          ids(incidentsOf(new Set(['denial_of_consular_access']))),
          'denied',
        )
      : item('consular_access', 'unknown', [], 'nothing recorded either way'),
    wayToChallenge(input),
  ];
  return {
    items,
    daysHeldWithoutCharge: charged.length > 0 ? null : heldDays(input),
    daysIncommunicado: incommunicadoDays(input),
  };
}

const ids = (records: readonly { id: string }[]) => records.map((r) => r.id);

function hearingBeforeRemoval(input: DueProcessInput): ChecklistItem {
  const removal = input.chain.find((span) => span.kind === 'removed');
  if (!removal?.from)
    return item('hearing_before_removal', 'unknown', [], 'no dated removal is recorded');
  const hearings = input.proceedingEvents.filter((e) => e.kind === 'hearing');
  const before = hearings.filter((h) => {
    const when = h.hearing?.scheduledFor ?? h.occurredAt;
    return when && isCertainlyBefore(when, removal.from as string);
  });
  if (before.length > 0)
    return item('hearing_before_removal', 'yes', ids(before), 'a hearing preceded the removal');
  const maybe = hearings.filter((h) => h.hearing?.scheduledFor ?? h.occurredAt);
  const undecided = maybe.filter(
    (h) =>
      !isCertainlyBefore(
        removal.from as string,
        (h.hearing?.scheduledFor ?? h.occurredAt) as string,
      ),
  );
  return undecided.length > 0
    ? item(
        'hearing_before_removal',
        'unknown',
        [removal.eventId, ...ids(undecided)],
        'a hearing may have preceded the removal',
      )
    : item(
        'hearing_before_removal',
        'no',
        [removal.eventId],
        'no hearing is recorded before the removal',
      );
}

function accessToCounsel(input: DueProcessInput): ChecklistItem {
  const denied = input.incidents.filter((i) => i.kind === 'denial_of_counsel');
  if (denied.length > 0)
    return item('access_to_counsel', 'no', ids(denied), 'denial of counsel recorded');
  const withCounsel = input.proceedings.filter((p) =>
    p.parties?.some((party) => party.role === 'counsel'),
  );
  return withCounsel.length > 0
    ? item('access_to_counsel', 'yes', ids(withCounsel), 'counsel appears in a proceeding')
    : item('access_to_counsel', 'unknown', [], 'no counsel is recorded');
}

function criminalRecord(input: DueProcessInput): ChecklistItem {
  const convictions = input.allegations.filter(
    (a) => a.category === 'criminal_record' && a.status === 'convicted',
  );
  return convictions.length > 0
    ? item('criminal_record', 'yes', ids(convictions), 'a conviction is recorded')
    : item('criminal_record', 'unknown', [], 'no conviction is recorded');
}

function wayToChallenge(input: DueProcessInput): ChecklistItem {
  const orders = input.proceedingEvents.filter((e) => e.kind === 'order' || e.kind === 'ruling');
  return orders.length > 0
    ? item(
        'way_to_challenge_removal',
        'yes',
        ids(orders),
        'a court order or ruling in a proceeding the person is party to',
      )
    : item('way_to_challenge_removal', 'unknown', [], 'no order is recorded');
}

function heldDays(input: DueProcessInput): DayRange | null {
  const firstHeld = input.chain.findIndex((span) => HELD.has(span.state) && span.from);
  if (firstHeld < 0) return null;
  const start = input.chain[firstHeld]!;
  const end = input.chain.slice(firstHeld + 1).find((span) => !HELD.has(span.state) && span.from);
  const range = daysBetween(start.from as string, end?.from ?? input.today);
  return {
    ...range,
    from: start.from as string,
    to: end?.from ?? null,
    decidedBy: [start.eventId, ...(end ? [end.eventId] : [])],
  };
}

function incommunicadoDays(input: DueProcessInput) {
  const spans = input.incidents.filter(
    (i) => i.kind === 'incommunicado_detention' && i.occurredFrom,
  );
  if (spans.length === 0) return null;
  let min = 0;
  let max = 0;
  for (const span of spans) {
    const to = span.occurredTo ?? input.today;
    const range = daysBetween(span.occurredFrom as string, to);
    min += range.min;
    max += range.max;
  }
  return { min, max, decidedBy: ids(spans) };
}

/** Today as a day-precision partial date. */
export const todayPartial = (now = new Date()): string => now.toISOString().slice(0, 10);
