import edtf from 'edtf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isCertainlyBefore,
  isPartialDate,
  parsePartialDate,
  partialDatePrecision,
} from './partial-date.js';

describe('partial dates', () => {
  it('bounds a month by its first and last instant without inventing a day', () => {
    expect(parsePartialDate('2025-03')).toEqual({
      start: '2025-03-01T00:00:00.000Z',
      end: '2025-03-31T23:59:59.999Z',
    });
  });

  it('bounds a year, a day and a timestamp', () => {
    expect(parsePartialDate('2025').end).toBe('2025-12-31T23:59:59.999Z');
    expect(parsePartialDate('2025-03-15').start).toBe('2025-03-15T00:00:00.000Z');
    expect(parsePartialDate('2025-03-15T14:30:00Z').start).toBe('2025-03-15T14:30:00.000Z');
  });

  it('accepts the EDTF level-1 forms for approximate, uncertain and ranges', () => {
    expect(parsePartialDate('2025-03~').start).toBe('2025-03-01T00:00:00.000Z');
    expect(parsePartialDate('2025-03?').end).toBe('2025-03-31T23:59:59.999Z');
    expect(parsePartialDate('2025-03/2025-07')).toEqual({
      start: '2025-03-01T00:00:00.000Z',
      end: '2025-07-31T23:59:59.999Z',
    });
  });

  it.each(['2025-13-40', '2025-02-30', 'March 2025', '', '15/03/2025', '2025-3'])(
    'rejects %j',
    (value) => {
      expect(isPartialDate(value)).toBe(false);
      expect(() => parsePartialDate(value)).toThrow(/is not a date/);
    },
  );

  it('gives the same bounds for a value parsed again, and still rejects an invalid one twice', () => {
    expect(parsePartialDate('2025-03')).toEqual(parsePartialDate('2025-03'));
    expect(() => parsePartialDate('2025-13-40')).toThrow(/is not a date/);
    expect(() => parsePartialDate('2025-13-40')).toThrow(/is not a date/);
  });

  it('names the precision a value was given with', () => {
    expect(partialDatePrecision('2025')).toBe('year');
    expect(partialDatePrecision('2025-03~')).toBe('month');
    expect(partialDatePrecision('2025-03-15')).toBe('day');
    expect(partialDatePrecision('2025-03-15T10:00:00Z')).toBe('time');
    expect(partialDatePrecision('2025-03/2025-07')).toBe('range');
  });

  it('calls a date before another only when no reading of the two could overlap', () => {
    expect(isCertainlyBefore('2024', '2025-03')).toBe(true);
    expect(isCertainlyBefore('2025', '2025-03')).toBe(false);
    expect(isCertainlyBefore('2025-03', '2025-03-15')).toBe(false);
    expect(isCertainlyBefore('2025-02-28', '2025-03')).toBe(true);
  });

  it('bounds plain years, months and days exactly as the EDTF grammar does', () => {
    const grammar = (value: string) => {
      try {
        const parsed = edtf(value, { level: 1 });
        return {
          start: new Date(parsed.min).toISOString(),
          end: new Date(parsed.max).toISOString(),
        };
      } catch {
        return 'invalid';
      }
    };
    const ours = (value: string) => {
      try {
        return { ...parsePartialDate(value) };
      } catch {
        return 'invalid';
      }
    };
    const two = (n: number) => String(n).padStart(2, '0');
    const plainDate = fc.oneof(
      fc.integer({ min: 0, max: 9999 }).map((y) => String(y).padStart(4, '0')),
      fc
        .tuple(fc.integer({ min: 1000, max: 2999 }), fc.integer({ min: 0, max: 13 }))
        .map(([y, m]) => `${y}-${two(m)}`),
      fc
        .tuple(
          fc.integer({ min: 1000, max: 2999 }),
          fc.integer({ min: 0, max: 13 }),
          fc.integer({ min: 0, max: 32 }),
        )
        .map(([y, m, d]) => `${y}-${two(m)}-${two(d)}`),
    );
    fc.assert(
      fc.property(plainDate, (value) => {
        expect(ours(value)).toEqual(grammar(value));
      }),
      { numRuns: 2000 },
    );
    // leap days, the edge the month lengths turn on
    for (const value of ['2024-02-29', '2025-02-29', '1900-02-29', '2000-02-29', '2024-02']) {
      expect(ours(value)).toEqual(grammar(value));
    }
  });
});
