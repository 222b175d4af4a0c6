import { deflateSync } from 'node:zlib';
import type { Font, Glyph } from 'fontkit';
import bidiModule, { type Bidi } from 'bidi-js';
import { arabicFace, faceRuns, type Face, type FontSet, type FontStyle } from '../layout/fonts.js';
import { ARABIC } from '../render/script.js';
import { stableHash } from '../render/variant.js';

/**
 * One font subset shared by every PDF a thread makes in a run. pdfkit subsets and compresses the
 * font again for every document, which is most of the cost of a one-page letter; here the subset
 * grows as letters bring glyphs, and is encoded again only when a letter brings a glyph not seen
 * before.
 *
 * Text shows each glyph by its number in the whole font (CID = glyph id), and the embedded subset
 * maps those to its own numbering (a CIDToGIDMap): pages written by different threads, each with
 * its own subset, can go into one PDF whose subset holds the glyphs of all of them.
 */

/** A word (pdfkit's unit: text up to and including a space) shaped. */
interface Shaped {
  /** Glyph ids (the CIDs), four hex digits each. */
  hex: string[];
  /** Kerning after each glyph, in thousandths of the font size (pdfkit's TJ adjustments). */
  kern: number[];
  /** Marks placed off the pen position (combining accents): their offsets, else undefined. */
  offsets?: { x: number; y: number }[];
  /** Pen advance of each glyph, in thousandths of the font size. */
  advance: number[];
}

/** What a document writes to embed the subset: built once per version of the subset. */
export interface Embedding {
  version: number;
  /** The subset font file, deflated, and its length before deflating. */
  fontFile: Buffer;
  length1: number;
  /** The ToUnicode CMap, deflated: copying text out of the PDF gives the letter's words. */
  toUnicode: Buffer;
  /** Glyph id -> subset glyph number, two bytes each, deflated. */
  cidToGid: Buffer;
  /**
   * The entries of the font's dictionaries written out once, without the references to other
   * objects (which differ from document to document): the font descriptor, the CID font (its W
   * array holds the widths of the glyphs shown, by glyph id) and the Type 0 font.
   */
  descriptor: string;
  cidFont: string;
  type0: string;
}

/** Words shaped before the cache is dropped: names and addresses add a few per letter. */
const MAX_WORDS = 2_000;
/** Whole lines as TJ operands: the template's sentences repeat from letter to letter. */
const MAX_LINES = 1_000;

/** fontkit's subset as it is (its type definitions are out of date). */
interface FontSubset {
  /** Font glyph ids in subset order. */
  glyphs: number[];
  includeGlyph(glyphId: number): number;
  encode(): Uint8Array;
}

/** The tables of the font file read here, missing from fontkit's type definitions. */
interface FontTables {
  head: { macStyle: { italic?: boolean } };
  post: { isFixedPitch?: number };
  'OS/2'?: { sFamilyClass?: number };
}

/** A number in a content stream, rounded as pdfkit rounds it. */
export const num = (v: number): string => String(Math.round(v * 1e6) / 1e6);

/** Glyphs a subset took in, with the characters each stands for: what another subset needs to show the same text. */
export type GlyphList = [glyphId: number, codePoints: number[]][];

export class SubsetFont {
  private subset!: FontSubset;
  private scale = 0;
  /** Width and characters of each glyph shown, by glyph id. */
  private readonly glyphs = new Map<number, { width: number; codePoints: number[] }>();
  /** Glyphs taken in since `takeNewGlyphs` was last asked. */
  private fresh: GlyphList = [];
  private words = new Map<string, Shaped>();
  private lines = new Map<string, string | null>();
  private version = 0;
  private built?: Embedding;

  private font?: Font;
  /** The Arabic subset that text of this style in Arabic script is shown in (a style's own subset). */
  arabic?: SubsetFont;

  constructor(
    private readonly fonts: FontSet,
    private readonly face: Face,
    /** The resource name in pages (`F1`). */
    readonly id: string,
  ) {
    // An Arabic font is read when a text first needs it.
    if (face !== 'arabic' && face !== 'arabicBold') this.open();
  }

  private open(): void {
    if (this.font) return;
    const font = (this.font = this.fonts.fonts[this.face]);
    this.subset = font.createSubset() as unknown as FontSubset;
    this.scale = 1000 / font.unitsPerEm;
    this.glyphs.set(0, { width: font.getGlyph(0).advanceWidth * this.scale, codePoints: [] });
  }

