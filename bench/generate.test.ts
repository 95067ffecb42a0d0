import { describe, expect, it } from 'vitest';
import { personFields } from '../src/modules/people/schema.js';
import { personInput, Rng, scaleFor } from './generate.js';

const firstPeople = (seed: number, n = 50) => {
  const rng = new Rng(seed);
  return Array.from({ length: n }, (_, i) => personInput(rng, i));
};

describe('bench generator', () => {
  it('makes the same people from the same seed', () => {
    expect(firstPeople(8)).toEqual(firstPeople(8));
  });

  it('makes different people from a different seed', () => {
    expect(firstPeople(8)).not.toEqual(firstPeople(9));
  });

  it('makes people the schema accepts, with Spanish double surnames and accents', () => {
    const people = firstPeople(8, 500);
    for (const person of people) expect(personFields.safeParse(person).success).toBe(true);
    const names = people.map((p) => String(p.familyNames));
    expect(names.some((n) => n.split(' ').length >= 2)).toBe(true);
    expect(names.some((n) => /[áéíóúñ]/i.test(n))).toBe(true);
  });

  it('keeps the ratios of issue 8', () => {
    expect(scaleFor(1_000_000)).toEqual({
      people: 1_000_000,
      custodyEvents: 5_000_000,
      allegations: 500_000,
      proceedings: 50_000,
      docketEntries: 500_000,
      sources: 200_000,
      citations: 2_000_000,
    });
  });
});
