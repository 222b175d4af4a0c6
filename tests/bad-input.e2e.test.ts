import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE_CASE, BASE_CSV, BASE_TEMPLATE, CLI, listFiles, makeCampaign, runCli } from './helpers/cli.js';

/** Runs render on a campaign that is wrong in one way; it must exit 2, say where, and write nothing. */
function expectRefused(files: Parameters<typeof makeCampaign>[0], args: string[] = []) {
  const dir = makeCampaign(files);
  const r = runCli(['render', 'case.yaml', ...args], dir);
  expect(r.stdout).toBe('');
  expect(r.code).toBe(2);
  expect(r.stderr).not.toMatch(/\n\s+at .*\.js:\d+/); // no stack trace
  expect(r.stderr).toMatch(/Nothing was written|Run "letters --help"/);
  expect(existsSync(path.join(dir, 'out'))).toBe(false);
  return r.stderr;
}

describe('bad input is refused with file:line, a hint, exit 2, and nothing written', () => {
  it('a misspelt column of a French list is found among its own headers, and the columns are listed as the file names them', () => {
    const csv = 'Civilité;Prénom;Nom;Fonction;Adresse;CP;Ville;Pays\nM.;Ahmed;Attaf;Ministre;1 rue X;16000;Alger;Algérie\n';
    const err = expectRefused({ csv, template: 'Bonjour {{recipient.fonctoin}}.\n' });
    expect(err).toContain('the template uses recipient.fonctoin, but officials.csv has no column "fonctoin" (did you mean "fonction"?)');
    expect(err).toContain('hint: columns found: title (Civilité), first_name (Prénom), last_name (Nom), position (Fonction), address (Adresse), postcode (CP), city (Ville), country (Pays)');
  });

  it('a missing column names it and lists the columns found', () => {
    const err = expectRefused({ csv: 'title,first_name,last_name,address_1,city\nMr,A,B,Street 1,Tashkent\n' });
    expect(err).toContain('officials.csv:1: missing column country');
    expect(err).toContain('hint: columns found: title, first_name, last_name, address_1, city');
    // A misspelt one is not taken for a column of the user's own: the letters would lack the street.
    const misspelt = expectRefused({ csv: BASE_CSV.replace('address_1', 'Adress 1') });
    expect(misspelt).toContain('officials.csv:1: column "Adress 1" looks like a misspelling of "address_1", which the file lacks');
    // A header that says what it holds, for a column the file lacks: the letters would lack the
    // postcode. A warning (it may be a column of the user's own), said by check and render.
    const postal = makeCampaign({ csv: BASE_CSV.replace('postcode', 'Postal Code (6 digits)') });
    const warned = 'officials.csv:1: column "Postal Code (6 digits)" looks like the postcode, which the file lacks: the letters would go without it';
    expect(runCli(['check', 'case.yaml'], postal).stdout).toContain(warned);
    const made = runCli(['render', 'case.yaml'], postal);
    expect(made.code).toBe(0);
    expect(made.stderr).toContain(warned);
  });

  it('reads the headers of a spreadsheet export: the letter has the position, province and postcode', () => {
    const csv = 'Full Name,Job Title,Organization,Salutation,Street Address,City,State/Province,Zip/Postal Code,Country,E-mail Address\nMélanie Joly,Minister of Foreign Affairs,Global Affairs Canada,Dear Minister,125 Sussex Drive,Ottawa,ON,K1A 0G2,Canada,minister@example.gc.ca\n';
    const dir = makeCampaign({ csv });
    const r = runCli(['preview', 'case.yaml'], dir);
    expect(r.code).toBe(0);
    for (const line of ['Mélanie Joly', 'Minister of Foreign Affairs', 'Global Affairs Canada', '125 Sussex Drive', 'Ottawa ON K1A 0G2', 'CANADA']) expect(r.stdout).toContain(line);
    // Outlook's export: "Company" and "Department" both, and a template that reads the department.
    const outlook = 'Title,First Name,Last Name,Company,Department,Job Title,Business Street,Business City,Business State,Business Postal Code,Business Country/Region,E-mail Address\n' +
      'Ms.,Mélanie,Joly,Global Affairs Canada,Office of the Minister,Minister of Foreign Affairs,125 Sussex Drive,Ottawa,ON,K1A 0G2,Canada,minister@example.gc.ca\n';
    const dept = makeCampaign({ csv: outlook, template: `${BASE_TEMPLATE}\nTo the {{recipient.department}} of {{recipient.company}}.\n` });
    const o = runCli(['preview', 'case.yaml'], dept);
    expect(o.code).toBe(0);
    // (Only that the official is in another country than the case: no word of the columns.)
    expect(o.stderr.split('\n').filter((l) => /^\s+officials\.csv/.test(l))).toEqual(['  officials.csv:2: Ms. Mélanie Joly is in Canada, but the case is in Uzbekistan']);
    for (const line of ['Ms. Mélanie Joly', 'Minister of Foreign Affairs', 'Global Affairs Canada', 'Ottawa ON K1A 0G2', 'To the Office of the Minister of Global Affairs Canada.']) expect(o.stdout).toContain(line);
  });

  it('a row without a country or address names the row', () => {
    const err = expectRefused({ csv: `${BASE_CSV}Mr,No,Where,Minister,,,,,\n` });
    expect(err).toContain('officials.csv:3: this official has no address (neither address lines nor a city), no country');
    expect(err).toContain('fill them in or delete the row');
  });

  it('an official with only an e-mail address gets no letter on paper: said, and the others are made', () => {
    const csv = 'name,salutation,address_1,city,country,email\nA One,Dear Sir,1 Road,Tashkent,Uzbekistan,a@gov.example.uz\nB Two,Dear Sir,,,,b@gov.example.uz\nC Three,Dear Sir,,,,\n';
    // One with neither address nor e-mail is an error still.
    expect(expectRefused({ csv })).toContain('officials.csv:4: this official has no address (neither address lines nor a city), no country');
    const dir = makeCampaign({ csv: csv.replace('C Three,Dear Sir,,,,\n', '') });
    const r = runCli(['render', 'case.yaml'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Wrote 1 letter /);
    expect(r.stderr).toContain('officials.csv:3: this official has only an e-mail address: no letter on paper is made for them');
    expect(listFiles(path.join(dir, 'out/test-case')).filter((f) => f.endsWith('.pdf'))).toEqual(['001-a-one.pdf']);
    const check = runCli(['check', 'case.yaml'], dir);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('1 letter would be made');
    const print = runCli(['print', 'case.yaml'], dir);
    expect(print.code, print.stderr).toBe(0);
    expect(print.stdout).toMatch(/1 letter/);

    // A row whose postal address is taken away: a --where run over it removes its earlier letter.
    writeFileSync(path.join(dir, 'officials.csv'), 'name,salutation,address_1,city,country,email\nA One,Dear Sir,,,,a@gov.example.uz\nB Two,Dear Sir,,,,b@gov.example.uz\n');
    // None left with a postal address: no letter to make is an error, not an empty run.
    const none = runCli(['render', 'case.yaml', '--where', 'name=A One'], dir);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('officials.csv: no selected official has a postal address: there is no letter on paper to make');
    expect(runCli(['check', 'case.yaml'], dir).stdout).toContain('no official has a postal address');
    expect(runCli(['print', 'case.yaml'], dir).code).toBe(2);
    writeFileSync(path.join(dir, 'officials.csv'), 'name,salutation,address_1,city,country,email\nA One,Dear Sir,,,,a@gov.example.uz\nB Two,Dear Sir,,,,b@gov.example.uz\nC Three,Dear Sir,3 Road,Tashkent,Uzbekistan,\n');
    const partial = runCli(['render', 'case.yaml', '--limit', '3'], dir);
    expect(partial.code, partial.stderr).toBe(0);
    expect(listFiles(path.join(dir, 'out/test-case')).filter((f) => /^\d+-.*\.pdf$/.test(f))).toEqual(['003-c-three.pdf']);
    expect(readFileSync(path.join(dir, 'out/test-case/manifest.csv'), 'utf8')).not.toContain('A One');
  });

  it('a CSV syntax error gives its line', () => {
    const err = expectRefused({ csv: `${BASE_CSV}Mr,A,"B,Minister,,Street,Tashkent,100001,Uzbekistan\nMr,C,D,E,,F,G,1,Uzbekistan\n` });
    expect(err).toMatch(/officials\.csv:[34]: CSV syntax error: a quoted value is never closed/);
    const err2 = expectRefused({ csv: `${BASE_CSV}Mr,A,B,Minister,,Street,Tashkent,100001,Uzbekistan,extra\n` });
    expect(err2).toContain('officials.csv:3: CSV syntax error');
    expect(err2).toContain('this row has 10 values but the header has 9');
    // Every such row at once: a list with two unquoted commas takes one run to mend.
    const err3 = expectRefused({ csv: `${BASE_CSV}Mr,A,B,Minister, Interior,,Street,Tashkent,100001,Uzbekistan\nMr,C,D,E,,F,G,1,Uzbekistan\nMr,E,F,Judge,,1 Street,Tashkent, Yunusobod,100002,Uzbekistan\n` });
    expect(err3).toContain('officials.csv:3: CSV syntax error: this row has 10 values but the header has 9');
    expect(err3).toContain('officials.csv:5: CSV syntax error: this row has 10 values but the header has 9');
  });

  it('a CSV that is not UTF-8 suggests --encoding windows-1252, which then reads it', () => {
    const latin = Buffer.from(`${BASE_CSV.split('\n')[0]}\nMr,Jos\xe9,M\xfcller,Minister,,Stra\xdfe 1,Z\xfcrich,8001,Switzerland\n`, 'latin1');
    const err = expectRefused({ csv: latin });
    expect(err).toContain('officials.csv:2: the CSV is not valid UTF-8');
    expect(err).toContain('--encoding windows-1252');
    const dir = makeCampaign({ csv: latin });
    expect(runCli(['render', 'case.yaml', '--encoding', 'windows-1252'], dir).code).toBe(0);
    expect(existsSync(path.join(dir, 'out/test-case/001-jose-muller.pdf'))).toBe(true);
    // Or once, in the case file, for every run, and every list (one given with --recipients too).
    expect(err).toContain('"encoding: windows-1252" in the case file, for every run');
    const kept = makeCampaign({ csv: latin, case: `${BASE_CASE}encoding: windows-1252\n` });
    const r = runCli(['preview', 'case.yaml'], kept);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Mr José Müller');
    writeFileSync(path.join(kept, 'other.csv'), latin);
    expect(runCli(['preview', 'case.yaml', '--recipients', 'other.csv'], kept).stdout).toContain('Mr José Müller');
  });

  it('a country mistyped ("Untied States", "Egpyt") is an error naming the country meant; a place letters does not know ("Somaliland") is not', () => {
    const csv = `${BASE_CSV}Mr,A,B,Minister,,Street,Tashkent,100001,Uzbeksitan\nMr,C,D,Minister,,Street 2,Tashkent,100002,Uzbekistn\n`;
    const err = expectRefused({ csv });
    expect(err).toContain('officials.csv:3: the country "Uzbeksitan" is Uzbekistan mistyped: the envelope would print it so, and the letter be laid out as going abroad\n  hint: write Uzbekistan');
    expect(err).toContain('officials.csv:4: the country "Uzbekistn" is Uzbekistan mistyped');
    const check = runCli(['check', 'case.yaml'], makeCampaign({ csv }));
    expect(check.stdout).toContain('officials.csv:3: the country "Uzbeksitan" is Uzbekistan mistyped');
    expect(check.stdout).not.toContain('does not know the country "Uzbeksitan"');
    const somaliland = runCli(['check', 'case.yaml'], makeCampaign({ csv: `${BASE_CSV}Mr,A,B,Minister,,Street,Hargeisa,,Somaliland\n` }));
    expect(somaliland.stdout).toContain('letters does not know the country "Somaliland"');
    expect(somaliland.stdout).not.toContain('mistyped');
  });

  it('a web page\'s code for a character in the template\'s own words ("&amp;") gives its line, in the body and the front matter', () => {
    const err = expectRefused({ template: '---\nsubject: Justice &amp; {{case.name}}\n---\nI write about **{{case.name}}**.\n\nPlease help him &amp; his family.\n' });
    expect(err).toContain('letter.hbs:2: "Justice &amp; {{case.name}}" in the template has "&amp;", a web page\'s code for a character');
    expect(err).toContain('letter.hbs:6: "Please help him &amp; his family." in the template has "&amp;"');
    expect(err).toContain('hint: write the character itself ("&")');
  });

  it('a template syntax error gives its line in the template file (front matter counted)', () => {
    const err = expectRefused({ template: '---\nsubject: S\n---\nLine one.\n\n{{#if case.name}}\nunclosed\n' });
    expect(err).toMatch(/letter\.hbs:\d+: template syntax error/);
    const err2 = expectRefused({ template: '---\nsubject: S\n---\nFirst.\n\nSecond {{case.name\n' });
    expect(err2).toContain('letter.hbs:6: template syntax error');
  });

  it('a template that cannot be read does not hide the rows\' errors, nor a case date\'s', () => {
    const csv = 'name,address_1,city,country,government\nA Minister,Street 1,Tashkent,Uzbekistan,Uzbekistan\nB Minister,Street 2,Astana,Kazakhstan,Kazakhstan\n';
    const err = expectRefused({ csv, case: BASE_CASE.replace('detained: 2001-10-23', 'detained: 2031-10-23'), template: '---\nsubject: S\n---\n{{#if case.name}}\nunclosed\n' });
    expect(err).toMatch(/letter\.hbs:\d+: template syntax error/);
    expect(err).toContain('officials.csv:3: B Minister is an official of Kazakhstan, but the case is in Uzbekistan');
    expect(err).toContain('case.yaml:4: case field "detained" (2031-10-23) is in the future');

    // `email` checks its own rows: those with an address, and the address itself.
    const mail = 'name,address_1,city,country,government,email\nA Minister,Street 1,Tashkent,Uzbekistan,Uzbekistan,not-an-address\nB Minister,Street 2,Astana,Kazakhstan,Kazakhstan,\n';
    const dir = makeCampaign({ csv: mail, signer: 'name: Anna Smith\nemail: anna@example.org\n', template: '---\nsubject: S\n---\n{{#if case.name}}\nunclosed\n' });
    const r = runCli(['email', 'case.yaml', '--signer', 'me.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/letter\.hbs:\d+: template syntax error/);
    expect(r.stderr).toContain('officials.csv:2: the e-mail address "not-an-address" needs exactly one @');
    expect(r.stderr).not.toContain('Kazakhstan'); // no message for B Minister: a letter to post
  });

  it('an unknown helper, partial or field is named with its line and a suggestion', () => {
    expect(expectRefused({ template: 'Hello {{uper case.name}}\n' })).toContain('letter.hbs:1: unknown helper "uper"');
    expect(expectRefused({ template: 'Hello\n{{> footer}}\n' })).toContain('letter.hbs:2: unknown partial "footer"');
    const err = expectRefused({ template: 'Hello {{recipient.salutaton}}\n' });
    expect(err).toContain('letter.hbs:1: the template uses recipient.salutaton, but officials.csv has no column "salutaton" (did you mean "salutation"?)');
    expect(expectRefused({ template: 'Hello {{name}}\n' })).toContain('letter.hbs:1: unknown field "name"');
  });

  it('a field the data lacks is found in helper arguments, #if conditions and partials', () => {
    const caseNoDate = BASE_CASE.replace('detained: 2001-10-23\n', '');
    const err = expectRefused({ case: caseNoDate, template: '---\nsubject: S\n---\nHe was detained on {{date case.detained "long"}}.\n' });
    expect(err).toContain('letter.hbs:4: the template uses case.detained, but the case file has no value for "detained"');

    const err2 = expectRefused({ template: '{{#if recipient.prison}}In {{recipient.prison}}.{{/if}}\n' });
    expect(err2).toContain('letter.hbs:1: the template uses recipient.prison, but officials.csv has no column "prison"');
    // A header as written in the file, where letters names it otherwise: the name to use.
    const anrede = expectRefused({ csv: BASE_CSV.replace('title,', 'Anrede,'), template: 'Hi {{recipient.Anrede}} {{recipient.Title}}.\n' });
    expect(anrede).toContain('the template uses recipient.Anrede, but officials.csv has no column "Anrede" (did you mean "recipient.anrede"?');

    const err3 = expectRefused({ template: 'Hi.\n\n{{> sign}}\n', partials: { sign: 'Sent by\n{{signer.name}}' } });
    expect(err3).toMatch(/partials\/sign\.hbs:2: the template uses signer\.name, but no signer was given/);
  });

  it('an empty value the template prints names the CSV row and the template line', () => {
    const csv = `${BASE_CSV}Mr,Rashid,,Prosecutor General,Dear Sir,Gulyamova 66,Tashkent,700047,Uzbekistan\n`;
    const err = expectRefused({ csv, template: 'Hello\n\nDear Mr {{recipient.last_name}}, {{#if recipient.title}}{{recipient.title}}{{/if}}\n' });
    expect(err).toContain('officials.csv:3: "last_name" is empty, but the template prints recipient.last_name (letter.hbs:3)');
    expect(err).toContain('{{#if recipient.last_name}}');
    expect(err).not.toContain('officials.csv:2:');
  });

  it('a salutation without a name ("Dear", "Dear Mr.") is refused with its row, never printed as "Dear,"', () => {
    const csv = `${BASE_CSV}Mr,Rashid,Kadyrov,Prosecutor General,Dear,Gulyamova 66,Tashkent,700047,Uzbekistan\nMr,Rustam,Inoyatov,Chairman,Dear Mr.,Gulyamova 67,Tashkent,700047,Uzbekistan\n`;
    const err = expectRefused({ csv });
    expect(err).toContain('officials.csv:3: the letter would open "Dear,": the salutation has no name ("Dear")');
    expect(err).toContain('officials.csv:4: the letter would open "Dear Mr.,": the salutation has no name ("Dear Mr.")');
    expect(err).not.toContain('officials.csv:2:'); // "Your Excellency" is whole
    const german = expectRefused({ csv: `${BASE_CSV}Herr,Max,Muster,Minister,Sehr geehrter Herr,Weg 1,Tashkent,700047,Uzbekistan\n` });
    expect(german).toContain('officials.csv:3: the letter would open "Sehr geehrter Herr,"');
    const portuguese = expectRefused({ csv: `${BASE_CSV}Sr.,Luiz,Silva,Ministro,Prezado Sr.,Rua 1,Tashkent,700047,Uzbekistan\n` });
    expect(portuguese).toContain('officials.csv:3: the letter would open "Prezado Sr.,"');
    // The hint's examples are in the letter's language.
    const spanish = expectRefused({ csv: `${BASE_CSV}Sra.,Ana,López,Ministra,Estimada Sra.,Calle 1,Tashkent,700047,Uzbekistan\n`, template: '---\nlanguage: es\n---\nHola.\n' });
    expect(spanish).toContain('officials.csv:3: the letter would open "Estimada Sra.:"');
    expect(spanish).toContain('write it in full, with the name or the office ("Estimado Señor Ministro", "Estimada Sra. López"), or leave it empty for "Estimado/a señor/a"');
    const more = expectRefused({ csv: `${BASE_CSV}Mr,A,B,Minister,Уважаемый г-н,Rua 1,Tashkent,700047,Uzbekistan\nMr,C,D,Minister,Hörmətli cənab,Rua 2,Tashkent,700047,Uzbekistan\n` });
    expect(more).toContain('officials.csv:3: the letter would open "Уважаемый г-н,"');
    expect(more).toContain('officials.csv:4: the letter would open "Hörmətli cənab,"');
    const titles = expectRefused({ csv: `${BASE_CSV}Mr,A,B,Minister,Dear Hon.,Rua 1,Tashkent,700047,Uzbekistan\nMr,C,D,Minister,Dear Rt Hon,Rua 2,Tashkent,700047,Uzbekistan\n` });
    expect(titles).toContain('officials.csv:3: the letter would open "Dear Hon.,"');
    expect(titles).toContain('officials.csv:4: the letter would open "Dear Rt Hon,"');
    // A German list's greetings, and a title alone (what an "Anrede" column holds).
    const bare = ['Herr', 'Frau', 'Sehr geehrter Herr Prof. Dr.', 'Liebe', 'Sehr geehrte/r', 'Mrs', 'Dear Mr Dr.', 'Sehr geehrte Frau Dipl.-Ing.', 'Guten Tag Herr', 'Guten Tag Herr Dr. med.', 'Dear Rep.', 'Monsieur le', 'Madame la', "Monsieur l'", 'Cher Monsieur le'];
    const refusedBare = expectRefused({ csv: `${BASE_CSV}${bare.map((v, i) => `Mr,A,B${i},Minister,${v},Weg ${i},Tashkent,700047,Uzbekistan`).join('\n')}\n` });
    bare.forEach((v, i) => expect(refusedBare).toContain(`officials.csv:${i + 3}: the letter would open "${v},"`));
    // Whole ones are not refused.
    const whole = [
      'Dear Professor', 'Estimado señor', 'Dear Sir', 'Madame', 'Monsieur', 'Prezado Senhor', 'Excelentíssimo Senhor Presidente', 'Dear Frank',
      'Dear Honourable Minister', 'Sehr geehrte Damen und Herren', 'Sehr geehrter Herr Prof. Dr. Weiß', 'Liebe Frau Müller', 'Sehr geehrte Frau Ministerin',
      'Guten Tag', 'Hallo', 'Monsieur le Ministre', "Madame l'Ambassadrice", 'Dear Grace', 'Beste heer Jansen',
      'Dear Beste Yılmaz', 'Dear Cher', 'Dear Gentile Rossi', 'Estimado Excelentísimo Señor Presidente', 'Madame Monsieur', 'Estimados Sres.',
    ].map((v, i) => `,A,B${i},Minister,${v},Weg ${i},Tashkent,700047,Uzbekistan`).join('\n'); // (no title: some greet a woman)
    expect(runCli(['check', 'case.yaml'], makeCampaign({ csv: `${BASE_CSV}${whole}\n` })).code).toBe(0);
  });

  it('a greeting twice ("Dear Dear Minister", "Dear Your Excellency") is refused with its row, and says where the second comes from', () => {
    const csv = `${BASE_CSV}Mr,Rashid,Kadyrov,Prosecutor General,Dear Prosecutor General,Gulyamova 66,Tashkent,700047,Uzbekistan\n`;
    const err = expectRefused({ csv, template: '---\nsalutation: "Dear {{recipient.salutation}},"\n---\nHello.\n' });
    expect(err).toContain('officials.csv:2: the letter would open "Dear Your Excellency,": a greeting twice (the template puts one before the row\'s "Your Excellency")');
    expect(err).toContain('officials.csv:3: the letter would open "Dear Dear Prosecutor General,": a greeting twice');
    expect(err).toContain("print it as it is, with salutation: '{{salutation}},' in the template (the default)");
    // Greetings of other languages after "Dear" too; "Gentile" only before a title (it is a surname as well).
    const others = expectRefused({ csv: `${BASE_CSV}Sig.,A,B,Ministro,Egregio Signor Ministro,Via 1,Tashkent,700047,Uzbekistan\nFrau,C,D,Ministerin,Liebe Frau Müller,Weg 2,Tashkent,700047,Uzbekistan\nMme,E,F,Ministre,Chère Madame,Rue 3,Tashkent,700047,Uzbekistan\nSig.ra,G,H,Ministra,Gentile Ministra,Via 4,Tashkent,700047,Uzbekistan\n`, template: '---\nsalutation: "Dear {{recipient.salutation}},"\n---\nHello.\n' });
    for (const line of [3, 4, 5, 6]) expect(others).toContain(`officials.csv:${line}: the letter would open "Dear `);
    // Portuguese's superlative pasted twice, and an envelope's form of address as the greeting (a Brazilian trial's).
    const pt = expectRefused({ csv: `${BASE_CSV}Sr.,A,B,Presidente,Excelentíssimo Senhor Excelentíssimo Senhor Presidente,Weg 1,Tashkent,700047,Uzbekistan\nSr.,C,D,Ministro,A Sua Excelência o Senhor,Weg 2,Tashkent,700047,Uzbekistan\n` });
    expect(pt).toContain('officials.csv:3: the letter would open "Excelentíssimo Senhor Excelentíssimo Senhor Presidente,": a greeting twice');
    expect(pt).toContain('officials.csv:4: the letter would open "A Sua Excelência o Senhor,": "A Sua Excelência" is how an address names an official, not how a letter greets them');
    const own = expectRefused({ csv: `${BASE_CSV}Mr,A,B,Minister,Geachte Geachte heer,Weg 1,Tashkent,700047,Uzbekistan\n` });
    expect(own).toContain('officials.csv:3: the letter would open "Geachte Geachte heer,": a greeting twice\n  hint: write the greeting once ("Dear Minister")');
    // No warning that such a row "will open Dear Sir or Madam": the template reads the column itself.
    const dir = makeCampaign({ csv: `${BASE_CSV}Mr,Rashid,Kadyrov,Prosecutor General,,Gulyamova 66,Tashkent,700047,Uzbekistan\n`, template: '---\nsalutation: "{{recipient.salutation}},"\n---\nHello.\n' });
    const check = runCli(['check', 'case.yaml'], dir);
    expect(check.stdout).toContain('officials.csv:3: "salutation" is empty, but the template prints recipient.salutation');
    expect(check.stdout).not.toContain('will open');
  });

  it('an envelope\'s form of address after "Dear" ("Dear His Excellency", "Dear The Honorable", "Dear H.E.") is refused', () => {
    const csv =
      'title,first_name,last_name,position,salutation,address_1,city,postcode,country\n' +
      'His Excellency,Ferdinand R.,Marcos Jr.,President,Dear His Excellency,Malacañang Palace,Manila,1005,Philippines\n' +
      'The Honorable,Jan,Schakowsky,Representative,Dear The Honorable Jan Schakowsky,2367 Rayburn House Office Building,Manila,1000,Philippines\n' +
      'H.E.,A,B,Minister,Dear H.E.,Weg 1,Manila,1000,Philippines\n' +
      'Ms,C,Hermann,Minister,Dear Ms Hermann,Weg 2,Manila,1000,Philippines\n';
    const kase = BASE_CASE.replace('country: Uzbekistan', 'country: Philippines');
    const err = expectRefused({ csv, case: kase });
    expect(err).toContain('officials.csv:2: the letter would open "Dear His Excellency,": "His Excellency" is how an address names an official, not how a letter greets them');
    expect(err).toContain('officials.csv:3: the letter would open "Dear The Honorable Jan Schakowsky,": "The Honorable" is how');
    expect(err).toContain('officials.csv:4: the letter would open "Dear H.E.,": "H.E." is how');
    expect(err).toContain('hint: greet them "Your Excellency," or by office and name');
    expect(err).not.toContain('officials.csv:5');
    // The same from a template that greets by title and name.
    const templated = expectRefused({ csv, case: kase, template: '---\nsalutation: "Dear {{recipient.title}} {{recipient.last_name}},"\n---\nHello.\n' });
    expect(templated).toContain('officials.csv:2: the letter would open "Dear His Excellency Marcos Jr.,"');
    // An envelope's form alone, in French and English, or "M." for "Monsieur"; a French or Spanish greeting twice or without its name.
    const french =
      'name,position,salutation,address_1,city,postcode,country\n' +
      'A,Ambassadeur,Son Excellence,Rue 1,Tashkent,700047,Uzbekistan\n' +
      'B,Roi,Sa Majesté,Rue 2,Tashkent,700047,Uzbekistan\n' +
      'C,Ministre,S.E. M. le Ministre,Rue 3,Tashkent,700047,Uzbekistan\n' +
      'D,Ministre,M. le Ministre,Rue 4,Tashkent,700047,Uzbekistan\n' +
      'E,Ministre,Monsieur le Monsieur le Ministre,Rue 5,Tashkent,700047,Uzbekistan\n' +
      'F,Fiscal,Estimado Su Excelencia,Calle 6,Tashkent,700047,Uzbekistan\n' +
      'G,Fiscal,Estimado/a,Calle 7,Tashkent,700047,Uzbekistan\n' +
      'H,Fiscal,Estimados,Calle 8,Tashkent,700047,Uzbekistan\n' +
      'I,President,His Excellency,Street 9,Tashkent,700047,Uzbekistan\n' +
      'J,Ministre,Monsieur le Ministre,Rue 10,Tashkent,700047,Uzbekistan\n' +
      'K,Bakan,Sayın,Cadde 11,Tashkent,700047,Uzbekistan\n' +
      'L,Bakan,Sayın Sayın Bakan,Cadde 12,Tashkent,700047,Uzbekistan\n';
    const fr = expectRefused({ csv: french, template: '---\nlanguage: fr\n---\nJe vous écris.\n' });
    expect(fr).toContain('officials.csv:2: the letter would open "Son Excellence,": "Son Excellence" is how an address names an official, not how a letter greets them\n  hint: greet them as a letter does: "Monsieur le Ministre", "Madame la Procureure", or a head of state or ambassador "Excellence"');
    expect(fr).toContain('officials.csv:3: the letter would open "Sa Majesté,": "Sa Majesté" is how');
    expect(fr).toContain('officials.csv:4: the letter would open "S.E. M. le Ministre,": "S.E. M." is how');
    expect(fr).toContain('officials.csv:5: the letter would open "M. le Ministre,": a greeting writes "Monsieur" in full');
    expect(fr).toContain('officials.csv:6: the letter would open "Monsieur le Monsieur le Ministre,": a greeting twice');
    expect(fr).toContain('officials.csv:7: the letter would open "Estimado Su Excelencia,": a greeting twice');
    expect(fr).toContain('officials.csv:8: the letter would open "Estimado/a,": the salutation has no name');
    expect(fr).toContain('officials.csv:9: the letter would open "Estimados,": the salutation has no name');
    expect(fr).toContain('officials.csv:10: the letter would open "His Excellency,": "His Excellency" is how');
    expect(fr).not.toContain('officials.csv:11');
    expect(fr).toContain('officials.csv:12: the letter would open "Sayın,": the salutation has no name');
    expect(fr).toContain('officials.csv:13: the letter would open "Sayın Sayın Bakan,": a greeting twice');
  });

  it('a German, Spanish or French greeting whose words disagree, or pasted twice, is refused', () => {
    const csv =
      'name,position,salutation,address_1,city,postcode,country\n' +
      'Luise Amtsberg,Beauftragte,Sehr geehrter Frau Amtsberg,Werderscher Markt 1,Tashkent,100001,Uzbekistan\n' +
      'Johann Wadephul,Minister,Sehr geehrte Herr Wadephul,Werderscher Markt 1,Tashkent,100001,Uzbekistan\n' +
      'Ana Ruiz,Fiscal,Estimado Sra. Ruiz,Calle 1,Tashkent,100001,Uzbekistan\n' +
      'Luise Amtsberg,Beauftragte,Sehr geehrte Frau Sehr geehrte Frau Amtsberg,Werderscher Markt 2,Tashkent,100001,Uzbekistan\n' +
      'Anna Berg,Ministerin,Sehr geehrte Frau Ministerin,Weg 3,Tashkent,100001,Uzbekistan\n' +
      'Jan Berg,Minister,Sehr geehrter Herr Minister,Weg 4,Tashkent,100001,Uzbekistan\n';
    const err = expectRefused({ csv, template: '---\nlanguage: de\n---\nIch schreibe Ihnen.\n' });
    expect(err).toContain('officials.csv:2: the letter would open "Sehr geehrter Frau Amtsberg,": "Sehr geehrter Frau" does not agree');
    expect(err).toContain('officials.csv:3: the letter would open "Sehr geehrte Herr Wadephul,": "Sehr geehrte Herr" does not agree');
    expect(err).toContain('officials.csv:4: the letter would open "Estimado Sra. Ruiz,": "Estimado Sra" does not agree');
    expect(err).toContain('officials.csv:5: the letter would open "Sehr geehrte Frau Sehr geehrte Frau Amtsberg,": a greeting twice');
    expect(err).not.toMatch(/officials\.csv:[67]/);
  });

  it('a greeting for a man to a row whose title or position names a woman, or the other way round, is refused (a fill-down in the spreadsheet)', () => {
    const csv =
      'title,name,position,salutation,address_1,city,postcode,country\n' +
      'Mme,Marie-Thérèse Abena Ondoa,Ministre de la Promotion de la Femme,Monsieur le Ministre,Rue 1,Tashkent,100001,Uzbekistan\n' +
      'Madame,Rose Test,Ambassadrice du Cameroun,Monsieur l\'Ambassadeur,Rue 2,Tashkent,100001,Uzbekistan\n' +
      'M.,Jean Dupont,Ministre,Madame la Ministre,Rue 3,Tashkent,100001,Uzbekistan\n' +
      ',Anne Vert,Ambassadrice,Monsieur l\'Ambassadeur,Rue 4,Tashkent,100001,Uzbekistan\n' +
      'Mme,Claire Bleu,Ambassadeur,Madame l\'Ambassadeur,Rue 5,Tashkent,100001,Uzbekistan\n' +
      'Mme,Lise Rouge,Ministre,"Madame, Monsieur",Rue 6,Tashkent,100001,Uzbekistan\n' +
      'M.,Paul Gris,Présidente,Monsieur le Président,Rue 7,Tashkent,100001,Uzbekistan\n';
    const err = expectRefused({ csv, template: '---\nlanguage: fr\n---\nJe vous écris.\n' });
    expect(err).toContain('officials.csv:2: the letter would open "Monsieur le Ministre,", but the title is "Mme": the one greets a man, the other names a woman');
    expect(err).toContain("officials.csv:3: the letter would open \"Monsieur l'Ambassadeur,\", but the title is \"Madame\"");
    expect(err).toContain('officials.csv:4: the letter would open "Madame la Ministre,", but the title is "M.": the one greets a woman, the other names a man');
    expect(err).toContain("officials.csv:5: the letter would open \"Monsieur l'Ambassadeur,\", but the position is \"Ambassadrice\": the one greets a man, the other names a woman");
    expect(err).toContain('hint: one of them is wrong (a spreadsheet\'s fill-down copies the cell above): correct the title or the salutation');
    // "Madame l'Ambassadeur" is French usage; "Madame, Monsieur" greets either; the title agrees on row 8.
    expect(err).not.toMatch(/officials\.csv:(6|7):/);
    expect(err).toMatch(/officials\.csv:8: the letter would open "Monsieur le Président,", but the position is "Présidente"/);
    const en =
      'title,name,position,salutation,address_1,city,postcode,country\n' +
      'Ms,Ann Lee,Minister,Dear Sir,Street 1,Tashkent,100001,Uzbekistan\n' +
      'Herr,Jan Berg,Minister,Sehr geehrte Frau Ministerin,Weg 4,Tashkent,100001,Uzbekistan\n' +
      'Sra.,Ana Ruiz,Presidente,Excelentísimo Señor Presidente,Calle 1,Tashkent,100001,Uzbekistan\n' +
      'Mr,Pan Wei,Minister,Dear Mr Pan,Street 2,Tashkent,100001,Uzbekistan\n' +
      'Ms,Pan Li,Minister,Dear Pan Li,Street 3,Tashkent,100001,Uzbekistan\n' +
      'Mrs,Don Smith,Minister,Dear Don,Street 4,Tashkent,100001,Uzbekistan\n' +
      'mevrouw,Anna De Heer,Minister,Geachte minister De Heer,Straat 5,Tashkent,100001,Uzbekistan\n' +
      'Ms,Michelle Bachelet,High Commissioner,Dear High Commissioner M. Bachelet,Street 6,Tashkent,100001,Uzbekistan\n' +
      ',Luis Ruiz,Presidente,Señor Presidente,Calle 2,Tashkent,100001,Uzbekistan\n' +
      'Dr.,Eva Roth,Ministerin,Sehr geehrte Frau Ministerin,Weg 5,Tashkent,100001,Uzbekistan\n';
    const err2 = expectRefused({ csv: en });
    expect(err2).toContain('officials.csv:2: the letter would open "Dear Sir,", but the title is "Ms"');
    expect(err2).toContain('officials.csv:3: the letter would open "Sehr geehrte Frau Ministerin,", but the title is "Herr"');
    expect(err2).toContain('officials.csv:4: the letter would open "Excelentísimo Señor Presidente,", but the title is "Sra."');
    expect(err2).not.toMatch(/officials\.csv:([5-9]|1[01]):/); // (Pan, Don, Heer are names too; M. an initial)
    // A German list's Anrede of "Herr" or "Frau" (a German trial's fill-down); one that holds a whole greeting is not read.
    const de =
      'Anrede,Titel,Vorname,Nachname,Funktion,Briefanrede,Straße,PLZ,Ort,Land\n' +
      'Frau,Dr.,Katrin,Schneider,Abgeordnete,Sehr geehrter Herr Abgeordneter,Weg 1,100001,Tashkent,Uzbekistan\n' +
      'Herr,,Jan,Berg,Minister,Sehr geehrter Herr Minister,Weg 2,100001,Tashkent,Uzbekistan\n' +
      'Sehr geehrte Frau,,Eva,Roth,Ministerin,Sehr geehrter Herr Kollege,Weg 3,100001,Tashkent,Uzbekistan\n';
    const err3 = expectRefused({ csv: de, template: '---\nlanguage: de\n---\nIch schreibe Ihnen.\n' });
    expect(err3).toContain('officials.csv:2: the letter would open "Sehr geehrter Herr Abgeordneter,", but the Anrede is "Frau": the one greets a man, the other names a woman');
    expect(err3).not.toMatch(/officials\.csv:[34]:.*Anrede/);
  });

  it('"Honorable" in the greeting of a US official is refused ("Dear Honorable Duckworth", "Hon. Senator Duckworth"); in Kenya it greets an MP', () => {
    const csv =
      'title,first_name,last_name,position,salutation,address_1,city,region,postcode,country\n' +
      'The Honorable,Tammy,Duckworth,United States Senator,Dear Honorable Duckworth,524 Hart Senate Office Building,Washington,DC,20510,USA\n' +
      'The Honorable,Tammy,Duckworth,United States Senator,Hon. Senator Duckworth,524 Hart Senate Office Building,Washington,DC,20510,USA\n' +
      'Hon.,Danny,Davis,Representative,Dear Representative Davis,2159 Rayburn House Office Building,Washington,DC,20515,USA\n' +
      'Hon.,Otieno,Kajwang,Member of Parliament,Dear Hon. Kajwang,Parliament Buildings,Nairobi,,00100,Kenya\n';
    const kase = BASE_CASE.replace('country: Uzbekistan', 'country: Egypt');
    const err = expectRefused({ csv, case: kase });
    expect(err).toContain('officials.csv:2: the letter would open "Dear Honorable Duckworth,": in the United States "Honorable" is written on the envelope, not in the greeting');
    expect(err).toContain('hint: greet them by office and name ("Dear Senator Duckworth:", "Dear Representative Davis:")');
    expect(err).toContain('officials.csv:3: the letter would open "Hon. Senator Duckworth,": in the United States "Hon." is written');
    // The same made by a template that greets by title and name.
    const templated = expectRefused({ csv: csv.replace('Dear Honorable Duckworth', 'Dear Senator Duckworth').replace('Hon. Senator Duckworth', 'Dear Senator Duckworth'), case: kase, template: '---\nsalutation: "Dear {{recipient.title}} {{recipient.last_name}}:"\n---\nHello.\n' });
    expect(templated).toContain('officials.csv:4: the letter would open "Dear Hon. Davis:"');
    expect(err).not.toContain('officials.csv:4');
    expect(err).not.toContain('officials.csv:5');
  });

  it('a --where that matches no row names the values perhaps meant', () => {
    const csv = `${BASE_CSV}H.E.,Abdel Fattah,El-Sisi,President,Your Excellency,Heliopolis,Tashkent,100001,Uzbekistan\nHon.,Bonz,Dolor,Governor,Dear Governor,Capitol,Tashkent,100002,Uzbekistan\n`;
    const holds = expectRefused({ csv }, ['--where', 'last_name=Sisi']);
    expect(holds).toContain('no recipient matches --where/--limit\n  hint: "El-Sisi" holds "Sisi": --where matches a whole value (--where last_name="El-Sisi")');
    // Case and accents aside, and ı for i: a German keyboard has none.
    const turkish = makeCampaign({ csv: `${csv}Sayın Bakan,Ceren,Yıldırım,Minister,Sayın Bakan,Cadde 1,Tashkent,100003,Uzbekistan\n` });
    expect(runCli(['render', 'case.yaml', '--where', 'last_name=yildirim'], turkish).stdout).toContain('Wrote 1 letter');
    const near = expectRefused({ csv }, ['--where', 'last_name=Dolr']);
    expect(near).toContain('hint: no last_name is "Dolr"; did you mean "Dolor"?');
    // check says it too.
    expect(runCli(['check', 'case.yaml', '--where', 'last_name=Dolr'], makeCampaign({ csv })).stdout).toContain('did you mean "Dolor"?');
    // Of two --where, the one that matched none is the one a hint is about.
    const second = expectRefused({ csv }, ['--where', 'position=President', '--where', 'last_name=Dolr']);
    expect(second).toContain('hint: no last_name is "Dolr"; did you mean "Dolor"?');
    expect(second).not.toContain('holds "President"');
  });

  it('an option that takes one value, given twice, is said (not read as "a,b"), with exit 2', () => {
    const dir = makeCampaign({});
    for (const args of [['render', 'case.yaml', '--out', 'a', '--out', 'b'], ['check', 'case.yaml', '--signer', 'x.yaml', '--signer', 'y.yaml'], ['status', 'case.yaml', '--official', 'a', '--official', 'b']]) {
      const r = runCli(args, dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`letters: ${args[2]} given more than once: give it once`);
    }
    expect(listFiles(dir)).not.toContain('a');
  });

  it('a workbook given as the list is said to be one, with how to save it as a CSV', () => {
    const err = expectRefused({ csv: 'PK\u0003\u0004\u0014\u0000[Content_Types].xml' });
    expect(err).toContain('officials.csv: this is a spreadsheet workbook (.xlsx, .ods or .numbers), not a CSV');
    expect(err).toContain('"CSV UTF-8" in Excel');
  });

  it('takes the values of --paper, --envelope, --din-form and --labels in any case', () => {
    const dir = makeCampaign({});
    const r = runCli(['render', 'case.yaml', '--paper', 'Letter'], dir);
    expect(r.code).toBe(0);
    expect(runCli(['render', 'case.yaml', '--paper', 'US-Letter'], dir).code).toBe(0);
    const print = runCli(['print', 'case.yaml', '--paper', 'A4', '--envelope', 'DL', '--din-form', 'A', '--labels', 'L7160'], dir);
    expect(print.code).toBe(0);
  });

  it('a misspelt column in the salutation is said once, at the template, not as "Dear ," in every row', () => {
    const files = { template: '---\nsalutation: "Dear {{recipient.salutaton}},"\n---\nHello.\n' };
    const err = expectRefused(files);
    expect(err).toContain('letter.hbs:2: the template uses recipient.salutaton, but officials.csv has no column "salutaton" (did you mean "salutation"?)');
    expect(err).not.toContain('officials.csv:2');
    const check = runCli(['check', 'case.yaml'], makeCampaign(files));
    expect(check.stdout).toContain('letter.hbs:2: the template uses recipient.salutaton');
    expect(check.stdout).not.toContain('Dear ,');
    const print = runCli(['print', 'case.yaml'], makeCampaign(files));
    expect(print.code).toBe(2);
    expect(print.stderr).toContain('letter.hbs:2: the template uses recipient.salutaton');
    expect(print.stderr).not.toContain('Dear ,');
    // Other mistakes of the template (a case field it lacks) do not hide the rows' own errors.
    const other = makeCampaign({ template: 'Hello {{case.nothing}}.\n', csv: `${BASE_CSV}Mr,A,B,Minister,Dear Minister,${'W'.repeat(70)},Tashkent,100000,Uzbekistan\n` });
    const both = runCli(['check', 'case.yaml'], other);
    expect(both.stdout).toContain('the case file has no value for "nothing"');
    expect(both.stdout).toContain('officials.csv:3:');
  });

  it('a date that is not a date names the row and the template line', () => {
    const csv = 'name,appointed,address_1,city,country\nA,last spring,Street,Tashkent,Uzbekistan\nB,05/10/2019,Street,Tashkent,Uzbekistan\n';
    const err = expectRefused({ csv, template: 'x\n{{date recipient.appointed}}\n' });
    expect(err).toContain('officials.csv:2: "appointed" is "last spring", but the template reads it as a date (letter.hbs:2)\n  hint: write dates YYYY-MM-DD (or YYYY-MM, or YYYY), and keep the column as text when you save the CSV');
    expect(err).toContain(
      'officials.csv:3: "appointed" is "05/10/2019", a date that can be read two ways (the template reads it, letter.hbs:2)\n  hint: write it 2019-10-05 if it is 5 October, or 2019-05-10 if it is 10 May, and keep the column as text when you save the CSV',
    );
    const caseDate = expectRefused({ case: `${BASE_CASE}occupation: poet\n`, template: 'x\n{{yearsSince case.occupation}}\n' });
    expect(caseDate).toContain('case.yaml:16: case field "occupation" ("poet") is used as a date (letter.hbs:2) but is not one');
    expect(caseDate.match(/occupation/g)).toHaveLength(1); // once, not once per row
    expect(caseDate).not.toContain('officials.csv'); // the rows are not at fault
    // Not even a row whose note holds the word.
    const noted = expectRefused({ case: `${BASE_CASE}trial: pending\n`, csv: BASE_CSV.replace('country\n', 'country,note\n').replace('Uzbekistan\n', 'Uzbekistan,phone pending\n'), template: 'x\n{{date case.trial}}\n' });
    expect(noted).toContain('case.yaml:16: case field "trial" ("pending") is used as a date (letter.hbs:2) but is not one');
    // ("unknown" stands for no value: the line is to be left out.)
    expect(expectRefused({ case: `${BASE_CASE}trial: unknown\n`, template: 'x\n{{date case.trial}}\n' })).toContain('case.yaml:16: "unknown" in case field "trial" stands for no value');
    expect(noted).not.toContain('officials.csv');
    const literal = expectRefused({ template: 'x\n{{date "last year"}}\n' });
    expect(literal).toContain('letter.hbs:2: {{date}} needs a date written YYYY-MM-DD, got "last year"\n  hint: fix the template');
    expect(literal).not.toContain('officials.csv');
  });

  it('a date a spreadsheet wrote day first or month first is read when it can be only one day; one that can be two is an error naming both, and the order its column shows', () => {
    const row = (date: string, street: string) => `${date},Street ${street},Tashkent,Uzbekistan\n`;
    const head = 'name,appointed,address_1,city,country\n';
    const template = 'x\n{{date recipient.appointed "long"}}\n';
    // French (and most of the world's) spreadsheets: day/month/year and day.month.year; a US one month/day/year; year first.
    const dir = makeCampaign({ csv: `${head}A,${row('28/11/2019', '1')}B,${row('11/28/2019', '2')}C,${row('28.11.2019', '3')}D,${row('02.12.2019', '4')}E,${row('2019/11/28', '5')}`, template });
    const printed = [1, 2, 3, 4, 5].map((n) => {
      const r = runCli(['preview', 'case.yaml', '--row', String(n)], dir);
      expect(r.stderr).not.toContain('appointed');
      expect(r.code).toBe(0);
      return /x (\d+ \w+ \d{4})/.exec(r.stdout.replace(/\u00a0/g, ' '))?.[1]; // (a date's parts are joined by no-break spaces)
    });
    expect(printed).toEqual(['28 November 2019', '28 November 2019', '28 November 2019', '2 December 2019', '28 November 2019']);
    // "02/12/2019" is 2 December or 12 February: an error, whose hint says which the column's other dates read.
    const dayFirst = expectRefused({ csv: `${head}A,${row('28/11/2019', '1')}B,${row('02/12/2019', '2')}`, template });
    expect(dayFirst).toContain(
      'officials.csv:3: "appointed" is "02/12/2019", a date that can be read two ways (the template reads it, letter.hbs:2)\n  hint: write it 2019-12-02 if it is 2 December, as "28/11/2019" on line 2 puts the day first, or 2019-02-12 if it is 12 February',
    );
    expect(dayFirst).not.toContain('officials.csv:2');
    // A US list the other way round.
    const monthFirst = expectRefused({ csv: `${head}A,${row('02/12/2019', '1')}B,${row('11/28/2019', '2')}`, template });
    expect(monthFirst).toContain('officials.csv:2: "appointed" is "02/12/2019", a date that can be read two ways');
    expect(monthFirst).toContain('hint: write it 2019-02-12 if it is 12 February, as "11/28/2019" on line 3 puts the month first, or 2019-12-02 if it is 2 December');
    // A column with both: no reading is put first.
    const both = expectRefused({ csv: `${head}A,${row('28/11/2019', '1')}B,${row('02/12/2019', '2')}C,${row('11/28/2019', '3')}`, template });
    expect(both).toContain('hint: write it 2019-12-02 if it is 2 December, or 2019-02-12 if it is 12 February ("28/11/2019" on line 2 puts the day first, "11/28/2019" on line 4 the month)');
  });

  it('a case file\'s date is read as a CSV\'s: one day written another way is taken, one that can be two days is an error with both', () => {
    const dir = makeCampaign({ case: BASE_CASE.replace('2001-10-23', '23/10/2001') });
    const r = runCli(['preview', 'case.yaml'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('detained on 23\u00a0October\u00a02001');
    const two = expectRefused({ case: BASE_CASE.replace('2001-10-23', '05/10/2001') });
    expect(two).toContain('case.yaml:4: case field "detained" is "05/10/2001", a date that can be read two ways\n  hint: write it 2001-10-05 if it is 5 October, or 2001-05-10 if it is 10 May');
    // The case file's other dates show the order, as a column's do.
    const released = expectRefused({ case: BASE_CASE.replace('2001-10-23', '23/10/2001').replace('status: active', 'status: released\nreleased: 05/11/2011') });
    expect(released).toContain('hint: write it 2011-11-05 if it is 5 November, as "detained: 23/10/2001" puts the day first, or 2011-05-11 if it is 11 May');
  });

  it('a value that cannot be right at render time names the template line counted from the top of the file', () => {
    const err = expectRefused({ case: BASE_CASE.replace('2001-10-23', '2030-01-01'), template: '---\nsubject: S\n---\nOne\n\nHeld for {{yearsSince case.detained}} years.\n' }, ['--date', '2026-11-28']);
    expect(err).toContain("case.yaml:4: {{yearsSince}}: 2030-01-01 is after the letters' date (2026-11-28) (template letter.hbs:6)");
    expect(err).not.toContain('officials.csv');
  });

  it('a case file field that is wrong says which and why', () => {
    expect(expectRefused({ case: BASE_CASE.replace('country: Uzbekistan', 'country: ""') })).toContain('case.yaml:3: case field "country" is required');
    expect(expectRefused({ case: BASE_CASE.replace('2001-10-23', '23/13/2001') })).toContain(
      'case.yaml:4: case field "detained" is "23/13/2001", not a date written YYYY-MM-DD\n  hint: write dates YYYY-MM-DD (or YYYY-MM, or YYYY)',
    );
    expect(expectRefused({ case: BASE_CASE.replace('id: test-case', 'id: ../../etc') })).toContain('case.yaml:1: case field "id" must be letters, digits');
    expect(expectRefused({ case: `${BASE_CASE}released: 2000-01-01\n` })).toContain('"released" (2000-01-01) is before "detained"');
    // A name over two lines would run into an e-mail's subject.
    expect(expectRefused({ case: BASE_CASE.replace('name: Yusuf Dzhumaev', 'name: "Yusuf Dzhumaev\\r\\nBcc: x@example.org"') })).toContain('case.yaml:2: case field "name" must be one line');
  });

  it('a released case refuses a letter of concern, says why, and --force or a thank-you template overrides', () => {
    const released = BASE_CASE.replace('status: active', 'status: released');
    const err = expectRefused({ case: released });
    expect(err).toContain('case.yaml:7: Yusuf Dzhumaev is marked released');
    expect(err).toContain('--force');
    const dir = makeCampaign({ case: released });
    expect(runCli(['render', 'case.yaml', '--force'], dir).code).toBe(0);
    writeFileSync(path.join(dir, 'thanks.hbs'), '---\nfor: released\nsubject: Thank you\n---\nThank you.\n');
    expect(runCli(['render', 'case.yaml', '--template', 'thanks.hbs'], dir).code).toBe(0);
    // The other way round there is no override: a release is never welcomed for someone still held.
    const active = makeCampaign();
    writeFileSync(path.join(active, 'thanks.hbs'), '---\nfor: released\nsubject: Thank you\n---\nThank you.\n');
    const r = runCli(['render', 'case.yaml', '--template', 'thanks.hbs', '--force'], active);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is for released cases, but this case is active');
    expect(existsSync(path.join(active, 'out'))).toBe(false);
  });

  it('what check calls an error stops render, print and email too: a case date in the future, an official of another government', () => {
    const future = BASE_CASE.replace('detained: 2001-10-23', 'detained: 2031-10-23');
    expect(expectRefused({ case: future })).toContain('case.yaml:4: case field "detained" (2031-10-23) is in the future');
    const csv = 'name,address_1,city,country,government,email\nA Minister,Street 1,Tashkent,Uzbekistan,Uzbekistan,a@gov.uz\nB Minister,Street 2,Astana,Kazakhstan,Kazakhstan,b@gov.kz\n';
    expect(expectRefused({ csv })).toContain('officials.csv:3: B Minister is an official of Kazakhstan, but the case is in Uzbekistan');
    const dir = makeCampaign({ csv, signer: 'name: Anna Smith\nemail: anna@example.org\n' });
    for (const args of [['print', 'case.yaml'], ['email', 'case.yaml', '--signer', 'me.yaml']]) {
      const r = runCli(args, dir);
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr, args[0]).toContain('officials.csv:3: B Minister is an official of Kazakhstan');
    }
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('a case file with errors does not hide the rows\' errors: render, print and email list them in one run', () => {
    const kase = BASE_CASE.replace('2001-10-23', '2021-13-45');
    const csv = 'name,position,salutation,address_1,city,postcode,country,email\n' +
      'A Minister,Minister,Dear Minister,Street 1,Tashkent,100001,Uzbekistan,a@gov.uz\n' +
      'B Minister,Minister,Dear Minister,Street 2,Tashkent,100002,,b@gov\n' +
      'C Minister,Minister,Dear Minister,#N/A,Tashkent,100003,Uzbekistan,c@gov.uz\n';
    const err = expectRefused({ case: kase, csv });
    expect(err).toContain('case.yaml:4: case field "detained" is "2021-13-45", not a date written YYYY-MM-DD\n  hint: write dates YYYY-MM-DD');
    expect(err).toContain('officials.csv:3: this official has no country');
    expect(err).toContain('officials.csv:4: "#N/A" in "address_1" is a spreadsheet\'s error');
    expect(err).not.toContain('letter.hbs'); // (its {{date case.detained}}: said once, at the case file)
    expect(err).toContain('Nothing was written (3 problems)');
    const dir = makeCampaign({ case: kase, csv, signer: 'name: Anna Smith\nemail: anna@example.org\n' });
    const print = runCli(['print', 'case.yaml'], dir);
    expect(print.code).toBe(2);
    expect(print.stderr).toContain('case.yaml:4: case field "detained" is "2021-13-45"');
    expect(print.stderr).toContain('officials.csv:3: this official has no country');
    const email = runCli(['email', 'case.yaml', '--signer', 'me.yaml'], dir);
    expect(email.code).toBe(2);
    expect(email.stderr).toContain('case.yaml:4: case field "detained" is "2021-13-45"');
    expect(email.stderr).toMatch(/officials\.csv:3: the e-mail address "b@gov"/);
    expect(email.stderr).not.toMatch(/\n\s+at .*\.js:\d+/);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('other_governments: in the case file lets a campaign write to a third government on purpose, and no other', () => {
    const csv = 'name,address_1,city,country,government\nA Minister,Street 1,Tashkent,Uzbekistan,Uzbekistan\nB Minister,Street 2,Astana,Kazakhstan,Kazakhstan\nC Minister,Street 3,Moscow,Russia,\nD Minister,Street 4,Ankara,Turkey,Turkey\n';
    const refused = expectRefused({ csv });
    expect(refused).toContain('add "other_governments: [Kazakhstan]" to the case file');
    const dir = makeCampaign({ csv, case: `${BASE_CASE}other_governments: [Kazakhstan, Rossiya]\n` });
    const unknown = runCli(['check', 'case.yaml'], dir);
    expect(unknown.stdout + unknown.stderr).toMatch(/case\.yaml:\d+: "Rossiya" in other_governments is not a country letters knows/);
    writeFileSync(path.join(dir, 'case.yaml'), `${BASE_CASE}other_governments: [Kazakhstan, Russia]\n`);
    const check = runCli(['check', 'case.yaml'], dir);
    // Kazakhstan's minister (by the column) and Russia's (by the postal country) are fine; Turkey's is not.
    expect(check.stdout).not.toContain('B Minister');
    expect(check.stdout).not.toContain('C Minister');
    expect(check.stdout).toContain('officials.csv:5: D Minister is an official of Turkey, but the case is in Uzbekistan');
    expect(check.code).toBe(1);
  });

  it('a sender\'s or signer\'s postcode that lost its zeros is said at its line, as a row\'s is', () => {
    const mexico = BASE_CASE.replace(/sender:[\s\S]*$/, 'sender:\n  name: Grupo\n  address: Calle 1\n  city: Ciudad de México\n  postcode: 6700\n  country: Mexico\n');
    const err = expectRefused({ case: mexico });
    expect(err).toMatch(/case\.yaml:\d+: the postcode "6700" has 4 digits: a spreadsheet has dropped the zeros it starts with \(Mexico: 5 digits\)\n  hint: write it 06700\n/);
    const signed = expectRefused({ signer: 'name: Ana\naddress: Calle 2\ncity: Puebla\npostcode: 7200\ncountry: Mexico\n' }, ['--signer', 'me.yaml']);
    expect(signed).toContain('me.yaml:4: the postcode "7200" has 4 digits');
  });

  it('a character the font cannot print is named with its row and U+ code', () => {
    const csv = 'name,address_1,city,country\n習近平,Zhongnanhai,Beijing,China\n';
    const err = expectRefused({ csv });
    expect(err).toContain('officials.csv:2: the font cannot print U+7FD2 "習", U+8FD1 "近", U+5E73 "平" in "name": they would come out blank');
  });

  it('a character the font lacks in the case file is named once, at its field', () => {
    const err = expectRefused({ case: `${BASE_CASE}occupation: 詩人\n`, template: 'A {{case.occupation}}.\n', csv: `${BASE_CSV}Mr,B,C,D,,E,F,1,Uzbekistan\n` });
    expect(err).toContain('case.yaml:16: the font cannot print U+8A69 "詩", U+4EBA "人" in case field "occupation": they would come out blank');
    expect(err.match(/U\+8A69/g)).toHaveLength(1);
    // In the template: at its line.
    const inTemplate = expectRefused({ template: '---\nsubject: Hi\n---\nWith hope 🙏 for his release.\n' });
    expect(inTemplate).toContain('letter.hbs:4: the font cannot print U+1F64F "🙏" in the template: it would come out blank');
  });

  it('the case name is checked where it prints: on a letter of one page only if the template writes it', () => {
    // Later pages of a letter repeat the case name at their head; a one-page letter does not.
    const named = BASE_CASE.replace('name: Yusuf Dzhumaev', 'name: Yusuf Dzhumaev (尤素夫)');
    const onePage = makeCampaign({ case: named, template: 'I write about a poet.\n' });
    const r = runCli(['render', 'case.yaml'], onePage);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const long = `I write about a poet.\n\n${'He has been held for many years without a fair trial. '.repeat(120)}\n`;
    const err = expectRefused({ case: named, template: long });
    expect(err).toContain('case.yaml:2: the font cannot print U+5C24 "尤", U+7D20 "素", U+592B "夫" in case field "name": they would come out blank');
  });

  it('an unknown language, or a misspelt signer field, is named with its line', () => {
    expect(expectRefused({ template: '---\nlanguage: xx-YY\n---\nx\n' })).toContain('letter.hbs:2: front matter "language" is not a language');
    const err = expectRefused({ signer: 'name: Anna\nadress: [1 Road]\n' }, ['--signer', 'me.yaml']);
    expect(err).toContain('me.yaml:2: unknown signer field "adress" (did you mean "address"?)');
    // A signer's own note is a field a template may print, as a volunteer's.
    const noted = makeCampaign({ signer: 'name: Anna\naddress: [1 Road]\ncity: Leeds\ncountry: United Kingdom\npersonal_note: I taught poetry.\n', template: 'Hello.\n\n{{signer.personal_note}}\n' });
    const withNote = runCli(['preview', 'case.yaml', '--signer', 'me.yaml'], noted);
    expect(withNote.code, withNote.stderr).toBe(0);
    expect(withNote.stdout).toContain('I taught poetry.');
    // A signer written in French: every field at once, each named in English.
    const french = expectRefused({ signer: 'name: Marie Dupont\nadresse: 3 rue X\nville: Lyon\ncode_postal: "69001"\npays: France\ncourriel: marie@example.fr\n' }, ['--signer', 'me.yaml']);
    for (const [line, field, meant] of [[2, 'adresse', 'address'], [3, 'ville', 'city'], [4, 'code_postal', 'postcode'], [5, 'pays', 'country'], [6, 'courriel', 'email']]) {
      expect(french).toContain(`me.yaml:${line}: unknown signer field "${field}" (did you mean "${meant}"?)`);
    }
    // "Name:" is said as that, not also as a name missing.
    const capital = expectRefused({ signer: 'Name: Anna\naddress: [1 Road]\ncity: Leeds\ncountry: United Kingdom\n' }, ['--signer', 'me.yaml']);
    expect(capital).toContain('me.yaml:1: unknown signer field "Name" (did you mean "name"?)');
    expect(capital).not.toContain('is required');
  });

  it('an address that does not fit the window is an input error naming the row', () => {
    const tooMany = 'name,position,organisation,address_1,address_2,city,postcode,country\nA,B,C,D,E,Tashkent,100001,Uzbekistan\n';
    expect(expectRefused({ csv: tooMany })).toContain('officials.csv:2: the address has 7 lines, but an envelope window takes at most 6');
    // The hint says how this row could lose its lines, from what it has.
    expect(expectRefused({ csv: tooMany })).toContain('hint: write the position and the organisation in one line in the position column ("B, C") and leave organisation empty, or put two address lines in one ("D, E"), or leave out a line the post does not need (a "c/o" line, a department)');
    const irish = 'name,position,address_1,address_2,address_3,city,postcode,country\nMicheál Martin,Taoiseach,Department of the Taoiseach,Government Buildings,Merrion Street Upper,Dublin 2,D02 R583,Ireland\n';
    // Only lines that fit the window as one: three of these in one would be broken over two again.
    expect(expectRefused({ csv: irish })).toContain('hint: it must lose 2 lines: put two address lines in one ("Government Buildings, Merrion Street Upper"), and leave out a line the post does not need (a "c/o" line, a department)');
    // A position and organisation too long for one line are not offered as one (a user trial went
    // from that hint to "too long for the envelope window" and back).
    const russian = "name,position,organisation,address_1,address_2,city,postcode,country\nIgor Krasnov,Prosecutor General of the Russian Federation,General Prosecutor's Office of the Russian Federation,ul. Bolshaya Dmitrovka 15a,Building 1,Moscow,125993,Russia\n";
    const refused = expectRefused({ csv: russian });
    expect(refused).toContain('hint: put two address lines in one ("ul. Bolshaya Dmitrovka 15a, Building 1"), or leave out a line the post does not need');
    expect(refused).not.toContain('position column');
    // Four lines too many, and one pair that fits in one: the rest is to leave out, counted.
    const four = 'name,position,organisation,address_1,address_2,address_3,address_4,address_5,city,postcode,country\nA,B,C,Administration of the President of the Republic of Uzbekistan,Department of Letters from Citizens and Organisations,Office for Human Rights Questions,Floor 2,Gate 5,Tashkent,100001,Uzbekistan\n';
    expect(expectRefused({ csv: four })).toContain('it must lose 4 lines: write the position and the organisation in one line in the position column ("B, C") and leave organisation empty, and put three address lines in one ("Office for Human Rights Questions, Floor 2, Gate 5"), and leave out a line the post does not need');
    const three = 'name,position,address_1,address_2,address_3,address_4,address_5,city,postcode,country\nA,B,Administration of the President of the Republic,Department of Letters from Citizens and Organisations,Office for Human Rights Questions of the Citizens,Floor 2,Gate 5,Tashkent,100001,Uzbekistan\n';
    expect(expectRefused({ csv: three })).toContain('it must lose 3 lines: put two address lines in one ("Floor 2, Gate 5"), and leave out 2 lines the post does not need (a "c/o" line, a department)');
    const tooLong = `name,address_1,city,country\nA,${'Verylongstreetname'.repeat(4)},Tashkent,Uzbekistan\n`;
    expect(expectRefused({ csv: tooLong })).toContain('the address line "VerylongstreetnameVerylongstreetnameVerylongstreetnameVerylongstreetname" is wider than the envelope window even at 8 pt, and has no space to break it at');
    // The line with the word too wide is named, not the widest line.
    const words = `name,position,address_1,address_2,city,country\nA,B,${'Administration of the President of the Republic '.repeat(2).trim()},Bolshaya-Dmitrovka-Ulitsa-Dom-15A-Stroyeniye-1-Podyezd-4,Tashkent,Uzbekistan\n`;
    expect(expectRefused({ csv: words })).toContain('the address line "Bolshaya-Dmitrovka-Ulitsa-Dom-15A-Stroyeniye-1-Podyezd-4" is wider than the envelope window');
    // A name that would take three lines, in an address of five: said so, not "no room for two".
    const organisation = 'Department for the Protection of the Rights of Persons Deprived of Liberty and the Prevention of Torture of the Commissioner for Human Rights (Ombudsman) of the Republic of Azerbaijan';
    const threeLines = `name,position,organisation,address_1,city,postcode,country\nA,Head of Department,${organisation},Street 1,Baku,AZ1000,Azerbaijan\n`;
    expect(expectRefused({ csv: threeLines })).toMatch(/even at 8 pt: broken between words it takes \d lines, and the address would have \d+ \(the window holds 6\)/);
    // Words are broken over two lines when the window has room: a ministry's full name fits.
    const ministry = 'name,position,address_1,city,postcode,country\nJosé Manuel Albares,"Ministro de Asuntos Exteriores, Unión Europea y Cooperación de España",Plaza de la Provincia 1,Madrid,28012,Spain\n';
    const dir = makeCampaign({ csv: ministry });
    expect(runCli(['render', 'case.yaml'], dir).code).toBe(0);
  });

  it('a missing case file or signer file says so', () => {
    const dir = makeCampaign();
    const r = runCli(['render', 'nope.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope.yaml: cannot read case file: no such file\n');
    const s = runCli(['render', 'case.yaml', '--signer', 'me.yaml'], dir);
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('me.yaml: cannot read signer file: no such file');
    // A name written with other capitals than the file's (it worked on a computer that ignores them).
    writeFileSync(path.join(dir, 'case.yaml'), BASE_CASE.replace('recipients: officials.csv', 'recipients: Officials.csv'));
    expect(runCli(['render', 'case.yaml'], dir).stderr).toContain('Officials.csv: cannot read the recipients CSV: no such file (did you mean officials.csv?)');
    expect(runCli(['render', 'Case.yaml'], dir).stderr).toContain('Case.yaml: cannot read case file: no such file (did you mean case.yaml?)');
  });

  it('reports every bad row at once, not one per run', () => {
    const rows = Array.from({ length: 40 }, (_, i) => `Mr,N${i},,P,,S,Tashkent,100001,`).join('\n');
    const err = expectRefused({ csv: `${BASE_CSV}${rows}\n` });
    expect(err).toContain('officials.csv:3: this official has no country');
    expect(err).toContain('... and 10 more problems');
    expect(err).toContain('Nothing was written (40 problems).');
  });

  it('an output folder that cannot be made is exit 1 with a sentence, not a stack trace', () => {
    const dir = makeCampaign();
    writeFileSync(path.join(dir, 'blocked'), 'a file, not a folder');
    const r = runCli(['render', 'case.yaml', '--out', 'blocked'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('letters: could not make the folder blocked/test-case: a file is in the way — check --out\n');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a write the system refuses part-way is exit 1 with a sentence, and leaves no file behind', () => {
    // The shell's file size limit (ulimit -f, in blocks of 512 bytes) makes the first letter's write fail.
    const dir = makeCampaign();
    const r = spawnSync('sh', ['-c', `ulimit -f 4 && exec "${process.execPath}" "${CLI}" render case.yaml`], { cwd: dir, encoding: 'utf8', env: { ...process.env, LETTERS_DEBUG: '' } });
    expect(r.stderr).toBe('letters: the file is larger than this system lets a program write (see ulimit -f)\n');
    expect(r.status).toBe(1);
    expect(existsSync(path.join(dir, 'out'))).toBe(false); // the folders it made go too
  });
});
