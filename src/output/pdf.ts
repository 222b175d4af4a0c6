import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import PDFDocument from 'pdfkit';
import type { FontSet } from '../layout/fonts.js';
import type { LaidOutLetter, PageItem } from '../layout/layout.js';

type Doc = InstanceType<typeof PDFDocument>;

export interface PdfMeta {
  title: string;
  subject?: string;
}

function openDocument(fonts: FontSet, meta: PdfMeta): Doc {
  // `font: null`: no standard font is loaded; the shared, already parsed fonts are registered.
  const doc = new PDFDocument({
    autoFirstPage: false,
    margin: 0,
    font: null as unknown as string,
    info: { Title: meta.title, Subject: meta.subject ?? '', Creator: 'letters', Producer: 'letters (pdfkit)' },
    lang: undefined,
  });
  for (const [style, font] of Object.entries(fonts.fonts)) doc.registerFont(style, font as unknown as string);
  return doc;
}

/**
 * pdfkit shapes every word with fontkit and caches the result per document. Letters share most of
 * their words, so one cache per font serves every document of the run; it is cleared now and then
 * so memory stays flat on long runs.
 */
interface PdfkitFont {
  font: object;
  layoutCache?: Record<string, unknown>;
}
/** Documents that share one cache before it is dropped: each adds a few dozen new words (names, addresses). */
const DOCUMENTS_PER_CACHE = 1000;
const sharedLayouts = new WeakMap<object, { cache: Record<string, unknown>; documents: number }>();

function useSharedLayoutCache(doc: Doc): void {
  const font = (doc as unknown as { _font: PdfkitFont })._font;
  let shared = sharedLayouts.get(font.font);
  if (!shared) sharedLayouts.set(font.font, (shared = { cache: Object.create(null), documents: 0 }));
  if (font.layoutCache === shared.cache) return;
  if (++shared.documents > DOCUMENTS_PER_CACHE) {
    shared.cache = Object.create(null);
    shared.documents = 0;
  }
  font.layoutCache = shared.cache;
}

const TEXT_OPTIONS = { lineBreak: false, baseline: 'alphabetic' } as const;

function drawPage(doc: Doc, page: { width: number; height: number }, items: PageItem[], offset?: Offset): void {
  doc.addPage({ size: [page.width, page.height], margin: 0 });
  if (offset && (offset.x !== 0 || offset.y !== 0)) doc.translate(offset.x, offset.y);
  // Font, size and colour are set only when they change: most lines share them.
  let style: string | undefined;
  let size: number | undefined;
  let grey: boolean | undefined;
  for (const item of items) {
    if (item.type === 'text') {
      if (item.style !== style) {
        doc.font(item.style);
        useSharedLayoutCache(doc);
        style = item.style;
        size = undefined;
      }
      if (item.size !== size) doc.fontSize((size = item.size));
      if (!!item.grey !== grey) doc.fillColor((grey = !!item.grey) ? '#555555' : '#000000');
      doc.text(item.text, item.x, item.y, TEXT_OPTIONS);
    } else {
      doc.moveTo(item.x1, item.y1).lineTo(item.x2, item.y2).lineWidth(0.4).strokeColor('#777777').stroke();
    }
  }
}

/** Writes PDF pages to `file` and resolves when the file is complete on disk. */
async function writeDocument(doc: Doc, file: string, draw: (doc: Doc) => void): Promise<void> {
  const out = createWriteStream(file);
  doc.pipe(out);
  draw(doc);
  doc.end();
  await finished(out);
}

export async function writeLetterPdf(laid: LaidOutLetter, fonts: FontSet, file: string, offset?: Offset): Promise<void> {
  const doc = openDocument(fonts, { title: `${laid.letter.subject || 'Letter'} — ${laid.letter.recipientName}`, subject: laid.letter.caseName });
  await writeDocument(doc, file, () => {
    for (const page of laid.pages) drawPage(doc, laid.paper, page, offset);
  });
}

/** The letter's PDF in memory, for an e-mail attachment: the same layout as `letters render`. */
export async function letterPdfBuffer(laid: LaidOutLetter, fonts: FontSet): Promise<Buffer> {
  const doc = openDocument(fonts, { title: `${laid.letter.subject || 'Letter'} — ${laid.letter.recipientName}`, subject: laid.letter.caseName });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  for (const page of laid.pages) drawPage(doc, laid.paper, page);
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

/** A shift of everything on the page, in points: the printer's offset found with `letters calibrate`. */
export interface Offset {
  x: number;
  y: number;
}

/**
 * A PDF written page by page as it goes: pages reach the disk as they are added, so a bundle of
 * any length needs no more memory than one page. `page` resolves when the file has room.
 */
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

export class PdfStream {
  private readonly doc: Doc;
  private readonly out;
  private readonly done: Promise<void>;
  pages = 0;

  constructor(
    file: string,
    fonts: FontSet,
    meta: PdfMeta,
    private readonly offset: Offset = { x: 0, y: 0 },
  ) {
    this.doc = openDocument(fonts, meta);
    this.out = createWriteStream(file);
    this.doc.pipe(this.out);
    this.done = finished(this.out);
    // An error before end() would otherwise be unhandled; end() reports it.
    this.done.catch(() => undefined);
  }

  /** Adds one page of `size` with `items`; waits while the file stream is behind. */
  async page(size: { width: number; height: number }, items: PageItem[]): Promise<void> {
    drawPage(this.doc, size, items, this.offset);
    this.pages++;
    forgetWrittenPages(this.doc);
    // pdfkit pushes pages into its own buffer whether or not the file keeps up: wait for the disk.
    while (this.doc.readableLength + this.out.writableLength > MAX_BUFFERED) {
      if (this.out.errored || this.out.destroyed) return this.done; // the disk failed: report it
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async end(): Promise<void> {
    this.doc.end();
    await this.done;
  }
}

/** Drops the shared word layouts: long bundles call this now and then so memory stays flat. */
export function forgetSharedLayouts(fonts: FontSet): void {
  for (const font of Object.values(fonts.fonts)) sharedLayouts.delete(font);
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
  let n = 0;
  for await (const laid of letters) {
    if (options.duplex && pdf.pages % 2 === 1) await pdf.page(laid.paper, []);
    for (const page of laid.pages) await pdf.page(laid.paper, page);
    if (++n % 500 === 0) forgetSharedLayouts(fonts);
  }
  await pdf.end();
  return pdf.pages;
}
