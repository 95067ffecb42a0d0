import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { snapshotCounts } from './import-test-kit.js';

const BOUNDARY = 'habeasimport';

/** A multipart/form-data body with text fields and one file. */
function form(fields: Record<string, string>, file?: { name: string; content: string }) {
  let payload = '';
  for (const [name, value] of Object.entries(fields)) {
    payload += `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  }
  if (file) {
    payload +=
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
      `Content-Type: text/csv\r\n\r\n${file.content}\r\n`;
  }
  payload += `--${BOUNDARY}--\r\n`;
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } };
}

const csv = [
  'Código,Nombre,Apellidos,Nacionalidad',
  'c-1,Ana,Pérez Díaz,VE;CO',
  'c-2,Luis,Mora,SV',
].join('\r\n');
const mapping = JSON.stringify({
  type: 'person',
  columns: {
    Código: 'externalId',
    Nombre: 'givenNames',
    Apellidos: 'familyNames',
    Nacionalidad: { field: 'nationalities', split: ';' },
  },
});

describe('imports over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('previews headers, first rows and the automatic mapping, writing nothing', async () => {
    const before = await snapshotCounts(t.services.database.db);
    const response = await t.inject({
      method: 'POST',
      url: '/api/v1/imports/preview',
      ...form({ type: 'person' }, { name: 'people.csv', content: csv }),
    });
    expect(response.statusCode).toBe(200);
    const preview = response.json();
    expect(preview.headers).toEqual(['Código', 'Nombre', 'Apellidos', 'Nacionalidad']);
    expect(preview.rows[0]).toEqual({
      row: 2,
      cells: { Código: 'c-1', Nombre: 'Ana', Apellidos: 'Pérez Díaz', Nacionalidad: 'VE;CO' },
    });
    expect(preview.unmapped).toEqual(['Código', 'Nombre', 'Apellidos', 'Nacionalidad']);
    expect(preview.fields.map((f: { field: string }) => f.field)).toContain('givenNames');
    expect(await snapshotCounts(t.services.database.db)).toEqual(before);
  });

  it('imports a file with a mapping, logs the import, and lists it', async () => {
    const response = await t.inject({
      method: 'POST',
      url: '/api/v1/imports',
      ...form({ mapping }, { name: 'personas.csv', content: csv }),
    });
    expect(response.statusCode).toBe(200);
    const { run, report } = response.json();
    expect(report).toMatchObject({ rows: 2, created: 2, refused: 0, committed: true });
    expect(run).toMatchObject({ fileName: 'personas.csv', type: 'person', status: 'committed' });
    const [ana] = await t.services.people.findByExternalIds(t.ctx, ['c-1']);
    expect(ana).toMatchObject({
      givenNames: 'Ana',
      familyNames: 'Pérez Díaz',
      nationalities: ['VE', 'CO'],
    });

    const list = await t.inject({ url: '/api/v1/imports' });
    expect(list.json().items[0]).toMatchObject({ id: run.id, created: 2 });
    const one = await t.inject({ url: `/api/v1/imports/${run.id}` });
    expect(one.json()).toMatchObject({ id: run.id, report: { created: 2 } });
  });

  it('streams progress lines and then the result when asked for NDJSON', async () => {
    const response = await t.inject({
      method: 'POST',
      url: '/api/v1/imports',
      ...form({ mapping, dryRun: 'true' }, { name: 'personas.csv', content: csv }),
      headers: {
        ...form({}).headers,
        accept: 'application/x-ndjson',
      },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/application\/x-ndjson/);
    const lines = response.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ progress: { rows: 2 } });
    expect(lines.at(-1)).toMatchObject({
      result: { report: { dryRun: true, unchanged: 2, committed: false } },
    });
  });

  it('answers 422 naming the entry of a mapping that names no field, and writes nothing', async () => {
    const before = await snapshotCounts(t.services.database.db);
    const bad = JSON.stringify({
      type: 'person',
      columns: { Nombre: 'firstName', Extra: 'notes' },
    });
    const response = await t.inject({
      method: 'POST',
      url: '/api/v1/imports',
      ...form({ mapping: bad }, { name: 'personas.csv', content: csv }),
    });
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.json().errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'mapping.columns.Nombre', code: 'unknown_field' }),
        expect.objectContaining({ field: 'mapping.columns.Extra', code: 'unknown_column' }),
      ]),
    );
    expect(await snapshotCounts(t.services.database.db)).toEqual(before);
  });

  it('answers 422 for mapping text that is not JSON, an unknown type, or no file', async () => {
    const notJson = await t.inject({
      method: 'POST',
      url: '/api/v1/imports',
      ...form({ type: 'person', mapping: '{oops' }, { name: 'p.csv', content: csv }),
    });
    expect(notJson.statusCode).toBe(422);
    expect(notJson.json().errors[0]).toMatchObject({ field: 'mapping', code: 'malformed_json' });
    const unknownType = await t.inject({
      method: 'POST',
      url: '/api/v1/imports',
      ...form({ type: 'spaceship' }, { name: 'p.csv', content: csv }),
    });
    expect(unknownType.statusCode).toBe(422);
    expect(unknownType.json().errors[0]).toMatchObject({ field: 'type' });
    const noFile = await t.inject({
      method: 'POST',
      url: '/api/v1/imports',
      ...form({ type: 'person' }),
    });
    expect(noFile.statusCode).toBe(422);
    expect(noFile.json().errors[0]).toMatchObject({ field: 'file', code: 'file_required' });
  });

  it('refuses viewers and contributors with 403', async () => {
    for (const role of ['viewer', 'contributor'] as const) {
      const inject = await t.as(role, 'secret');
      const response = await inject({
        method: 'POST',
        url: '/api/v1/imports',
        ...form({ mapping }, { name: 'personas.csv', content: csv }),
      });
      expect(response.statusCode).toBe(403);
      expect((await inject({ url: '/api/v1/imports' })).statusCode).toBe(403);
    }
  });

  it('shows an editor only their own imports', async () => {
    const inject = await t.as('editor', 'secret');
    const response = await inject({ url: '/api/v1/imports' });
    expect(response.statusCode).toBe(200);
    expect(response.json().items).toEqual([]);
  });
});
