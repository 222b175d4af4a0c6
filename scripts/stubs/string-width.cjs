// In place of string-width in the bundle (every copy: yargs', cliui's, cli-progress's and
// wrap-ansi's): the same function, yargs' own version of it (found by the build,
// LETTERS_STRING_WIDTH), whose module is set up when a width is first asked for. Setting it up
// (an Intl.Segmenter and Unicode regular expressions) took 10-20 ms of every run; only help text,
// usage messages and the progress bar measure widths, and all call it as (text) => columns.
let real;

module.exports = function stringWidth(text, options) {
  real ??= require(LETTERS_STRING_WIDTH).default;
  return real(text, options);
};
