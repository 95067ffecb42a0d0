import { z } from 'zod';
import { parsePartialDate } from '../../lib/partial-date.js';
import { foldText } from '../../lib/text.js';
import { type Actor, canSee } from '../auth/policy.js';
import { personFactFilters } from '../person-facts/filters.js';
import type { RecordTypeDefinition } from '../records/definition.js';
import {
  countryCodeSchema,
  languageCodeSchema,
  nonEmptyText,
  optionalText,
  partialDateSchema,
  recordIdSchema,
  sensitivitySchema,
} from '../records/fields.js';

export const IDENTIFIER_KINDS = [
  'a_number',
  'passport',
  'cedula',
  'booking_number',
  'fbi_number',
  'national_id',
  'other',
] as const;

export const PERSON_ROLES = [
  'detained',
  'official',
  'judge',
  'lawyer',
  'witness',
  'relative',
  'journalist',
  'other',
] as const;

export const CONSENT_SCOPES = [
  'unknown',
  'none',
  'internal',
  'court_only',
  'publish_anonymised',
  'publish_named',
] as const;

export const identifierSchema = z
  .object({
    kind: z.enum(IDENTIFIER_KINDS),
    value: nonEmptyText(100),
    country: countryCodeSchema.nullish().describe('issuing country'),
    sensitivity: sensitivitySchema
      .default('confidential')
      .describe('identifiers are confidential unless marked otherwise'),
  })
  .strict()
  .meta({ id: 'PersonIdentifier' });

export const personFields = z.object({
  givenNames: nonEmptyText(200).nullish().describe('e.g. "Juan José"'),
  familyNames: nonEmptyText(200)
    .nullish()
    .describe('all surnames in order; Spanish names carry two, e.g. "Ramos Ramos"'),
  aliases: z
    .array(nonEmptyText(200))
    .max(50)
    .optional()
    .describe('other names and spellings seen in sources'),
  sex: z.enum(['female', 'male', 'other', 'unknown']).nullish(),
  birthDate: partialDateSchema.nullish(),
  nationalities: z.array(countryCodeSchema).max(10).optional(),
  identifiers: z.array(identifierSchema).max(50).optional(),
  roles: z
    .array(z.enum(PERSON_ROLES))
    .max(PERSON_ROLES.length)
    .optional()
    .describe('how the person figures in the records'),
  occupation: optionalText(200),
  languages: z.array(languageCodeSchema).max(20).optional(),
  consentToPublication: z.enum(CONSENT_SCOPES).nullish(),
  notes: optionalText(),
});

export type PersonFields = z.output<typeof personFields>;

/** Kept by the server: set by a merge (src/modules/matching) on the person merged away. */
export const personManaged = z.object({
  mergedInto: recordIdSchema
    .nullish()
    .describe('on a person merged into another: that person (reads of this one redirect there)'),
});

export function personName(person: PersonFields): string {
  return (
    [person.givenNames, person.familyNames].filter(Boolean).join(' ') ||
    person.aliases?.[0] ||
    '(unnamed)'
  );
}

/** `|a|b|`, the form list filters match against */
export const memberList = (values: readonly string[] | undefined): string =>
  `|${(values ?? []).join('|')}|`;

export const personType: RecordTypeDefinition<typeof personFields> = {
  type: 'person',
  names: { singular: 'Person', plural: 'People' },
  path: 'people',
  table: 'people',
  fields: personFields,
  managed: personManaged,
  defaultSensitivity: 'internal',
  label: personName,
  columns: (p) => ({
    sort_name: foldText(`${p.familyNames ?? ''} ${p.givenNames ?? ''}`) || foldText(personName(p)),
    birth_start: p.birthDate ? parsePartialDate(p.birthDate).start : '',
    nationalities: memberList(p.nationalities),
    roles: memberList(p.roles),
  }),
  // Identifiers are deliberately left out: they are confidential and must not be findable.
  searchText: (p) =>
    foldText([p.givenNames, p.familyNames, ...(p.aliases ?? [])].filter(Boolean).join(' | ')),
  filters: {
    nationality: {
      column: 'nationalities',
      op: 'listHas',
      schema: countryCodeSchema,
      description: 'people holding this nationality',
    },
    role: {
      column: 'roles',
      op: 'listHas',
      schema: z.enum(PERSON_ROLES),
      description: 'people with this role',
    },
    ...personFactFilters,
  },
  sorts: { name: 'sort_name', birthDate: 'birth_start' },
  defaultSort: 'name',
  check: (p) =>
    p.givenNames || p.familyNames || p.aliases?.length
      ? []
      : [
          {
            field: 'givenNames',
            reason: 'a person needs a given name, a family name or an alias',
            code: 'name_required',
          },
        ],
  redact: (p, actor: Actor) =>
    p.identifiers
      ? { ...p, identifiers: p.identifiers.filter((i) => canSee(actor, i.sensitivity)) }
      : p,
};
