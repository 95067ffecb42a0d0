import { readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { IntegrityError } from '../../lib/errors.js';

/** A backup given as a file is a gzipped tar; anything else names a directory. */
export function isArchivePath(file: string): boolean {
  return /\.(tar\.gz|tgz)$/i.test(file);
}

/**
 * Packs a staged backup directory into `file`, streaming (tar reads each file as it goes): the
 * archive is written beside its final name and renamed at the end, so a half-written archive
 * never carries the name of a good one.
 */
export async function packDirectory(dir: string, file: string): Promise<void> {
  const partial = `${file}.partial`;
  try {
    const { create } = await import('tar');
    await create(
      { gzip: true, file: partial, cwd: dir, portable: true, strict: true },
      (await readdir(dir)).sort(),
    );
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

/**
 * Unpacks an archive into `dir`. node-tar refuses absolute paths and `..` by default; `strict`
 * turns a truncated or corrupted stream into an error instead of a warning.
 */
export async function unpackArchive(file: string, dir: string): Promise<void> {
  try {
    const { extract } = await import('tar');
    await extract({ file, cwd: dir, strict: true, preservePaths: false });
  } catch (error) {
    throw new IntegrityError(
      `cannot read ${path.basename(file)} as a backup archive: ${(error as Error).message}`,
    );
  }
}
