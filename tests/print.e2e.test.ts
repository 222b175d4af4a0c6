import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENVELOPES, ENVELOPE_NAMES } from '../src/layout/envelopes.js';
import { paperGeometry, type Rect } from '../src/layout/geometry.js';
import { LABEL_NAMES, LABEL_SHEETS, labelCell } from '../src/layout/labels.js';
import { listFiles, makeCampaign, runCli, sampleCampaign, withoutWarnings } from './helpers/cli.js';
import { MM, readPdf, type PdfText } from './helpers/pdf.js';

const inside = (t: PdfText, r: Rect, slack = 0.01) =>
  t.x >= r.x - slack && t.x + t.width <= r.x + r.width + slack && t.y - t.fontSize >= r.y - slack && t.y + 0.25 * t.fontSize <= r.y + r.height + slack;

const SIX_LINES = [
  'name,position,organisation,address_1,address_2,city,postcode,country',
  '"Шавкат Мирзиёев, Президент",Oʻzbekiston Respublikasi Prezidenti,,Mustaqillik maydoni 5,Yunusobod tumani,Toshkent,100000,Uzbekistan',
  'Ηλίας Παπαδόπουλος,Υπουργός Δικαιοσύνης,,Μεσογείων 96,,Αθήνα,115 27,Greece',
  "O'Brien & Sons <HQ>,Director of Public Prosecutions,,Infirmary Road,,Dublin 7,D07 FHN8,Ireland",
].join('\n');

