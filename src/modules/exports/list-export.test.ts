import { PassThrough } from 'node:stream';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { makePerson, makeSource, post } from '../../../test/helpers/fixtures.js';
import { xlsxWriter } from './formats/xlsx.js';

const today = () => new Date().toISOString().slice(0, 10);

function csvRows(body: string): Record<string, string>[] {
  return parseCsv(body, { bom: true, columns: true, skip_empty_lines: true });
}

describe('list exports', () => {
  let t: TestApp;
  let sourceId: string;
  beforeAll(async () => {
    t = await createTestApp();
    sourceId = (await makeSource(t, { title: 'Habeas petition', sensitivity: 'public' })).id;
    await makePerson(t, {
      givenNames: 'Andry',
      familyNames: 'Hernández Romero',
      nationalities: ['VE'],
      aliases: ['Andry H.', 'El Maquillador'],
      identifiers: [{ kind: 'a_number', value: 'A-111-222-333' }],
      birthDate: '1993-03',
      sensitivity: 'internal',
      citations: [{ sourceId, locator: 'p. 4', quote: 'a makeup artist' }],
    });
    await makePerson(t, { givenNames: 'Arturo', familyNames: 'Suárez', nationalities: ['VE'] });
    await makePerson(t, { givenNames: 'Kilmar', familyNames: 'Abrego', nationalities: ['SV'] });
    await makePerson(t, {
      givenNames: 'Hidden',
      familyNames: 'Witness',
      nationalities: ['VE'],
      sensitivity: 'confidential',
    });
    await makePerson(t, {
      givenNames: '=HYPERLINK("http://evil.example","click")',
      familyNames: '+cmd|calc',
      aliases: ['@SUM(A1)', '-2+3'],
      nationalities: ['CO'],
    });
  });
  afterAll(() => t.close());

  it('exports a filtered, sorted list as CSV with a dated file name and every column', async () => {
    const response = await t.inject({ url: '/api/v1/people/export?format=csv&nationality=VE' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="habeas-people-${today()}.csv"`,
    );
    expect(response.body.startsWith('\ufeff')).toBe(true);
    const rows = csvRows(response.body);
    // sorted by name (family, given): Hernández, Suárez, Witness
    expect(rows.map((r) => r.familyNames)).toEqual(['Hernández Romero', 'Suárez', 'Witness']);
    const andry = rows[0]!;
    expect(andry).toMatchObject({
      givenNames: 'Andry',
      aliases: 'Andry H.; El Maquillador',
      nationalities: 'VE',
      birthDate: '1993-03',
      sensitivity: 'internal',
      version: '1',
    });
    expect(JSON.parse(andry.identifiers!)).toEqual([
      { kind: 'a_number', value: 'A-111-222-333', sensitivity: 'confidential' },
    ]);
    expect(andry.citations).toBe(`Habeas petition (p. 4) [${sourceId}]`);
    expect(Object.keys(andry)).toEqual(
      expect.arrayContaining(['id', 'externalId', 'updatedAt', 'consentToPublication', 'notes']),
    );
  });

  it('honours q, sort direction and the sensitivity filter', async () => {
    const byQ = csvRows((await t.inject({ url: '/api/v1/people/export?q=andry' })).body);
    expect(byQ.map((r) => r.givenNames)).toEqual(['Andry']);
    const descending = csvRows(
      (await t.inject({ url: '/api/v1/people/export?nationality=VE&sort=-name' })).body,
    );
    expect(descending.map((r) => r.familyNames)).toEqual(['Witness', 'Suárez', 'Hernández Romero']);
    const confidential = csvRows(
      (await t.inject({ url: '/api/v1/people/export?sensitivity=confidential' })).body,
    );
    expect(confidential.map((r) => r.givenNames)).toEqual(['Hidden']);
  });

  it('makes cells that a spreadsheet would run as formulas inert', async () => {
    const rows = csvRows((await t.inject({ url: '/api/v1/people/export?nationality=CO' })).body);
    expect(rows[0]).toMatchObject({
      givenNames: `'=HYPERLINK("http://evil.example","click")`,
      familyNames: "'+cmd|calc",
      // the list is one cell, and it starts with @
      aliases: "'@SUM(A1); -2+3",
    });
  });

  it('exports JSON as an array of API records with their citations', async () => {
    const response = await t.inject({ url: '/api/v1/people/export?format=json&nationality=VE' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['content-disposition']).toContain(`habeas-people-${today()}.json`);
    const items = response.json() as Record<string, unknown>[];
    expect(items.map((i) => i.familyNames)).toEqual(['Hernández Romero', 'Suárez', 'Witness']);
    expect(items[0]).toMatchObject({
      aliases: ['Andry H.', 'El Maquillador'],
      citations: [{ sourceId, locator: 'p. 4', quote: 'a makeup artist' }],
    });
    expect(items[0]).not.toHaveProperty('citationLabels');
    const empty = await t.inject({ url: '/api/v1/people/export?format=json&nationality=US' });
    expect(empty.json()).toEqual([]);
  });

  it('exports NDJSON one record per line', async () => {
    const response = await t.inject({ url: '/api/v1/people/export?format=ndjson&nationality=VE' });
    const lines = response.body.trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).givenNames)).toEqual(['Andry', 'Arturo', 'Hidden']);
  });

  it('exports XLSX that a spreadsheet reads back, text kept as text', async () => {
    const response = await t.inject({ url: '/api/v1/people/export?format=xlsx&sort=name' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain(`habeas-people-${today()}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as never);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('People');
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const column = (name: string) => header.indexOf(name) + 1;
    expect(sheet.rowCount).toBe(6);
    const names = [2, 3, 4, 5, 6].map((r) => sheet.getRow(r).getCell(column('familyNames')).value);
    expect(names).toEqual(['+cmd|calc', 'Abrego', 'Hernández Romero', 'Suárez', 'Witness']);
    const injected = sheet.getRow(2).getCell(column('givenNames'));
    expect(injected.type).toBe(ExcelJS.ValueType.String);
    expect(injected.value).toBe('=HYPERLINK("http://evil.example","click")');
    expect(sheet.getRow(4).getCell(column('aliases')).value).toBe('Andry H.; El Maquillador');
  });

  it('goes on in a second sheet, header and all, when a sheet is full', async () => {
    const chunks: Buffer[] = [];
    const out = new PassThrough();
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    const writer = await xlsxWriter(out, { columns: ['n'], title: 'People' }, 2);
    for (const n of [1, 2, 3, 4, 5]) await writer.write([n], {} as never);
    await writer.end();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.concat(chunks) as never);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['People', 'People (2)', 'People (3)']);
    expect(
      workbook.worksheets.map((w) =>
        w.getSheetValues().flatMap((row) => (row ? (row as unknown[]).slice(1) : [])),
      ),
    ).toEqual([
      ['n', 1, 2],
      ['n', 3, 4],
      ['n', 5],
    ]);
  });

  it('shows a reader only what their clearance allows, redacted as in the list', async () => {
    const reader = await t.as('viewer', 'internal');
    const response = await reader({ url: '/api/v1/people/export?format=json&nationality=VE' });
    expect(response.statusCode).toBe(200);
    const items = response.json() as Record<string, unknown>[];
    expect(items.map((i) => i.givenNames)).toEqual(['Andry', 'Arturo']);
    // the A-number is confidential: gone from the internal reader's export
    expect(items[0]!.identifiers).toEqual([]);
    expect(response.body).not.toContain('A-111-222-333');
    const csv = await reader({ url: '/api/v1/people/export?nationality=VE' });
    expect(csv.body).not.toContain('A-111-222-333');
    expect(csv.body).not.toContain('Witness');
  });

  it('puts every export on the audit log with its type, selection and row count', async () => {
    await t.inject({ url: '/api/v1/people/export?format=csv&nationality=VE&sort=-name' });
    const entries = await t.services.audit.list({ action: 'export.list', limit: 1000 });
    const last = entries.at(-1);
    expect(last?.actor).toBe(t.ctx.actor.id);
    expect(last?.details).toMatchObject({
      type: 'person',
      format: 'csv',
      filters: { nationality: 'VE' },
      sort: '-name',
      rows: 3,
    });
  });

  it('refuses an unknown format or filter, naming the parameter, before any file starts', async () => {
    const badFormat = await t.inject({ url: '/api/v1/people/export?format=pdf' });
    expect(badFormat.statusCode).toBe(400);
    expect(badFormat.headers['content-type']).toContain('application/problem+json');
    expect(badFormat.json().errors).toEqual([
      expect.objectContaining({ field: 'format', in: 'query' }),
    ]);
    const badFilter = await t.inject({ url: '/api/v1/people/export?colour=red' });
    expect(badFilter.statusCode).toBe(400);
    const badSort = await t.inject({ url: '/api/v1/people/export?sort=colour' });
    expect(badSort.statusCode).toBe(400);
    expect(badSort.json().errors[0].field).toBe('sort');
  });

  it('flattens nested objects into dotted columns for every record type', async () => {
    const proceeding = await post(t, 'proceedings', {
      title: 'J.G.G. v. Trump',
      kind: 'habeas',
      status: 'active',
    });
    await post(t, 'proceeding-events', {
      proceedingId: proceeding.id,
      kind: 'hearing',
      occurredAt: '2025-03',
      hearing: { scheduledFor: '2025-03-15T17:00:00-04:00', mode: 'in_person' },
    });
    const rows = csvRows(
      (await t.inject({ url: `/api/v1/proceeding-events/export?proceedingId=${proceeding.id}` }))
        .body,
    );
    expect(rows[0]).toMatchObject({
      kind: 'hearing',
      occurredAt: '2025-03',
      'hearing.scheduledFor': '2025-03-15T17:00:00-04:00',
      'hearing.mode': 'in_person',
      'order.directive': '',
    });
    for (const service of t.services.registry.all()) {
      const response = await t.inject({ url: `/api/v1/${service.def.path}/export?format=csv` });
      expect(response.statusCode, service.def.path).toBe(200);
    }
  });
});
