import type { Db } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import { SYSTEM_ACTOR } from '../auth/policy.js';
import type { StoredRecord } from '../records/definition.js';
import type { RecordService, ServiceContext } from '../records/service.js';
import type { Services } from '../services.js';

/**
 * Rebuilds the search index from the records: emptied and refilled type by type, each type in
 * one transaction (so a search never sees a type half indexed), its records read in pages.
 */
export async function reindexAll(services: Services): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const ctx = { actor: { ...SYSTEM_ACTOR, id: 'system:reindex' } };
  for (const service of services.registry.all()) {
    counts[service.def.type] = await inTransaction(services.database.db, async (db) => {
      await services.search.clear(db, [service.def.type]);
      // Cached list pages answered searches from the old index: they are stale once this commits.
      await services.writeGeneration.bumpAfterCommit(db);
      return indexType({ ...ctx, db }, service);
    });
  }
  return counts;
}

async function indexType(ctx: ServiceContext & { db: Db }, service: RecordService) {
  let n = 0;
  // `scan` reads in pages; the system actor sees every record whole (nothing is redacted).
  for await (const record of service.scan(ctx)) {
    await service.syncSearch(ctx.db, record as unknown as StoredRecord);
    n++;
  }
  return n;
}
