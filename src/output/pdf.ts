import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import type { FontSet, FontStyle } from '../layout/fonts.js';
import type { LaidOutLetter, PageItem } from '../layout/layout.js';
import { num, subsetFonts, type SubsetFont } from './pdffont.js';

type Doc = InstanceType<typeof PDFDocument>;

export interface PdfMeta {
  title: string;
  subject?: string;
}

/**
 * A pdfkit document whose text is set with the run's shared font subsets (see pdffont.ts): pdfkit
 * writes the file's structure, pages and streams; the text operators and the font are ours.
 */
class LetterDocument {
  readonly doc: Doc;
  private readonly subsets: Record<FontStyle, SubsetFont>;
  /** The font dictionary of each style used so far, written when the document ends. */
  private readonly used = new Map<FontStyle, PdfObjectRef>();

  constructor(fonts: FontSet, meta: PdfMeta) {
    // `font: null`: pdfkit loads no font of its own.
    this.doc = new PDFDocument({
      autoFirstPage: false,
      margin: 0,
      font: null as unknown as string,
      info: { Title: meta.title, Subject: meta.subject ?? '', Creator: 'letters', Producer: 'letters (pdfkit)' },
    });
    this.subsets = subsetFonts(fonts);
  }

  /** Adds a page of `page`'s size with `items` (y measured from the top), shifted by `offset`. */
  page(page: { width: number; height: number }, items: PageItem[], offset?: Offset): void {
    const doc = this.doc;
    doc.addPage({ size: [page.width, page.height], margin: 0 });
    const h = page.height;
    let ops = offset && (offset.x !== 0 || offset.y !== 0) ? `1 0 0 1 ${num(offset.x)} ${num(-offset.y)} cm\n` : '';
    let grey: boolean | undefined;
    const fonts = (doc.page as unknown as { fonts: Record<string, PdfObjectRef> }).fonts;
    for (const item of items) {
      if (item.type === 'text') {
        if (!!item.grey !== grey) ops += (grey = !!item.grey) ? '0.333 0.333 0.333 rg\n' : '0 0 0 rg\n';
        const subset = this.subsets[item.style];
        fonts[subset.id] ??= this.fontRef(item.style);
        ops += subset.show(item.text, item.size, item.x, h - item.y);
      } else {
        ops += `0.4 w 0.467 0.467 0.467 RG ${num(item.x1)} ${num(h - item.y1)} m ${num(item.x2)} ${num(h - item.y2)} l S\n`;
      }
    }
    setContent(doc.page as unknown as { content: PdfObjectRef & { buffer: Uint8Array[]; compress: boolean } }, ops);
  }

  private fontRef(style: FontStyle): PdfObjectRef {
    let ref = this.used.get(style);
    if (!ref) this.used.set(style, (ref = this.ref({})));
    return ref;
  }

  private ref(data: Record<string, unknown>): PdfObjectRef {
    return this.doc.ref(data) as unknown as PdfObjectRef;
  }

  /** Embeds the subsets as they are now (they hold every glyph this document shows) and ends. */
  end(): void {
    const doc = this.doc;
    for (const [style, type0] of this.used) {
      const e = this.subsets[style].embedding();
      const fontFile = this.ref({ Length1: e.length1, Filter: 'FlateDecode' });
      fontFile.end(e.fontFile);
      const descriptor = this.ref({ ...e.descriptor, FontFile2: fontFile });
      descriptor.end();
      const cidFont = this.ref({
        Type: 'Font',
        Subtype: 'CIDFontType2',
        BaseFont: e.baseFont,
        CIDSystemInfo: { Registry: new String('Adobe'), Ordering: new String('Identity'), Supplement: 0 },
        FontDescriptor: descriptor,
        W: [0, e.widths],
        CIDToGIDMap: 'Identity',
      });
      cidFont.end();
      const toUnicode = this.ref({ Filter: 'FlateDecode' });
      toUnicode.end(e.toUnicode);
      type0.data = { Type: 'Font', Subtype: 'Type0', BaseFont: e.baseFont, Encoding: 'Identity-H', DescendantFonts: [cidFont], ToUnicode: toUnicode };
      type0.end();
    }
    doc.end();
  }
}

/**
 * Replaces what pdfkit put in a new page's content (its y-down transform: our operators are in PDF
 * space) with `ops`, deflated at level 1: pdfkit's default level costs four times as much for a
 * page of text and saves a few per cent of its size.
 */
