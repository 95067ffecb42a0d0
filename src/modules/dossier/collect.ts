import type { ApiRecord, RecordService, ServiceContext } from '../records/service.js';

/** A dossier never shows more than this many records of one kind; the lists say when it stops. */
export const DOSSIER_CAP = 1000;

/** Every visible record matching `filters`, page by page, up to the cap. */
export async function collect(
  service: RecordService,
  ctx: ServiceContext,
  filters: Record<string, unknown>,
  sort?: string,
): Promise<ApiRecord[]> {
  const records: ApiRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await service.list(ctx, { filters, sort, cursor, limit: 200 });
    records.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && records.length < DOSSIER_CAP);
  return records.slice(0, DOSSIER_CAP);
}

/** The same, for several values of one filter (the events of several proceedings, say). */
export async function collectEach(
  service: RecordService,
  ctx: ServiceContext,
  filter: string,
  values: readonly string[],
  sort?: string,
): Promise<ApiRecord[]> {
  const seen = new Map<string, ApiRecord>();
  for (const value of new Set(values)) {
    for (const record of await collect(service, ctx, { [filter]: value }, sort))
      seen.set(record.id, record);
  }
  return [...seen.values()];
}
