import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { makePerson } from '../../../test/helpers/fixtures.js';

describe('people API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('creates a person and reads it back with a sortable id', async () => {
    const created = await makePerson(t, {
      birthDate: '1999',
      nationalities: ['ve'],
      aliases: ['Jerce Reyes'],
    });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.nationalities).toEqual(['VE']);
    const read = await t.inject({ url: `/api/v1/people/${created.id}` });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({
      givenNames: 'Jerce',
      familyNames: 'Reyes Barrios',
      birthDate: '1999',
      version: 1,
    });
  });
});