function setContent(page: { content: PdfObjectRef & { buffer: Uint8Array[]; compress: boolean } }, ops: string): void {
  const content = page.content;
  content.buffer = [];
  content.compress = false;
  content.data.Length = 0;
  content.data.Filter = 'FlateDecode';
  content.write(deflateSync(Buffer.from(ops, 'latin1'), { level: 1 }));
}

interface PdfObjectRef {
  data: Record<string, unknown>;
  end(chunk?: Uint8Array): void;
  write(chunk: Uint8Array): void;
}

function letterMeta(laid: LaidOutLetter): PdfMeta {
  return { title: `${laid.letter.subject || 'Letter'} — ${laid.letter.recipientName}`, subject: laid.letter.caseName };
}

/** One letter's PDF, in memory: a file of `letters render`, a preview, an e-mail attachment. */
export async function letterPdfBuffer(laid: LaidOutLetter, fonts: FontSet, offset?: Offset): Promise<Buffer> {
  const pdf = new LetterDocument(fonts, letterMeta(laid));
  const chunks: Buffer[] = [];
  pdf.doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    pdf.doc.on('end', () => resolve());
    pdf.doc.on('error', reject);
  });
  for (const page of laid.pages) pdf.page(laid.paper, page, offset);
  pdf.end();
  await ended;
  return Buffer.concat(chunks);
}

/** A shift of everything on the page, in points: the printer's offset found with `letters calibrate`. */
export interface Offset {
  x: number;
  y: number;
}

/** Bytes a PdfStream lets pile up before it waits for the disk. */
const MAX_BUFFERED = 1 << 20;

interface PdfRef {
  id: number;
  gen: number;
}

/**
 * pdfkit keeps every page it has written (its dictionary, resources, content object) in the page
 * tree until the end, only to print "12 0 R" for it there: a 100,000-page bundle would hold them
 * all. Pages already written are swapped for bare references of the same class, which print the
 * same, so what was written can be collected.
 */
function forgetWrittenPages(doc: Doc): void {
  const kids = (doc as unknown as { _root: { data: { Pages: { data: { Kids: PdfRef[] } } } } })._root.data.Pages.data.Kids;
  // Every page but the last (the one being drawn) has been written.
  for (let i = kids.length - 2; i >= 0; i--) {
    const ref = kids[i]!;
    if (Object.keys(ref).length === 2) break; // already bare; so are those before it
    const bare = Object.create(Object.getPrototypeOf(ref) as object) as PdfRef;
    bare.id = ref.id;
    bare.gen = ref.gen;
    kids[i] = bare;
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
  pages = 0;

  constructor(
    file: string,
    fonts: FontSet,
    meta: PdfMeta,
    private readonly offset: Offset = { x: 0, y: 0 },
  ) {
    this.pdf = new LetterDocument(fonts, meta);
    this.out = createWriteStream(file);
    this.pdf.doc.pipe(this.out);
    this.done = finished(this.out);
    // An error before end() would otherwise be unhandled; end() reports it.
    this.done.catch(() => undefined);
  }

  /** Adds one page of `size` with `items`; waits while the file stream is behind. */
  async page(size: { width: number; height: number }, items: PageItem[]): Promise<void> {
    this.pdf.page(size, items, this.offset);
    this.pages++;
    forgetWrittenPages(this.pdf.doc);
    // pdfkit pushes pages into its own buffer whether or not the file keeps up: wait for the disk.
    while (this.pdf.doc.readableLength + this.out.writableLength > MAX_BUFFERED) {
      if (this.out.errored || this.out.destroyed) return this.done; // the disk failed: report it
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async end(): Promise<void> {
    this.pdf.end();
    await this.done;
  }
}

export interface BundleOptions {
  /** Every letter starts on an odd page (front of a sheet) when printed double-sided. */
  duplex: boolean;
  title: string;
  offset?: Offset;
}

/** All letters in one PDF for printing, streamed to disk; returns the page count. */
export async function writeBundlePdf(
  letters: Iterable<LaidOutLetter> | AsyncIterable<LaidOutLetter>,
  fonts: FontSet,
  file: string,
  options: BundleOptions,
): Promise<number> {
  const pdf = new PdfStream(file, fonts, { title: options.title }, options.offset);
  for await (const laid of letters) {
    if (options.duplex && pdf.pages % 2 === 1) await pdf.page(laid.paper, []);
    for (const page of laid.pages) await pdf.page(laid.paper, page);
  }
  await pdf.end();
  return pdf.pages;
}
