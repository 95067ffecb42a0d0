import type { Stance } from './schema.js';

/**
 * A claim is contested when statements take both sides of it: at least one asserts it and at
 * least one denies it. Statements that only question it do not make it contested.
 */
export function isContested(positions: readonly { stance: Stance }[] | undefined): boolean {
  const stances = new Set(positions?.map((p) => p.stance));
  return stances.has('asserts') && stances.has('denies');
}
