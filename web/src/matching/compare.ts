import type { CandidatePerson } from './api';

/** The fields a reviewer compares, in the order they decide most. */
export const COMPARED_FIELDS = [
  'givenNames',
  'familyNames',
  'aliases',
  'birthDate',
  'sex',
  'nationalities',
  'identifiers',
] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

type Side = CandidatePerson;

/** A field's value as comparable text: lists sorted, identifiers as kind:value. */
export function fieldText(person: Side, field: ComparedField): string {
  const value: unknown = person[field];
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) {
    return value
      .map((item) =>
        typeof item === 'object' && item
          ? `${(item as { kind?: string }).kind ?? ''}: ${(item as { value?: string }).value ?? ''}`
          : String(item),
      )
      .sort()
      .join(', ');
  }
  return String(value);
}

/**
 * Whether the two sides differ on a field, ignoring case and accents — "Muñoz" and "MUNOZ"
 * are the same name written twice, which is what the reviewer must not be distracted by.
 */
export function differs(a: Side, b: Side, field: ComparedField): boolean {
  const fold = (text: string) =>
    text
      .normalize('NFD')
      .replace(/\p{Diacritic}/gu, '')
      .toLowerCase()
      .trim();
  return fold(fieldText(a, field)) !== fold(fieldText(b, field));
}
