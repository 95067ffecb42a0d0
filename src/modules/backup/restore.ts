import { copyFile, mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { connect, type Database, engineOf } from '../../db/database.js';
import { migrateToLatest } from '../../db/migrate.js';
import { refreshPlannerStatistics } from '../../db/statistics.js';
import { Conflict, IntegrityError } from '../../lib/errors.js';
import { keepNewestOfEveryBlock } from '../matching/filing.js';
import { reindexAll } from '../search/reindex.js';
import { createServices } from '../services.js';
import { isArchivePath, unpackArchive } from './archive.js';
import {
  allTableNames,
  appliedMigrations,
  dependencyOrder,
  isDerivedTable,
  listTables,
} from './catalog.js';
import { attachmentPath, type Manifest, verifyBackup } from './manifest.js';
import { openRowSource } from './row-source.js';
import { countRows, writeRows } from './table-rows.js';

export interface RestoreOptions {
  /** a .tar.gz archive or a backup directory */
  from: string;
  dataDir: string;
  /** postgres://… to restore into PostgreSQL; unset restores into SQLite inside dataDir */
  databaseUrl?: string;
  /** replace whatever the target holds */
  force?: boolean;
}

export interface RestoreResult {
  manifest: Manifest;
  /** how the rows arrived: the SQLite file copied whole, or loaded row by row */
  method: 'sqlite-file' | 'rows';
  engine: 'sqlite' | 'postgres';
  counts: Record<string, number>;
}

/** Tables that a fresh migration fills by itself; a target holding only these is still empty. */
const SEEDED_TABLES = new Set(['audit_head', 'vocabulary_terms', 'settings']);

/**
 * Restores a backup into an empty target. Every file of the backup is checked against its
 * manifest before anything is written; the rows go in inside one transaction, and the counts are
 * compared with the manifest at the end. Backups cross engines: a SQLite backup loads into
 * PostgreSQL row by row, and a PostgreSQL (NDJSON) backup into SQLite.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const dataDir = path.resolve(options.dataDir);
  const engine = engineOf(options.databaseUrl);
  const sqliteFile =
    engine === 'sqlite'
      ? options.databaseUrl
        ? path.resolve(options.databaseUrl.replace(/^sqlite:/, ''))
        : path.join(dataDir, 'habeas.sqlite')
      : null;

  await refuseNonEmptyTarget(dataDir, options, sqliteFile);

  const from = path.resolve(options.from);
  const archive = isArchivePath(from);
  await mkdir(path.dirname(dataDir), { recursive: true });
  const staging = archive
    ? await mkdtemp(path.join(path.dirname(dataDir), '.habeas-restore-'))
    : from;
  try {
    if (archive) await unpackArchive(from, staging);
    const manifest = await verifyBackup(staging);

    if (options.force) await clearTarget(dataDir, sqliteFile);
    await mkdir(dataDir, { recursive: true });
    let method: RestoreResult['method'];
    let database: Database;
    if (sqliteFile && manifest.database.form === 'sqlite-file') {
      // Same engine: the snapshot file is the database; older schemas are migrated forward.
      await copyFile(path.join(staging, manifest.database.file), sqliteFile);
      database = connect({ url: `sqlite:${sqliteFile}`, dataDir });
      method = 'sqlite-file';
      try {
        await migrateToLatest(database);
      } catch (error) {
        await database.close();
        throw error;
      }
    } else {
      database = connect({ url: options.databaseUrl ?? `sqlite:${sqliteFile}`, dataDir });
      method = 'rows';
      try {
        await loadRows(database, staging, manifest);
      } catch (error) {
        await database.close();
        if (sqliteFile) await removeSqlite(sqliteFile);
        throw error;
      }
    }
    try {
      await copyBackupAttachments(staging, manifest, dataDir);
      const counts = await checkCounts(database, manifest);
      return { manifest, method, engine, counts };
    } finally {
      await database.close();
    }
  } finally {
    // Retries: after a failed extraction node-tar may still be closing files it had opened.
    if (archive) await rm(staging, { recursive: true, force: true, maxRetries: 5 });
  }
}

/**
 * Loads the rows into a freshly migrated database at the backup's schema, then rebuilds what
 * is derived from them (search, the blocks' kept members).
 */
async function loadRows(database: Database, staging: string, manifest: Manifest): Promise<void> {
  await migrateToLatest(database);
  const migrations = await appliedMigrations(database.db, database.engine);
  if (migrations.join() !== manifest.migrations.join()) {
    throw new Conflict(
      `the backup's schema is at ${manifest.schemaMigration} but this version of habeas is at ` +
        `${migrations.at(-1)}: restore it with the version that made it (${manifest.habeasVersion}), ` +
        'then upgrade',
    );
  }
  const tables = dependencyOrder(await listTables(database.db, database.engine));
  const source = openRowSource(staging, manifest);
  try {
    await database.db.transaction().execute(async (trx) => {
      // Migrations seed a few tables (the audit head, the vocabularies): the backup's rows replace them.
      for (const table of [...tables].reverse())
        await sql`delete from ${sql.table(table.name)}`.execute(trx);
      for (const table of tables) {
        if (!source.has(table.name)) {
          throw new IntegrityError(`the backup has no rows for table ${table.name}`);
        }
        await writeRows(trx, table, source.rows(table.name));
      }
    });
  } finally {
    await source.close();
  }
  await reindexAll(createServices(database, { dataDir: staging }));
  await keepNewestOfEveryBlock(database.db);
  await refreshPlannerStatistics(database.db);
}

async function copyBackupAttachments(staging: string, manifest: Manifest, dataDir: string) {
  for (const sha256 of manifest.attachments) {
    const target = path.join(dataDir, 'attachments', sha256.slice(0, 2), sha256);
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(path.join(staging, attachmentPath(sha256)), target);
  }
}

async function checkCounts(
  database: Database,
  manifest: Manifest,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const mismatched: string[] = [];
  for (const [table, expected] of Object.entries(manifest.counts)) {
    counts[table] = await countRows(database.db, table);
    if (counts[table] !== expected) mismatched.push(`${table}: ${counts[table]} of ${expected}`);
  }
  if (mismatched.length > 0) {
    throw new IntegrityError(`the restored rows do not match the backup: ${mismatched.join(', ')}`);
  }
  return counts;
}

/** Refuses a target that holds anything, unless told to replace it. */
async function refuseNonEmptyTarget(
  dataDir: string,
  options: RestoreOptions,
  sqliteFile: string | null,
): Promise<void> {
  if (options.force) return;
  const entries = await readdir(dataDir).catch(() => []);
  if (entries.length > 0) {
    throw new Conflict(
      `the data directory ${dataDir} is not empty; restore into a new directory, or pass --force to replace what it holds`,
    );
  }
  if (sqliteFile && (await exists(sqliteFile))) {
    throw new Conflict(`${sqliteFile} already exists; pass --force to replace it`);
  }
  if (!sqliteFile) {
    const database = connect({ url: options.databaseUrl, dataDir });
    try {
      const holding: string[] = [];
      for (const table of await allTableNames(database.db, database.engine)) {
        if (isDerivedTable(table) || SEEDED_TABLES.has(table)) continue;
        if ((await countRows(database.db, table)) > 0) holding.push(table);
      }
      if (holding.length > 0) {
        throw new Conflict(
          `the target database is not empty (${holding.slice(0, 5).join(', ')} hold rows); restore into a new database, or pass --force to replace what it holds`,
        );
      }
    } finally {
      await database.close();
    }
  }
}

/** --force: the database file and the attachments go; other files in the directory stay. */
async function clearTarget(dataDir: string, sqliteFile: string | null): Promise<void> {
  await rm(path.join(dataDir, 'attachments'), { recursive: true, force: true });
  if (sqliteFile) await removeSqlite(sqliteFile);
  // PostgreSQL needs nothing here: the load deletes every row inside its transaction.
}

async function removeSqlite(file: string): Promise<void> {
  for (const suffix of ['', '-wal', '-shm', '-journal'])
    await rm(`${file}${suffix}`, { force: true });
}

function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
