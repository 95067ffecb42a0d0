import { z } from 'zod';
import { allegationType } from '../allegations/schema.js';
import { citationType } from '../citations/schema.js';
import { claimType } from '../claims/schema.js';
import { custodyEventType } from '../custody/schema.js';
import { incidentType } from '../incidents/schema.js';
import { personType } from '../people/schema.js';
import { proceedingEventType } from '../proceedings/events-schema.js';
import { proceedingType } from '../proceedings/schema.js';
import type { RecordTypeDefinition } from '../records/definition.js';
import { schemasFor } from '../records/schemas.js';
import { sourceType } from '../sources/schema.js';
import { statementType } from '../statements/schema.js';
import { testimonyType } from '../testimonies/schema.js';
import { CUSTODY_STATES } from './custody-chain.js';
import { DUE_PROCESS_ITEMS } from './due-process.js';

const record = (def: RecordTypeDefinition) => schemasFor(def as RecordTypeDefinition).record;
const many = (def: RecordTypeDefinition) => z.array(record(def));

const spanSchema = z
  .object({
    eventId: z.string(),
    kind: z.string(),
    state: z.enum(CUSTODY_STATES),
    from: z.string().nullable(),
    to: z.string().nullable(),
    placeId: z.string().nullable(),
    custodianId: z.string().nullable(),
    jurisdiction: z.string().nullable(),
    gaps: z
      .array(z.enum(['no_custodian', 'whereabouts_unknown', 'disputed']))
      .describe('why this span is a responsibility gap'),
    disputedBy: z.array(z.string()).describe('contested claims about who was responsible'),
    uncertainOrderWith: z
      .array(z.string())
      .describe(
        'events at overlapping dates that name another custodian: who held the person first is uncertain',
      ),
  })
  .meta({ id: 'CustodySpan' });

const dayRange = z.object({ min: z.number().int(), max: z.number().int() });

export const dossierSchema = z
  .object({
    person: record(personType as never),
    status: z.object({
      state: z.enum(CUSTODY_STATES),
      placeId: z.string().nullable(),
      custodianId: z.string().nullable(),
      jurisdiction: z.string().nullable(),
      asOf: z.string().nullable().describe('date of the event the status rests on'),
      eventId: z.string().nullable(),
      sourceIds: z.array(z.string()).describe('the sources for that event'),
    }),
    custody: z.object({ events: many(custodyEventType as never), chain: z.array(spanSchema) }),
    allegations: many(allegationType as never),
    process: z.object({
      proceedings: many(proceedingType as never),
      events: many(proceedingEventType as never),
      upcoming: many(proceedingEventType as never).describe('hearings and deadlines from today on'),
      dueProcess: z.object({
        items: z.array(
          z.object({
            item: z.enum(DUE_PROCESS_ITEMS),
            answer: z.enum(['yes', 'no', 'unknown']),
            decidedBy: z.array(z.string()),
            note: z.string(),
          }),
        ),
        daysHeldWithoutCharge: dayRange
          .extend({ from: z.string(), to: z.string().nullable(), decidedBy: z.array(z.string()) })
          .nullable(),
        daysIncommunicado: dayRange.extend({ decidedBy: z.array(z.string()) }).nullable(),
      }),
    }),
    harm: z.object({
      incidents: many(incidentType as never),
      testimonies: many(testimonyType as never),
    }),
    statements: many(statementType as never),
    claims: z.array(record(claimType as never).extend({ contested: z.boolean() })),
    sources: many(sourceType as never),
    citations: many(citationType as never),
    unsourced: z
      .array(z.string())
      .describe('records in this dossier that cite no source you can see'),
    labels: z
      .record(z.string(), z.string())
      .describe('display names of the people, organizations and places referred to'),
  })
  .meta({ id: 'Dossier' });
