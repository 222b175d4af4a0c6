// Loads the command line's bundle (dist/letters.cjs, made by scripts/bundle.mjs from bundle.ts)
// with V8's code cache: one file compiled from its cached bytecode, instead of some 300 modules
// found, read and compiled one by one. Measured: half a second to load before, 0.15 s now; see
// docs/decisions.md.
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { keepHeapSmall } from './heap.js';

export type Bundle = typeof import('./bundle.js');

const file = fileURLToPath(new URL('./letters.cjs', import.meta.url));
let loaded: Bundle | undefined;
let cache: 'accepted' | 'rejected' | 'none' = 'none';

/**
 * The bundle's exports, loaded once per thread. Its first line names its build; the cache is
 * that build's, so a cache can never be applied to other code. V8 refuses a cache made for
 * another version of Node or other V8 flags; the bundle is then compiled as usual.
 */
export function loadBundle(): Bundle {
  if (loaded) return loaded;
  // A V8 flag, and V8 accepts a code cache only under the flags it was made with: it is set
  // before compiling, in the build's warm-up run as in every run.
  keepHeapSmall();
  const source = readFileSync(file, 'utf8'); // not all ASCII: esbuild leaves regular expressions as they are
  const build = /^\/\* letters build ([0-9a-f]+) \*\//.exec(source)?.[1] ?? 'none';
  const cacheFile = path.join(path.dirname(file), `letters-${build}.cache`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // no cache: compiled as usual
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  cache = cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'accepted';
  const module = { exports: {} as Bundle };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, path.dirname(file));
  // The build's warm-up run asks for the cache, made at its end: it then holds the code of every
  // function that run compiled, not only the top level.
  if (process.env.LETTERS_WRITE_CODE_CACHE === '1') {
    process.once('exit', () => {
      writeFileSync(`${cacheFile}.tmp`, script.createCachedData());
      renameSync(`${cacheFile}.tmp`, cacheFile);
    });
  }
  return (loaded = module.exports);
}

/** Whether this thread's bundle was compiled from the code cache (for the tests). */
export function codeCache(): typeof cache {
  return cache;
}
