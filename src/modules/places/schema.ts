import { z } from 'zod';
import { foldText } from '../../lib/text.js';
import type { RecordTypeDefinition } from '../records/definition.js';
import {
  countryCodeSchema,
  nonEmptyText,
  optionalText,
  recordIdSchema,
} from '../records/fields.js';

export const PLACE_KINDS = [
  'detention_facility',
  'prison',
  'police_station',
  'military_base',
  'airport',
  'border_crossing',
  'court',
  'office',
  'city',
  'region',
  'country',
  'other',
] as const;

export const placeFields = z.object({
  name: nonEmptyText(300),
  kind: z.enum(PLACE_KINDS),
  country: countryCodeSchema.nullish(),
  region: optionalText(200).describe('state, department or province'),
  locality: optionalText(200),
  address: optionalText(500),
  coordinates: z
    .object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) })
    .strict()
    .nullish(),
  operatorId: recordIdSchema.nullish().describe('the organization that runs the place'),
  codes: z
    .array(z.object({ scheme: nonEmptyText(50), value: nonEmptyText(100) }).strict())
    .max(20)
    .optional()
    .describe('codes other systems use for it, e.g. { scheme: "ice_detloc", value: "STCLDMN" }'),
  aliases: z.array(nonEmptyText(300)).max(50).optional(),
  notes: optionalText(),
});

export const placeType: RecordTypeDefinition<typeof placeFields> = {
  type: 'place',
  names: { singular: 'Place', plural: 'Places' },
  path: 'places',
  table: 'places',
  fields: placeFields,
  defaultSensitivity: 'public',
  label: (p) => p.name,
  columns: (p) => ({
    sort_name: foldText(p.name),
    kind: p.kind,
    country: p.country ?? null,
    operator_id: p.operatorId ?? null,
  }),
  searchText: (p) =>
    foldText([p.name, p.locality, p.region, ...(p.aliases ?? [])].filter(Boolean).join(' | ')),
  filters: {
    kind: { column: 'kind', schema: z.enum(PLACE_KINDS), description: 'kind of place' },
    country: { column: 'country', schema: countryCodeSchema, description: 'country code' },
    operatorId: { column: 'operator_id', schema: recordIdSchema, description: 'run by' },
  },
  sorts: { name: 'sort_name' },
  defaultSort: 'name',
  refs: (p) =>
    p.operatorId ? [{ field: 'operatorId', type: 'organization', id: p.operatorId }] : [],
};
