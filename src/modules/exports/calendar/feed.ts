import ical, { type ICalEventData } from 'ical-generator';
import { partialDatePrecision } from '../../../lib/partial-date.js';
import type { ProceedingEventFields } from '../../proceedings/events-schema.js';
import type { ProceedingFields } from '../../proceedings/schema.js';
import type { RecordRegistry } from '../../records/registry.js';
import {
  type ApiRecord,
  MAX_PAGE_SIZE,
  type RecordService,
  type ServiceContext,
} from '../../records/service.js';

export interface FeedFilter {
  personId?: string;
  proceedingId?: string;
}

/** A hearing's end is rarely on the docket: it is shown as an hour, which calendars need. */
const ASSUMED_HEARING_MINUTES = 60;
/** Calendar apps are asked to fetch the feed again after this long. */
const REFRESH_SECONDS = 3600;
/** How many party names a title carries before "and N more". */
const NAMES_IN_TITLE = 3;
/** Only entries with something due are read; this lower bound selects exactly those. */
const ANY_DUE_TIME = '1000';

type EventRecord = ApiRecord & ProceedingEventFields;
type ProceedingRecord = ApiRecord & ProceedingFields;

function service(registry: RecordRegistry, type: string): RecordService {
  const found = registry.get(type);
  if (!found) throw new Error(`record type ${type} is not wired`);
  return found;
}

