// Bundles the compiled server and CLI (dist/cli/main.js) into dist/bundle/, which bin/habeas.js
// runs. Node 20 resolves and loads each of the ~1,500 modules of an unbundled start one by one
// (kysely alone is 400 files); the bundle cut the time to a first /healthz by about a third.
//
// Left outside the bundle, loaded from node_modules as usual:
// - native addons (better-sqlite3, @node-rs/argon2) and pg, which is loaded only for PostgreSQL;
// - packages that read their own files at run time (pino's worker threads, i18n-iso-countries'
//   language files); Swagger UI is bundled and told where its page assets are (openapi.ts);
// - heavy packages that only a few routes or commands load, on first use (a browser driver, a
//   spreadsheet engine, HTML and date parsers, tar, file-type).
// Dynamic imports of the project's own modules become chunks, loaded when first imported.
// Size is no longer what a start costs: leaving zod's locales (267 kB) and the HURIDOCS seed
// (202 kB) out made the bundle 18 % smaller and the start no faster (2026-12-02: medians of 9
// starts 634 / 682 ms against 763 / 687 ms, in two rounds). V8 compiles functions when first
// called; of a 600 ms start, compiling the bundle's outline took about 100 ms, running its
// modules' top levels and the server's set-up most of the rest, garbage collection 80 ms.
import { build } from 'esbuild';

const EXTERNAL = [
  'better-sqlite3',
  '@node-rs/argon2',
  'pg',
  'pino',
  'thread-stream',
  'i18n-iso-countries',
  'playwright-core',
  'exceljs',
  'cheerio',
  'chrono-node',
  'file-type',
  'tar',
];

await build({
  entryPoints: { main: 'dist/cli/main.js' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  // Bundled CommonJS code calls require() for the packages left outside.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  // Parsing the bundle is a fifth of the start: minified, there is less of it to parse. The
  // source map keeps stack traces readable (node --enable-source-maps).
  minify: true,
  keepNames: true,
  sourcemap: 'linked',
  logLevel: 'warning',
});
