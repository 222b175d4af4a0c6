import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as fontkit from 'fontkit';
import type { Font } from 'fontkit';
import { QuickShaper } from './quickshape.js';
import { ARABIC, ARABIC_BLOCKS } from '../render/script.js';

/** The styles text is set in. */
export type FontStyle = 'regular' | 'bold' | 'italic' | 'boldItalic';
/** The fonts a PDF shows: a style's own, and the Arabic its text in Arabic script is set in. */
export type Face = FontStyle | 'arabic' | 'arabicBold';

/** DejaVu Serif Condensed, shipped through npm: Latin with diacritics, ʻ (Uzbek), Cyrillic, Greek. */
const FILES: Record<FontStyle, string> = {
  regular: 'DejaVuSerifCondensed.ttf',
  bold: 'DejaVuSerifCondensed-Bold.ttf',
  italic: 'DejaVuSerifCondensed-Italic.ttf',
  boldItalic: 'DejaVuSerifCondensed-BoldItalic.ttf',
};
/**
 * DejaVu Sans's Arabic (Arabic, Persian), read when a text in Arabic script is first met; Arabic
 * has no italics. Its letters' joining forms are whole glyphs, each standing for one letter, so
 * text copied out of the PDF is the letters written (Noto Naskh draws a letter as a dotless form
 * and its dots: "ش" would copy as "س").
 */
const ARABIC_FILES = { arabic: 'DejaVuSans.ttf', arabicBold: 'DejaVuSans-Bold.ttf' } as const;

/** The Arabic face for text in `style`. */
export const arabicFace = (style: FontStyle): Face => (style === 'bold' || style === 'boldItalic' ? 'arabicBold' : 'arabic');

/**
 * Characters set in the Arabic face: the Arabic blocks (letters, marks, Arabic-Indic digits,
 * the Arabic comma) and their presentation forms. Everything else (spaces, Latin digits and
 * punctuation) is set in the style's own font.
 */
const isArabic = (cp: number) => cp >= 0x600 && ARABIC_BLOCKS.some(([first, last]) => cp >= first && cp <= last);
/** Arabic-Indic digits (and their separators), which read left to right inside Arabic. */
const ARABIC_NUMBER = /^[\u0660-\u066c\u06f0-\u06f9]+$/;

/**
 * A line cut where the face changes: text in Arabic script, and the rest. (Words are cut at
 * spaces before: an Arabic word is one run, shaped whole so that its letters join.)
 */
export function faceRuns(text: string): { text: string; arabic: boolean }[] {
  const runs: { text: string; arabic: boolean }[] = [];
  let start = 0;
  let arabic = isArabic(text.charCodeAt(0));
  for (let i = 1; i <= text.length; i++) {
    const now = i < text.length && isArabic(text.charCodeAt(i));
    if (i === text.length || now !== arabic) {
      runs.push({ text: text.slice(start, i), arabic });
      start = i;
      arabic = now;
    }
  }
  return runs;
}

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
  /** The fonts of each face (the Arabic ones read when first asked for). */
  fonts: Record<Face, Font>;
  /**
   * `chunk` (pdfkit's unit: text up to and including a space) shaped in `face`; cached, so the
   * layout that measures a word and the PDF that draws it shape it once. In an Arabic face, Arabic
   * letters come in the order they are drawn (right to left), Arabic-Indic digits left to right.
   * A chunk in a style with Arabic in it is measured only (its advance, in the style's units: no
   * glyphs): a line holding it is drawn run by run (see SubsetFont).
   */
  shape(chunk: string, face: Face): ShapedChunk;
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
  const fonts = {} as Record<Face, Font>;
  for (const [style, file] of Object.entries(FILES) as [FontStyle, string][]) {
    fonts[style] = fontkit.create(readFileSync(path.join(dir, file))) as Font;
  }
  for (const [face, file] of Object.entries(ARABIC_FILES) as [Face, string][]) {
    let font: Font | undefined;
    Object.defineProperty(fonts, face, {
      enumerable: true,
      get: () => (font ??= fontkit.create(readFileSync(path.join(dir, file))) as Font),
    });
  }
  shared = makeFontSet(fonts);
  return shared;
}

const LATIN1 = /^[\x20-\x7e\xa0-\xff]*$/;

/** Chunks shaped, per style: the template's words stay; names and addresses come and go. */
const MAX_CACHED_CHUNKS = 2_000;
/** Whole lines: the template's repeat, names and addresses do not; a small cache keeps the first. */
const MAX_CACHED_LINES = 5_000;

