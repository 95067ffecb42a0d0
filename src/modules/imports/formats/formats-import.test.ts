import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { writeIceRawWorkbook } from './fixtures/ice-raw-workbook.js';
import { formatReader } from './index.js';
import { engineItems, type ReadOptions } from './read-output.js';
import { uwaziCsvOf } from './uwazi-export-records.js';

/** Each public format imported into a real database, on both engines, twice. */
const DATA = join(import.meta.dirname, '../../../../../shared/data');
const FIXTURES = join(import.meta.dirname, 'fixtures');

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

async function importFile(format: string, path: string, options: ReadOptions = {}) {
  const reader = formatReader(format);
  if (!reader) throw new Error(`no reader ${format}`);
  return t.services.imports.importItems(t.ctx, engineItems(reader.read(path, options)));
}

async function list(path: string, query = '') {
  const response = await t.inject({ url: `/api/v1/${path}?limit=200${query}` });
  expect(response.statusCode).toBe(200);
  return response.json().items as Record<string, unknown>[];
}

/** The full record (with its citations), found by external id. */
async function byExternalId(path: string, externalId: string) {
  const [found] = await list(path, `&externalId=${encodeURIComponent(externalId)}`);
  if (!found) return undefined;
  const response = await t.inject({ url: `/api/v1/${path}/${found.id}` });
  return response.json() as Record<string, unknown>;
}

/**
 * A slice of a real file (its header and the given data lines), so that the database tests
 * stay quick on both engines; the readers' own tests read every row.
 */
async function slice(file: string, lines: (all: string[]) => string[]): Promise<string> {
  const [header = '', ...rows] = (await readFile(join(DATA, file), 'utf8')).trimEnd().split('\n');
  const path = join(await mkdtemp(join(tmpdir(), 'slice-')), file);
  await writeFile(path, [header, ...lines(rows)].join('\n'));
  return path;
}

const SLOW = 180_000;

