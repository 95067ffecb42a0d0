import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import {
  makeOrganization,
  makePerson,
  makePlace,
  makeSource,
  post,
} from '../../../test/helpers/fixtures.js';
import { DossierService } from '../dossier/service.js';
import { dossierHtml } from './document.js';

const SECRET_ACCOUNT = 'The guards beat us every night in module 4';

async function pdfText(body: Buffer) {
  const pdf = await getDocumentProxy(new Uint8Array(body));
  const { text } = await extractText(pdf, { mergePages: true });
  const page = await pdf.getPage(1);
  return { text: text.replace(/\s+/g, ' '), pages: pdf.numPages, size: page.view.slice(2) };
}

describe('the printable person dossier', () => {
  let t: TestApp;
  let personId: string;
  let hiddenPersonId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const government = await makeOrganization(t);
    const cecot = await makePlace(t, { name: 'CECOT', operatorId: government.id });
    const source = await makeSource(t, {
      title: 'Surviving CECOT',
      publisher: 'PBS Frontline',
      url: 'https://www.pbs.org/wgbh/frontline/documentary/surviving-cecot/',
    });
    const person = await makePerson(t, {
      givenNames: 'Andry José',
      familyNames: 'Hernández Romero',
      notes: '<script>document.title="pwned"</script> make-up artist',
      citations: [{ sourceId: source.id, locator: '12:40', quote: 'I am not a gang member' }],
    });
    personId = person.id;
    await post(t, 'custody-events', {
      personId,
      kind: 'transferred',
      occurredAt: '2025-03-16',
      placeId: cecot.id,
      custodianId: government.id,
      citations: [{ sourceId: source.id, locator: '03:15' }],
    });
    await post(t, 'testimonies', {
      givenById: personId,
      title: 'Interview after release',
      consentScope: 'court_only',
      medium: 'interview',
      sensitivity: 'internal',
      transcript: { text: SECRET_ACCOUNT, sensitivity: 'confidential' },
    });
    const hidden = await makePerson(t, { familyNames: 'Sealed', sensitivity: 'confidential' });
    hiddenPersonId = hidden.id;
  }, 120_000);
  afterAll(() => t.close());

  it('escapes record text in the print HTML: a planted script is shown, never run', async () => {
    const dossier = await new DossierService(t.services).forPerson(t.ctx, personId);
    const page = dossierHtml(dossier, {
      generatedAt: '2025-06-01T00:00:00.000Z',
      requestedBy: 'Test <Admin>',
      clearance: 'secret',
      auditHead: { seq: 1, hash: 'a'.repeat(64) },
      lang: 'en',
    });
    expect(page).toContain('&lt;script&gt;document.title=&quot;pwned&quot;&lt;/script&gt;');
    expect(page).not.toContain('<script');
    expect(page).toContain('Test &lt;Admin&gt;');
  });

  it('prints the dossier as a PDF with its sources, page numbers and the audit head', {
    timeout: 120_000,
  }, async () => {
    const response = await t.inject({ url: `/api/v1/people/${personId}/dossier.pdf` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const { text, size } = await pdfText(response.rawPayload);
    expect(text).toContain('Hernández Romero');
    expect(text).toContain('CECOT');
    expect(text).toContain('Custody chain');
    expect(text).toContain('Surviving CECOT');
    expect(text).toContain('PBS Frontline');
    expect(text).toContain('I am not a gang member');
    expect(text).toMatch(/\[1\]/);
    expect(text).toMatch(/\[2\]/);
    expect(text).toMatch(/Page 1 of \d/);
    expect(text).toContain('<script>document.title'); // shown as text
    expect(text).toContain(SECRET_ACCOUNT); // the administrator may read the transcript
    expect(text).toContain('Test Admin');
    // A4 by default: 595 × 842 points, give or take Chromium's rounding to whole pixels
    expect(Math.abs((size[0] as number) - 595) < 2 && Math.abs((size[1] as number) - 842) < 2).toBe(
      true,
    );

    const items = await t.services.audit.list({ action: 'export.dossier_pdf', limit: 10 });
    const entry = items.find((e) => e.targetId === personId);
    expect(entry).toBeDefined();
    expect(text).toContain(`${entry?.seq}:${entry?.hash}`);
  });

  it('prints at the caller’s clearance, in Spanish on Letter paper', {
    timeout: 120_000,
  }, async () => {
    const viewer = await t.as('viewer', 'internal');
    const response = await viewer({
      url: `/api/v1/people/${personId}/dossier.pdf?lang=es&paper=letter`,
    });
    expect(response.statusCode).toBe(200);
    const { text, size } = await pdfText(response.rawPayload);
    expect(text).toContain('Hernández Romero');
    expect(text).toContain('Cadena de custodia');
    expect(text).toMatch(/Página 1 de \d/);
    expect(text).not.toContain(SECRET_ACCOUNT);
    expect(text).toContain('omitida con esta autorización');
    expect(size.map((n) => Math.round(n as number))).toEqual([612, 792]);
  });

  it('answers 404 for an unknown person and for one above the caller’s clearance', async () => {
    const unknown = await t.inject({
      url: '/api/v1/people/01900000-0000-7000-8000-000000000000/dossier.pdf',
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
    const viewer = await t.as('viewer', 'internal');
    const hidden = await viewer({ url: `/api/v1/people/${hiddenPersonId}/dossier.pdf` });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json()).toMatchObject({ code: 'not_found' });
  });

  it('rejects an unknown paper size or language, naming the parameter', async () => {
    const response = await t.inject({ url: `/api/v1/people/${personId}/dossier.pdf?paper=a3` });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toMatchObject({ field: 'paper', in: 'query' });
    const lang = await t.inject({ url: `/api/v1/people/${personId}/dossier.pdf?lang=fr` });
    expect(lang.statusCode).toBe(400);
    expect(lang.json().errors[0]).toMatchObject({ field: 'lang', in: 'query' });
  });

  it('refuses an anonymous caller', async () => {
    const response = await t.app.inject({ url: `/api/v1/people/${personId}/dossier.pdf` });
    expect(response.statusCode).toBe(401);
  });
});

describe('the printable dossier without Chromium', () => {
  let t: TestApp;
  const previous = process.env.HABEAS_CHROMIUM_PATH;
  beforeAll(async () => {
    process.env.HABEAS_CHROMIUM_PATH = '/nonexistent/chromium';
    t = await createTestApp();
  });
  afterAll(async () => {
    if (previous === undefined) delete process.env.HABEAS_CHROMIUM_PATH;
    else process.env.HABEAS_CHROMIUM_PATH = previous;
    await t.close();
  });

  it('answers 503 chromium_unavailable and records no export', async () => {
    const person = await makePerson(t);
    const response = await t.inject({ url: `/api/v1/people/${person.id}/dossier.pdf` });
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 503, code: 'chromium_unavailable' });
    expect(response.json().detail).toContain('/nonexistent/chromium');
    const items = await t.services.audit.list({ action: 'export.dossier_pdf', limit: 10 });
    expect(items).toEqual([]);
  });
});
