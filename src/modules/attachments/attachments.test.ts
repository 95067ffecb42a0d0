import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { makeSource } from '../../../test/helpers/fixtures.js';

/** A small but well-formed PDF: header, three objects, a cross-reference table and trailer. */
function minimalPdf(note = 'Habeas test filing'): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
  ];
  let body = `%PDF-1.4\n% ${note}\n`;
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A 1×1 PNG: signature, IHDR, IDAT and IEND chunks. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** The start of a 64-bit Linux executable. */
const ELF = Buffer.concat([
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]),
  Buffer.alloc(8),
  Buffer.from([0x02, 0x00, 0x3e, 0x00, 0x01, 0x00, 0x00, 0x00]),
  Buffer.alloc(200, 0x90),
]);

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface Part {
  name?: string;
  /** omitted: a plain form field rather than a file */
  filename?: string;
  /** omitted: no Content-Type header on the part */
  type?: string;
  content: Buffer | string;
}

/** A multipart/form-data body, built by hand so the test controls every byte and header. */
function multipartBody(parts: Part[]) {
  const boundary = `habeas-${randomUUID()}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = [`form-data; name="${part.name ?? 'file'}"`];
    if (part.filename !== undefined) disposition.push(`filename="${part.filename}"`);
    const headers = [`Content-Disposition: ${disposition.join('; ')}`];
    if (part.type) headers.push(`Content-Type: ${part.type}`);
    chunks.push(
      Buffer.from(`--${boundary}\r\n${headers.join('\r\n')}\r\n\r\n`, 'utf8'),
      Buffer.from(part.content),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

type Inject = TestApp['inject'];

/** Uploads as the test's administrator, or as whoever `via` sends requests for. */
function upload(via: TestApp | Inject, sourceId: string, ...parts: Part[]) {
  const inject = typeof via === 'function' ? via : via.inject;
  return inject({
    method: 'POST',
    url: `/api/v1/sources/${sourceId}/attachments`,
    ...multipartBody(parts),
  });
}

const download = (via: TestApp | Inject, sourceId: string, hash: string) =>
  (typeof via === 'function' ? via : via.inject)({
    url: `/api/v1/sources/${sourceId}/attachments/${hash}`,
  });

const readSource = async (t: TestApp, id: string) =>
  (await t.inject({ url: `/api/v1/sources/${id}` })).json() as {
    version: number;
    updatedBy: string;
    attachments?: { sha256: string; filename: string; mediaType: string; size: number }[];
  };

function expectProblem(response: LightMyRequestResponse, status: number, code?: string) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = response.json() as { status: number; code: string };
  expect(problem.status).toBe(status);
  expect(problem.code).toEqual(code ?? expect.any(String));
  return problem;
}

const attachmentsDir = (t: TestApp) => path.join(t.dataDir, 'attachments');
const blobPath = (t: TestApp, hash: string) => path.join(attachmentsDir(t), hash.slice(0, 2), hash);

/** Every file under the attachment store, temporary ones included, relative to it. */
async function storedFiles(t: TestApp): Promise<string[]> {
  try {
    const entries = await readdir(attachmentsDir(t), { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => path.relative(attachmentsDir(t), path.join(e.parentPath, e.name)))
      .sort();
  } catch {
    return [];
  }
}

describe('source attachments API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('stores an uploaded PDF under its SHA-256, lists it on the source and records a revision', async () => {
    const source = await makeSource(t, { kind: 'court_document', title: 'Habeas petition' });
    const pdf = minimalPdf();
    const response = await upload(t, source.id, {
      filename: 'petition.pdf',
      type: 'application/pdf',
      content: pdf,
    });

    expect(response.statusCode).toBe(201);
    const attachment = response.json();
    expect(attachment).toEqual({
      sha256: sha256(pdf),
      size: pdf.length,
      mediaType: 'application/pdf',
      filename: 'petition.pdf',
      uploadedAt: expect.any(String),
      uploadedBy: expect.any(String),
    });
    expect(await readFile(blobPath(t, sha256(pdf)))).toEqual(pdf);
    expect(await storedFiles(t)).toContain(path.join(sha256(pdf).slice(0, 2), sha256(pdf)));

    const after = await readSource(t, source.id);
    expect(after.attachments).toEqual([attachment]);
    expect(after.version).toBe(2);
    expect(attachment.uploadedBy).toBe(after.updatedBy);
    const history = await t.inject({ url: `/api/v1/sources/${source.id}/history` });
    const revisions = history.json().items as { version: number; reason: string | null }[];
    expect(revisions.map((r) => r.version)).toEqual(expect.arrayContaining([1, 2]));
    expect(revisions).toHaveLength(2);
    expect(revisions.find((r) => r.version === 2)?.reason).toBe('attached petition.pdf');
  });

  it('stores an uploaded PNG and serves back the identical bytes with their type and hash', async () => {
    const source = await makeSource(t, { kind: 'photo', title: 'Video still, transfer flight' });
    const created = await upload(t, source.id, {
      filename: 'still.png',
      type: 'image/png',
      content: PNG,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ sha256: sha256(PNG), mediaType: 'image/png' });
    expect(await readFile(blobPath(t, sha256(PNG)))).toEqual(PNG);

    const response = await download(t, source.id, sha256(PNG));
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload).toEqual(PNG);
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.headers['x-content-sha256']).toBe(sha256(PNG));
    expect(Number(response.headers['content-length'])).toBe(PNG.length);
    expect(response.headers['content-disposition']).toBe("attachment; filename*=UTF-8''still.png");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('stores the same file once and answers 200 when it is uploaded again', async () => {
    const source = await makeSource(t, { title: 'Duplicate upload' });
    const pdf = minimalPdf('uploaded twice');
    const first = await upload(t, source.id, {
      filename: 'a.pdf',
      type: 'application/pdf',
      content: pdf,
    });
    const second = await upload(t, source.id, {
      filename: 'b.pdf',
      type: 'application/pdf',
      content: pdf,
    });

    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual(first.json());
    const after = await readSource(t, source.id);
    expect(after.attachments).toHaveLength(1);
    expect(after.version).toBe(2);
    const copies = (await storedFiles(t)).filter((f) => f.endsWith(sha256(pdf)));
    expect(copies).toHaveLength(1);
  });

  it('stores bytes attached to two sources once and lists them on each', async () => {
    const pdf = minimalPdf('shared by two sources');
    const a = await makeSource(t, { title: 'Filing, first copy' });
    const b = await makeSource(t, { title: 'Filing, second copy' });
    expect((await upload(t, a.id, { filename: 'f.pdf', content: pdf })).statusCode).toBe(201);
    expect((await upload(t, b.id, { filename: 'f.pdf', content: pdf })).statusCode).toBe(201);

    expect((await readSource(t, a.id)).attachments?.map((x) => x.sha256)).toEqual([sha256(pdf)]);
    expect((await readSource(t, b.id)).attachments?.map((x) => x.sha256)).toEqual([sha256(pdf)]);
    expect((await storedFiles(t)).filter((f) => f.endsWith(sha256(pdf)))).toHaveLength(1);
  });

  it('accepts a PDF whose part has no content type, which multipart reads as text/plain', async () => {
    const source = await makeSource(t, { title: 'Uploaded by a script' });
    const pdf = minimalPdf('sent without a part content type');
    const response = await upload(t, source.id, { filename: 'filing.pdf', content: pdf });
    expect(response.statusCode).toBe(201);
    expect(response.json().mediaType).toBe('application/pdf');
  });

  it('reports a corrupted stored file as an integrity error and sends none of it', async () => {
    const source = await makeSource(t, { title: 'Corrupted on disk' });
    const pdf = minimalPdf('ORIGINAL-CONTENT-MARKER');
    const hash = sha256(pdf);
    expect((await upload(t, source.id, { filename: 'x.pdf', content: pdf })).statusCode).toBe(201);
    const tampered = Buffer.from(pdf.toString('latin1').replace('ORIGINAL', 'TAMPERED'), 'latin1');
    await writeFile(blobPath(t, hash), tampered);

    const response = await download(t, source.id, hash);
    const problem = expectProblem(response, 500, 'integrity_error');
    expect(JSON.stringify(problem)).toContain(hash);
    expect(response.body).not.toContain('CONTENT-MARKER');
    expect(response.body).not.toContain('%PDF');
    expect(response.headers['x-content-sha256']).toBeUndefined();
    expect(response.headers['content-disposition']).toBeUndefined();
  });

  it('reports a deleted stored file as an integrity error', async () => {
    const source = await makeSource(t, { title: 'Deleted from disk' });
    const pdf = minimalPdf('removed behind the server');
    expect((await upload(t, source.id, { filename: 'x.pdf', content: pdf })).statusCode).toBe(201);
    await rm(blobPath(t, sha256(pdf)));

    expectProblem(await download(t, source.id, sha256(pdf)), 500, 'integrity_error');
  });

  it('repairs a corrupted stored copy when the same bytes are uploaded again', async () => {
    const source = await makeSource(t, { title: 'Corrupted, then uploaded again' });
    const pdf = minimalPdf('to be repaired');
    const hash = sha256(pdf);
    expect((await upload(t, source.id, { filename: 'x.pdf', content: pdf })).statusCode).toBe(201);
    await writeFile(blobPath(t, hash), Buffer.from('not the filing any more'));
    expectProblem(await download(t, source.id, hash), 500, 'integrity_error');

    const again = await upload(t, source.id, { filename: 'x.pdf', content: pdf });
    expect(again.statusCode).toBe(200);
    const response = await download(t, source.id, hash);
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload).toEqual(pdf);
  });

  it('keeps every file when several are uploaded to one source at the same time', async () => {
    const source = await makeSource(t, { title: 'Concurrent uploads' });
    const files = [1, 2, 3].map((n) => minimalPdf(`concurrent upload ${n}`));
    const responses = await Promise.all(
      files.map((content, n) => upload(t, source.id, { filename: `${n}.pdf`, content })),
    );
    expect(responses.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    const listed = (await readSource(t, source.id)).attachments?.map((a) => a.sha256).sort();
    expect(listed).toEqual(files.map(sha256).sort());
  });

  it('accepts a plain-text file declared as text/plain', async () => {
    const source = await makeSource(t, { kind: 'interview_record', title: 'Transcript' });
    const text = Buffer.from('Declaración: fue trasladado al CECOT el 16 de marzo.\n', 'utf8');
    const response = await upload(t, source.id, {
      filename: 'transcript.txt',
      type: 'text/plain; charset=utf-8',
      content: text,
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ mediaType: 'text/plain', size: text.length });

    const served = await download(t, source.id, sha256(text));
    expect(served.statusCode).toBe(200);
    expect(served.rawPayload).toEqual(text);
    expect(served.headers['content-type']).toMatch(/^text\/plain/);
  });

  it('keeps a filename with accents and drops any directory from it', async () => {
    const source = await makeSource(t, { title: 'Named files' });
    const accented = await upload(t, source.id, {
      filename: 'Declaración jurada — Tribunal.pdf',
      content: minimalPdf('accented filename'),
    });
    expect(accented.statusCode).toBe(201);
    expect(accented.json().filename).toBe('Declaración jurada — Tribunal.pdf');
    const served = await download(t, source.id, accented.json().sha256);
    expect(served.headers['content-disposition']).toBe(
      `attachment; filename*=UTF-8''${encodeURIComponent('Declaración jurada — Tribunal.pdf')}`,
    );

    const traversal = await upload(t, source.id, {
      filename: '../../etc/passwd.pdf',
      content: minimalPdf('path in the filename'),
    });
    expect(traversal.statusCode).toBe(201);
    expect(traversal.json().filename).toBe('passwd.pdf');
  });

  describe('refusals, each leaving nothing behind', () => {
    let source: { id: string; version: number };
    let filesBefore: string[];
    beforeAll(async () => {
      source = await makeSource(t, { title: 'Target of refused uploads' });
    });

    async function expectNothingStored() {
      const after = await readSource(t, source.id);
      expect(after.attachments ?? []).toEqual([]);
      expect(after.version).toBe(source.version);
      expect(await storedFiles(t)).toEqual(filesBefore);
      expect((await storedFiles(t)).filter((f) => f.startsWith(`tmp${path.sep}`))).toEqual([]);
    }

    it('refuses an executable', async () => {
      filesBefore = await storedFiles(t);
      const response = await upload(t, source.id, {
        filename: 'evidence.pdf',
        type: 'application/octet-stream',
        content: ELF,
      });
      expectProblem(response, 415, 'unsupported_media_type');
      await expectNothingStored();
    });

    it('refuses binary content of no recognised kind', async () => {
      filesBefore = await storedFiles(t);
      const noise = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 151 + 7) % 256));
      const response = await upload(t, source.id, {
        filename: 'blob.bin',
        type: 'application/octet-stream',
        content: noise,
      });
      expectProblem(response, 415, 'unsupported_media_type');
      await expectNothingStored();
    });

    it('refuses a PNG declared as a PDF', async () => {
      filesBefore = await storedFiles(t);
      const response = await upload(t, source.id, {
        filename: 'filing.pdf',
        type: 'application/pdf',
        content: PNG,
      });
      const problem = expectProblem(response, 415, 'unsupported_media_type');
      expect(JSON.stringify(problem)).toContain('image/png');
      await expectNothingStored();
    });

    it('refuses bytes that are not text declared as text/plain', async () => {
      filesBefore = await storedFiles(t);
      const response = await upload(t, source.id, {
        filename: 'notes.txt',
        type: 'text/plain',
        content: Buffer.from([0x68, 0x69, 0x00, 0xff, 0xfe, 0x00]),
      });
      expectProblem(response, 415, 'unsupported_media_type');
      await expectNothingStored();
    });

    it('answers 404 for a source that does not exist', async () => {
      filesBefore = await storedFiles(t);
      const missing = '0193a6e4-7a52-7cc1-9d6a-3b0c2f1e4d5a';
      const response = await upload(t, missing, { filename: 'x.pdf', content: minimalPdf('404') });
      expectProblem(response, 404, 'not_found');
      await expectNothingStored();
    });

    it('answers 404 for a deleted source', async () => {
      const deleted = await makeSource(t, { title: 'Deleted source' });
      await t.inject({ method: 'DELETE', url: `/api/v1/sources/${deleted.id}` });
      filesBefore = await storedFiles(t);
      const response = await upload(t, deleted.id, { filename: 'x.pdf', content: minimalPdf('d') });
      expectProblem(response, 404, 'not_found');
      await expectNothingStored();
    });

    it('answers 400 for a malformed source id', async () => {
      filesBefore = await storedFiles(t);
      const response = await upload(t, 'not-an-id', { filename: 'x.pdf', content: minimalPdf() });
      expectProblem(response, 400, 'invalid');
      await expectNothingStored();
    });

    it('answers a JSON body with a problem, not a crash', async () => {
      filesBefore = await storedFiles(t);
      const response = await t.inject({
        method: 'POST',
        url: `/api/v1/sources/${source.id}/attachments`,
        payload: { file: 'JVBERi0xLjQK' },
      });
      expectProblem(response, 415, 'unsupported_media_type');
      await expectNothingStored();
    });

    it('answers 422 when the form holds no file', async () => {
      filesBefore = await storedFiles(t);
      const response = await upload(t, source.id, { name: 'note', content: 'no file here' });
      const problem = expectProblem(response, 422, 'invalid');
      expect(problem).toMatchObject({ errors: [{ field: 'file', code: 'file_required' }] });
      await expectNothingStored();
    });
  });

  describe('downloads that find nothing', () => {
    it('answers 404 for a hash that is not attached to the source', async () => {
      const source = await makeSource(t, { title: 'No attachments' });
      expectProblem(await download(t, source.id, sha256(Buffer.from('never uploaded'))), 404);
    });

    it('answers 404 for a file attached to a different source', async () => {
      const owner = await makeSource(t, { title: 'Owner of the file' });
      const other = await makeSource(t, { title: 'Not the owner' });
      const pdf = minimalPdf('belongs to one source');
      expect((await upload(t, owner.id, { filename: 'x.pdf', content: pdf })).statusCode).toBe(201);
      expectProblem(await download(t, other.id, sha256(pdf)), 404, 'not_found');
    });

    it('answers 400 for a malformed hash', async () => {
      const source = await makeSource(t, { title: 'Bad hash' });
      expectProblem(await download(t, source.id, 'ABC'), 400, 'invalid');
    });
  });
});

describe('source attachment size limit', () => {
  const LIMIT = 4096;
  let t: TestApp;
  beforeAll(async () => {
    // the JSON body limit is set below the upload limit: it must not govern uploads
    t = await createTestApp({ maxUploadBytes: LIMIT, maxBodyBytes: 1024 });
  });
  afterAll(() => t.close());

  /** A PDF of exactly `size` bytes: blank lines after the end marker, which readers ignore. */
  const pdfOfSize = (size: number) => {
    const pdf = minimalPdf('sized to the limit');
    return Buffer.concat([pdf, Buffer.alloc(size - pdf.length, '\n')]);
  };

  it('refuses a file over the configured limit with 413 and keeps nothing of it', async () => {
    const source = await makeSource(t, { title: 'Too large' });
    const response = await upload(t, source.id, {
      filename: 'large.pdf',
      type: 'application/pdf',
      content: pdfOfSize(LIMIT + 1),
    });
    expectProblem(response, 413, 'file_too_large');
    const after = await readSource(t, source.id);
    expect(after.attachments ?? []).toEqual([]);
    expect(after.version).toBe(1);
    expect(await storedFiles(t)).toEqual([]);
  });

  it('accepts a file of exactly the configured limit, larger than the JSON body limit', async () => {
    const source = await makeSource(t, { title: 'Just fits' });
    const pdf = pdfOfSize(LIMIT);
    const response = await upload(t, source.id, {
      filename: 'fits.pdf',
      type: 'application/pdf',
      content: pdf,
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ sha256: sha256(pdf), size: LIMIT });
  });
});

describe('source attachment permissions', () => {
  let t: TestApp;
  let source: { id: string; version: number };
  const pdf = minimalPdf('already attached');
  beforeAll(async () => {
    t = await createTestApp();
    source = await makeSource(t, { title: 'Filing under access control' });
    expect((await upload(t, source.id, { filename: 'x.pdf', content: pdf })).statusCode).toBe(201);
  });
  afterAll(() => t.close());

  async function expectRefusedUpload(via: Inject, status: number, code: string) {
    const before = await storedFiles(t);
    const response = await upload(via, source.id, {
      filename: 'y.pdf',
      content: minimalPdf('refused upload'),
    });
    expectProblem(response, status, code);
    const after = await readSource(t, source.id);
    expect(after.attachments?.map((a) => a.sha256)).toEqual([sha256(pdf)]);
    expect(await storedFiles(t)).toEqual(before);
  }

  it('refuses an upload from a caller who has not signed in', async () => {
    await expectRefusedUpload(t.app.inject.bind(t.app) as Inject, 401, 'unauthenticated');
  });

  it('refuses a download to a caller who has not signed in', async () => {
    const response = await download(t.app.inject.bind(t.app) as Inject, source.id, sha256(pdf));
    expectProblem(response, 401, 'unauthenticated');
    expect(response.body).not.toContain('already attached');
  });

  it('refuses an upload from a viewer', async () => {
    await expectRefusedUpload(await t.as('viewer', 'secret'), 403, 'forbidden');
  });

  it('refuses an upload through a read-only token', async () => {
    await expectRefusedUpload(await t.as('editor', 'secret', 'read'), 403, 'forbidden');
  });

  it('lets a viewer with clearance download an attachment', async () => {
    const response = await download(await t.as('viewer', 'internal'), source.id, sha256(pdf));
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload).toEqual(pdf);
  });

  it('answers 404 to a caller below the source’s clearance, for upload and download alike', async () => {
    const secret = await makeSource(t, { title: 'Secret filing', sensitivity: 'secret' });
    const secretPdf = minimalPdf('secret filing');
    expect((await upload(t, secret.id, { content: secretPdf, filename: 's.pdf' })).statusCode).toBe(
      201,
    );
    const contributor = await t.as('contributor', 'confidential');
    expectProblem(await download(contributor, secret.id, sha256(secretPdf)), 404, 'not_found');
    const attempt = await upload(contributor, secret.id, { filename: 'z.pdf', content: pdf });
    expectProblem(attempt, 404, 'not_found');
    expect((await readSource(t, secret.id)).attachments).toHaveLength(1);
  });
});
