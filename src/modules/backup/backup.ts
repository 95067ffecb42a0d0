import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Invalid } from '../../lib/errors.js';
import { PACKAGE_VERSION } from '../../version.js';
import type { Services } from '../services.js';
import { isArchivePath, packDirectory } from './archive.js';
import { type Manifest, writeManifest } from './manifest.js';
import { copyAttachments, snapshotDatabase } from './snapshot.js';

export interface BackupResult {
  /** the archive file or directory written */
  out: string;
  manifest: Manifest;
}

/**
 * A consistent backup of the database and of every attachment it refers to, taken while the
 * server keeps running: the database is snapshotted first, then the files that snapshot names
 * are copied (attachments are content-addressed and never rewritten, so later uploads cannot
 * change them). `out` ending in .tar.gz/.tgz is an archive; otherwise it is a directory, which
 * must be new or empty.
 */
export async function createBackup(
  services: Pick<Services, 'database' | 'store' | 'audit'>,
  out: string,
  options: { actor: string },
): Promise<BackupResult> {
  const target = path.resolve(out);
  const archive = isArchivePath(target);
  if (archive) await refuseExisting(target);
  else await refuseNonEmptyDirectory(target);

  // Recorded before the snapshot, so the backup carries the record of its own making.
  await services.audit.append({
    actor: options.actor,
    action: 'backup.create',
    details: { engine: services.database.engine },
  });

  await mkdir(path.dirname(target), { recursive: true });
  const staging = archive
    ? await mkdtemp(path.join(path.dirname(target), '.habeas-backup-'))
    : target;
  if (!archive) await mkdir(staging, { recursive: true });
  try {
    const snapshot = await snapshotDatabase(services.database, staging);
    await copyAttachments(services.store, snapshot.attachments, staging);
    const manifest = await writeManifest(staging, {
      habeasVersion: PACKAGE_VERSION,
      createdAt: new Date().toISOString(),
      engine: services.database.engine,
      database: snapshot.database,
      migrations: snapshot.migrations,
      schemaMigration: snapshot.migrations.at(-1) ?? '',
      auditHead: snapshot.auditHead,
      counts: snapshot.counts,
      attachments: snapshot.attachments,
    });
    if (archive) await packDirectory(staging, target);
    return { out: target, manifest };
  } catch (error) {
    // A failed backup leaves nothing that could later be mistaken for a good one.
    await rm(staging, { recursive: true, force: true });
    throw error;
  } finally {
    if (archive) await rm(staging, { recursive: true, force: true });
  }
}

async function refuseExisting(file: string): Promise<void> {
  if (
    await stat(file).then(
      () => true,
      () => false,
    )
  ) {
    throw new Invalid([
      { field: 'out', code: 'exists', reason: `${file} already exists; choose a new file name` },
    ]);
  }
}

async function refuseNonEmptyDirectory(dir: string): Promise<void> {
  const entries = await readdir(dir).catch(() => null);
  if (entries && entries.length > 0) {
    throw new Invalid([
      {
        field: 'out',
        code: 'not_empty',
        reason: `${dir} is not empty; give a new or empty directory, or a file name ending in .tar.gz`,
      },
    ]);
  }
}
