import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { API_TYPES_PATH, currentApiTypes } from './helpers/api-types.js';

describe('the web UI’s typed API client', () => {
  it('matches the OpenAPI document (run `npm run generate:api` after changing the API)', async () => {
    const committed = await readFile(API_TYPES_PATH, 'utf8');
    expect(committed === (await currentApiTypes())).toBe(true);
  });
});
