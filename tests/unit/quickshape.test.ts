import { describe, expect, it } from 'vitest';
import { loadFonts, shapeWithFontkit, type FontStyle } from '../../src/layout/fonts.js';
import { QuickShaper } from '../../src/layout/quickshape.js';

const fonts = loadFonts();
const STYLES: FontStyle[] = ['regular', 'bold', 'italic', 'boldItalic'];

// The letters' alphabets and then some: Latin with its extensions, combining marks, modifier
// letters (ʻ), Greek, Cyrillic, punctuation, and the fi/fl ligature characters themselves.
// And the font's private-use glyphs, some of which it classes as marks (U+F6D1).
const RANGES = [[0x20, 0x7e], [0xa0, 0x24f], [0x2b9, 0x2bf], [0x300, 0x36f], [0x370, 0x3ff], [0x400, 0x52f], [0x2010, 0x2027], [0x20ac, 0x20ac], [0xf6c4, 0xf6dc], [0xfb00, 0xfb04]] as const;
const CHARS = RANGES.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => String.fromCharCode(a + i)));
// Characters in ligatures, kerned pairs and composition rules, drawn more often.
const OFTEN = [...'ffiflijJTtVvWwYyAaLo.,тТуУгГΑΤΥ'];

/** The same random words each run. */
function* words(n: number): Generator<string> {
  let seed = 12345;
  const next = (m: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % m;
  };
  for (let k = 0; k < n; k++) {
    let w = '';
    for (let i = 1 + next(10); i > 0; i--) w += next(3) === 0 ? OFTEN[next(OFTEN.length)] : CHARS[next(CHARS.length)];
    yield next(2) ? `${w} ` : w;
  }
}

describe('quick shaping', () => {
  it('gives what fontkit gives for every word it shapes, in every style', () => {
    for (const style of STYLES) {
      const quick = new QuickShaper(fonts.fonts[style]);
      let shaped = 0;
      for (const w of words(20_000)) {
        const q = quick.shape(w);
        if (!q) continue;
        shaped++;
        expect(q, `${style} "${w}"`).toEqual(shapeWithFontkit(fonts.fonts[style], w));
      }
      expect(shaped).toBeGreaterThan(5_000); // the comparison covered many words
    }
  });

  it('shapes the plain words of names and addresses itself, and leaves ligatures and marks to fontkit', () => {
    const quick = new QuickShaper(fonts.fonts.regular);
    for (const w of ['Tashkent ', 'Шавкат ', 'Мирзиёев', 'Παπαδόπουλος ', "O'Brien ", 'Oʻtkir ', 'Ñúñez', '70123 ', 'AVAWAY']) {
      expect(quick.shape(w), w).toEqual(shapeWithFontkit(fonts.fonts.regular, w));
    }
    // "fi" is one glyph; "é" written as e and a combining accent is placed by the mark tables; the
    // font classes U+F6D1 as a mark, which fontkit sets at no width.
    for (const w of ['final ', 'office', 'Cafe\u0301 ', '\uf6d1']) expect(quick.shape(w), w).toBeUndefined();
  });
});
