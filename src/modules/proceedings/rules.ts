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
    async validate(ctx, events) {
      const datedOf = events.map((event) =>
        [{ field: 'occurredAt', value: event.occurredAt }, ...dueTimes(event)].filter(
          (d) => d.value,
        ),
      );
      const filed = await proceedings.getStoredMany(
        ctx,
        events.filter((_, i) => datedOf[i]!.length > 0).map((event) => event.proceedingId),
      );
      return events.map((event, i) => {
        const filedAt = filed.get(event.proceedingId)?.filedAt;
        if (!filedAt) return [];
        return datedOf[i]!.flatMap(({ field, value }): FieldIssue[] =>
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
      });
    },
  };
}
