import { z } from 'zod';
import { foldText } from '../../lib/text.js';
import { memberList } from '../people/schema.js';
import type { RecordRef, RecordTypeDefinition } from '../records/definition.js';
import { nonEmptyText, optionalText, recordIdSchema, repeatedValues } from '../records/fields.js';
import {
  aboutColumn,
  aboutFilter,
  aboutRefs,
  aboutSchema,
  checkAbout,
} from '../statements/about.js';
import { isContested } from './contested.js';

export const STANCES = ['asserts', 'denies', 'questions'] as const;
export type Stance = (typeof STANCES)[number];

export const positionSchema = z
  .object({
    statementId: recordIdSchema,
    stance: z.enum(STANCES),
    note: optionalText(2000).describe('why the statement is read this way'),
  })
  .strict()
  .meta({ id: 'ClaimPosition' });

export const claimFields = z.object({
  text: nonEmptyText(2000).describe(
    'the proposition, e.g. "The United States remained responsible for the men held in CECOT"',
  ),
  positions: z
    .array(positionSchema)
    .max(500)
    .optional()
    .describe('statements that assert, deny or question the claim, each at most once'),
  about: aboutSchema.optional(),
  notes: optionalText(),
});

export type ClaimFields = z.output<typeof claimFields>;

function claimRefs(c: ClaimFields): RecordRef[] {
  const positions = (c.positions ?? []).map((p, i) => ({
    field: `positions.${i}.statementId`,
    type: 'statement',
    id: p.statementId,
  }));
  return [...positions, ...aboutRefs(c.about)];
}

export const claimType: RecordTypeDefinition<typeof claimFields> = {
  type: 'claim',
  names: { singular: 'Claim', plural: 'Claims' },
  path: 'claims',
  table: 'claims',
  fields: claimFields,
  defaultSensitivity: 'internal',
  label: (c) => c.text,
  columns: (c) => ({
    sort_text: foldText(c.text).slice(0, 200),
    // Derived, never stored in the record: recomputed from the positions on every write.
    contested: isContested(c.positions) ? 1 : 0,
    statement_ids: memberList(c.positions?.map((p) => p.statementId)),
    about_ids: aboutColumn(c.about),
  }),
  searchText: (c) => foldText(c.text),
  filters: {
    contested: {
      column: 'contested',
      schema: z.enum(['true', 'false']),
      toColumn: (value: 'true' | 'false') => (value === 'true' ? 1 : 0),
      description: 'true: claims that statements both assert and deny',
    },
    statementId: {
      column: 'statement_ids',
      op: 'listHas',
      schema: recordIdSchema,
      description: 'claims this statement takes a position on',
    },
    aboutId: aboutFilter,
  },
  sorts: { text: 'sort_text' },
  defaultSort: 'text',
  refs: claimRefs,
  check: (c) => [
    ...repeatedValues(
      (c.positions ?? []).map((p) => p.statementId),
      (i) => `positions.${i}.statementId`,
    ),
    ...checkAbout(c.about),
  ],
};
