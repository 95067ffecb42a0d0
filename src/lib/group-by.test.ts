import { describe, expect, it } from 'vitest';
import { groupBy } from './group-by.js';

describe('groupBy', () => {
  it('keeps items in order under every key they name', () => {
    const groups = groupBy(
      [
        { id: 'a', parties: ['p1', 'p2'] },
        { id: 'b', parties: ['p2'] },
        { id: 'c', parties: [] },
      ],
      (item) => item.parties,
    );
    expect([...groups.entries()].map(([key, items]) => [key, items.map((i) => i.id)])).toEqual([
      ['p1', ['a']],
      ['p2', ['a', 'b']],
    ]);
  });
});
