import { z } from 'zod';
import type { FieldIssue } from '../../lib/errors.js';
import { memberList } from '../people/schema.js';
import type { FilterSpec, RecordRef } from '../records/definition.js';
import { recordIdSchema, repeatedValues } from '../records/fields.js';

/**
 * What a statement or a claim is about: links to records of any type (a person, a custody
 * event, a proceeding…). Shared by statements and claims so both check their targets the same
 * way, and the way citations check theirs: the record engine confirms through `aboutRefs` that
 * each target's type exists and that the record is there and visible to the writer.
 */
export const recordLinkSchema = z
  .object({
    recordType: z
      .string()
      .trim()
      .regex(/^[a-z][a-z_]{0,49}$/, 'must be a record type such as person or custody_event'),
    recordId: recordIdSchema,
  })
  .strict()
  .meta({ id: 'RecordLink' });

export const aboutSchema = z
  .array(recordLinkSchema)
  .max(100)
  .describe('the records this is about: people, custody events, incidents, proceedings…');

type About = z.output<typeof aboutSchema> | undefined;

export function aboutRefs(about: About): RecordRef[] {
  return (about ?? []).map((link, i) => ({
    field: `about.${i}.recordId`,
    type: link.recordType,
    id: link.recordId,
  }));
}

/** Rules that need no database: a citation is sourcing, not a subject; no target twice. */
export function checkAbout(about: About): FieldIssue[] {
  const links = about ?? [];
  const citations = links.flatMap((link, i) =>
    link.recordType === 'citation'
      ? [
          {
            field: `about.${i}.recordType`,
            reason: 'cannot be a citation; cite the source instead',
            code: 'invalid_target',
          },
        ]
      : [],
  );
  const repeats = repeatedValues(
    links.map((link) => link.recordId),
    (i) => `about.${i}.recordId`,
  );
  return [...citations, ...repeats];
}

/** `|id|id|`, for the `aboutId` filter */
export const aboutColumn = (about: About): string => memberList(about?.map((l) => l.recordId));

export const aboutFilter: FilterSpec = {
  column: 'about_ids',
  op: 'listHas',
  schema: recordIdSchema,
  description: 'those about this record',
};
