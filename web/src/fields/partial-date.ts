/**
 * The EDTF level-1 shapes the server accepts for a partial date: a year, month or day, with `~`
 * (approximate), `?` (uncertain) or `%` (both), a full timestamp, or a range of two of these
 * with either end open. The server decides; this only lets the form say early what it means.
 */
const DAY = String.raw`\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?[~?%]?`;
const TIMESTAMP = String.raw`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?`;
const POINT = `(?:${TIMESTAMP}|${DAY})`;
const SHAPE = new RegExp(`^(?:${POINT}|(?:${POINT}|\\.\\.)?/(?:${POINT}|\\.\\.)?)$`);

export function looksLikePartialDate(value: string): boolean {
  return SHAPE.test(value) && value !== '/';
}
