import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { countRevisions } from '../../../test/helpers/writes.js';
import { Forbidden } from '../../lib/errors.js';
import { INCIDENT_KINDS } from './incident-kinds.js';

describe('vocabularies', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const termsOf = async (scheme: string, query = '') =>
    (await t.inject({ url: `/api/v1/vocabularies/${scheme}${query}` })).json();
  const addTerm = (scheme: string, payload: Record<string, unknown>) =>
    t.inject({ method: 'POST', url: `/api/v1/vocabularies/${scheme}/terms`, payload });

  it('is seeded with the HURIDOCS lists and the domain’s incident kinds', async () => {
    const response = await t.inject({ url: '/api/v1/vocabularies' });
    expect(response.statusCode).toBe(200);
    const counts = Object.fromEntries(
      response
        .json()
        .items.map((s: { scheme: string; termCount: number }) => [s.scheme, s.termCount]),
    );
    expect(counts).toMatchObject({
      incident_kind: INCIDENT_KINDS.length,
      huridocs_types_of_acts: 532,
      huridocs_whereabouts: 16,
      huridocs_legal_counsel: 22,
      huridocs_reliability: 6,
    });
  });

  it('labels HURIDOCS terms in English and Spanish, with their place in the hierarchy', async () => {
    const { items } = await termsOf('huridocs_legal_counsel');
    expect(items[0]).toMatchObject({
      code: '010000000000',
      labelEn: 'No legal counsel permitted',
      labelEs: 'No se permitió recibir ninguna asesoría legal',
      origin: 'huridocs',
      level: 0,
    });
    const torture = (await termsOf('huridocs_types_of_acts', '?q=tortura')).items.find(
      (term: { code: string }) => term.code === '020111110000',
    );
    expect(torture).toMatchObject({
      labelEn: 'Torture',
      labelEs: 'Tortura',
      parentCode: '020111000000',
      level: 3,
    });
  });

  it('keeps the whole Spanish label where the source’s Spanish column is cut at 100 characters', async () => {
    const { items } = await termsOf('huridocs_types_of_detention', '?q=estado%20de%20sitio');
    expect(items).toHaveLength(1);
    expect(items[0].labelEs).toBe(
      'Detenido bajo leyes de emergencia, de estado de sitio, o leyes especiales que suspenden ' +
        'las garantías individuales',
    );
  });

  it('shows each whereabouts term with its own Spanish label, not its neighbour’s', async () => {
    const { items } = await termsOf('huridocs_whereabouts');
    const spanish = Object.fromEntries(
      items.map((term: { labelEn: string; labelEs: string }) => [term.labelEn, term.labelEs]),
    );
    expect(spanish['Capture is denied']).toBe('No se admite que se realizó la captura');
    expect(spanish['Contact with legal counsel is not permitted']).toBe(
      'No se permite el contacto con asesoría legal o asistencia jurídica',
    );
  });

  it('offers the incident kinds users expect, mapped to HURIDOCS types of acts', async () => {
    const { items } = await termsOf('incident_kind');
    expect(items.map((term: { code: string }) => term.code).sort()).toEqual(
      INCIDENT_KINDS.map((k) => k.code).sort(),
    );
    expect(items.find((term: { code: string }) => term.code === 'death_in_custody')).toMatchObject({
      labelEn: 'Death in custody',
      labelEs: 'Muerte bajo custodia',
      huridocsCode: '010106010000',
    });
  });

  it('matches q against labels in any language, regardless of case and accents', async () => {
    const { items } = await termsOf('incident_kind', '?q=DETENCION');
    expect(items.map((term: { code: string }) => term.code)).toEqual(['incommunicado_detention']);
  });

  it('adds a local term under a parent, with a revision naming who and why', async () => {
    const response = await t.inject({
      method: 'POST',
      url: '/api/v1/vocabularies/huridocs_whereabouts/terms',
      headers: { 'x-change-reason': encodeURIComponent('CECOT: sin contacto consular') },
      payload: {
        code: 'consular_contact_not_permitted',
        labelEn: 'Contact with consular officials is not permitted',
        labelEs: 'No se permite el contacto con funcionarios consulares',
        parentCode: '010102000000',
        huridocsCode: '010102000000',
      },
    });
    expect(response.statusCode).toBe(201);
    const term = response.json();
    expect(term).toMatchObject({ origin: 'local', level: 3, version: 1, deprecated: false });
    expect(response.headers.location).toBe(
      '/api/v1/vocabularies/huridocs_whereabouts/terms/consular_contact_not_permitted',
    );
    const history = (await t.inject({ url: `${response.headers.location}/history` })).json();
    expect(history.items).toEqual([
      expect.objectContaining({
        action: 'create',
        recordType: 'vocabulary_term',
        actor: t.admin.actor.id,
        reason: 'CECOT: sin contacto consular',
      }),
    ]);
  });

  it('rejects a local term that repeats a code of its vocabulary, writing nothing', async () => {
    const before = await countRevisions(t);
    const response = await addTerm('incident_kind', {
      code: 'torture',
      labelEn: 'Torture again',
      labelEs: 'Tortura otra vez',
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      expect.objectContaining({ field: 'code', code: 'duplicate_code' }),
    ]);
    expect(await countRevisions(t)).toBe(before);
  });

  it('requires labels in English and Spanish', async () => {
    const response = await addTerm('incident_kind', { code: 'stripping', labelEn: 'Stripping' });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      expect.objectContaining({ field: 'labelEs', in: 'body' }),
    ]);
  });

  it('names an unknown parent and an unknown HURIDOCS code together', async () => {
    const response = await addTerm('incident_kind', {
      code: 'stripping',
      labelEn: 'Stripping',
      labelEs: 'Desnudez forzada',
      parentCode: 'no_such_kind',
      huridocsCode: '999999999999',
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      expect.objectContaining({ field: 'parentCode', code: 'unknown_term' }),
      expect.objectContaining({ field: 'huridocsCode', code: 'unknown_term' }),
    ]);
  });

  it('lets only administrators add or change terms', async () => {
    const before = await countRevisions(t);
    const editor = await t.as('editor', 'secret');
    const added = await editor({
      method: 'POST',
      url: '/api/v1/vocabularies/incident_kind/terms',
      payload: { code: 'stripping', labelEn: 'Stripping', labelEs: 'Desnudez forzada' },
    });
    expect(added.statusCode).toBe(403);
    const changed = await editor({
      method: 'PATCH',
      url: '/api/v1/vocabularies/incident_kind/terms/torture',
      payload: { deprecated: true },
    });
    expect(changed.statusCode).toBe(403);
    const viewer = { id: 'v', role: 'viewer' as const, clearance: 'internal' as const };
    await expect(
      t.services.vocabularies.addTerm({ actor: viewer }, 'incident_kind', {
        code: 'stripping',
        labelEn: 'Stripping',
        labelEs: 'Desnudez forzada',
      }),
    ).rejects.toBeInstanceOf(Forbidden);
    expect(await countRevisions(t)).toBe(before);
    const read = await editor({ url: '/api/v1/vocabularies/incident_kind/terms/torture' });
    expect(read.json()).toMatchObject({ deprecated: false, version: 1 });
  });

  it('relabels and deprecates a term, keeping it readable and its history whole', async () => {
    const url = '/api/v1/vocabularies/incident_kind/terms/threats';
    const relabelled = await t.inject({
      method: 'PATCH',
      url,
      headers: { 'if-match': '"1"' },
      payload: { labelEs: 'Amenazas e intimidación' },
    });
    expect(relabelled.statusCode).toBe(200);
    expect(relabelled.json()).toMatchObject({ labelEs: 'Amenazas e intimidación', version: 2 });

    const deprecated = await t.inject({ method: 'PATCH', url, payload: { deprecated: true } });
    expect(deprecated.json()).toMatchObject({ deprecated: true, version: 3 });

    const offered = (await termsOf('incident_kind')).items.map((x: { code: string }) => x.code);
    expect(offered).not.toContain('threats');
    const all = (await termsOf('incident_kind', '?includeDeprecated=true')).items;
    expect(all.map((x: { code: string }) => x.code)).toContain('threats');
    expect((await t.inject({ url })).statusCode).toBe(200);

    const history = (await t.inject({ url: `${url}/history` })).json();
    expect(history.items.map((r: { action: string }) => r.action)).toEqual(['update', 'update']);
    expect(history.items[0]).toMatchObject({
      before: { labelEs: 'Amenazas', createdBy: 'system:seed' },
      after: { labelEs: 'Amenazas e intimidación' },
    });
    expect((await t.inject({ method: 'DELETE', url })).statusCode).toBe(404);
  });

  it('refuses a change based on a stale version of the term', async () => {
    const url = '/api/v1/vocabularies/incident_kind/terms/beating';
    await t.inject({ method: 'PATCH', url, payload: { labelFr: 'Coups' } });
    const stale = await t.inject({
      method: 'PATCH',
      url,
      headers: { 'if-match': '"1"' },
      payload: { labelFr: 'Passage à tabac' },
    });
    expect(stale.statusCode).toBe(409);
    expect((await t.inject({ url })).json()).toMatchObject({ labelFr: 'Coups', version: 2 });
  });

  it('answers 404 for a vocabulary or term that does not exist', async () => {
    expect((await t.inject({ url: '/api/v1/vocabularies/no_such_list' })).statusCode).toBe(404);
    const term = await t.inject({ url: '/api/v1/vocabularies/incident_kind/terms/no_such_kind' });
    expect(term.statusCode).toBe(404);
    const added = await addTerm('no_such_list', { code: 'x', labelEn: 'X', labelEs: 'X' });
    expect(added.statusCode).toBe(404);
  });

  it('answers a caller without credentials with 401', async () => {
    expect((await t.app.inject({ url: '/api/v1/vocabularies' })).statusCode).toBe(401);
  });
});
