import type { Translate } from './i18n/i18n';

const PARTIAL = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([~?%]?)$/;

/**
 * A partial date as people say it, in the reader's language: "2025", "March 2025",
 * "15 Mar 2025"; "about March 2025" for `2025-03~`; ranges as "March – July 2025".
 * Never invents a day or month that was not recorded. Timestamps show date and time.
 */
export function formatPartialDate(
  value: string | null | undefined,
  language: string,
  t: Translate,
): string {
  if (!value) return t('date.unknown');
  if (value.includes('/')) {
    const [from, to] = value.split('/');
    return `${from ? formatPartialDate(from, language, t) : '…'} – ${to ? formatPartialDate(to, language, t) : '…'}`;
  }
  const match = PARTIAL.exec(value);
  if (!match) {
    const instant = new Date(value);
    return Number.isNaN(instant.getTime())
      ? value
      : new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(
          instant,
        );
  }
  const [, year, month, day, qualifier] = match;
  const date = new Date(Date.UTC(Number(year), Number(month ?? 1) - 1, Number(day ?? 1)));
  const options: Intl.DateTimeFormatOptions = day
    ? { dateStyle: 'medium', timeZone: 'UTC' }
    : month
      ? { year: 'numeric', month: 'long', timeZone: 'UTC' }
      : { year: 'numeric', timeZone: 'UTC' };
  const text = new Intl.DateTimeFormat(language, options).format(date);
  if (qualifier === '~') return t('date.approximate', { date: text });
  if (qualifier === '?' || qualifier === '%') return t('date.uncertain', { date: text });
  return text;
}

export function formatList(items: string[], language: string) {
  return new Intl.ListFormat(language, { style: 'long', type: 'conjunction' }).format(items);
}

export function personName(person: {
  givenNames?: string | null;
  familyNames?: string | null;
  id: string;
}) {
  return [person.givenNames, person.familyNames].filter(Boolean).join(' ') || person.id;
}

export function countryName(code: string, language: string) {
  try {
    return new Intl.DisplayNames(language, { type: 'region' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}
