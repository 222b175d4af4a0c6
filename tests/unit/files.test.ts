import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { csvText, fromSheet } from '../../src/output/csvfile.js';
import { letterFileName, LineList, slugify, temporaryNames, writeAtomically } from '../../src/output/files.js';
import { ManifestWriter, manifestRows, readManifest } from '../../src/output/manifest.js';

describe('slugify', () => {
  it('makes readable ASCII slugs', () => {
    expect(slugify('H.E. Islam Karimov')).toBe('h-e-islam-karimov');
    expect(slugify('Ислам Каримов')).toBe('islam-karimov');
    expect(slugify('Oʻzbekiston')).toBe('ozbekiston');
    expect(slugify("O'Brien")).toBe('obrien');
    expect(slugify('Müller & Söhne')).toBe('muller-sohne');
    expect(slugify('Elçin Məmmədov')).toBe('elcin-memmedov'); // (Azerbaijani ə has no accent to take off)
    expect(slugify('Straße')).toBe('strasse');
    expect(slugify('Ўзбекистон Республикаси')).toBe('ozbekiston-respublikasi');
    expect(slugify('José Ramos-Horta')).toBe('jose-ramos-horta');
  });

  it('removes every path and device part', () => {
    expect(slugify('../../etc/passwd')).toBe('etc-passwd');
    expect(slugify('/abs/path')).toBe('abs-path');
    expect(slugify('C:\\Windows\\system32')).toBe('c-windows-system32');
    expect(slugify('..')).toBe('');
    expect(slugify('😀😀')).toBe('');
  });

  it('cuts long values at maxLength without a trailing "-"', () => {
    expect(slugify('a'.repeat(500))).toBe('a'.repeat(60));
    expect(slugify('ab '.repeat(40))).toBe('ab-'.repeat(20).slice(0, 59));
    expect(slugify('abcdef ghij', 7)).toBe('abcdef');
  });

  it('transliterates Greek', () => {
    expect(slugify('Ηλίας Παπαδόπουλος')).toBe('ilias-papadopoulos');
  });

  it('spells Latin letters without a decomposition in ASCII', () => {
    expect(slugify('Lech Wałęsa')).toBe('lech-walesa');
    expect(slugify('Kılıçdaroğlu')).toBe('kilicdaroglu');
    expect(slugify('Øresund')).toBe('oresund');
  });
});

describe('letterFileName', () => {
  const dangerous = [
    '../../etc/passwd',
    '/abs/path',
    '..\\..\\boot.ini',
    'CON',
    'NUL',
    'a'.repeat(500),
    '😀😀',
    'Ислам Каримов',
    'Oʻzbekiston',
    'Müller & Söhne',
    '',
    '   ',
    '.hidden',
    'name\u0000with-nul',
    'line\nbreak',
    '習近平',
  ];

  it.each(dangerous)('%j gives a safe, short, plain file name', (name) => {
    for (const n of [1, 42, 999, 1000, 12345]) {
      const file = letterFileName(n, [name]);
      expect(file).toMatch(/^\d{3,}-[a-z0-9-]+\.pdf$/);
      expect(file.length).toBeLessThanOrEqual(70);
      expect(path.basename(file)).toBe(file);
      expect(path.posix.basename(file)).toBe(file);
      expect(path.win32.basename(file)).toBe(file);
      expect(file).not.toMatch(/--|-\.pdf$/);
    }
  });

  it('pads the index and keeps readable names', () => {
    expect(letterFileName(3, ['H.E. Islam Karimov'])).toBe('003-h-e-islam-karimov.pdf');
    expect(letterFileName(3, ['Ислам Каримов'])).toBe('003-islam-karimov.pdf');
    expect(letterFileName(1, ["Oʻzbekiston"])).toBe('001-ozbekiston.pdf');
    expect(letterFileName(12, ['Müller & Söhne'])).toBe('012-muller-sohne.pdf');
    expect(letterFileName(7, ['CON'])).toBe('007-con.pdf');
    expect(letterFileName(1234, ['x'])).toBe('1234-x.pdf');
    expect(letterFileName(5, ['x'], 5)).toBe('00005-x.pdf');
  });

  it('names a letter by the first of its names that can be written: a name in Arabic script by the position', () => {
    expect(letterFileName(4, ['محمد بن سلمان', 'Crown Prince', 'Royal Court'])).toBe('004-crown-prince.pdf');
    expect(letterFileName(4, ['', '', 'Royal Court'])).toBe('004-royal-court.pdf');
    expect(letterFileName(4, ['Islam Karimov', 'President'])).toBe('004-islam-karimov.pdf');
    expect(letterFileName(4, ['محمد', 'وزير'])).toBe('004-recipient.pdf');
    // A title is no name: the one after it is used.
    expect(letterFileName(2, ['H.E. عبدالعزيز بن سعود', 'Minister of Interior'])).toBe('002-minister-of-interior.pdf');
    expect(letterFileName(2, ['The Honorable', 'Representative'])).toBe('002-representative.pdf');
    expect(letterFileName(2, ['H.E.', ''])).toBe('002-recipient.pdf');
  });

  it('names a letter "recipient" when nothing of the name survives', () => {
    expect(letterFileName(2, ['😀😀'])).toBe('002-recipient.pdf');
    expect(letterFileName(2, ['../..'])).toBe('002-recipient.pdf');
    expect(letterFileName(2, [''])).toBe('002-recipient.pdf');
  });

  it('gives different rows different file names even with the same name', () => {
    expect(letterFileName(1, ['Same Name'])).not.toBe(letterFileName(2, ['Same Name']));
  });
});

