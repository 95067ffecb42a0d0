import { sql } from 'kysely';
import { z } from 'zod';
import { ALLEGATION_STATUSES } from '../allegations/schema.js';
import type { Sensitivity } from '../auth/policy.js';
import { CUSTODY_STATES } from '../dossier/custody-chain.js';
import type { FilterSpec } from '../records/definition.js';
import { recordIdSchema } from '../records/fields.js';
import type { FactValueKind } from './compute.js';

/**
 * Filters of the people list that read person facts, at the caller's clearance: a person held
 * at a place only according to a confidential custody event is not listed there for a viewer
 * with internal clearance.
 */

export const ANSWERS = ['yes', 'no', 'unknown'] as const;

/** Fact columns a filter may compare against: never a caller's string as an identifier. */
type FactColumn = 'state' | 'custodian_id' | 'place_id' | 'hearing_before_removal';

const byColumn = (column: FactColumn) => (value: string, clearance: Sensitivity) =>
  sql`select person_id from person_facts where level = ${clearance} and ${sql.ref(column)} = ${value}`;

const byValue = (kind: FactValueKind) => (value: string, clearance: Sensitivity) =>
  sql`select person_id from person_fact_values where level = ${clearance} and kind = ${kind} and value = ${value}`;

export const personFactFilters: Record<string, FilterSpec> = {
  status: {
    column: 'id',
    op: 'idIn',
    ids: byColumn('state') as FilterSpec['ids'],
    schema: z.enum(CUSTODY_STATES),
    description: 'people whose current status (from their latest custody event) is this',
  },
  custodian: {
    column: 'id',
    op: 'idIn',
    ids: byColumn('custodian_id') as FilterSpec['ids'],
    schema: recordIdSchema,
    description: 'people this organization holds now',
  },
  place: {
    column: 'id',
    op: 'idIn',
    ids: byColumn('place_id') as FilterSpec['ids'],
    schema: recordIdSchema,
    description: 'people at this place now',
  },
  allegationStatus: {
    column: 'id',
    op: 'idIn',
    ids: byValue('allegation_status') as FilterSpec['ids'],
    schema: z.enum(ALLEGATION_STATUSES),
    description: 'people with an allegation in this status',
  },
  hadHearing: {
    column: 'id',
    op: 'idIn',
    ids: byColumn('hearing_before_removal') as FilterSpec['ids'],
    schema: z.enum(ANSWERS),
    description: 'due-process item "a hearing before removal": yes, no or unknown',
  },
};
