import { setImmediate as nextTurn } from 'node:timers/promises';
import { createHash } from 'node:crypto';
import { createWriteStream, openSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import { arabicFace, type Face, type FontSet } from '../layout/fonts.js';
import { ARABIC } from '../render/script.js';
import type { LaidOutLetter, PageItem, TextItem } from '../layout/layout.js';
import { num, subsetFonts, type Embedding, type GlyphList, type SubsetFont } from './pdffont.js';

type Doc = InstanceType<typeof PDFDocument>;

export interface PdfMeta {
  title: string;
  subject?: string;
}

/**
 * A pdfkit document written as it goes (a bundle, print's PDFs; see PdfStream), whose text is set
 * with the run's shared font subsets (see pdffont.ts): pdfkit writes the file's structure, pages
 * and streams; the text operators and the font are ours. A single letter's PDF is written whole
 * by `letterPdf` instead.
 */
class LetterDocument {
  readonly doc: Doc;
  private readonly subsets: Record<Face, SubsetFont>;
  /** The font dictionary of each face used so far, written when the document ends. */
  private readonly used = new Map<Face, PdfObjectRef>();
  /** The forms written so far: their object numbers, by name (see RepeatedLines). */
  private readonly forms = new Map<string, number>();
  /**
   * The resources of every page: the document's fonts and forms, in two dictionaries written when
   * it ends. Each page names them instead of listing its own (a page draws a few dozen forms).
   */
  private readonly fontDictionary: PdfObjectRef;
  private readonly formDictionary: PdfObjectRef;
  /** Every page's resources: one object, naming the two dictionaries. */
  private readonly pageResources: PdfObjectRef;
  /** The page tree's dictionary: its list of pages, and their count. */
  private readonly pageTree: { id: number; data: { Kids: PageList; Count: number } };

  constructor(fonts: FontSet, meta: PdfMeta) {
    // `font: null`: pdfkit loads no font of its own.
    this.doc = new PDFDocument({
      autoFirstPage: false,
      margin: 0,
      font: null as unknown as string,
      info: { Title: meta.title, Subject: meta.subject ?? '', Creator: 'letters', Producer: 'letters (pdfkit)' },
    });
    coalesceWrites(this.doc);
    this.pageTree = (this.doc as unknown as { _root: { data: { Pages: LetterDocument['pageTree'] } } })._root.data.Pages;
    this.pageTree.data.Kids = new PageList();
    this.subsets = subsetFonts(fonts);
    this.fontDictionary = this.ref({});
    this.formDictionary = this.ref({});
    this.pageResources = this.ref(new PdfText(`<< /ProcSet [/PDF /Text] /Font ${this.fontDictionary.id} 0 R /XObject ${this.formDictionary.id} 0 R >>`));
    this.pageResources.end();
  }

  /**
   * Adds a page encoded by `encodePage`, here or in another thread (its glyphs given to
   * `addGlyphs` first): its content and its dictionary, written at once. (pdfkit's own pages
   * cost a third more objects, each converted from a dictionary: 19 µs a page, a tenth of the
   * main thread's time in a bundle.)
   */
  encodedPage(page: EncodedPage): void {
    for (const style of page.styles) this.fontRef(style);
    if (page.forms) for (const form of page.forms) this.writeForm(form);
    const content = this.ref({ Filter: 'FlateDecode' });
    content.end(page.content);
    const { width, height } = page.size;
    const dictionary = this.ref(new PdfText(`<< /Type /Page /Parent ${this.pageTree.id} 0 R /MediaBox [0 0 ${num(width)} ${num(height)}] /Contents ${content.id} 0 R /Resources ${this.pageResources.id} 0 R >>`));
    dictionary.end();
    this.pageTree.data.Kids.push({ id: dictionary.id, gen: 0 });
    this.pageTree.data.Count++;
  }

  /** Glyphs that pages encoded in another thread show (see SubsetFont.takeNewGlyphs). */
  addGlyphs(glyphs: NewGlyphs): void {
    for (const [face, list] of Object.entries(glyphs) as [Face, GlyphList][]) this.subsets[face].addGlyphs(list);
  }

  private fontRef(face: Face): PdfObjectRef {
    let ref = this.used.get(face);
    if (!ref) this.used.set(face, (ref = this.ref({})));
    return ref;
  }

  /** Writes a form's object the first time a page draws it (only its number is kept). */
  private writeForm(form: LineForm): void {
    if (this.forms.has(form.name)) return;
    const fonts = Object.fromEntries(form.styles.map((style) => [this.subsets[style].id, this.fontRef(style)]));
    const s = form.size;
    const ref = this.ref({ Type: 'XObject', Subtype: 'Form', BBox: [-2 * s, -2 * s, FORM_WIDTH, 3 * s], Resources: { Font: fonts }, Filter: 'FlateDecode' });
    ref.end(form.content);
    this.forms.set(form.name, ref.id);
  }

  private ref(data: Record<string, unknown> | PdfText): PdfObjectRef {
    return this.doc.ref(data) as unknown as PdfObjectRef;
  }

  /** Embeds the subsets as they are now (they hold every glyph this document shows) and ends. */
  end(): void {
    const doc = this.doc;
    const entries = (ids: Map<string, number>) => new PdfText(`<< ${[...ids].map(([name, id]) => `/${name} ${id} 0 R`).join(' ')} >>`);
    this.fontDictionary.data = entries(new Map([...this.used].map(([face, ref]) => [this.subsets[face].id, ref.id])));
    this.formDictionary.data = entries(this.forms);
    this.fontDictionary.end();
    this.formDictionary.end();
    for (const [style, type0] of this.used) {
      const e = this.subsets[style].embedding();
      const deflatedRef = (data: Record<string, unknown>) => this.ref({ ...data, Filter: 'FlateDecode' });
      const [cidFont, descriptor] = [this.ref({}), this.ref({})];
      const [fontFile, cidToGid, toUnicode] = [deflatedRef({ Length1: e.length1 }), deflatedRef({}), deflatedRef({})];
      const d = fontDictionaries(e, { cidFont: cidFont.id, descriptor: descriptor.id, fontFile: fontFile.id, cidToGid: cidToGid.id, toUnicode: toUnicode.id });
      type0.data = new PdfText(d.type0);
      cidFont.data = new PdfText(d.cidFont);
      descriptor.data = new PdfText(d.descriptor);
      for (const ref of [type0, cidFont, descriptor]) ref.end();
      fontFile.end(e.fontFile);
      cidToGid.end(e.cidToGid);
      toUnicode.end(e.toUnicode);
    }
    doc.end();
  }
}

/** Text pdfkit writes before it is passed on as one chunk. */
const COALESCE = 1 << 16;

/**
 * pdfkit passes on every line it writes as a chunk of its own: "12 0 obj", the dictionary,
 * "endobj", and one per object at the end, in the cross-reference table. A 100,000-letter bundle's
 * table is 300,000 chunks at once, 160 MB of memory until the disk takes them. Lines are joined
 * into chunks of up to 64 KB instead (the same bytes, in the same order).
 */
function coalesceWrites(doc: Doc): void {
  const d = doc as unknown as { _write(data: string | Uint8Array): void; _offset: number; push(chunk: Uint8Array | null): boolean };
  const push = d.push.bind(d);
  let pending = '';
  const flush = () => {
    if (pending) push(Buffer.from(pending, 'latin1'));
    pending = '';
  };
  d._write = (data) => {
    if (typeof data === 'string') {
      pending += `${data}\n`;
      d._offset += data.length + 1; // pdfkit writes text as latin1: a byte per character
      if (pending.length >= COALESCE) flush();
    } else {
      flush();
      push(data);
      d._offset += data.length;
    }
  };
  d.push = (chunk) => {
    flush();
    return push(chunk);
  };
}

export interface PageSize {
  width: number;
  height: number;
}

/** A page's content stream, deflated, and the faces it shows text in. */
export interface EncodedPage {
  size: PageSize;
  content: Uint8Array;
  styles: Face[];
  /** The forms it draws lines from (see RepeatedLines), for a document to write once each. */
  forms?: LineForm[];
}

/**
 * A line of text drawn as a Form XObject: its operators at the origin, deflated, and the faces it
 * shows. Named by a hash of its operators, so the same line makes the same form in every thread.
 */
export interface LineForm {
  name: string;
  content: Uint8Array;
  styles: Face[];
  /** The size of its text, for its bounding box. */
  size: number;
}

/** The width of a line form's bounding box, in points: wider than any paper. */
const FORM_WIDTH = 2000;

/** Texts of each style, size and shade a thread counts or has made forms of. */
const MAX_SEEN_LINES = 5_000;
/**
 * Forms a thread keeps: beyond it, a line is written into its pages again. A template's lines are
 * a few dozen; the rest are addresses' lines that recur (a city, a ministry's street), which
 * `print` makes forms of in three documents at once. (Measured: print of 100,000 letters peaks at
 * 244-246 MB with forms, 230-240 without; with 1,000 forms or 2,000 alike.)
 */
const MAX_FORMS = 1_000;

/**
 * Lines that come back letter after letter (the letterhead, the date, the template's sentences,
 * the closing) made into Form XObjects: a line seen once in this thread is written into its page
 * as usual; from the second time on it is one form, written into a document once and drawn in
 * each page with four operators, instead of encoded and compressed again in every page. Most of a
 * letter is such lines, so a bundle is made a good deal faster and is smaller. Only for pages that
 * go into one document (a bundle): a letter's own PDF would have to carry every form it draws.
 */
export class RepeatedLines {
  /** By shade, style and size, then text: how many times seen (once), or the line's form. */
  private readonly lines = [new Map<Face, Map<number, Map<string, LineForm | 1>>>(), new Map<Face, Map<number, Map<string, LineForm | 1>>>()];
  private seen = 0;
  private forms = 0;

  constructor(private readonly subsets: Record<Face, SubsetFont>) {}

  /** The form for `item` if it has been seen before in this thread, else undefined (and counted). */
  formFor(item: TextItem): LineForm | undefined {
    const byStyle = this.lines[item.grey ? 1 : 0]!;
    let bySize = byStyle.get(item.style);
    if (!bySize) byStyle.set(item.style, (bySize = new Map()));
    let byText = bySize.get(item.size);
    if (!byText) bySize.set(item.size, (byText = new Map()));
    const known = byText.get(item.text);
    if (known === undefined) {
      if (this.seen >= MAX_SEEN_LINES) this.forgetOnce();
      if (this.seen < MAX_SEEN_LINES) {
        byText.set(item.text, 1);
        this.seen++;
      }
      return undefined;
    }
    if (known !== 1) return known;
    if (this.forms >= MAX_FORMS) return undefined;
    const ops = this.subsets[item.style].show(item.text, item.size, 0, 0);
    const styles: Face[] = ARABIC.test(item.text) ? [item.style, arabicFace(item.style)] : [item.style];
    const name = `X${createHash('sha256').update(ops).digest('hex').slice(0, 16)}`;
    const form = { name, content: new Uint8Array(deflateSync(Buffer.from(ops, 'latin1'), DEFLATE)), styles, size: item.size };
    byText.set(item.text, form);
    this.forms++;
    return form;
  }

  /** Lets go of the lines seen only once (names and addresses): the forms stay. */
  private forgetOnce(): void {
    for (const byStyle of this.lines) {
      for (const bySize of byStyle.values()) {
        for (const byText of bySize.values()) for (const [text, known] of byText) if (known === 1) byText.delete(text);
      }
    }
    this.seen = 0;
  }
}

/** The glyphs of each face taken into a thread's subsets since it last said (see SubsetFont). */
export type NewGlyphs = Partial<Record<Face, GlyphList>>;

/** What the subsets of `fonts` took in since the last call, to pass with pages encoded in this thread. */
export function takeNewGlyphs(fonts: FontSet): NewGlyphs {
  const out: NewGlyphs = {};
  for (const [face, subset] of Object.entries(subsetFonts(fonts)) as [Face, SubsetFont][]) {
    const list = subset.takeNewGlyphs();
    if (list.length) out[face] = list;
  }
  return out;
}

/**
 * Level 1, and a 16 KB window (a page's content is 5 to 10 KB): most of the cost of compressing a
 * page is setting up zlib's tables, and smaller ones take 30 % less time for the same bytes.
 */
const DEFLATE = { level: 1, windowBits: 14, memLevel: 8 };

/**
 * A page's content: our operators in PDF space (y up), shifted by `offset`, deflated at level 1
 * (pdfkit's default level costs four times as much for a page of text and saves a few per cent).
 */
export function encodePage(subsets: Record<Face, SubsetFont>, size: PageSize, items: PageItem[], offset?: Offset, repeated?: RepeatedLines): EncodedPage {
  const h = size.height;
  let ops = offset && (offset.x !== 0 || offset.y !== 0) ? `1 0 0 1 ${num(offset.x)} ${num(-offset.y)} cm\n` : '';
  let grey: boolean | undefined;
  const styles = new Set<Face>();
  let forms: Set<LineForm> | undefined;
  for (const item of items) {
    if (item.type === 'text') {
      if (!!item.grey !== grey) ops += (grey = !!item.grey) ? '0.333 0.333 0.333 rg\n' : '0 0 0 rg\n';
      const form = repeated?.formFor(item);
      if (form) {
        ops += `q 1 0 0 1 ${num(item.x)} ${num(h - item.y)} cm /${form.name} Do Q\n`;
        (forms ??= new Set()).add(form);
        continue;
      }
      styles.add(item.style);
      if (ARABIC.test(item.text)) styles.add(arabicFace(item.style));
      ops += subsets[item.style].show(item.text, item.size, item.x, h - item.y);
    } else {
      ops += `0.4 w 0.467 0.467 0.467 RG ${num(item.x1)} ${num(h - item.y1)} m ${num(item.x2)} ${num(h - item.y2)} l S\n`;
    }
  }
  // Its own copy: zlib's result is a view of a larger buffer, all of which would cross to the
  // main thread with it.
  const content = new Uint8Array(deflateSync(Buffer.from(ops, 'latin1'), DEFLATE));
  return forms ? { size, content, styles: [...styles], forms: [...forms] } : { size, content, styles: [...styles] };
}

/**
 * Text pdfkit writes as it is, for an object or a value: a font's dictionaries, written out once
 * per version of the subset (with the references of each document put in) instead of converted
 * value by value for every document. (pdfkit writes an object that is not a plain dictionary as
 * its toString().)
 */
class PdfText {
  readonly [Symbol.toStringTag] = 'PdfText';
  constructor(private readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

interface PdfObjectRef {
  id: number;
  data: Record<string, unknown> | PdfText;
  end(chunk?: Uint8Array): void;
  write(chunk: Uint8Array): void;
}

/** A letter's title and subject, for its PDF's information. */
export function letterMeta(laid: LaidOutLetter): PdfMeta {
  return { title: `${laid.letter.subject || 'Letter'} — ${laid.letter.recipientName}`, subject: laid.letter.caseName };
}

/** One letter's PDF, in memory: a preview, an e-mail attachment. */
export function letterPdfBuffer(laid: LaidOutLetter, fonts: FontSet): Buffer {
  return letterPdf(encodeLetter(laid, fonts), fonts, letterMeta(laid));
}

/** A letter's pages encoded (see encodePage), shifted by `offset`; for a bundle, with `repeated` lines drawn from forms. */
export function encodeLetter(laid: LaidOutLetter, fonts: FontSet, offset?: Offset, repeated?: RepeatedLines): EncodedPage[] {
  const subsets = subsetFonts(fonts);
  return laid.pages.map((items) => encodePage(subsets, laid.paper, items, offset, repeated));
}

/**
 * One letter's PDF from its pages encoded in this thread (a file of `letters render`, an
 * attachment), written whole here rather than by pdfkit: a letter is a dozen objects, and pdfkit's
 * machinery for a document (a stream, an object for each entry of the document's information,
 * every value converted on its own) cost as much as laying the letter out. The fonts' objects are
 * written once for each version of the subsets and copied into every file.
 */
export function letterPdf(pages: EncodedPage[], fonts: FontSet, meta: PdfMeta): Buffer {
  if (pages.length === 0) throw new Error('a letter of no pages: a PDF needs one');
  if (pages.some((p) => p.forms)) throw new Error('a letter drawn from line forms: only a bundle writes them');
  const subsets = subsetFonts(fonts);
  // In the subsets' order (F1, F2, ...), those the pages show.
  const styles = (Object.keys(subsets) as Face[]).filter((face) => pages.some((p) => p.styles.includes(face)));
  const file = new PdfFile();
  const catalog = file.add(Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'));
  const tree = file.add(EMPTY); // object 2: written when its pages are
  const info = file.add(Buffer.from(infoDictionary(meta)));
  const fontRefs: string[] = [];
  for (const style of styles) {
    const first = file.next;
    for (const object of fontObjects(subsets[style], first)) file.add(object);
    fontRefs.push(`/${subsets[style].id} ${first} 0 R`);
  }
  const kids: string[] = [];
  const firstPage = file.next;
  for (const [i, page] of pages.entries()) {
    const n = firstPage + 2 * i;
    kids.push(`${n} 0 R`);
    const used = page.styles.map((style) => fontRefs[styles.indexOf(style)]).join(' ');
    file.add(Buffer.from(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${num(page.size.width)} ${num(page.size.height)}] /Contents ${n + 1} 0 R /Resources << /ProcSet [/PDF /Text] /Font << ${used} >> >> >>`));
    file.add(stream('/Filter /FlateDecode', page.content));
  }
  file.set(tree, Buffer.from(`<< /Type /Pages /Count ${pages.length} /Kids [${kids.join(' ')}] >>`));
  // The same letter has the same identifier, whenever it is made: 16 bytes of a SHA-256 (MD5, as
  // pdfkit uses, is refused by a Node that runs in FIPS mode).
  const id = createHash('sha256').update(meta.title);
  for (const page of pages) id.update(page.content);
  return file.end(catalog, info, id.digest('hex').slice(0, 32));
}

/** A PDF's objects in memory, numbered from 1 as they are added (or set), then written out with their table. */
class PdfFile {
  private readonly objects: Buffer[] = [];

  /** The number the next object added takes. */
  get next(): number {
    return this.objects.length + 1;
  }

  add(body: Buffer): number {
    this.objects.push(body);
    return this.objects.length;
  }

  /** Replaces object `n`, added as a placeholder to be written when the objects it refers to are known. */
  set(n: number, body: Buffer): void {
    this.objects[n - 1] = body;
  }

  end(root: number, info: number, id: string): Buffer {
    const parts: Buffer[] = [HEADER];
    let at = HEADER.length;
    let xref = `xref\n0 ${this.objects.length + 1}\n0000000000 65535 f \n`;
    this.objects.forEach((body, i) => {
      const head = Buffer.from(`${i + 1} 0 obj\n`);
      xref += `${String(at).padStart(10, '0')} 00000 n \n`;
      parts.push(head, body, END_OBJECT);
      at += head.length + body.length + END_OBJECT.length;
    });
    parts.push(Buffer.from(`${xref}trailer\n<< /Size ${this.objects.length + 1} /Root ${root} 0 R /Info ${info} 0 R /ID [<${id}> <${id}>] >>\nstartxref\n${at}\n%%EOF\n`));
    return Buffer.concat(parts);
  }
}

const HEADER = Buffer.from('%PDF-1.3\n%\xff\xff\xff\xff\n', 'latin1');
const END_OBJECT = Buffer.from('\nendobj\n');
const EMPTY = Buffer.from('null');

/** A stream object's bytes: its dictionary's other entries, its length and its (already encoded) data. */
function stream(entries: string, data: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`<< ${entries} /Length ${data.length} >>\nstream\n`), data, Buffer.from('\nendstream')]);
}

/** The document information dictionary (title, subject, who made it, when). */
function infoDictionary(meta: PdfMeta): string {
  const created = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const entries = { Title: meta.title, Subject: meta.subject ?? '', Creator: 'letters', Producer: 'letters', CreationDate: `D:${created}Z` };
  return `<< ${Object.entries(entries).map(([k, v]) => `/${k} ${pdfString(v)}`).join(' ')} >>`;
}

/** A text string: literal when it is printable ASCII, else UTF-16 (big-endian, with its byte-order mark) in hex. */
function pdfString(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, '0');
  return `<${hex}>`;
}

/** A subset's three dictionaries, with the numbers of the objects they refer to. */
function fontDictionaries(e: Embedding, n: { cidFont: number; descriptor: number; fontFile: number; cidToGid: number; toUnicode: number }) {
  return {
    type0: `<< ${e.type0} /DescendantFonts [${n.cidFont} 0 R] /ToUnicode ${n.toUnicode} 0 R >>`,
    cidFont: `<< ${e.cidFont} /FontDescriptor ${n.descriptor} 0 R /CIDToGIDMap ${n.cidToGid} 0 R >>`,
    descriptor: `<< ${e.descriptor} /FontFile2 ${n.fontFile} 0 R >>`,
  };
}

/** The last font objects written for each subset: the same until the subset or their numbers change. */
const writtenFonts = new WeakMap<SubsetFont, { version: number; first: number; objects: Buffer[] }>();

/** A subset's six objects, numbered from `first`: the Type 0 font, its CID font, descriptor, font file, glyph map and ToUnicode map. */
function fontObjects(subset: SubsetFont, first: number): Buffer[] {
  const e = subset.embedding();
  const last = writtenFonts.get(subset);
  if (last?.version === e.version && last.first === first) return last.objects;
  const d = fontDictionaries(e, { cidFont: first + 1, descriptor: first + 2, fontFile: first + 3, cidToGid: first + 4, toUnicode: first + 5 });
  const objects = [
    Buffer.from(d.type0),
    Buffer.from(d.cidFont),
    Buffer.from(d.descriptor),
    stream(`/Length1 ${e.length1} /Filter /FlateDecode`, e.fontFile),
    stream('/Filter /FlateDecode', e.cidToGid),
    stream('/Filter /FlateDecode', e.toUnicode),
  ];
  writtenFonts.set(subset, { version: e.version, first, objects });
  return objects;
}

/** A shift of everything on the page, in points: the printer's offset found with `letters calibrate`. */
export interface Offset {
  x: number;
  y: number;
}

/** Bytes a PdfStream lets pile up before it waits for the disk. */
const MAX_BUFFERED = 1 << 20;
/**
 * The file stream's own buffer. At Node's 16 KB, pdfkit's stream was paused at every 16 KB and
 * resumed only once the file had written all it held: a turn of the thread pool for each 16 KB,
 * and the letters waited for them. Measured on 4,000 letters in one bundle, in one thread: 2.8 s,
 * 0.6 s of it waiting, against 2.4 s and no wait at 256 KB (or 1 MB).
 */
const FILE_BUFFER = 256 << 10;

/**
 * The page tree's list of pages. pdfkit keeps each page's object there until the end, only to
 * print "12 0 R" for it: a 100,000-letter bundle would hold 200,000 of them (10 MB, more than
 * anything else the main thread keeps). The pages' object numbers are kept instead, 4 bytes each,
 * and printed the same. (pdfkit only pushes to the list and prints it; it prints an object that
 * is not a plain dictionary as its toString().)
 */
class PageList {
  readonly [Symbol.toStringTag] = 'PageList';
  private ids = new Int32Array(256);
  length = 0;

  push(page: { id: number; gen: number }): number {
    if (page.gen !== 0) throw new Error(`a page of generation ${page.gen}: pdfkit writes only 0`);
    if (this.length === this.ids.length) {
      const more = new Int32Array(this.length * 2);
      more.set(this.ids);
      this.ids = more;
    }
    this.ids[this.length++] = page.id;
    return this.length;
  }

  toString(): string {
    const refs: string[] = [];
    for (let i = 0; i < this.length; i++) refs.push(`${this.ids[i]} 0 R`);
    return `[${refs.join(' ')}]`;
  }
}

/**
 * A PDF written page by page as it goes: pages reach the disk as they are added, so a bundle of
 * any length needs no more memory than one page. `page` resolves when the file has room.
 */
export class PdfStream {
  private readonly pdf: LetterDocument;
  private readonly out;
  private readonly done: Promise<void>;
  private blankPage?: EncodedPage;
  /** Lines its pages repeat, drawn from forms (pages encoded in this thread; see RepeatedLines). */
  private readonly repeated: RepeatedLines;
  pages = 0;

  constructor(
    file: string,
    private readonly fonts: FontSet,
    meta: PdfMeta,
    private readonly offset: Offset = { x: 0, y: 0 },
  ) {
    this.pdf = new LetterDocument(fonts, meta);
    this.repeated = new RepeatedLines(subsetFonts(fonts));
    // Opened here, not on libuv's threads: a Ctrl-C that removes the unfinished files would not
    // catch an opening in flight, which made the file after they were removed (a test on a busy
    // machine found print's folder left).
    this.out = createWriteStream(file, { fd: openSync(file, 'w'), highWaterMark: FILE_BUFFER });
    this.pdf.doc.pipe(this.out);
    this.done = finished(this.out);
    // An error before end() would otherwise be unhandled; end() reports it.
    this.done.catch(() => undefined);
  }

  /** Adds one page of `size` with `items`; waits while the file stream is behind. */
  async page(size: PageSize, items: PageItem[]): Promise<void> {
    this.add(encodePage(subsetFonts(this.fonts), size, items, this.offset, this.repeated));
    return this.room();
  }

  /**
   * Adds letters whose pages were encoded in another thread, with the glyphs they brought; with
   * `duplex`, each letter starts on the front of a sheet (a blank page before it when needed).
   * Their bytes go to the file in one write.
   */
  async letters(letters: EncodedPage[][], glyphs: NewGlyphs, duplex: boolean): Promise<void> {
    this.pdf.addGlyphs(glyphs);
    this.out.cork();
    for (const pages of letters) {
      if (duplex && this.pages % 2 === 1) this.add(this.blank(pages[0]!.size));
      for (const page of pages) this.add(page);
    }
    this.out.uncork();
    return this.room();
  }

  private add(page: EncodedPage): void {
    this.pdf.encodedPage(page);
    this.pages++;
  }

  /** An empty page of `size`, encoded once. */
  private blank(size: PageSize): EncodedPage {
    if (this.blankPage?.size.width !== size.width || this.blankPage.size.height !== size.height) {
      this.blankPage = encodePage(subsetFonts(this.fonts), size, []);
    }
    return this.blankPage;
  }

  /** pdfkit pushes pages into its own buffer whether or not the file keeps up: waits for the disk. */
  private async room(): Promise<void> {
    while (this.pdf.doc.readableLength + this.out.writableLength > MAX_BUFFERED) {
      if (this.out.errored || this.out.destroyed) return this.done; // the disk failed: report it
      await nextTurn();
    }
  }

  private ended = false;

  /** Ends the file; resolves when it is on disk. Safe to call twice. */
  async end(): Promise<void> {
    if (!this.ended) this.pdf.end();
    this.ended = true;
    await this.done;
  }
}