describe('writeAtomically', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'letters-files-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the target only after the write callback has finished, through a temp file in the same folder', async () => {
    const target = path.join(dir, '001-a.pdf');
    const seen: { tmp: string; targetDuring: boolean; tmpExisted: boolean } = { tmp: '', targetDuring: true, tmpExisted: false };
    await writeAtomically(target, async (tmp) => {
      seen.tmp = tmp;
      await writeFile(tmp, 'half');
      await new Promise((r) => setTimeout(r, 20));
      seen.targetDuring = existsSync(target);
      seen.tmpExisted = existsSync(tmp);
      await writeFile(tmp, 'whole letter');
    });
    expect(seen.targetDuring).toBe(false);
    expect(seen.tmpExisted).toBe(true);
    expect(path.dirname(seen.tmp)).toBe(dir);
    expect(seen.tmp).not.toBe(target);
    expect(readFileSync(target, 'utf8')).toBe('whole letter');
    expect(existsSync(seen.tmp)).toBe(false);
    expect(readdirSync(dir)).toEqual(['001-a.pdf']);
  });

  it('leaves neither target nor temp file when the callback throws, and rethrows the error', async () => {
    const sub = mkdtempSync(path.join(dir, 'fail-'));
    const target = path.join(sub, '002-b.pdf');
    let tmpPath = '';
    await expect(
      writeAtomically(target, async (tmp) => {
        tmpPath = tmp;
        await writeFile(tmp, 'partial');
        throw new Error('font missing');
      }),
    ).rejects.toThrow('font missing');
    expect(tmpPath).not.toBe('');
    expect(existsSync(target)).toBe(false);
    expect(existsSync(tmpPath)).toBe(false);
    expect(readdirSync(sub)).toEqual([]);
  });

  it('keeps the previous file intact when rewriting it fails', async () => {
    const sub = mkdtempSync(path.join(dir, 'keep-'));
    const target = path.join(sub, '003-c.pdf');
    writeFileSync(target, 'old letter');
    await expect(
      writeAtomically(target, async (tmp) => {
        await writeFile(tmp, 'new, but broken');
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(readFileSync(target, 'utf8')).toBe('old letter');
    expect(readdirSync(sub)).toEqual(['003-c.pdf']);
  });

  it('replaces an existing file when the write succeeds', async () => {
    const sub = mkdtempSync(path.join(dir, 'replace-'));
    const target = path.join(sub, '004-d.pdf');
    writeFileSync(target, 'old letter');
    await writeAtomically(target, (tmp) => writeFile(tmp, 'new letter'));
    expect(readFileSync(target, 'utf8')).toBe('new letter');
    expect(readdirSync(sub)).toEqual(['004-d.pdf']);
  });

  it('fails, leaving nothing, when the callback throws before creating the temp file', async () => {
    const sub = mkdtempSync(path.join(dir, 'early-'));
    await expect(
      writeAtomically(path.join(sub, '005-e.pdf'), async () => {
        throw new Error('early');
      }),
    ).rejects.toThrow('early');
    expect(readdirSync(sub)).toEqual([]);
  });
});

describe("a run's temporary files", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'letters-temporary-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are named again from the name, and removeAll removes them and nothing else', () => {
    const mine = temporaryNames(dir);
    const theirs = temporaryNames(dir);
    expect(mine('001-a.pdf')).toBe(mine('001-a.pdf'));
    expect(mine('001-a.pdf')).not.toBe(theirs('001-a.pdf'));
    for (const f of [mine('001-a.pdf'), mine('manifest.csv'), theirs('001-a.pdf'), path.join(dir, '001-a.pdf')]) writeFileSync(f, 'x');
    mine.removeAll();
    expect(readdirSync(dir).sort()).toEqual([path.basename(theirs('001-a.pdf')), '001-a.pdf'].sort());
    temporaryNames(path.join(dir, 'no-such-folder')).removeAll(); // nothing written: nothing to do
  });

  it('LineList gives back the lines in order, across its reading pieces and multi-byte characters', () => {
    const list = new LineList(path.join(dir, 'names'));
    const names = Array.from({ length: 20_000 }, (_, i) => `${String(i).padStart(5, '0')}-${i % 7 ? 'a' : 'ü'}.pdf`);
    for (let i = 0; i < names.length; i += 25) list.add(names.slice(i, i + 25));
    list.add([]);
    list.close();
    list.close();
    expect([...list.lines()]).toEqual(names);
    const bad = new LineList(path.join(dir, 'bad'));
    expect(() => bad.add(['a\nb.pdf'])).toThrow('a line with a line break');
    bad.close();
  });
});

