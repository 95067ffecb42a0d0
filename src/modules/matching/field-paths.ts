/** Reading and writing one field of a record by its dotted path (`parties.0.personId`). */

export function getAtPath(record: Record<string, unknown>, path: string): unknown {
  let value: unknown = record;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/**
 * The patch that sets `path` to `value`: the top-level field, copied and changed at the path,
 * since record updates replace whole top-level fields.
 */
export function patchAtPath(
  record: Record<string, unknown>,
  path: string,
  value: unknown,
): Record<string, unknown> {
  const [top = '', ...rest] = path.split('.');
  if (rest.length === 0) return { [top]: value };
  const copy = structuredClone(record[top]) as Record<string, unknown>;
  let node = copy;
  for (const part of rest.slice(0, -1)) node = node[part] as Record<string, unknown>;
  node[rest.at(-1) as string] = value;
  return { [top]: copy };
}
