import { z } from 'zod';
import type { FieldIssue } from '../../lib/errors.js';
import { isCertainlyBefore } from '../../lib/partial-date.js';
import { foldText } from '../../lib/text.js';
import { memberList } from '../people/schema.js';
import type { RecordRef, RecordTypeDefinition } from '../records/definition.js';
import {
  atLeastOneOf,
  atMostOneOf,
  confidenceSchema,
  earliestInstant,
  nonEmptyText,
  optionalText,
  partialDateSchema,
  recordIdSchema,
  repeatedValues,
} from '../records/fields.js';
import { termCodeSchema } from '../vocabularies/schema.js';

const PERPETRATOR_IDENTITIES = ['personId', 'organizationId', 'description'] as const;

export const perpetratorSchema = z
  .object({
    personId: recordIdSchema.nullish(),
    organizationId: recordIdSchema.nullish(),
    description: nonEmptyText(500)
      .nullish()
      .describe('someone not (yet) identified, e.g. "the prison director"'),
    role: optionalText(500).describe('what they did or what post they held, e.g. "guard"'),
  })
  .strict()
  .meta({
    id: 'Perpetrator',
    description: 'exactly one of personId, organizationId or description, plus an optional role',
  });

export const incidentFields = z.object({
  kind: termCodeSchema.describe('a code of the incident_kind vocabulary, e.g. beating'),
  additionalKinds: z
    .array(termCodeSchema)
    .max(20)
    .optional()
    .describe('further incident_kind codes, when one incident was several things at once'),
  occurredFrom: partialDateSchema.nullish(),
  occurredTo: partialDateSchema.nullish().describe('for incidents that lasted; not before from'),
  placeId: recordIdSchema.nullish(),
  victimIds: z
    .array(recordIdSchema)
    .min(1, 'an incident needs at least one victim')
    .max(500)
    .describe('people harmed'),
  perpetrators: z.array(perpetratorSchema).max(100).optional(),
  description: nonEmptyText(20000),
  confidence: confidenceSchema.nullish(),
  notes: optionalText(),
});

export type IncidentFields = z.output<typeof incidentFields>;

function checkIncident(incident: IncidentFields): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const { occurredFrom, occurredTo } = incident;
  if (occurredFrom && occurredTo && isCertainlyBefore(occurredTo, occurredFrom)) {
    issues.push({
      field: 'occurredTo',
      reason: `is before occurredFrom (${occurredFrom})`,
      code: 'before_start',
    });
  }
  issues.push(...repeatedValues(incident.victimIds, (i) => `victimIds.${i}`));
  issues.push(
    ...repeatedValues([incident.kind, ...(incident.additionalKinds ?? [])], (i) =>
      i === 0 ? 'kind' : `additionalKinds.${i - 1}`,
    ),
  );
  (incident.perpetrators ?? []).forEach((perpetrator, i) => {
    const at = `perpetrators.${i}`;
    issues.push(
      ...atLeastOneOf(perpetrator, PERPETRATOR_IDENTITIES, at),
      ...atMostOneOf(perpetrator, PERPETRATOR_IDENTITIES, at),
    );
  });
  return issues;
}

function incidentRefs(incident: IncidentFields): RecordRef[] {
  const refs: RecordRef[] = incident.victimIds.map((id, i) => ({
    field: `victimIds.${i}`,
    type: 'person',
    id,
  }));
  if (incident.placeId) refs.push({ field: 'placeId', type: 'place', id: incident.placeId });
  (incident.perpetrators ?? []).forEach((p, i) => {
    if (p.personId)
      refs.push({ field: `perpetrators.${i}.personId`, type: 'person', id: p.personId });
    if (p.organizationId) {
      refs.push({
        field: `perpetrators.${i}.organizationId`,
        type: 'organization',
        id: p.organizationId,
      });
    }
  });
  return refs;
}

const perpetratorIds = (incident: IncidentFields) =>
  (incident.perpetrators ?? []).flatMap((p) => [p.personId, p.organizationId].filter(isId));
const isId = (value: string | null | undefined): value is string => Boolean(value);

export const incidentType: RecordTypeDefinition<typeof incidentFields> = {
  type: 'incident',
  names: { singular: 'Incident', plural: 'Incidents' },
  path: 'incidents',
  table: 'incidents',
  fields: incidentFields,
  defaultSensitivity: 'internal',
  label: (i) => `${i.kind.replaceAll('_', ' ')}${i.occurredFrom ? ` ${i.occurredFrom}` : ''}`,
  columns: (i) => ({
    kind: i.kind,
    kinds: memberList([i.kind, ...(i.additionalKinds ?? [])]),
    occurred_start: earliestInstant(i.occurredFrom ?? i.occurredTo),
    place_id: i.placeId ?? null,
    victim_ids: memberList(i.victimIds),
    perpetrator_ids: memberList(perpetratorIds(i)),
  }),
  searchText: (i) =>
    foldText(
      [...[i.kind, ...(i.additionalKinds ?? [])].map((k) => k.replaceAll('_', ' ')), i.description]
        .filter(Boolean)
        .join(' | '),
    ),
  filters: {
    victimId: {
      column: 'victim_ids',
      op: 'listHas',
      schema: recordIdSchema,
      description: 'incidents this person suffered',
    },
    kind: { column: 'kind', schema: termCodeSchema, description: 'main kind of incident' },
    anyKind: {
      column: 'kinds',
      op: 'listHas',
      schema: termCodeSchema,
      description: 'incidents of this kind, as main or additional kind',
    },
    placeId: { column: 'place_id', schema: recordIdSchema, description: 'incidents at this place' },
    perpetratorId: {
      column: 'perpetrator_ids',
      op: 'listHas',
      schema: recordIdSchema,
      description: 'incidents with this person or organization among the perpetrators',
    },
  },
  sorts: { occurredFrom: 'occurred_start' },
  defaultSort: 'occurredFrom',
  refs: incidentRefs,
  check: checkIncident,
};
