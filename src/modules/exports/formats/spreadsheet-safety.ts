/**
 * A cell a spreadsheet would read as a formula (`=HYPERLINK(…)`, `+cmd|…`, `@SUM(…)`, `-1+1`)
 * is a way to run something on the machine of whoever opens the export. Such text gets a
 * leading apostrophe, which spreadsheets show as plain text (OWASP's advice for CSV injection).
 * Tab and carriage return lead the list too: some programs strip them and then read a formula.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
