import type { StoredRecord } from '../records/definition.js';
import type { RecordRegistry } from '../records/registry.js';
import type { ServiceContext } from '../records/service.js';
import { partiesOf } from './load.js';

/**
 * The people whose facts a write of one record can change, from the record as it was and as it
 * is: a custody event moved from one person to another changes both.
 */
export const PERSON_FACT_SOURCES = [
  'person',
  'custody_event',
  'allegation',
  'proceeding',
  'proceeding_event',
  'incident',
] as const;

export async function affectedPeople(
  registry: RecordRegistry,
  ctx: ServiceContext,
  type: string,
  records: readonly StoredRecord[],
): Promise<string[]> {
  const ids = (pick: (r: StoredRecord) => (string | null | undefined)[]) => [
    ...new Set(records.flatMap(pick).filter((id): id is string => Boolean(id))),
  ];
  switch (type) {
    case 'person':
      return ids((r) => [r.id]);
    case 'custody_event':
    case 'allegation':
      return ids((r) => [r.personId as string]);
    case 'proceeding':
      return ids(partiesOf);
    case 'incident':
      return ids((r) => (r.victimIds as string[] | undefined) ?? []);
    case 'proceeding_event': {
      const proceedings = await registry.get('proceeding')?.findVisible(
        ctx,
        ids((r) => [r.proceedingId as string]),
      );
      return [...new Set((proceedings ?? []).flatMap(partiesOf))];
    }
    default:
      return [];
  }
}
