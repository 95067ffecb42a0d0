import type { ApiRecord } from '../../records/service.js';

/**
 * What of a public record may be published, beyond its sensitivity. Records reach these rules
 * already filtered and redacted for the anonymous public reader; people and testimonies also
 * need the consent of the person concerned:
 *
 * - a person is published only with `consentToPublication` of `publish_named` (as recorded) or
 *   `publish_anonymised` (reduced to the allow-list below: no names, aliases, identifiers,
 *   notes or occupation, the birth date cut to its year, no citations);
 * - a testimony is published only with `consentScope` of `publish_named` (as recorded) or
 *   `publish_anonymised` (without who gave or took it, its title or notes).
 *
 * Allow-lists rather than deny-lists: a field added to these records later stays out of an
 * anonymised record until someone decides it is safe.
 */

const META = ['id', 'version', 'sensitivity', 'createdAt', 'updatedAt'];
const ANONYMOUS_PERSON = [
  ...META,
  'sex',
  'nationalities',
  'roles',
  'languages',
  'consentToPublication',
];
const ANONYMOUS_TESTIMONY = [
  ...META,
  'takenByOrganizationId',
  'takenAt',
  'language',
  'medium',
  'consentScope',
  'transcript',
  'excerpts',
];

function keepOnly(record: ApiRecord, keys: readonly string[]): ApiRecord {
  return Object.fromEntries(
    Object.entries(record).filter(([key]) => keys.includes(key)),
  ) as ApiRecord;
}

/** A partial date cut to its year: `1993-03-15` → `1993`; anything else is dropped. */
function yearOf(value: unknown): string | undefined {
  return typeof value === 'string' ? /^(\d{4})/.exec(value)?.[1] : undefined;
}

export interface Publication {
  record: ApiRecord;
  /** reduced to its allow-list: its citations (whose quotes may name the person) stay out too */
  anonymised: boolean;
}

const asRecorded = (record: ApiRecord): Publication => ({ record, anonymised: false });

/** The record as it may be published, or undefined when it may not be published at all. */
export function publishable(type: string, record: ApiRecord): Publication | undefined {
  if (type === 'person') {
    const consent = record.consentToPublication;
    if (consent === 'publish_named') return asRecorded(record);
    if (consent !== 'publish_anonymised') return undefined;
    const year = yearOf(record.birthDate);
    const reduced = { ...keepOnly(record, ANONYMOUS_PERSON), ...(year ? { birthDate: year } : {}) };
    return { record: reduced, anonymised: true };
  }
  if (type === 'testimony') {
    const consent = record.consentScope;
    if (consent === 'publish_named') return asRecorded(record);
    if (consent !== 'publish_anonymised') return undefined;
    return { record: keepOnly(record, ANONYMOUS_TESTIMONY), anonymised: true };
  }
  return asRecorded(record);
}
