import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inSlices } from './slices.js';

describe('inSlices', () => {
  it('yields every item once, in order, in slices no larger than asked', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.integer({ min: 1, max: 20 }), (items, size) => {
        const slices = [...inSlices(items, size)];
        expect(slices.flat()).toEqual(items);
        expect(slices.every((s) => s.length >= 1 && s.length <= size)).toBe(true);
        // only the last slice may be short
        expect(slices.slice(0, -1).every((s) => s.length === size)).toBe(true);
      }),
    );
  });

  it('yields nothing for nothing, and refuses a size below one', () => {
    expect([...inSlices([], 3)]).toEqual([]);
    expect(() => [...inSlices([1], 0)]).toThrow(RangeError);
  });
});
