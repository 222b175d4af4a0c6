import { describe, expect, it } from 'vitest';
import { loadFonts } from '../../src/layout/fonts.js';
import { MM, PAPERS, paperGeometry, parseLength } from '../../src/layout/geometry.js';
import { layoutLetter, LayoutError, wrap, type TextItem } from '../../src/layout/layout.js';
import type { Letter } from '../../src/letter.js';
import { parseMarkdown } from '../../src/render/markdown.js';

const fonts = loadFonts();

function letter(over: Partial<Letter> = {}): Letter {
  return {
    number: 1,
    recipient: { index: 1, line: 2, values: {} },
    recipientName: 'H.E. A',
    country: 'Uzbekistan',
    paper: 'a4',
    dinForm: 'b',
    international: true,
    language: 'en-GB',
    returnAddress: 'Group · 1 Street · OX1 1AA Oxford · United Kingdom',
    senderLines: [],
    address: ['H.E. A', 'President', 'Street 1', '100000 Tashkent', 'UZBEKISTAN'],
    date: '28 November 2026',
    dateLine: '28 November 2026',
    subject: 'Subject',
    salutation: 'Your Excellency,',
    body: parseMarkdown('One paragraph.'),
    closing: 'Yours sincerely,',
    caseName: 'Case',
    ...over,
  };
}

const texts = (items: unknown[]) => items.filter((i): i is TextItem => (i as TextItem).type === 'text');

describe('parseLength (printer offsets)', () => {
  it('reads millimetres and inches as a user writes them, in millimetres', () => {
    const cases: [string, number | undefined][] = [
      ['2', 2], ['-1.5', -1.5], ['1,5', 1.5], ['+3mm', 3], [' 2 MM ', 2], ['.5', 0.5],
      ['0.1in', 2.54], ['1/16in', 25.4 / 16], ['-1/8"', -25.4 / 8], ['0.25 inch', 6.35], ['1 inches', 25.4],
      ['', undefined], ['1/16', undefined], ['abc', undefined], ['2cm', undefined], ['1/0in', undefined], ['--2', undefined], ['2 in 3', undefined],
    ];
    for (const [text, mm] of cases) {
      const got = parseLength(text);
      if (mm === undefined) expect(got, text).toBeUndefined();
      else expect(got, text).toBeCloseTo(mm, 6);
    }
  });
});

describe('wrap', () => {
  it('breaks at spaces, keeps every line within the width and loses no word', () => {
    const text = 'The authorities must release him immediately and unconditionally, and investigate the reports of torture. '.repeat(6).trim();
    const lines = wrap([{ text }], 300, 10.5, fonts);
    expect(lines.length).toBeGreaterThan(4);
    for (const line of lines) {
      expect(line.reduce((w, s) => w + fonts.width(s.text, s.style, 10.5), 0)).toBeLessThanOrEqual(300.01);
    }
    expect(lines.map((l) => l.map((s) => s.text).join('')).join(' ')).toBe(text);
  });

  it('keeps styles per segment and never breaks inside "**word**,"', () => {
    const [paragraph] = parseMarkdown('Free **Yusuf Dzhumaev**, now.');
    if (paragraph?.kind !== 'paragraph') throw new Error('expected a paragraph');
    const lines = wrap(paragraph.runs, 1000, 10.5, fonts);
    expect(lines).toEqual([[{ text: 'Free ', style: 'regular' }, { text: 'Yusuf Dzhumaev', style: 'bold' }, { text: ', now.', style: 'regular' }]]);
  });

  it('never breaks a line at a no-break space typed in the template ("«\u00a0El Watan\u00a0»", "20\u202f%")', () => {
    const [paragraph] = parseMarkdown('mot mot mot mot mot x «\u00a0El Watan\u00a0» est-il  emprisonné\u00a0? Oui, 20\u202f%.');
    if (paragraph?.kind !== 'paragraph') throw new Error('expected a paragraph');
    expect(paragraph.runs.map((r) => r.text).join('')).toBe('mot mot mot mot mot x «\u00a0El Watan\u00a0» est-il emprisonné\u00a0? Oui, 20\u202f%.');
    for (let width = 120; width < 320; width += 7) {
      const lines = wrap(paragraph.runs, width, 10.5, fonts).map((l) => l.map((seg) => seg.text).join('').trim());
      for (const l of lines) expect(l, `${width}: ${lines.join(' / ')}`).not.toMatch(/^[»?%]|«$/);
    }
  });

  it('cuts a word longer than the line', () => {
    const lines = wrap([{ text: 'x'.repeat(200) }], 100, 10, fonts);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.map((l) => l[0]!.text).join('')).toBe('x'.repeat(200));
  });
});

