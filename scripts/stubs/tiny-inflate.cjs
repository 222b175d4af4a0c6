// In place of tiny-inflate in the bundle: the same raw inflate by Node's zlib. fontkit and
// unicode-properties inflate their Unicode tables when they load, 20 ms in JavaScript for every
// run and worker thread; zlib takes under 1 ms. Same results: the data inflated into `dest`, a
// copy of its first bytes when there were fewer.
const { inflateRawSync } = require('node:zlib');

module.exports = function inflate(source, dest) {
  const out = inflateRawSync(source);
  dest.set(out.length > dest.length ? out.subarray(0, dest.length) : out);
  return out.length < dest.length ? dest.slice(0, out.length) : dest;
};
