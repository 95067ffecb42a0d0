import type { ApiRecord, RecordService, ServiceContext } from '../records/service.js';

/** A dossier never shows more than this many records of one kind; the lists say when it stops. */
export const DOSSIER_CAP = 1000;

/** Every visible record whose `filter` is `value`, in `sort` order, up to the cap. */
export function collect(
  service: RecordService,
  ctx: ServiceContext,
  filter: string,
  value: string,
  sort?: string,
): Promise<ApiRecord[]> {
  return collectEach(service, ctx, filter, [value], sort);
}

/**
 * The same, for several values of one filter (the events of several proceedings, say), at once.
 * Not audited here: the dossier audits everything it shows in one entry (see audit.ts).
 */
export async function collectEach(
  service: RecordService,
  ctx: ServiceContext,
  filter: string,
  values: readonly string[],
  sort?: string,
): Promise<ApiRecord[]> {
  if (values.length === 0) return [];
  const records = await service.findMatching(ctx, filter, [...new Set(values)], {
    sort: sort ?? service.def.defaultSort,
    limit: DOSSIER_CAP,
  });
  return records.map((record) => service.present(ctx.actor, record));
}
