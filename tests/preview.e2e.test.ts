import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE_CASE, BASE_CSV, BASE_TEMPLATE, CLI, makeCampaign, runCli, sampleCampaign, tempDir } from './helpers/cli.js';
import { readPdf } from './helpers/pdf.js';

const hasPdftoppm = spawnSync('pdftoppm', ['-v']).error === undefined;

describe('letters preview', () => {
  it('prints one letter laid out as it will print: address, date, subject, salutation, body', () => {
    const dir = sampleCampaign();
    const r = runCli(['preview', 'cases/yusuf-dzhumaev.yaml', '--row', '5', '--date', '2002-01-15'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n').map((l) => l.trim());
    const order = [
      'His Excellency',
      'Ambassador of Uzbekistan to the UK',
      '41 Holland Park',
      'London',
      'W11 3RP',
      '15\u00a0January\u00a02002', // (a date's parts are joined by no-break spaces)
      'Yusuf Dzhumaev, poet, detained since 23\u00a0October\u00a02001',
      'Your Excellency,',
      'Yours sincerely,',
    ];
    const at = order.map((t) => lines.indexOf(t));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // The address block starts left, the date sits to the right.
    const raw = r.stdout.split('\n');
    expect(raw.find((l) => l.includes('15\u00a0January\u00a02002'))!.indexOf('15')).toBeGreaterThan(40);
    expect(r.stdout).toMatch(/\n\[row 5 \(line 6\), 1 page\]\n$/);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('ends quietly when the program reading its output stops (letters preview | head)', async () => {
    const dir = sampleCampaign();
    const child = spawn(process.execPath, [CLI, 'preview', 'cases/yusuf-dzhumaev.yaml'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // as `head` does once it has its lines
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('--where shows the first match and says how many matched; a row that does not exist is exit 2', () => {
    const dir = sampleCampaign();
    const r = runCli(['preview', 'cases/yusuf-dzhumaev.yaml', '--where', 'country=Uzbekistan'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('His Excellency Islam Karimov');
    expect(r.stdout).toContain('4 rows match; showing the first');
    const none = runCli(['preview', 'cases/yusuf-dzhumaev.yaml', '--row', '99'], dir);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('there is no row 99');
    expect(none.stderr).toContain('rows are numbered 1 to 7');
  });

  it('dates letters in "language: en" as their side of the Atlantic does: "1 December 2026" on A4 from the UK, "December 1, 2026" on US Letter (ICU\'s "en" is American)', () => {
    const dir = makeCampaign({ template: BASE_TEMPLATE.replace('subject:', 'language: en\nsubject:') });
    // (Dates are written with no-break spaces.)
    const text = (args: string[]) => runCli(['preview', 'case.yaml', '--row', '1', '--date', '2026-12-01', ...args], dir).stdout.replace(/\u00a0/g, ' ');
    expect(text([])).toContain('1 December 2026');
    expect(text([])).toContain('detained on 23 October 2001');
    expect(text(['--paper', 'letter'])).toContain('December 1, 2026');
    expect(text(['--paper', 'letter'])).toContain('detained on October 23, 2001');
  });

  it('says first of an official with only an e-mail address that render and print make no letter on paper for them', () => {
    const dir = makeCampaign({
      csv: 'name,salutation,address_1,city,postcode,country,email\nA,Dear A,S,Tashkent,100001,Uzbekistan,\nB,Dear B,,,,Uzbekistan,b@example.uz\n',
      signer: 'name: Anna Smith\naddress: [4 Elm Road]\ncity: Leeds\npostcode: LS1 4AB\ncountry: United Kingdom\nemail: anna@example.org\n',
    });
    const r = runCli(['preview', 'case.yaml', '--row', '2'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('[This official has only an e-mail address: render and print make no letter on paper for them; letters email sends them this message.]');
    // The message as letters email sends it: the signer's town and country, not their street (a Dutch trial's preview showed the postal letter).
    expect(r.stdout).toContain('Subject: Concerning Yusuf Dzhumaev\n\nDear B,\n');
    const signed = runCli(['preview', 'case.yaml', '--row', '2', '--signer', 'me.yaml'], dir).stdout;
    expect(signed).toContain('Anna Smith\nLeeds\nUnited Kingdom\nanna@example.org\n');
    expect(signed).not.toContain('Elm Road');
    expect(runCli(['preview', 'case.yaml', '--row', '1'], dir).stdout).not.toContain('only an e-mail address');
  });

  it('on US Letter, the letterhead (the return address in the window) has no country line on a letter that stays in the country', () => {
    const us = BASE_CASE.replace('  address: [12 Chapel Street]\n  city: Oxford\n  postcode: OX1 1AA\n  country: United Kingdom', '  address: [1234 N Milwaukee Ave]\n  city: Chicago\n  state: IL\n  zip: "60622"\n  country: USA');
    const csv = `${BASE_CSV},Jan,Schakowsky,Representative,Dear Representative Schakowsky,2367 Rayburn House Office Building,Washington DC,20515,United States\n`;
    const dir = makeCampaign({ case: us, csv, template: '---\npaper: letter\n---\nI write.\n' });
    const abroad = runCli(['preview', 'case.yaml', '--row', '1'], dir);
    expect(abroad.stdout).toContain('Chicago IL 60622');
    expect(abroad.stdout).toContain('United States');
    const home = runCli(['preview', 'case.yaml', '--row', '2'], dir);
    expect(home.code, home.stderr).toBe(0);
    expect(home.stdout).toContain('Chicago IL 60622');
    expect(home.stdout).not.toContain('United States');
  });

  it('sets French punctuation with a narrow no-break space, so no line starts with "?" or "»"', () => {
    const dir = makeCampaign({ template: '---\nlanguage: fr\n---\nEst-il libre ? « Non » : il est détenu ; écrivez !\n' });
    const r = runCli(['preview', 'case.yaml'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Est-il libre\u202f? «\u202fNon\u202f»\u202f: il est détenu\u202f; écrivez\u202f!');
    // Not in an English letter.
    const en = runCli(['preview', 'case.yaml'], makeCampaign({ template: 'Is he free ? Write !\n' }));
    expect(en.stdout).toContain('Is he free ? Write !');
  });

  it('sets French punctuation in the subject, the greeting and the closing too, and in a value from the CSV (the Lyon trial)', () => {
    const csv = 'name,position,salutation,address_1,city,postcode,country\nZakir Almatov,Ministre : cabinet,Monsieur le Ministre :,ul. Radzhabi 1,Tashkent,700029,Uzbekistan\n';
    const template = "---\nlanguage: fr\nsubject: 'Yusuf Dzhumaev ; {{recipient.position}} ?'\nsalutation: '{{salutation}} !'\nclosing: 'Libérez-le ! {{recipient.position}}  : merci.'\n---\nJe vous écris.\n";
    const r = runCli(['preview', 'case.yaml'], makeCampaign({ csv, template }));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Yusuf Dzhumaev\u202f; Ministre\u202f: cabinet\u202f?');
    expect(r.stdout).toContain('\n          Monsieur le Ministre\u202f!\n'); // (the row's " :" is dropped, as a trailing comma is; the template's "!" is set)
    expect(r.stdout).toContain('Libérez-le\u202f! Ministre\u202f: cabinet\u202f: merci.');
    // Not in an English letter.
    const en = runCli(['preview', 'case.yaml'], makeCampaign({ csv: csv.replace('Monsieur le Ministre :', 'Dear Minister'), template: template.replace('language: fr', 'language: en-GB') }));
    expect(en.code, en.stderr).toBe(0);
    expect(en.stdout).toContain('Yusuf Dzhumaev ; Ministre : cabinet ?');
    expect(en.stdout).toContain('Dear Minister !');
    expect(en.stdout).toContain('Libérez-le ! Ministre : cabinet : merci.');
    expect(en.stdout).not.toContain('\u202f');
  });

  it('never breaks a line inside a date, in the body or the subject, in any language ("14 mars" / "2025", the Lyon trial)', () => {
    const month: Record<string, string> = { fr: 'octobre', 'en-GB': 'October', de: 'Oktober', es: 'octubre' };
    for (const [language, name] of Object.entries(month)) {
      // The date after 0 to 24 words: somewhere it falls at the end of a line.
      const body = Array.from({ length: 25 }, (_, k) => `${'mot '.repeat(k)}{{date case.detained "long"}} fin.`).join('\n\n');
      const subject = `${'Sujet très long '.repeat(6)}{{date case.detained "long"}}`;
      const r = runCli(['preview', 'case.yaml', '--date', '2026-11-30'], makeCampaign({ template: `---\nlanguage: ${language}\nsubject: '${subject}'\nsalutation: 'X,'\n---\n${body}\n` }));
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.split('\n').map((l) => l.trim());
      expect(lines.filter((l) => l.includes(name)).length, language).toBeGreaterThan(25);
      // (No line ends with the day, the month or "de", nor starts with the month, "de" or the year.)
      for (const l of lines) expect(l, `${language}: ${l}`).not.toMatch(new RegExp(`(?:\\b23\\.?|${name}|\\bde)$|^(?:${name}|de|2001)\\b`));
    }
  });

  it('a French letter is dated from its place, "Lyon, le 30 novembre 2026": the signer\'s town, else the group\'s; other languages as before', () => {
    const dateLine = (template: string, options: { signer?: string; case?: string; date?: string } = {}) => {
      const dir = makeCampaign({ template, signer: options.signer, case: options.case });
      const r = runCli(['preview', 'case.yaml', '--date', options.date ?? '2026-11-30', ...(options.signer ? ['--signer', 'me.yaml'] : [])], dir);
      expect(r.code, r.stderr).toBe(0);
      // (The date line stands alone, right of the middle, under the address.)
      return r.stdout.split('\n').find((l) => /^ {40,}\S/.test(l) && /20\d\d$/.test(l))!.trim().replace(/\u00a0/g, ' ');
    };
    const french = '---\nlanguage: fr\n---\nJe vous écris.\n';
    expect(dateLine(french)).toBe('Oxford, le 30 novembre 2026'); // (the case's sender: Oxford)
    expect(dateLine(french, { date: '2026-12-01' })).toBe('Oxford, le 1er décembre 2026');
    const signer = 'name: Claire Martin\naddress: [3 rue Mercière]\ncity: LYON CEDEX 02\npostcode: "69002"\ncountry: France\n';
    expect(dateLine(french, { signer })).toBe('Lyon, le 30 novembre 2026');
    expect(dateLine(french, { signer: signer.replace('LYON CEDEX 02', 'SAINT-ÉTIENNE') })).toBe('Saint-Étienne, le 30 novembre 2026');
    // A signer with a town and no street: their town, under the group's return address.
    expect(dateLine(french, { signer: 'name: Claire Martin\ncity: Villeurbanne\ncountry: France\n' })).toBe('Villeurbanne, le 30 novembre 2026');
    // No town known: the date alone.
    expect(dateLine(french, { case: BASE_CASE.replace('  city: Oxford\n', '') })).toBe('30 novembre 2026');
    // English and German letters keep the date alone (modern DIN 5008 writes no place).
    expect(dateLine('---\nlanguage: en-GB\n---\nI write.\n', { signer })).toBe('30 November 2026');
    expect(dateLine('---\nlanguage: de\n---\nIch schreibe.\n', { signer })).toBe('30. November 2026');
  });

  it('a French letter\'s subject is printed after "Objet :", once, also when the template typed it (the Lyon trial)', () => {
    const subjectLines = (subject: string, language = 'fr') => {
      const r = runCli(['preview', 'case.yaml'], makeCampaign({ template: `---\nlanguage: ${language}\nsubject: '${subject}'\n---\nJe vous écris.\n` }));
      expect(r.code, r.stderr).toBe(0);
      return r.stdout.split('\n').map((l) => l.trim()).filter((l) => l.includes('Dzhumaev'));
    };
    expect(subjectLines('{{case.name}}, poète')).toEqual(['Objet\u202f: Yusuf Dzhumaev, poète']);
    for (const typed of ['Objet : {{case.name}}, poète', 'Objet: {{case.name}}, poète', 'OBJET :{{case.name}}, poète', 'Objet\u00a0: {{case.name}}, poète']) {
      expect(subjectLines(typed), typed).toEqual(['Objet\u202f: Yusuf Dzhumaev, poète']);
    }
    // Not in English letters; a word "Objet" that is no label stays.
    expect(subjectLines('{{case.name}}, poet', 'en-GB')).toEqual(['Yusuf Dzhumaev, poet']);
    expect(subjectLines('Objet : {{case.name}}', 'en-GB')).toEqual(['Objet : Yusuf Dzhumaev']);
    expect(subjectLines('Objets confisqués à {{case.name}}')).toEqual(['Objet\u202f: Objets confisqués à Yusuf Dzhumaev']);
  });

  it('checks the previewed row like a real run', () => {
    const dir = makeCampaign({ csv: `${BASE_CSV}Mr,A,,Minister,,Street,Tashkent,100001,Uzbekistan\n`, template: 'I write to Mr {{recipient.last_name}}.\n' });
    expect(runCli(['preview', 'case.yaml', '--row', '1'], dir).code).toBe(0);
    const r = runCli(['preview', 'case.yaml', '--row', '2'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('officials.csv:3: "last_name" is empty');
    // What a run would warn of, for this row: said after the letter.
    const warned = makeCampaign({ csv: 'name,salutation,address_1,city,postcode,country\nA,,1 Main St,Springfield,62701,United States\n' });
    const w = runCli(['preview', 'case.yaml'], warned);
    expect(w.code).toBe(0);
    expect(w.stderr).toContain('warnings (for this letter; letters check case.yaml lists those of every row):');
    expect(w.stderr).toContain('officials.csv:2: the salutation is empty: the letter will open "Dear Sir or Madam"');
  });

  it('--pdf writes the letter and prints its path', async () => {
    const dir = sampleCampaign();
    const r = runCli(['preview', 'cases/yusuf-dzhumaev.yaml', '--row', '2', '--pdf'], dir);
    expect(r.code).toBe(0);
    const pdf = /PDF: (.+)\n/.exec(r.stdout)![1]!;
    expect(pdf).toBe('out/yusuf-dzhumaev/preview/002-rashid-kadyrov.pdf');
    const [page] = await readPdf(path.join(dir, pdf));
    expect(page!.text).toContain('Dear Prosecutor General,');
  });

  it.runIf(hasPdftoppm)('--png writes page 1 as a PNG image', () => {
    const dir = sampleCampaign();
    const r = runCli(['preview', 'cases/yusuf-dzhumaev.yaml', '--png'], dir);
    expect(r.code).toBe(0);
    const png = /PNG: (.+)\n/.exec(r.stdout)![1]!;
    expect(readFileSync(path.join(dir, png)).subarray(1, 4).toString()).toBe('PNG');
  });

  it('--png without pdftoppm says what to install, and still writes the PDF', () => {
    const dir = sampleCampaign();
    const r = runCli(['preview', 'cases/yusuf-dzhumaev.yaml', '--png'], dir, { PATH: tempDir() });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--png needs pdftoppm, which is not installed');
    expect(r.stderr).toContain('poppler-utils');
    expect(existsSync(path.join(dir, 'out/yusuf-dzhumaev/preview/001-islam-karimov.pdf'))).toBe(true);
  });
});
