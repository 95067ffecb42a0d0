import type { z } from 'zod';
import { type FieldIssue, Invalid } from './errors.js';

/** Turns zod's issues into field issues, one per bad field, with readable paths. */
export function issuesFromZod(issues: readonly z.core.$ZodIssue[], prefix = ''): FieldIssue[] {
  return issues.flatMap((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: [path, key].filter(Boolean).join('.'),
        reason: 'is not a field of this record',
        code: 'unknown_field',
      }));
    }
    return [{ field: path || '(body)', reason: issue.message, code: issue.code }];
  });
}

/** Parses or throws `Invalid` naming every bad field. */
export function parseOrInvalid<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new Invalid(issuesFromZod(result.error.issues));
  return result.data;
}
