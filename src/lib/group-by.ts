/**
 * Groups items under each key `keysOf` gives them (an item may sit under several keys). Node 20
 * has no Map.groupBy; appending in place keeps this linear however large a group grows.
 */
export function groupBy<T, K>(items: Iterable<T>, keysOf: (item: T) => readonly K[]): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    for (const key of keysOf(item)) {
      const group = groups.get(key);
      if (group) group.push(item);
      else groups.set(key, [item]);
    }
  }
  return groups;
}