async function allPages(
  records: RecordService,
  ctx: ServiceContext,
  filters: Record<string, unknown>,
  sort: string,
): Promise<ApiRecord[]> {
  const all: ApiRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await records.list(ctx, { filters, sort, cursor, limit: MAX_PAGE_SIZE });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

/** The docket entries with a hearing or a due date that the caller may see, in the filter. */
async function dueEntries(
  registry: RecordRegistry,
  ctx: ServiceContext,
  filter: FeedFilter,
): Promise<EventRecord[]> {
  const events = service(registry, 'proceeding_event');
  const read = (proceedingId?: string) =>
    allPages(
      events,
      ctx,
      { dueFrom: ANY_DUE_TIME, ...(proceedingId ? { proceedingId } : {}) },
      'dueAt',
    ) as Promise<EventRecord[]>;
  if (filter.proceedingId) return read(filter.proceedingId);
  if (!filter.personId) return read();
  const proceedings = await allPages(
    service(registry, 'proceeding'),
    ctx,
    { partyId: filter.personId },
    'title',
  );
  return (await Promise.all(proceedings.map((p) => read(p.id)))).flat();
}

/** What a calendar can show of a date: a day, an instant, or nothing (a month, a range, "~"). */
type When = { allDay: true; day: string } | { allDay: false; at: Date } | undefined;

function whenOf(value: string | null | undefined): When {
  if (!value) return undefined;
  const precision = partialDatePrecision(value);
  if (precision === 'time') return { allDay: false, at: new Date(value) };
  // An approximate or uncertain day (`2025-04-01~`) is not a day anyone can plan for.
  if (precision === 'day' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return { allDay: true, day: value };
  return undefined;
}

/** Noon UTC names the same calendar day in every zone from UTC−11 to UTC+11. */
const dayDate = (day: string) => new Date(`${day}T12:00:00Z`);

interface Context {
  proceedings: Map<string, ProceedingRecord>;
  names: Map<string, string>;
  places: Map<string, string>;
  origin: string;
  personId?: string;
}

function titleOf(what: string, proceeding: ProceedingRecord | undefined, names: string[]): string {
  const shown = names.slice(0, NAMES_IN_TITLE).join(', ');
  const more = names.length > NAMES_IN_TITLE ? ` and ${names.length - NAMES_IN_TITLE} more` : '';
  return [what, proceeding?.title, shown ? `${shown}${more}` : undefined]
    .filter(Boolean)
    .join(' — ');
}

function eventsOf(entry: EventRecord, c: Context): ICalEventData[] {
  const proceeding = c.proceedings.get(entry.proceedingId);
  const partyIds = (proceeding?.parties ?? [])
    .map((p) => p.personId)
    .filter((id): id is string => Boolean(id && c.names.has(id)));
  const names = partyIds.map((id) => c.names.get(id)!);
  const linkedPerson = c.personId && c.names.has(c.personId) ? c.personId : partyIds[0];
  const url = linkedPerson
    ? `${c.origin}/people/${linkedPerson}`
    : `${c.origin}/api/v1/proceedings/${entry.proceedingId}`;
  const lines = (extra: (string | null | undefined)[]) =>
    [
      entry.title,
      proceeding?.docketNumber ? `Docket ${proceeding.docketNumber}` : undefined,
      entry.entryNumber ? `Entry ${entry.entryNumber}` : undefined,
      ...extra,
      entry.description,
      url,
    ]
      .filter(Boolean)
      .join('\n');
  const common = {
    sequence: entry.version,
    url,
    lastModified: new Date(entry.updatedAt as string),
  };
  const out: ICalEventData[] = [];

  const hearing = entry.hearing;
  if (hearing) {
    const start = new Date(hearing.scheduledFor);
    const place = hearing.placeId ? c.places.get(hearing.placeId) : undefined;
    const mode = hearing.mode ? `Mode: ${hearing.mode.replace('_', ' ')}` : undefined;
    out.push({
      ...common,
      id: `${entry.id}.hearing@habeas`,
      start,
      end: new Date(start.getTime() + ASSUMED_HEARING_MINUTES * 60_000),
      summary: titleOf('Hearing', proceeding, names),
      location: place ?? (hearing.mode === 'remote' ? 'Remote' : null),
      description: lines([mode, hearing.remoteDetails]),
    });
  }
  const dues: [string, string, string | null | undefined, string | undefined][] = [
    ['due', entry.kind === 'deadline' ? 'Deadline' : 'Due', entry.dueAt, undefined],
    ['order-deadline', 'Order deadline', entry.order?.deadline, entry.order?.directive],
  ];
  for (const [key, what, value, directive] of dues) {
    const when = whenOf(value);
    if (!when) continue;
    out.push({
      ...common,
      id: `${entry.id}.${key}@habeas`,
      ...(when.allDay
        ? { start: dayDate(when.day), allDay: true }
        : { start: when.at, end: when.at }),
      summary: titleOf(what, proceeding, names),
      description: lines([directive]),
    });
  }
  return out;
}

/**
 * The iCalendar feed of hearings and deadlines the actor may see: hearings as timed events,
 * due dates and order deadlines as all-day events (or timed, when a time is set). A date known
 * only to the month or year, a range, or an approximate day is no event and is left out. UIDs
 * are the entry's id plus what falls due, so an edit moves the event rather than adding one.
 */
export async function calendarFeed(
  registry: RecordRegistry,
  ctx: ServiceContext,
  filter: FeedFilter,
  origin: string,
): Promise<{ ics: string; events: number }> {
  const entries = await dueEntries(registry, ctx, filter);
  const proceedingIds = [...new Set(entries.map((e) => e.proceedingId))];
  const proceedings = await service(registry, 'proceeding').findVisible(ctx, proceedingIds);
  const byId = new Map(
    proceedings.map((p) => [p.id, p as unknown as ProceedingRecord] as [string, ProceedingRecord]),
  );
  const people = service(registry, 'person');
  const personIds = proceedings.flatMap((p) =>
    ((p as unknown as ProceedingRecord).parties ?? []).flatMap((party) =>
      party.personId ? [party.personId] : [],
    ),
  );
  const visiblePeople = await people.findVisible(ctx, [...new Set(personIds)]);
  const places = service(registry, 'place');
  const placeIds = entries.flatMap((e) => (e.hearing?.placeId ? [e.hearing.placeId] : []));
  const visiblePlaces = await places.findVisible(ctx, [...new Set(placeIds)]);
  const context: Context = {
    proceedings: byId,
    names: new Map(visiblePeople.map((p) => [p.id, people.def.label(p as never)])),
    places: new Map(visiblePlaces.map((p) => [p.id, places.def.label(p as never)])),
    origin,
    personId: filter.personId,
  };

  const calendar = ical({
    name: 'Habeas: hearings and deadlines',
    prodId: { company: 'Habeas', product: 'Habeas', language: 'EN' },
    ttl: REFRESH_SECONDS,
  });
  let count = 0;
  for (const entry of entries) {
    for (const event of eventsOf(entry, context)) {
      calendar.createEvent(event);
      count++;
    }
  }
  return { ics: calendar.toString(), events: count };
}
