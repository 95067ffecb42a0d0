import type { TestApp } from './app.js';

/** Small builders for records the tests need as context, made through the API itself. */
export async function post(t: TestApp, path: string, body: unknown) {
  const response = await t.inject({
    method: 'POST',
    url: `/api/v1/${path}`,
    payload: body as object,
  });
  if (response.statusCode !== 201) {
    throw new Error(`POST ${path} answered ${response.statusCode}: ${response.body}`);
  }
  return response.json() as Record<string, unknown> & { id: string; version: number };
}

export const makePerson = (t: TestApp, body: Record<string, unknown> = {}) =>
  post(t, 'people', { givenNames: 'Jerce', familyNames: 'Reyes Barrios', ...body });

export const makeOrganization = (t: TestApp, body: Record<string, unknown> = {}) =>
  post(t, 'organizations', {
    name: 'Government of El Salvador',
    kind: 'government',
    country: 'SV',
    ...body,
  });

export const makePlace = (t: TestApp, body: Record<string, unknown> = {}) =>
  post(t, 'places', { name: 'CECOT', kind: 'prison', country: 'SV', ...body });

export const makeSource = (t: TestApp, body: Record<string, unknown> = {}) =>
  post(t, 'sources', {
    kind: 'video',
    title: 'Surviving CECOT',
    publisher: 'PBS Frontline',
    publishedAt: '2025',
    ...body,
  });
