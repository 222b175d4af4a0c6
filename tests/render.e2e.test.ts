import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BASE_CASE, listFiles, makeCampaign, runCli, sampleCampaign } from './helpers/cli.js';
import { MM, readPdf } from './helpers/pdf.js';

describe('letters render on the sample campaign', () => {
  let dir: string;
  let result: ReturnType<typeof runCli>;
  beforeAll(() => {
    dir = sampleCampaign();
    result = runCli(['render', 'cases/yusuf-dzhumaev.yaml', '--date', '2002-01-15'], dir);
  });

  it('writes one PDF per official and a manifest, and says so in one line', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Wrote 7 letters \(7 pages\) to out\/yusuf-dzhumaev\/ in \d+\.\d s\n$/);
    const files = listFiles(path.join(dir, 'out/yusuf-dzhumaev'));
    expect(files).toHaveLength(8);
    expect(files).toContain('001-islam-karimov.pdf');
    expect(files).toContain('manifest.csv');
    const raw = readFileSync(path.join(dir, 'out/yusuf-dzhumaev/manifest.csv'), 'utf8');
    expect(raw.startsWith('\uFEFF')).toBe(true); // Excel reads it as UTF-8
    const manifest = raw.slice(1).trim().split('\n');
    expect(manifest[0]).toBe('number,recipient,position,country,file,pages,made_from');
    expect(manifest[1]).toMatch(/^1,His Excellency Islam Karimov,President of the Republic of Uzbekistan,Uzbekistan,001-islam-karimov\.pdf,1,[0-9a-f]{8}$/);
    expect(manifest).toHaveLength(8);
  });

  it('prints the address in the DIN 5008 window and the letter text in order', async () => {
    const [page, ...rest] = await readPdf(path.join(dir, 'out/yusuf-dzhumaev/001-islam-karimov.pdf'));
    expect(rest).toHaveLength(0);
    expect(page!.width).toBeCloseTo(210 * MM, 0);
    const lines = page!.text.split('\n');
    const addressStart = lines.indexOf('His Excellency Islam Karimov');
    expect(lines.slice(addressStart, addressStart + 6)).toEqual([
      'His Excellency Islam Karimov',
      'President of the Republic of Uzbekistan',
      'Rezidentsiya Prezidenta',
      'ul. Uzbekistanskaya 43',
      '700163 Tashkent',
      'UZBEKISTAN',
    ]);
    const order = ['15 January 2002', 'Yusuf Dzhumaev, poet, detained since 23 October 2001', 'Your Excellency,', 'Yours sincerely,'];
    const positions = order.map((t) => lines.indexOf(t));
    expect(positions.every((p) => p > addressStart)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // Window: 20 mm from the left, 45 mm from the top, 85 x 45 mm.
    for (const item of page!.items.filter((i) => lines.slice(addressStart, addressStart + 6).includes(i.str))) {
      expect(item.x).toBeGreaterThanOrEqual(20 * MM);
      expect(item.x + item.width).toBeLessThanOrEqual(105 * MM);
      expect(item.y - item.fontSize).toBeGreaterThanOrEqual(45 * MM + 17.7 * MM);
      expect(item.y).toBeLessThanOrEqual(90 * MM);
    }
  });
});

