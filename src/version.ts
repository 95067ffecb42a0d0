import { readFileSync } from 'node:fs';

/** Read once from package.json, which sits two levels up from both src/ and dist/ files. */
export const PACKAGE_VERSION: string = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
).version;
