import { useState } from 'react';
import { useLoad } from '../use-load';
import { listPeople, type Person } from './api';

/**
 * The first page of people for the filters, plus any pages the reader asked for with "load
 * more". New filters start again from the first page.
 */
export function usePagedPeople(query: Record<string, string>, sort: string) {
  const key = JSON.stringify([query, sort]);
  const first = useLoad(() => listPeople(query, sort, null), [key]);
  const [more, setMore] = useState<{ key: string; items: Person[]; cursor: string | null }>({
    key,
    items: [],
    cursor: null,
  });
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<Error | null>(null);

  const extra = more.key === key ? more : { key, items: [], cursor: null };
  const nextCursor =
    first.state === 'done'
      ? (extra.cursor ?? (extra.items.length ? null : first.data.nextCursor))
      : null;

  async function loadMore() {
    if (first.state !== 'done') return;
    const cursor = extra.items.length ? extra.cursor : first.data.nextCursor;
    if (!cursor) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await listPeople(query, sort, cursor);
      setMore({ key, items: [...extra.items, ...page.items], cursor: page.nextCursor });
    } catch (error) {
      setMoreError(error as Error);
    } finally {
      setLoadingMore(false);
    }
  }

  const items = first.state === 'done' ? [...first.data.items, ...extra.items] : [];
  return { first, items, nextCursor, loadMore, loadingMore, moreError };
}
