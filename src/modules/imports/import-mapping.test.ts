import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { makeOrganization } from '../../../test/helpers/fixtures.js';
import { Invalid } from '../../lib/errors.js';
import { fileIn } from './import-test-kit.js';
import { normaliseName } from './mapping.js';

describe('column mapping', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('reads a header the same in camelCase, snake_case, with spaces, case or accents', () => {
    const names = ['givenNames', 'given_names', 'Given Names', 'GIVEN-NAMES', 'Gíven names'];
    expect(new Set(names.map(normaliseName))).toEqual(new Set(['givennames']));
  });

  it('follows a MAP.json: renamed columns, split lists, identifier entries, references and defaults', async () => {
    const cbp = await makeOrganization(t, {
      name: 'CBP',
      kind: 'agency',
      country: 'US',
      externalId: 'org:cbp',
    });
    const people = await fileIn(
      t.dataDir,
      'lista.csv',
      [
        'Nº;Nombre;Apellidos;Nacionalidad;A-Number;Pasaporte',
        '17;Ana;Pérez Díaz;VE, CO;A123;P9',
        '18;Luis;Mora;SV;;',
      ].join('\n'),
    );
    const { report } = await t.services.imports.importFile(t.ctx, people, {
      mapping: {
        type: 'person',
        columns: {
          Nº: 'externalId',
          Nombre: 'givenNames',
          Apellidos: 'familyNames',
          Nacionalidad: { field: 'nationalities', split: ',' },
          'A-Number': { field: 'identifiers', item: { kind: 'a_number' } },
          Pasaporte: { field: 'identifiers', item: { kind: 'passport', country: 'VE' } },
        },
        defaults: { roles: ['detained'] },
      },
    });
    expect(report).toMatchObject({ created: 2, refused: 0, warnings: [] });
    const [ana] = await t.services.people.findByExternalIds(t.ctx, ['17']);
    expect(ana).toMatchObject({
      nationalities: ['VE', 'CO'],
      roles: ['detained'],
      identifiers: [
        { kind: 'a_number', value: 'A123', sensitivity: 'confidential' },
        { kind: 'passport', value: 'P9', country: 'VE', sensitivity: 'confidential' },
      ],
    });

    const events = await fileIn(
      t.dataDir,
      'traslados.csv',
      [
        'id,Persona,Tipo,Fecha,Custodio,Vuelo',
        'ev-17,17,Handed over,2025-03-16,org:cbp,GXA 123',
      ].join('\n'),
    );
    const moved = await t.services.imports.importFile(t.ctx, events, {
      type: 'custody_event',
      mapping: {
        columns: {
          id: 'externalId',
          Persona: { field: 'personId', ref: 'person' },
          Tipo: 'kind',
          Fecha: 'occurredAt',
          Custodio: { field: 'custodianId', ref: 'organization' },
          Vuelo: 'transport.flightNumber',
        },
      },
    });
    expect(moved.report).toMatchObject({ created: 1, refused: 0 });
    const [event] = await t.services.custody.findByExternalIds(t.ctx, ['ev-17']);
    expect(event).toMatchObject({
      personId: ana!.id,
      kind: 'handed_over',
      custodianId: cbp.id,
      transport: { flightNumber: 'GXA 123' },
    });
  });

  it('refuses a mapping that names a field the record type lacks, naming the entry', async () => {
    const file = await fileIn(t.dataDir, 'x.csv', 'a,b\n1,2\n');
    const attempt = t.services.imports.importFile(t.ctx, file, {
      type: 'person',
      mapping: { columns: { a: 'externalId', b: { field: 'shoeSize' } }, defaults: { mood: 'ok' } },
    });
    await expect(attempt).rejects.toBeInstanceOf(Invalid);
    await expect(attempt).rejects.toMatchObject({
      issues: expect.arrayContaining([
        expect.objectContaining({ field: 'mapping.columns.b', code: 'unknown_field' }),
        expect.objectContaining({ field: 'mapping.defaults.mood', code: 'unknown_field' }),
      ]),
    });
  });

  it('imports an XLSX workbook with banner rows above the header', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('FY25 Detention');
    sheet.addRow(['U.S. Immigration and Customs Enforcement']);
    sheet.addRow(['Detention statistics, FY2025 YTD']);
    sheet.addRow([]);
    sheet.addRow(['External Id', 'Given Names', 'Family Names', 'Birth Date']);
    sheet.addRow(['ice-1', 'Mario', 'Rojas', '1990']);
    sheet.addRow(['ice-2', 'Juan', 'Vera', new Date(Date.UTC(1985, 0, 2))]);
    const file = await fileIn(t.dataDir, 'ice.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    const { report } = await t.services.imports.importFile(t.ctx, file, { type: 'person' });
    expect(report).toMatchObject({ rows: 2, created: 2, refused: 0, warnings: [] });
    const [juan] = await t.services.people.findByExternalIds(t.ctx, ['ice-2']);
    expect(juan).toMatchObject({ givenNames: 'Juan', birthDate: '1985-01-02' });
  });
});
