/**
 * `items` in consecutive slices of at most `size`, in order: for statements that take a list of
 * values or rows, which both engines cap in bound parameters.
 */
export function* inSlices<T>(items: readonly T[], size: number): Generator<T[]> {
  if (!Number.isInteger(size) || size < 1) throw new RangeError('slice size must be at least 1');
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
