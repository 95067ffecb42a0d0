import * as chrono from 'chrono-node';

/**
 * Deadlines a docket entry sets, found in its text: "… will submit … by August 26, 2021",
 * "on or before …", "Redaction Request due 4/4/2022", "Deadline set for …", and "within 14 days
 * of this Order" (counted from the entry's date). Times of day mark hearings, not deadlines, and
 * business days are not counted (court holidays would make the date a guess).
 */
export interface FoundDeadline {
  /** the date it falls due, YYYY-MM-DD */
  dueAt: string;
  /** the sentence that sets it */
  directive: string;
}

const TRIGGER =
  /\b(?:by|on or before|no later than|not later than|due(?: by| on)?|deadline(?: set)? (?:for|of)|set for|until)\s*$/i;
const RELATIVE =
  /\bwithin\s+(?:[a-z-]+\s+)?\(?(\d{1,3})\)?\s+(?:calendar\s+)?days\s+(?:of|after|from)\s+(?:the\s+)?(?:date\s+of\s+)?(?:entry\s+of\s+|issuance\s+of\s+)?this\s+(?:minute\s+)?order\b/i;
const TEXT_ENDS = /\(\s*Entered:[^)]*\)\s*$/;

/** Sentences, not split at "a.m.", "No." or initials. */
export function sentences(text: string): string[] {
  return text
    .replace(TEXT_ENDS, '')
    .split(/(?<=[.;])\s+(?=[A-Z(])(?<!\b(?:a\.m|p\.m|No|Nos|Inc|[A-Z])\.\s+)/)
    .map((sentence) => sentence.trim())
    .filter(Boolean);
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return isoDay(date);
}

export function findDeadlines(text: string, enteredOn: string | undefined): FoundDeadline[] {
  const found: FoundDeadline[] = [];
  const reference = enteredOn ? new Date(`${enteredOn}T12:00:00Z`) : new Date(0);
  for (const sentence of sentences(text)) {
    if (/^signed by\b/i.test(sentence)) continue;
    for (const result of chrono.strict.parse(sentence, reference)) {
      const before = sentence.slice(0, result.index);
      if (!TRIGGER.test(before) || result.start.isCertain('hour')) continue;
      if (!result.start.isCertain('day') || !result.start.isCertain('year')) continue;
      const { year, month, day } = {
        year: result.start.get('year') ?? 0,
        month: result.start.get('month') ?? 0,
        day: result.start.get('day') ?? 0,
      };
      const dueAt = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      found.push({ dueAt, directive: sentence });
    }
    const relative = RELATIVE.exec(sentence);
    if (relative && enteredOn) {
      found.push({ dueAt: addDays(enteredOn, Number(relative[1])), directive: sentence });
    }
  }
  return found;
}
