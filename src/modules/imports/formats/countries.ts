import countries from '../../../lib/countries.js';

/**
 * Country names as ICE and the death lists spell them, where the ISO names differ. "KOREA" is
 * left out on purpose: the old ICE lists do not say which Korea, and guessing would invent a
 * nationality.
 */
const SPELLINGS: Record<string, string> = {
  laos: 'LA',
  bosnia: 'BA',
  'bosnia-herzegovina': 'BA',
  'antigua-barbuda': 'AG',
  'british virgin islands': 'VG',
  'republic of trinidad and tobago': 'TT',
  'trinidad & tobago': 'TT',
  'korea, south': 'KR',
  'south korea': 'KR',
  'korea, north': 'KP',
  'china, peoples republic of': 'CN',
  "china, people's republic of": 'CN',
  burma: 'MM',
  'ivory coast': 'CI',
  'cape verde': 'CV',
  macedonia: 'MK',
  czechoslovakia: 'CZ',
  'st. lucia': 'LC',
  'st. kitts-nevis': 'KN',
  'st. vincent-grenadines': 'VC',
  'congo, democratic republic of': 'CD',
  'turks and caicos islands': 'TC',
};

const NOT_STATED = new Set(['', 'not stated', 'unknown', 'na', 'stateless']);

export type CountryLookup = { code: string } | { unknown: string } | null;

/** An ISO 3166-1 alpha-2 code for a country name, `unknown` when none fits, null when blank. */
export function countryCode(name: string | undefined): CountryLookup {
  const text = (name ?? '').trim().replace(/\s+/g, ' ');
  const key = text.toLowerCase();
  if (NOT_STATED.has(key)) return null;
  const code = SPELLINGS[key] ?? countries.getAlpha2Code(text, 'en');
  return code ? { code } : { unknown: text };
}
