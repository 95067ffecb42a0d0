import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { useCliDatabase } from '../../test/helpers/cli.js';
import { SYSTEM_ACTOR } from '../modules/auth/policy.js';
import { createServices } from '../modules/services.js';
import { run } from './main.js';

/**
 * Runs `habeas` in this process (a child process costs seconds of start-up per call; the
 * command line as a real process is covered in cli.test.ts), capturing what it prints.
 */
async function habeas(args: string[], env: Record<string, string | undefined>) {
  const saved = { ...process.env };
  for (const [key, value] of Object.entries({ ...env, LOG_LEVEL: 'silent' })) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  const printed: string[] = [];
  const spy = vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => {
    printed.push(parts.join(' '));
  });
  try {
    const code = await run(args);
    return { code, stderr: printed.join('\n') };
  } finally {
    spy.mockRestore();
    process.env = saved;
    process.exitCode = undefined;
  }
}

describe('habeas export (lists and the public data set)', () => {
  const cli = useCliDatabase();
  beforeAll(async () => {
    const services = createServices(cli.db.database, { dataDir: cli.db.dataDir });
    const ctx = { actor: SYSTEM_ACTOR };
    await services.people.create(ctx, {
      givenNames: 'Andry',
      familyNames: 'Hernández Romero',
      nationalities: ['VE'],
      consentToPublication: 'publish_named',
      sensitivity: 'public',
    });
    await services.people.create(ctx, {
      givenNames: 'Arturo',
      familyNames: 'Suárez',
      nationalities: ['VE'],
      sensitivity: 'confidential',
    });
    await services.people.create(ctx, {
      givenNames: 'Kilmar',
      familyNames: 'Abrego',
      nationalities: ['SV'],
    });
  });

  it('writes one type’s filtered list as CSV and reports rows per second', {
    timeout: 120_000,
  }, async () => {
    const out = path.join(cli.db.dataDir, 'people.csv');
    const result = await habeas(
      ['export', '--type', 'people', '--format', 'csv', '--filter', 'nationality=VE', '--out', out],
      cli.env,
    );
    expect(result.stderr).toMatch(
      /exported 2 people rows to .*people\.csv in [\d.]+ s \([\d,]+ rows\/s\)/,
    );
    expect(result.code).toBe(0);
    const rows = parseCsv(await readFile(out, 'utf8'), { bom: true, columns: true });
    expect((rows as { familyNames: string }[]).map((r) => r.familyNames)).toEqual([
      'Hernández Romero',
      'Suárez',
    ]);
  });

  it('writes XLSX that reads back', { timeout: 120_000 }, async () => {
    const out = path.join(cli.db.dataDir, 'people.xlsx');
    const result = await habeas(
      ['export', '--type', 'person', '--format', 'xlsx', '--out', out],
      cli.env,
    );
    expect(result.code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    expect(workbook.worksheets[0]!.rowCount).toBe(4);
  });

  it('refuses an unknown type, filter or filter value, naming it, with a non-zero exit', {
    timeout: 120_000,
  }, async () => {
    const badType = await habeas(['export', '--type', 'spaceships', '--format', 'csv'], cli.env);
    expect(badType.code).toBe(1);
    expect(badType.stderr).toMatch(/type: must be one of .*person/);
    const badValue = await habeas(
      ['export', '--type', 'people', '--filter', 'nationality=Atlantis'],
      cli.env,
    );
    expect(badValue.code).toBe(1);
    expect(badValue.stderr).toMatch(/nationality: must be an ISO 3166-1/);
    const badKey = await habeas(['export', '--type', 'people', '--filter', 'colour=red'], cli.env);
    expect(badKey.code).toBe(1);
    expect(badKey.stderr).toMatch(/colour/);
    const noOut = await habeas(['export', '--public'], cli.env);
    expect(noOut.code).toBe(1);
    expect(noOut.stderr).toMatch(/out: the public data set needs --out/);
  });

  it('writes the public data set to a folder or a zip', { timeout: 120_000 }, async () => {
    const dir = path.join(cli.db.dataDir, 'public');
    const toDir = await habeas(['export', '--public', '--out', dir], cli.env);
    expect(toDir.code).toBe(0);
    expect(toDir.stderr).toMatch(/wrote the public data set/);
    expect(await readdir(dir)).toEqual(
      expect.arrayContaining(['README.md', 'datapackage.json', 'data']),
    );
    const people = await readFile(path.join(dir, 'data/people.csv'), 'utf8');
    expect(people).toContain('Andry');
    expect(people).not.toContain('Suárez');
    expect(people).not.toContain('Abrego');
    const again = await habeas(['export', '--public', '--out', dir], cli.env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/is not empty/);

    const zip = path.join(cli.db.dataDir, 'public.zip');
    const toZip = await habeas(['export', '--public', '--out', zip], cli.env);
    expect(toZip.code).toBe(0);
    const files = unzipSync(new Uint8Array(await readFile(zip)));
    expect(Buffer.from(files['data/people.csv']!).toString('utf8')).toBe(people);
  });
});
