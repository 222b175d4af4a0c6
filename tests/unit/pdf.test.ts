import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Font } from 'fontkit';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFonts } from '../../src/layout/fonts.js';
import type { PageItem, TextItem } from '../../src/layout/layout.js';
import { encodePage, letterPdf, PdfStream } from '../../src/output/pdf.js';
import { subsetFonts } from '../../src/output/pdffont.js';
import { misplacedObjects, readPdf, readPdfInfo } from '../helpers/pdf.js';

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

  it('draws a line that comes back page after page from one form, written once, each time at its own place', async () => {
    const file = path.join(dir, 'repeated.pdf');
    const pdf = new PdfStream(file, fonts, { title: 'Repeated lines' });
    for (let i = 0; i < 5; i++) {
      await pdf.page(A4, [text('Amnesty Group Oxford', 72, 100), text('Dear Minister,', 72 + i, 130 + i), text(`Official ${i}`, 72, 160), { ...(text('Name', 72, 190) as TextItem), grey: true }]);
    }
    await pdf.end();
    const pages = await readPdf(file);
    pages.forEach((page, i) => {
      expect(page.text).toBe(`Amnesty Group Oxford\nDear Minister,\nOfficial ${i}\nName`);
      expect(page.items.find((t) => t.str === 'Dear Minister,')).toMatchObject({ x: expect.closeTo(72 + i, 3), y: expect.closeTo(130 + i, 3) });
    });
    // The three lines every page has are a form each (from the second page on); each official's name is on its page.
    const pdfText = readFileSync(file, 'latin1');
    expect(pdfText.match(/\/Subtype \/Form/g)).toHaveLength(3);
    expect(misplacedObjects(file)).toEqual([]);
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

  it('sets Arabic right to left with its letters joined, digits left to right, in a left-to-right line', async () => {
    // The glyphs shown, left to right on the page, by their names in the fonts.
    const shown = (line: string, style: 'regular' | 'bold' = 'regular') => {
      const faces: Record<string, Font> = { F1: fonts.fonts.regular, F2: fonts.fonts.bold, F5: fonts.fonts.arabic, F6: fonts.fonts.arabicBold };
      let face = '';
      const names: string[] = [];
      for (const m of subsetFonts(fonts)[style].show(line, 11, 0, 0).matchAll(/\/(F\d) |<([0-9a-f]{4})> Tj/g)) {
        if (m[1]) face = m[1];
        else names.push(`${face}:${faces[face]!.getGlyph(parseInt(m[2]!, 16)).name}`);
      }
      return names.join(' ');
    };
    // محمد: meem (initial), hah (medial), meem (medial), dal (final), drawn from the right.
    expect(shown('محمد')).toBe('F5:uniFEAA F5:uniFEE4 F5:uniFEA4 F5:uniFEE3');
    expect(shown('Dear محمد,')).toBe('F1:D F1:e F1:a F1:r F1:space F5:uniFEAA F5:uniFEE4 F5:uniFEA4 F5:uniFEE3 F1:comma');
    // "Street 26 July (building 3)": the words from the right, 26 and ٣ read left to right, the brackets mirrored.
    expect(shown('شارع 26 (مبنى ٣)')).toBe(
      'F1:parenleft F5:uni0663 F1:space F5:uniFEF0 F5:uniFEE8 F5:uniFE92 F5:uniFEE3 F1:parenright F1:space F1:two F1:six F1:space F5:uni0639 F5:uni0631 F5:uniFE8E F5:uniFEB7',
    );
    expect(shown('محمد', 'bold')).toBe('F6:uniFEAA F6:uniFEE4 F6:uniFEA4 F6:uniFEE3');

    // On the page: as wide as the layout measured it, each word copied out as it was written.
    const line = 'H.E. محمد بن سلمان, Riyadh 11564';
    const [page] = await readPdf(await onePage('arabic.pdf', [text(line, 100, 200)]));
    expect(page!.text).toBe('H.E. سلمان بن محمد, Riyadh 11564');
    const items = page!.items;
    expect(Math.min(...items.map((i) => i.x))).toBeCloseTo(100, 3);
    const end = Math.max(...items.map((i) => i.x + i.width));
    expect(end).toBeCloseTo(100 + fonts.width(line, 'regular', 11), 1);
    expect(fonts.missingGlyphs(line)).toEqual([]);
    // What neither font has is still said: Urdu's heh goal.
    expect(fonts.missingGlyphs('ہ')).toEqual(['ہ']);
  });
});

describe("a letter's PDF, written whole", () => {
  const page = (items: PageItem[]) => encodePage(subsetFonts(fonts), A4, items);
  const write = (name: string, pdf: Buffer) => {
    const file = path.join(dir, name);
    writeFileSync(file, pdf);
    return file;
  };

  it('shows each page its own text in its own fonts, with a cross-reference table that points at every object', async () => {
    const pages = [page([text('Ηλίας Παπαδόπουλος', 72, 100, 'bold'), text('Dear Sir or Madam,', 72, 130)]), page([text('Шавкат Мирзиёев', 90, 700)])];
    const file = write('two-pages.pdf', letterPdf(pages, fonts, { title: 'Two pages' }));
    const read = await readPdf(file);
    expect(read.map((p) => p.text)).toEqual(['Ηλίας Παπαδόπουλος\nDear Sir or Madam,', 'Шавкат Мирзиёев']);
    expect(read[1]!.items[0]).toMatchObject({ x: expect.closeTo(90, 3), y: expect.closeTo(700, 3) });
    expect(read[0]!.width).toBeCloseTo(A4.width, 2);
    expect(misplacedObjects(file)).toEqual([]);
    // The second page shows no bold text: it names only the font it uses.
    const objects = readFileSync(file, 'latin1');
    expect(objects.match(/\/Type \/Page \/Parent[^\n]*/g)!.map((p) => /\/Font << (.*?) >>/.exec(p)![1]!.match(/\/F\d \d+ 0 R/g)!.sort().join(' '))).toEqual(['/F1 4 0 R /F2 10 0 R', '/F1 4 0 R']);
  });

  it('gives a reader the title and subject as written, in any script and with any punctuation', async () => {
    const titles = ['Yusuf Dzhumaev — H.E. Шавкат Мирзиёев', 'Release (now) \\ 100% «free»', 'Plain (ASCII) \\ title'];
    for (const [i, title] of titles.entries()) {
      const info = await readPdfInfo(write(`info-${i}.pdf`, letterPdf([page([text('x')])], fonts, { title, subject: `Case ${i} (Ω)` })));
      expect(info).toMatchObject({ Title: title, Subject: `Case ${i} (Ω)`, Creator: 'letters', Producer: 'letters' });
    }
  });

  it('refuses a letter of no pages, which would not be a PDF', () => {
    expect(() => letterPdf([], fonts, { title: 'Nothing' })).toThrow('a letter of no pages');
  });

  it('the same letter has the same identifier, another letter another', () => {
    const id = (pdf: Buffer) => /\/ID \[<([0-9a-f]{32})>/.exec(pdf.toString('latin1'))![1];
    const one = () => letterPdf([page([text('Dear Minister,')])], fonts, { title: 'A' });
    expect(id(one())).toBe(id(one()));
    expect(id(letterPdf([page([text('Dear Governor,')])], fonts, { title: 'A' }))).not.toBe(id(one()));
  });
});
