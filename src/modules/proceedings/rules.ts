import type { FieldIssue } from '../../lib/errors.js';
import { isCertainlyBefore } from '../../lib/partial-date.js';
import type { RecordRules, RecordService } from '../records/service.js';
import { dueTimes, type proceedingEventType } from './events-schema.js';
import type { proceedingType } from './schema.js';

/**
 * Docket rules that need the proceeding: nothing in a case happens before it was filed. Dates
 * are compared only when no reading of the two could overlap.
 */
export function proceedingEventRules(
  proceedings: RecordService<typeof proceedingType>,
): RecordRules<typeof proceedingEventType> {
  return {
    async validate(ctx, event) {
      const dated = [{ field: 'occurredAt', value: event.occurredAt }, ...dueTimes(event)];
      if (!dated.some((d) => d.value)) return [];
      const { filedAt } = await proceedings.getStored(ctx, event.proceedingId);
      if (!filedAt) return [];
      return dated.flatMap(({ field, value }): FieldIssue[] =>
        value && isCertainlyBefore(value, filedAt)
          ? [
              {
                field,
                reason: `is before the proceeding was filed (${filedAt})`,
                code: 'before_filing',
              },
            ]
          : [],
      );
    },
  };
}
