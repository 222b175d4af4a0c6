import type { Font } from 'fontkit';
import type { ShapedChunk } from './fonts.js';

/**
 * Shaping a plain word without fontkit's whole OpenType pass, with the same result. fontkit's
 * `layout` costs 15-20 µs a word; a letter brings a few dozen words never seen before (names,
 * streets, dates), so their shaping was a tenth of a letter's cost. A word of plain letters in
 * this font is its characters' glyphs, each advanced by its width and the kerning with the next
 * one: that is done here, with each character and each pair asked of fontkit once. Anything else
 * (a mark, a glyph that a ligature or a language's form may replace, a character fontkit does not
 * set alone at its width, a pair kerned by more than an advance) is left to fontkit: `shape` says
 * undefined. tests/unit/quickshape.test.ts compares both on many random words in every style.
 */
export class QuickShaper {
  /** Per code point of the Basic Multilingual Plane: its glyph and width, or null when fontkit must shape it. */
  private readonly glyphs = new Map<number, { id: number; advance: number } | null>();
  /** Per pair of glyph ids: the kerning of the first and the second glyph's advances, or null. */
  private readonly pairs = new Map<number, readonly [number, number] | null>();
  /** Glyphs that a substitution fontkit makes by default may replace (ligatures, local forms). */
  private readonly replaced: Set<number>;

  constructor(private readonly font: Font) {
    this.replaced = substitutedGlyphs(font);
  }

  shape(chunk: string): ShapedChunk | undefined {
    const n = chunk.length;
    const ids: number[] = new Array(n);
    const xAdvance: number[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const g = this.glyph(chunk.charCodeAt(i));
      if (!g) return undefined;
      ids[i] = g.id;
      xAdvance[i] = g.advance;
    }
    const ownAdvance = xAdvance.slice();
    for (let i = 0; i + 1 < n; i++) {
      const kern = this.pair(ids[i]!, ids[i + 1]!, chunk, i);
      if (!kern) return undefined;
      xAdvance[i]! += kern[0];
      xAdvance[i + 1]! += kern[1];
    }
    let advance = 0;
    for (let i = 0; i < n; i++) advance += xAdvance[i]!;
    const zeros = new Array<number>(n).fill(0);
    return { advance, ids, xAdvance, ownAdvance, xOffset: zeros, yOffset: zeros.slice() };
  }

  private glyph(cp: number): { id: number; advance: number } | null {
    let g = this.glyphs.get(cp);
    if (g === undefined) {
      g = null;
      // Surrogates (characters beyond the plane), controls, marks and characters fontkit shows
      // as nothing (a soft hyphen, a zero-width space, a direction mark) go to fontkit.
      if ((cp < 0xd800 || cp > 0xdfff) && !SPECIAL.test(String.fromCharCode(cp))) {
        const glyph = this.font.glyphForCodePoint(cp);
        // fontkit must set the character alone as its glyph at its width: a glyph the font
        // classes as a mark (some private-use ones) it sets at no width.
        const alone = this.font.layout(String.fromCharCode(cp));
        const p = alone.positions[0];
        const plain = alone.glyphs.length === 1 && alone.glyphs[0]!.id === glyph.id && p!.xAdvance === glyph.advanceWidth && !p!.xOffset && !p!.yOffset;
        if (plain && glyph.id !== 0 && !this.replaced.has(glyph.id)) g = { id: glyph.id, advance: glyph.advanceWidth };
      }
      this.glyphs.set(cp, g);
    }
    return g;
  }

  private pair(first: number, second: number, chunk: string, i: number): readonly [number, number] | null {
    const key = first * 0x10000 + second;
    let kern = this.pairs.get(key);
    if (kern === undefined) {
      const run = this.font.layout(chunk.slice(i, i + 2));
      const [a, b] = run.positions;
      const plain = run.glyphs.length === 2 && run.glyphs[0]!.id === first && run.glyphs[1]!.id === second && !a!.xOffset && !a!.yOffset && !b!.xOffset && !b!.yOffset;
      kern = plain ? [a!.xAdvance - run.glyphs[0]!.advanceWidth, b!.xAdvance - run.glyphs[1]!.advanceWidth] : null;
      if (this.pairs.size >= MAX_PAIRS) this.pairs.clear();
      this.pairs.set(key, kern);
    }
    return kern;
  }
}

/** Pairs remembered: a campaign in three scripts meets a few thousand. */
const MAX_PAIRS = 50_000;
const SPECIAL = /[\p{Cc}\p{Cf}\p{M}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u;

/** fontkit's GSUB tables as read (its type definitions leave them out). */
interface Gsub {
  featureList: { tag: string; feature: { lookupListIndexes: number[] } }[];
  lookupList: { get(i: number): { lookupType: number; subTables: { coverage?: Coverage; extension?: { coverage?: Coverage } }[] } };
}
type Coverage = { glyphs?: number[]; rangeRecords?: { start: number; end: number }[] };

/**
 * The glyphs that begin a ligature, have a local form or are composed or decomposed, in the
 * substitutions fontkit applies by default. (The font's contextual composition rules, which
 * replace i and j before an accent, apply only before marks, and a word with a mark goes to fontkit.)
 */
function substitutedGlyphs(font: Font): Set<number> {
  const out = new Set<number>();
  const gsub = (font as unknown as { GSUB?: Gsub }).GSUB;
  for (const { tag, feature } of gsub?.featureList ?? []) {
    if (!['ccmp', 'liga', 'clig', 'rlig', 'calt', 'rclt', 'locl'].includes(tag)) continue;
    for (const index of feature.lookupListIndexes) {
      const lookup = gsub!.lookupList.get(index);
      if (tag === 'ccmp' && (lookup.lookupType === 5 || lookup.lookupType === 6)) continue;
      for (const table of lookup.subTables) {
        const coverage = table.coverage ?? table.extension?.coverage;
        coverage?.glyphs?.forEach((g) => out.add(g));
        for (const r of coverage?.rangeRecords ?? []) for (let g = r.start; g <= r.end; g++) out.add(g);
      }
    }
  }
  return out;
}
