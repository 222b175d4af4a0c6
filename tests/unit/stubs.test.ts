import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

// The bundle's stand-ins for libraries (scripts/stubs), against the libraries themselves.
const require = createRequire(import.meta.url);
type Inflate = (source: Uint8Array, dest: Uint8Array) => Uint8Array;
const tinyInflate = require('tiny-inflate') as Inflate;
const zlibInflate = require('../../scripts/stubs/tiny-inflate.cjs') as Inflate;

describe('tiny-inflate by zlib', () => {
  it('gives what tiny-inflate gives, into a buffer of the right size, a larger or a smaller one', () => {
    for (let i = 0; i < 100; i++) {
      // Text-like data compresses (Huffman and back-references); random bytes go in stored blocks.
      const length = Math.floor(Math.random() * 70_000);
      const data = i % 3 === 0 ? randomBytes(length) : Buffer.from(Array.from({ length }, () => 'abcab '[Math.floor(Math.random() * 6)]).join(''));
      const packed = deflateRawSync(data, { level: i % 10 });
      for (const size of [length, length + 17, Math.floor(length / 2)]) {
        const ours = zlibInflate(packed, new Uint8Array(size));
        const theirs = tinyInflate(packed, new Uint8Array(size));
        expect(ours.length).toBe(theirs.length);
        expect(Buffer.from(ours).equals(Buffer.from(theirs))).toBe(true);
      }
    }
  });

  it('ignores what follows the end of the data, as unicode-trie needs (it inflates a padded buffer again)', () => {
    const data = Buffer.from('the same tables, twice packed '.repeat(50));
    const packed = deflateRawSync(data);
    const twice = deflateRawSync(Buffer.concat([packed, Buffer.alloc(40)]));
    const inflateTwice = (inflate: Inflate) => Buffer.from(inflate(inflate(twice, new Uint8Array(data.length)), new Uint8Array(data.length)));
    expect(inflateTwice(zlibInflate)).toEqual(data);
    expect(inflateTwice(tinyInflate)).toEqual(data);
  });
});