describe('importing the public formats', () => {
  it('imports an ICE release as a snapshot: its flags become ICE allegations, never facts', {
    timeout: SLOW,
  }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ice-'));
    const workbook = join(dir, '2025-ICFO-12345_Detentions_20250620.xlsx');
    await writeIceRawWorkbook(workbook);
    const facilities = join(DATA, 'ddp-facility-locations-oct2025.tsv');
    const first = await importFile('ddp-ice', workbook, { facilities });
    expect(first).toMatchObject({ committed: true, refused: 0, problemCount: 0 });
    const again = await importFile('ddp-ice', workbook, { facilities });
    expect(again).toMatchObject({ committed: true, created: 0, updated: 0, unchanged: again.rows });

    const release = '2025-ICFO-12345:2025-06-20';
    const person = await byExternalId('people', `ddp:${release}:person:aaa111`);
    const source = await byExternalId('sources', `ddp:${release}:detentions`);
    const ice = await byExternalId('organizations', 'us-agency:ice');
    expect(person?.citations).toEqual([expect.objectContaining({ sourceId: source?.id })]);
    const [gang] = await list('allegations', `&personId=${person?.id}`);
    expect(gang).toMatchObject({
      category: 'gang_membership',
      status: 'asserted',
      madeByOrganizationId: ice?.id,
      evidence: [expect.objectContaining({ stance: 'supports', sourceId: source?.id })],
    });
    expect(JSON.stringify(person)).not.toMatch(/gang/i);
    const events = await list('custody-events', `&personId=${person?.id}&sort=occurredAt`);
    expect(events.map((e) => e.kind)).toEqual(['detained', 'transferred', 'removed']);
    const adelanto = await byExternalId('places', 'ddp-facility:ADLNTCA');
    expect(events[1]).toMatchObject({ placeId: adelanto?.id, custodianId: ice?.id });

    // a later release rewrites the same rows: it is imported beside the first, not over it
    const later = await importFile('ddp-ice', workbook, { facilities, release: '2025-07' });
    expect(later).toMatchObject({ committed: true, refused: 0 });
    expect(await byExternalId('people', 'ddp:2025-07:person:aaa111')).toBeDefined();
    expect((await list('allegations', `&personId=${person?.id}`)).length).toBe(1);
  });

  it('imports the real DDP detainers slice', { timeout: SLOW }, async () => {
    const report = await importFile(
      'ddp-detainers',
      join(DATA, 'ddp-detainers-sample-st-cloud.csv'),
    );
    expect(report).toMatchObject({ committed: true, refused: 0 });
    const jail = await byExternalId('places', 'ddp-facility:MNCFSTC');
    expect(jail).toMatchObject({ name: 'MINN.C.F.,ST.CLOUD', kind: 'prison' });
    expect((await list('custody-events', `&placeId=${jail?.id}`)).length).toBe(22);
  });

  it('imports deaths in custody, and re-importing changes nothing', { timeout: SLOW }, async () => {
    // the first 20 ICE rows, the first FY2018 rows (Romero is the 2nd) and the 8 press rows
    const path = await slice('ice-custody-deaths-274.csv', (rows) => [
      ...rows.slice(0, 20),
      ...rows.slice(172, 177),
      ...rows.slice(-8),
    ]);
    const first = await importFile('ice-deaths', path);
    expect(first).toMatchObject({ committed: true, refused: 0 });
    expect((await list('custody-events', '&kind=died')).length).toBe(33);
    const again = await importFile('ice-deaths', path);
    expect(again).toMatchObject({ committed: true, created: 0, updated: 0 });
    const person = await byExternalId('people', 'ice-death:2003-10-07:verdecia-carrillo-heriberto');
    expect(person).toMatchObject({
      familyNames: 'Verdecia-Carrillo',
      birthDate: '1962-10-08/1963-10-07',
    });
    // the FY2018 detail file names the same people: it adds its own citations, not new people
    const detailed = await importFile(
      'ice-deaths',
      await slice('ice-custody-deaths-fy2018-detailed.csv', (rows) => rows.slice(0, 3)),
    );
    expect(detailed).toMatchObject({ committed: true, refused: 0 });
    const romero = await byExternalId('people', 'ice-death:2018-05-16:romero-ronal-francisco');
    expect(romero).toMatchObject({ aliases: ['Ronald Cruz'] });
    // the list row, its death report (one source for both files) and the detail file's row
    expect(romero?.citations).toHaveLength(3);
    expect((await list('custody-events', '&kind=died')).length).toBe(33);
  });

  it('imports a PACER docket and its CourtListener twin as one proceeding', {
    timeout: SLOW,
  }, async () => {
    const html = await importFile('pacer-html', join(DATA, 'pacer/njd_365922.html'));
    expect(html).toMatchObject({ committed: true, refused: 0 });
    const again = await importFile('pacer-html', join(DATA, 'pacer/njd_365922.html'));
    expect(again).toMatchObject({ created: 0, updated: 0 });
    const json = await importFile('courtlistener', join(DATA, 'pacer/njd_365922.json'));
    expect(json).toMatchObject({ committed: true, created: 0 });
    const proceeding = await byExternalId('proceedings', 'docket:njd:2:18-cv-01510');
    expect(proceeding).toMatchObject({ kind: 'habeas' });
    expect(proceeding?.parties).toHaveLength(11 + 23);

    const dcd = await importFile('courtlistener', join(DATA, 'pacer/dcd_3.json'));
    expect(dcd).toMatchObject({ committed: true, refused: 0 });
    const google = await byExternalId('proceedings', 'docket:dcd:1:20-cv-03010');
    const due = await list(
      'proceeding-events',
      `&proceedingId=${google?.id}&kind=deadline&dueFrom=2021-08-24&dueTo=2021-08-31`,
    );
    expect(due.map((e) => e.dueAt).sort()).toEqual(['2021-08-25', '2021-08-26', '2021-08-30']);
  });

  it('imports Uwazi people, then incidents that find their victims by title', async () => {
    const fixture = join(FIXTURES, 'uwazi-people.csv');
    const refused = await importFile('uwazi', fixture, { recordType: 'person' });
    // the fixture's untitled row and its unknown country are refused, so nothing is kept
    expect(refused).toMatchObject({ committed: false, refused: 2 });
    expect(refused.problems.map((p) => [p.row, p.column])).toEqual([
      [5, 'Title'],
      [6, 'Nationality'],
    ]);
    expect(await byExternalId('people', 'uwazi:person:neri')).toBeUndefined();

    const fixed = join(await mkdtemp(join(tmpdir(), 'uwazi-')), 'people.csv');
    const lines = (await readFile(fixture, 'utf8')).split('\n');
    await writeFile(fixed, lines.filter((_, i) => i !== 4 && i !== 5).join('\n'));
    const people = await importFile('uwazi', fixed, { recordType: 'person' });
    expect(people).toMatchObject({ committed: true, created: 4 }); // a source and three people
    const incidents = await importFile('uwazi', join(FIXTURES, 'uwazi-incidents.csv'), {
      recordType: 'incident',
    });
    expect(incidents).toMatchObject({ committed: true, refused: 0, created: 3 });
    const jerce = await byExternalId('people', 'uwazi:person:jerce-reyes-barrios');
    const beating = await byExternalId('incidents', 'uwazi:incident:beating-on-arrival-at-cecot');
    expect(beating).toMatchObject({ kind: 'beating', occurredTo: '2025-03-17' });
    expect(beating?.victimIds).toEqual([jerce?.id, expect.any(String)]);

    // and back out: what was imported exports as the Uwazi CSV it came from
    const out = await uwaziCsvOf(t.services, t.ctx, 'incident');
    expect(out.csv).toContain(
      'Beating,Degrading treatment,2025-03-16:2025-03-17,Jerce Reyes Barrios|Andry José Hernández Romero',
    );
    // a victim above the reader's clearance is left out, never named
    const neri = await byExternalId('people', 'uwazi:person:neri');
    const patched = await t.inject({
      method: 'PATCH',
      url: `/api/v1/people/${neri?.id}`,
      payload: { sensitivity: 'confidential' },
    });
    expect(patched.statusCode).toBe(200);
    const internal = { ...t.ctx, actor: { ...t.ctx.actor, clearance: 'internal' as const } };
    const redacted = await uwaziCsvOf(t.services, internal, 'incident');
    expect(redacted.count).toBe(2);
    expect(out.csv).toContain('Neri');
    expect(redacted.csv).not.toContain('Neri');
    const audit = await t.inject({ url: '/api/v1/audit?action=export.uwazi' });
    expect(audit.json().items).toHaveLength(2);
    expect(audit.json().items[0]).toMatchObject({
      action: 'export.uwazi',
      details: { type: 'incident', count: 2 },
    });
  });
});
