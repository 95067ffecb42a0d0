import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The project's folders. Found by walking up from this module to the folder holding package.json,
 * rather than by a fixed number of `../`: the same code runs from src/ (tsx), from dist/ (tsc)
 * and from the bundled server in dist/bundle/ (esbuild), each at a different depth.
 */
function projectRoot(): URL {
  let dir = new URL('./', import.meta.url);
  while (!existsSync(fileURLToPath(new URL('package.json', dir)))) {
    const parent = new URL('../', dir);
    if (parent.href === dir.href) throw new Error('cannot find the project folder (package.json)');
    dir = parent;
  }
  return dir;
}

const ROOT = projectRoot();

export const PACKAGE_JSON = new URL('package.json', ROOT);
export const EXAMPLES_DIR = new URL('examples/', ROOT);
