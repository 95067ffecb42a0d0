/**
 * ICE's raw Excel headers ("Detainer Prepare Date") and DDP's processed snake_case names
 * ("detainer_prepare_date") are the same columns, but not always the same words: DDP renamed
 * some, and ICE renames others between releases. Every header is turned into snake_case the way
 * DDP's janitor does, then the known renames are folded into one name, so rows are read by
 * name, never by position.
 */
const RENAMES: Record<string, string> = {
  anonymized_identifier: 'unique_identifier',
  anonymized_identifer: 'unique_identifier', // sic, in the 2012–2023 removals
  detainer_criminality: 'detainer_prepared_criminality',
  detainer_facility: 'detention_facility',
  detainer_facility_code: 'detention_facility_code',
  detainer_threat_level: 'detainer_prep_threat_level',
  msc_charge: 'most_serious_conviction_charge',
  state: 'apprehension_state',
  apprehension_state_original: 'apprehension_state',
  detention_book_out_date_time: 'book_out_date_time',
  departure_date: 'departed_date',
  stay_book_in_date: 'stay_book_in_date_time',
  detention_book_in_date: 'book_in_date_time',
  detention_book_out_date: 'book_out_date_time',
  stay_book_out_date: 'stay_book_out_date_time',
};

export function columnKey(header: string): string {
  const snake = header
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
  return RENAMES[snake] ?? snake;
}

export type DdpTable = 'detainers' | 'detentions' | 'arrests' | 'removals';

/** Which ICE table a header row belongs to, by the columns only that table has. */
export function tableOf(keys: readonly string[]): DdpTable | null {
  const has = (key: string) => keys.includes(key);
  if (has('detainer_prepare_date')) return 'detainers';
  if (has('book_in_date_time') || has('stay_book_in_date_time')) return 'detentions';
  if (has('apprehension_date') && !has('port_of_departure')) return 'arrests';
  if (has('departed_date') && has('port_of_departure')) return 'removals';
  return null;
}

/**
 * The release a file belongs to, from its name (`2026-ICLI-00005_Detainers_FY26_20260311_…`):
 * the FOIA request and the production date. Identifiers are scoped by it, because ICE's
 * anonymised ids differ between releases and past rows are rewritten.
 */
export function releaseOf(fileName: string): string | null {
  const request = /\d{4}-IC[A-Z]{2}-\d+/i.exec(fileName)?.[0];
  const stamp = /(?:^|[^0-9])(20\d{6})(?:[^0-9]|$)/.exec(fileName)?.[1];
  if (!request && !stamp) return null;
  const date = stamp ? `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6)}` : undefined;
  return [request?.toUpperCase(), date].filter(Boolean).join(':');
}