  /** Takes a glyph into the subset (once): its width, and the characters it stands for. */
  private take(glyphId: number, codePoints: () => number[]): void {
    this.open();
    if (this.glyphs.has(glyphId)) return;
    this.subset.includeGlyph(glyphId);
    const glyph = { width: this.font!.getGlyph(glyphId).advanceWidth * this.scale, codePoints: codePoints() };
    this.glyphs.set(glyphId, glyph);
    this.fresh.push([glyphId, glyph.codePoints]);
    this.version++;
  }

  /** The glyphs taken in since the last call, for a subset in another thread (`addGlyphs`). */
  takeNewGlyphs(): GlyphList {
    const fresh = this.fresh;
    this.fresh = [];
    return fresh;
  }

  /** Takes in glyphs another subset showed, so that a document embedding this one shows its text too. */
  addGlyphs(list: GlyphList): void {
    for (const [glyphId, codePoints] of list) this.take(glyphId, () => codePoints);
  }

  private shape(word: string): Shaped {
    let shaped = this.words.get(word);
    if (shaped) return shaped;
    const run = this.fonts.shape(word, this.face);
    shaped = { hex: [], kern: [], advance: [] };
    for (let i = 0; i < run.ids.length; i++) {
      const id = run.ids[i]!;
      this.take(id, () => this.codePointsOf(this.font!.getGlyph(id)));
      shaped.hex.push(id.toString(16).padStart(4, '0'));
      shaped.kern.push((run.xAdvance[i]! - run.ownAdvance[i]!) * this.scale);
      shaped.advance.push(run.xAdvance[i]! * this.scale);
      if (run.xOffset[i] || run.yOffset[i]) {
        shaped.offsets ??= run.ids.map(() => ({ x: 0, y: 0 }));
        shaped.offsets[i] = { x: run.xOffset[i]! * this.scale, y: run.yOffset[i]! * this.scale };
      }
    }
    if (this.words.size >= MAX_WORDS) this.words.clear();
    this.words.set(word, shaped);
    return shaped;
  }

  /**
   * The characters a glyph stands for, for copying text out of the PDF. fontkit caches glyph
   * objects, and one first met as a part of an accented letter while encoding the subset has no
   * characters recorded: the font's own map from characters to glyphs answers then.
   */
  private codePointsOf(glyph: Glyph): number[] {
    if (glyph.codePoints.length > 0) return glyph.codePoints;
    const strings = this.font!.stringsForGlyph(glyph.id);
    return strings.length > 0 ? [...strings[0]!].map((c) => c.codePointAt(0)!) : [];
  }

