import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers/app.js';

describe('malformed requests', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ maxBodyBytes: 1024 * 1024 });
  });
  afterAll(() => t.close());

  async function peopleCount() {
    const row = await t.database.db
      .selectFrom('people')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it('answers a 50 MB JSON body with 413 and a problem body, writing nothing', async () => {
    const huge = JSON.stringify({ givenNames: 'x', notes: 'a'.repeat(50 * 1024 * 1024) });
    const response = await t.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: { 'content-type': 'application/json' },
      payload: huge,
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ status: 413, code: 'body_too_large' });
    expect(await peopleCount()).toBe(0);
  });

  it('answers a wrong content type with 415', async () => {
    const response = await t.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: { 'content-type': 'text/plain' },
      payload: 'givenNames=Jerce',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ code: 'unsupported_media_type' });
    const form = await t.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'givenNames=Jerce',
    });
    expect(form.statusCode).toBe(415);
    expect(await peopleCount()).toBe(0);
  });

  it('answers malformed JSON with 400', async () => {
    const response = await t.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: { 'content-type': 'application/json' },
      payload: '{"givenNames": "Jerce",',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'malformed_json' });
  });

  it('answers a body of the wrong shape with 422 naming the body', async () => {
    const response = await t.inject({
      method: 'POST',
      url: '/api/v1/people',
      payload: [1, 2, 3],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors[0]).toMatchObject({ in: 'body' });
  });

  it('refuses fields a client may not set, such as id or version', async () => {
    const response = await t.inject({
      method: 'POST',
      url: '/api/v1/people',
      payload: { givenNames: 'Jerce', id: '0193a6e4-7a52-7cc1-9d6a-3b0c2f1e4d5a', version: 9 },
    });
    expect(response.statusCode).toBe(422);
    expect(
      response
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['id', 'version']);
    expect(await peopleCount()).toBe(0);
  });

  it('answers an unknown path with a problem body, not HTML', async () => {
    const response = await t.inject({ url: '/api/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'not_found', requestId: expect.any(String) });
  });

  it('returns the request id in a header and on every log line of the request', async () => {
    const response = await t.inject({ url: '/healthz' });
    expect(response.statusCode).toBe(200);
    const requestId = response.headers['x-request-id'];
    expect(requestId).toBeTruthy();
    expect(t.logs.some((line) => line.reqId === requestId)).toBe(true);
  });

  it('never logs record content or search terms', async () => {
    const canary = 'Canaryname Zxqv';
    await t.inject({
      method: 'POST',
      url: '/api/v1/people',
      payload: { givenNames: canary, notes: 'confidential note zxqv', sensitivity: 'confidential' },
    });
    await t.inject({ url: `/api/v1/people?q=${encodeURIComponent(canary)}` });
    await t.inject({
      method: 'POST',
      url: '/api/v1/people',
      payload: { givenNames: canary, birthDate: 'zxqv-bad-date' },
    });
    const logged = JSON.stringify(t.logs);
    expect(t.logs.length).toBeGreaterThan(0);
    expect(logged.toLowerCase()).not.toContain('zxqv');
  });
});
