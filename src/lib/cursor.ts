/**
 * Opaque keyset-pagination cursors: the sort key and id of the last row returned. Encoded so
 * clients treat them as tokens, not as something to construct.
 */
export type CursorKey = [sortValue: string | number, id: string];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): CursorKey | undefined {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(key) &&
      key.length === 2 &&
      (typeof key[0] === 'string' || typeof key[0] === 'number') &&
      typeof key[1] === 'string'
    ) {
      return [key[0], key[1]];
    }
  } catch {
    // fall through: a malformed cursor is reported by the caller as a bad field
  }
  return undefined;
}
