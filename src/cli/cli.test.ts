import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { habeas, useCliDatabase } from '../../test/helpers/cli.js';

describe('habeas command line', () => {
  const cli = useCliDatabase();

  it('lists its commands in --help', { timeout: 120_000 }, async () => {
    const { code, stdout } = await habeas(['--help'], cli.env);
    expect(code).toBe(0);
    for (const command of ['serve', 'migrate', 'demo', 'export']) expect(stdout).toContain(command);
  });

  it('exits non-zero with a message on an unknown command or a bad option', {
    timeout: 120_000,
  }, async () => {
    const unknown = await habeas(['frobnicate'], cli.env);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/unknown command/);
    const badFormat = await habeas(['export', '--format', 'xml'], cli.env);
    expect(badFormat.code).not.toBe(0);
    expect(badFormat.stderr).toMatch(/formats are csv, json, ndjson, xlsx/);
  });

  it('exits non-zero naming a bad environment variable', { timeout: 120_000 }, async () => {
    const { code, stderr } = await habeas(['migrate'], { ...cli.env, PORT: 'eighty' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/PORT/);
  });

  it('migrates, loads the example data once, and exports every record as JSON', {
    timeout: 120_000,
  }, async () => {
    expect((await habeas(['migrate'], cli.env)).code).toBe(0);
    const first = await habeas(['demo'], cli.env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/loaded the example data set/);
    const second = await habeas(['demo'], cli.env);
    expect(second.stdout).toMatch(/already loaded/);

    const out = path.join(cli.db.dataDir, 'export.json');
    const exported = await habeas(['export', '--format', 'json', '--out', out], cli.env);
    expect(exported.code).toBe(0);
    const document = JSON.parse(await readFile(out, 'utf8'));
    expect(document).toMatchObject({ format: 'habeas-export', formatVersion: 1 });
    const names = document.records.person.map((p: { familyNames: string }) => p.familyNames);
    expect(names).toContain('Reyes Barrios');
    expect(document.records.custody_event.length).toBeGreaterThan(0);
    expect(document.records.citation.length).toBeGreaterThan(0);
  });
});