  /**
   * pdfkit's words: each ends after a space or tab, so widths measured by the layout match; and
   * after a no-break space, as the layout measures too (a date's "28\u00a0November\u00a02026",
   * different in each letter, would be shaped whole for every letter: its words are shaped once).
   */
  private shapeLine(text: string): Shaped[] {
    const out: Shaped[] = [];
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 0xa0 || c === 0x202f) {
        out.push(this.shape(text.slice(start, i + 1)));
        start = i + 1;
      }
    }
    if (start < text.length) out.push(this.shape(text.slice(start)));
    return out;
  }

  /**
   * The text-showing operators for `text` with its baseline at (x, y) in PDF space: a TJ array
   * with pdfkit's kerning, or for marks placed off the pen, a move to each such glyph.
   */
  show(text: string, size: number, x: number, y: number): string {
    if (this.arabic && ARABIC.test(text)) return this.showBidi(text, size, x, y);
    let tj = this.lines.get(text);
    if (tj === undefined) {
      const words = this.shapeLine(text);
      tj = words.some((w) => w.offsets) ? null : tjArray(words);
      if (this.lines.size >= MAX_LINES) this.lines.clear();
      this.lines.set(text, tj);
    }
    if (tj !== null) return `BT /${this.id} ${num(size)} Tf 1 0 0 1 ${num(x)} ${num(y)} Tm ${tj} ET\n`;
    return this.showPlaced(this.shapeLine(text), size, x, y);
  }

  /**
   * A line with text in Arabic script: cut into runs of one face and one direction (Unicode's
   * bidirectional algorithm, in a left-to-right letter), the runs put in the order they are seen
   * (an Arabic name reads from right to left, its words too; digits in it from left to right),
   * each shown in its face: an Arabic run in the Arabic subset, its letters joined.
   */
  private showBidi(text: string, size: number, x: number, y: number): string {
    const { levels } = (bidi ??= bidiFactory()).getEmbeddingLevels(text, 'ltr');
    const runs: { text: string; level: number; arabic: boolean }[] = [];
    let at = 0; // where the part starts in the line
    for (const part of faceRuns(text)) {
      let start = 0;
      for (let i = 1; i <= part.text.length; i++) {
        if (i < part.text.length && levels[at + i] === levels[at + start]) continue;
        const level = levels[at + start]!;
        let piece = part.text.slice(start, i);
        // A space or a stop between Arabic words is part of the right-to-left text: reversed, a bracket mirrored.
        if (level % 2 === 1 && !part.arabic) piece = [...piece].reverse().map((c) => bidi!.getMirroredCharacter(c) ?? c).join('');
        runs.push({ text: piece, level, arabic: part.arabic });
        start = i;
      }
      at += part.text.length;
    }
    // The runs in the order they are seen: each sequence at a level or above reversed, highest first.
    const top = Math.max(...runs.map((r) => r.level));
    for (let level = top; level >= 1; level--) {
      for (let i = 0; i < runs.length; i++) {
        if (runs[i]!.level < level) continue;
        let j = i;
        while (j + 1 < runs.length && runs[j + 1]!.level >= level) j++;
        runs.splice(i, j - i + 1, ...runs.slice(i, j + 1).reverse());
        i = j;
      }
    }
    const scale = size / 1000;
    let out = 'BT';
    let pen = x;
    for (const run of runs) {
      const subset = run.arabic ? this.arabic! : this;
      out += ` /${subset.id} ${num(size)} Tf`;
      for (const w of run.arabic ? [subset.shape(run.text)] : subset.shapeLine(run.text)) {
        for (let i = 0; i < w.hex.length; i++) {
          const off = w.offsets?.[i] ?? { x: 0, y: 0 };
          out += ` 1 0 0 1 ${num(pen + off.x * scale)} ${num(y + off.y * scale)} Tm <${w.hex[i]}> Tj`;
          pen += w.advance[i]! * scale;
        }
      }
    }
    return out + ' ET\n';
  }

  /** Text with marks off the pen (rare): every glyph moved into place on its own. */
  private showPlaced(words: Shaped[], size: number, x: number, y: number): string {
    const scale = size / 1000;
    let out = `BT /${this.id} ${num(size)} Tf`;
    let pen = x;
    for (const w of words) {
      for (let i = 0; i < w.hex.length; i++) {
        const off = w.offsets?.[i] ?? { x: 0, y: 0 };
        out += ` 1 0 0 1 ${num(pen + off.x * scale)} ${num(y + off.y * scale)} Tm <${w.hex[i]}> Tj`;
        pen += w.advance[i]! * scale;
      }
    }
    return out + ' ET\n';
  }

  /** The subset as it is now, ready to embed; rebuilt only when glyphs were added since. */
  embedding(): Embedding {
    this.open();
    if (this.built?.version === this.version) return this.built;
    const file = this.subset.encode();
    // The tag names this subset's glyph numbering, so no two different subsets share a name.
    const tag = subsetTag(`${this.id}:${this.subset.glyphs.join(',')}`);
    // Glyph id -> subset number, for every glyph in the subset (encode() adds the parts of composite glyphs).
    const map = Buffer.alloc(2 * (Math.max(...this.subset.glyphs) + 1));
    this.subset.glyphs.forEach((glyphId, gid) => map.writeUInt16BE(gid, 2 * glyphId));
    const font = this.font!;
    const baseFont = `${tag}+${(font.postscriptName ?? 'Font').replaceAll(' ', '_')}`;
    const bbox = font.bbox;
    const tables = font as unknown as FontTables;
    const s = this.scale;
    this.built = {
      version: this.version,
      fontFile: deflateSync(file),
      length1: file.length,
      toUnicode: deflateSync(Buffer.from(toUnicodeCmap(this.glyphs), 'latin1')),
      cidToGid: deflateSync(map),
      descriptor:
        `/Type /FontDescriptor /FontName /${baseFont}` +
        ` /Flags ${4 | (tables.head.macStyle.italic ? 1 << 6 : 0) | (tables.post.isFixedPitch ? 1 : 0) | serifFlag(tables)}` +
        ` /FontBBox [${[bbox.minX, bbox.minY, bbox.maxX, bbox.maxY].map((v) => num(v * s)).join(' ')}] /ItalicAngle ${num(font.italicAngle)}` +
        ` /Ascent ${num(font.ascent * s)} /Descent ${num(font.descent * s)}` +
        ` /CapHeight ${num((font.capHeight || font.ascent) * s)} /XHeight ${num((font.xHeight || 0) * s)} /StemV 0`,
      cidFont: `/Type /Font /Subtype /CIDFontType2 /BaseFont /${baseFont} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /W ${widthArray(this.glyphs)}`,
      type0: `/Type /Font /Subtype /Type0 /BaseFont /${baseFont} /Encoding /Identity-H`,
    };
    return this.built;
  }
}

