// Run by `npm run build` after tsc: bundles the command line into dist/letters.cjs (see
// src/load.ts), then runs it on the sample campaign to make its V8 code cache.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const stub = (name) => path.join(root, 'scripts', 'stubs', name);
const { countryTables } = await import(pathToFileURL(path.join(dist, 'render', 'countries.js')).href);
// yargs' own string-width (8.x, ESM), wherever npm put it: what the stand-in loads (see stubs/string-width.cjs).
const stringWidth = (() => {
  for (const dir of [path.join(root, 'node_modules', 'yargs', 'node_modules', 'string-width'), path.join(root, 'node_modules', 'string-width')]) {
    let pkg;
    try {
      pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    const entry = typeof pkg.exports === 'string' ? pkg.exports : (pkg.exports?.default ?? pkg.exports?.['.']?.default ?? pkg.main ?? 'index.js');
    return path.join(dir, entry);
  }
  throw new Error('scripts/bundle.mjs: string-width (a dependency of yargs) is not installed: run npm ci');
})();
rmSync(path.join(dist, 'letters.cjs.cache'), { force: true });

await build({
  entryPoints: [path.join(root, 'src', 'bundle.ts')],
  outfile: path.join(dist, 'letters.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // piscina starts its threads from a file of its own, found beside its code; it is required
  // (a CommonJS package), as the bundle's own lazily loaded modules are.
  external: ['piscina'],
  supported: { 'dynamic-import': false },
  // Code letters never runs, whose loading costs every run: fontkit's WOFF2 decoder (brotli
  // builds a 120 KB dictionary at load, 50 ms) and pdfkit's encryption (AES tables, 20 ms).
  // tiny-inflate, in JavaScript, is replaced by the same inflate in Node's zlib (20 ms at load).
  alias: { 'string-width': stub('string-width.cjs'), 'brotli/decompress.js': stub('brotli.cjs'), '@noble/ciphers/aes': stub('aes.cjs'), 'tiny-inflate': stub('tiny-inflate.cjs') },
  // The country tables, made from Node's ICU data once here instead of in every run (70 ms).
  define: { 'import.meta.url': '__bundleUrl', LETTERS_COUNTRY_TABLES: JSON.stringify(JSON.stringify(countryTables())), LETTERS_STRING_WIDTH: JSON.stringify(stringWidth) },
  // "use strict" first: esbuild's own comes after the banner, where it would not count.
  banner: { js: `"use strict";\nvar __bundleUrl = require('node:url').pathToFileURL(__filename).href;` },
  // Without spaces and comments the bundle is read, checked and compiled sooner (names are kept:
  // messages and stack traces still read).
  minifyWhitespace: true,
  logLevel: 'error',
});
// src/load.ts reads an all-ASCII bundle as a one-byte string (half the time, and V8 compiles it
// sooner), any other as UTF-8. esbuild writes the letters of strings as escapes, not those of a
// regular expression or a template's raw text, so the build says where one is left (the tests
// fail on it too): write it in a string instead.
const bundled = readFileSync(path.join(dist, 'letters.cjs'), 'utf8');
const other = /[^\0-\x7f]/.exec(bundled);
if (other) {
  process.stderr.write(`scripts/bundle.mjs: dist/letters.cjs is not all ASCII ("${bundled.slice(other.index - 40, other.index + 10)}"): it loads slower\n`);
}

// The warm-up (warm-up.mjs): the sample campaign made into a temporary folder, the cache written
// at its end. Its environment is fixed: V8 accepts the cache only under the flags it was made with
// (no NODE_OPTIONS), and the work is the main thread's (no worker threads).
const out = mkdtempSync(path.join(tmpdir(), 'letters-build-'));
try {
  execFileSync(process.execPath, [path.join(root, 'scripts', 'warm-up.mjs'), out], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { PATH: process.env.PATH ?? '', LETTERS_WRITE_CODE_CACHE: '1', LETTERS_WORKERS: '0' },
  });
} finally {
  rmSync(out, { recursive: true, force: true });
}