describe('layoutLetter', () => {
  it('puts the address inside the window box and the return line above it', () => {
    const laid = layoutLetter(letter(), fonts);
    const box = PAPERS.a4.addressBox;
    const items = texts(laid.pages[0]!);
    const address = items.filter((i) => letter().address.includes(i.text));
    expect(address).toHaveLength(5);
    for (const a of address) {
      expect(a.x).toBe(box.x);
      expect(a.y - a.size).toBeGreaterThanOrEqual(box.y);
      expect(a.y + 0.25 * a.size).toBeLessThanOrEqual(box.y + box.height);
    }
    const ret = items.find((i) => i.text.startsWith('Group'))!;
    expect(ret.y).toBeLessThan(box.y);
    expect(ret.y).toBeGreaterThan(PAPERS.a4.window.y);
    expect(laid.addressSize).toBe(10);
  });

  it('refuses seven address lines and a line too long even at 8 pt', () => {
    const seven = ['1', '2', '3', '4', '5', '6', '7'];
    expect(() => layoutLetter(letter({ address: seven }), fonts)).toThrow(LayoutError);
    expect(() => layoutLetter(letter({ address: ['A', 'W'.repeat(60)] }), fonts)).toThrow(/wider than the envelope window even at 8 pt/);
    // A cell of many words is refused (at once: more lines than an address may have are not tried).
    expect(() => layoutLetter(letter({ address: ['A', 'word '.repeat(400)] }), fonts)).toThrow(LayoutError);
  });

  it('breaks a line too long for the window over two, most evenly, while the address keeps to six', () => {
    const laid = layoutLetter(letter({ address: ['José Manuel Albares Bueno', 'Ministro de Asuntos Exteriores, Unión Europea y Cooperación de España', 'Plaza de la Provincia 1', '28012 Madrid'] }), fonts);
    const lines = laid.pages[0]!.filter((i): i is TextItem => i.type === 'text' && i.size === laid.addressSize).map((i) => i.text);
    expect(lines).toEqual(['José Manuel Albares Bueno', 'Ministro de Asuntos Exteriores, Unión', 'Europea y Cooperación de España', 'Plaza de la Provincia 1', '28012 Madrid']);
  });

  it('fits six lines in the DIN 5008 address zone', () => {
    const six = ['His Excellency Islam Karimov', 'President of the Republic of Uzbekistan', 'Rezidentsiya Prezidenta', 'ul. Uzbekistanskaya 43', '700163 Tashkent', 'UZBEKISTAN'];
    expect(layoutLetter(letter({ address: six }), fonts).addressSize).toBeGreaterThanOrEqual(8);
  });

  it('keeps the closing with the signature space and numbers continuation pages', () => {
    const body = parseMarkdown(Array.from({ length: 16 }, () => 'A sentence that fills the line with words. '.repeat(5)).join('\n\n'));
    const laid = layoutLetter(letter({ body }), fonts);
    expect(laid.pages.length).toBe(2);
    const last = texts(laid.pages[1]!);
    expect(last.some((i) => i.text === 'Yours sincerely,')).toBe(true);
    expect(last.some((i) => i.text === 'Page 2 of 2')).toBe(true);
    const closing = last.find((i) => i.text === 'Yours sincerely,')!;
    const name = last.find((i) => i.text === 'Name')!;
    expect(name.y - closing.y).toBeGreaterThanOrEqual(15 * MM);
    for (const page of laid.pages) {
      for (const t of texts(page)) expect(t.y).toBeLessThanOrEqual(PAPERS.a4.height - 10 * MM);
    }
  });

  it('breaks a closing longer than the line over the next, inside the margin, with the space to sign after its last line (a long French form of address ran off the page)', () => {
    const closing = 'Veuillez agréer, Madame la Procureure générale de la République d’Ouzbékistan, l’expression de ma haute considération.';
    const laid = layoutLetter(letter({ language: 'fr', closing, signer: { name: 'Claire Martin', lines: ['Lyon'], town: ['Lyon'] } }), fonts);
    const items = texts(laid.pages[0]!);
    const at = items.findIndex((i) => i.text.startsWith('Veuillez agréer'));
    const lines = items.slice(at, at + 2);
    expect(lines.map((l) => l.text).join(' ')).toBe(closing);
    expect(lines[1]!.y - lines[0]!.y).toBeCloseTo(14.2);
    // (A4's right margin is 20 mm.)
    for (const l of lines) expect(l.x + fonts.width(l.text, 'regular', l.size)).toBeLessThanOrEqual(PAPERS.a4.width - 20 * MM + 0.01);
    const name = items.find((i) => i.text === 'Claire Martin')!;
    expect(name.y - lines[1]!.y).toBeGreaterThanOrEqual(15 * MM);
    // A closing that fits stays one line.
    expect(texts(layoutLetter(letter(), fonts).pages[0]!).filter((i) => i.text === 'Yours sincerely,')).toHaveLength(1);
  });
});

