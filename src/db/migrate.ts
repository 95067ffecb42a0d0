import {
  DEFAULT_MIGRATION_TABLE as MIGRATION_TABLE,
  type Migration,
  type MigrationProvider,
  Migrator,
} from 'kysely';
import type { Database, Engine } from './database.js';
import * as records from './migrations/0001_records.js';
import * as accounts from './migrations/0002_accounts.js';
import * as legalProcess from './migrations/0003_process.js';
import * as accountsOfHarm from './migrations/0004_accounts_of_harm.js';
import * as search from './migrations/0005_search.js';
import * as externalIds from './migrations/0006_external_ids.js';
import * as personFacts from './migrations/0007_person_facts.js';
import * as imports from './migrations/0008_imports.js';
import * as matching from './migrations/0009_matching.js';
import * as calendarFeeds from './migrations/0010_calendar_feeds.js';
import * as personFactCounts from './migrations/0011_person_fact_counts.js';
import * as pairMatchKeys from './migrations/0012_pair_match_keys.js';
import * as writeGeneration from './migrations/0013_write_generation.js';
import * as searchPendingList from './migrations/0014_search_pending_list.js';
import * as candidatePersonIndexes from './migrations/0015_candidate_person_indexes.js';
import * as searchEntryNumbers from './migrations/0016_search_entry_numbers.js';
import * as dropSearchEntryIndex from './migrations/0017_drop_search_entry_index.js';
import * as searchPostings from './migrations/0018_search_postings.js';
import * as numberedMatchKeys from './migrations/0019_numbered_match_keys.js';
import * as matchBlocks from './migrations/0020_match_blocks.js';
import * as matchFilingVersion from './migrations/0021_match_filing_version.js';
import * as sqliteBlocksInMemory from './migrations/0022_sqlite_blocks_in_memory.js';

/**
 * Migrations move forward only and are listed here in order, written once for both engines;
 * an engine-specific detail is a branch inside a migration, never a second chain.
 */
const MIGRATIONS: Record<string, { up(engine: Engine): Migration['up'] }> = {
  '0001_records': records,
  '0002_accounts': accounts,
  '0003_process': legalProcess,
  '0004_accounts_of_harm': accountsOfHarm,
  '0005_search': search,
  '0006_external_ids': externalIds,
  '0007_person_facts': personFacts,
  '0008_imports': imports,
  '0009_matching': matching,
  '0010_calendar_feeds': calendarFeeds,
  '0011_person_fact_counts': personFactCounts,
  '0012_pair_match_keys': pairMatchKeys,
  '0013_write_generation': writeGeneration,
  '0014_search_pending_list': searchPendingList,
  '0015_candidate_person_indexes': candidatePersonIndexes,
  '0016_search_entry_numbers': searchEntryNumbers,
  '0017_drop_search_entry_index': dropSearchEntryIndex,
  '0018_search_postings': searchPostings,
  '0019_numbered_match_keys': numberedMatchKeys,
  '0020_match_blocks': matchBlocks,
  '0021_match_filing_version': matchFilingVersion,
  '0022_sqlite_blocks_in_memory': sqliteBlocksInMemory,
};

class InCodeProvider implements MigrationProvider {
  constructor(private readonly engine: Engine) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(
      Object.entries(MIGRATIONS).map(([name, m]) => [name, { up: m.up(this.engine) }]),
    );
  }
}

export interface MigrationReport {
  applied: string[];
}

export async function migrateToLatest({ db, engine }: Database): Promise<MigrationReport> {
  if (await upToDate(db)) return { applied: [] };
  const migrator = new Migrator({ db, provider: new InCodeProvider(engine) });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${String(error)}`, {
      cause: error,
    });
  }
  return { applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

/**
 * True when the database has recorded exactly the migrations this code knows: the usual case at
 * every start. Kysely's migrator finds its own table by listing every table and column of the
 * database first, which on PostgreSQL takes a tenth of a second; one read of that table says the
 * same. Anything else (a new database, a pending or an unknown migration) goes to the migrator.
 */
async function upToDate(db: Database['db']): Promise<boolean> {
  let recorded: string[];
  try {
    recorded = (await db.selectFrom(MIGRATION_TABLE).select('name').execute()).map((r) =>
      String(r.name),
    );
  } catch {
    return false;
  }
  const known = Object.keys(MIGRATIONS);
  return recorded.length === known.length && known.every((name) => recorded.includes(name));
}
