import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { fileIn, snapshotCounts } from './import-test-kit.js';

/** The import engine through the service: CSV in, records out, all or nothing. */
describe('importing a CSV file', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const people = [
    'external_id,Given Names,family_names,nationalities,sex,birthDate',
    'p-1,Jerce,Reyes Barrios,VE,male,1988',
    'p-2,Andry José,Hernández Romero,VE;CO,male,1993-02',
    'p-3,Neri,Alvarado Borges,VE,Male,',
  ].join('\n');

  it('maps camelCase, snake_case and spaced headers by themselves and creates every row', async () => {
    const file = await fileIn(t.dataDir, 'people.csv', people);
    const { report, run } = await t.services.imports.importFile(t.ctx, file, { type: 'person' });
    expect(report).toMatchObject({
      rows: 3,
      created: 3,
      refused: 0,
      committed: true,
      problems: [],
    });
    expect(run).toMatchObject({ status: 'committed', created: 3, fileName: 'people.csv' });
    expect(run.sha256).toMatch(/^[0-9a-f]{64}$/);
    const [andry] = await t.services.people.findByExternalIds(t.ctx, ['p-2']);
    expect(andry).toMatchObject({
      givenNames: 'Andry José',
      familyNames: 'Hernández Romero',
      nationalities: ['VE', 'CO'],
      birthDate: '1993-02',
    });
    // `Male` is the enum value `male` in another case
    const [neri] = await t.services.people.findByExternalIds(t.ctx, ['p-3']);
    expect(neri).toMatchObject({ sex: 'male' });
  });

  it('changes nothing, not even a revision, when the same file is imported again', async () => {
    const file = await fileIn(t.dataDir, 'people.csv', people);
    const before = await snapshotCounts(t.services.database.db);
    const { report } = await t.services.imports.importFile(t.ctx, file, { type: 'person' });
    expect(report).toMatchObject({ rows: 3, created: 0, updated: 0, unchanged: 3, refused: 0 });
    expect(await snapshotCounts(t.services.database.db)).toEqual(before);
  });

  it('updates only the rows that changed, and clears a cell emptied since', async () => {
    const changed = people
      .replace('Reyes Barrios,VE,male,1988', 'Reyes Barrios,VE,male,1987')
      .replace('Hernández Romero,VE;CO,male,1993-02', 'Hernández Romero,VE;CO,male,');
    const file = await fileIn(t.dataDir, 'people-v2.csv', changed);
    const before = await snapshotCounts(t.services.database.db);
    const { report } = await t.services.imports.importFile(t.ctx, file, { type: 'person' });
    expect(report).toMatchObject({ created: 0, updated: 2, unchanged: 1 });
    const after = await snapshotCounts(t.services.database.db);
    expect(after.revisions - before.revisions).toBe(2);
    const [jerce] = await t.services.people.findByExternalIds(t.ctx, ['p-1']);
    expect(jerce?.birthDate).toBe('1987');
    const [andry] = await t.services.people.findByExternalIds(t.ctx, ['p-2']);
    expect(andry?.birthDate).toBeUndefined();
  });

  it('reports every problem on a dry run, by row, column and reason, and writes nothing', async () => {
    const bad = [
      'external_id,Given Names,nationalities,sex,birth_date',
      'd-1,Ana,VE,female,2001',
      'd-2,Luis,XX,male,2001',
      'd-3,,VE,robot,someday',
      ',Eva,VE,female,2001',
    ].join('\n');
    const file = await fileIn(t.dataDir, 'bad.csv', bad);
    const before = await snapshotCounts(t.services.database.db);
    const { report, run } = await t.services.imports.importFile(t.ctx, file, {
      type: 'person',
      dryRun: true,
    });
    expect(report).toMatchObject({
      rows: 4,
      refused: 3,
      created: 1,
      dryRun: true,
      committed: false,
    });
    expect(run.status).toBe('refused');
    const problems = report.problems.map((p) => `${p.row}|${p.column}|${p.code}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        '3|nationalities|custom',
        '4|sex|invalid_value',
        '4|birth_date|custom',
        '5|external_id|external_id_required',
      ]),
    );
    expect(report.problems.find((p) => p.row === 3)).toMatchObject({
      column: 'nationalities',
      reason: expect.stringMatching(/ISO 3166/),
    });
    expect(report.problems.find((p) => p.column === 'sex')?.reason).toMatch(/female/);
    expect(report.problemCount).toBe(report.problems.length);
    expect(await snapshotCounts(t.services.database.db)).toEqual(before);
  });

  it('writes nothing at all when one row of a real import is refused', async () => {
    const mixed = [
      'external_id,given_names,sex',
      'm-1,Ana,female',
      'm-2,Luis,unknown',
      'm-3,Eva,robot',
    ].join('\n');
    const file = await fileIn(t.dataDir, 'mixed.csv', mixed);
    const before = await snapshotCounts(t.services.database.db);
    const { report } = await t.services.imports.importFile(t.ctx, file, { type: 'person' });
    expect(report).toMatchObject({ rows: 3, refused: 1, committed: false });
    expect(report.problems).toEqual([
      expect.objectContaining({ row: 4, column: 'sex', file: 'mixed.csv' }),
    ]);
    expect(await snapshotCounts(t.services.database.db)).toEqual(before);
    expect(await t.services.people.findByExternalIds(t.ctx, ['m-1'])).toEqual([]);
  });

  it('refuses a second row with the same external id, naming the first', async () => {
    const twice = ['external_id,given_names', 'r-1,Ana', 'r-1,Ana María'].join('\n');
    const file = await fileIn(t.dataDir, 'twice.csv', twice);
    const { report } = await t.services.imports.importFile(t.ctx, file, { type: 'person' });
    expect(report.problems).toEqual([
      expect.objectContaining({
        row: 3,
        column: 'external_id',
        reason: expect.stringMatching(/row 2/),
      }),
    ]);
  });

  it('resolves references by external id across two imports: people, then their custody events', async () => {
    const events = [
      'external_id,person,kind,occurred_at,notes',
      'e-1,p-1,detained,2025-03,first',
      'e-2,p-2,removed,2025-03-15,',
      'e-3,nobody,removed,2025-03-15,',
    ].join('\n');
    const file = await fileIn(t.dataDir, 'events.csv', events);
    const refused = await t.services.imports.importFile(t.ctx, file, { type: 'custody_event' });
    expect(refused.report.problems).toEqual([
      expect.objectContaining({
        row: 4,
        column: 'person',
        code: 'unknown_reference',
        reason: expect.stringContaining('"nobody"'),
      }),
    ]);
    const ok = await fileIn(t.dataDir, 'events.csv', events.split('\n').slice(0, 3).join('\n'));
    const { report } = await t.services.imports.importFile(t.ctx, ok, { type: 'custody_event' });
    expect(report).toMatchObject({ created: 2, refused: 0, committed: true });
    const [person] = await t.services.people.findByExternalIds(t.ctx, ['p-1']);
    const [event] = await t.services.custody.findByExternalIds(t.ctx, ['e-1']);
    expect(event).toMatchObject({ personId: person!.id, kind: 'detained', occurredAt: '2025-03' });
  });

  it('flags a likely duplicate person with the candidates the matcher filed', async () => {
    const file = await fileIn(
      t.dataDir,
      'again.csv',
      'external_id,given_names,family_names,nationalities,sex,birth_date\nlist-b-9,Neri,Alvarado Borges,VE,male,1990\n',
    );
    const { report } = await t.services.imports.importFile(t.ctx, file, { type: 'person' });
    const [neri] = await t.services.people.findByExternalIds(t.ctx, ['p-3']);
    const [again] = await t.services.people.findByExternalIds(t.ctx, ['list-b-9']);
    expect(report.duplicates).toEqual([
      {
        row: 2,
        personId: again!.id,
        candidates: [expect.objectContaining({ id: neri!.id, label: 'Neri Alvarado Borges' })],
      },
    ]);
  });

  it('takes items from any reader, keeps the first problems and counts them all', async () => {
    async function* items() {
      for (let row = 1; row <= 5; row++) {
        yield {
          type: 'person',
          origin: { row, file: 'feed' },
          externalId: `f-${row}`,
          body: { sex: 'robot' },
        };
      }
    }
    const report = await t.services.imports.importItems(t.ctx, items(), { maxProblems: 2 });
    expect(report).toMatchObject({ rows: 5, refused: 5, problemCount: 5, committed: false });
    expect(report.problems).toHaveLength(2);
    expect(report.problems[0]).toMatchObject({ row: 1, file: 'feed', column: 'sex' });
  });

  it('names columns no field takes instead of dropping them silently', async () => {
    const file = await fileIn(
      t.dataDir,
      'extra.csv',
      'external_id,given_names,Shoe size\nx-1,Ana,38',
    );
    const { report } = await t.services.imports.importFile(t.ctx, file, {
      type: 'person',
      dryRun: true,
    });
    expect(report.warnings).toEqual([
      expect.objectContaining({ row: 1, column: 'Shoe size', code: 'unmapped_column' }),
    ]);
  });
});
