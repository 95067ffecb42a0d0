#!/usr/bin/env node
// The installed command runs the compiled CLI; `npm run build` (run by `npm start`) makes it.
// The bundle (dist/bundle) starts faster; the unbundled build (dist/cli) is the fallback.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/bundle/main.js', import.meta.url);
const entry = existsSync(bundle) ? bundle : new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('habeas: the compiled CLI is missing; run `npm run build` first.');
  process.exit(1);
}
const { run } = await import(entry.href);
process.exitCode = await run(process.argv.slice(2));
