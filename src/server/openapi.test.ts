import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers/app.js';
import { API_DOCS_PATH } from './openapi.js';

interface Operation {
  operationId?: string;
  requestBody?: { required?: boolean; content: Record<string, { schema?: JsonObject }> };
  responses: Record<string, { content?: Record<string, { schema?: JsonObject }> }>;
}
type JsonObject = Record<string, unknown>;
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonObject> };
}

const RECORD_PATHS = [
  '/api/v1/people',
  '/api/v1/organizations',
  '/api/v1/places',
  '/api/v1/custody-events',
  '/api/v1/sources',
  '/api/v1/citations',
];

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

const operations = (document: OpenApiDocument) =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.has(method))
      .map(([method, operation]) => ({ path, method, operation })),
  );

/** Every Schema Object in the document: the components and those inline in the operations. */
function schemaObjects(document: OpenApiDocument): { where: string; schema: JsonObject }[] {
  const found = Object.entries(document.components.schemas).map(([name, schema]) => ({
    where: `#/components/schemas/${name}`,
    schema,
  }));
  const visit = (value: unknown, where: string) => {
    if (typeof value !== 'object' || value === null) return;
    for (const [key, child] of Object.entries(value)) {
      if (key === 'schema' && typeof child === 'object' && child !== null) {
        found.push({ where: `${where}/schema`, schema: child as JsonObject });
      } else {
        visit(child, `${where}/${key}`);
      }
    }
  };
  visit(document.paths, '#/paths');
  return found;
}

describe('OpenAPI document', () => {
  let t: TestApp;
  /** the document as served, and the same read through the shape these tests look at */
  let served: Record<string, unknown>;
  let document: OpenApiDocument;
  beforeAll(async () => {
    t = await createTestApp();
    const response = await t.inject({ url: '/api/v1/openapi.json' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    served = response.json();
    document = response.json();
  });
  afterAll(() => t.close());

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(served);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(document.openapi).toMatch(/^3\.1\./);
  });

  // OpenAPI 3.1 hands Schema Objects to JSON Schema 2020-12, and the validator above checks the
  // document's structure only: each schema is checked here against the 2020-12 meta-schema.
  it('holds only schemas that are valid JSON Schema 2020-12', () => {
    const ajv = new Ajv2020({ strict: false });
    const invalid = schemaObjects(document).flatMap(({ where, schema }) =>
      ajv.validateSchema(schema) ? [] : [`${where}: ${ajv.errorsText(ajv.errors)}`],
    );
    expect(invalid).toEqual([]);
    expect(schemaObjects(document).length).toBeGreaterThan(RECORD_PATHS.length * 3);
  });

  it('lists and creates every record type, each operation with an operationId', () => {
    for (const path of RECORD_PATHS) {
      expect(document.paths[path], path).toBeDefined();
      expect(document.paths[path]?.get?.operationId, `GET ${path}`).toMatch(/^list[A-Z]/);
      expect(document.paths[path]?.post?.operationId, `POST ${path}`).toMatch(/^create[A-Z]/);
    }
  });

  it('gives every record type a history', () => {
    for (const path of RECORD_PATHS) {
      const history = document.paths[`${path}/{id}/history`]?.get;
      expect(history?.operationId, `${path}/{id}/history`).toMatch(/^get[A-Za-z]+History$/);
      expect(Object.keys(history?.responses ?? {})).toContain('200');
    }
  });

  it('names each operation uniquely', () => {
    const ids = operations(document).map(({ operation }) => operation.operationId);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('describes records and problems as named component schemas', () => {
    const { schemas } = document.components;
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(['Person', 'Problem', 'Source']));
    expect(schemas.Problem).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['status', 'code', 'title']),
    });
    expect(document.paths['/api/v1/people']?.post?.requestBody?.content).toHaveProperty(
      'application/json',
    );
  });

  it('resolves every reference to a component that exists', () => {
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    const missing = refs.filter(
      (ref) => !document.components.schemas[ref.replace('#/components/schemas/', '')],
    );
    expect(missing).toEqual([]);
  });

  it('documents error responses as application/problem+json, as they are sent', () => {
    const errors = operations(document).flatMap(({ path, method, operation }) =>
      Object.entries(operation.responses)
        .filter(([status]) => Number(status) >= 400)
        .map(([status, response]) => ({ at: `${method} ${path} ${status}`, response })),
    );
    expect(errors.length).toBeGreaterThan(0);
    const wrong = errors
      .filter(({ response }) => !response.content?.['application/problem+json'])
      .map(({ at }) => at);
    expect(wrong).toEqual([]);
  });

  it('documents the attachment upload as a multipart form with one file', () => {
    const upload = document.paths['/api/v1/sources/{id}/attachments']?.post;
    expect(upload?.operationId).toBe('uploadSourceAttachment');
    expect(upload?.requestBody).toMatchObject({
      required: true,
      content: {
        'multipart/form-data': {
          schema: { type: 'object', required: ['file'], properties: { file: { type: 'string' } } },
        },
      },
    });
    expect(Object.keys(upload?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '201', '404', '413', '415']),
    );
  });

  it('documents the attachment download as the file and its integrity error', () => {
    const download = document.paths['/api/v1/sources/{id}/attachments/{sha256}']?.get;
    expect(download?.operationId).toBe('downloadSourceAttachment');
    expect(download?.responses['200']).toMatchObject({
      content: { '*/*': { schema: { type: 'string' } } },
      headers: { 'x-content-sha256': expect.any(Object) },
    });
    expect(download?.responses['500']?.content?.['application/problem+json']).toBeDefined();
  });
});

describe('API reference page', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** Follows redirects as a browser would; answers with the last response and its URL. */
  async function browse(url: string): Promise<{ response: LightMyRequestResponse; url: URL }> {
    let location = new URL(url, 'http://localhost');
    for (let hops = 0; hops < 5; hops++) {
      const response = await t.inject({ url: location.pathname + location.search });
      if (response.statusCode < 300 || response.statusCode >= 400) {
        return { response, url: location };
      }
      location = new URL(String(response.headers.location), location);
    }
    throw new Error(`more than five redirects from ${url}`);
  }

  it('answers with an HTML page', async () => {
    const { response } = await browse(API_DOCS_PATH);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toMatch(/<html/i);
  });

  it('loads every script, style and icon from this server, none from a CDN', async () => {
    const { response, url } = await browse(API_DOCS_PATH);
    const assets = [...response.body.matchAll(/\b(?:src|href)\s*=\s*["']([^"']+)["']/gi)].map(
      (m) => m[1]!,
    );
    expect(assets.length).toBeGreaterThan(0);
    expect(assets.filter((asset) => /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(asset))).toEqual([]);
    expect(response.body).not.toMatch(/https?:\/\/|\/\/(?:cdn|unpkg|jsdelivr)/i);
    for (const asset of assets) {
      const loaded = await browse(new URL(asset, url).href);
      expect(loaded.response.statusCode, asset).toBe(200);
      expect(loaded.url.host).toBe('localhost');
    }
  });

  it('shows the same document that /api/v1/openapi.json serves', async () => {
    const shown = await browse(`${API_DOCS_PATH}/json`);
    const served = await t.inject({ url: '/api/v1/openapi.json' });
    expect(shown.response.statusCode).toBe(200);
    expect(shown.response.json()).toEqual(served.json());
  });
});
