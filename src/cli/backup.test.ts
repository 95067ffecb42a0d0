import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { habeas, useCliDatabase } from '../../test/helpers/cli.js';
import { SYSTEM_ACTOR } from '../modules/auth/policy.js';
import { loadExampleData } from '../modules/demo/load.js';
import { createServices } from '../modules/services.js';

describe('habeas backup, restore and print-dossier', () => {
  const cli = useCliDatabase();
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'habeas-cli-backup-'));
    // Loaded in-process: each CLI run below starts a whole Node process, which is the slow part.
    const services = createServices(cli.db.database, { dataDir: cli.db.dataDir });
    await loadExampleData(services, { actor: { ...SYSTEM_ACTOR, id: 'system:demo' } });
  }, 120_000);
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('backs up, refuses to restore over data without --force, and restores with it', {
    timeout: 480_000,
  }, async () => {
    const archive = path.join(scratch, 'habeas.tar.gz');
    const backup = await habeas(['backup', '--out', archive], cli.env);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/backed up \d+ rows in \d+ tables .*audit head \d+:[0-9a-f]{64}/);

    const target = path.join(scratch, 'restored');
    const restored = await habeas(['restore', archive, '--data-dir', target], cli.env);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(
      /restored \d+ rows .* into sqlite; every file matched its hash/,
    );
    expect(await readdir(target)).toContain('habeas.sqlite');

    const again = await habeas(['restore', archive, '--data-dir', target], cli.env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/is not empty.*--force/);
    const forced = await habeas(['restore', archive, '--data-dir', target, '--force'], cli.env);
    expect(forced.code).toBe(0);
  });

  it('refuses a corrupted archive with a message and leaves the target alone', {
    timeout: 240_000,
  }, async () => {
    const damaged = path.join(scratch, 'damaged.tar.gz');
    await writeFile(damaged, Buffer.from('this is not a gzipped tar archive at all'));
    const target = path.join(scratch, 'untouched');
    const result = await habeas(['restore', damaged, '--data-dir', target], cli.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot read damaged\.tar\.gz as a backup archive/);
    expect(await readdir(target).catch(() => 'absent')).toBe('absent');
  });

  it('prints a dossier to a PDF file, and rejects a bad paper size', {
    timeout: 240_000,
  }, async () => {
    const people = await cli.db.database.db.selectFrom('people').select('id').limit(1).execute();
    const out = path.join(scratch, 'dossier.pdf');
    const printed = await habeas(
      ['print-dossier', String(people[0]?.id), '--out', out, '--lang', 'es'],
      cli.env,
    );
    expect(printed.stderr).toBe('');
    expect(printed.code).toBe(0);
    expect((await readFile(out)).subarray(0, 5).toString()).toBe('%PDF-');

    const bad = await habeas(
      ['print-dossier', String(people[0]?.id), '--out', out, '--paper', 'a3'],
      cli.env,
    );
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/must be one of a4, letter/);
  });
});
