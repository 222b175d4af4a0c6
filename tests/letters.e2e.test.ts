import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, listFiles, makeCampaign, runCli, tempDir, withoutWarnings } from './helpers/cli.js';
import { MM, readPdf } from './helpers/pdf.js';

const INCH = 72;

describe('what the letter says', () => {
  it('names each file after its official in plain Latin letters, as the command line is built (ß, Greek ου, ’)', () => {
    const csv = [
      'name,address_1,city,postcode,country',
      'Herr Großmann,Unter den Linden 1,Berlin,10117,Germany',
      'Κώστας Παπαδόπουλος,Vasilissis Sofias 1,Athens,10671,Greece',
      'Seán O’Brien,1 Main St,Dublin,D01,Ireland',
    ].join('\n');
    const dir = makeCampaign({ csv });
    const r = runCli(['render', 'case.yaml', '--date', '2026-11-28'], dir);
    expect(withoutWarnings(r.stderr)).toBe('');
    expect(listFiles(path.join(dir, 'out/test-case'))).toEqual(['001-herr-grossmann.pdf', '002-kostas-papadopoulos.pdf', '003-sean-obrien.pdf', 'manifest.csv']);
  });

  it('prints names with &, quotes, Cyrillic and the Uzbek ʻ exactly, never HTML-escaped or as markup', async () => {
    const csv = [
      'name,position,salutation,address_1,city,postcode,country',
      `"O'Brien & Sons ""Ltd"" <HQ>",Head *of* _office_,Dear Mr O'Brien,1 Main St,Dublin,D01,Ireland`,
      'Шавкат Мирзиёев,Президент,Dear Mr Мирзиёев,ул. Узбекистанская 43,Ташкент,100163,Uzbekistan',
      'Oʻzbekiston Gʻaznachiligi,Xazina,,Mustaqillik 5,Toshkent,100017,UZ',
    ].join('\n');
    const template = `---\nsubject: 'Re: {{recipient.name}}'\n---\nTo {{recipient.name}}, {{recipient.position}}: about **{{case.name}}**.\n`;
    const dir = makeCampaign({ csv, template });
    const r = runCli(['render', 'case.yaml', '--date', '2026-11-28'], dir);
    // The row without a salutation is said, after the summary.
    expect(r.stderr).toContain('officials.csv:4: the salutation is empty: the letter will open "Dear Sir or Madam"');
    expect(withoutWarnings(r.stderr, /: .+ is in .+, but the case is in |officials\.csv:4: the salutation is empty/)).toBe('');
    expect(r.code).toBe(0);
    const files = listFiles(path.join(dir, 'out/test-case'));
    expect(files).toEqual(['001-obrien-sons-ltd-hq.pdf', '002-shavkat-mirziyoev.pdf', '003-ozbekiston-gaznachiligi.pdf', 'manifest.csv']);

    const [p1] = await readPdf(path.join(dir, 'out/test-case', files[0]!));
    expect(p1!.text).toContain(`O'Brien & Sons "Ltd" <HQ>`);
    expect(p1!.text).toContain(`Re: O'Brien & Sons "Ltd" <HQ>`);
    expect(p1!.text).toContain(`To O'Brien & Sons "Ltd" <HQ>, Head *of* _office_: about Yusuf Dzhumaev.`);
    expect(p1!.text).toContain("Dear Mr O'Brien,");
    expect(p1!.text).not.toMatch(/&amp;|&#x27;|&quot;|&lt;/);

    const [p2] = await readPdf(path.join(dir, 'out/test-case', files[1]!));
    expect(p2!.text).toContain('Шавкат Мирзиёев');
    expect(p2!.text).toContain('Dear Mr Мирзиёев,');
    expect(p2!.text).toContain('UZBEKISTAN');

    const [p3] = await readPdf(path.join(dir, 'out/test-case', files[2]!));
    expect(p3!.text).toContain('Oʻzbekiston Gʻaznachiligi');
    // No salutation in the row: the safe one, never "Dear ,".
    expect(p3!.text).toContain('Dear Sir or Madam,');
    expect(p3!.text.split('\n').at(-8)).not.toBe('Dear ,');
  });

  it('prints names and addresses in Arabic script, right to left, on the letter and its envelope', async () => {
    const csv = [
      'title,name,position,salutation,address_1,address_2,city,postcode,country',
      'H.E.,محمد بن سلمان آل سعود,Crown Prince,Your Royal Highness,الديوان الملكي,شارع 26 يوليو,Riyadh,11564,Saudi Arabia',
    ].join('\n');
    const template = `---\nsubject: 'Re: {{case.name}}'\n---\nTo **{{recipient.name}}**, about {{case.name}}.\n`;
    const dir = makeCampaign({ csv, template });
    expect(runCli(['check', 'case.yaml'], dir).stdout).not.toContain('cannot print');
    const r = runCli(['print', 'case.yaml', '--date', '2026-11-28'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('cannot print');
    const [page] = await readPdf(path.join(dir, 'out/test-case/print/letters.pdf'));
    // Read left to right as on the page: each word as written, the words from the right.
    const lines = page!.text.split('\n');
    expect(lines).toContain('سعود آل سلمان بن محمد');
    expect(lines).toContain('الملكي الديوان');
    expect(lines).toContain('يوليو 26 شارع');
    expect(lines).toContain('To سعود آل سلمان بن محمد, about Yusuf Dzhumaev.');
    // The name's first word at the right, in the address window as in the bold of the text.
    const first = page!.items.filter((i) => i.str === 'محمد');
    const last = page!.items.filter((i) => i.str === 'سعود');
    expect(first).toHaveLength(2);
    expect(last.map((l, k) => l.x < first[k]!.x && l.y === first[k]!.y)).toEqual([true, true]);
    const [envelope] = await readPdf(path.join(dir, 'out/test-case/print/envelopes.pdf'));
    expect(envelope!.text.split('\n')).toContain('سعود آل سلمان بن محمد');
    // A letter neither font has is still refused, with its code.
    writeFileSync(path.join(dir, 'officials.csv'), csv.replace('الملكي', 'الملکی ہ'));
    const refused = runCli(['render', 'case.yaml'], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('U+06C1');
  });

  it("writes each row's letter with the template of its language (templates: in the case file), the rest with the case's", async () => {
    const csv = [
      'title,first_name,last_name,anrede,position,salutation,address_1,city,postcode,country,language',
      ',Jürgen,Weiß,Herr,Minister,,Weg 1,Tashkent,700047,Uzbekistan,de',
      'H.E.,Islam,Karimov,,President,Your Excellency,Uzbekistanskaya 43,Tashkent,700163,Uzbekistan,en',
      'M.,Jean,Dupont,,Ambassadeur,Monsieur,1 rue X,Tashkent,700048,Uzbekistan,fr',
      'M.,Paul,Martin,,Consul,Monsieur,2 rue X,Tashkent,700049,Uzbekistan,FR',
      ',Anna,Berg,Frau,Ministerin,,Weg 2,Tashkent,700047,Uzbekistan,de-AT',
    ].join('\n');
    const dir = makeCampaign({ csv });
    writeFileSync(path.join(dir, 'case.yaml'), `${readFileSync(path.join(dir, 'case.yaml'), 'utf8')}templates:\n  de: brief.hbs\n`);
    // The German template reads a column only its rows must fill (anrede).
    writeFileSync(
      path.join(dir, 'brief.hbs'),
      "---\nsubject: 'Yusuf Dzhumaev, seit dem {{date case.detained \"long\"}} in Haft'\nlanguage: de\nsalutation: 'Sehr geehrte{{#if (eq recipient.anrede \"Herr\")}}r Herr{{else}} Frau{{/if}} {{recipient.last_name}},'\n---\nich schreibe Ihnen, {{recipient.anrede}} {{recipient.last_name}}.\n",
    );
    const checked = runCli(['check', 'case.yaml'], dir);
    expect(checked.code).toBe(0);
    // A language without its own template is said once, at its first row.
    expect(checked.stdout.match(/has no template of its own/g)).toHaveLength(1);
    expect(checked.stdout).toContain('officials.csv:4: the language "fr" has no template of its own (templates: de): these letters are written with letter.hbs');
    const r = runCli(['render', 'case.yaml', '--date', '2026-11-28'], dir);
    expect(r.code).toBe(0);
    const text = async (file: string) => (await readPdf(path.join(dir, 'out/test-case', file)))[0]!.text;
    const german = await text('001-jurgen-weiss.pdf');
    expect(german).toContain('28. November 2026');
    expect(german).toContain('Yusuf Dzhumaev, seit dem 23. Oktober 2001 in Haft');
    expect(german).toContain('Sehr geehrter Herr Weiß,');
    expect(german).toContain('ich schreibe Ihnen, Herr Weiß.');
    expect(await text('005-anna-berg.pdf')).toContain('Sehr geehrte Frau Berg,'); // de-AT takes de
    // The group's letterhead names its country in the letter's language; the return line in the
    // window, read by the post, in English.
    expect(german.split('\n')).toContain('Vereinigtes Königreich');
    expect(german).toContain('Letters Group · 12 Chapel Street · Oxford · OX1 1AA · United Kingdom');
    const english = await text('002-islam-karimov.pdf');
    expect(english).toContain('28 November 2026');
    expect(english).toContain('Your Excellency,');
    expect(english).not.toContain('Haft');
    expect(english.split('\n')).toContain('United Kingdom');
    // --template is every row's: the templates by language give way to it.
    expect(runCli(['render', 'case.yaml', '--template', 'letter.hbs', '--out', 'one'], dir).code).toBe(0);
    expect((await readPdf(path.join(dir, 'one/test-case/001-jurgen-weiss.pdf')))[0]!.text).not.toContain('Sehr geehrter');
    // Both in one print pack.
    expect(runCli(['print', 'case.yaml'], dir).code).toBe(0);
    const pack = (await readPdf(path.join(dir, 'out/test-case/print/letters.pdf'))).map((p) => p.text).join('\n');
    expect(pack).toContain('Sehr geehrter Herr Weiß,');
    expect(pack).toContain('Your Excellency,');
    // A German row without what its template prints is refused; an English one is not asked.
    writeFileSync(path.join(dir, 'officials.csv'), csv.replace(',Jürgen,Weiß,Herr,', ',Jürgen,Weiß,,'));
    const refused = runCli(['render', 'case.yaml'], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('officials.csv:2: "anrede" is empty, but the template prints recipient.anrede (brief.hbs:');
    expect(refused.stderr).not.toContain('officials.csv:3:');
    // A list without a language column cannot pick them: said.
    writeFileSync(path.join(dir, 'officials.csv'), csv.split('\n').map((l) => l.slice(0, l.lastIndexOf(','))).join('\n'));
    expect(runCli(['check', 'case.yaml'], dir).stdout).toContain('officials.csv:1: the case has templates by language (de), but the list has no language column');
    // Templates for other paper, or a key that is no language, are refused.
    writeFileSync(path.join(dir, 'officials.csv'), csv);
    writeFileSync(path.join(dir, 'brief.hbs'), readFileSync(path.join(dir, 'brief.hbs'), 'utf8').replace('language: de', 'language: de\npaper: letter'));
    expect(runCli(['render', 'case.yaml'], dir).stderr).toContain('the template brief.hbs is for letter paper, but letter.hbs is for a4');
    writeFileSync(path.join(dir, 'case.yaml'), readFileSync(path.join(dir, 'case.yaml'), 'utf8').replace('  de: brief.hbs', '  German!: brief.hbs'));
    expect(runCli(['render', 'case.yaml'], dir).stderr).toContain('"German!" in templates is not a language');
  });

  it('reads a language written as its name; refuses one that is none, when the case has templates by language', async () => {
    const csv = [
      'name,position,salutation,address_1,city,postcode,country,language',
      'María Núñez,Diputada,,Calle Mayor 5,Tashkent,700047,Uzbekistan,Español',
      'Islam Karimov,President,Your Excellency,Uzbekistanskaya 43,Tashkent,700163,Uzbekistan,Inglés',
    ].join('\n');
    const dir = makeCampaign({ csv });
    // Listed under es: its language is Spanish without saying so; a greeting ends with a colon in Spanish.
    writeFileSync(path.join(dir, 'carta.hbs'), "---\nsubject: 'Yusuf Dzhumaev, detenido desde el {{date case.detained \"long\"}}'\n---\nLe escribo.\n");
    writeFileSync(path.join(dir, 'case.yaml'), `${readFileSync(path.join(dir, 'case.yaml'), 'utf8')}templates:\n  es: carta.hbs\n`);
    expect(runCli(['render', 'case.yaml', '--date', '2026-11-28'], dir).code).toBe(0);
    const [spanish] = await readPdf(path.join(dir, 'out/test-case/001-maria-nunez.pdf'));
    expect(spanish!.text).toContain('Oxford, 28 de noviembre de 2026'); // (dated from the group's town, as Spanish letters are)
    expect(spanish!.text).toContain('Yusuf Dzhumaev, detenido desde el 23 de octubre de 2001');
    expect(spanish!.text).toContain('Estimado/a señor/a:');
    const [english] = await readPdf(path.join(dir, 'out/test-case/002-islam-karimov.pdf'));
    expect(english!.text).toContain('Your Excellency,');
    expect(english!.text).not.toContain('Oxford, 28 November 2026');
    // Beside a woman's title the greeting for either is made, not refused as a man's.
    writeFileSync(path.join(dir, 'officials.csv'), csv.replace('name,position', 'title,name,position').replace('María', 'Sra.,María').replace('Islam', 'H.E.,Islam'));
    expect(runCli(['render', 'case.yaml', '--date', '2026-11-28'], dir).code).toBe(0);
    expect((await readPdf(path.join(dir, 'out/test-case/001-maria-nunez.pdf')))[0]!.text).toContain('Estimado/a señor/a:');
    // Without a salutation column, each template's greeting is the one said.
    writeFileSync(path.join(dir, 'officials.csv'), csv.replace('salutation,', '').replace(',,Calle', ',Calle').replace('President,Your Excellency,', 'President,'));
    expect(runCli(['check', 'case.yaml'], dir).stdout).toContain('there is no salutation column: every letter will open "Estimado/a señor/a" or "Dear Sir or Madam"');
    // What is no language cannot pick a template.
    writeFileSync(path.join(dir, 'officials.csv'), csv.replace('Español', 'Espanyol'));
    const refused = runCli(['render', 'case.yaml'], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('officials.csv:2: "Espanyol" in the language column is no language letters knows');
    // Without templates by language, a row in another language than the template's is said.
    writeFileSync(path.join(dir, 'case.yaml'), readFileSync(path.join(dir, 'case.yaml'), 'utf8').replace('templates:\n  es: carta.hbs\n', ''));
    writeFileSync(path.join(dir, 'officials.csv'), csv);
    expect(runCli(['check', 'case.yaml'], dir).stdout).toContain('officials.csv:2: the language "Español" has no template of its own (this run has no templates: by language)');
    // A template listed for one language whose front matter says another is refused.
    writeFileSync(path.join(dir, 'case.yaml'), `${readFileSync(path.join(dir, 'case.yaml'), 'utf8')}templates:\n  de: carta.hbs\n`);
    writeFileSync(path.join(dir, 'carta.hbs'), readFileSync(path.join(dir, 'carta.hbs'), 'utf8').replace('---\nsubject', '---\nlanguage: es\nsubject'));
    expect(runCli(['render', 'case.yaml'], dir).stderr).toContain('the template carta.hbs is listed under templates: for "de", but its front matter says language: es');
  });

  it('leaves room to sign, and prints the signer under the signature when given', async () => {
    const signer = 'name: Anna Smith\naddress:\n  - 4 Elm Road\ncity: Leeds\npostcode: LS1 4AB\ncountry: United Kingdom\nemail: anna@example.org\n';
    const dir = makeCampaign({ signer });
    expect(runCli(['render', 'case.yaml', '--signer', 'me.yaml'], dir).code).toBe(0);
    const [page] = await readPdf(path.join(dir, 'out/test-case/001-islam-karimov.pdf'));
    const closing = page!.items.find((i) => i.str === 'Yours sincerely,')!;
    const name = page!.items.find((i) => i.str === 'Anna Smith' && i.y > closing.y)!;
    expect(name.y - closing.y).toBeGreaterThanOrEqual(15 * MM);
    const lines = page!.text.split('\n');
    // Her address, and not her e-mail address: a private address is not printed for the officials
    // of a government that holds prisoners of conscience (an e-mail says it as its sender).
    expect(lines.slice(lines.lastIndexOf('Anna Smith'))).toEqual(['Anna Smith', '4 Elm Road', 'Leeds', 'LS1 4AB', 'United Kingdom']);
    expect(page!.text).not.toContain('anna@example.org');
    // Nor on US Letter, where the signer's address is the letterhead.
    expect(runCli(['render', 'case.yaml', '--signer', 'me.yaml', '--paper', 'letter', '--out', 'us'], dir).code).toBe(0);
    const [us] = await readPdf(path.join(dir, 'us/test-case/001-islam-karimov.pdf'));
    expect(us!.text).toContain('4 Elm Road');
    expect(us!.text).not.toContain('anna@example.org');
    // On A4 the signer's address is not repeated in a letterhead.
    expect(lines.filter((l) => l === '4 Elm Road')).toHaveLength(1);
    // The signer's address is the return address in the window.
    expect(page!.text).toContain('Anna Smith · 4 Elm Road · Leeds · LS1 4AB · United Kingdom');
    // To an official in her own country, no country under her name, as in the window (a trial's US letters said it there).
    writeFileSync(path.join(dir, 'officials.csv'), 'name,position,salutation,address_1,city,postcode,country,government\nJohn Doe,Ambassador of Uzbekistan,Your Excellency,8 Holland Park,London,W11 3RP,United Kingdom,Uzbekistan\n');
    expect(runCli(['render', 'case.yaml', '--signer', 'me.yaml', '--out', 'home'], dir).code).toBe(0);
    const [home] = await readPdf(path.join(dir, 'home/test-case/001-john-doe.pdf'));
    const homeLines = home!.text.split('\n');
    expect(homeLines.slice(homeLines.lastIndexOf('Anna Smith'))).toEqual(['Anna Smith', '4 Elm Road', 'Leeds', 'LS1 4AB']);

    const unsigned = makeCampaign();
    expect(runCli(['render', 'case.yaml'], unsigned).code).toBe(0);
    const [blank] = await readPdf(path.join(unsigned, 'out/test-case/001-islam-karimov.pdf'));
    expect(blank!.text).toMatch(/Yours sincerely,\nName\nAddress/);

    // In a French letter, the labels are French too.
    const french = makeCampaign({ template: '---\nlanguage: fr\nsubject: Yusuf Dzhumaev\nclosing: Veuillez agréer, Monsieur le Président, mes salutations distinguées.\n---\nJe vous écris.\n' });
    expect(runCli(['render', 'case.yaml'], french).code).toBe(0);
    const [fr] = await readPdf(path.join(french, 'out/test-case/001-islam-karimov.pdf'));
    expect(fr!.text).toMatch(/salutations distinguées\.\nNom\nAdresse/);

    // Portuguese: a row without a salutation, the labels, the page numbers.
    const longPt = Array.from({ length: 40 }, (_, i) => `Parágrafo ${i + 1}: escrevo a respeito de Yusuf Dzhumaev, detido sem julgamento.`).join('\n\n');
    const portuguese = makeCampaign({ template: `---\nlanguage: pt-BR\nsubject: Yusuf Dzhumaev\nclosing: Atenciosamente,\n---\n${longPt}\n` });
    writeFileSync(path.join(portuguese, 'officials.csv'), readFileSync(path.join(portuguese, 'officials.csv'), 'utf8').replace('Your Excellency', ''));
    const pt = runCli(['render', 'case.yaml'], portuguese);
    expect(pt.code).toBe(0);
    expect(pt.stdout + pt.stderr).not.toContain('no words of its own');
    const ptPages = await readPdf(path.join(portuguese, 'out/test-case/001-islam-karimov.pdf'));
    expect(ptPages[0]!.text).toContain('Prezado(a) Senhor(a),');
    expect(ptPages.at(-1)!.text).toMatch(/Atenciosamente,\nNome\nEndereço/);
    expect(ptPages[1]!.text).toContain(`Página 2 de ${ptPages.length}`);

    // A language letters has no words in: said, by check and by render.
    const swedish = makeCampaign({ template: '---\nlanguage: sv\nsubject: Yusuf Dzhumaev\n---\nJag skriver.\n' });
    const sv = runCli(['render', 'case.yaml'], swedish);
    expect(sv.code).toBe(0);
    expect(sv.stdout + sv.stderr).toContain('letter.hbs:2: letters has no words of its own in "sv"');
    expect(runCli(['check', 'case.yaml'], swedish).stdout).toContain('letters has no words of its own in "sv"');
  });

  it('puts the address in the US #10 window on Letter paper', async () => {
    const dir = makeCampaign();
    expect(runCli(['render', 'case.yaml', '--paper', 'letter'], dir).code).toBe(0);
    const [page] = await readPdf(path.join(dir, 'out/test-case/001-islam-karimov.pdf'));
    expect(page!.width).toBeCloseTo(8.5 * INCH, 1);
    expect(page!.height).toBeCloseTo(11 * INCH, 1);
    const address = ['H.E. Islam Karimov', 'President', 'Uzbekistanskaya 43', '700163 Tashkent', 'UZBEKISTAN'];
    for (const line of address) {
      const item = page!.items.find((i) => i.str === line)!;
      expect(item, line).toBeDefined();
      // Recipient block: 7/8 in from the left, 2 1/8 in from the top, 3.5 x 0.875 in.
      expect(item.x).toBeGreaterThanOrEqual(0.875 * INCH - 0.01);
      expect(item.x + item.width).toBeLessThanOrEqual(4.375 * INCH);
      expect(item.y - item.fontSize).toBeGreaterThanOrEqual(2.125 * INCH - 0.01);
      expect(item.y + 0.25 * item.fontSize).toBeLessThanOrEqual(3.0 * INCH);
      expect(item.fontSize).toBeGreaterThanOrEqual(8);
    }
  });

  it('shrinks a long address line down to 8 pt but keeps it inside the window', async () => {
    const csv = 'name,position,address_1,city,postcode,country\nA Name,Head of the Department for International Affairs,Street 1,Tashkent,100000,Uzbekistan\n';
    const dir = makeCampaign({ csv });
    expect(runCli(['render', 'case.yaml'], dir).code).toBe(0);
    const [page] = await readPdf(path.join(dir, 'out/test-case/001-a-name.pdf'));
    const long = page!.items.find((i) => i.str.startsWith('Head of'))!;
    expect(long.fontSize).toBeLessThan(10);
    expect(long.fontSize).toBeGreaterThanOrEqual(8);
    expect(long.x + long.width).toBeLessThanOrEqual(105 * MM);
  });

  it('numbers the pages of a letter that runs past one page and heads the continuation page', async () => {
    const long = Array.from({ length: 14 }, (_, i) => `Paragraph ${i + 1} about {{case.name}}. ${'The authorities must act now. '.repeat(8)}`).join('\n\n');
    const dir = makeCampaign({ template: `---\nsubject: Long\n---\n${long}\n` });
    const r = runCli(['render', 'case.yaml', '--date', '2026-11-28'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 letter (2 pages)');
    // Said, as check says it; and by print.
    expect(r.stderr).toContain('officials.csv:2: the letter to H.E. Islam Karimov runs to 2 pages');
    expect(runCli(['print', 'case.yaml'], dir).stderr).toContain('officials.csv:2: the letter to H.E. Islam Karimov runs to 2 pages');
    const pages = await readPdf(path.join(dir, 'out/test-case/001-islam-karimov.pdf'));
    expect(pages).toHaveLength(2);
    expect(pages[0]!.text).toContain('Page 1 of 2');
    expect(pages[1]!.text.split('\n')[0]).toBe('Yusuf Dzhumaev · H.E. Islam Karimov · 28 November 2026 Page 2 of 2');
    expect(pages[1]!.text).toContain('Yours sincerely,');
    // In the letter's language.
    const german = makeCampaign({ template: `---\nlanguage: de\nsubject: Long\n---\n${long}\n` });
    expect(runCli(['render', 'case.yaml'], german).code).toBe(0);
    const [first] = await readPdf(path.join(german, 'out/test-case/001-islam-karimov.pdf'));
    expect(first!.text).toContain('Seite 1 von 2');
    // Long names are cut short, a word at a time, before the page number; the date stays whole.
    const named = makeCampaign({ template: `---\nsubject: Long\n---\n${long}\n` });
    writeFileSync(path.join(named, 'case.yaml'), readFileSync(path.join(named, 'case.yaml'), 'utf8').replace('name: Yusuf Dzhumaev', 'name: Maria Aparecida dos Santos Conceição'));
    writeFileSync(path.join(named, 'officials.csv'), readFileSync(path.join(named, 'officials.csv'), 'utf8').replace('H.E.,Islam,Karimov', 'Excelentíssimo Senhor,Luiz Inácio,Lula da Silva'));
    expect(withoutWarnings(runCli(['render', 'case.yaml', '--date', '2026-11-28'], named).stderr, /runs to 2 pages/)).toBe('');
    const [, second] = await readPdf(path.join(named, 'out/test-case/001-luiz-inacio-lula-da-silva.pdf'));
    const top = second!.items.filter((i) => i.y < second!.items.find((j) => j.str === 'Page 2 of 2')!.y + 1);
    const heading = top.find((i) => i.str.startsWith('Maria Aparecida'))!;
    const number = top.find((i) => i.str === 'Page 2 of 2')!;
    expect(heading.str).toMatch(/^Maria Aparecida dos Santos Conceição · Excelentíssimo Senhor [^·]*… · 28 November 2026$/);
    expect(heading.x + heading.width).toBeLessThan(number.x - 3 * MM);
  });
});

describe('choosing recipients and outputs', () => {
  const csv = [
    'name,address_1,city,postcode,country',
    'One,A 1,Tashkent,100001,Uzbekistan',
    'Two,B 2,London,W1A 1AA,United Kingdom',
    'Three,C 3,Tashkent,100003,Uzbekistan',
    'Four,D 4,Ottawa,K1A 0B1,Canada',
  ].join('\n');

  it('--where language= finds a language however the column writes it ("Français" is fr; fr-CA only fr-CA)', () => {
    const dir = makeCampaign({ csv: 'name,address_1,city,country,language\nA,1 St,Tashkent,Uzbekistan,Français\nB,2 St,Tashkent,Uzbekistan,fr-CA\nC,3 St,Tashkent,Uzbekistan,en\n' });
    expect(runCli(['check', 'case.yaml', '--where', 'language=fr'], dir).stdout).toContain('2 rows checked');
    expect(runCli(['check', 'case.yaml', '--where', 'language=fr-CA'], dir).stdout).toContain('1 row checked');
  });

  it('--where and --limit select rows, numbered by their place in the CSV', () => {
    const dir = makeCampaign({ csv });
    const r = runCli(['render', 'case.yaml', '--where', 'Country=uzbekistan', '--where', 'country=Canada', '--limit', '2', '--out', 'letters-out'], dir);
    expect(r.code).toBe(0);
    expect(listFiles(path.join(dir, 'letters-out/test-case'))).toEqual(['001-one.pdf', '003-three.pdf', 'manifest.csv']);
    const bad = runCli(['render', 'case.yaml', '--where', 'contry=Canada'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('has no column "contry" (did you mean "country"?)');
  });

  it('render and print say the warnings check would give, and make the letters all the same', () => {
    const twice = makeCampaign({ csv: `${csv}\nThree,C  3,tashkent,100003,Uzbekistan\nEight,H 8,Hargeisa,100008,Somaliland` });
    for (const command of ['render', 'print']) {
      const r = runCli([command, 'case.yaml'], twice);
      expect(r.code, command).toBe(0);
      expect(r.stderr, command).toBe(
        // (Row 3 is in the United Kingdom, the group's own country: fine.)
        // (Row 5's missing province too, as check says it: a user trial's printer never heard of a US state left out.)
        '4 warnings (the letters were made; letters check case.yaml, with the same options, lists them all):\n' +
          '  officials.csv:5: Four is in Canada, but the case is in Uzbekistan\n' +
          '    hint: an embassy of Uzbekistan abroad is fine: name it ("Ambassador of Uzbekistan"); or say whose official this is in a "government" column (Uzbekistan, the case sender\'s country, or an international body such as "United Nations"); a government written to on purpose: add "other_governments: [Canada]" to the case file\n' +
          '  officials.csv:5: the address in Canada has no province ("region"): its post sorts by it\n    hint: add the province to the region column, as its code (a postcode starting K1A is in ON or QC)\n' +
          '  officials.csv:6: the same official as on line 4 (same name and address): they would get two letters\n    hint: delete one of the rows\n' +
          '  officials.csv:7: letters does not know the country "Somaliland": the envelope says it as written, and whether this official is of the case\'s country is not checked\n' +
          '    hint: did you mean Somalia? The post office that sends the letter must read it\n',
      );
    }
    expect(listFiles(path.join(twice, 'out/test-case')).filter((f) => /^\d{3}-.*\.pdf$/.test(f))).toHaveLength(6);
    // The first five are shown, and the count of the others.
    const many = makeCampaign({ csv: `name,address_1,city,postcode,country${'\nOne,A 1,Tashkent,100001,Uzbekistan'.repeat(8)}` });
    const r = runCli(['render', 'case.yaml'], many);
    expect(r.stderr).toMatch(/^7 warnings \(the letters were made; letters check case.yaml, with the same options, lists them all\):\n/);
    expect(r.stderr.match(/same official as on line 2/g)).toHaveLength(5);
    expect(r.stderr).toMatch(/\n  … and 2 more\n$/);
    // The first five by line, whichever official they repeat.
    const two = makeCampaign({ csv: `name,address_1,city,postcode,country${'\nOne,A 1,Tashkent,100001,Uzbekistan\nTwo,B 2,Tashkent,100002,Uzbekistan'.repeat(4)}` });
    const lines = [...runCli(['render', 'case.yaml'], two).stderr.matchAll(/officials\.csv:(\d+): the same official as on line (\d+)/g)].map((m) => `${m[1]}>${m[2]}`);
    expect(lines).toEqual(['4>2', '5>3', '6>2', '7>3', '8>2']);
  });

  it('names an official known only by position by the position in the manifest, never blank', () => {
    const dir = makeCampaign({ csv: 'name,position,address_1,city,postcode,country\nOne,,A 1,Tashkent,100001,Uzbekistan\n,Prosecutor General,B 2,Tashkent,100002,Uzbekistan' });
    expect(runCli(['render', 'case.yaml'], dir).code).toBe(0);
    const manifest = readFileSync(path.join(dir, 'out/test-case/manifest.csv'), 'utf8').split('\n');
    expect(manifest[2]).toMatch(/^2,Prosecutor General,Prosecutor General,Uzbekistan,002-prosecutor-general\.pdf,1,/);
  });

  it('--where country= matches a country however it is written', () => {
    const mixed = makeCampaign({ csv: `${csv}\nFive,E 5,Toshkent,100005,Oʻzbekiston\nSix,F 6,Tashkent,100006,UZ\nSeven,G 7,Moskva,101000,Россия` });
    const r = runCli(['render', 'case.yaml', '--where', 'country=Uzbekistan'], mixed);
    expect(r.code).toBe(0);
    expect(listFiles(path.join(mixed, 'out/test-case'))).toEqual(['001-one.pdf', '003-three.pdf', '005-five.pdf', '006-six.pdf', 'manifest.csv']);
    // A part of a country is only itself; the country takes its parts.
    const uk = makeCampaign({ csv: 'name,address_1,city,postcode,country\nA,1 St,Edinburgh,EH1 1YJ,Scotland\nB,2 St,London,W1A 1AA,England\nC,3 St,Leeds,LS1 1UR,United Kingdom' });
    expect(runCli(['render', 'case.yaml', '--where', 'country=scotland', '--out', 'scot'], uk).code).toBe(0);
    expect(listFiles(path.join(uk, 'scot/test-case'))).toEqual(['001-a.pdf', 'manifest.csv']);
    expect(runCli(['render', 'case.yaml', '--where', 'country=UK', '--out', 'all'], uk).code).toBe(0);
    expect(listFiles(path.join(uk, 'all/test-case'))).toEqual(['001-a.pdf', '002-b.pdf', '003-c.pdf', 'manifest.csv']);
  });

  it('--where state= matches a US state however it is written, as the letter prints it (a US trial\'s "State=NJ" found "New Jersey" none)', () => {
    const dir = makeCampaign({ csv: 'name,salutation,address_1,city,State,postcode,country\nA,Dear A,1 St,Trenton,New Jersey,08608,United States\nB,Dear B,2 St,Newark,N.J.,07102,United States\nC,Dear C,3 St,Albany,NY,12207,United States\n' });
    expect(runCli(['render', 'case.yaml', '--where', 'State=NJ'], dir).code).toBe(0);
    expect(listFiles(path.join(dir, 'out/test-case'))).toEqual(['001-a.pdf', '002-b.pdf', 'manifest.csv']);
    expect(runCli(['render', 'case.yaml', '--where', 'state=new york', '--out', 'ny'], dir).code).toBe(0);
    expect(listFiles(path.join(dir, 'ny/test-case'))).toEqual(['003-c.pdf', 'manifest.csv']);
    // A state of the row's country only: Western Australia's "WA" is not Washington (a review's).
    writeFileSync(path.join(dir, 'officials.csv'), `${readFileSync(path.join(dir, 'officials.csv'), 'utf8')}D,Dear D,4 St,Perth,WA,6000,Australia\nE,Dear E,5 St,Seattle,WA,98101,United States\n`);
    expect(runCli(['render', 'case.yaml', '--where', 'state=Washington', '--out', 'wa'], dir).code).toBe(0);
    expect(listFiles(path.join(dir, 'wa/test-case'))).toEqual(['005-e.pdf', 'manifest.csv']);
  });

  it('(eq recipient.country "Uzbekistan") in a template is true for the country however it is written, as --where is', async () => {
    const template = '---\nsubject: About {{case.name}}\n---\n{{#if (eq recipient.country "Uzbekistan")}}Please raise it with your colleagues.{{else}}Please raise it with the Uzbek authorities.{{/if}}\n';
    const dir = makeCampaign({ csv: 'name,address_1,city,postcode,country\nOne,A 1,Toshkent,100005,Oʻzbekiston\nTwo,B 2,Tashkent,100006,UZ\nThree,C 3,Moskva,101000,Россия', template });
    expect(runCli(['render', 'case.yaml'], dir).code).toBe(0);
    const said = async (file: string) => (await readPdf(path.join(dir, 'out/test-case', file)))[0]!.items.map((i) => i.str).join(' ');
    expect(await said('001-one.pdf')).toContain('with your colleagues');
    expect(await said('002-two.pdf')).toContain('with your colleagues');
    expect(await said('003-three.pdf')).toContain('with the Uzbek authorities');
  });

  it('--offset-x/--offset-y move the letters by millimetres', async () => {
    const dir = makeCampaign({ csv });
    expect(runCli(['render', 'case.yaml', '--limit', '1'], dir).code).toBe(0);
    const [plain] = await readPdf(path.join(dir, 'out/test-case/001-one.pdf'));
    expect(runCli(['render', 'case.yaml', '--limit', '1', '--offset-x', '-2.5', '--offset-y', '1'], dir).code).toBe(0);
    const [moved] = await readPdf(path.join(dir, 'out/test-case/001-one.pdf'));
    const a = plain!.items.find((i) => i.str === 'One')!;
    const b = moved!.items.find((i) => i.str === 'One')!;
    expect(b.x - a.x).toBeCloseTo(-2.5 * MM, 2);
    expect(b.y - a.y).toBeCloseTo(1 * MM, 2);
  });

  it('--bundle starts every letter on an odd page for duplex printing, --simplex does not', async () => {
    const long = Array.from({ length: 14 }, () => `${'Words about the case, again and again. '.repeat(9)}`).join('\n\n');
    const template = `---\nsubject: S\n---\n{{#if (eq recipient.name "Two")}}${long}{{else}}Short.{{/if}}\n`;
    const dir = makeCampaign({ csv, template });
    const made = runCli(['render', 'case.yaml', '--bundle'], dir);
    expect(made.code).toBe(0);
    // (In the list's order, which is not print's: said, so labels from print are not matched to it.)
    expect(made.stdout).toContain(`; all in one PDF, in the list's order: out${path.sep}test-case${path.sep}bundle.pdf (letters print makes letters with envelopes and labels, in postal order)`);
    const pages = await readPdf(path.join(dir, 'out/test-case/bundle.pdf'));
    // One (1 page) + blank, Two (2 pages), Three (1) + blank, Four (1).
    expect(pages).toHaveLength(7);
    const starts = pages.map((p, i) => (p.text.includes('Dear Sir or Madam,') ? i + 1 : 0)).filter(Boolean);
    expect(starts).toEqual([1, 3, 5, 7]);
    expect(pages[1]!.items).toHaveLength(0);

    expect(runCli(['render', 'case.yaml', '--bundle', '--simplex'], dir).code).toBe(0);
    expect(await readPdf(path.join(dir, 'out/test-case/bundle.pdf'))).toHaveLength(5);
  });

  it('--bundle-only writes the bundle alone and leaves the letters there as they are, in one thread or several', async () => {
    const dir = makeCampaign({ csv });
    const out = path.join(dir, 'out/test-case');
    expect(runCli(['render', 'case.yaml'], dir).code).toBe(0);
    const before = listFiles(out).map((f) => [f, readFileSync(path.join(out, f), 'latin1')]);
    for (const workers of ['0', '2']) {
      const r = runCli(['render', 'case.yaml', '--bundle-only', '--simplex', '--date', '2003-03-03'], dir, { LETTERS_WORKERS: workers });
      expect(r.code, r.stderr).toBe(0);
      expect(listFiles(out).filter((f) => f !== 'bundle.pdf').map((f) => [f, readFileSync(path.join(out, f), 'latin1')])).toEqual(before);
      const pages = await readPdf(path.join(out, 'bundle.pdf'));
      expect(pages).toHaveLength(4);
      expect(pages.map((p) => p.text.includes('3 March 2003'))).toEqual([true, true, true, true]);
      expect(pages.map((p) => /\b(One|Two|Three|Four)\b/.exec(p.text)?.[1])).toEqual(['One', 'Two', 'Three', 'Four']);
      expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([]);
    }
  });

  it('a filtered run replaces only its letters and keeps the manifest true to the folder', () => {
    const dir = makeCampaign({ csv });
    const out = path.join(dir, 'out/test-case');
    expect(runCli(['render', 'case.yaml', '--bundle'], dir).code).toBe(0);
    expect(listFiles(out)).toHaveLength(6);
    const three = runCli(['render', 'case.yaml', '--where', 'name=Three'], dir);
    expect(three.code).toBe(0);
    expect(withoutWarnings(three.stderr)).toBe('');
    expect(listFiles(out)).toEqual(['001-one.pdf', '002-two.pdf', '003-three.pdf', '004-four.pdf', 'bundle.pdf', 'manifest.csv']);

    // Two's address corrected since: a run for another row says Two's letter is out of date.
    writeFileSync(path.join(dir, 'officials.csv'), csv.replace('Two,B 2,', 'Two,B 22,'));
    const one = runCli(['render', 'case.yaml', '--where', 'name=One'], dir);
    expect(one.code).toBe(0);
    // (And the bundle of the first run, older than the list now, holds Two's letter as it was.)
    const staleBundle = `note: out${path.sep}test-case${path.sep}bundle.pdf was made before the officials' list, the case, the template or the signer last changed: letters render case.yaml --bundle (without --where/--limit) makes it again, before printing it\n`;
    expect(one.stderr).toBe(`note: a letter this run left in the folder was made from an earlier version of its row, the template, the case or the signer (002-two.pdf): run without --where/--limit to make them again\n${staleBundle}`);
    expect(withoutWarnings(runCli(['render', 'case.yaml', '--where', 'name=Two'], dir).stderr)).toBe(staleBundle); // made again
    expect(withoutWarnings(runCli(['render', 'case.yaml', '--where', 'name=One'], dir).stderr)).toBe(staleBundle);
    writeFileSync(path.join(dir, 'officials.csv'), csv);
    expect(runCli(['render', 'case.yaml'], dir).code).toBe(0);
    const manifest = readFileSync(path.join(out, 'manifest.csv'), 'utf8').split('\n').slice(1, -1);
    expect(manifest.map((l) => l.split(',')[0])).toEqual(['1', '2', '3', '4']);

    // A row removed since: the numbers no longer match the letters there, so a partial run is refused.
    const before = listFiles(out).map((f) => [f, readFileSync(path.join(out, f), 'latin1')]);
    writeFileSync(path.join(dir, 'officials.csv'), csv.replace('\nOne,A 1,Tashkent,100001,Uzbekistan', ''));
    const r = runCli(['render', 'case.yaml', '--where', 'name=Four'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("officials.csv:2: the officials' rows have moved since the letters in the folder were made: 001-one.pdf is for One, but row 1 is now Two (and 3 more)");
    expect(r.stderr).toContain('run without --where/--limit');
    expect(listFiles(out).map((f) => [f, readFileSync(path.join(out, f), 'latin1')])).toEqual(before);
    expect(runCli(['render', 'case.yaml'], dir).code).toBe(0);
    expect(runCli(['render', 'case.yaml', '--where', 'name=Four'], dir).code).toBe(0);
  });

  it("a filtered run's letter replaces the earlier letter of the same row under another name", () => {
    // As when the list grew past 999 rows and 003-three.pdf became 0003-three.pdf.
    const dir = makeCampaign({ csv });
    const out = path.join(dir, 'out/test-case');
    expect(runCli(['render', 'case.yaml'], dir).code).toBe(0);
    renameSync(path.join(out, '003-three.pdf'), path.join(out, '003-three-before.pdf'));
    const manifestFile = path.join(out, 'manifest.csv');
    writeFileSync(manifestFile, readFileSync(manifestFile, 'utf8').replace('003-three.pdf', '003-three-before.pdf'));
    expect(runCli(['render', 'case.yaml', '--where', 'name=Three'], dir).code).toBe(0);
    expect(listFiles(out)).toEqual(['001-one.pdf', '002-two.pdf', '003-three.pdf', '004-four.pdf', 'manifest.csv']);
    const rows = readFileSync(manifestFile, 'utf8').split('\n').slice(1, -1);
    expect(rows.map((l) => l.split(',')[0])).toEqual(['1', '2', '3', '4']);
    expect(rows[2]).toContain(',003-three.pdf,');
  });

  it('a full run removes the letters and bundle an earlier run made, but not files it did not make', () => {
    const fewer = makeCampaign({ csv: csv.split('\n').slice(0, 3).join('\n') });
    const out = path.join(fewer, 'out/test-case');
    expect(runCli(['render', 'case.yaml', '--recipients', 'all.csv'], fewer).code).toBe(2); // no such file: nothing changes
    writeFileSync(path.join(fewer, 'all.csv'), csv);
    expect(runCli(['render', 'case.yaml', '--recipients', 'all.csv', '--bundle'], fewer).code).toBe(0);
    writeFileSync(path.join(out, '099-made-by-hand.pdf'), 'mine');
    // What a killed run left (a process that is gone): removed. A running one's files: kept.
    writeFileSync(path.join(out, '.001-one.pdf.999999999-0-1.tmp'), 'half');
    writeFileSync(path.join(out, `.002-two.pdf.${process.pid}-0-1.tmp`), 'being written');
    expect(runCli(['render', 'case.yaml'], fewer).code).toBe(0);
    expect(listFiles(out).filter((f) => !f.startsWith('.'))).toEqual(['001-one.pdf', '002-two.pdf', '099-made-by-hand.pdf', 'manifest.csv']);
    expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([`.002-two.pdf.${process.pid}-0-1.tmp`]);
  });

  it('a bundle or manifest name taken by a folder is refused before any letter is replaced', () => {
    const dir = makeCampaign({ csv: csv.split('\n').slice(0, 3).join('\n') });
    const out = path.join(dir, 'out/test-case');
    expect(runCli(['render', 'case.yaml'], dir).code).toBe(0);
    const before = listFiles(out).map((f) => [f, readFileSync(path.join(out, f), 'latin1')]);
    mkdirSync(path.join(out, 'bundle.pdf'));
    const r = runCli(['render', 'case.yaml', '--bundle', '--date', '2003-03-03'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bundle.pdf: something that is not a file is in the way; nothing was replaced');
    expect(listFiles(out).map((f) => [f, readFileSync(path.join(out, f), 'latin1')])).toEqual(before);
    expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('--help shows examples for the program and for render', () => {
    const dir = makeCampaign();
    const top = runCli(['--help'], dir);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('letters render cases/yusuf-dzhumaev.yaml');
    const render = runCli(['render', '--help'], dir);
    expect(render.code).toBe(0);
    expect(render.stdout).toContain('Examples:');
    expect(render.stdout).toContain('letters render cases/yusuf-dzhumaev.yaml --signer');
    expect(runCli([], dir).code).toBe(2);
    expect(runCli(['render', 'case.yaml', '--no-such-flag'], dir).code).toBe(2);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('the stored help (printed without loading the command line) is what the command line prints', () => {
    const dir = makeCampaign();
    for (const args of [['--help'], ['-h'], ...['render', 'check', 'preview', 'print', 'email', 'batch', 'calibrate'].map((c) => [c, '--help'])]) {
      const stored = runCli(args, dir);
      const full = runCli(args, dir, { LETTERS_STORED_HELP: '0' });
      expect(full.code, args.join(' ')).toBe(0);
      expect(full.stdout, args.join(' ')).toContain('Options:');
      expect(stored.stdout, args.join(' ')).toBe(full.stdout);
    }
    // And it is what answers: a copy of the entry point beside other stored help prints that.
    const alone = tempDir();
    copyFileSync(CLI, path.join(alone, 'cli.js'));
    writeFileSync(path.join(alone, 'help.json'), JSON.stringify({ '': 'stored top\n', render: 'stored render\n' }));
    for (const [args, text] of [[['--help'], 'stored top\n'], [['render', '-h'], 'stored render\n']] as const) {
      expect(spawnSync(process.execPath, [path.join(alone, 'cli.js'), ...args], { encoding: 'utf8' }).stdout).toBe(text);
    }
    // A word that is no command, even one every object has, is left to the command line.
    // (It says there is no such command.)
    const odd = runCli(['constructor', '--help'], dir);
    expect([odd.code, odd.stdout]).toEqual([2, '']);
    expect(odd.stderr).toContain('letters: unknown command "constructor"');
    expect(odd.stderr).toBe(runCli(['constructor', '--help'], dir, { LETTERS_STORED_HELP: '0' }).stderr);
    // An option's value before the command is no command (a review's "--paper letter render --help").
    const valued = runCli(['--paper', 'letter', 'render', '--help'], dir);
    expect([valued.code, valued.stdout.split('\n')[0]]).toEqual([0, 'letters render <case>']);
    // Not only help: the command line answers.
    expect(runCli(['render', '--help', '--bogus'], dir).stdout).toBe(runCli(['render', '--help', '--bogus'], dir, { LETTERS_STORED_HELP: '0' }).stdout);
  });
});

describe('the command', () => {
  it('runs as a program, as `npx letters` runs it (the build makes dist/cli.js executable)', () => {
    const r = spawnSync(CLI, ['--help'], { encoding: 'utf8' });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('letters render');
  });

  it('says its own version, wherever it is run from', () => {
    const r = runCli(['--version'], tempDir());
    expect(r.stdout).toBe(`${(JSON.parse(readFileSync(path.join(path.dirname(CLI), '..', 'package.json'), 'utf8')) as { version: string }).version}\n`);
  });

  /** Loads the bundle beside `load` and renders the sample campaign; prints whether the code cache was used. */
  const loadAndRender = (load: string) => {
    const out = tempDir();
    const script = [
      `const m = await import(${JSON.stringify(pathToFileURL(load).href)});`,
      `const { renderCampaign } = await m.loadBundle().renderModule();`,
      `const r = await renderCampaign({ casePath: 'cases/yusuf-dzhumaev.yaml', outDir: ${JSON.stringify(out)}, date: '2026-11-28' });`,
      `console.log(m.codeCache(), r.letters);`,
    ].join('\n');
    return spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: path.join(path.dirname(CLI), '..') });
  };

  it('loads its bundle from the code cache the build made (a quarter of a second sooner)', () => {
    const r = loadAndRender(path.join(path.dirname(CLI), 'load.js'));
    expect(withoutWarnings(r.stderr)).toBe('');
    expect(r.stdout).toBe('accepted 7\n');
    // Strict mode throughout: the directive must be the bundle's first statement to count.
    const bundle = readFileSync(path.join(path.dirname(CLI), 'letters.cjs'), 'utf8');
    expect(bundle.startsWith('"use strict";\n')).toBe(true);
    // All ASCII: src/load.ts reads it as Latin-1.
    expect(bundle.match(/[^\0-\x7f]/)).toBeNull();
  });

  it('holds the country tables the library makes from ICU, made by the build', () => {
    const script = [
      `const { loadBundle } = await import(${JSON.stringify(pathToFileURL(path.join(path.dirname(CLI), 'load.js')).href)});`,
      `const stored = (await loadBundle().countriesModule()).countryTables();`,
      `const made = (await import(${JSON.stringify(pathToFileURL(path.join(path.dirname(CLI), 'render', 'countries.js')).href)})).countryTables();`,
      `console.log(stored.other.length > 1000, JSON.stringify(stored) === JSON.stringify(made));`,
    ].join('\n');
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(withoutWarnings(r.stderr)).toBe('');
    expect(r.stdout).toBe('true true\n');
    // Stored for this Node's ICU data, so the bundle uses them rather than make its own.
    const { icu, cldr, unicode } = process.versions;
    expect(readFileSync(path.join(path.dirname(CLI), 'letters.cjs'), 'utf8')).toContain(`JSON.parse('{"icu":"${icu} ${cldr} ${unicode}"`);
  });

  it('compiles the bundle afresh when its cache is damaged or the bundle was changed since (V8 would run either)', () => {
    // A copy of the built files, beside the project's node_modules and package.json.
    const copy = (change: (dir: string) => void) => {
      const root = tempDir();
      symlinkSync(path.join(path.dirname(CLI), '..', 'node_modules'), path.join(root, 'node_modules'));
      copyFileSync(path.join(path.dirname(CLI), '..', 'package.json'), path.join(root, 'package.json'));
      const dist = path.join(root, 'dist');
      mkdirSync(dist);
      for (const f of ['load.js', 'heap.js', 'letters.cjs', 'letters.cjs.cache']) copyFileSync(path.join(path.dirname(CLI), f), path.join(dist, f));
      change(dist);
      return path.join(dist, 'load.js');
    };
    expect(loadAndRender(copy(() => undefined)).stdout).toBe('accepted 7\n');
    // One byte of the cache flipped, in the middle: V8 itself checks only its header.
    const damaged = copy((dist) => {
      const cache = readFileSync(path.join(dist, 'letters.cjs.cache'));
      cache[cache.length >> 1]! ^= 0xff;
      writeFileSync(path.join(dist, 'letters.cjs.cache'), cache);
    });
    expect(loadAndRender(damaged).stdout).toBe('none 7\n');
    // The bundle changed in place, its length the same: V8 would run the cached code.
    const changed = copy((dist) => {
      const bundle = readFileSync(path.join(dist, 'letters.cjs'), 'utf8');
      expect(bundle).toContain('`Wrote ${');
      writeFileSync(path.join(dist, 'letters.cjs'), bundle.replace('`Wrote ${', '`WROTE ${'));
    });
    expect(loadAndRender(changed).stdout).toBe('none 7\n');
  });
});

describe('usage errors', () => {
  it('are said for this program, exit 2, and write nothing', () => {
    const dir = makeCampaign();
    const cases: [string[], string][] = [
      [['render', 'case.yaml', '--limit', '-1'], 'letters: --limit must be a whole number of at least 1, not -1'],
      [['render', 'case.yaml', '--limit', 'abc'], 'letters: --limit must be a whole number of at least 1\n'],
      [['render', 'case.yaml', '--limit', '1', '--limit', '2'], 'letters: --limit is given 2 times; give it once'],
      [['render', 'case.yaml', '--signer'], 'letters: --signer needs a value'],
      [['render', 'case.yaml', '--simplex'], 'letters: --simplex only makes sense with --bundle'],
      [['rendr', 'case.yaml'], 'letters: unknown command "rendr" (did you mean "render"?): the commands are render, check, preview'],
      [['bach', 'case.yaml'], 'letters: unknown command "bach" (did you mean "batch"?): the commands are render, check, preview, print, email, batch'],
      // Help for a command there is not: not the program's help, which a user trial took for the command's.
      [['init', '--help'], 'letters: unknown command "init": the commands are render, check'],
      [['rendr', '-h'], 'letters: unknown command "rendr" (did you mean "render"?)'],
      [['render'], 'letters: say which case file: letters render cases/CASE.yaml'],
      [['email', 'case.yaml', '--attach-pfd'], 'letters: unknown option --attach-pfd (did you mean "--attach-pdf"?)\n'],
      [['render', 'case.yaml', 'extra', '--bundel'], 'letters: unknown option --bundel (did you mean "--bundle"?); one argument too many: "extra"\n'],
      [['render', 'case.yaml', '--Bundle', '--no-bundel'], 'letters: unknown option --Bundle (did you mean "--bundle"? options are in small letters); unknown option --no-bundel (did you mean "--no-bundle"?)\n'],
      [['preview', 'case.yaml', '--row', '0'], 'letters: --row must be a whole number of at least 1, not 0'],
      [['print', 'case.yaml', '--skip', '1', '--skip', '2'], 'letters: --skip is given 2 times; give it once'],
      [['render', 'case.yaml', '--date', '2024'], '--date "2024" is not a date'],
      [['render', 'case.yaml', '--date', '2099-01-01'], '--date "2099-01-01" is more than a year from today'],
      // A date that can be two days is refused, with both (one that can be only one is taken: below).
      [['render', 'case.yaml', '--date', '05/10/2026'], '--date "05/10/2026" is a date that can be read two ways\n  hint: write it 2026-10-05 if it is 5 October, or 2026-05-10 if it is 10 May'],
      [['print', 'case.yaml', '--paper', 'a5'], 'letters: --paper "a5" is not one of a4, letter (did you mean "a4"?)\nRun "letters print --help" for usage.'],
      [['print', 'case.yaml', '--envelope=dll', '--window', 'middle'], 'letters: --envelope "dll" is not one of dl, c5, c4, us10, none (did you mean "dl"?); --window "middle" is not one of left, right\n'],
      [['mark', 'case.yaml', 'enviado', '--volunteer', 'Ana'], 'letters: "enviado" is not one of handed-over, posted (or sent), returned, replied\n'],
      [['render', 'case.yaml', '--paper', 'a4', '--paper', 'letter'], 'letters: --paper given more than once: give it once\n'],
      [['render', 'case.yaml', '--dinForm', 'x'], 'letters: --din-form "x" is not one of a, b\n'],
    ];
    for (const [args, message] of cases) {
      const r = runCli(args, dir);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain(message);
    }
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('--date takes a day written another way that can be only one day, as --on and the CSV\'s dates are read', async () => {
    const dir = makeCampaign();
    // A date with dots is day.month.year.
    const dotted = runCli(['render', 'case.yaml', '--date', '29.11.2026'], dir);
    expect(dotted.code, dotted.stderr).toBe(0);
    const first = listFiles(path.join(dir, 'out/test-case')).find((f) => f.endsWith('.pdf'))!;
    expect((await readPdf(path.join(dir, 'out/test-case', first)))[0]!.text).toContain('29 November 2026');
  });
});
