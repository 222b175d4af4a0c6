import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const require = createRequire(import.meta.url);
const standardFontDataUrl = pathToFileURL(path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts') + path.sep).href;

/** A run of text as pdfjs extracts it; x and y in points from the top-left corner, y at the baseline. */
export interface PdfText {
  str: string;
  x: number;
  y: number;
  width: number;
  fontSize: number;
}

export interface PdfPage {
  width: number;
  height: number;
  items: PdfText[];
  /** The page's text, one line per baseline, top to bottom. */
  text: string;
}

/** Reads a PDF back as a reader would: the text of each page and where it sits. */
export async function readPdf(file: string): Promise<PdfPage[]> {
  const data = new Uint8Array(readFileSync(file));
  const doc = await getDocument({ data, standardFontDataUrl, verbosity: 0 }).promise;
  try {
    const pages: PdfPage[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const [, , width, height] = page.view as [number, number, number, number];
      const content = await page.getTextContent();
      const items: PdfText[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str === '') continue;
        const t = item.transform as number[];
        items.push({ str: item.str, x: t[4]!, y: height - t[5]!, width: item.width, fontSize: Math.hypot(t[2]!, t[3]!) });
      }
      pages.push({ width, height, items, text: linesOf(items).join('\n') });
      page.cleanup();
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

/** Items grouped into lines by baseline (within half a point), each line left to right. */
export function linesOf(items: PdfText[]): string[] {
  const sorted = [...items].sort((a, b) => a.y - b.y || a.x - b.x);
  const lines: { y: number; parts: PdfText[] }[] = [];
  for (const it of sorted) {
    const line = lines.find((l) => Math.abs(l.y - it.y) < 0.5);
    if (line) line.parts.push(it);
    else lines.push({ y: it.y, parts: [it] });
  }
  return lines.map((l) => l.parts.sort((a, b) => a.x - b.x).map((p) => p.str).join(''));
}

export const MM = 72 / 25.4;

/**
 * The objects the file's cross-reference table says are not where it says (pdfjs rebuilds a broken
 * table without a word, other readers do not): their numbers, none for a good file.
 */
export function misplacedObjects(file: string): number[] {
  const s = readFileSync(file).toString('latin1');
  const start = Number(/startxref\n(\d+)\n%%EOF\n?$/.exec(s)?.[1] ?? -1);
  if (!s.startsWith('xref\n', start)) return [-1];
  const head = /^xref\n0 (\d+)\n/.exec(s.slice(start))!;
  const entries = s.slice(start + head[0].length).split('\n').slice(1, Number(head[1]));
  return entries.flatMap((e, i) => (s.startsWith(`${i + 1} 0 obj`, Number(e.slice(0, 10))) ? [] : [i + 1]));
}

/** The document information a reader shows (title, subject, creator, producer). */
export async function readPdfInfo(file: string): Promise<Record<string, string>> {
  const doc = await getDocument({ data: new Uint8Array(readFileSync(file)), standardFontDataUrl, verbosity: 0 }).promise;
  try {
    return (await doc.getMetadata()).info as Record<string, string>;
  } finally {
    await doc.destroy();
  }
}
