import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerErrorHandling } from './errors.js';
import { registerWebApp } from './web-app.js';

describe('the web app at /', () => {
  let root: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'habeas-web-'));
    mkdirSync(path.join(root, 'assets'));
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Habeas</title>');
    writeFileSync(path.join(root, 'assets', 'index-abc.js'), 'export {};');
    app = Fastify();
    registerErrorHandling(app);
    await registerWebApp(app, root);
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves index.html at / and for the app’s own pages, uncached', async () => {
    for (const url of ['/', '/people/0193a6e4-7a52-7cc1-9d6a-3b0c2f1e4d5a?q=x']) {
      const response = await app.inject({ url, headers: { accept: 'text/html' } });
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('<title>Habeas</title>');
      expect(response.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed assets with a long cache life', async () => {
    const response = await app.inject({ url: '/assets/index-abc.js' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toContain('immutable');
  });

  it('answers unknown API paths and missing assets with a problem, not the page', async () => {
    for (const url of ['/api/v1/no-such-thing', '/assets/gone.js']) {
      const response = await app.inject({ url });
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('leads to the API reference when no UI has been built', async () => {
    const bare = Fastify();
    await registerWebApp(bare, path.join(root, 'missing'));
    const response = await bare.inject({ url: '/' });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/api/v1/docs');
    await bare.close();
  });
});
