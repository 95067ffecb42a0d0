import type { FieldIssue } from '../../lib/errors.js';
import { isCertainlyBefore } from '../../lib/partial-date.js';
import type { personType } from '../people/schema.js';
import type { RecordRules, RecordService } from '../records/service.js';
import type { custodyEventType } from './schema.js';

/** Custody rules that need the person: an event cannot happen before they were born. */
export function custodyRules(
  people: RecordService<typeof personType>,
): RecordRules<typeof custodyEventType> {
  return {
    async validate(ctx, event) {
      const issues: FieldIssue[] = [];
      if (!event.occurredAt) return issues;
      const person = await people.getStored(ctx, event.personId);
      if (person.birthDate && isCertainlyBefore(event.occurredAt, person.birthDate)) {
        issues.push({
          field: 'occurredAt',
          reason: `is before the person's birth date (${person.birthDate})`,
          code: 'before_birth',
        });
      }
      return issues;
    },
  };
}
