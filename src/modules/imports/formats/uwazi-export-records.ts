import type { ServiceContext } from '../../records/service.js';
import type { Services } from '../../services.js';
import {
  type ExportIncident,
  type ExportPerson,
  incidentsToUwaziCsv,
  peopleToUwaziCsv,
  personTitle,
} from './uwazi-export.js';

/**
 * Habeas people or incidents, as the caller may see them, as an Uwazi CSV. Records above the
 * caller's clearance are left out and fields redacted by the same policy as every read; victims
 * the caller may not see are left out of an incident's `Victims`, never named. The export is
 * written to the audit log like every other export.
 */
export async function uwaziCsvOf(
  services: Pick<Services, 'people' | 'incidents' | 'audit'>,
  ctx: ServiceContext,
  type: 'person' | 'incident',
): Promise<{ csv: string; count: number }> {
  const people = new Map<string, ExportPerson>();
  for await (const person of services.people.scan(ctx)) {
    people.set(person.id, person as unknown as ExportPerson);
  }
  let csv: string;
  let count: number;
  if (type === 'person') {
    csv = peopleToUwaziCsv([...people.values()]);
    count = people.size;
  } else {
    const incidents: ExportIncident[] = [];
    for await (const incident of services.incidents.scan(ctx)) {
      const { victimIds, ...fields } = incident as unknown as ExportIncident & {
        victimIds: string[];
      };
      const victims = victimIds.flatMap((id) => {
        const person = people.get(id);
        return person ? [personTitle(person)] : [];
      });
      incidents.push({ ...fields, victims });
    }
    csv = incidentsToUwaziCsv(incidents);
    count = incidents.length;
  }
  await services.audit.append({
    actor: ctx.actor.id,
    action: 'export.uwazi',
    requestId: ctx.requestId,
    ip: ctx.ip,
    details: { type, count },
  });
  return { csv, count };
}
