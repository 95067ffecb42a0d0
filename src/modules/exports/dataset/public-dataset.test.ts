import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { post } from '../../../../test/helpers/fixtures.js';
import { createSampleRefs, type SampleRefs, sampleBody } from '../../../../test/helpers/samples.js';

/**
 * The public data set must hold nothing that is not public and consented to. Unique values are
 * planted in every record type and every kind of field at every non-public level (and in
 * public records whose subject did not consent), then every byte of the export (the zip as
 * sent, and each file inside it) is searched for them. Every public value must be there.
 */
const secret = (what: string) => `Hidden${what.replace(/[^a-z0-9]/gi, '')}Qx`;
const shown = (what: string) => `Shown${what.replace(/[^a-z0-9]/gi, '')}Vk`;

function textUpload(filename: string, content: string) {
  const boundary = 'datasetboundary';
  return {
    payload:
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
      `Content-Type: text/plain\r\n\r\n${content}\r\n--${boundary}--\r\n`,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe('public data set', () => {
  let t: TestApp;
  let refs: SampleRefs;
  const planted: string[] = [];
  const expected: string[] = [];
  let files: Record<string, string>;
  let zipBytes: Buffer;
  let anonymisedId: string;

  const hide = (what: string) => {
    const value = secret(what);
    planted.push(value);
    return value;
  };
  const show = (what: string) => {
    const value = shown(what);
    expected.push(value);
    return value;
  };

  beforeAll(async () => {
    t = await createTestApp();
    refs = await createSampleRefs(t);

    // Every record type, at every level above public, with a planted note.
    for (const service of t.services.registry.all()) {
      const { type, path, fields } = service.def;
      const noteField = 'notes' in fields.shape ? 'notes' : 'note';
      const consent =
        type === 'person'
          ? { consentToPublication: 'publish_named' }
          : type === 'testimony'
            ? { consentScope: 'publish_named' }
            : type === 'citation'
              ? // cite a record that is itself published (the sample person gave no consent)
                { recordType: 'source', recordId: refs.sourceId }
              : {};
      for (const sensitivity of ['internal', 'confidential', 'secret'] as const) {
        await post(t, path, {
          ...sampleBody(type, refs),
          ...consent,
          [noteField]: hide(`${type}${sensitivity}`),
          sensitivity,
        });
      }
      // …and a public one whose note must be published, and a deleted public one that must not.
      await post(t, path, {
        ...sampleBody(type, refs),
        ...consent,
        [noteField]: show(`${type}public`),
        sensitivity: 'public',
      });
      const gone = await post(t, path, {
        ...sampleBody(type, refs),
        ...consent,
        [noteField]: hide(`${type}deleted`),
        sensitivity: 'public',
      });
      await t.inject({ method: 'DELETE', url: `/api/v1/${path}/${gone.id}` });
    }

    const pub = { sensitivity: 'public' } as const;
    const secretSource = await post(t, 'sources', {
      kind: 'ngo_report',
      title: hide('secretsourcetitle'),
      sensitivity: 'secret',
    });
    const publicSource = await post(t, 'sources', {
      kind: 'news_article',
      title: show('publicsourcetitle'),
      ...pub,
    });
    // A public person who consented, with identifiers at several levels and citations of
    // both a public and a secret source, and a confidential citation quote.
    const named = await post(t, 'people', {
      givenNames: show('namedgiven'),
      aliases: [show('namedalias')],
      consentToPublication: 'publish_named',
      externalId: hide('externalid'),
      identifiers: [
        { kind: 'a_number', value: hide('anumberconfidential') },
        { kind: 'passport', value: hide('passportinternal'), sensitivity: 'internal' },
        { kind: 'cedula', value: show('cedulapublic'), sensitivity: 'public' },
      ],
      citations: [
        { sourceId: publicSource.id, locator: 'p. 2', quote: show('publicquote') },
        { sourceId: secretSource.id, locator: 'p. 9', quote: hide('quoteofsecretsource') },
      ],
      ...pub,
    });
    await post(t, 'citations', {
      recordType: 'person',
      recordId: named.id,
      sourceId: publicSource.id,
      quote: hide('confidentialquote'),
      sensitivity: 'confidential',
    });
    // Public records whose subject did not consent to publication.
    await post(t, 'people', {
      givenNames: hide('noconsentname'),
      consentToPublication: 'none',
      ...pub,
    });
    await post(t, 'people', {
      aliases: [hide('courtonlyalias')],
      consentToPublication: 'court_only',
      ...pub,
    });
    await post(t, 'people', { givenNames: hide('unknownconsent'), ...pub });
    const anonymised = await post(t, 'people', {
      givenNames: hide('anonymisedgiven'),
      familyNames: hide('anonymisedfamily'),
      aliases: [hide('anonymisedalias')],
      occupation: hide('anonymisedoccupation'),
      notes: hide('anonymisednotes'),
      identifiers: [{ kind: 'a_number', value: hide('anonymisedid'), sensitivity: 'public' }],
      birthDate: '1993-03-15',
      nationalities: ['VE'],
      consentToPublication: 'publish_anonymised',
      citations: [{ sourceId: publicSource.id, quote: hide('anonymisedquote') }],
      ...pub,
    });
    anonymisedId = anonymised.id;
    // Testimonies: transcripts and excerpts at their own levels, and consent scopes.
    await post(t, 'testimonies', {
      givenById: named.id,
      title: show('namedtestimonytitle'),
      consentScope: 'publish_named',
      transcript: { text: hide('confidentialtranscript') },
      excerpts: [
        { text: hide('internalexcerpt') },
        { text: show('publicexcerpt'), sensitivity: 'public' },
      ],
      ...pub,
    });
    await post(t, 'testimonies', {
      givenById: named.id,
      title: hide('internalconsenttitle'),
      consentScope: 'internal',
      transcript: { text: hide('transcriptwithoutconsent'), sensitivity: 'public' },
      ...pub,
    });
    await post(t, 'testimonies', {
      givenById: named.id,
      title: hide('courtonlytitle'),
      consentScope: 'court_only',
      ...pub,
    });
    await post(t, 'testimonies', {
      givenById: anonymised.id,
      title: hide('anonymisedtestimonytitle'),
      notes: hide('anonymisedtestimonynotes'),
      consentScope: 'publish_anonymised',
      transcript: { text: show('anonymisedtranscript'), sensitivity: 'public' },
      ...pub,
    });
    // Files: a confidential source's file must stay home, a public source's file travels.
    const confidentialSource = await post(t, 'sources', {
      kind: 'photo',
      title: hide('confidentialsourcetitle'),
      sensitivity: 'confidential',
    });
    const hiddenFile = hide('confidentialfilecontent');
    await t.inject({
      method: 'POST',
      url: `/api/v1/sources/${confidentialSource.id}/attachments`,
      ...textUpload(`${hide('confidentialfilename')}.txt`, hiddenFile),
    });
    const uploaded = await t.inject({
      method: 'POST',
      url: `/api/v1/sources/${publicSource.id}/attachments`,
      ...textUpload('public-note.txt', show('publicfilecontent')),
    });
    expect(uploaded.statusCode).toBe(201);

    const response = await t.inject({ url: '/api/v1/exports/public' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="habeas-public-data-\d{4}-\d{2}-\d{2}\.zip"$/,
    );
    zipBytes = response.rawPayload;
    files = Object.fromEntries(
      Object.entries(unzipSync(new Uint8Array(zipBytes))).map(([name, bytes]) => [
        name,
        Buffer.from(bytes).toString('utf8'),
      ]),
    );
  }, 120_000);
  afterAll(() => t.close());

  it('holds no planted value anywhere, compressed or not', () => {
    expect(planted.length).toBeGreaterThan(60);
    const everything = [
      zipBytes.toString('latin1'),
      zipBytes.toString('utf8'),
      ...Object.entries(files).map(([name, content]) => `${name}\n${content}`),
    ].join('\n');
    expect(planted.filter((value) => everything.includes(value))).toEqual([]);
  });

  it('holds every public, consented value', () => {
    const everything = Object.values(files).join('\n');
    expect(expected.filter((value) => !everything.includes(value))).toEqual([]);
  });

  it('describes itself as a Frictionless Data Package with a README', () => {
    const manifest = JSON.parse(files['datapackage.json']!);
    expect(manifest.profile).toBe('tabular-data-package');
    expect(manifest.licenses[0].name).toBe('LICENCE-NOT-YET-CHOSEN');
    const paths = manifest.resources.map((r: { path: string }) => r.path);
    for (const service of t.services.registry.all()) {
      expect(paths).toContain(`data/${service.def.path}.csv`);
    }
    for (const resource of manifest.resources) {
      const header = files[resource.path]!.split('\n')[0];
      expect(header).toBe(resource.schema.fields.map((f: { name: string }) => f.name).join(','));
      expect(header).not.toContain('externalId');
      expect(files[resource.path]!.trim().split('\n').length - 1).toBeGreaterThanOrEqual(
        resource.rows,
      );
    }
    expect(files['README.md']).toContain('Only records marked **public**');
    const attachment = Object.keys(files).find((name) => name.startsWith('attachments/'));
    expect(attachment).toMatch(/^attachments\/[0-9a-f]{64}\/public-note\.txt$/);
  });

  it('publishes an anonymised person without names, with the birth year only', () => {
    const row = files['data/people.csv']!.split('\n').find((line) => line.startsWith(anonymisedId));
    expect(row).toBeDefined();
    expect(row).toContain(',1993,');
    expect(row).toContain('publish_anonymised');
    expect(row).not.toContain('1993-03');
  });

  it('is for administrators only, and is on the audit log', async () => {
    const editor = await t.as('editor', 'secret');
    const refused = await editor({ url: '/api/v1/exports/public' });
    expect(refused.statusCode).toBe(403);
    const [entry] = await t.services.audit.list({ action: 'export.public', limit: 10 });
    expect(entry?.actor).toBe(t.ctx.actor.id);
    expect(entry?.details).toMatchObject({ attachments: 1, counts: { person: 3 } });
  });
});
