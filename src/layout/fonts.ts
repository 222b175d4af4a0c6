import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as fontkit from 'fontkit';
import type { Font } from 'fontkit';
import { QuickShaper } from './quickshape.js';

export type FontStyle = 'regular' | 'bold' | 'italic' | 'boldItalic';

/** DejaVu Serif Condensed, shipped through npm: Latin with diacritics, ʻ (Uzbek), Cyrillic, Greek. */
const FILES: Record<FontStyle, string> = {
  regular: 'DejaVuSerifCondensed.ttf',
  bold: 'DejaVuSerifCondensed-Bold.ttf',
  italic: 'DejaVuSerifCondensed-Italic.ttf',
  boldItalic: 'DejaVuSerifCondensed-BoldItalic.ttf',
};

/** A chunk of text shaped by fontkit (kerning, marks), in font units: measured and drawn from the same. */
export interface ShapedChunk {
  advance: number;
  /** Per glyph: its id, its pen advance here (kerned), its own advance, and where it sits off the pen. */
  ids: number[];
  xAdvance: number[];
  ownAdvance: number[];
  xOffset: number[];
  yOffset: number[];
}

export interface FontSet {
  fonts: Record<FontStyle, Font>;
  /**
   * `chunk` (pdfkit's unit: text up to and including a space) shaped in `style`; cached, so the
   * layout that measures a word and the PDF that draws it shape it once.
   */
  shape(chunk: string, style: FontStyle): ShapedChunk;
  /** Width in points of `text` set in `style` at `size`, as pdfkit will lay it out. */
  width(text: string, style: FontStyle, size: number): number;
  /** Characters of `text` the font cannot print (they would come out blank). */
  missingGlyphs(text: string, style?: FontStyle): string[];
}

let shared: FontSet | undefined;

/** Parses the fonts once per process: re-reading them per document is what makes PDFs slow. */
export function loadFonts(): FontSet {
  if (shared) return shared;
  const require = createRequire(import.meta.url);
  const dir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  const fonts = {} as Record<FontStyle, Font>;
  for (const [style, file] of Object.entries(FILES) as [FontStyle, string][]) {
    fonts[style] = fontkit.create(readFileSync(path.join(dir, file))) as Font;
  }
  shared = makeFontSet(fonts);
  return shared;
}

/** Chunks shaped, per style: the template's words stay; names and addresses come and go. */
const MAX_CACHED_CHUNKS = 2_000;
/** Whole lines: the template's repeat, names and addresses do not; a small cache keeps the first. */
const MAX_CACHED_LINES = 5_000;

function makeFontSet(fonts: Record<FontStyle, Font>): FontSet {
  // Space-terminated chunks shaped, per style: pdfkit lays text out in the same chunks, so sums of
  // their widths equal what is drawn. Bounded so memory stays flat on long runs.
  const caches = new Map<FontStyle, Map<string, ShapedChunk>>();
  const quickShapers = new Map<FontStyle, QuickShaper>();
  // fontkit's getters and cmap lookups are slow: read each once.
  const unitsPerEm = Object.fromEntries(Object.entries(fonts).map(([k, f]) => [k, f.unitsPerEm])) as Record<FontStyle, number>;
  const lineWidths = new Map<string, number>();
  const printable = new Set<string>();
  // Per style and code point of the Basic Multilingual Plane: 0 not asked yet, 1 printable, 2 not.
  const glyphKnown = new Map<FontStyle, Uint8Array>();
  const hasGlyph = (style: FontStyle, cp: number) => {
    if (cp > 0xffff) return fonts[style].hasGlyphForCodePoint(cp);
    let known = glyphKnown.get(style);
    if (!known) glyphKnown.set(style, (known = new Uint8Array(0x10000)));
    if (known[cp] === 0) known[cp] = fonts[style].hasGlyphForCodePoint(cp) ? 1 : 2;
    return known[cp] === 1;
  };
  const shape = (chunk: string, style: FontStyle): ShapedChunk => {
    let cache = caches.get(style);
    if (!cache) caches.set(style, (cache = new Map()));
    let shaped = cache.get(chunk);
    if (shaped === undefined) {
      let quick = quickShapers.get(style);
      if (!quick) quickShapers.set(style, (quick = new QuickShaper(fonts[style])));
      shaped = quick.shape(chunk) ?? shapeWithFontkit(fonts[style], chunk);
      if (cache.size >= MAX_CACHED_CHUNKS) cache.clear();
      cache.set(chunk, shaped);
    }
    return shaped;
  };
  const chunkWidth = (style: FontStyle, chunk: string): number => shape(chunk, style).advance;
  return {
    fonts,
    shape,
    width(text, style, size) {
      // Whole lines repeat from letter to letter (the template's sentences): cache them too.
      const key = `${style}\u0000${text}`;
      let units = lineWidths.get(key);
      if (units === undefined) {
        units = 0;
        let start = 0;
        for (let i = 0; i < text.length; i++) {
          const c = text.charCodeAt(i);
          if (c === 32 || c === 9) {
            units += chunkWidth(style, text.slice(start, i + 1));
            start = i + 1;
          }
        }
        if (start < text.length) units += chunkWidth(style, text.slice(start));
        if (lineWidths.size >= MAX_CACHED_LINES) lineWidths.clear();
        lineWidths.set(key, units);
      }
      return (units * size) / unitsPerEm[style];
    },
    missingGlyphs(text, style = 'regular') {
      // The template's sentences come back in every letter: a text known printable is not read again.
      const key = `${style}\u0000${text}`;
      if (printable.has(key)) return [];
      let missing: Set<string> | undefined;
      for (let i = 0; i < text.length; i++) {
        const cp = text.codePointAt(i)!;
        if (cp > 0xffff) i++;
        if (cp < 0x20 || cp === 0x7f || hasGlyph(style, cp)) continue;
        (missing ??= new Set()).add(String.fromCodePoint(cp));
      }
      if (missing) return [...missing];
      if (printable.size >= MAX_CACHED_LINES) printable.clear();
      printable.add(key);
      return [];
    },
  };
}

/** `chunk` shaped by fontkit's OpenType pass (marks, ligatures, kerning). */
export function shapeWithFontkit(font: Font, chunk: string): ShapedChunk {
  const run = font.layout(chunk);
  const shaped: ShapedChunk = { advance: run.advanceWidth, ids: [], xAdvance: [], ownAdvance: [], xOffset: [], yOffset: [] };
  for (let i = 0; i < run.glyphs.length; i++) {
    const pos = run.positions[i]!;
    shaped.ids.push(run.glyphs[i]!.id);
    shaped.ownAdvance.push(run.glyphs[i]!.advanceWidth);
    shaped.xAdvance.push(pos.xAdvance);
    shaped.xOffset.push(pos.xOffset);
    shaped.yOffset.push(pos.yOffset);
  }
  return shaped;
}

/** `U+02BB ʻ` style name of a character, for messages. */
function describeChar(ch: string): string {
  const hex = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return `U+${hex} "${ch}"`;
}

/** `the font cannot print U+… "…", U+… "…"`, naming at most eight characters. */
export function cannotPrint(chars: readonly string[]): string {
  const named = chars.slice(0, 8).map(describeChar).join(', ');
  return `the font cannot print ${named}${chars.length > 8 ? ` and ${chars.length - 8} more` : ''}`;
}
