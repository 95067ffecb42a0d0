import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.js';
import { escapeLike, foldText } from './text.js';

describe('text folding', () => {
  it('makes case, accents and spacing irrelevant', () => {
    expect(foldText('  MUÑOZ   Pinto ')).toBe('munoz pinto');
    expect(foldText('Muñoz')).toBe(foldText('Munoz'));
    expect(foldText('José')).toBe('jose');
  });

  it('escapes LIKE wildcards so they match literally', () => {
    expect(escapeLike('50%_off\\')).toBe('50\\%\\_off\\\\');
  });
});

describe('cursors', () => {
  it('round-trip the sort key and id', () => {
    expect(decodeCursor(encodeCursor(['reyes barrios jerce', 'abc']))).toEqual([
      'reyes barrios jerce',
      'abc',
    ]);
  });

  it('refuse anything the API did not issue', () => {
    expect(decodeCursor('not-a-cursor')).toBeUndefined();
    expect(decodeCursor(Buffer.from('{"a":1}').toString('base64url'))).toBeUndefined();
  });
});
