import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { API_DOCS_PATH } from './openapi.js';

/**
 * `npm run build` puts the UI in dist/web; the compiled server runs from dist/server and the
 * bundled one from dist/bundle, both beside it. Run from src/ (tests, `npm run dev`) there is no
 * UI here, on purpose: see below.
 */
export const WEB_ROOT = fileURLToPath(new URL('../web/', import.meta.url));

/**
 * Serves the built web UI at `/`. Hashed assets are cached for good; every other path that is
 * not the API is the single-page app's own route, so it gets index.html (never cached, so a
 * new build is picked up at once). Without a build — the API tests, `npm run dev` — the front
 * door leads to the API reference instead.
 */
export async function registerWebApp(app: FastifyInstance, root = WEB_ROOT) {
  if (!existsSync(`${root}/index.html`)) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply.redirect(API_DOCS_PATH),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: false,
    schemaHide: true,
    setHeaders(reply, path) {
      reply.header(
        'cache-control',
        path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  // Any other GET outside the API is one of the app's own pages (/people/…): answer with
  // index.html and let the app route it. Unknown API and asset paths stay problem+json 404s.
  const page = { schema: { hide: true } };
  app.get('/', page, async (_request, reply) =>
    reply.header('cache-control', 'no-cache').sendFile('index.html'),
  );
  app.get('/*', page, async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (path.startsWith('/api/') || path.startsWith('/assets/')) return reply.callNotFound();
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
