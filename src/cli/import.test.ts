import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { habeas, useCliDatabase } from '../../test/helpers/cli.js';
import { snapshotCounts } from '../modules/imports/import-test-kit.js';

describe('habeas import', () => {
  const cli = useCliDatabase();
  const file = (name: string) => path.join(cli.db.dataDir, name);
  beforeAll(async () => {
    await writeFile(
      file('people.csv'),
      'external_id,given_names,family_names,sex\np-1,Ana,Pérez,female\np-2,Luis,Mora,male\n',
    );
    await writeFile(
      file('bad.csv'),
      'external_id,given_names,sex\nb-1,Ana,female\nb-2,Luis,robot\nb-3,,male\n',
    );
    await writeFile(
      file('map.json'),
      JSON.stringify({ type: 'person', columns: { Nombre: 'givenNames' } }),
    );
    await writeFile(file('broken.json'), '{ "type": ');
  });

  it('imports a file, reports the counts and rows per second, and changes nothing the second time', {
    timeout: 600_000,
  }, async () => {
    const first = await habeas(['import', file('people.csv'), '--type', 'person'], cli.env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/imported .*people\.csv as person — 2 rows: 2 created, 0 updated/);
    expect(first.stdout).toMatch(/\d[\d,]* rows\/s/);
    const again = await habeas(['import', file('people.csv'), '--type', 'person'], cli.env);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 created, 0 updated, 2 unchanged/);
  });

  it('exits 1 naming each refused row by row, column and reason, and writes nothing', {
    timeout: 600_000,
  }, async () => {
    const before = await snapshotCounts(cli.db.database.db);
    const result = await habeas(
      ['import', file('bad.csv'), '--type', 'person', '--dry-run'],
      cli.env,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/row 3, column sex: .*female/);
    expect(result.stderr).toMatch(/row 4, column given_names: .*name/);
    expect(result.stdout).toMatch(/nothing imported .*: 2 rows refused/);
    const real = await habeas(['import', file('bad.csv'), '--type', 'person'], cli.env);
    expect(real.code).toBe(1);
    expect(await snapshotCounts(cli.db.database.db)).toEqual(before);
  });

  it('exits 2 with a message for an unknown type, an unreadable map, a mapping that fits no column', {
    timeout: 600_000,
  }, async () => {
    const unknownType = await habeas(
      ['import', file('people.csv'), '--type', 'spaceship'],
      cli.env,
    );
    expect(unknownType.code).toBe(2);
    expect(unknownType.stderr).toMatch(/type: "spaceship" is not a record type/);
    const broken = await habeas(
      ['import', file('people.csv'), '--map', file('broken.json')],
      cli.env,
    );
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\.json is not JSON/);
    const wrongColumn = await habeas(
      ['import', file('people.csv'), '--map', file('map.json')],
      cli.env,
    );
    expect(wrongColumn.code).toBe(2);
    expect(wrongColumn.stderr).toMatch(
      /mapping\.columns\.Nombre: the file has no column named "Nombre"/,
    );
    const missing = await habeas(['import', file('nowhere.csv'), '--type', 'person'], cli.env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file/);
  });
});
