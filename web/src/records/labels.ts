import { useCallback } from 'react';
import { labelOf, type Slug } from './catalog';
import { type Text, useText } from './text/use-text';

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** What happened and when, in the reader's language: "Transferred, about April 2025". */
function kindAndDate(text: Text, kind: unknown, date: unknown) {
  const what = capital(text.valueName(String(kind)));
  return typeof date === 'string' && date ? `${what}, ${text.partialDate(date)}` : what;
}

/**
 * A record's label for display. Types labelled by a kind and a date (events, incidents) say both
 * in the reader's language; the rest use their label as recorded (a name, a title).
 */
export function useRecordLabel() {
  const text = useText();
  return useCallback(
    (slug: Slug, record: Record<string, unknown>) => {
      if (slug === 'custody-events') return kindAndDate(text, record.kind, record.occurredAt);
      if (slug === 'incidents') return kindAndDate(text, record.kind, record.occurredFrom);
      if (slug === 'proceeding-events' && !record.title) {
        return kindAndDate(text, record.kind, record.occurredAt ?? record.dueAt);
      }
      return labelOf(slug, record);
    },
    [text],
  );
}