describe('letters print', () => {
  it('writes letters, envelopes, labels and a print list in one order: country, then postcode', async () => {
    const dir = sampleCampaign();
    const r = runCli(['print', 'cases/yusuf-dzhumaev.yaml', '--date', '2002-01-15', '--airmail'], dir);
    expect(r.stderr).toBe(''); // the sample campaign has nothing to warn of
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Printed 7 letters \(13 pages, 7 sheets double-sided\), dl envelopes and l7160 labels \(1 sheet; next time --skip 7\) to out\/yusuf-dzhumaev\/print\/ in/);
    const out = path.join(dir, 'out/yusuf-dzhumaev/print');
    expect(listFiles(out)).toEqual(['envelopes.pdf', 'labels.pdf', 'letters.pdf', 'print-list.csv']);
    const list = readFileSync(path.join(out, 'print-list.csv'), 'utf8').slice(1).trim().split('\n');
    expect(list[0]).toBe('order,number,recipient,position,country,postcode,pages,sheets');
    expect(list.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['1,5', '2,6', '3,7', '4,3', '5,4', '6,2', '7,1']);

    // The same order in all three PDFs: compare the second address line (the position).
    const positions = ['Ambassador of Uzbekistan to the UK', 'Ambassador of Uzbekistan to the USA', 'Ambassador of Uzbekistan to Canada', 'Chairman, National Security Service', 'Minister of Internal Affairs', 'Prosecutor General', 'President of the Republic of Uzbekistan'];
    const letters = await readPdf(path.join(out, 'letters.pdf'));
    expect(letters).toHaveLength(13);
    const letterStarts = letters.flatMap((p, i) => (p.items.length ? [[i + 1, positions.findIndex((pos) => p.text.includes(pos))]] : []));
    expect(letterStarts).toEqual(positions.map((_, k) => [2 * k + 1, k]));
    const envelopes = await readPdf(path.join(out, 'envelopes.pdf'));
    expect(envelopes.map((p) => positions.findIndex((pos) => p.text.includes(pos)))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(envelopes[0]!.text).not.toContain('PAR AVION'); // London from Oxford: domestic
    expect(envelopes[1]!.text).toContain('PAR AVION\nBY AIR MAIL');
    const [labels] = await readPdf(path.join(out, 'labels.pdf'));
    const sheet = LABEL_SHEETS.l7160;
    const cellOf = (i: PdfText) => Math.floor((i.y - sheet.top) / sheet.pitchY) * sheet.columns + Math.floor((i.x - sheet.left) / sheet.pitchX);
    expect(positions.map((pos) => cellOf(labels!.items.find((i) => i.str === pos)!))).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('starts every letter on an odd page for 1-, 2- and 3-page letters; --simplex prints no blank pages', async () => {
    const csv = 'name,address_1,city,postcode,country\nOne,A,Tashkent,100001,Uzbekistan\nTwo,B,Tashkent,100002,Uzbekistan\nThree,C,Tashkent,100003,Uzbekistan\nFour,D,Tashkent,100004,Uzbekistan\n';
    const para = `${'The authorities must act now on this case, without delay. '.repeat(8)}\n\n`;
    const template = `---\nsubject: S\n---\n{{#if (eq recipient.name "Two")}}${para.repeat(7)}{{/if}}{{#if (eq recipient.name "Three")}}${para.repeat(20)}{{/if}}Short.\n`;
    const dir = makeCampaign({ csv, template });
    expect(runCli(['print', 'case.yaml'], dir).code).toBe(0);
    const pages = await readPdf(path.join(dir, 'out/test-case/print/letters.pdf'));
    const starts = pages.flatMap((p, i) => (p.text.includes('Dear Sir or Madam,') ? [i + 1] : []));
    expect(starts).toEqual([1, 3, 5, 9]); // 1 page + blank, 2 pages, 3 pages + blank, 1 page
    expect(pages).toHaveLength(9);
    expect(pages[1]!.items).toHaveLength(0);
    expect(pages[7]!.items).toHaveLength(0);
    const list = readFileSync(path.join(dir, 'out/test-case/print/print-list.csv'), 'utf8').trim().split('\n').slice(1);
    expect(list.map((l) => l.split(',').slice(-2).join('/'))).toEqual(['1/1', '2/1', '3/2', '1/1']);

    expect(runCli(['print', 'case.yaml', '--simplex'], dir).code).toBe(0);
    const simplex = await readPdf(path.join(dir, 'out/test-case/print/letters.pdf'));
    expect(simplex).toHaveLength(7);
    expect(simplex.every((p) => p.items.length > 0)).toBe(true);
  });

  for (const paper of ['a4', 'letter'] as const) {
    // (A #10 envelope takes US Letter only: with A4 it is refused, see the calibration page's test.)
    for (const envelope of ENVELOPE_NAMES.filter((e) => !(paper === 'a4' && e === 'us10'))) {
      it(`puts the address in the window on ${paper} for ${envelope} envelopes, and on the envelope in its address zone`, async () => {
        const dir = makeCampaign({ csv: SIX_LINES });
        const r = runCli(['print', 'case.yaml', '--paper', paper, '--envelope', envelope], dir);
        expect(withoutWarnings(r.stderr)).toBe('');
        expect(r.code).toBe(0);
        const out = path.join(dir, 'out/test-case/print');
        const window = paperGeometry(paper, 'b', envelope).window;
        const letters = await readPdf(path.join(out, 'letters.pdf'));
        const envelopes = await readPdf(path.join(out, 'envelopes.pdf'));
        const preset = ENVELOPES[envelope];
        let checked = 0;
        for (const [k, first] of ['Шавкат Мирзиёев, Президент', 'Ηλίας Παπαδόπουλος', "O'Brien & Sons <HQ>"].entries()) {
          const page = letters.find((p) => p.items.some((i) => i.str === first))!;
          const head = page.items.find((i) => i.str === first)!;
          // The address block: the lines set flush under its first line.
          const block = page.items.filter((i) => Math.abs(i.x - head.x) < 0.1 && i.y >= head.y && i.y < head.y + 30 * MM);
          expect(block.length, first).toBeGreaterThanOrEqual(5);
          for (const item of block) {
            expect(inside(item, window), `${item.str} in the window`).toBe(true);
            expect(item.fontSize).toBeGreaterThanOrEqual(8);
          }
          const env = envelopes.find((p) => p.items.some((i) => i.str === first))!;
          expect(env.width).toBeCloseTo(preset.width, 1);
          const eStart = env.items.findIndex((i) => i.str === first);
          for (const item of env.items.slice(eStart)) {
            expect(inside(item, preset.addressZone), `${item.str} in the address zone`).toBe(true);
            checked++;
          }
          expect(k).toBeLessThan(3);
        }
        expect(checked).toBeGreaterThanOrEqual(15);
      });
    }
  }

  for (const name of LABEL_NAMES) {
    it(`keeps every label's text inside its cell on ${name}, from --skip on`, async () => {
      const sheet = LABEL_SHEETS[name];
      const rows = [SIX_LINES, ...Array.from({ length: sheet.columns * sheet.rows }, (_, i) => SIX_LINES.split('\n')[1 + (i % 3)]!.replace(/^"?/, (m) => `${m}${i} `))];
      const dir = makeCampaign({ csv: rows.join('\n') });
      const r = runCli(['print', 'case.yaml', '--labels', name, '--skip', '2', '--paper', sheet.paper], dir);
      expect(withoutWarnings(r.stderr)).toBe('');
      expect(r.code).toBe(0);
      const pages = await readPdf(path.join(dir, 'out/test-case/print/labels.pdf'));
      expect(pages).toHaveLength(2); // 3 + a full sheet's worth of addresses, starting at label 3
      const cells = Array.from({ length: sheet.columns * sheet.rows }, (_, i) => labelCell(sheet, i));
      for (const page of pages) {
        // (Not the spaces pdfjs puts in a gap between two runs it takes for one line: after a line
        // drawn from a form, it compares the next with the run before the form, a label away.)
        for (const item of page.items.filter((i) => i.str.trim())) {
          const cell = cells.find((c) => inside(item, c));
          expect(cell, `${item.str} inside a label`).toBeDefined();
          // Six lines fit even a one-inch label, at a size a sorting machine reads.
          expect(item.fontSize, item.str).toBeGreaterThanOrEqual(8 - 1e-6);
        }
      }
      // All the labels of a sheet in one size, the largest the longest address fits at.
      for (const page of pages) expect(new Set(page.items.filter((i) => i.str.trim()).map((i) => i.fontSize.toFixed(2))).size, 'sizes on one sheet').toBe(1);
      // The first two labels of the first sheet are left empty.
      expect(pages[0]!.items.some((i) => inside(i, cells[0]!) || inside(i, cells[1]!))).toBe(false);
      expect(pages[0]!.items.some((i) => inside(i, cells[2]!))).toBe(true);
    });
  }

  it('breaks a line too long for a label at 8 pt between words, rather than print it smaller', async () => {
    const ministry = 'Ministry of Justice and Human Rights of Uzbekistan'; // 67 mm at 8 pt: fits a window (75), not a label (57.5)
    const csv = `name,organisation,address_1,city,postcode,country\nA B,${ministry},9 Uzbekistan Street,Tashkent,100029,Uzbekistan\n`;
    const dir = makeCampaign({ csv });
    const r = runCli(['print', 'case.yaml', '--labels', 'l7160'], dir);
    expect(withoutWarnings(r.stderr)).toBe('');
    expect(r.code).toBe(0);
    const [page] = await readPdf(path.join(dir, 'out/test-case/print/labels.pdf'));
    const cell = labelCell(LABEL_SHEETS.l7160, 0);
    expect(page!.items.every((i) => i.fontSize >= 8 - 1e-6 && inside(i, cell))).toBe(true);
    const lines = page!.text.split('\n');
    expect(lines).toHaveLength(6); // five, the ministry's over two
    expect(lines.filter((l) => !['A B', '9 Uzbekistan Street', '100029 Tashkent', 'UZBEKISTAN'].includes(l)).join(' ')).toBe(ministry);
    // Broken where the two lines come out most even, not with a word alone on the second.
    expect(lines).toContain('Ministry of Justice and');
    expect(lines).toContain('Human Rights of Uzbekistan');
  });

  it('refuses, before writing anything, an address that cannot fit a label, naming the row and larger labels on the same paper', () => {
    // One word, 64 mm at 8 pt: the window takes it, a 5160 label (2 5/8 in) cannot.
    const csv = 'name,address_1,city,country\nA,Bolshaya-Dmitrovka-Ulitsa-Dom-15A-Stroyeniye-1,Tashkent,Uzbekistan\n';
    const dir = makeCampaign({ csv });
    const r = runCli(['print', 'case.yaml', '--labels', '5160', '--paper', 'letter'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('officials.csv:2: the address does not fit on the label even at 8 pt: "Bolshaya-Dmitrovka-Ulitsa-Dom-15A-Stroyeniye-1" is too long');
    expect(r.stderr).toContain('use larger labels (--labels 5163)');
    expect(listFiles(path.join(dir, 'out'))).toEqual([]);
    expect(runCli(['print', 'case.yaml', '--labels', '5163', '--paper', 'letter'], dir).code).toBe(0);
  });

  it('check says what print would refuse on the paper\'s labels; --labels none and --envelope none print without them', async () => {
    // Seven lines on a 5160 label (2 5/8 in wide) for an address of six in the window.
    const csv = 'name,position,address_1,address_2,city,postcode,country\nA B,Ministre de l’Intérieur et des Collectivités locales,Palais du Gouvernement,Rue Docteur Saadane,Alger,16000,Algeria\n';
    const dir = makeCampaign({ csv, template: '---\npaper: letter\n---\nI write.\n' });
    const checked = runCli(['check', 'case.yaml'], dir);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain('officials.csv:2: on print\'s 5160 label: the address does not fit on the label even at 8 pt: it takes 7 lines ("Ministre de l’Intérieur et des Collectivités locales" takes two): print would refuse it');
    expect(checked.stdout).toContain('print without labels: --labels none');
    expect(runCli(['render', 'case.yaml'], dir).code).toBe(0); // (render makes no labels)
    const refused = runCli(['print', 'case.yaml'], dir);
    expect(refused.code).toBe(2);
    const bare = runCli(['print', 'case.yaml', '--labels', 'none', '--envelope', 'none'], dir);
    expect(bare.code, bare.stderr).toBe(0);
    expect(bare.stdout).toMatch(/^Printed 1 letter \(1 page, 1 sheet double-sided\), no envelopes or labels to out\/test-case\/print\//);
    expect(listFiles(path.join(dir, 'out/test-case/print'))).toEqual(['letters.pdf', 'print-list.csv']);
    const withEnvelopes = runCli(['print', 'case.yaml', '--labels', 'none'], dir);
    expect(withEnvelopes.stdout).toContain('us10 envelopes to');
    expect(listFiles(path.join(dir, 'out/test-case/print'))).toEqual(['envelopes.pdf', 'letters.pdf', 'print-list.csv']);
    // The letters are still laid out for the window of the paper's envelope.
    const [page] = await readPdf(path.join(dir, 'out/test-case/print/letters.pdf'));
    expect(page!.text).toContain('ALGERIA');
  });

  it('says when a run over part of the list replaced an earlier pack', () => {
    const csv = 'name,address_1,city,postcode,country\nA,S,Tashkent,100001,Uzbekistan\nB,S,Tashkent,100002,Uzbekistan\nC,S,Tashkent,100003,Uzbekistan\n';
    const dir = makeCampaign({ csv });
    expect(runCli(['print', 'case.yaml'], dir).stderr).not.toContain('replaced');
    const part = runCli(['print', 'case.yaml', '--where', 'name=A'], dir);
    expect(part.code).toBe(0);
    expect(part.stderr).toContain('note: this replaced the print pack an earlier run left in out/test-case/print/ (3 letters): if it was not printed yet, the same command without --where/--limit makes it again');
    expect(runCli(['print', 'case.yaml'], dir).stderr).not.toContain('replaced');
  });

  it('render says when the print pack, or a bundle it did not make again, is older than the letters', () => {
    const csv = 'name,address_1,city,postcode,country\nA,S,Tashkent,100001,Uzbekistan\nB,S,Tashkent,100002,Uzbekistan\n';
    const dir = makeCampaign({ csv });
    expect(runCli(['print', 'case.yaml'], dir).code).toBe(0);
    expect(runCli(['render', 'case.yaml', '--bundle'], dir).stderr).toBe('');
    // The list corrected after the print pack was made (its time a minute on, as a later save's).
    writeFileSync(path.join(dir, 'officials.csv'), csv.replace('A,S,', 'A,Street 5,'));
    const later = new Date(Date.now() + 60_000);
    utimesSync(path.join(dir, 'officials.csv'), later, later);
    const r = runCli(['render', 'case.yaml', '--where', 'name=A'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`note: the print pack in out${path.sep}test-case${path.sep}print/ was made before the officials' list, the case, the template or the signer last changed: make it again (letters print case.yaml) before printing it`);
    expect(r.stderr).toContain(`note: out${path.sep}test-case${path.sep}bundle.pdf was made before the officials' list, the case, the template or the signer last changed: letters render case.yaml --bundle (without --where/--limit) makes it again, before printing it`);
    // Made again, nothing is said.
    expect(runCli(['print', 'case.yaml'], dir).code).toBe(0);
    utimesSync(path.join(dir, 'out/test-case/print/print-list.csv'), later, later);
    expect(runCli(['render', 'case.yaml', '--bundle'], dir).stderr).toBe('');
  });

  it('--sort uses a column; --offset-x/-y move everything by millimetres', async () => {
    const csv = 'name,address_1,city,postcode,country,priority\nA,S,Tashkent,100001,Uzbekistan,3\nB,S,Tashkent,100002,Uzbekistan,1\nC,S,Tashkent,100003,Uzbekistan,2\n';
    const dir = makeCampaign({ csv });
    expect(runCli(['print', 'case.yaml', '--sort', 'Priority', '--simplex'], dir).code).toBe(0);
    const plain = await readPdf(path.join(dir, 'out/test-case/print/letters.pdf'));
    expect(plain.map((p) => p.items.find((i) => ['A', 'B', 'C'].includes(i.str))!.str)).toEqual(['B', 'C', 'A']);
    expect(runCli(['print', 'case.yaml', '--sort', 'priority', '--simplex', '--offset-x', '2', '--offset-y', '-1.5'], dir).code).toBe(0);
    const shifted = await readPdf(path.join(dir, 'out/test-case/print/letters.pdf'));
    const a = plain[0]!.items.find((i) => i.str === 'B')!;
    const b = shifted[0]!.items.find((i) => i.str === 'B')!;
    expect(b.x - a.x).toBeCloseTo(2 * MM, 2);
    expect(b.y - a.y).toBeCloseTo(-1.5 * MM, 2);
    expect(runCli(['print', 'case.yaml', '--sort', 'prio'], dir).stderr).toContain('--sort: officials.csv has no column "prio"');
    expect(runCli(['print', 'case.yaml', '--sort', 'priorty'], dir).stderr).toContain('--sort: officials.csv has no column "priorty" (did you mean "priority"?)');
  });

  it('sorts the pile and lists it by the ZIP code as printed: "205151305" is 20515-1305, before 60611', async () => {
    // (A US campaign's columns, as a user trial had them.)
    const csv =
      'first_name,last_name,position,address_1,city,state,zip,country\n' +
      'Ann,Lee,Senator,230 S Dearborn St,Chicago,IL,60611,USA\n' +
      'Bob,Ray,Representative,2367 Rayburn House Office Building,Washington,DC,205151305,USA\n' +
      'Cy,Dorn,Senator,711 Hart Senate Office Building,Washington,DC,20510,USA\n' +
      'Di,Fox,Senator,1 Bowdoin Sq,Boston,MA,02114,USA\n';
    const dir = makeCampaign({ csv });
    const r = runCli(['print', 'case.yaml'], dir);
    expect(r.code).toBe(0);
    const out = path.join(dir, 'out/test-case/print');
    const list = readFileSync(path.join(out, 'print-list.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\n').slice(1).map((l) => l.split(','));
    expect(list.map((l) => `${l[2]} ${l[5]}`)).toEqual(['Di Fox 02114', 'Cy Dorn 20510', 'Bob Ray 20515-1305', 'Ann Lee 60611']);
    const letters = await readPdf(path.join(out, 'letters.pdf'));
    const localities = letters.flatMap((p) => p.text.split('\n').filter((l) => /^(?:Boston|Washington|Chicago) [A-Z]{2} \d/.test(l)).slice(0, 1));
    expect(localities).toEqual(['Boston MA 02114', 'Washington DC 20510', 'Washington DC 20515-1305', 'Chicago IL 60611']);
  });

  it('prints a state written with dots, or as the old abbreviations had it, as its USPS code: "D.C." is DC, "Ill." IL', async () => {
    const csv =
      'first_name,last_name,position,address_1,city,state,zip,country\n' +
      'Ann,Lee,Senator,230 S Dearborn St,Chicago,Ill.,60604,USA\n' +
      'Bob,Ray,Senator,711 Hart Senate Office Building,Washington,D.C.,20510,USA\n' +
      'Cy,Dorn,Senator,780 Third Ave,New York,N.Y.,10017,USA\n' +
      'Di,Fox,Senator,1021 O St,Sacramento,Calif.,95814,USA\n' +
      'Ed,Kim,Senator,1 Market St,Harrisburg,Penn.,17101,USA\n' +
      'Flo,Park,Representative,2367 Rayburn House Office Building,Washington,d.c.,20515,USA\n';
    const dir = makeCampaign({ csv });
    const r = runCli(['print', 'case.yaml'], dir);
    expect(r.stderr).not.toContain('is not a US state');
    expect(r.code).toBe(0);
    const out = path.join(dir, 'out/test-case/print');
    const expected = ['New York NY 10017', 'Harrisburg PA 17101', 'Washington DC 20510', 'Washington DC 20515', 'Chicago IL 60604', 'Sacramento CA 95814'];
    const locality = (text: string) => text.split('\n').find((l) => /^(?:New York|Harrisburg|Washington|Chicago|Sacramento) \S+ \d{5}$/.test(l));
    const letters = await readPdf(path.join(out, 'letters.pdf'));
    expect(letters.filter((p) => p.items.length).map((p) => locality(p.text))).toEqual(expected);
    const envelopes = await readPdf(path.join(out, 'envelopes.pdf'));
    expect(envelopes.map((p) => locality(p.text))).toEqual(expected);
  });
});

describe('print: safety', () => {
  it('refuses an offset that would push text off the page or labels off the sheet', () => {
    const dir = makeCampaign();
    const r = runCli(['print', 'case.yaml', '--offset-y', '-50'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--offset-x 0mm --offset-y -50mm would push labels off the Avery L7160');
    const x = runCli(['print', 'case.yaml', '--labels', 'l7163', '--offset-x', '12'], dir);
    expect(x.code).toBe(2);
    expect(x.stderr).toMatch(/--offset-x 12mm --offset-y 0mm would push (labels off|".*" off the edge)/);
    expect(listFiles(path.join(dir, 'out'))).toEqual([]);
    const render = runCli(['render', 'case.yaml', '--offset-x', '-30'], dir);
    expect(render.code).toBe(2);
    expect(render.stderr).toContain('off the edge of the page');
  });

  it('marks air mail only on letters going abroad; takes label names in capitals; says which label is next', async () => {
    const csv = 'name,address_1,city,postcode,country\nAbroad,S,Tashkent,100001,Uzbekistan\nHome,S,Leeds,LS1 1UR,United Kingdom\n';
    const dir = makeCampaign({ csv });
    const r = runCli(['print', 'case.yaml', '--airmail', '--labels', 'L7160', '--skip', '4'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('l7160 labels (1 sheet; next time --skip 6)');
    const envelopes = await readPdf(path.join(dir, 'out/test-case/print/envelopes.pdf'));
    expect(envelopes.map((p) => [p.text.includes('Abroad'), p.text.includes('PAR AVION')])).toEqual([
      [false, false], // United Kingdom sorts first: domestic from the Oxford sender
      [true, true],
    ]);
    expect(envelopes[0]!.text).not.toContain('@'); // no e-mail line on an envelope
    // The return address names the sender's country only on what goes abroad, as the address does.
    expect(envelopes.map((p) => p.text.includes('United Kingdom'))).toEqual([false, true]);
    const letters = await readPdf(path.join(dir, 'out/test-case/print/letters.pdf'));
    const returnLines = letters.map((p) => p.text.split('\n').find((l) => l.startsWith('Letters Group · ')));
    expect(returnLines.filter(Boolean)).toEqual(['Letters Group · 12 Chapel Street · Oxford · OX1 1AA', 'Letters Group · 12 Chapel Street · Oxford · OX1 1AA · United Kingdom']);
  });

  it('replaces its four files together or not at all', () => {
    const dir = makeCampaign();
    expect(runCli(['print', 'case.yaml'], dir).code).toBe(0);
    const out = path.join(dir, 'out/test-case/print');
    const before = readFileSync(path.join(out, 'letters.pdf'));
    rmSync(path.join(out, 'labels.pdf'));
    mkdirSync(path.join(out, 'labels.pdf'));
    const r = runCli(['print', 'case.yaml', '--simplex', '--airmail'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('could not write out/test-case/print/labels.pdf: something that is not a file is in the way; nothing was replaced');
    expect(readFileSync(path.join(out, 'letters.pdf')).equals(before)).toBe(true);
    expect(readdirSync(out).sort()).toEqual(['envelopes.pdf', 'labels.pdf', 'letters.pdf', 'print-list.csv']);
  });

  it('--din-form is for A4 only', () => {
    const dir = makeCampaign();
    const r = runCli(['print', 'case.yaml', '--paper', 'letter', '--din-form', 'a'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--din-form is for A4 paper');
  });
});

describe('letters calibrate', () => {
  it('prints the window, fold and hole marks and rulers at their millimetre positions', async () => {
    const dir = makeCampaign();
    const r = runCli(['calibrate', '--envelope', 'dl'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Calibration page: out/calibrate/dl-a4-form-b.pdf');
    const [page] = await readPdf(path.join(dir, 'out/calibrate/dl-a4-form-b.pdf'));
    const at = (s: string) => page!.items.find((i) => i.str === s)!;
    expect(at('fold 105 mm').y).toBeCloseTo(105 * MM - 1.5 * MM, 1);
    expect(at('fold 210 mm').y).toBeCloseTo(210 * MM - 1.5 * MM, 1);
    expect(at('punch 148.5 mm').y).toBeCloseTo(148.5 * MM - 1.5 * MM, 1);
    const win = at('WINDOW');
    expect(win.x).toBeCloseTo(22 * MM, 1);
    expect(win.y).toBeCloseTo(43.5 * MM, 1);
    const fifty = page!.items.find((i) => i.str === '50' && i.y < 10 * MM)!;
    expect(fifty.x + fifty.width / 2).toBeCloseTo(50 * MM, 0);

    const a = runCli(['calibrate', '--din-form', 'a', '--offset-y', '3'], dir);
    expect(a.code).toBe(0);
    const [formA] = await readPdf(path.join(dir, 'out/calibrate/dl-a4-form-a.pdf'));
    expect(formA!.items.find((i) => i.str === 'fold 87 mm')!.y).toBeCloseTo((87 - 1.5 + 3) * MM, 1);
    expect(formA!.items.find((i) => i.str === 'WINDOW')!.y).toBeCloseTo((27 - 1.5 + 3) * MM, 1);

    // A #10 envelope with A4 is refused: its window does not show the DIN 5008 address (the
    // country line half hidden); US Letter in a DL envelope is fine, and its page says whose window it draws.
    const a4us10 = runCli(['calibrate', '--envelope', 'us10', '--paper', 'a4'], dir);
    expect([a4us10.code, a4us10.stderr]).toEqual([2, expect.stringContaining('a #10 window envelope is for US Letter')]);
    expect(runCli(['print', 'case.yaml', '--envelope', 'us10', '--paper', 'a4'], dir).stderr).toContain('hint: for A4, use --envelope dl (or c5, c4); for #10 envelopes, --paper letter');
    expect(runCli(['calibrate', '--envelope', 'dl', '--paper', 'letter'], dir).code).toBe(0);
    const [dlLetter] = await readPdf(path.join(dir, 'out/calibrate/dl-letter.pdf'));
    expect(dlLetter!.text).toContain('#10 WINDOW (a DL window is larger: it shows the address area too)');

    const us = runCli(['calibrate', '--envelope', 'us10'], dir);
    expect(us.stdout).toContain('out/calibrate/us10-letter.pdf');
    const [letter] = await readPdf(path.join(dir, 'out/calibrate/us10-letter.pdf'));
    expect(letter!.width).toBeCloseTo(612, 0);
    expect(letter!.items.find((i) => i.str === 'fold 3.67 in')).toBeDefined();
    // Letter paper has inch rulers: the 5 stands over the tick 5 inches from the edge.
    const five = letter!.items.find((i) => i.str === '5' && i.y < 10 * MM)!;
    expect(five.x + five.width / 2).toBeCloseTo(5 * 72, 0);
    expect(letter!.text).toContain('the 5 on the ruler should be 5 inches from the edge');

    // An offset in inches, as a US user measures it: 1/16 in right, 0.05 in up.
    const inches = runCli(['calibrate', '--envelope', 'us10', '--offset-x', '1/16in', '--offset-y=-0.05in'], dir);
    expect(inches.code, inches.stderr).toBe(0);
    const [moved] = await readPdf(path.join(dir, 'out/calibrate/us10-letter.pdf'));
    const [was, now] = [letter, moved].map((p) => p!.items.find((i) => i.str === 'WINDOW')!);
    expect(now!.x - was!.x).toBeCloseTo(72 / 16, 1);
    expect(now!.y - was!.y).toBeCloseTo(-0.05 * 72, 1);
    expect(moved!.text).toContain('Offset tried: x 0.06 in (1.6 mm), y -0.05 in (-1.3 mm).');
    // A number alone would be millimetres: on the inch-ruled page for Letter, the unit is asked for.
    const bare = runCli(['calibrate', '--envelope', 'us10', '--offset-y', '0.1'], dir);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('--offset-y: say the unit on US Letter, where the rulers are in inches: 0.1in, 1/16in, or 2mm');
    expect(runCli(['calibrate', '--envelope', 'us10', '--offset-y', '2mm', '--offset-x', '0'], dir).code).toBe(0);
  });

  it('tries offsets that move the rulers off the page, and refuses one that would push the window or its words off it', () => {
    const dir = makeCampaign();
    const file = path.join(dir, 'out/calibrate/dl-a4-form-b.pdf');
    expect(runCli(['calibrate', '--offset-x', '-2', '--offset-y', '-1.5'], dir).code).toBe(0);
    rmSync(file);
    for (const [axis, mm, what] of [['--offset-x', '50', '"Print at 100 %'], ['--offset-y', '-48', '"WINDOW" off the edge of the page'], ['--offset-x', '-30', '"WINDOW" off the edge of the page']]) {
      const r = runCli(['calibrate', axis!, mm!], dir);
      expect(r.code, `${axis} ${mm}`).toBe(2);
      expect(r.stderr).toContain(`would push ${what}`);
      expect(r.stderr).toContain('hint: printers are off by a few millimetres');
      expect(existsSync(file)).toBe(false);
    }
  });

  it('draws the window on the right (--window right), for French window envelopes', async () => {
    const dir = makeCampaign();
    const r = runCli(['calibrate', '--window', 'right'], dir);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toContain('Calibration page: out/calibrate/dl-a4-right.pdf');
    const [page] = await readPdf(path.join(dir, 'out/calibrate/dl-a4-right.pdf'));
    const at = (s: string) => page!.items.find((i) => i.str.startsWith(s))!;
    // The window of a DL envelope on a sheet centred in it (95-195 mm), 45 mm from the top, and the
    // address area in it, 110 mm from the left, 57 mm from the top; folded in three at 105/210 mm.
    expect(at('WINDOW').x).toBeCloseTo(97 * MM, 1);
    expect(at('WINDOW').y).toBeCloseTo(43.5 * MM, 1);
    expect(at('address area').str).toBe('address area (110 mm from the left, 57 mm from the top)');
    expect(at('address area').x).toBeCloseTo(111 * MM, 1);
    expect(at('fold 105 mm').y).toBeCloseTo(103.5 * MM, 1);
    expect(page!.text).toContain('letters calibrate: DL (220 × 110 mm) window envelope, A4, window on the right');
    // In half for C5; --din-form is DIN 5008's window on the left, and US Letter has one window.
    expect(runCli(['calibrate', '--window', 'right', '--envelope', 'c5'], dir).stdout).toContain('out/calibrate/c5-a4-right.pdf');
    const [c5] = await readPdf(path.join(dir, 'out/calibrate/c5-a4-right.pdf'));
    expect(c5!.items.find((i) => i.str === 'fold 148.5 mm')).toBeDefined();
    const both = runCli(['calibrate', '--window', 'right', '--din-form', 'a'], dir);
    expect([both.code, both.stderr]).toEqual([2, expect.stringContaining('--din-form a places the window on the left (DIN 5008), and --window right on the right')]);
    const letter = runCli(['calibrate', '--window', 'right', '--paper', 'letter'], dir);
    expect([letter.code, letter.stderr]).toEqual([2, expect.stringContaining('--window right is for A4 paper')]);
    expect(runCli(['calibrate', '--window', 'left'], dir).stdout).toContain('out/calibrate/dl-a4-form-b.pdf');
  });
});
