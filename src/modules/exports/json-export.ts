import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { PACKAGE_VERSION } from '../../version.js';
import type { ServiceContext } from '../records/service.js';
import type { Services } from '../services.js';

export const EXPORT_FORMAT = 'habeas-export';
export const EXPORT_FORMAT_VERSION = 1;

/**
 * Writes every record the caller may see as one JSON document, streamed record by record so an
 * export of millions of rows needs no more memory than one page. Returns the count per type.
 */
export async function writeJsonExport(
  services: Services,
  ctx: ServiceContext,
  out: Writable,
  options: { includeDeleted?: boolean } = {},
): Promise<Record<string, number>> {
  const write = async (chunk: string) => {
    if (!out.write(chunk)) await once(out, 'drain');
  };
  const counts: Record<string, number> = {};
  const header = {
    format: EXPORT_FORMAT,
    formatVersion: EXPORT_FORMAT_VERSION,
    habeasVersion: PACKAGE_VERSION,
    exportedAt: new Date().toISOString(),
    exportedBy: ctx.actor.id,
    includesDeleted: Boolean(options.includeDeleted),
  };
  await write(`${JSON.stringify(header).slice(0, -1)},"records":{`);
  let firstType = true;
  for (const service of services.registry.all()) {
    const { type } = service.def;
    await write(`${firstType ? '' : ','}\n${JSON.stringify(type)}:[`);
    firstType = false;
    counts[type] = 0;
    for await (const record of service.scan(ctx, options)) {
      const { deletedAt, ...rest } = record;
      const shown = deletedAt ? { ...rest, deletedAt } : rest;
      await write(`${counts[type] === 0 ? '' : ','}\n${JSON.stringify(shown)}`);
      counts[type]++;
    }
    await write(']');
  }
  await write('}}\n');
  // An export takes many records out at once: who took how much, and when, is on the audit log.
  await services.audit.append({
    actor: ctx.actor.id,
    action: 'export.json',
    requestId: ctx.requestId,
    ip: ctx.ip,
    details: { counts, includeDeleted: Boolean(options.includeDeleted) },
  });
  return counts;
}
