import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from './harness.js';

/**
 * The first page must load on a slow connection: under 250 kB of compressed JavaScript. Pages
 * loaded on demand (records, admin, import) do not count; what index.html pulls in does.
 */
const BUDGET = 250 * 1024;

function firstPageScripts() {
  const html = readFileSync(path.join(ROOT, 'dist/web/index.html'), 'utf8');
  const sources = [
    ...html.matchAll(
      /<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g,
    ),
  ];
  return sources.map((match) => path.join(ROOT, 'dist/web', match[1] ?? ''));
}

describe('the built web app', () => {
  it('loads its first page with less than 250 kB of gzipped JavaScript', () => {
    ensureBuilt();
    const scripts = firstPageScripts();
    expect(scripts.length).toBeGreaterThan(0);
    const gzipped = scripts.reduce(
      (sum, file) => sum + gzipSync(readFileSync(file), { level: 9 }).length,
      0,
    );
    expect(gzipped).toBeLessThan(BUDGET);
  });

  it('keeps the record pages out of the first page', () => {
    ensureBuilt();
    const first = firstPageScripts()
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    // the forms' strings live in the lazily loaded chunk only
    expect(first).not.toContain('field.partialDateHint');
  });
});
