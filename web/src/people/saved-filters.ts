import { useCallback, useEffect, useState } from 'react';

/**
 * Named people-list filters, kept in this browser's localStorage under the signed-in user's id:
 * they do not follow the user to another browser or device, and another account on the same
 * browser never sees them. Each is stored as the list's query string, so applying one is
 * navigating to it.
 */
export interface SavedFilter {
  name: string;
  search: string;
}

const keyFor = (userId: string) => `habeas.savedFilters.${userId}`;

function read(userId: string): SavedFilter[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(keyFor(userId)) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (entry): entry is SavedFilter =>
        typeof entry?.name === 'string' && typeof entry?.search === 'string',
    );
  } catch {
    // unreadable storage (edited by hand, or another version's format): start afresh
    return [];
  }
}

const byName = (a: SavedFilter, b: SavedFilter) => a.name.localeCompare(b.name);

export function useSavedFilters(userId: string) {
  const [saved, setSaved] = useState<SavedFilter[]>(() => read(userId));

  useEffect(() => {
    setSaved(read(userId));
    // another tab saving a filter shows up here too
    const onStorage = (event: StorageEvent) => {
      if (event.key === keyFor(userId)) setSaved(read(userId));
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [userId]);

  const write = useCallback(
    (next: SavedFilter[]) => {
      const sorted = [...next].sort(byName);
      localStorage.setItem(keyFor(userId), JSON.stringify(sorted));
      setSaved(sorted);
    },
    [userId],
  );

  /** Saves under `name`, replacing a filter of the same name. */
  const save = useCallback(
    (name: string, search: string) =>
      write([...read(userId).filter((f) => f.name !== name), { name, search }]),
    [userId, write],
  );
  const rename = useCallback(
    (from: string, to: string) =>
      write(
        read(userId)
          .filter((f) => f.name !== to || from === to)
          .map((f) => (f.name === from ? { ...f, name: to } : f)),
      ),
    [userId, write],
  );
  const remove = useCallback(
    (name: string) => write(read(userId).filter((f) => f.name !== name)),
    [userId, write],
  );

  return { saved, save, rename, remove };
}
