import type { FieldIssue } from '../../lib/errors.js';
import { isCertainlyBefore } from '../../lib/partial-date.js';
import type { personType } from '../people/schema.js';
import type { RecordRules, RecordService } from '../records/service.js';
import type { custodyEventType } from './schema.js';

/** Custody rules that need the person: an event cannot happen before they were born. */
export function custodyRules(
  peopleService: RecordService<typeof personType>,
): RecordRules<typeof custodyEventType> {
  return {
    async validate(ctx, events) {
      const dated = events.filter((event) => event.occurredAt);
      const people = await peopleService.getStoredMany(
        ctx,
        dated.map((event) => event.personId),
      );
      return events.map((event): FieldIssue[] => {
        const birthDate = people.get(event.personId)?.birthDate;
        if (!event.occurredAt || !birthDate || !isCertainlyBefore(event.occurredAt, birthDate)) {
          return [];
        }
        return [
          {
            field: 'occurredAt',
            reason: `is before the person's birth date (${birthDate})`,
            code: 'before_birth',
          },
        ];
      });
    },
  };
}