describe('letters for window envelopes with the window on the right (a group in Lyon)', () => {
  const LYON_CASE = BASE_CASE.replace(
    /sender:[\s\S]*$/,
    "sender:\n  name: Groupe Lettres pour la liberté\n  address: [12 rue de la République]\n  city: Lyon\n  postcode: '69002'\n  country: France\n",
  );
  const LETTRE = (front: string) => `---\nsubject: Au sujet de {{case.name}}\nlanguage: fr\n${front}---\nJe vous écris au sujet de **{{case.name}}**, détenu depuis le {{date case.detained "long"}}.\n\n{{case.ask}}\n`;
  // Six lines, the most a window takes.
  const CSV = `title,first_name,last_name,position,organisation,salutation,address_1,city,postcode,country
S.E.,Shavkat,Mirziyoyev,Président de la République,Administration présidentielle,Monsieur le Président,Uzbekistanskaya 43,Tashkent,700163,Uzbekistan
`;
  const ADDRESS = ['S.E. Shavkat Mirziyoyev', 'Président de la République', 'Administration présidentielle', 'Uzbekistanskaya 43', '700163 Tashkent', 'UZBEKISTAN'];
  /** What of the sheet shows through the window, wherever the sheet sits in the envelope (mm). */
  interface Shown { left: number; right: number; top: number; bottom: number }
  // DL 220 x 110 mm, window 100 x 45 mm, 20 mm from the right edge and 15 mm from the bottom; the
  // sheet (210 mm wide, folded at 105/210 mm) anywhere across, its top 0 to 5 mm below the envelope's:
  // 100-200 or 90-190 mm across, 50-95 or 45-90 mm down.
  const DL: Shown = { left: 100, right: 190, top: 50, bottom: 90 };
  // C5 229 x 162 mm, folded in half (148.5 mm), the window as high as DIN's C5 window (60 mm from
  // the bottom, 20 mm from the right): 109-209 or 90-190 mm across, 57-102 or 43.5-88.5 down.
  const C5: Shown = { left: 109, right: 190, top: 57, bottom: 88.5 };
  const inWindow = (item: { str: string; x: number; y: number; width: number; fontSize: number }, w: Shown) => {
    expect(item.x, item.str).toBeGreaterThanOrEqual(w.left * MM);
    expect(item.x + item.width, item.str).toBeLessThanOrEqual(w.right * MM);
    expect(item.y - item.fontSize, item.str).toBeGreaterThanOrEqual(w.top * MM - 0.1); // the em above the baseline
    expect(item.y + 0.25 * item.fontSize, item.str).toBeLessThanOrEqual(w.bottom * MM); // and the descent
  };
  /** No two pieces of text on the page overlap (their em boxes). */
  const noOverlap = (items: { str: string; x: number; y: number; width: number; fontSize: number }[]) => {
    const box = (i: (typeof items)[number]) => ({ x1: i.x, x2: i.x + i.width, y1: i.y - 0.8 * i.fontSize, y2: i.y + 0.2 * i.fontSize });
    items.forEach((a, k) => {
      for (const b of items.slice(k + 1)) {
        const [p, q] = [box(a), box(b)];
        const overlap = p.x1 < q.x2 - 0.1 && q.x1 < p.x2 - 0.1 && p.y1 < q.y2 - 0.1 && q.y1 < p.y2 - 0.1;
        expect(overlap, `"${a.str}" and "${b.str}"`).toBe(false);
      }
    });
  };

  it('puts the return line and the address in a DL window on the right, the date and the letterhead out of it', async () => {
    const dir = makeCampaign({ case: LYON_CASE, csv: CSV, template: LETTRE('window: right\n') });
    const r = runCli(['render', 'case.yaml', '--date', '2026-11-30'], dir);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).not.toContain('window');
    const [page] = await readPdf(path.join(dir, 'out/test-case/001-shavkat-mirziyoyev.pdf'));
    const lines = page!.text.split('\n');
    const start = lines.indexOf(ADDRESS[0]!);
    expect(lines.slice(start - 1, start + 6)).toEqual(['Groupe Lettres pour la liberté · 12 rue de la République · 69002 LYON · France', ...ADDRESS]);
    const address = page!.items.filter((i) => ADDRESS.includes(i.str));
    expect(address).toHaveLength(6);
    for (const item of address) inWindow(item, DL);
    expect(Math.min(...address.map((i) => i.x))).toBeCloseTo(110 * MM, 1);
    const returnLine = page!.items.find((i) => i.str.startsWith('Groupe Lettres pour la liberté ·'))!;
    inWindow(returnLine, DL);
    // The letterhead top left, above the window; the date at the left margin, never in the window.
    const letterhead = page!.items.find((i) => i.str === 'Groupe Lettres pour la liberté')!;
    expect(letterhead.x).toBeCloseTo(25 * MM, 1);
    expect(letterhead.y).toBeLessThan(45 * MM);
    const date = page!.items.find((i) => i.str === 'Lyon, le 30 novembre 2026')!; // (a French letter is dated from its place)
    expect(date.x).toBeCloseTo(25 * MM, 1);
    expect(date.x + date.width).toBeLessThan(90 * MM);
    expect(date.y).toBeGreaterThan(90 * MM);
    // The subject and the text after them.
    const order = ['Lyon, le 30 novembre 2026', 'Objet : Au sujet de Yusuf Dzhumaev', 'Monsieur le Président,'].map((t) => lines.indexOf(t));
    expect(order.every((p) => p > start + 5)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    noOverlap(page!.items);

    // The same with --window right and a template that does not say its window.
    const plain = makeCampaign({ case: LYON_CASE, csv: CSV, template: LETTRE('') });
    expect(runCli(['render', 'case.yaml', '--window', 'right'], plain).code).toBe(0);
    const [again] = await readPdf(path.join(plain, 'out/test-case/001-shavkat-mirziyoyev.pdf'));
    for (const item of again!.items.filter((i) => ADDRESS.includes(i.str))) inWindow(item, DL);
  });

  it('folded in half for a C5 window envelope, the address is in its window too; the envelopes are as before', async () => {
    const dir = makeCampaign({ case: LYON_CASE, csv: CSV, template: LETTRE('window: right\n') });
    const r = runCli(['print', 'case.yaml', '--envelope', 'c5'], dir);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const [page] = await readPdf(path.join(dir, 'out/test-case/print/letters.pdf'));
    const address = page!.items.filter((i) => ADDRESS.includes(i.str));
    expect(address).toHaveLength(6);
    for (const item of address) inWindow(item, C5);
    noOverlap(page!.items);
    // The envelope printed for the letter does not depend on the window's side.
    const envelopes = await readPdf(path.join(dir, 'out/test-case/print/envelopes.pdf'));
    const left = makeCampaign({ case: LYON_CASE, csv: CSV, template: LETTRE('window: left\n') });
    expect(runCli(['print', 'case.yaml', '--envelope', 'c5'], left).code).toBe(0);
    expect(await readPdf(path.join(left, 'out/test-case/print/envelopes.pdf'))).toEqual(envelopes);
  });

  it('says the window may be on the right for a group in France, unless the template or the run says its side', () => {
    const dir = makeCampaign({ case: LYON_CASE, csv: CSV, template: LETTRE('') });
    const r = runCli(['render', 'case.yaml'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('letter.hbs:1: the letters are laid out for an envelope window on the left (DIN 5008), but the group posts from France, where window envelopes often have it on the right');
    expect(r.stderr).toContain('hint: for envelopes with the window on the right, add "window: right" to the template\'s front matter (or run with --window right)');
    const check = runCli(['check', 'case.yaml', '--json'], dir);
    expect(JSON.parse(check.stdout).findings.map((f: { code: string; severity: string }) => `${f.severity} ${f.code}`)).toContain('warning window');
    for (const args of [['--window', 'left'], ['--window', 'right'], ['--din-form', 'b']]) {
      expect(runCli(['render', 'case.yaml', ...args], dir).stderr, args.join(' ')).toBe('');
    }
    // Not for a group in the UK.
    expect(runCli(['render', 'case.yaml'], makeCampaign({ csv: CSV, template: LETTRE('') })).stderr).toBe('');
    // Two ways of saying the window's place that disagree, or the right window on US Letter, are refused.
    const both = runCli(['render', 'case.yaml', '--window', 'right', '--din-form', 'a'], dir);
    expect([both.code, both.stderr]).toEqual([2, expect.stringContaining('--din-form a places the window on the left (DIN 5008), and --window right on the right: give one of them')]);
    const letter = runCli(['render', 'case.yaml', '--window', 'right', '--paper', 'letter'], dir);
    expect([letter.code, letter.stderr]).toEqual([2, expect.stringContaining('--window right is for A4 paper')]);
  });
});