function tjArray(words: Shaped[]): string {
  // Glyphs in runs, a kerning number between runs, as pdfkit writes them.
  let out = '[<';
  for (const w of words) {
    for (let i = 0; i < w.hex.length; i++) {
      out += w.hex[i];
      const k = w.kern[i]!;
      if (k !== 0) out += `> ${num(-k)} <`;
    }
  }
  return `${out}>] TJ`;
}

function serifFlag(font: FontTables): number {
  const familyClass = (font['OS/2']?.sFamilyClass ?? 0) >> 8;
  return (familyClass >= 1 && familyClass <= 7 ? 1 << 1 : 0) | (familyClass === 10 ? 1 << 3 : 0);
}

/** Six capitals naming a subset, as PDF wants for subset fonts. */
function subsetTag(key: string): string {
  let h = stableHash(key);
  let tag = '';
  for (let i = 0; i < 6; i++, h = Math.floor(h / 26)) tag += String.fromCharCode(65 + (h % 26));
  return tag;
}

/** `[id [w w w] id [w] ...]`: the widths of runs of consecutive glyph ids. */
function widthArray(glyphs: Map<number, { width: number }>): string {
  let out = '';
  let next = -1;
  for (const id of [...glyphs.keys()].sort((a, b) => a - b)) {
    out += id === next ? ' ' : `${next === -1 ? '' : '] '}${id} [`;
    out += num(glyphs.get(id)!.width);
    next = id + 1;
  }
  return `[${out}]]`;
}

function toUnicodeCmap(glyphs: Map<number, { codePoints: number[] }>): string {
  const hex = (v: number) => v.toString(16).padStart(4, '0');
  const entries: string[] = [];
  for (const [gid, { codePoints }] of [...glyphs].sort((a, b) => a[0] - b[0])) {
    if (codePoints.length === 0) continue;
    const utf16 = codePoints
      .map((cp) => (cp > 0xffff ? hex(0xd800 | ((cp - 0x10000) >> 10)) + hex(0xdc00 | ((cp - 0x10000) & 0x3ff)) : hex(cp)))
      .join('');
    entries.push(`<${hex(gid)}> <${utf16}>`);
  }
  let body = '';
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100);
    body += `${chunk.length} beginbfchar\n${chunk.join('\n')}\nendbfchar\n`;
  }
  return (
    '/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n' +
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n' +
    '/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n' +
    '1 begincodespacerange\n<0000><ffff>\nendcodespacerange\n' +
    body +
    'endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n'
  );
}

/** Unicode's bidirectional algorithm, made when a line in Arabic script first needs it. (The package's export is its factory: its type definitions say otherwise.) */
const bidiFactory = bidiModule as unknown as () => Bidi;
let bidi: Bidi | undefined;

const FACE_IDS: Record<Face, string> = { regular: 'F1', bold: 'F2', italic: 'F3', boldItalic: 'F4', arabic: 'F5', arabicBold: 'F6' };
const subsets = new WeakMap<FontSet, Record<Face, SubsetFont>>();

/** The shared subsets of a font set, one per face. */
export function subsetFonts(fonts: FontSet): Record<Face, SubsetFont> {
  let set = subsets.get(fonts);
  if (!set) {
    set = Object.fromEntries((Object.keys(FACE_IDS) as Face[]).map((face) => [face, new SubsetFont(fonts, face, FACE_IDS[face])])) as Record<Face, SubsetFont>;
    for (const style of ['regular', 'bold', 'italic', 'boldItalic'] as FontStyle[]) set[style].arabic = set[arabicFace(style)];
    subsets.set(fonts, set);
  }
  return set;
}
