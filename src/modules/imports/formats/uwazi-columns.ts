import { foldText } from '../../../lib/text.js';
import { INCIDENT_KINDS } from '../../vocabularies/incident-kinds.js';

/**
 * Uwazi CSV conventions (HURIDOCS, `app/api/csv/`): headers are property labels; `Title` is
 * required and `Template` optional; a `__<lang>` suffix marks a translation (`Title__es`);
 * multi-values are joined by `|`, thesaurus children written `Parent::Child`, and a date range
 * `from:to` on import.
 */
export const MULTI = '|';
export const THESAURUS = '::';

/** The Habeas field each Uwazi property label stands for, per record type. */
export const UWAZI_PROPERTIES = {
  person: {
    'given names': 'givenNames',
    'family names': 'familyNames',
    aliases: 'aliases',
    sex: 'sex',
    'birth date': 'birthDate',
    nationality: 'nationalities',
    nationalities: 'nationalities',
    occupation: 'occupation',
    notes: 'notes',
  },
  incident: {
    kind: 'kind',
    'additional kinds': 'additionalKinds',
    date: 'occurred',
    place: 'place',
    victims: 'victimIds',
    description: 'description',
    confidence: 'confidence',
    notes: 'notes',
  },
} as const;

export type UwaziType = keyof typeof UWAZI_PROPERTIES;

/** `Nationality__es` → { label: 'nationality', language: 'es' } */
export function splitHeader(header: string): { label: string; language?: string } {
  const match = /^(.*?)__([a-z]{2,3})$/i.exec(header.trim());
  return match
    ? { label: (match[1] ?? '').trim().toLowerCase(), language: match[2]?.toLowerCase() }
    : { label: header.trim().toLowerCase() };
}

export const values = (cell: string | undefined) =>
  (cell ?? '')
    .split(MULTI)
    .map((value) => value.trim())
    .filter(Boolean);

/** `Violence::Beating` → `Beating`: Habeas keeps the term, the path is Uwazi's grouping. */
export const leafTerm = (value: string) => value.split(THESAURUS).at(-1)?.trim() ?? value;

const snake = (label: string) =>
  foldText(label)
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

/**
 * An incident kind code from an Uwazi thesaurus label, in English or Spanish (`Golpiza` →
 * `beating`); a label Habeas does not know becomes its snake_case form, which the import then
 * reports as an unknown code unless an admin has added it to the vocabulary.
 */
export function incidentKindCode(label: string): string {
  const folded = foldText(label);
  const known = INCIDENT_KINDS.find(
    (term) => foldText(term.en) === folded || foldText(term.es) === folded || term.code === label,
  );
  return known?.code ?? snake(label);
}

/** The English label Uwazi shows for a Habeas incident kind. */
export const incidentKindLabel = (code: string) =>
  INCIDENT_KINDS.find((term) => term.code === code)?.en ?? code.replace(/_/g, ' ');

export const entityKey = (type: string, title: string) =>
  `uwazi:${type}:${foldText(title)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}`;
