import { connect } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { reindexAll } from '../modules/search/reindex.js';
import { createServices, type Services } from '../modules/services.js';
import type { Config } from '../server/config.js';

export interface Runtime {
  services: Services;
  close(): Promise<void>;
}

/** Connects to the configured database and brings its schema up to date, as every command needs. */
export async function openRuntime(config: Config): Promise<Runtime> {
  const database = connect({ url: config.databaseUrl, dataDir: config.dataDir });
  let applied: string[];
  try {
    ({ applied } = await migrateToLatest(database));
  } catch (error) {
    await database.close();
    throw error;
  }
  const services = createServices(database, { dataDir: config.dataDir });
  // The search index arrived empty with this migration: fill it from the records already there.
  if (applied.includes('0005_search')) await reindexAll(services);
  // Person facts (or their counts) arrived empty: derive them from the records already there.
  if (applied.includes('0007_person_facts') || applied.includes('0011_person_fact_counts')) {
    await services.personFacts.rebuild();
  }
  // Blocking keys changed scheme: file everyone again.
  if (applied.includes('0012_pair_match_keys')) await services.matching.rebuild();
  return { services, close: () => database.close() };
}
