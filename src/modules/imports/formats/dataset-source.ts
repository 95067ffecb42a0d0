import type { ImportItem } from '../item.js';

export interface DatasetSource {
  externalId: string;
  kind: 'dataset' | 'government_record' | 'court_document' | 'news_article';
  title: string;
  publisher?: string;
  authors?: string[];
  publishedAt?: string;
  accessedAt?: string;
  url?: string;
  notes?: string;
  /** admiralty reliability grade of the publisher, when the format implies one */
  reliability?: 'A' | 'B' | 'C' | 'D' | 'E' | 'F';
}

/**
 * Every imported data set becomes one `source` record, and every item made from it cites it:
 * no fact arrives unsourced. Readers yield the source first, so it exists before its citers.
 */
export function sourceItem(source: DatasetSource, file: string): ImportItem {
  const { externalId, ...body } = source;
  return {
    type: 'source',
    origin: { row: 1, file },
    externalId,
    body: Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)),
  };
}

export const citing = (sourceExternalId: string, locator?: string) => [
  locator ? { externalId: sourceExternalId, locator } : { externalId: sourceExternalId },
];

/** Drops undefined and null entries, so a body holds only what the row actually said. */
export function compact<T extends Record<string, unknown>>(body: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(body).filter(([, value]) => value !== undefined && value !== null),
  ) as Partial<T>;
}
