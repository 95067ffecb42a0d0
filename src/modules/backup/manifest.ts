import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { IntegrityError } from '../../lib/errors.js';

export const MANIFEST_FILE = 'manifest.json';
export const FORMAT = 'habeas-backup';
export const FORMAT_VERSION = 1;

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase SHA-256');

/** What a backup holds, written last and checked first: every file in it is listed with its hash. */
export const manifestSchema = z.object({
  format: z.literal(FORMAT),
  formatVersion: z.literal(FORMAT_VERSION),
  habeasVersion: z.string(),
  createdAt: z.string(),
  /** how the database is stored: the SQLite file itself, or one NDJSON file per table */
  engine: z.enum(['sqlite', 'postgres']),
  database: z.discriminatedUnion('form', [
    z.object({ form: z.literal('sqlite-file'), file: z.string() }),
    z.object({ form: z.literal('ndjson'), tables: z.array(z.string()) }),
  ]),
  /** every migration applied when the snapshot was taken, oldest first; the last names the schema */
  migrations: z.array(z.string()).min(1),
  schemaMigration: z.string(),
  auditHead: z.object({ seq: z.number().int(), hash: z.string() }),
  counts: z.record(z.string(), z.number().int().nonnegative()),
  attachments: z.array(sha256Schema),
  files: z.array(
    z.object({ path: z.string(), sha256: sha256Schema, size: z.number().int().nonnegative() }),
  ),
});
export type Manifest = z.infer<typeof manifestSchema>;

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/** Every regular file under `dir`, as forward-slash paths relative to it. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** Lists and hashes every file in the staged backup, then writes the manifest beside them. */
export async function writeManifest(
  dir: string,
  content: Omit<Manifest, 'files' | 'format' | 'formatVersion'>,
): Promise<Manifest> {
  const files: Manifest['files'] = [];
  for (const file of await filesUnder(dir)) {
    if (file === MANIFEST_FILE) continue;
    const full = path.join(dir, file);
    files.push({ path: file, sha256: await sha256OfFile(full), size: (await stat(full)).size });
  }
  const manifest: Manifest = { format: FORMAT, formatVersion: FORMAT_VERSION, ...content, files };
  await writeFile(path.join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * Reads the manifest of an unpacked backup and proves the files are exactly those it lists,
 * byte for byte, and that every attachment still hashes to its name. Nothing is written
 * anywhere until this has passed.
 */
export async function verifyBackup(dir: string): Promise<Manifest> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path.join(dir, MANIFEST_FILE), 'utf8'));
  } catch (error) {
    throw new IntegrityError(
      `the backup has no readable ${MANIFEST_FILE}: ${(error as Error).message}`,
    );
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new IntegrityError(
      `the backup's manifest is not one this version understands (${first?.path.join('.')}: ${first?.message})`,
    );
  }
  const manifest = parsed.data;
  const problems: string[] = [];
  const listed = new Map(manifest.files.map((f) => [f.path, f]));
  for (const file of await filesUnder(dir)) {
    if (file !== MANIFEST_FILE && !listed.has(file))
      problems.push(`${file} is not in the manifest`);
  }
  for (const file of manifest.files) {
    const full = path.join(dir, file.path);
    const size = await stat(full).then(
      (s) => s.size,
      () => null,
    );
    if (size === null) problems.push(`${file.path} is missing`);
    else if (size !== file.size || (await sha256OfFile(full)) !== file.sha256)
      problems.push(`${file.path} does not match its hash in the manifest`);
  }
  for (const sha256 of manifest.attachments) {
    if (!listed.has(attachmentPath(sha256))) problems.push(`attachment ${sha256} is missing`);
    else if (listed.get(attachmentPath(sha256))?.sha256 !== sha256)
      problems.push(`attachment ${sha256} does not hash to its name`);
  }
  if (problems.length > 0) {
    throw new IntegrityError(
      `the backup is damaged, nothing was restored: ${problems.slice(0, 10).join('; ')}${
        problems.length > 10 ? `; and ${problems.length - 10} more` : ''
      }`,
    );
  }
  return manifest;
}

/** Where an attachment sits inside a backup: the same two-level layout as the blob store. */
export function attachmentPath(sha256: string): string {
  return `attachments/${sha256.slice(0, 2)}/${sha256}`;
}
