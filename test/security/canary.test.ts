import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeJsonExport } from '../../src/modules/exports/json-export.js';
import type { ServiceContext } from '../../src/modules/records/service.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { post } from '../helpers/fixtures.js';
import { createSampleRefs, type SampleRefs, sampleBody } from '../helpers/samples.js';

/**
 * Confidential values planted in every kind of record must never reach a caller cleared only
 * for internal records: not in a response of any GET route, not in an error message, not in
 * an export, not in the server's log lines.
 */
const canaryFor = (what: string) => `Canary${what.replace(/[^a-z]/gi, '')}Zq`;
const CANARY_PATTERN = /Canary[A-Za-z]*Zq/;

describe('planted confidential values', () => {
  let t: TestApp;
  let refs: SampleRefs;
  const recordIds: { path: string; id: string }[] = [];

  beforeAll(async () => {
    t = await createTestApp({ publicMode: true });
    refs = await createSampleRefs(t);
    for (const service of t.services.registry.all()) {
      const { type, path, fields } = service.def;
      const body = sampleBody(type, refs);
      const planted = 'notes' in fields.shape ? { notes: canaryFor(type) } : {};
      for (const sensitivity of ['confidential', 'secret'] as const) {
        const record = await post(t, path, { ...body, ...planted, sensitivity });
        recordIds.push({ path, id: record.id });
      }
    }
    // Field-level secrets inside records the reader may see.
    const person = await post(t, 'people', {
      givenNames: 'Visible',
      sensitivity: 'internal',
      identifiers: [{ kind: 'a_number', value: canaryFor('anumber') }],
    });
    recordIds.push({ path: 'people', id: person.id });
    await post(t, 'people', { givenNames: canaryFor('name'), sensitivity: 'confidential' });
    const secretSource = await post(t, 'sources', {
      kind: 'ngo_report',
      title: canaryFor('source'),
      sensitivity: 'secret',
    });
    await post(t, 'citations', {
      recordType: 'person',
      recordId: person.id,
      sourceId: refs.sourceId,
      quote: canaryFor('quote'),
      sensitivity: 'confidential',
    });
    recordIds.push({ path: 'sources', id: secretSource.id });
  }, 120_000);
  afterAll(() => t.close());

  it('reach no internal-clearance reader through any GET route', async () => {
    const reader = await t.as('editor', 'internal');
    const bodies: string[] = [];
    for (const route of t.app.routeTable.filter(
      (r) => r.method === 'GET' && r.url.startsWith('/api/'),
    )) {
      const urls = route.url.includes(':id')
        ? recordIds
            .filter(({ path }) => route.url.includes(`/${path}/`))
            .map(({ id }) => route.url.replace(':id', id))
        : [route.url, `${route.url}?q=canary`];
      for (const url of urls.filter((u) => !u.includes(':'))) {
        const response = url.startsWith('/api/v1/public/')
          ? await t.app.inject({ url })
          : await reader({ url });
        bodies.push(`${url} → ${response.statusCode} ${response.body}`);
      }
    }
    expect(bodies.length).toBeGreaterThan(50);
    expect(bodies.filter((b) => CANARY_PATTERN.test(b))).toEqual([]);
  }, 120_000);

  it('reach nobody through an error message about a record they may not see', async () => {
    const reader = await t.as('editor', 'internal');
    const hidden = recordIds.find(({ path }) => path === 'people')!;
    const response = await reader({
      method: 'POST',
      url: '/api/v1/custody-events',
      payload: { personId: hidden.id, kind: 'detained' },
    });
    expect(response.statusCode).toBe(422);
    expect(response.body).not.toMatch(CANARY_PATTERN);
    expect(response.json().errors[0].reason).toMatch(/no person with id/);
  });

  it('reach no export made at a lower clearance', async () => {
    let exported = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        exported += String(chunk);
        done();
      },
    });
    const ctx: ServiceContext = {
      actor: { id: 'exporter', role: 'viewer', clearance: 'internal' },
    };
    await writeJsonExport(t.services, ctx, sink);
    expect(exported).toContain('"records"');
    expect(exported).toContain('Visible');
    expect(exported).not.toMatch(CANARY_PATTERN);
    const audited = await t.services.audit.list({ action: 'export.json', limit: 10 });
    expect(audited).toEqual([
      expect.objectContaining({ actor: 'exporter', action: 'export.json' }),
    ]);
  });

  it('never reach the log', () => {
    expect(t.logs.length).toBeGreaterThan(0);
    expect(JSON.stringify(t.logs)).not.toMatch(CANARY_PATTERN);
  });
});
