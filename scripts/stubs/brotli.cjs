// In place of brotli in the bundle: fontkit needs it only for WOFF2 fonts, which letters does not load.
module.exports = function decompress() {
  throw new Error('WOFF2 fonts are not supported: use the TTF or OTF file');
};
