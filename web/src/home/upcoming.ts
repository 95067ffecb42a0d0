import { api, type Schemas, unwrap } from '../api/client';

type ProceedingEvent = Schemas['ProceedingEvent'];

export interface Upcoming {
  event: ProceedingEvent;
  /** the moment that puts the entry on the list: a hearing's time, a deadline or a due date */
  when: string;
  /** a deadline that passed without the order being complied with */
  overdue: boolean;
  proceedingTitle?: string;
}

/** How far back an unmet deadline still shows as overdue, and how far ahead the list looks. */
export const LOOK_BACK_DAYS = 60;
export const LOOK_AHEAD_DAYS = 14;

const day = (date: Date) => date.toISOString().slice(0, 10);
const addDays = (date: Date, days: number) => new Date(date.getTime() + days * 86_400_000);

/** The moments an entry sets, as the server's `dueTimes` reads them. */
function moments(e: ProceedingEvent): string[] {
  return [e.hearing?.scheduledFor, e.order?.deadline, e.dueAt].filter((value): value is string =>
    Boolean(value),
  );
}

const met = (e: ProceedingEvent) => e.order?.compliance === 'complied';

/**
 * Hearings and deadlines of the next fortnight, and deadlines of the last two months that
 * nobody marked as complied with — those first, as they are the ones to act on tonight.
 */
export async function loadUpcoming(now: Date): Promise<Upcoming[]> {
  const today = day(now);
  const page = unwrap(
    await api.GET('/api/v1/proceeding-events', {
      params: {
        query: {
          dueFrom: day(addDays(now, -LOOK_BACK_DAYS)),
          dueTo: day(addDays(now, LOOK_AHEAD_DAYS)),
          sort: 'dueAt',
          limit: 200,
        },
      },
    }),
  );
  const horizon = day(addDays(now, LOOK_AHEAD_DAYS));
  const rows: Upcoming[] = [];
  for (const event of page.items) {
    const times = moments(event).sort();
    const next = times.find((time) => time.slice(0, 10) >= today);
    if (next && next.slice(0, 10) <= horizon) {
      rows.push({ event, when: next, overdue: false });
    } else if (!next && times.length > 0 && event.kind !== 'hearing' && !met(event)) {
      rows.push({ event, when: times[times.length - 1] as string, overdue: true });
    }
  }
  rows.sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.when.localeCompare(b.when));
  const titles = await proceedingTitles([...new Set(rows.map((r) => r.event.proceedingId))]);
  return rows.map((row) => ({ ...row, proceedingTitle: titles.get(row.event.proceedingId) }));
}

async function proceedingTitles(ids: string[]): Promise<Map<string, string>> {
  const found = await Promise.all(
    ids.map((id) =>
      api
        .GET('/api/v1/proceedings/{id}', { params: { path: { id } } })
        .then((result) => (result.data ? ([id, result.data.title] as const) : undefined)),
    ),
  );
  return new Map(found.filter((entry) => entry !== undefined));
}

/** Whole days from today to `when` (negative when past), by calendar date. */
export function daysFrom(now: Date, when: string): number {
  const target = Date.parse(`${when.slice(0, 10)}T00:00:00Z`);
  const today = Date.parse(`${day(now)}T00:00:00Z`);
  return Math.round((target - today) / 86_400_000);
}
