import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFonts } from '../../src/layout/fonts.js';
import type { PageItem } from '../../src/layout/layout.js';
import { PdfStream } from '../../src/output/pdf.js';
import { readPdf } from '../helpers/pdf.js';

const fonts = loadFonts();
const dir = mkdtempSync(path.join(tmpdir(), 'letters-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const A4 = { width: 595.28, height: 841.89 };

async function onePage(name: string, items: PageItem[]): Promise<string> {
  const file = path.join(dir, name);
  const pdf = new PdfStream(file, fonts, { title: name });
  await pdf.page(A4, items);
  await pdf.end();
  return file;
}

const text = (t: string, x = 72, y = 100, style: 'regular' | 'bold' = 'regular'): PageItem => ({ type: 'text', text: t, x, y, style, size: 11 });

describe('PDFs sharing one font subset', () => {
  it('every document shows its own text, whichever glyphs earlier documents brought', async () => {
    const names = ['Zoë Müller & Sons', 'Шавкат Мирзиёев', 'Oʻtkir Gʻulomov', 'Ηλίας Παπαδόπουλος', 'Zoë'];
    const files = [];
    for (const [i, n] of names.entries()) files.push(await onePage(`${i}.pdf`, [text(n), text(`${n} (bold)`, 72, 130, 'bold')]));
    for (const [i, file] of files.entries()) {
      const [page] = await readPdf(file);
      expect(page!.text).toBe(`${names[i]}\n${names[i]} (bold)`);
    }
    // A document embeds the subset as it was when it ended: the last one holds every glyph so far.
    expect(statSync(files[4]!).size).toBeGreaterThan(statSync(files[0]!).size);
  });

  it('sets kerned text exactly as wide as the layout measured it, at its position', async () => {
    const line = 'AVAWAY Tomorrow, "Yes", LTA.';
    const [page] = await readPdf(await onePage('kern.pdf', [text(line, 100, 200)]));
    const item = page!.items[0]!;
    expect(item.str).toBe(line);
    expect(item.x).toBeCloseTo(100, 3);
    expect(item.y).toBeCloseTo(200, 3);
    expect(item.width).toBeCloseTo(fonts.width(line, 'regular', 11), 2);
    expect(fonts.width('AV', 'regular', 11)).toBeLessThan(fonts.width('A', 'regular', 11) + fonts.width('V', 'regular', 11));
  });

  it('places combining accents over their letters and keeps the words copyable', async () => {
    const decomposed = 'Jose\u0301 Nu\u0301n\u0303ez';
    const [page] = await readPdf(await onePage('marks.pdf', [text(decomposed, 80, 300)]));
    const joined = page!.items.map((i) => i.str).join('');
    expect(joined.normalize('NFC')).toBe('José Núñez');
    expect(Math.min(...page!.items.map((i) => i.x))).toBeCloseTo(80, 3);
    expect(Math.max(...page!.items.map((i) => i.x))).toBeLessThan(80 + fonts.width(decomposed, 'regular', 11));
  });
});
