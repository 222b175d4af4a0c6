// In place of string-width in the bundle (yargs' copy and cliui's): the same function, whose
// module is set up when a width is first asked for. Setting it up (an Intl.Segmenter and Unicode
// regular expressions) took 10-20 ms of every run; only help text and usage messages measure
// widths. Both copies are yargs' (8.x; cliui's 7.x has the same call).
let real;

module.exports = function stringWidth(text, options) {
  real ??= require('../../node_modules/yargs/node_modules/string-width/index.js').default;
  return real(text, options);
};