function makeFontSet(fonts: Record<Face, Font>): FontSet {
  // Space-terminated chunks shaped, per face: pdfkit lays text out in the same chunks, so sums of
  // their widths equal what is drawn. Bounded so memory stays flat on long runs.
  const caches = new Map<Face, Map<string, ShapedChunk>>();
  const quickShapers = new Map<Face, QuickShaper>();
  // fontkit's getters and cmap lookups are slow: read each once (an Arabic face's when first asked).
  const units = new Map<Face, number>();
  const unitsPerEm = (face: Face) => units.get(face) ?? units.set(face, fonts[face].unitsPerEm).get(face)!;
  // By style, then by the text itself: a text is hashed once (V8 keeps a string's hash), not once
  // more for each key made of it.
  const lineWidths = new Map<FontStyle, Map<string, number>>();
  let widthsKept = 0;
  const printable = new Map<FontStyle, Set<string>>();
  let printableKept = 0;
  // Per face and code point of the Basic Multilingual Plane: 0 not asked yet, 1 printable, 2 not.
  const glyphKnown = new Map<Face, Uint8Array>();
  const hasGlyph = (face: Face, cp: number) => {
    if (cp > 0xffff) return fonts[face].hasGlyphForCodePoint(cp);
    let known = glyphKnown.get(face);
    if (!known) glyphKnown.set(face, (known = new Uint8Array(0x10000)));
    if (known[cp] === 0) known[cp] = fonts[face].hasGlyphForCodePoint(cp) ? 1 : 2;
    return known[cp] === 1;
  };
  const latin1Known = new Map<Face, boolean>();
  const hasLatin1 = (face: Face) => {
    let all = latin1Known.get(face);
    if (all === undefined) {
      all = true;
      for (let cp = 0x20; cp <= 0xff && all; cp++) all = (cp >= 0x7f && cp < 0xa0) || hasGlyph(face, cp);
      latin1Known.set(face, all);
    }
    return all;
  };
  const shapeNew = (chunk: string, face: Face): ShapedChunk => {
    if (face === 'arabic' || face === 'arabicBold') return shapeWithFontkit(fonts[face], chunk, ARABIC_NUMBER.test(chunk) ? 'ltr' : 'rtl');
    if (ARABIC.test(chunk)) {
      // Measured run by run, each in its face, in this style's units.
      let advance = 0;
      for (const run of faceRuns(chunk)) {
        const f = run.arabic ? arabicFace(face) : face;
        advance += (shape(run.text, f).advance * unitsPerEm(face)) / unitsPerEm(f);
      }
      return { advance, ids: [], xAdvance: [], ownAdvance: [], xOffset: [], yOffset: [] };
    }
    let quick = quickShapers.get(face);
    if (!quick) quickShapers.set(face, (quick = new QuickShaper(fonts[face])));
    return quick.shape(chunk) ?? shapeWithFontkit(fonts[face], chunk);
  };
  const shape = (chunk: string, face: Face): ShapedChunk => {
    let cache = caches.get(face);
    if (!cache) caches.set(face, (cache = new Map()));
    let shaped = cache.get(chunk);
    if (shaped === undefined) {
      shaped = shapeNew(chunk, face);
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
      let widths = lineWidths.get(style);
      if (!widths) lineWidths.set(style, (widths = new Map()));
      let units = widths.get(text);
      if (units === undefined) {
        units = 0;
        let start = 0;
        for (let i = 0; i < text.length; i++) {
          const c = text.charCodeAt(i);
          if (c === 32 || c === 9 || c === 0xa0 || c === 0x202f) {
            units += chunkWidth(style, text.slice(start, i + 1));
            start = i + 1;
          }
        }
        if (start < text.length) units += chunkWidth(style, text.slice(start));
        if (widthsKept++ >= MAX_CACHED_LINES) {
          lineWidths.forEach((m) => m.clear());
          widthsKept = 0;
        }
        widths.set(text, units);
      }
      return (units * size) / unitsPerEm(style);
    },
    missingGlyphs(text, style = 'regular') {
      // The template's sentences come back in every letter: a text known printable is not read again.
      let known = printable.get(style);
      if (!known) printable.set(style, (known = new Set()));
      if (known.has(text)) return [];
      // Text in the printable characters of Latin-1 (most addresses, and the template's sentences
      // with a date's no-break spaces): printable when the face has all of them.
      if (LATIN1.test(text) && hasLatin1(style)) return [];
      let missing: Set<string> | undefined;
      for (let i = 0; i < text.length; i++) {
        const cp = text.codePointAt(i)!;
        if (cp > 0xffff) i++;
        if (cp < 0x20 || cp === 0x7f || (isArabic(cp) ? hasGlyph(arabicFace(style), cp) : hasGlyph(style, cp))) continue;
        (missing ??= new Set()).add(String.fromCodePoint(cp));
      }
      if (missing) return [...missing];
      if (printableKept++ >= MAX_CACHED_LINES) {
        printable.forEach((set) => set.clear());
        printableKept = 0;
      }
      known.add(text);
      return [];
    },
  };
}

/** `chunk` shaped by fontkit's OpenType pass (marks, ligatures, kerning; Arabic's joining forms, right to left). */
export function shapeWithFontkit(font: Font, chunk: string, direction?: 'ltr' | 'rtl'): ShapedChunk {
  const run = direction ? font.layout(chunk, undefined, undefined, undefined, direction) : font.layout(chunk);
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
