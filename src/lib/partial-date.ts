import edtf from 'edtf';

/**
 * A date known only as precisely as the sources allow: `2025`, `2025-03`, `2025-03-15`, a full
 * timestamp, or the EDTF level-1 forms `2025-03~` (approximate), `2025-03?` (uncertain) and
 * `2025-03/2025-07` (a range). The text is what is stored and shown; the bounds are derived for
 * sorting and comparing, so no day is ever invented.
 */
export interface PartialDateBounds {
  /** earliest instant the value can denote, ISO 8601 UTC */
  start: string;
  /** latest instant the value can denote, ISO 8601 UTC */
  end: string;
}

export type PartialDatePrecision = 'year' | 'month' | 'day' | 'time' | 'range' | 'other';

export class InvalidPartialDate extends Error {
  constructor(readonly value: string) {
    super(
      `"${value}" is not a date: use YYYY, YYYY-MM, YYYY-MM-DD, a full timestamp, ` +
        'or an EDTF form such as 2025-03~, 2025-03? or 2025-03/2025-07',
    );
  }
}

const YEAR_ONLY = /^-?\d{4}[~?%]?$/;
const YEAR_MONTH = /^\d{4}-\d{2}[~?%]?$/;
const YEAR_MONTH_DAY = /^\d{4}-\d{2}-\d{2}[~?%]?$/;

/**
 * The EDTF grammar costs about 0.1 ms a parse, and the same few thousand date strings recur
 * across millions of records (every `2025-03`), so parsed bounds are remembered.
 */
const CACHE_LIMIT = 50_000;
const cache = new Map<string, PartialDateBounds>();

export function parsePartialDate(value: string): PartialDateBounds {
  const known = cache.get(value);
  if (known) return known;
  const bounds = parseUncached(value);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(value, bounds);
  return bounds;
}

function parseUncached(value: string): PartialDateBounds {
  let parsed: ReturnType<typeof edtf>;
  try {
    parsed = edtf(value, { level: 1 });
  } catch {
    throw new InvalidPartialDate(value);
  }
  if (!Number.isFinite(parsed.min) || !Number.isFinite(parsed.max) || parsed.min > parsed.max) {
    throw new InvalidPartialDate(value);
  }
  return Object.freeze({
    start: new Date(parsed.min).toISOString(),
    end: new Date(parsed.max).toISOString(),
  });
}

export function isPartialDate(value: string): boolean {
  try {
    parsePartialDate(value);
    return true;
  } catch {
    return false;
  }
}

export function partialDatePrecision(value: string): PartialDatePrecision {
  if (value.includes('/')) return 'range';
  if (value.includes('T')) return 'time';
  if (YEAR_MONTH_DAY.test(value)) return 'day';
  if (YEAR_MONTH.test(value)) return 'month';
  if (YEAR_ONLY.test(value)) return 'year';
  return 'other';
}

/** True only when every instant `a` can denote lies before every instant `b` can denote. */
export function isCertainlyBefore(a: string, b: string): boolean {
  return parsePartialDate(a).end < parsePartialDate(b).start;
}
