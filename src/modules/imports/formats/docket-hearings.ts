import * as chrono from 'chrono-node';
import { sentences } from './docket-deadlines.js';

/**
 * Hearings a docket entry sets: "… status conference already scheduled for August 31, 2021, at
 * 11:00 a.m.", "Motion Hearing set for 4/1/2025 10:00 AM". A hearing is a moment in the court's
 * own zone, so one is made only when the text gives a time of day and the court's zone is known;
 * a date alone stays in the entry's text rather than become a hearing at an invented hour.
 */
export interface FoundHearing {
  /** ISO 8601 with the court's offset on that day, e.g. 2021-08-31T11:00:00-04:00 */
  scheduledFor: string;
  sentence: string;
}

const SETS =
  /\b(?:scheduled for|set for|reset for|continued to|rescheduled for|will be held on)\s*$/i;

/** Court ids (CourtListener's) → their IANA zone; courts not listed get no hearings. */
const COURT_ZONES: Record<string, string> = {
  dcd: 'America/New_York',
  cadc: 'America/New_York',
  njd: 'America/New_York',
  nysd: 'America/New_York',
  nyed: 'America/New_York',
  mdd: 'America/New_York',
  vaed: 'America/New_York',
  paed: 'America/New_York',
  mad: 'America/New_York',
  flsd: 'America/New_York',
  flmd: 'America/New_York',
  gand: 'America/New_York',
  txsd: 'America/Chicago',
  txwd: 'America/Chicago',
  txnd: 'America/Chicago',
  lawd: 'America/Chicago',
  ilnd: 'America/Chicago',
  mnd: 'America/Chicago',
  azd: 'America/Phoenix',
  cod: 'America/Denver',
  nmd: 'America/Denver',
  cacd: 'America/Los_Angeles',
  casd: 'America/Los_Angeles',
  cand: 'America/Los_Angeles',
  caed: 'America/Los_Angeles',
  wawd: 'America/Los_Angeles',
  ca9: 'America/Los_Angeles',
  scotus: 'America/New_York',
};

export const courtZone = (courtId: string) => COURT_ZONES[courtId];

/** The zone's UTC offset at a local wall-clock time, as `-04:00`. */
function offsetAt(zone: string, local: Date): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(local)
    .find((part) => part.type === 'timeZoneName')?.value;
  const offset = name?.replace('GMT', '') ?? '';
  return offset === '' ? '+00:00' : offset;
}

const pad = (n: number | null | undefined) => String(n ?? 0).padStart(2, '0');

export function findHearings(
  text: string,
  enteredOn: string | undefined,
  courtId: string,
): FoundHearing[] {
  const zone = courtZone(courtId);
  if (!zone) return [];
  const reference = enteredOn ? new Date(`${enteredOn}T12:00:00Z`) : new Date(0);
  const found: FoundHearing[] = [];
  for (const sentence of sentences(text)) {
    for (const result of chrono.strict.parse(sentence, reference)) {
      const start = result.start;
      if (!SETS.test(sentence.slice(0, result.index))) continue;
      if (!start.isCertain('hour') || !start.isCertain('day') || !start.isCertain('year')) continue;
      const wall = `${start.get('year')}-${pad(start.get('month'))}-${pad(start.get('day'))}T${pad(start.get('hour'))}:${pad(start.get('minute'))}:00`;
      // the zone's offset at the wall time read as UTC: a few hours off only around a DST change
      // at 2 a.m., when no court sits
      const offset = offsetAt(zone, new Date(`${wall}Z`));
      found.push({ scheduledFor: `${wall}${offset}`, sentence });
    }
  }
  return found;
}
