import { z } from 'zod';
import { foldText } from '../../lib/text.js';
import type { RecordTypeDefinition } from '../records/definition.js';
import {
  countryCodeSchema,
  nonEmptyText,
  optionalText,
  recordIdSchema,
} from '../records/fields.js';

export const ORGANIZATION_KINDS = [
  'government',
  'agency',
  'prison_authority',
  'police',
  'military',
  'court',
  'un_body',
  'intergovernmental',
  'ngo',
  'media',
  'law_firm',
  'airline',
  'company',
  'other',
] as const;

export const organizationFields = z.object({
  name: nonEmptyText(300),
  acronym: optionalText(30),
  kind: z.enum(ORGANIZATION_KINDS),
  country: countryCodeSchema.nullish(),
  parentId: recordIdSchema.nullish().describe('the organization this one belongs to'),
  aliases: z.array(nonEmptyText(300)).max(50).optional(),
  website: z.url().max(2000).nullish(),
  notes: optionalText(),
});

export const organizationType: RecordTypeDefinition<typeof organizationFields> = {
  type: 'organization',
  names: { singular: 'Organization', plural: 'Organizations' },
  path: 'organizations',
  table: 'organizations',
  fields: organizationFields,
  defaultSensitivity: 'public',
  label: (o) => o.name,
  columns: (o) => ({
    sort_name: foldText(o.name),
    kind: o.kind,
    country: o.country ?? null,
    parent_id: o.parentId ?? null,
  }),
  searchText: (o) =>
    foldText([o.name, o.acronym, ...(o.aliases ?? [])].filter(Boolean).join(' | ')),
  filters: {
    kind: {
      column: 'kind',
      schema: z.enum(ORGANIZATION_KINDS),
      description: 'kind of organization',
    },
    country: { column: 'country', schema: countryCodeSchema, description: 'country code' },
    parentId: { column: 'parent_id', schema: recordIdSchema, description: 'direct children of' },
  },
  sorts: { name: 'sort_name' },
  defaultSort: 'name',
  refs: (o) => (o.parentId ? [{ field: 'parentId', type: 'organization', id: o.parentId }] : []),
};
