import { groupBy } from '../../lib/group-by.js';
import type { StoredRecord } from '../records/definition.js';
import type { RecordRegistry } from '../records/registry.js';
import type { RecordService, ServiceContext } from '../records/service.js';
import type { PersonRecordSet } from './compute.js';

/**
 * The records every given person's facts rest on, at every sensitivity, read through each type's
 * service with a caller who sees everything (the facts are split by level afterwards).
 */
export async function loadRecordSets(
  registry: RecordRegistry,
  ctx: ServiceContext,
  personIds: readonly string[],
): Promise<PersonRecordSet[]> {
  const of = (type: string): RecordService => {
    const service = registry.get(type);
    if (!service) throw new Error(`person facts need the ${type} records`);
    return service;
  };
  const ids = [...new Set(personIds)];
  const people = await of('person').findVisible(ctx, ids);
  if (people.length === 0) return [];
  const events = await of('custody_event').findMatching(ctx, 'personId', ids);
  const allegations = await of('allegation').findMatching(ctx, 'personId', ids);
  const proceedings = await of('proceeding').findMatching(ctx, 'partyId', ids);
  const proceedingEvents = await of('proceeding_event').findMatching(
    ctx,
    'proceedingId',
    proceedings.map((p) => p.id),
  );
  const incidents = await of('incident').findMatching(ctx, 'victimId', ids);

  const eventsOf = groupBy(events, (e) => [e.personId as string]);
  const allegationsOf = groupBy(allegations, (a) => [a.personId as string]);
  const proceedingsOf = groupBy(proceedings, partiesOf);
  const docketOf = groupBy(proceedingEvents, (e) => [e.proceedingId as string]);
  const incidentsOf = groupBy(incidents, (i) => (i.victimIds as string[] | undefined) ?? []);
  return people.map((person) => {
    const theirProceedings = proceedingsOf.get(person.id) ?? [];
    return {
      person,
      events: eventsOf.get(person.id) ?? [],
      allegations: allegationsOf.get(person.id) ?? [],
      proceedings: theirProceedings,
      proceedingEvents: theirProceedings.flatMap((p) => docketOf.get(p.id) ?? []),
      incidents: incidentsOf.get(person.id) ?? [],
    };
  });
}

/** The people a proceeding names as parties, in any role. */
export function partiesOf(proceeding: StoredRecord | Record<string, unknown>): string[] {
  return ((proceeding.parties as { personId?: string | null }[] | undefined) ?? [])
    .map((party) => party.personId)
    .filter((id): id is string => Boolean(id));
}
