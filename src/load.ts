// Loads the command line's bundle (dist/letters.cjs, made by scripts/bundle.mjs from bundle.ts)
// with V8's code cache: one file compiled from its cached bytecode, instead of some 300 modules
// found, read and compiled one by one. Measured: 0.45-0.6 s to load `render` before, 0.15-0.2 s
// now; see docs/decisions.md.
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { isMainThread } from 'node:worker_threads';
import { keepHeapSmall } from './heap.js';

export type Bundle = typeof import('./bundle.js');

const file = fileURLToPath(new URL('./letters.cjs', import.meta.url));
const cacheFile = `${file}.cache`;
/** A cache file starts with the SHA-256 of the bundle and the cache after it. */
const SUM = 32;
let loaded: Bundle | undefined;
let cache: 'accepted' | 'rejected' | 'none' = 'none';

/** The checksum a cache file starts with: of the bundle it was made from and of the cache itself. */
function checksum(source: Buffer, data: Buffer): Buffer {
  return createHash('sha256').update(source).update(data).digest();
}

/**
 * The bundle's exports, loaded once per thread. V8 checks only a cache's header and the length of
 * the code it was made from: a cache whose bytes are damaged can crash the process, and one made
 * for other code of the same length runs that code. So the cache is used only when its checksum
 * matches the bundle as it is now and the cache as read (4 ms); V8 itself refuses a cache made by
 * another version of Node or under other V8 flags. Otherwise the bundle is compiled as usual.
 */
export function loadBundle(): Bundle {
  if (loaded) return loaded;
  // A V8 flag, and V8 accepts a code cache only under the flags it was made with: it is set
  // before compiling, in the build's warm-up run as in every run.
  keepHeapSmall();
  const bytes = readFileSync(file);
  let cachedData: Buffer | undefined;
  try {
    const stored = readFileSync(cacheFile);
    const data = stored.subarray(SUM);
    if (stored.length > SUM && checksum(bytes, data).equals(stored.subarray(0, SUM))) cachedData = data;
  } catch {
    // no cache: compiled as usual
  }
  // All ASCII, as the build makes it: read as a one-byte string, in half the time of UTF-8.
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  cache = cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'accepted';
  const module = { exports: {} as Bundle };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, path.dirname(file));
  // The build's warm-up run asks for the cache, made at its end: it then holds the code of every
  // function that run compiled, not only the top level.
  if (process.env.LETTERS_WRITE_CODE_CACHE === '1' && isMainThread) {
    process.once('exit', () => {
      const data = script.createCachedData();
      writeFileSync(`${cacheFile}.tmp`, Buffer.concat([checksum(bytes, data), data]));
      renameSync(`${cacheFile}.tmp`, cacheFile);
    });
  }
  return (loaded = module.exports);
}

/** Whether this thread's bundle was compiled from the code cache (for the tests). */
export function codeCache(): typeof cache {
  return cache;
}
