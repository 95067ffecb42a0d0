import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { habeas, useCliDatabase } from '../../test/helpers/cli.js';

/** `habeas import FILE --format NAME` with the public-format readers, and `compare-releases`. */
const DATA = path.resolve(import.meta.dirname, '../../../shared/data');

describe('habeas import --format (public formats)', () => {
  const cli = useCliDatabase();

  it('imports a PACER docket and changes nothing the second time', {
    timeout: 300_000,
  }, async () => {
    const file = path.join(DATA, 'pacer/njd_365922.html');
    const first = await habeas(['import', file, '--format', 'pacer-html'], cli.env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /imported .*njd_365922\.html as pacer-html — \d+ rows: \d+ created/,
    );
    const again = await habeas(['import', file, '--format', 'pacer-html'], cli.env);
    expect(again.stdout).toMatch(/ 0 created, 0 updated, \d+ unchanged/);
  });

  it('exports the imported people as an Uwazi CSV', { timeout: 300_000 }, async () => {
    const result = await habeas(['export-uwazi', '--type', 'person'], cli.env);
    expect(result.code).toBe(0);
    const [header, ...rows] = result.stdout.trim().split('\n');
    expect(header).toBe(
      'Title,Template,Given names,Family names,Aliases,Sex,Birth date,Nationality,Occupation,Notes',
    );
    expect(rows).toContainEqual(expect.stringMatching(/^Esther Salas,Person,Esther,Salas,/));
    const bad = await habeas(['export-uwazi', '--type', 'claim'], cli.env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/must be person or incident/);
  });

  it('fails with a message and a non-zero exit for a file of another format', {
    timeout: 300_000,
  }, async () => {
    const result = await habeas(
      ['import', path.join(DATA, 'ddp-detainers-sample-st-cloud.csv'), '--format', 'ice-deaths'],
      cli.env,
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/not a deaths-in-custody list/);
  });

  it('compares two releases of one ICE table month by month', { timeout: 300_000 }, async () => {
    const earlier = path.join(cli.db.dataDir, 'detainers-early.csv');
    const later = path.join(cli.db.dataDir, 'detainers-late.csv');
    const header =
      'detainer_prepare_date,unique_identifier,departed_date,criminal_street_gang_yes_no';
    await writeFile(earlier, `${header}\n2025-01-05,a,NA,NO\n2025-02-01,b,NA,YES\n`);
    await writeFile(
      later,
      `${header}\n2025-01-05,x,2025-03-01,NO\n2025-02-01,y,NA,YES\n2025-02-09,z,NA,NO\n`,
    );
    const result = await habeas(['compare-releases', earlier, later], cli.env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/detainers: 2 rows → 3 rows/);
    expect(result.stdout).toMatch(/removals\s+0\s+1\s+\+1/);
    expect(result.stdout).toMatch(/rows dated 2025-02\s+1\s+2\s+\+1/);
    expect(result.stdout).not.toMatch(/rows dated 2025-01/);
  });
});