describe('the return line', () => {
  it('goes on two lines in the zone above the address when one line would be too small', () => {
    const returnAddress = 'Margaret Henderson · 27 Kensington Park Gardens · London · W11 2QS · United Kingdom';
    const laid = layoutLetter(letter({ returnAddress }), fonts);
    const box = PAPERS.a4.returnBox!;
    const lines = (laid.pages[0]!.filter((i) => i.type === 'text') as TextItem[]).filter((t) => t.y > box.y && t.y <= box.y + box.height);
    expect(lines.map((t) => t.text).join(' · ')).toBe(returnAddress);
    expect(lines).toHaveLength(2);
    for (const t of lines) {
      expect(t.size).toBeGreaterThanOrEqual(5.5);
      expect(t.x + fonts.width(t.text, t.style, t.size)).toBeLessThanOrEqual(box.x + box.width);
      expect(t.y - t.size).toBeGreaterThanOrEqual(box.y);
    }
    // A short one stays on one line; one too long even for two is an error naming it.
    expect(layoutLetter(letter({ returnAddress: 'Anna Smith · 4 Elm Road · Leeds' }), fonts).pages[0]!.filter((i) => i.type === 'text' && i.y > box.y && i.y <= box.y + box.height)).toHaveLength(1);
    expect(() => layoutLetter(letter({ returnAddress: `${'A very long name indeed '.repeat(8)} · ${'street '.repeat(20)}` }), fonts)).toThrow(/even on two lines/);
  });
});

describe('the window on the right (France, Switzerland, Belgium)', () => {
  it('puts the return line and the address on the right, the letterhead top left, the date at the left margin', () => {
    const g = paperGeometry('a4', 'right', 'dl');
    const laid = layoutLetter(letter({ dinForm: 'right', envelope: 'dl', senderLines: ['Groupe', '12 rue de la République', '69002 Lyon'] }), fonts);
    const items = texts(laid.pages[0]!);
    const address = items.filter((i) => letter().address.includes(i.text));
    expect(address).toHaveLength(5);
    for (const a of address) {
      expect(a.x).toBe(110 * MM);
      expect(a.y - a.size).toBeGreaterThanOrEqual(57 * MM - 1e-9);
      expect(a.x + fonts.width(a.text, a.style, a.size)).toBeLessThanOrEqual(190 * MM);
      expect(a.y + 0.25 * a.size).toBeLessThanOrEqual(88 * MM);
    }
    const ret = items.find((i) => i.text.startsWith('Group ·'))!;
    expect(ret.x).toBe(110 * MM);
    expect(ret.y).toBeLessThan(57 * MM);
    expect(ret.y - ret.size).toBeGreaterThan(g.window.y);
    expect(items.find((i) => i.text === 'Groupe')).toMatchObject({ x: 25 * MM });
    expect(items.find((i) => i.text === 'Groupe')!.y).toBeLessThan(g.window.y);
    expect(items.find((i) => i.text === '28 November 2026')).toMatchObject({ x: 25 * MM, y: 97 * MM });
    // Folded in three as for form B (105/210 mm), with the hole mark; in half for C5.
    const rules = laid.pages[0]!.filter((i) => i.type === 'rule' && i.x1 === 4 * MM).map((r) => (r as { y1: number }).y1 / MM);
    expect(rules.map((y) => Math.round(y * 10) / 10)).toEqual([105, 210, 148.5]);
    expect(paperGeometry('a4', 'right', 'c5').foldMarks).toEqual([148.5 * MM]);
    // The window and everything in it are the right window's; US Letter has one layout.
    expect(g.addressBox.x + g.addressBox.width).toBeLessThanOrEqual(g.window.x + g.window.width);
    expect(g.returnBox!.x).toBeGreaterThanOrEqual(g.window.x);
    expect(paperGeometry('letter', 'right')).toEqual(PAPERS.letter);
  });

  it('fits six lines and a long line broken over two, as form B does', () => {
    const six = ['His Excellency Islam Karimov', 'President of the Republic of Uzbekistan', 'Rezidentsiya Prezidenta', 'ul. Uzbekistanskaya 43', '700163 Tashkent', 'UZBEKISTAN'];
    expect(layoutLetter(letter({ dinForm: 'right', address: six }), fonts).addressSize).toBe(10);
    const laid = layoutLetter(letter({ dinForm: 'right', address: ['José Manuel Albares Bueno', 'Ministro de Asuntos Exteriores, Unión Europea y Cooperación de España', 'Plaza de la Provincia 1', '28012 Madrid'] }), fonts);
    const lines = texts(laid.pages[0]!).filter((i) => i.size === laid.addressSize && i.x === 110 * MM);
    expect(lines).toHaveLength(5);
    for (const l of lines) expect(l.x + fonts.width(l.text, l.style, l.size)).toBeLessThanOrEqual(190 * MM);
  });
});