describe('safeUrl', () => {
  it('never shows a password, even in an SMTP address it cannot read', async () => {
    const { safeUrl } = await import('../../src/send/smtp.js');
    expect(safeUrl('smtp://bob:secret@mail.example.org:587')).toBe('smtp://bob:***@mail.example.org:587');
    expect(safeUrl('smtp://bob:s3cr/et@mail example.org')).not.toContain('s3cr');
    expect(safeUrl('smtp://bob:s3cr/et@mail example.org')).toBe('smtp://bob:***@mail example.org');
  });
});

describe('CSVs we write', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'letters-csv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keep a spreadsheet from running a value as a formula, and read it back as it was', () => {
    const file = path.join(dir, 'manifest.csv');
    const values = ['=HYPERLINK("http://x.example","y")', '+44 20 7946 0000', '-', '@Kadyrov', "'=already quoted", 'Mr Islam Karimov'];
    const manifest = new ManifestWriter(file);
    manifest.add(values.map((v, i) => ({ number: i + 1, recipient: v, position: v, country: 'Uzbekistan', file: `00${i + 1}.pdf`, pages: 1, madeFrom: '' })));
    manifest.close();
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(`"'=HYPERLINK(""http://x.example"",""y"")"`);
    expect(text).toContain(",'+44 20 7946 0000,");
    expect(text).toContain(",'@Kadyrov,");
    expect(readManifest(file).map((r) => r.recipient)).toEqual(values);
    expect([...manifestRows(file)].map((r) => r.position)).toEqual(values);
    expect(csvText([['=1+1', "'-1", "'quoted'"]])).toBe(`\uFEFF'=1+1,''-1,'quoted'\n`);
    expect(["'=1+1", "''-1", "'quoted'"].map(fromSheet)).toEqual(['=1+1', "'-1", "'quoted'"]);
  });
});
