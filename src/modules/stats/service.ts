import { groupBy } from '../../lib/group-by.js';
import { todayPartial } from '../dossier/due-process.js';
import type { RecordRegistry } from '../records/registry.js';
import type { ApiRecord, ServiceContext } from '../records/service.js';
import { distribution, type GroupBy, groupCounts, matches, type StatsFilter } from './aggregate.js';
import { type PersonRecords, personFacts } from './facts.js';

/**
 * Counts and durations over any filter, derived from the records the caller may see — so a
 * confidential record never moves a number shown to someone below its clearance.
 *
 * Computed per request from one pass over each record type; keeping these facts up to date on
 * write, for national-scale data, is the scaling work tracked separately.
 */
export class StatsService {
  constructor(private readonly registry: RecordRegistry) {}

  private async all(ctx: ServiceContext, type: string): Promise<ApiRecord[]> {
    const service = this.registry.get(type);
    if (!service) return [];
    const records: ApiRecord[] = [];
    for await (const record of service.scan(ctx)) records.push(record);
    return records;
  }

  async summarize(ctx: ServiceContext, filter: StatsFilter, groupings: readonly GroupBy[]) {
    const [people, events, allegations, proceedings, proceedingEvents] = await Promise.all(
      ['person', 'custody_event', 'allegation', 'proceeding', 'proceeding_event'].map((t) =>
        this.all(ctx, t),
      ),
    );
    const eventsOf = groupBy(events!, (e) => [e.personId as string]);
    const allegationsOf = groupBy(allegations!, (a) => [a.personId as string]);
    const partiesOf = (p: ApiRecord) =>
      ((p.parties as { personId?: string }[] | undefined) ?? [])
        .map((party) => party.personId)
        .filter((id): id is string => Boolean(id));
    const proceedingsOf = groupBy(proceedings!, partiesOf);
    const docketOf = groupBy(proceedingEvents!, (e) => [e.proceedingId as string]);

    const today = todayPartial();
    const facts = people!
      .map((person) => {
        const theirProceedings = proceedingsOf.get(person.id) ?? [];
        const records: PersonRecords = {
          person,
          events: eventsOf.get(person.id) ?? [],
          allegations: allegationsOf.get(person.id) ?? [],
          proceedings: theirProceedings,
          proceedingEvents: theirProceedings.flatMap((p) => docketOf.get(p.id) ?? []),
        };
        return personFacts(records, today);
      })
      .filter((f) => matches(f, filter));

    const days = facts.flatMap((f) => (f.daysHeldWithoutCharge ? [f.daysHeldWithoutCharge] : []));
    return {
      total: facts.length,
      filter: { ...filter } as Record<string, unknown>,
      groups: Object.fromEntries(groupings.map((by) => [by, groupCounts(facts, by)])),
      daysHeldWithoutCharge: {
        /** the fewest days the partial dates allow */
        least: distribution(days.map((d) => d.min)),
        /** the most days the partial dates allow */
        most: distribution(days.map((d) => d.max)),
      },
      computedAt: new Date().toISOString(),
    };
  }
}
