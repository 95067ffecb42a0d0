import { z } from 'zod';
import countries from '../../lib/countries.js';
import type { FieldIssue } from '../../lib/errors.js';
import { isRecordId } from '../../lib/ids.js';
import { isPartialDate, parsePartialDate } from '../../lib/partial-date.js';
import { SENSITIVITY_LEVELS } from '../auth/policy.js';

/** Field schemas shared by every record type. */

export const recordIdSchema = z
  .string()
  .refine(isRecordId, { message: 'must be a record id (a UUIDv7)' })
  .meta({ format: 'uuid', example: '0193a6e4-7a52-7cc1-9d6a-3b0c2f1e4d5a' });

export const sensitivitySchema = z
  .enum(SENSITIVITY_LEVELS)
  .describe('who may see the record: public < internal < confidential < secret');

export const partialDateSchema = z
  .string()
  .trim()
  .refine(isPartialDate, {
    message:
      'must be a date such as 2025, 2025-03, 2025-03-15, a full timestamp, or an EDTF form ' +
      'such as 2025-03~ (approximate), 2025-03? (uncertain) or 2025-03/2025-07 (a range)',
  })
  .describe('partial date (EDTF level 1): known only as precisely as the sources allow')
  .meta({ examples: ['2025', '2025-03', '2025-03-15', '2025-03~', '2025-03/2025-07'] });

export const countryCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine((code) => countries.isValid(code) && code.length === 2, {
    message: 'must be an ISO 3166-1 alpha-2 country code such as VE, SV or US',
  })
  .describe('ISO 3166-1 alpha-2 country code');

export const languageCodeSchema = z
  .string()
  .trim()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as es or en-US')
  .describe('BCP 47 language tag');

export const CONFIDENCE_LEVELS = ['confirmed', 'reported', 'alleged', 'disputed'] as const;
export const confidenceSchema = z
  .enum(CONFIDENCE_LEVELS)
  .describe('confirmed: a court record or official admission; reported: credible reporting');

export const nonEmptyText = (max = 2000) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const optionalText = (max = 20000) =>
  z.string().trim().max(max, `must be at most ${max} characters`).nullish();

/** Earliest instant a partial date can denote, or '' when there is none (sort keys are never null). */
export const earliestInstant = (value: string | null | undefined): string =>
  value ? parsePartialDate(value).start : '';

/** The keys of `record` that hold a value. */
const keysGiven = <T extends object>(record: T, keys: readonly (keyof T & string)[]) =>
  keys.filter((key) => record[key] !== undefined && record[key] !== null);

/** For alternatives such as "made by a person or an organization": never more than one. */
export function atMostOneOf<T extends object>(
  record: T,
  keys: readonly (keyof T & string)[],
  field: string,
): FieldIssue[] {
  return keysGiven(record, keys).length > 1
    ? [{ field, reason: `give only one of ${keys.join(' or ')}`, code: 'exclusive_fields' }]
    : [];
}

/** For things that mean nothing without at least one of `keys` (evidence with no source or text). */
export function atLeastOneOf<T extends object>(
  record: T,
  keys: readonly (keyof T & string)[],
  field: string,
): FieldIssue[] {
  return keysGiven(record, keys).length === 0
    ? [{ field, reason: `needs ${keys.join(' or ')}`, code: 'one_of_required' }]
    : [];
}

/** For lists whose entries must differ (victims, statements on a claim): names each repeat. */
export function repeatedValues(
  values: readonly string[],
  path: (index: number) => string,
): FieldIssue[] {
  const firstAt = new Map<string, number>();
  return values.flatMap((value, index) => {
    const first = firstAt.get(value);
    if (first === undefined) {
      firstAt.set(value, index);
      return [];
    }
    return [{ field: path(index), reason: `repeats ${path(first)}`, code: 'duplicate' }];
  });
}
