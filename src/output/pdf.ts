import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import PDFDocument from 'pdfkit';
import type { FontSet } from '../layout/fonts.js';
import type { LaidOutLetter, PageItem } from '../layout/layout.js';
import type { PaperGeometry } from '../layout/geometry.js';

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

function drawPage(doc: Doc, paper: PaperGeometry, items: PageItem[]): void {
  doc.addPage({ size: [paper.width, paper.height], margin: 0 });
  for (const item of items) {
    if (item.type === 'text') {
      doc
        .font(item.style)
        .fontSize(item.size)
        .fillColor(item.grey ? '#555555' : '#000000')
        .text(item.text, item.x, item.y, { lineBreak: false, baseline: 'alphabetic' });
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

export async function writeLetterPdf(laid: LaidOutLetter, fonts: FontSet, file: string): Promise<void> {
  const doc = openDocument(fonts, { title: `${laid.letter.subject || 'Letter'} — ${laid.letter.recipientName}`, subject: laid.letter.caseName });
  await writeDocument(doc, file, () => {
    for (const page of laid.pages) drawPage(doc, laid.paper, page);
  });
}

export interface BundleOptions {
  /** Every letter starts on an odd page (front of a sheet) when printed double-sided. */
  duplex: boolean;
  title: string;
}

/** All letters in one PDF for printing; returns the page count. */
export async function writeBundlePdf(
  letters: Iterable<LaidOutLetter>,
  fonts: FontSet,
  file: string,
  options: BundleOptions,
): Promise<number> {
  const doc = openDocument(fonts, { title: options.title });
  let pages = 0;
  await writeDocument(doc, file, () => {
    for (const laid of letters) {
      if (options.duplex && pages % 2 === 1) {
        drawPage(doc, laid.paper, []);
        pages++;
      }
      for (const page of laid.pages) drawPage(doc, laid.paper, page);
      pages += laid.pages.length;
    }
  });
  return pages;
}
