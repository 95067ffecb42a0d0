/**
 * Writes the web UI's typed client from the OpenAPI document:
 * `npm run generate:api` → web/src/api/openapi.d.ts (committed; test/web-api-types.test.ts
 * fails when it is stale).
 */
import { writeFile } from 'node:fs/promises';
import { API_TYPES_PATH, currentApiTypes } from '../test/helpers/api-types.js';

await writeFile(API_TYPES_PATH, await currentApiTypes());
console.log(`wrote ${API_TYPES_PATH.pathname}`);
