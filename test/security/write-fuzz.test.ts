import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createSampleRefs, type SampleRefs, sampleBody } from '../helpers/samples.js';

/**
 * Property: whatever body a client sends to any write endpoint, the server answers with a
 * client error or success — never a 500 — and a refused write leaves no trace: no row, no
 * revision, no audit entry. Runs over every registered record type.
 */

const CANARY = 'Fuzzcanary-7c1d';
const ALLOWED = new Set([200, 201, 400, 403, 404, 409, 413, 415, 422]);

/** Bodies near the valid one (a field replaced or added) as well as arbitrary JSON. */
function bodies(valid: Record<string, unknown>) {
  const fields = Object.keys(valid);
  const nearValid = fc
    .record({
      key: fc.oneof(
        fc.constantFrom(...fields, 'sensitivity', 'citations', 'id', 'version'),
        fc.string(),
      ),
      value: fc.oneof(
        fc.anything(),
        fc.constantFrom(null, '', '2025-13-40', 'x'.repeat(30_000), -1, 1e308, [], {}, CANARY),
      ),
    })
    .map(({ key, value }) => ({ ...valid, [key]: value }));
  return fc.oneof(nearValid, fc.anything(), fc.dictionary(fc.string(), fc.jsonValue()));
}

describe('write endpoints under malformed input', () => {
  let t: TestApp;
  let refs: SampleRefs;
  beforeAll(async () => {
    t = await createTestApp();
    refs = await createSampleRefs(t);
    // A planted confidential value: no refused write may echo it back.
    await t.inject({
      method: 'POST',
      url: '/api/v1/people',
      payload: { givenNames: 'Planted', identifiers: [{ kind: 'a_number', value: CANARY }] },
    });
  }, 60_000);
  afterAll(() => t.close());

  async function footprint() {
    const count = async (table: string) =>
      Number(
        (
          await t.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return { revisions: await count('revisions'), audit: await count('audit_log') };
  }

  it('never answers 500, never writes part of a refused request, never leaks', async () => {
    const viewer = await t.as('editor', 'internal');
    for (const service of t.services.registry.all()) {
      const base = `/api/v1/${service.def.path}`;
      const valid = sampleBody(service.def.type, refs);
      const created = await t.inject({ method: 'POST', url: base, payload: valid });
      expect(created.statusCode, `${service.def.type} sample`).toBe(201);
      const targetId = created.json().id as string;

      await fc.assert(
        fc.asyncProperty(bodies(valid), fc.boolean(), async (body, patch) => {
          const before = await footprint();
          const response = await viewer({
            method: patch ? 'PATCH' : 'POST',
            url: patch ? `${base}/${targetId}` : base,
            headers: { 'content-type': 'application/json' },
            payload: JSON.stringify(body) ?? 'null',
          });
          expect(ALLOWED.has(response.statusCode), `${response.statusCode} ${response.body}`).toBe(
            true,
          );
          expect(response.body).not.toContain('Planted');
          if (response.statusCode >= 400) {
            expect(await footprint()).toEqual(before);
            expect(response.headers['content-type']).toContain('application/problem+json');
            expect(response.body).not.toMatch(/\n\s+at |node_modules|\.ts:\d/);
          }
        }),
        { numRuns: 40, seed: 20251124 + service.def.type.length },
      );
    }
  }, 600_000);
});
