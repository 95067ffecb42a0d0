import { readFileSync } from 'node:fs';
import { PACKAGE_JSON } from './paths.js';

/** Read once from package.json. */
export const PACKAGE_VERSION: string = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')).version;
