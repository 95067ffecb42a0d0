import { describe, expect, it } from 'vitest';
import { isContested } from './contested.js';
import type { Stance } from './schema.js';

const positions = (...stances: Stance[]) => stances.map((stance) => ({ stance }));

describe('isContested', () => {
  it('is true when one statement asserts and another denies', () => {
    expect(isContested(positions('asserts', 'denies'))).toBe(true);
    expect(isContested(positions('denies', 'questions', 'asserts', 'asserts'))).toBe(true);
  });

  it('is false when every statement takes the same side', () => {
    expect(isContested(positions('asserts', 'asserts'))).toBe(false);
    expect(isContested(positions('denies'))).toBe(false);
  });

  it('is false when a claim is only questioned, never denied', () => {
    expect(isContested(positions('asserts', 'questions'))).toBe(false);
    expect(isContested(positions('questions', 'denies'))).toBe(false);
  });

  it('is false for a claim no statement has taken a side on', () => {
    expect(isContested([])).toBe(false);
    expect(isContested(undefined)).toBe(false);
  });
});
