/**
 * The Unicode blocks of Arabic script (Arabic, its Supplement, Extended-B and -A, and the
 * presentation forms): the letters set in the Arabic font, right to left, and the names read as
 * Arabic letters. (A module of its own: the names' code needs it without loading the fonts.)
 */
export const ARABIC_BLOCKS: readonly [first: number, last: number][] = [[0x600, 0x6ff], [0x750, 0x77f], [0x870, 0x8ff], [0xfb50, 0xfdff], [0xfe70, 0xfeff]];
const u = (cp: number) => `\\u${cp.toString(16).padStart(4, '0')}`;
/** A character of Arabic script. */
export const ARABIC = new RegExp(`[${ARABIC_BLOCKS.map(([first, last]) => `${u(first)}-${u(last)}`).join('')}]`);

/** A character outside ASCII: text without one has no letter of another script, no accent, nothing misread by an encoding. */
export const NOT_ASCII = /[^\0-\x7f]/;
