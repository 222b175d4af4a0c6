import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE_CASE, BASE_TEMPLATE, BASE_CSV, makeCampaign, runCli, sampleCampaign, type CampaignFiles } from './helpers/cli.js';

interface JsonFinding {
  severity: 'error' | 'warning';
  code: string;
  file?: string;
  line?: number;
  message: string;
  hint?: string;
}
interface JsonReport {
  errors: number;
  warnings: number;
  rows: number;
  letters: number;
  findings: JsonFinding[];
}

/** Runs `letters check --json` on a campaign; checks it wrote nothing. */
function check(files: CampaignFiles, args: string[] = []): { code: number | null; report: JsonReport } {
  const dir = makeCampaign(files);
  const r = runCli(['check', 'case.yaml', '--json', '--date', '2026-11-28', ...args], dir);
  expect(r.stderr).toBe('');
  expect(existsSync(path.join(dir, 'out'))).toBe(false);
  return { code: r.code, report: JSON.parse(r.stdout) as JsonReport };
}

const find = (r: JsonReport, code: string) => r.findings.filter((f) => f.code === code);
const GOV_CSV = 'name,position,salutation,address_1,city,postcode,country,government\n';

describe('letters check', () => {
  it('checks the sample campaign clean, in words, and writes nothing', () => {
    const dir = sampleCampaign();
    const r = runCli(['check', 'cases/yusuf-dzhumaev.yaml'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('cases/yusuf-dzhumaev.yaml: 0 errors, 0 warnings; 7 rows checked, 7 letters would be made — ready\n');
    // With an error, no run makes any letter.
    writeFileSync(path.join(dir, 'recipients/uzbekistan-officials.csv'), readFileSync(path.join(dir, 'recipients/uzbekistan-officials.csv'), 'utf8').replace('address_1', 'Adress 1'));
    const bad = runCli(['check', 'cases/yusuf-dzhumaev.yaml'], dir);
    expect(bad.stdout.trim().split('\n').at(-1)).toBe('cases/yusuf-dzhumaev.yaml: 1 error, 0 warnings; 7 rows checked, 7 letters good, none made until the errors are fixed — not ready');
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('refuses a greeting that names another official of the list (copied from the row above), in check and render; one by an office that is a surname too is a warning', () => {
    const csv =
      'name,position,salutation,address_1,city,postcode,country\n' +
      'Richard J. Durbin,Senator,Dear Senator Durbin,711 Hart Building,Tashkent,100001,Uzbekistan\n' +
      'Tammy Duckworth,Senator,Dear Senator Durbin,524 Hart Building,Tashkent,100002,Uzbekistan\n' +
      'Rustam Karimov,Minister,Dear Minister Karimov,1 Street,Tashkent,100003,Uzbekistan\n' +
      'Islam Karimov,President,Dear Mr Karimov,2 Street,Tashkent,100004,Uzbekistan\n' +
      'Lola Davis,Minister,Dear Minister,3 Street,Tashkent,100005,Uzbekistan\n';
    const dir = makeCampaign({ csv });
    const r = runCli(['check', 'case.yaml'], dir);
    expect(r.stdout).toContain('officials.csv:3: the greeting "Dear Senator Durbin" names the official of line 2, not Tammy Duckworth\n    hint: a greeting copied from another row');
    // Two officials of one surname each greeted by it, and a greeting by office alone, are right.
    expect(r.stdout).not.toMatch(/officials\.csv:[2456]: the greeting/);
    expect(r.code).toBe(1); // check's finding of an error
    const rendered = runCli(['render', 'case.yaml'], dir);
    expect([rendered.code, rendered.stderr]).toEqual([2, expect.stringContaining('officials.csv:3: the greeting "Dear Senator Durbin" names the official of line 2')]);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
    // "Judge" is an office as well as Ann Judge's surname: perhaps the official's own office.
    const judge = makeCampaign({
      csv: 'name,position,salutation,address_1,city,postcode,country\nAnn Judge,Minister,Dear Minister,1 Street,Tashkent,100001,Uzbekistan\nLee Park,Judge,Dear Judge Park,2 Street,Tashkent,100002,Uzbekistan\nKim Roe,Justice,Dear Judge Roe,3 Street,Tashkent,100003,Uzbekistan\n',
    });
    const asJudge = runCli(['check', 'case.yaml'], judge);
    expect(asJudge.stdout).toContain('Warnings (1)');
    expect(asJudge.stdout).toContain('officials.csv:4: the greeting "Dear Judge Roe" names the official of line 2, not Kim Roe');
    expect(asJudge.code).toBe(0);
    // Warnings too (a review's): a row that names no person, and a greeting with the row's own surname in it.
    const unsure = makeCampaign({
      csv: 'title,name,position,salutation,address_1,city,postcode,country\n,Richard Durbin,Senator,Dear Senator Durbin,1 Street,Tashkent,100001,Uzbekistan\nH.E.,,Ambassador,Dear Ambassador Durbin,2 Street,Tashkent,100002,Uzbekistan\nSr.,Genaro García,Secretario,Estimado Sr. García Luna,3 Street,Tashkent,100003,Uzbekistan\n,Rocío Luna,Ministra,Estimada Sra. Luna,4 Street,Tashkent,100004,Uzbekistan\n',
    });
    const said = runCli(['check', 'case.yaml'], unsure);
    expect(said.stdout).not.toContain('Errors (');
    expect(said.stdout).toContain('officials.csv:3: the greeting "Dear Ambassador Durbin" names the official of line 2, not Ambassador');
    expect(said.stdout).toContain('officials.csv:4: the greeting "Estimado Sr. García Luna" names the official of line 5, not Genaro García');
    expect(said.code).toBe(0);
    // print, email and batch refuse it as render does.
    writeFileSync(path.join(dir, 'officials.csv'), csv.replace(/^(name,.*)$/m, '$1,email').replace(/,Uzbekistan\n/g, (_, i: number) => `,Uzbekistan,o${i}@gov.example.uz\n`));
    writeFileSync(path.join(dir, 'volunteers.csv'), 'name,address_1,city,postcode,country\nAnna Smith,4 Elm Road,Leeds,LS1 4AB,United Kingdom\n');
    writeFileSync(path.join(dir, 'me.yaml'), 'name: Anna Smith\ncountry: United Kingdom\nemail: anna@example.org\n');
    for (const args of [['print', 'case.yaml'], ['email', 'case.yaml', '--signer', 'me.yaml'], ['batch', 'case.yaml', '--volunteers', 'volunteers.csv', '--each']]) {
      const r = runCli(args, dir);
      expect([r.code, r.stderr], args[0]).toEqual([2, expect.stringContaining('officials.csv:3: the greeting "Dear Senator Durbin" names the official of line 2')]);
    }
  });

  it('warns of a name written surname first ("Duckworth, Tammy"), not of "King, Jr." nor a body and its country', () => {
    const csv =
      'title,name,position,salutation,address_1,city,postcode,country\n' +
      'The Honorable,"Duckworth, Tammy",Senator,Dear Senator Duckworth,1 Street,Tashkent,100001,Uzbekistan\n' +
      'Dr,"Martin Luther King, Jr.",Minister,Dear Dr King,2 Street,Tashkent,100002,Uzbekistan\n' +
      ',"Ministry of Justice, Uzbekistan",Minister,Dear Minister,3 Street,Tashkent,100003,Uzbekistan\n';
    const r = runCli(['check', 'case.yaml'], makeCampaign({ csv }));
    expect(r.stdout).toContain('officials.csv:2: the name "Duckworth, Tammy" is written surname first: the letter and the envelope would say "Duckworth, Tammy"\n    hint: write it as it is said ("Tammy Duckworth")');
    expect(r.stdout).not.toMatch(/officials\.csv:[34]: the name/);
  });

  it('takes a render command\'s --out, and writes nothing there', () => {
    const dir = makeCampaign({});
    const r = runCli(['check', 'case.yaml', '--out', 'letters-out'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(path.join(dir, 'letters-out'))).toBe(false);
  });

  it('reports template, CSV and case problems together, grouped by severity, exit 1', () => {
    const dir = makeCampaign({
      case: BASE_CASE.replace('2001-10-23', '2031-01-01'),
      csv: `${BASE_CSV}Mr,Rashid,Kadyrov,Prosecutor General,,"Gulyamova 66,Tashkent,100001,Uzbekistan\n`,
      template: 'Hello {{#if case.name}}\n',
    });
    const r = runCli(['check', 'case.yaml', '--date', '2026-11-28'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Errors \(3\)\n/);
    expect(r.stdout).toContain('  case.yaml:4: case field "detained" (2031-01-01) is in the future');
    expect(r.stdout).toContain('  officials.csv:3: CSV syntax error: a quoted value is never closed');
    expect(r.stdout).toContain('  letter.hbs:1: template syntax error: {{#if}} is never closed');
    expect(r.stdout).toMatch(/3 errors, 0 warnings; .* — not ready\n$/);
    // A row with one value too many, in the middle of the list: the rows before and after it are
    // checked, and the list is not said to have none.
    const mid = makeCampaign({ csv: `${BASE_CSV}Mr,Rashid,Kadyrov,Fiscal General, Ministerio,,Gulyamova 66,Tashkent,100001,Uzbekistan\nMr,A,B,Minister,,Street 2,Tashkent,100000,Uzbekistan\n` });
    const m = runCli(['check', 'case.yaml'], mid);
    expect(m.stdout).toContain('officials.csv:3: CSV syntax error: this row has 10 values but the header has 9');
    expect(m.stdout).not.toContain('has no rows');
    expect(m.stdout).toMatch(/1 error, 1 warning; 2 rows checked/);
    expect(m.stdout).toContain('officials.csv:4: the salutation is empty');
    // An error in the first row: the one error, not "no rows" beside it.
    const first = runCli(['check', 'case.yaml'], makeCampaign({ csv: BASE_CSV.replace('H.E.,Islam', 'H.E.,"Islam" Karimov') }));
    expect(first.stdout).toContain('officials.csv:2: CSV syntax error: text follows the closing " of a quoted value');
    expect(first.stdout).not.toContain('has no rows');
    expect(first.stdout).toMatch(/^Errors \(1\)\n/);
  });

  it('a case file with errors does not hide the CSV\'s and the template\'s, and what depends on a wrong field is not said again', () => {
    const errors = (r: JsonReport) => r.findings.filter((f) => f.severity === 'error').map((f) => `${f.file}:${f.line}: ${f.message}`);
    // A date that is none, which the template prints ({{date case.detained "long"}}); a row without
    // a country, and one whose greeting has no name (found as its letter is laid out).
    const csv = `${BASE_CSV}Mr,Rashid,Kadyrov,Prosecutor General,Dear,Gulyamova 66,Tashkent,100001,Uzbekistan\nMs,Tanzila,Narbaeva,Chair of the Senate,Dear Madam Chair,Mustaqillik 6,Tashkent,100003,\n`;
    const date = check({ case: BASE_CASE.replace('2001-10-23', '2021-13-45'), csv });
    expect(date.code).toBe(1);
    expect(errors(date.report)).toEqual([
      'case.yaml:4: case field "detained" is "2021-13-45", not a date written YYYY-MM-DD',
      'officials.csv:3: the letter would open "Dear,": the salutation has no name ("Dear")',
      'officials.csv:4: this official has no country',
    ]);
    expect(date.report.rows).toBe(3);
    expect(date.report.findings.filter((f) => f.file === 'letter.hbs')).toEqual([]); // (its use of case.detained: said at the case)

    // No name, which the template prints; a column the template misspells: both said.
    const named = check({ case: BASE_CASE.replace('name: Yusuf Dzhumaev\n', ''), csv, template: `${BASE_TEMPLATE}\nTo the {{recipient.positon}}.\n` });
    expect(errors(named.report)).toEqual([
      'case.yaml:1: case field "name" is required',
      'officials.csv:4: this official has no country',
      'letter.hbs:8: the template uses recipient.positon, but officials.csv has no column "positon" (did you mean "position"?)',
    ]);

    // Without the case's country (or with other_governments wrong), whose officials a row's are is not known: not said.
    const kazakh = `${BASE_CSV}Mr,Kassym-Jomart,Tokayev,President,Dear Mr President,Akorda,Astana,010000,Kazakhstan\n`;
    for (const kase of [BASE_CASE.replace('country: Uzbekistan\n', ''), `${BASE_CASE}other_governments: [Kasachstn]\n`]) {
      const gov = check({ case: kase, csv: kazakh });
      expect(gov.report.findings.map((f) => f.file)).toEqual(['case.yaml']);
    }
    // A status written with capitals is not taken for "active" beside a release date.
    const status = check({ case: `${BASE_CASE.replace('status: active', 'Status: released')}released: 2012-12-29\n` });
    expect(status.report.findings.map((f) => `${f.file}:${f.line}: ${f.message}`)).toEqual(['case.yaml:7: case field "Status" is written with capitals: the case file\'s fields are in lower case']);

    // With no recipients path (misspelt), the CSV cannot be found: said once; the template is still read.
    const lost = check({ case: BASE_CASE.replace('recipients:', 'recipents:'), template: 'Hello {{#if case.name}}\n' });
    expect(errors(lost.report)).toEqual([
      'case.yaml:8: case field "recipents" looks like a misspelling of "recipients", which the case file lacks',
      'letter.hbs:1: template syntax error: {{#if}} is never closed',
    ]);
  });

  it('with --volunteers, warns of volunteers in countries of US Letter without a paper of their own on an A4 run', () => {
    const dir = makeCampaign({});
    writeFileSync(path.join(dir, 'volunteers.csv'), 'name,address_1,city,postcode,country,paper\nAna,Calle 1,Monterrey,64000,Mexico,\nJoe,1 Main St,Springfield IL,62701,United States,letter\nKim,1 Road,Leeds,LS1 4AP,United Kingdom,\n');
    const report = JSON.parse(runCli(['check', 'case.yaml', '--volunteers', 'volunteers.csv', '--json'], dir).stdout) as JsonReport;
    expect(find(report, 'paper').map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([
      'volunteers.csv:2 a volunteer posts from a country where paper is US Letter, with no paper of their own: Ana (Mexico); their packets are on A4',
    ]);
    // batch says it too.
    const batch = runCli(['batch', 'case.yaml', '--volunteers', 'volunteers.csv', '--each', '--date', '2026-11-28'], dir);
    expect(batch.stderr).toContain('volunteers.csv:2: a volunteer posts from a country where paper is US Letter');
  });

  it('says the paper of a signer\'s country with a case file that cannot be read, as with one that can', () => {
    const dir = makeCampaign({ signer: 'name: Joe\naddress: [1 Main St]\ncity: Springfield\nregion: IL\npostcode: "62701"\ncountry: United States\n' });
    writeFileSync(path.join(dir, 'case.yaml'), 'id: x\nname: [unclosed\n');
    const r = runCli(['check', 'case.yaml', '--signer', 'me.yaml', '--template', 'letter.hbs', '--recipients', 'officials.csv'], dir);
    expect(r.stdout).toContain('case file is not valid YAML');
    expect(r.stdout).toContain('letter.hbs:1: the letters are on A4 (the template does not say its paper), but the signer posts from United States');
  });

  it('warns of a return address in the United States without its state: the signer\'s, a volunteer\'s (a Spanish trial\'s Miami volunteer)', () => {
    const dir = makeCampaign({ signer: 'name: Carmen Peña\naddress: 1250 SW 8th Street\ncity: Miami\nzip: "33135"\ncountry: Estados Unidos\n' });
    const said = (args: string[]) => (JSON.parse(runCli(['check', 'case.yaml', '--json', ...args], dir).stdout) as JsonReport).findings.filter((f) => f.message.includes('return address')).map((f) => `${f.severity} ${f.file}:${f.line ?? ''} ${f.message} | ${f.hint}`);
    expect(said(['--signer', 'me.yaml', '--paper', 'letter'])).toEqual([
      'warning me.yaml: the signer\'s return address in United States has no state ("region"): its post sorts by it, and a letter that comes back would not find its way | add the state as a "region:" field, as its code (a ZIP code starting 3 is in AL, FL, GA, MS, TN or AA)',
    ]);
    writeFileSync(path.join(dir, 'me.yaml'), 'name: Carmen Peña\naddress: 1250 SW 8th Street\ncity: Miami\nstate: FL\nzip: "33135"\ncountry: Estados Unidos\n');
    expect(said(['--signer', 'me.yaml', '--paper', 'letter'])).toEqual([]);
    writeFileSync(path.join(dir, 'volunteers.csv'), 'name,address_1,city,region,postcode,country,paper\nCarmen Peña,1250 SW 8th Street,Miami,,33135,United States,letter\nJoe,1 Main St,Springfield,IL,62701,United States,letter\n');
    expect(said(['--volunteers', 'volunteers.csv'])).toEqual([
      'warning volunteers.csv:2 the volunteer\'s return address in United States has no state ("region"): its post sorts by it, and a letter that comes back would not find its way | add the state to the region column, as its code (a ZIP code starting 3 is in AL, FL, GA, MS, TN or AA)',
    ]);
    // batch says it too.
    expect(runCli(['batch', 'case.yaml', '--volunteers', 'volunteers.csv', '--each', '--date', '2026-11-28'], dir).stderr).toContain("volunteers.csv:2: the volunteer's return address in United States has no state");
    // Said while another volunteer's row has an error, too (a US trial's was said only once the other was mended).
    writeFileSync(path.join(dir, 'volunteers.csv'), 'name,address_1,city,region,postcode,country,paper\nCarmen Peña,1250 SW 8th Street,Miami,,33135,United States,letter\nJoe,1 Main St,Springfield,IL,6270,United States,letter\n');
    const both = runCli(['check', 'case.yaml', '--volunteers', 'volunteers.csv'], dir).stdout;
    expect(both).toContain('volunteers.csv:3: ');
    expect(both).toContain("volunteers.csv:2: the volunteer's return address in United States has no state");
  });

  it('warns of a volunteer\'s name written surname first: their letters would be signed so (a US trial\'s "Whitfield, Karen")', () => {
    const dir = makeCampaign();
    writeFileSync(path.join(dir, 'volunteers.csv'), 'name,address_1,city,region,postcode,country\n"Whitfield, Karen",5437 N. Kenmore Ave,Chicago,IL,60640,United States\n"Martin Luther King, Jr.",1 Main St,Springfield,IL,62701,United States\n');
    const r = runCli(['check', 'case.yaml', '--volunteers', 'volunteers.csv'], dir);
    expect(r.stdout).toContain('volunteers.csv:2: the volunteer\'s name "Whitfield, Karen" is written surname first: their letters would be signed "Whitfield, Karen"\n    hint: write it as it is said ("Karen Whitfield")');
    expect(r.stdout).not.toContain('volunteers.csv:3');
    expect(runCli(['batch', 'case.yaml', '--volunteers', 'volunteers.csv', '--each', '--date', '2026-11-28'], dir).stderr).toContain('volunteers.csv:2: the volunteer\'s name "Whitfield, Karen" is written surname first');
  });

  it('with --volunteers, lays out a volunteer\'s note only in the letters batch puts it in: those in their own language', () => {
    const template = '---\nsubject: S\n---\nI write.\n\n{{#if signer.personal_note}}{{signer.personal_note}}{{/if}}\n';
    const dir = makeCampaign({ template });
    // A note the font cannot print, in Chinese: left out of English letters, so nothing to refuse.
    writeFileSync(path.join(dir, 'volunteers.csv'), 'name,address_1,city,postcode,country,language,personal_note\nLi Wei,1 Road,Leeds,LS1 4AP,United Kingdom,zh,\u6211\u662f\u8001\u5e08\n');
    const r = runCli(['check', 'case.yaml', '--volunteers', 'volunteers.csv'], dir);
    expect([r.code, r.stdout]).toEqual([0, expect.stringContaining('— ready, with warnings')]);
    // Said before batch says it: a note in the letters' language under another language column would go unprinted.
    expect(r.stdout).toContain("volunteers.csv:2: Li Wei's personal note is left out of their letters: it is in their language (zh), and the letters are in en-GB\n    hint: if the note is in the letters' language, write that in their language column (en)");
    expect(runCli(['batch', 'case.yaml', '--volunteers', 'volunteers.csv', '--each', '--date', '2026-11-28'], dir).code).toBe(0);
    // A note plainly in the letters' language is theirs, whatever the volunteer's (a Belgian's Dutch cover sheet, a trial).
    writeFileSync(path.join(dir, 'volunteers.csv'), 'name,address_1,city,postcode,country,language,personal_note\nPieter Peeters,1 Road,Leeds,LS1 4AP,United Kingdom,nl,I have followed this case for years and I am worried about him.\n');
    const kept = runCli(['check', 'case.yaml', '--volunteers', 'volunteers.csv'], dir);
    expect([kept.code, kept.stdout]).toEqual([0, expect.not.stringContaining('left out')]);
    // Plainly in another alphabet than the letters' language, theirs: left out, and said.
    writeFileSync(path.join(dir, 'volunteers.csv'), 'name,address_1,city,postcode,country,language,personal_note\nLi Wei,1 Road,Leeds,LS1 4AP,United Kingdom,en,\u6211\u662f\u8001\u5e08\n');
    const other = runCli(['check', 'case.yaml', '--volunteers', 'volunteers.csv'], dir);
    expect([other.code, other.stdout]).toEqual([0, expect.stringContaining("volunteers.csv:2: Li Wei's personal note is left out of their letters: it is in another language or alphabet than the letters' (en-GB)")]);
    // In their own language it would print: refused by both.
    writeFileSync(path.join(dir, 'volunteers.csv'), 'name,address_1,city,postcode,country,language,personal_note\nLi Wei,1 Road,Leeds,LS1 4AP,United Kingdom,en,I have followed this case for years and I am worried about him \u6211\n');
    expect(runCli(['check', 'case.yaml', '--volunteers', 'volunteers.csv'], dir).code).toBe(1);
  });

  it('refuses a #10 envelope with A4, as every run does', () => {
    const { code, report } = check({}, ['--envelope', 'us10']);
    expect(code).toBe(1);
    expect(report.findings.filter((f) => f.severity === 'error').map((f) => f.message)).toEqual(["a #10 window envelope is for US Letter: an A4 letter's address (DIN 5008) is not where a #10 window shows it"]);
    expect(check({}, ['--envelope', 'us10', '--paper', 'letter']).code).toBe(0);
  });

  it('says a template that greets twice and its misspelt fields in one run; a date field is suggested for a date', () => {
    const template = '---\nsubject: S\n---\nYour Excellency,\n\nHeld since {{date case.detained_on "long"}} in {{recipient.City}}.\n\nYours sincerely,\n';
    const { code, report } = check({ template, case: BASE_CASE.replace('ask: Release him.', 'ask: Release him.\ndetained_by: the police') });
    expect(code).toBe(1);
    expect(report.findings.filter((f) => f.severity === 'error').map((f) => `${f.line} ${f.message}`)).toEqual([
      '4 the template\'s body opens with a greeting ("Your Excellency,"), and the letter opens with its salutation already: every letter would greet twice',
      '6 the template uses case.detained_on, but the case file has no value for "detained_on" (did you mean "detained"?)',
      '6 the template uses recipient.City, but officials.csv has no column "City" (did you mean "recipient.city"? columns are named as letters reads them: small letters, "_" for spaces)',
      '8 the template\'s body ends with a closing ("Yours sincerely,"), and the letter adds its closing and the signer\'s name already: every letter would close twice',
    ]);
    // The misspelling is the template's: mended there (a Spanish trial was told to add "ocupation:" to the case file).
    expect(report.findings.find((f) => f.message.includes('detained_on'))!.hint).toBe('if "detained" is meant, write case.detained in the template; else add "detained_on:" to case.yaml, or wrap it in {{#if case.detained_on}}');
    // No letter of it is counted good.
    expect(report.letters).toBe(0);
  });

  it('finds unknown helpers, partials and misspelt fields with "did you mean", at the template line', () => {
    const { code, report } = check({ template: '---\nsubject: "{{uper case.name}}"\n---\n{{recipient.salutaton}}\n\n{{> sig}}\n' });
    expect(code).toBe(1);
    expect(report.findings.map((f) => `${f.severity} ${f.file}:${f.line} ${f.message}`)).toEqual([
      'error letter.hbs:2 unknown helper "uper"',
      'error letter.hbs:6 unknown partial "sig"',
    ]);
    const fields = check({ template: 'To {{recipient.salutaton}} {{#if recipient.positon}}x{{/if}} {{date case.relased "long"}}\n' }).report;
    expect(find(fields, 'field').map((f) => f.message)).toEqual([
      'the template uses recipient.salutaton, but officials.csv has no column "salutaton" (did you mean "salutation"?)',
      'the template uses recipient.positon, but officials.csv has no column "positon" (did you mean "position"?)',
      'the template uses case.relased, but the case file has no value for "relased"',
    ]);
    expect(find(fields, 'field')[2]!.hint).toContain('add "relased:" to case.yaml');
  });

  it('finds rows without the values a posted letter needs, and an e-mail run without addresses', () => {
    const csv = 'name,salutation,address_1,city,country,email\nA,Dear A,Street,Tashkent,Uzbekistan,a@gov.uz\nB,Dear B,,,Uzbekistan,\n,Dear C,Street,Tashkent,,\n';
    const post = check({ csv }).report;
    expect(find(post, 'missing-value').map((f) => `${f.line} ${f.message}`)).toEqual([
      '3 this official has no address (neither address lines nor a city)',
      '4 this official has no name, no country',
    ]);
    // A template that cannot be read hides none of them.
    const broken = check({ csv, template: '---\nsubject: S\n---\n{{#if case.name}}\nunclosed\n' }).report;
    expect(find(broken, 'missing-value').map((f) => f.line)).toEqual([3, 4]);
    const email = check({ csv }, ['--channel', 'email']).report;
    expect(find(email, 'missing-value')).toEqual([]);
    expect(find(email, 'email').map((f) => `${f.severity} ${f.line} ${f.message}`)).toEqual([
      'warning 3 B has no e-mail address: no message will be sent',
      'warning 4 this official has no e-mail address: no message will be sent',
    ]);
  });

  it('refuses e-mail addresses that would go to someone else or inject a header', () => {
    const csv = [
      'name,salutation,address_1,city,country,email',
      'A,Dear A,S,Tashkent,Uzbekistan,"a@x.org\r\nBcc: evil@y.org"',
      'B,Dear B,S,Tashkent,Uzbekistan,"a@x.org, b@y.org"',
      'C,Dear C,S,Tashkent,Uzbekistan,not-an-address',
      'D,Dear D,S,Tashkent,Uzbekistan,ok@gov.uz',
      'E,Dear E,S,Tashkent,Uzbekistan,mailto:e@gov.uz',
      'F,Dear F,S,Tashkent,Uzbekistan,f.@gov.uz',
      "G,Dear G,S,Tashkent,Uzbekistan,o'brien+press@gov.uz",
      'H,Dear H,S,Tashkent,Uzbekistan,josé@gov.uz',
      'I,Dear I,S,Tashkent,Uzbekistan,press@bücher.example',
      'J,Dear J,S,Tashkent,Uzbekistan,despacho@cancilleria.gob.ni.',
    ].join('\n');
    const { report } = check({ csv }, ['--channel', 'email']);
    expect(find(report, 'email').map((f) => `${f.severity} ${f.line} ${f.message}`)).toEqual([
      'error 2 the e-mail address "a@x.org⏎Bcc: evil@y.org" contains a line break',
      'error 4 the e-mail address "a@x.org, b@y.org" holds more than one address (a comma or semicolon)',
      'error 5 the e-mail address "not-an-address" needs exactly one @ with a name before it',
      'error 7 the e-mail address "mailto:e@gov.uz" starts with "mailto:" (a link, not the address)',
      'error 8 the e-mail address "f.@gov.uz" has a dot at the start or end of the part before the @, or two together ("f.")',
      // (A sentence's full stop copied with the address: a Spanish trial's.)
      'error 12 the e-mail address "despacho@cancilleria.gob.ni." has no valid domain after the @ ("cancilleria.gob.ni."): it ends with a dot (delete it)',
      // (A trial: such an address went out as it was; a server without SMTPUTF8 refuses it. Not the domain: it is written as the DNS writes it.)
      'warning 10 the e-mail address "josé@gov.uz" has letters outside ASCII before the @: only a mail server that takes such addresses (SMTPUTF8) passes the message on',
    ]);
    // The e-mail run says it too.
    const dir = makeCampaign({ csv: ['name,salutation,address_1,city,country,email', 'H,Dear H,S,Tashkent,Uzbekistan,josé@gov.uz'].join('\n'), signer: 'name: Anna Smith\naddress: [4 Elm Road]\ncity: Leeds\npostcode: LS1 4AB\ncountry: United Kingdom\nemail: anna@example.org\n' });
    const sent = runCli(['email', 'case.yaml', '--signer', 'me.yaml'], dir);
    expect([sent.code, sent.stderr]).toEqual([0, expect.stringContaining('officials.csv:2: the e-mail address "josé@gov.uz" has letters outside ASCII before the @')]);
    // For posted letters, which do not use it, a warning that says who refuses it.
    const post = check({ csv }).report;
    expect(find(post, 'email').map((f) => `${f.severity} ${f.line}`)).toEqual(['warning 2', 'warning 4', 'warning 5', 'warning 7', 'warning 8', 'warning 12']);
    expect(find(post, 'email')[0]!.hint).toContain('letters email and batch refuse it; a posted letter does not use it');
  });

  it('warns about empty salutations (they fall back) and a missing salutation column', () => {
    const { code, report } = check({ csv: `${BASE_CSV}Mr,Rashid,Kadyrov,Prosecutor General,,Gulyamova 66,Tashkent,700047,Uzbekistan\n` });
    expect(code).toBe(0);
    expect(find(report, 'salutation')).toEqual([
      expect.objectContaining({ severity: 'warning', file: 'officials.csv', line: 3, message: 'the salutation is empty: the letter will open "Dear Sir or Madam"' }),
    ]);
    const none = check({ csv: 'name,address_1,city,country\nA,S,Tashkent,Uzbekistan\n' }).report;
    expect(find(none, 'salutation').map((f) => `${f.line} ${f.message}`)).toEqual(['1 there is no salutation column: every letter will open "Dear Sir or Madam"']);
    // A column of whole greetings by another name ("Anrede") is named in the hint.
    const anrede = check({ csv: 'Vorname,Nachname,Anrede,Straße,PLZ,Ort,Land\nIwan,Kubrakou,Sehr geehrter Herr Minister,Garadski Wal 4,220030,Minsk,Belarus\n', template: '---\nlanguage: de\nsubject: x\n---\nIch schreibe.\n' }).report;
    expect(find(anrede, 'salutation').map((f) => f.hint)).toEqual([
      'the "Anrede" column holds greetings ("Sehr geehrter Herr Minister"): name it "salutation", or write salutation: \'{{recipient.anrede}},\' in the template',
    ]);
    // In the template's language.
    const spanish = check({ csv: `${BASE_CSV}Mr,Rashid,Kadyrov,Prosecutor General,,Gulyamova 66,Tashkent,700047,Uzbekistan\n`, template: '---\nlanguage: es-MX\nsubject: x\n---\nLe escribo.\n' }).report;
    // (Row 2's "Your Excellency" is English in a Spanish letter: said too.)
    expect(find(spanish, 'salutation').map((f) => f.line)).toEqual([2, 3]);
    expect(find(spanish, 'salutation')[1]).toEqual(expect.objectContaining({ line: 3, message: 'the salutation is empty: the letter will open "Estimado/a señor/a"' }));
    expect(find(spanish, 'salutation')[1]!.hint).not.toContain('"Your Excellency" for heads');
    // A template that opens the letter its own way does not read the column: nothing to say.
    const own = '---\nsubject: x\nsalutation: "Dear {{recipient.title}} {{recipient.last_name}},"\n---\nI write.\n';
    expect(find(check({ csv: `${BASE_CSV}Mr,Rashid,Kadyrov,Prosecutor General,,Gulyamova 66,Tashkent,700047,Uzbekistan\n`, template: own }).report, 'salutation')).toEqual([]);
    // Nor one that asks whether the row has one, and opens the letter its own way when not.
    const guarded = "---\nsubject: x\nsalutation: '{{#if recipient.salutation}}{{salutation}},{{else}}Dear {{recipient.title}} {{recipient.last_name}},{{/if}}'\n---\nI write.\n";
    const guardedRun = check({ csv: `${BASE_CSV}Mr,Rashid,Kadyrov,Prosecutor General,,Gulyamova 66,Tashkent,700047,Uzbekistan\n`, template: guarded });
    expect(find(guardedRun.report, 'salutation')).toEqual([]);
    expect(guardedRun.code).toBe(0);
  });

  it('refuses a salutation of two lines in one cell (two greetings, or a line pasted with it); a position\'s two lines are one', () => {
    const csv = `${BASE_CSV}Dr,Sami,Farid,"Director\nGeneral","Your Excellency\nDear Minister",5 Street,Cairo,11519,Egypt\nDr,Adel,Nour,Director,"Dear Dr Nour\r\nBcc: x@example.org",5 Street,Cairo,11519,Egypt\n`;
    const { code, report } = check({ csv });
    expect(code).toBe(1);
    expect(report.findings.filter((f) => f.severity === 'error').map((f) => `${f.line} ${f.message}`)).toEqual([
      '3 the salutation is 2 lines in one cell ("Your Excellency", "Dear Minister"): the letter would open with them run together',
      '6 the salutation is 2 lines in one cell ("Dear Dr Nour", "Bcc: x@example.org"): the letter would open with them run together',
    ]);
    // No letter is made of either: render refuses as check does.
    const dir = makeCampaign({ csv });
    const r = runCli(['render', 'case.yaml', '--date', '2026-11-28'], dir);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('officials.csv:3: the salutation is 2 lines in one cell')]);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
    // A template that opens its own way does not print the cell: nothing to say of it.
    const own = "---\nsubject: S\nsalutation: 'Dear Sir or Madam,'\n---\nI write.\n";
    expect(check({ csv, template: own }).report.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('says a title beside a full name is not printed (a Google Sheet\'s job title)', () => {
    const csv = 'Full Name,Title,Street Address,City,ZIP,Country\nXi Jinping,President of the People\'s Republic of China,Zhongnanhai,Beijing,100032,China\nLi Qiang,Premier,Zhongnanhai,Beijing,100032,China\n';
    const found = find(check({ csv }).report, 'address').map((f) => `${f.line} ${f.message} | ${f.hint}`);
    expect(found).toEqual([
      '2 the Title "President of the People\'s Republic of China" is not printed: with a Full Name column, the address has the name as written ("Xi Jinping") | a job title goes in a column named Position; a title such as "H.E." in the name ("H.E. Islam Karimov")',
    ]);
    const dir = makeCampaign({ csv });
    expect(runCli(['render', 'case.yaml'], dir).stderr).toContain('officials.csv:2: the Title "President of the People\'s Republic of China" is not printed');
  });

  it('warns once of a middle name or a suffix in a column the address does not print (Outlook\'s "Middle Name", "Suffix")', () => {
    const csv = 'Title,First Name,Middle Name,Last Name,Suffix,Business Street,Business City,Business State,Business Postal Code,Business Country/Region\n' +
      'Hon.,Marie,,Tremblay,"P.C., M.P.",111 Wellington St,Ottawa,ON,K1A 0A6,Canada\nMs,Sarah,Anne,O\'Connor,M.P.,111 Wellington St,Ottawa,ON,K1A 0A6,Canada\n';
    expect(find(check({ csv }).report, 'address').map((f) => `${f.line} ${f.message}`)).toEqual([
      '2 the Suffix "P.C., M.P." is not printed: the address has the title, first and last name ("Hon. Marie Tremblay")',
    ]);
    // Not when the template prints it.
    expect(find(check({ csv, template: 'Hello {{#if recipient.middle_name}}{{recipient.middle_name}}{{/if}} {{recipient.suffix}}.\n' }).report, 'address')).toEqual([]);
  });

  it('refuses a Canadian postcode that is not one ("K1A 0A")', () => {
    const csv = 'name,address_1,city,region,postcode,country\nA,111 Wellington St,Ottawa,ON,K1A 0A,Canada\nB,111 Wellington St,Ottawa,ON,k1a0a6,Canada\n';
    expect(find(check({ csv }).report, 'postcode').map((f) => `${f.severity} ${f.line} ${f.message}`)).toEqual([
      'error 2 the postcode "K1A 0A" does not fit its country, Canada (postcodes there: letter, digit, letter, digit, letter, digit: K1A 0A6)',
    ]);
  });

  it('refuses a province or state its postcode is not in: one of the two is mistyped', () => {
    const csv =
      'name,address_1,city,region,postcode,country\n' +
      'A,25 rue Laurier,Gatineau,ON,J8X 4C8,Canada\n' + // a Quebec postcode
      'B,25 rue Laurier,Gatineau,Québec,J8X 4C8,Canada\n' +
      'C,Parliament Hill,Ottawa,Ontario,K1A 0A6,Canada\n' +
      'D,1600 Pennsylvania Ave NW,Washington,DC,60500,USA\n' + // a ZIP code of the Midwest
      'E,1600 Pennsylvania Ave NW,Washington,District of Columbia,20500-0003,United States\n' +
      'F,PO Box 1,Iqaluit,NU,X0A 0H0,Canada\n' +
      'G,1 Main St,Springfield,Illinois,62701,US\n' +
      'H,1 Main St,Somewhere,Nowhereland,99999,US\n' + // no state: said as such
      'I,15 Eddy Street,Gatineau,QC,K1A 0M5,Canada\nJ,1 Main St,Québec,PQ,G1R 4S9,Canada\nK,1600 Pennsylvania Ave NW,Washington,Washington DC,20500,US\n'; // (K1A is the federal government's, in Quebec too)
    expect(find(check({ csv }).report, 'postcode').map((f) => `${f.severity} ${f.line} ${f.message} | ${f.hint}`)).toEqual([
      'error 2 the postcode "J8X 4C8" is not in ON: it is a postcode of QC | the province or the postcode is mistyped, and the letter would go astray: look the address up and correct the one that is wrong',
      'error 5 the postcode "60500" is not in DC: it is a postcode of IL, KS, MO or NE | the state or the postcode is mistyped, and the letter would go astray: look the address up and correct the one that is wrong',
      'error 9 "Nowhereland" is not a US state | write the state\'s two-letter code; if the address is not in United States, correct the country',
    ]);
  });

  it('refuses a postcode of another country\'s form, a state that is none, and a zero "restored" that no ZIP code of its state starts with', () => {
    const csv =
      'name,address_1,city,region,postcode,country\n' +
      'A,2367 Rayburn House Office Building,Washington,DC,20515-1301,Philippines\n' + // filled down from the row above
      'B,Padre Faura Street,Manila,,1000,USA\n' + // a Philippine address marked USA: no state to tell
      'C,Provincial Capitol,Calapan City,Oriental Mindoro,5200,United States\n' +
      'D,3742 W Irving Park Rd,Chicago,60618,IL,United States\n' + // state and ZIP swapped
      'E,230 S Dearborn St,Chicago,Ill.,60604,United States\n' + // an old abbreviation of the state: read as IL
      'F,230 S Dearborn St,Chicago,IL,6060,United States\n' + // no ZIP code of Illinois starts with 0
      'G,711 Hart Senate Office Building,Washington,D.C.,205101304,USA\n' + // ZIP+4 without its hyphen: good
      'H,1 Tahrir Square,Cairo,,1177,Egypt\n' +
      // Good: a country's letters before the postcode (a warning: see below), an APO address, El Paso's boxes, Vietnam's five digits, Saudi Arabia's 5+4.
      'I,Bundeshaus,Bern,,CH-3003,Switzerland\nJ,Unit 2300 Box 1,APO,AE,09360,United States\nK,PO Box 1,El Paso,TX,88510,United States\n' +
      'L,1 Ba Dinh,Hanoi,,10000,Vietnam\nM,1 King Fahd Rd,Riyadh,,12345-6789,Saudi Arabia\nN,Bulvar 5,Tehran,,13168-14737,Iran\n' +
      'O,Palacio Nacional,Ciudad de México,CDMX,C.P.06010,Mexico\nP,Esplanada,Brasília,DF,CEP 70170-900,Brazil\nQ,Bundeshaus,Bern,,CH 3003,Switzerland\n' +
      'R,BFPO,Forces,,BFPO 204,United Kingdom\nS,1-1 Kasumigaseki,Tokyo,,100 8919,Japan\n' +
      'T,711 Hart Senate Office Building,Washington,Wash.,20510,USA\n' + // "Wash." is the state of Washington
      // Azerbaijan's postcodes, with its post's letters or without (good); an embassy in Berlin with the country filled down (a German trial's).
      'U,İstiqlaliyyət küçəsi 19,Bakı,,AZ1066,Azerbaijan\nV,Prospekt 1,Bakı,,AZ 1000,Azerbaijan\nW,Hubertusallee 43,Berlin,,14193,Azerbaijan\n';
    expect(find(check({ csv }).report, 'postcode').map((f) => `${f.line} ${f.message} | ${f.hint}`)).toEqual([
      '2 the postcode "20515-1301" does not fit its country, Philippines (postcodes there: 4 digits) | it looks like a US ZIP code: correct the country, or the postcode',
      '3 the postcode "1000" has 4 digits: a spreadsheet has dropped the zeros it starts with (United States: 5 digits) | write it 01000, and keep the postcode column as text when you save the CSV',
      '4 "Oriental Mindoro" is not a US state | write the state\'s two-letter code; if the address is not in United States, correct the country',
      '5 "60618" is not a US state | the state and the postcode are in each other\'s columns: swap them',
      '7 the postcode "6060" has 4 digits: too few (United States: 5 digits) | look the postcode up, and keep the postcode column as text when you save the CSV',
      '9 the postcode "1177" has 4 digits: too few (Egypt: 5 digits) | look the postcode up: a spreadsheet drops the zeros a postcode starts with, and keep the postcode column as text when you save the CSV',
      // (Warnings after the errors.)
      '21 the postcode "20510" is not in WA: it is a postcode of DC, MD, NC, SC, VA or WV | the state or the postcode is mistyped, and the letter would go astray: look the address up and correct the one that is wrong',
      '24 the postcode "14193" does not fit its country, Azerbaijan (postcodes there: AZ and 4 digits: AZ1066) | look the postcode up on the address, and check the country',
      '10 the postcode "CH-3003" starts with its country\'s letters: the address would print "CH-3003 Bern" | write 3003: the country is the address\'s last line (SWITZERLAND); posts ask for no letters before the postcode',
      '18 the postcode "CH 3003" starts with its country\'s letters: the address would print "CH 3003 Bern" | write 3003: the country is the address\'s last line (SWITZERLAND); posts ask for no letters before the postcode',
    ]);
    const dir = makeCampaign({ csv: 'name,address_1,city,region,postcode,country\nG,711 Hart Senate Office Building,Washington,DC,205101304,USA\n', case: BASE_CASE });
    const r = runCli(['preview', 'case.yaml'], dir);
    expect(r.stdout).toContain('Washington DC 20510-1304');
  });

  it('warns of a salutation in another language than the letter: "Your Excellency" opening a French letter', () => {
    const csv =
      'name,position,salutation,address_1,city,postcode,country\n' +
      'Islam Karimov,President,Your Excellency,Uzbekistanskaya 43,Tashkent,700163,Uzbekistan\n' +
      'Rashid Kadyrov,Procureur général,Monsieur le Procureur général,Gulyamova 66,Tashkent,700047,Uzbekistan\n' +
      'Anna Karimova,Ministre,Sehr geehrte Frau Ministerin,Weg 1,Tashkent,700047,Uzbekistan\n' +
      'Cher Dupont,Ministre,Excellence,Weg 2,Tashkent,700047,Uzbekistan\n' +
      'B. Yusupov,Ministre,Dear Señor Ministro,Weg 3,Tashkent,700047,Uzbekistan\n'; // two languages: not judged
    const french = '---\nlanguage: fr\nsubject: x\n---\nJe vous écris.\n';
    expect(find(check({ csv, template: french }).report, 'salutation').map((f) => `${f.severity} ${f.line} ${f.message} | ${f.hint}`)).toEqual([
      'warning 2 the salutation "Your Excellency" is in English, and the letter in French: it opens the letter as written | write the form of address in French, as the letter is: "Monsieur le Ministre", "Madame la Procureure"',
      'warning 4 the salutation "Sehr geehrte Frau Ministerin" is in German, and the letter in French: it opens the letter as written | write the form of address in French, as the letter is: "Monsieur le Ministre", "Madame la Procureure"',
    ]);
    // In an English letter, the French ones are the odd ones out; a template that opens its own way reads none.
    expect(find(check({ csv }).report, 'salutation').map((f) => `${f.line} ${f.message}`)).toEqual([
      '3 the salutation "Monsieur le Procureur général" is in French, and the letter in English: it opens the letter as written',
      '4 the salutation "Sehr geehrte Frau Ministerin" is in German, and the letter in English: it opens the letter as written',
      '5 the salutation "Excellence" is in French, and the letter in English: it opens the letter as written',
    ]);
    // (A French letter without closing: repeats the salutation in the one letters gives it: "Veuillez agréer, Your Excellency, ...".)
    expect(find(check({ csv, template: '---\nlanguage: fr\nsubject: x\nsalutation: Madame, Monsieur,\n---\nJe vous écris.\n' }).report, 'salutation')).toHaveLength(2);
    expect(find(check({ csv, template: '---\nlanguage: fr\nsubject: x\nsalutation: Madame, Monsieur,\nclosing: Cordialement,\n---\nJe vous écris.\n' }).report, 'salutation')).toEqual([]);
  });

  it('says when a template written in Spanish does not say its language, and the rows\' Spanish greetings point to it', () => {
    const csv = 'name,position,salutation,address_1,city,postcode,country\nDaniel Ortega,Presidente,Excelentísimo Señor Presidente,Casa de Gobierno,Managua,11001,Nicaragua\n';
    const carta =
      '---\nsubject: Rolando Álvarez\n---\nMe dirijo a usted para expresar mi preocupación por la situación del obispo, que fue detenido el {{date case.detained "long"}} y condenado sin las garantías de un juicio justo. Le pido que sea puesto en libertad de inmediato y sin condiciones, y que mientras tanto se le permita recibir visitas de su familia y de un abogado de su elección.\n';
    const kase = BASE_CASE.replace('country: Uzbekistan', 'country: Nicaragua');
    const said = (template: string) => check({ csv, case: kase, template }).report;
    const report = said(carta);
    expect(find(report, 'language').map((f) => `${f.severity} ${f.file}:${f.line} ${f.message} | ${f.hint}`)).toEqual([
      'warning letter.hbs:1 the template is written in Spanish, but says no language: its letters would print dates, a missing greeting and the lines letters adds in English ("19 August 2022", "Dear Sir or Madam") | say its language in the front matter: "language: es" (between "---" lines at the top)',
    ]);
    expect(find(report, 'salutation').map((f) => f.hint)).toEqual(['the template is written in Spanish too: say so in its front matter, "language: es"']);
    // Said, it is a Spanish letter: nothing to say.
    const said2 = said(carta.replace('---\nsubject', '---\nlanguage: es\nsubject'));
    expect([...find(said2, 'language'), ...find(said2, 'salutation')]).toEqual([]);
    // An English template quoting a sentence in Spanish is English.
    const english = '---\nsubject: x\n---\nI am writing to you about the bishop, who has been detained since his arrest. He wrote: "Me dirijo a usted". Please release him and allow him to see his family and a lawyer of his choice.\n';
    expect(find(said(english), 'language')).toEqual([]);
  });

  it('asks whether a row at the address of another whose name sounds the same is the same official (Lukaschenka, Lukashenko)', () => {
    const csv =
      'name,position,salutation,address_1,city,postcode,country\n' +
      'Aljaksandr Lukaschenka,President,Your Excellency,ul. Karla Marksa 38,Minsk,220016,Belarus\n' +
      'Member A,Member of Parliament,Dear Member,Sovetskaya 11,Minsk,220010,Belarus\n' +
      'Member B,Member of Parliament,Dear Member,Sovetskaya 11,Minsk,220010,Belarus\n' + // two people at one address
      'Alexander Lukashenko,President,Your Excellency,ul. Karla Marksa 38,Minsk,220016,Belarus\n';
    const kase = BASE_CASE.replace('country: Uzbekistan', 'country: Belarus');
    const found = (r: JsonReport) => find(r, 'duplicate').map((f) => `${f.severity} ${f.line} ${f.message}`);
    expect(found(check({ csv, case: kase }).report)).toEqual(['warning 5 perhaps the same official as on line 2, the name spelt another way (same address): they would get two letters']);
    const dir = makeCampaign({ csv, case: kase });
    expect(runCli(['render', 'case.yaml'], dir).stderr).toContain('officials.csv:5: perhaps the same official as on line 2, the name spelt another way (same address): they would get two letters');
    // An Arabic name's qaf written q and k (a user trial: letters email held the second, check said nothing).
    const egypt = 'name,position,salutation,address_1,city,postcode,country\nMahmoud Tawfik,Minister of Interior,Dear Minister,25 Al Sheikh Rihan Street,Cairo,11641,Egypt\nMahmud Tawfiq,Minister of Interior,Dear Minister,25 Al Sheikh Rihan Street,Cairo,11641,Egypt\n';
    expect(found(check({ csv: egypt, case: BASE_CASE.replace('country: Uzbekistan', 'country: Egypt') }).report)).toEqual(['warning 3 perhaps the same official as on line 2, the name spelt another way (same address): they would get two letters']);
  });

  it('asks whether a row whose name is in Arabic letters and one in Latin letters that reads so, in the same position at the same address, are one official', () => {
    // A French trial's list: Algeria's minister of justice in Arabic letters, and again as "Abderrachid" / "Tabi".
    const header = 'title;first_name;last_name;position;salutation;address_1;address_2;postcode;city;country\n';
    const row = (first: string, last: string, position = 'Ministre de la Justice, garde des Sceaux', street = '8 place Bir Hakem, El Biar') => `M.;${first};${last};${position};Monsieur le Ministre;${street};;16030;Alger;Algérie\n`;
    const kase = BASE_CASE.replace('country: Uzbekistan', 'country: Algeria');
    const found = (csv: string) => find(check({ csv, case: kase }).report, 'duplicate').map((f) => `${f.severity} ${f.line} ${f.message}`);
    const warning = (line: number, first: number) => `warning ${line} perhaps the same official as on line ${first}, the name written in other letters (same address): they would get two letters`;
    expect(found(header + row('', 'عبد الرشيد طبي') + row('Abderrachid', 'Tabi'))).toEqual([warning(3, 2)]);
    // Either way round, with the article written or not, or part of the name only.
    expect(found(header + row('Abdelaziz', 'Bouteflika') + row('', 'عبد العزيز بوتفليقة'))).toEqual([warning(3, 2)]);
    expect(found(header + row('', 'عبد الرشيد طبي') + row('Rachid', 'Tabi'))).toEqual([warning(3, 2)]);
    // Another name, another position or another address: not asked.
    expect(found(header + row('', 'عبد الرشيد طبي') + row('Lotfi', 'Boudjemaa'))).toEqual([]);
    expect(found(header + row('', 'عبد الرشيد طبي') + row('Abderrachid', 'Tabi', 'Secrétaire général'))).toEqual([]);
    expect(found(header + row('', 'عبد الرشيد طبي') + row('Abderrachid', 'Tabi', undefined, '1 rue Docteur Saadane'))).toEqual([]);
    // batch says so too.
    const dir = makeCampaign({ csv: header + row('', 'عبد الرشيد طبي') + row('Abderrachid', 'Tabi'), case: kase });
    writeFileSync(path.join(dir, 'volunteers.csv'), 'name,address_1,city,postcode,country\nÉlodie Garnier,12 rue des Lilas,Lyon,69003,France\n');
    const batch = runCli(['batch', 'case.yaml', '--volunteers', 'volunteers.csv', '--each'], dir);
    expect(batch.code, batch.stderr).toBe(0);
    expect(batch.stderr).toContain('officials.csv:3: perhaps the same official as on line 2, the name written in other letters (same address): they would get two letters');
  });

  it('refuses "&amp;" pasted from a web page, in a row or in the case file: it would print as written', () => {
    const csv = `${BASE_CSV}Counsellor,Mohamed,Shawky,Public Prosecutor,Dear Counsellor,Ministry of Justice &amp; Human Rights,Tashkent,700047,Uzbekistan\n`;
    expect(find(check({ csv }).report, 'encoding').map((f) => `${f.line} ${f.message} | ${f.hint}`)).toEqual([
      '3 "Ministry of Justice &amp; Human Rights" in "address_1" has "&amp;", a web page\'s code for a character: it would print as "&amp;" | write the character itself ("&"); text copied from a web page\'s source keeps such codes',
    ]);
    const dir = makeCampaign({ csv: BASE_CSV, case: `${BASE_CASE}summary: Omar Fathy, a blogger who writes about prison conditions &#39;and&#39; housing in Cairo, was arrested at his home.\n` });
    const r = runCli(['render', 'case.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('case.yaml:16: "…about prison conditions &#39;and&#39; housing in Cairo…" in case field "summary" has "&#39;", a web page\'s code for a character: it would print as "&#39;"');
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('refuses an empty value the template prints by its header\'s own name ("recipient.formule_d_appel", "recipient.courriel")', () => {
    const csv = "Nom;Fonction;Formule d'appel;Adresse;Ville;Code postal;Pays;Courriel\nLotfi Boudjemaa;Ministre de la Justice;Monsieur le Ministre;8 place Bir Hakeim;Tashkent;700047;Ouzbékistan;contact@mjustice.example\nKamel Chekkat;Wali;;1 rue X;Tashkent;700048;Ouzbékistan;\n";
    const template = "---\nlanguage: fr\nsalutation: '{{recipient.formule_d_appel}},'\n---\nJe vous écris ({{recipient.fonction}}, {{recipient.courriel}}).\n";
    const { code, report } = check({ csv, template });
    expect(code).toBe(1);
    expect(find(report, 'field').map((f) => `${f.line} ${f.message}`)).toEqual([
      '3 "Formule d\'appel" is empty, but the template prints recipient.formule_d_appel (letter.hbs:3)',
      '3 "Courriel" is empty, but the template prints recipient.courriel (letter.hbs:5)',
    ]);
  });

  it('refuses a name or salutation in quotation marks, a character the encoding could not read, and a Mac\'s CSV read as windows-1252', () => {
    const csv = `${BASE_CSV},A,B,Minister,“Estimada Sra. Fiscal General”,Street 1,Tashkent,700047,Uzbekistan\n,C,D,Ministre,Monsieur le Ministre,Minist\ufffdre 2,Tashkent,700047,Uzbekistan\n,E,F,Pr\u017dsident de la R\u017dpublique,Monsieur le Pr\u017dsident,Street 3,Tashkent,700047,Uzbekistan\n,G,H,Minister,Dear Minister,Ministry of Justice «Adliya»,Tashkent,700047,Uzbekistan\n,‘Ala’,al-Aswani,Minister,Dear Minister,Street 6,Tashkent,700047,Uzbekistan\n`;
    // A Turkish Windows file read as windows-1252.
    expect(find(check({ csv: `${BASE_CSV},Recep Tayyip,Erdo\u00f0an,Cumhurba\u00feskan\u00fd,Say\u00fdn Cumhurba\u00feskan\u00fd,Be\u00fetepe,Ankara,06560,Turkey\n` }).report, 'encoding').map((f) => `${f.line} ${f.message}`)).toEqual([
      '3 "Erdo\u00f0an" in "last_name" looks like a file saved on a Turkish Windows (windows-1254) read as windows-1252 (it was "Erdoğan")',
    ]);
    expect(find(check({ csv }).report, 'encoding').map((f) => `${f.line} ${f.message} | ${f.hint}`)).toEqual([
      '3 "“Estimada Sra. Fiscal General”" in "salutation" is in quotation marks: they would print | delete the quotation marks around it (pasted from a document, they are part of the value)',
      '4 "Minist\ufffdre 2" in "address_1" has a character the file\'s encoding could not read (\ufffd): it would print so | read the file in the encoding it was saved in (--encoding; a CSV from Excel on a Mac is often "macintosh"), or save it as UTF-8 ("CSV UTF-8" in Excel; in LibreOffice, Text CSV with character set "Unicode (UTF-8)")',
      '5 "Pr\u017dsident de la R\u017dpublique" in "position" looks like a file saved by Excel on a Mac read as windows-1252 (it was "Président de la République") | read it with --encoding macintosh, or save it as UTF-8 ("CSV UTF-8" in Excel; in LibreOffice, Text CSV with character set "Unicode (UTF-8)")',
    ]);
  });

  it('asks whether the same name in the same position at another address is one official (written without its accents or ı)', () => {
    const csv = [
      'name,position,organisation,salutation,address_1,city,postcode,country',
      'Yılmaz Tunç,Adalet Bakanı,T.C. Adalet Bakanlığı,Sayın Bakan,Milli Müdafaa Caddesi 22,Ankara,06659,Türkiye',
      'Yilmaz Tunc,Adalet Bakanı,Adalet Bakanligi,Sayın Bakan,Milli Mudafaa Cad. 22,Ankara,06659,Turkey',
      'Yilmaz Tunc,Member of Parliament,TBMM,Sayın Milletvekili,TBMM,Ankara,06543,Turkey',
    ].join('\n');
    const kase = BASE_CASE.replace('country: Uzbekistan', 'country: Turkey');
    expect(find(check({ csv, case: kase }).report, 'duplicate').map((f) => `${f.severity} ${f.line} ${f.message}`)).toEqual([
      'warning 3 perhaps the same official as on line 2 (the same name and position, at another address): they would get two letters',
    ]);
    expect(runCli(['render', 'case.yaml'], makeCampaign({ csv, case: kase })).stderr).toContain('officials.csv:3: perhaps the same official as on line 2 (the same name and position, at another address)');
  });

  it('warns of an embassy addressed to its own country, or an address in the group\'s own city marked another country (a column filled down)', () => {
    const csv = [
      'name,position,organisation,salutation,address_1,city,postcode,country',
      'H.E. A,Ambassador of Türkiye,,Your Excellency,Tiergartenstraße 19,Berlin,10785,Türkiye',
      'B,Minister,Ministry of Justice,Dear Minister,Sayilgoh 5,Oxford,100047,Uzbekistan',
      'H.E. C,Ambassador of Uzbekistan,,Your Excellency,41 Holland Park,London,W11 3RP,United Kingdom',
    ].join('\n');
    expect(find(check({ csv }).report, 'country').map((f) => `${f.severity} ${f.line} ${f.message}`)).toEqual([
      'warning 2 H.E. A, of Türkiye\'s embassy or consulate, is addressed to Türkiye: an embassy is abroad',
      'warning 3 the address is in Oxford, the group\'s own city, but its country is Uzbekistan: the letter would go abroad',
    ]);
    expect(runCli(['render', 'case.yaml'], makeCampaign({ csv })).stderr).toContain('officials.csv:2: H.E. A, of Türkiye\'s embassy or consulate, is addressed to Türkiye');
  });

  it('refuses the header row again inside the list (two lists pasted together): it would be a letter to "Nombre"', () => {
    const head = 'Nombre,Cargo,Dirección,Ciudad,Código postal,País,Saludo';
    const csv = `${head}\nDaniel Ortega,Presidente,Avenida Bolívar,Tashkent,700047,Uzbekistan,Excelentísimo Señor Presidente\nnombre,CARGO,Direccion,Ciudad,,País,Saludo\nRosario Murillo,Copresidenta,Avenida Bolívar,Tashkent,700047,Uzbekistan,Excelentísima Señora\n`;
    const { report } = check({ csv });
    expect(find(report, 'header').map((f) => `${f.line} ${f.message}`)).toEqual([
      '3 this row is the header row again (Nombre, Cargo, Dirección, Ciudad, …): it would be a letter to "nombre"',
    ]);
    // Nothing else is said of it: its country "País" is no country letters does not know; by
    // e-mail, its address "Correo" none to refuse.
    expect(report.findings.filter((f) => f.line === 3).map((f) => f.code)).toEqual(['header']);
    const byEmail = check({ csv: `${head},Correo\nDaniel Ortega,Presidente,Avenida Bolívar,Tashkent,700047,Uzbekistan,Excelentísimo Señor Presidente,do@example.ni\nnombre,CARGO,Direccion,Ciudad,,País,Saludo,Correo\n` }, ['--channel', 'email']).report;
    expect(byEmail.findings.filter((f) => f.line === 3).map((f) => f.code)).toEqual(['header']);
    const dir = makeCampaign({ csv });
    const r = runCli(['render', 'case.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('officials.csv:3: this row is the header row again');
    // A row with one value that is its column's name is no header row.
    expect(find(check({ csv: `${head}\nCiudad,Presidente,Avenida Bolívar,Tashkent,700047,Uzbekistan,Excelentísimo Señor Presidente\n` }).report, 'header')).toEqual([]);
    // Nor is a spreadsheet's total row an official (a Dutch trial's "Totaal;20"), by post or by e-mail.
    const total = `name;position;address_1;city;postcode;country;email\nJan Jansen;Kamerlid;Postbus 20018;Den Haag;2500 EA;Netherlands;j@example.nl\nTotaal;20;;;;;\n`;
    for (const channel of ['post', 'email']) {
      expect(find(check({ csv: total }, ['--channel', channel]).report, 'header').map((f) => `${f.line} ${f.message}`), channel).toEqual(['3 this row is a total ("Totaal"), not an official: it would be a letter to "Totaal"']);
    }
  });

  it('warns when the letters are on A4 for want of "paper:" and the group posts from a country of US Letter', () => {
    const us = BASE_CASE.replace('  address: [12 Chapel Street]\n  city: Oxford\n  postcode: OX1 1AA\n  country: United Kingdom', '  address: [1234 N Milwaukee Ave]\n  city: Chicago\n  state: IL\n  zip: "60622"\n  country: USA');
    const found = (args: string[] = [], template?: string) => find(check({ case: us, ...(template ? { template } : {}) }, args).report, 'paper').map((f) => `${f.file}:${f.line} ${f.message}`);
    expect(found()).toEqual(['letter.hbs:1 the letters are on A4 (the template does not say its paper), but the group posts from United States, where paper is US Letter']);
    expect(found(['--paper', 'a4'])).toEqual([]);
    expect(found([], '---\npaper: letter\n---\nHello.\n')).toEqual([]);
    expect(find(check({}).report, 'paper')).toEqual([]); // (from the United Kingdom)
  });

  it('by e-mail too, asks whether two rows of one position whose names sound the same are one official', () => {
    const csv = 'name,position,salutation,address_1,city,postcode,country,email\nAljaksandr Lukaschenka,President,Your Excellency,1 St,Minsk,220016,Belarus,a1@example.by\nAlexander Lukashenko,President,Your Excellency,1 St,Minsk,220016,Belarus,a2@example.by\n';
    const kase = BASE_CASE.replace('country: Uzbekistan', 'country: Belarus');
    expect(find(check({ csv, case: kase }, ['--channel', 'email']).report, 'duplicate').map((f) => `${f.line} ${f.message}`)).toEqual([
      '3 perhaps the same official as on line 2, the name spelt another way (same position): they would get two messages',
    ]);
  });

  it('warns about duplicate officials, naming the first row', () => {
    const csv = `${BASE_CSV}H.E.,Islam,Karimov,President,Your Excellency,Uzbekistanskaya  43,TASHKENT,700163,Uzbekistan\n`;
    const { report } = check({ csv });
    expect(find(report, 'duplicate').map((f) => `${f.severity} ${f.line} ${f.message}`)).toEqual([
      'warning 3 the same official as on line 2 (same name and address): they would get two letters',
    ]);
    // ß written as ss, or in capitals, is the same name.
    const weiss = `${BASE_CSV}Herr,Jürgen,Weiß,Minister,Dear Minister,Weg 1,Tashkent,700047,Uzbekistan\nHerr,Jürgen,WEISS,Minister,Dear Minister,Weg 1,Tashkent,700047,Uzbekistan\n`;
    expect(find(check({ csv: weiss }).report, 'duplicate').map((f) => `${f.line} ${f.message}`)).toEqual([
      '4 the same official as on line 3 (same name and address): they would get two letters',
    ]);
    // A postcode typed without its space, a title left out, or a Persian name typed with Arabic letters: the same official.
    const typed = `${BASE_CSV}Hon.,Jean,Côté,Minister,Dear Minister,Weg 1,Ottawa,K1A 0A6,Uzbekistan\n,Jean,Côté,Minister,Dear Minister,Weg 1,Ottawa,k1a0a6,Uzbekistan\n` +
      'Mr,,,\u0631\u0626\u06cc\u0633 \u0642\u0648\u0647 \u0642\u0636\u0627\u06cc\u06cc\u0647,Dear Sir,Pasteur 1,Tehran,1,Uzbekistan\nMr,,,\u0631\u0626\u064a\u0633 \u0642\u0648\u0647 \u0642\u0636\u0627\u064a\u064a\u0647,Dear Sir,Pasteur 1,Tehran,1,Uzbekistan\n';
    expect(find(check({ csv: typed }).report, 'duplicate').map((f) => `${f.line} ${f.message}`)).toEqual([
      '4 the same official as on line 3 (same name and address): they would get two letters',
      '6 the same official as on line 5 (same name and address): they would get two letters',
    ]);
    // Accents, and the region in the city column, neither.
    const durbin = 'name,address_1,city,region,postcode,country\nRichard J. Durbin,711 Hart Building,"Washington, DC ",,20510,United States\nRICHARD J. DÚRBIN,711 Hart Building,Washington,DC,20510,United States\n';
    expect(find(check({ csv: durbin }).report, 'duplicate').map((f) => f.line)).toEqual([3]);
  });

  it('a ? between letters in a name or address is a letter lost by the spreadsheet: an error, for render too', () => {
    const csv = `${BASE_CSV}Mr,Ali,Ertu?rul,Minister,Dear Minister,Gulyamova 66,Tashkent,700047,Uzbekistan\n`;
    const { code, report } = check({ csv });
    expect(code).toBe(1);
    expect(find(report, 'encoding').map((f) => `${f.severity} ${f.line} ${f.message}`)).toEqual([
      'error 3 "Ertu?rul" in "last_name" has a ? where a letter was: the spreadsheet could not save it in this file\'s encoding',
    ]);
    const dir = makeCampaign({ csv });
    const r = runCli(['render', 'case.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('officials.csv:3: "Ertu?rul" in "last_name" has a ? where a letter was');
    // Saved again as UTF-8 from the spreadsheet, the character is back: no "write the letter again" (which letter?).
    expect(find(report, 'encoding')[0]!.hint).toBe('save the CSV again from the spreadsheet as UTF-8 ("CSV UTF-8" in Excel; in LibreOffice, Text CSV with character set "Unicode (UTF-8)"): nothing needs typing again unless the spreadsheet itself shows the ?');
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
    // At a word's start or end too; and UTF-8 read as windows-1252 and saved again: "MÃ¼ller".
    const more = [
      'Mr,?imon,Kova?,Minister,Dear Minister,Ulica 1,Tashkent,700047,Uzbekistan',
      'Ms,Mai,Sat?,Minister,Dear Minister,Ulica 2,Tashkent,700047,Uzbekistan',
      'Herr,Jürgen,MÃ¼ller,Minister,Dear Minister,Weg 1,Tashkent,700047,Uzbekistan',
      'Frau,Annegret,GroÃŸmann,Minister,Dear Minister,Weg 2,Tashkent,700047,Uzbekistan',
      'Sr.,JOÃO,SÃO PAULO,Minister,Dear Minister,Weg 3,Tashkent,700047,Uzbekistan',
      'Mr,????,? ????,Public Prosecutor,Dear Counsellor,Weg 4,Tashkent,700047,Uzbekistan',
    ].join('\n');
    expect(find(check({ csv: `${BASE_CSV}${more}\n` }).report, 'encoding').map((f) => `${f.line} ${f.message}`)).toEqual([
      '3 "?imon" in "first_name" has a ? where a letter was: the spreadsheet could not save it in this file\'s encoding',
      '4 "Sat?" in "last_name" has a ? where a letter was: the spreadsheet could not save it in this file\'s encoding',
      '5 "MÃ¼ller" in "last_name" is UTF-8 read as windows-1252 (it was "Müller"): the file was saved again in the wrong encoding',
      '6 "GroÃŸmann" in "last_name" is UTF-8 read as windows-1252 (it was "Großmann"): the file was saved again in the wrong encoding',
      '8 "????" in "first_name" has a ? where a letter was: the spreadsheet could not save it in this file\'s encoding',
    ]);
    // A volunteer's name too.
    writeFileSync(path.join(dir, 'volunteers.csv'), 'name,email\nGrete WeiÃŸmÃ¼ller,g@example.org\n');
    expect(runCli(['check', 'case.yaml', '--volunteers', 'volunteers.csv'], dir).stdout).toContain('volunteers.csv:2: "Grete WeiÃŸmÃ¼ller" in "name" is UTF-8 read as windows-1252 (it was "Grete Weißmüller")');
  });

  it("a spreadsheet's formula or its error value instead of a value is an error, for render too", () => {
    const rows = [
      'Mr,Ali,#N/A,Minister,Dear Minister,Gulyamova 66,Tashkent,700047,Uzbekistan',
      'Mr,Ali,Valiev,"=VLOOKUP(B4,Sheet2!A:B,2)",Dear Minister,Gulyamova 66,Tashkent,700047,Uzbekistan',
      'Mr,Ali,Valiev,Minister,Dear Minister,Err:502,Tashkent,700047,Uzbekistan',
      'Mr,Bek,Karimov,Minister,Dear Minister,Gulyamova 66,Tashkent,700047,Uzbekistan',
    ].join('\n');
    const csv = `${BASE_CSV}${rows}\n`;
    const { code, report } = check({ csv });
    expect(code).toBe(1);
    expect(find(report, 'spreadsheet').map((f) => `${f.severity} ${f.line} ${f.message}`)).toEqual([
      'error 3 "#N/A" in "last_name" is a spreadsheet\'s error, not a value: the formula that made the cell failed, and the letter would print it',
      'error 4 "=VLOOKUP(B4,Sheet2!A:B,2)" in "position" is a spreadsheet\'s formula, not its value: the letter would print it as it is',
      'error 5 "Err:502" in "address_1" is a spreadsheet\'s error, not a value: the formula that made the cell failed, and the letter would print it',
    ]);
    const dir = makeCampaign({ csv });
    const r = runCli(['render', 'case.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('officials.csv:3: "#N/A" in "last_name" is a spreadsheet\'s error');
    expect(r.stderr).toContain('hint: in the spreadsheet, copy the column and paste it back as values only');
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('a formula in any column, and a value that stands for none ("-", "N/A") in a name, address or greeting, is an error', () => {
    const csv = [
      'title,first_name,last_name,position,salutation,address_1,city,postcode,country,note',
      'Mr,Ali,Valiev,Minister,N/A,Gulyamova 66,Tashkent,700047,Uzbekistan,',
      '-,Ali,Valiev,Minister,Dear Minister,Gulyamova 66,Tashkent,700047,Uzbekistan,',
      'Mr,Ali,Valiev,Minister,Dear Minister,Gulyamova 66,Tashkent,700047,Uzbekistan,"=IF(A2="""";""x"";B2)"',
      'Mr,Ali,Valiev,Minister,Dear Minister,Gulyamova 66,Tashkent,700047,Uzbekistan,= 2 + 2 is four',
      'Mr,Bek,Karimov,Minister,Dear Minister,Gulyamova 66,Tashkent,700047,Uzbekistan,-',
      'Ms,Kyung-won,Na,Minister,Dear Minister,Gulyamova 66,Tashkent,700047,Uzbekistan,',
      'Mr,Ali,Valiev,Minister,?,Gulyamova 66,Tashkent,700047,Uzbekistan,',
      'Mr,Ali,Valiev,Minister,Dear Minister,#WERT!,Tashkent,700047,Uzbekistan,',
      'Mr,Ali,Valiev,Minister,Dear Minister,#N/D,Tashkent,700047,Uzbekistan,',
      'Mr,Ali,Valiev,Minister,Dear Minister,Gulyamova 66 #12,Tashkent,700047,Uzbekistan,#12',
    ].join('\n');
    const { report } = check({ csv: `${csv}\n` });
    expect([...find(report, 'missing-value'), ...find(report, 'spreadsheet')].map((f) => `${f.severity} ${f.line} ${f.message}`)).toEqual([
      'error 2 "N/A" in "salutation" stands for no value: the letter would print it ("N/A,")',
      'error 3 "-" in "title" stands for no value: the letter would print it',
      'error 8 "?" in "salutation" stands for no value: the letter would print it ("?,")',
      'error 4 "=IF(A2="";"x";B2)" in "note" is a spreadsheet\'s formula, not its value: the letter would print it as it is',
      'error 9 "#WERT!" in "address_1" is a spreadsheet\'s error, not a value: the formula that made the cell failed, and the letter would print it',
      'error 10 "#N/D" in "address_1" is a spreadsheet\'s error, not a value: the formula that made the cell failed, and the letter would print it',
    ]);
    // A case field too.
    const kase = runCli(['check', 'case.yaml'], makeCampaign({ case: BASE_CASE.replace('charges: undermining the constitutional order', 'charges: "#N/A"'), csv: BASE_CSV }));
    expect(kase.stdout).toContain('case.yaml:5: "#N/A" in case field "charges" is a spreadsheet\'s error, not a value');
    // A placeholder in a case field the template prints: the letter said 'charged with "TBD"'.
    const charged = `${BASE_TEMPLATE}\nHe is charged with {{case.charges}}.\n`;
    const tbd = runCli(['render', 'case.yaml'], makeCampaign({ case: BASE_CASE.replace('charges: undermining the constitutional order', 'charges: TBD'), csv: BASE_CSV, template: charged }));
    expect(tbd.code).toBe(2);
    expect(tbd.stderr).toContain('case.yaml:5: "TBD" in case field "charges" stands for no value: the letter would print it');
    expect(tbd.stderr).toContain('delete the line where there is none');
    // One the template does not print is the coordinator's own note (a review: "lawyer_phone: unknown" was refused).
    const own = runCli(['render', 'case.yaml'], makeCampaign({ case: `${BASE_CASE}lawyer_phone: unknown\n`, csv: BASE_CSV, template: charged }));
    expect([own.code, own.stderr]).toEqual([0, '']);
    // The case's charges and summary, which a volunteer's cover sheet prints whatever the template does; a signer's note.
    expect(runCli(['check', 'case.yaml'], makeCampaign({ case: BASE_CASE.replace('charges: undermining the constitutional order', 'charges: TBD'), csv: BASE_CSV })).stdout).toContain('"TBD" in case field "charges" stands for no value');
    const noted = makeCampaign({ csv: BASE_CSV });
    writeFileSync(path.join(noted, 'me.yaml'), 'name: Anna Weiss\ncountry: United Kingdom\npersonal_note: "-"\n');
    expect(runCli(['check', 'case.yaml', '--signer', 'me.yaml'], noted).stdout).toContain('"-" in signer field "personal_note" stands for no value');
    // The case's name, its sender's address: letters prints them.
    expect(runCli(['check', 'case.yaml'], makeCampaign({ case: BASE_CASE.replace('city: Oxford', 'city: "-"'), csv: BASE_CSV })).stdout).toContain('"-" in case field "sender.city" stands for no value');
    const signed = makeCampaign({ csv: BASE_CSV });
    writeFileSync(path.join(signed, 'me.yaml'), 'name: Anna Weiss\naddress: [12 Chapel Street]\ncity: Oxford\nregion: N/A\npostcode: OX1 1AA\ncountry: United Kingdom\n');
    expect(runCli(['check', 'case.yaml', '--signer', 'me.yaml'], signed).stdout).toContain('me.yaml:4: "N/A" in signer field "region" stands for no value');
    // A volunteer's note too, which their letters print.
    const dir = makeCampaign({ csv: BASE_CSV });
    writeFileSync(path.join(dir, 'volunteers.csv'), 'name,email,personal_note\nGrete Weiss,g@example.org,"=A1&"" is great"""\n');
    expect(runCli(['check', 'case.yaml', '--volunteers', 'volunteers.csv'], dir).stdout).toContain('volunteers.csv:2: "=A1&" is great"" in "personal_note" is a spreadsheet\'s formula, not its value');
  });

  it('an official with no postcode where the post sorts letters by it is a warning (a US representative without a ZIP code)', () => {
    const csv =
      'name,salutation,address_1,city,region,postcode,country\nA,Dear A,2367 Rayburn House Office Building,Washington,DC,,United States\n' +
      'B,Dear B,Gulyamova 66,Tashkent,,,Uzbekistan\nC,Dear C,Kremlin,Moscow,,,Russia\nD,Dear D,1 Main St,Boston,MA,02116,USA\n';
    const { code, report } = check({ csv });
    expect(code).toBe(0);
    expect(find(report, 'postcode').map((f) => `${f.severity} ${f.line} ${f.message}`)).toEqual([
      'warning 2 this official has no postcode: the post in United States sorts letters by it (one without may be slow, or come back)',
      'warning 4 this official has no postcode: the post in Russia sorts letters by it (one without may be slow, or come back)',
    ]);
  });

  it('a postcode in an address of a country without postcodes is a warning: the country filled down (a trial\'s embassy in Brasília marked Angola)', () => {
    const csv = 'name,position,salutation,address_1,city,postcode,country\nF. Nunes,Embaixador de Angola no Brasil,Excelentíssimo Senhor Embaixador,SHIS QI 07 Conjunto 11,Brasília,71615-300,Angola\nH. Neto,Procuradora-Geral,Excelentíssima Senhora,Rua 17 de Setembro,Luanda,,Angola\n';
    expect(find(check({ csv }).report, 'postcode').map((f) => `${f.severity} ${f.line} ${f.message}`)).toEqual([
      'warning 2 the postcode "71615-300" is in an address in Angola, which has no postcodes: is the country right?',
    ]);
  });

  it('an official with a city but no street, in a list with the street\'s column, is a warning; not an organisation the post knows by its name (a US trial\'s senator)', () => {
    const csv =
      'name,position,organisation,salutation,address_1,city,region,postcode,country\n' +
      'Tammy Duckworth,Senator,,Dear Senator Duckworth,,Washington,DC,20510,United States\n' +
      'R. Inoyatov,Chairman,Sluzhba Natsionalnoy Bezopasnosti,Dear Chairman,,Tashkent,,700000,Uzbekistan\n' +
      'Ed Markey,Senator,,Dear Senator Markey,975 JFK Federal Building,Boston,MA,02203,United States\n';
    const { code, report } = check({ csv });
    expect(code).toBe(0);
    expect(find(report, 'address').map((f) => `${f.severity} ${f.line} ${f.message}`)).toEqual([
      'warning 2 this official\'s address has no street, only Washington 20510: the post in United States may not find them',
    ]);
    // The street's own column empty, a suite's number in the next (a review's "300" printed as the street).
    const suite = 'name,position,salutation,Street,Suite,city,region,postcode,country\nAndy Kim,Senator,Dear Senator Kim,,300,Newark,NJ,07102,United States\n';
    expect(find(check({ csv: suite }).report, 'address').map((f) => f.message)).toEqual([
      'this official\'s address has no street ("Street" is empty), only 300, Newark 07102: the post in United States may not find them',
    ]);
  });

  it('an address in letters only other countries write is an error: the country filled down from the row above (a US trial\'s Hanoi address marked USA); a warning in Vietnamese\'s Latin letters, for an embassy, and by e-mail', () => {
    const csv =
      'name,position,salutation,address_1,city,postcode,country\n' +
      'Tô Lâm,General Secretary,Your Excellency,1A Hùng Vương,Hà Nội,11100,USA\n' +
      'Ivan Petrov,Prosecutor,Dear Prosecutor,ул. Большая Дмитровка 15а,Москва,125993,Germany\n' +
      'Tô Lâm,Secretary,Your Excellency,1A Hùng Vương,Hà Nội,11100,Vietnam\n' +
      'Ivan Petrov,Deputy Prosecutor,Dear Prosecutor,ул. Большая Дмитровка 15а,Москва,125993,Russia\n' +
      'Ade Bello,Governor,Dear Governor,Government House,Ọ̀yọ́,200001,Nigeria\n' +
      'Ngo Van,Ambassador,Your Excellency,Đại sứ quán Việt Nam,Berlin,12435,Germany\n' +
      'Ivan Sidorov,Consul,Dear Consul,Посольство России,Berlin,10117,Germany\n';
    const dir = makeCampaign({ csv: csv.normalize('NFD') });
    const { code, report } = check({ csv: csv.normalize('NFD') });
    expect(code).toBe(1);
    expect(find(report, 'country').map((f) => `${f.severity} ${f.line} ${f.message}`)).toEqual([
      'error 3 the address is written in Cyrillic letters ("ул. Большая Дмитровка 15а"), but its country is Germany: the letter would go there',
      `warning 2 the address is written in Vietnamese letters ("${'1A Hùng Vương'.normalize('NFD')}"), but its country is United States: the letter would go there`,
      `warning 7 the address is written in Vietnamese letters ("${'Đại sứ quán Việt Nam'.normalize('NFD')}"), but its country is Germany: the letter would go there`,
      'warning 8 the address is written in Cyrillic letters ("Посольство России"), but its country is Germany: the letter would go there',
    ]);
    const r = runCli(['render', 'case.yaml'], dir);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('officials.csv:3: the address is written in Cyrillic letters')]);
    // By e-mail the address is not used: a warning.
    const email = check({ csv: 'name,position,salutation,address_1,city,postcode,country,email\nIvan Petrov,Prosecutor,Dear Prosecutor,ул. Большая Дмитровка 15а,Москва,125993,Germany,ip@example.ru\n' }, ['--channel', 'email']);
    expect(find(email.report, 'country').map((f) => f.severity)).toEqual(['warning']);
  });

  it('a postcode after its country\'s old letters ("CH-8001", "D-10115") is a warning, in check, render and print, with the postcode to write; not where the post asks for them', () => {
    const csv =
      'name,salutation,address_1,city,postcode,country\n' +
      'A,Dear A,Kalchbühlstrasse 1,Zürich,CH-8001,Switzerland\nB,Dear B,Perleberger Str. 62,Berlin,D-10115,Germany\n' +
      'C,Dear C,Stephansplatz 1,Wien,A-1010,Austria\nD,Dear D,1 rue de Rivoli,Paris,F-75008,France\nE,Dear E,Via Roma 1,Roma,I-00187,Italy\n' +
      'F,Dear F,Rue de la Loi 16,Bruxelles,B-1000,Belgium\nG,Dear G,Städtle 1,Vaduz,FL-9490,Liechtenstein\nH,Dear H,Drottninggatan 1,Stockholm,S-111 51,Sweden\n' +
      'I,Dear I,Mannerheimintie 1,Helsinki,SF-00100,Finland\nJ,Dear J,Bundeshaus,Bern,ch 3003,CH\n' +
      // The post's own: Sweden's and Finland's letters for mail from abroad, Luxembourg's "L-", Lithuania's and Latvia's postcodes.
      'K,Dear K,Drottninggatan 1,Stockholm,SE-111 51,Sweden\nL,Dear L,Mannerheimintie 1,Helsinki,FI-00100,Finland\nM,Dear M,Rue du Marché 1,Luxembourg,L-1728,Luxembourg\n' +
      'N,Dear N,Gedimino pr. 11,Vilnius,LT-01103,Lithuania\nO,Dear O,Brīvības iela 1,Rīga,LV-1050,Latvia\n' +
      // Another country's letters: not its country's (and a letter of Malta's postcode is none).
      'P,Dear P,Kalchbühlstrasse 1,Zürich,8001,Switzerland\nQ,Dear Q,Triq il-Papa 1,Valletta,VLT 1117,Malta\n';
    const { code, report } = check({ csv });
    expect(code).toBe(0);
    expect(find(report, 'postcode').map((f) => `${f.severity} ${f.line} ${f.message} | ${f.hint}`)).toEqual([
      'warning 2 the postcode "CH-8001" starts with its country\'s letters: the address would print "CH-8001 Zürich" | write 8001: the country is the address\'s last line (SWITZERLAND); posts ask for no letters before the postcode',
      'warning 3 the postcode "D-10115" starts with its country\'s letters: the address would print "D-10115 Berlin" | write 10115: the country is the address\'s last line (GERMANY); posts ask for no letters before the postcode',
      'warning 4 the postcode "A-1010" starts with its country\'s letters: the address would print "A-1010 Wien" | write 1010: the country is the address\'s last line (AUSTRIA); posts ask for no letters before the postcode',
      'warning 5 the postcode "F-75008" starts with its country\'s letters: the address would print "F-75008 PARIS" | write 75008: the country is the address\'s last line (FRANCE); posts ask for no letters before the postcode',
      'warning 6 the postcode "I-00187" starts with its country\'s letters: the address would print "I-00187 Roma" | write 00187: the country is the address\'s last line (ITALY); posts ask for no letters before the postcode',
      'warning 7 the postcode "B-1000" starts with its country\'s letters: the address would print "B-1000 Bruxelles" | write 1000: the country is the address\'s last line (BELGIUM); posts ask for no letters before the postcode',
      'warning 8 the postcode "FL-9490" starts with its country\'s letters: the address would print "FL-9490 Vaduz" | write 9490: the country is the address\'s last line (LIECHTENSTEIN); posts ask for no letters before the postcode',
      'warning 9 the postcode "S-111 51" starts with its country\'s letters: the address would print "S-111 51 Stockholm" | write 111 51: the country is the address\'s last line (SWEDEN); posts ask for no letters before the postcode',
      'warning 10 the postcode "SF-00100" starts with its country\'s letters: the address would print "SF-00100 Helsinki" | write 00100: the country is the address\'s last line (FINLAND); posts ask for no letters before the postcode',
      'warning 11 the postcode "ch 3003" starts with its country\'s letters: the address would print "ch 3003 Bern" | write 3003: the country is the address\'s last line (SWITZERLAND); posts ask for no letters before the postcode',
    ]);
    // render and print make the letters, and say the same.
    const dir = makeCampaign({ csv: 'name,salutation,address_1,city,postcode,country\nA,Dear A,Kalchbühlstrasse 1,Zürich,CH-8001,Switzerland\n' });
    for (const command of ['render', 'print']) {
      const r = runCli([command, 'case.yaml'], dir);
      expect(r.code, command).toBe(0);
      expect(r.stderr + r.stdout, command).toContain('officials.csv:2: the postcode "CH-8001" starts with its country\'s letters: the address would print "CH-8001 Zürich"\n    hint: write 8001: the country is the address\'s last line (SWITZERLAND)');
    }
  });

  it('a postcode in Persian or Arabic-Indic digits is printed in Western ones, and a warning says what to write; checked as printed', () => {
    const csv =
      'name,salutation,address_1,city,postcode,country\n' +
      'A,Dear A,Pasdaran Ave 1,Tehran,۱۵۸۷۶-۴۳۷۱۱,Iran\nB,Dear B,Zamalek 1,Cairo,١٢٣٤٥,Egypt\nC,Dear C,Hamra St 1,Beirut,١١٠٧ ٢٠٢٠,Lebanon\n' +
      'D,Dear D,Pasdaran Ave 2,Tehran,۱۵۸۷۶,Iran\n'; // five digits of ten: wrong in any digits
    const { code, report } = check({ csv });
    expect(code).toBe(1);
    expect(find(report, 'postcode').map((f) => `${f.severity} ${f.line} ${f.message} | ${f.hint}`)).toEqual([
      'error 5 the postcode "۱۵۸۷۶" (15876) does not fit its country, Iran (postcodes there: 10 digits: 13168-14737) | look the postcode up on the address, and check the country',
      'warning 2 the postcode "۱۵۸۷۶-۴۳۷۱۱" is written in Persian digits: the letter prints it 15876-43711, in the digits the post reads on mail from abroad | write 15876-43711',
      'warning 3 the postcode "١٢٣٤٥" is written in Arabic-Indic digits: the letter prints it 12345, in the digits the post reads on mail from abroad | write 12345',
      'warning 4 the postcode "١١٠٧ ٢٠٢٠" is written in Arabic-Indic digits: the letter prints it 1107 2020, in the digits the post reads on mail from abroad | write 1107 2020',
    ]);
    // The letters print Western digits, in the order written (Lebanon's groups printed the other way round before).
    const dir = makeCampaign({ csv: csv.split('\n').slice(0, 4).join('\n') });
    const r = runCli(['render', 'case.yaml'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr + r.stdout).toContain('officials.csv:2: the postcode "۱۵۸۷۶-۴۳۷۱۱" is written in Persian digits: the letter prints it 15876-43711');
    for (const [name, line] of [['A', '15876-43711 Tehran'], ['B', '12345 Cairo'], ['C', '1107 2020 Beirut']]) {
      const preview = runCli(['preview', 'case.yaml', '--where', `name=${name}`], dir).stdout;
      expect(preview).toContain(line);
      expect(preview).not.toMatch(/[\u0660-\u0669\u06f0-\u06f9]/);
    }
    // One official twice, the postcode in other digits the second time: the same address.
    const twice = check({ csv: 'name,salutation,address_1,city,postcode,country\nOmar Said,Dear A,Zamalek 1,Cairo,12345,Egypt\nOmar Said,Dear A,Zamalek 1,Cairo,١٢٣٤٥,Egypt\n' });
    expect(find(twice.report, 'duplicate').map((f) => `${f.line} ${f.message}`)).toEqual(['3 the same official as on line 2 (same name and address): they would get two letters']);
  });

  it('a postcode a spreadsheet took for a number and cut its zeros from is an error, for render too', () => {
    const csv =
      'name,salutation,address_1,city,region,postcode,country\nA,Dear A,1 Main St,Boston,MA,2116,USA\nB,Dear B,Palacio Nacional,Ciudad de México,CDMX,6066,Mexico\n' +
      'C,Dear C,Rua 1,São Paulo,SP,1310100,Brasil\nD,Dear D,1 St,Darwin,NT,800,AU\nE,Dear E,1 Main St,Springfield,IL,62701,US\nF,Dear F,Mustaqillik 5,Tashkent,,700,Uzbekistan\n' +
      'G,Dear G,Calle 1,Toluca,MEX,700,MX\nH,Dear H,Rua 2,Brasília,DF,70150,BR\n';
    const { code, report } = check({ csv });
    expect(code).toBe(1);
    expect(find(report, 'postcode').map((f) => `${f.severity} ${f.line} ${f.message} | ${f.hint}`)).toEqual([
      'error 2 the postcode "2116" has 4 digits: a spreadsheet has dropped the zeros it starts with (United States: 5 digits) | write it 02116, and keep the postcode column as text when you save the CSV',
      'error 3 the postcode "6066" has 4 digits: a spreadsheet has dropped the zeros it starts with (Mexico: 5 digits) | write it 06066, and keep the postcode column as text when you save the CSV',
      'error 4 the postcode "1310100" has 7 digits: a spreadsheet has dropped the zeros it starts with (Brazil: 8 digits) | write it 01310-100, and keep the postcode column as text when you save the CSV',
      'error 5 the postcode "800" has 3 digits: a spreadsheet has dropped the zeros it starts with (Australia: 4 digits) | write it 0800, and keep the postcode column as text when you save the CSV',
      // Too short to be one with its zeros dropped (no Mexican postcode starts 00): no guess.
      'error 7 the postcode "700" has 3 digits: too few (Uzbekistan: 6 digits) | look the postcode up: a spreadsheet drops the zeros a postcode starts with, and keep the postcode column as text when you save the CSV',
      'error 8 the postcode "700" has 3 digits: too few (Mexico: 5 digits) | look the postcode up, and keep the postcode column as text when you save the CSV',
      'error 9 the postcode "70150" has 5 digits: too few (Brazil: 8 digits) | look the postcode up, and keep the postcode column as text when you save the CSV',
    ]);
    const dir = makeCampaign({ csv });
    const r = runCli(['render', 'case.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('officials.csv:2: the postcode "2116" has 4 digits');
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('a postcode a spreadsheet wrote as a number ("11771.0", "1.18E+04") is an error, with what it was when that is known', () => {
    const csv =
      'name,salutation,address_1,city,region,postcode,country\nA,Dear A,1 St,Cairo,,11771.0,Egypt\nB,Dear B,2 St,Cairo,,1.18E+04,Egypt\n' +
      'C,Dear C,1 Main St,Boston,MA,2116.0,USA\nD,Dear D,3 St,Cairo,,11771,Egypt\nE,Dear E,1 St,Moscow,,"101,000",Russia\nF,Dear F,1 St,New Delhi,,110 001,India\nG,Dear G,2 Main St,Boston,MA,"2,116",USA\n';
    expect(find(check({ csv }).report, 'postcode').map((f) => `${f.line} ${f.message} | ${f.hint}`)).toEqual([
      '2 the postcode "11771.0" is a number a spreadsheet wrote in its own way | write it 11771, and keep the postcode column as text when you save the CSV',
      '3 the postcode "1.18E+04" is a number a spreadsheet wrote in its own way: its digits are lost | look the postcode up and type it again, with the postcode column formatted as text, then save the CSV',
      '4 the postcode "2116.0" is a number a spreadsheet wrote in its own way | write it 02116, and keep the postcode column as text when you save the CSV',
      '6 the postcode "101,000" is a number a spreadsheet wrote in its own way | write it 101000, and keep the postcode column as text when you save the CSV',
      '8 the postcode "2,116" is a number a spreadsheet wrote in its own way | write it 02116, and keep the postcode column as text when you save the CSV',
    ]);
  });

  it('by e-mail, the same official and address twice is an error; two officials sharing an address are not', () => {
    const csv = [
      'name,salutation,address_1,city,country,email',
      'A,Dear A,S 1,Tashkent,Uzbekistan,a@gov.example.uz',
      'B,Dear B,S 2,Tashkent,Uzbekistan, A@Gov.Example.UZ',
      'A,Dear A,S 3,Tashkent,Uzbekistan,A@gov.example.uz',
    ].join('\n');
    const line = (r: JsonReport) => find(r, 'duplicate').map((f) => `${f.severity} ${f.line} ${f.message}`);
    const email = check({ csv }, ['--channel', 'email']);
    expect(line(email.report)).toEqual([
      'error 4 the same official and e-mail address as on line 2: they would get two messages',
      'warning 3 the same e-mail address as on line 2 (A): that mailbox would get two messages',
    ]);
    expect(email.code).toBe(1);
    expect(line(check({ csv }).report)).toEqual([
      'warning 3 the same official as on line 2 (same e-mail address): they would get two letters',
      'warning 4 the same official as on line 2 (same e-mail address): they would get two letters',
    ]);
  });

  it('flags an official of the wrong government and stays silent for an embassy abroad', () => {
    const csv = [
      GOV_CSV.trim(),
      'Ilham Aliyev,President of Azerbaijan,Your Excellency,Istiqlaliyyat 19,Baku,1066,Azerbaijan,Azerbaijan',
      'H.E. the Ambassador,Ambassador,Your Excellency,41 Holland Park,London,W11 3RP,United Kingdom,Uzbekistan',
      'Islam Karimov,President,Your Excellency,Uzbekistanskaya 43,Tashkent,700163,Uzbekistan,',
    ].join('\n');
    const { code, report } = check({ csv });
    expect(code).toBe(1);
    expect(find(report, 'government').map((f) => `${f.severity} ${f.line} ${f.message}`)).toEqual([
      'error 2 Ilham Aliyev is an official of Azerbaijan, but the case is in Uzbekistan',
    ]);

    // Without a government column: the postal country decides, and an embassy that names the country is fine.
    const noGov = [
      'name,position,salutation,address_1,city,postcode,country',
      'H.E.,Ambassador of Uzbekistan to the UK,Your Excellency,41 Holland Park,London,W11 3RP,United Kingdom',
      'H.E.,Uzbek Embassy,Your Excellency,1746 Massachusetts Ave NW,Washington DC,20036,United States',
      'Mr Someone,Minister of Justice,Dear Minister,1 Street,Baku,1000,Azerbaijan',
    ].join('\n');
    const r2 = check({ csv: noGov }).report;
    expect(find(r2, 'government').map((f) => `${f.severity} ${f.line} ${f.message}`)).toEqual([
      'warning 4 Mr Someone is in Azerbaijan, but the case is in Uzbekistan',
    ]);
  });

  it('accepts the group\'s own government (the case sender\'s country): a foreign ministry, a member of parliament', () => {
    const csv = [
      GOV_CSV.trim(),
      'Rt Hon Jane Doe MP,Minister for Europe,Dear Minister,King Charles Street,London,SW1A 2AH,United Kingdom,United Kingdom',
      'Ilham Aliyev,President of Azerbaijan,Your Excellency,Istiqlaliyyat 19,Baku,1066,Azerbaijan,Azerbaijan',
    ].join('\n');
    expect(find(check({ csv }).report, 'government').map((f) => `${f.severity} ${f.line} ${f.message}`)).toEqual([
      'error 3 Ilham Aliyev is an official of Azerbaijan, but the case is in Uzbekistan',
    ]);
    const noGov = 'name,position,salutation,address_1,city,postcode,country\nJohn Roe MP,Member of Parliament,Dear Mr Roe,House of Commons,London,SW1A 0AA,GB\n';
    expect(find(check({ csv: noGov }).report, 'government')).toEqual([]);
    // A third country's embassy in the group's own country is still warned of; a desk for a
    // region, or a person named like a country, is not.
    const embassies = [
      'name,position,organisation,salutation,address_1,city,postcode,country',
      'H.E. Mr A,Ambassador of Kazakhstan,,Your Excellency,125 Pall Mall,London,SW1Y 5EA,United Kingdom',
      'H.E. Mr B,Ambassador,Kazakh Embassy,Your Excellency,125 Pall Mall,London,SW1Y 5EA,United Kingdom',
      'Chad Jordan,Head of the Central Asia Desk,Foreign Office,Dear Mr Jordan,King Charles Street,London,SW1A 2AH,United Kingdom',
      'Rt Hon D,Secretary of State for Northern Ireland,,Dear Secretary of State,1 Horse Guards Road,London,SW1A 2HQ,United Kingdom',
      'E MP,Member of Parliament for Jersey,,Dear Ms E,House of Commons,London,SW1A 0AA,United Kingdom',
      'F,Minister for Europe and North America,Roman Catholic Bishops\' Conference,Dear Minister,King Charles Street,London,SW1A 2AH,United Kingdom',
      'H.E. G,Ambassadeur,Ambassade du Kazakhstan,Excellence,125 Pall Mall,London,SW1Y 5EA,United Kingdom',
      'H.E. H,Embajador,Embajada de Kazajistán,Excelencia,125 Pall Mall,London,SW1Y 5EA,United Kingdom',
      'H.E. Mr C,Ambassador of Uzbekistan,,Your Excellency,41 Holland Park,London,W11 3RP,United Kingdom',
      // Named by its people's word, or by an abbreviation.
      'H.E. I,Ambassador,Saudi Embassy,Your Excellency,30 Charles Street,London,W1J 5DZ,United Kingdom',
      'H.E. J,Ambassador,Qatari Embassy,Your Excellency,1 South Audley Street,London,W1K 1NB,United Kingdom',
      'H.E. K,Ambassador,Royal Embassy of KSA,Your Excellency,30 Charles Street,London,W1J 5DZ,United Kingdom',
      'H.E. L,Chargé d\'affaires,Moroccan Embassy,Your Excellency,49 Queen\'s Gate Gardens,London,SW7 5NE,United Kingdom',
      'H.E. O,High Commissioner,Indian High Commission,Your Excellency,India Place,London,WC2B 4NA,United Kingdom',
      // In French or Spanish, in the position alone.
      'H.E. P,Ambassadeur du Maroc,,Excellence,49 Queen\'s Gate Gardens,London,SW7 5NE,United Kingdom',
      'H.E. Q,Ambassadrice de Tunisie,,Excellence,29 Prince\'s Gate,London,SW7 1QG,United Kingdom',
      'H.E. R,Ambassadeur marocain,,Excellence,49 Queen\'s Gate Gardens,London,SW7 5NE,United Kingdom',
      'H.E. S,Embajador de Venezuela,,Excelencia,1 Cromwell Road,London,SW7 2HW,United Kingdom',
    ].join('\n');
    expect(find(check({ csv: embassies }).report, 'government').map((f) => `${f.severity} ${f.line} ${f.message} | ${f.hint}`)).toEqual([
      'warning 2 H.E. Mr A is of Kazakhstan, but the case is in Uzbekistan | is it Uzbekistan\'s embassy? Then name Uzbekistan in the position or organisation, or give the row a "government" column',
      'warning 3 H.E. Mr B is of Kazakhstan, but the case is in Uzbekistan | is it Uzbekistan\'s embassy? Then name Uzbekistan in the position or organisation, or give the row a "government" column',
      'warning 8 H.E. G is of Kazakhstan, but the case is in Uzbekistan | is it Uzbekistan\'s embassy? Then name Uzbekistan in the position or organisation, or give the row a "government" column',
      'warning 9 H.E. H is of Kazakhstan, but the case is in Uzbekistan | is it Uzbekistan\'s embassy? Then name Uzbekistan in the position or organisation, or give the row a "government" column',
      'warning 11 H.E. I is of Saudi Arabia, but the case is in Uzbekistan | is it Uzbekistan\'s embassy? Then name Uzbekistan in the position or organisation, or give the row a "government" column',
      'warning 12 H.E. J is of Qatar, but the case is in Uzbekistan | is it Uzbekistan\'s embassy? Then name Uzbekistan in the position or organisation, or give the row a "government" column',
      'warning 13 H.E. K is of Saudi Arabia, but the case is in Uzbekistan | is it Uzbekistan\'s embassy? Then name Uzbekistan in the position or organisation, or give the row a "government" column',
      'warning 14 H.E. L is of Morocco, but the case is in Uzbekistan | is it Uzbekistan\'s embassy? Then name Uzbekistan in the position or organisation, or give the row a "government" column',
      'warning 15 H.E. O is of India, but the case is in Uzbekistan | is it Uzbekistan\'s embassy? Then name Uzbekistan in the position or organisation, or give the row a "government" column',
      'warning 16 H.E. P is of Morocco, but the case is in Uzbekistan | is it Uzbekistan\'s embassy? Then name Uzbekistan in the position or organisation, or give the row a "government" column',
      'warning 17 H.E. Q is of Tunisia, but the case is in Uzbekistan | is it Uzbekistan\'s embassy? Then name Uzbekistan in the position or organisation, or give the row a "government" column',
      'warning 18 H.E. R is of Morocco, but the case is in Uzbekistan | is it Uzbekistan\'s embassy? Then name Uzbekistan in the position or organisation, or give the row a "government" column',
      'warning 19 H.E. S is of Venezuela, but the case is in Uzbekistan | is it Uzbekistan\'s embassy? Then name Uzbekistan in the position or organisation, or give the row a "government" column',
    ]);
    // A people's word another country's name holds names neither ("Sudanese" for a South Sudan case, "Guinean").
    const southSudan = BASE_CASE.replace('country: Uzbekistan', 'country: South Sudan');
    const sudanese = 'name,position,organisation,salutation,address_1,city,postcode,country\nH.E. M,Ambassador,Sudanese Embassy,Your Excellency,3 Cleveland Row,London,SW1A 1DD,United Kingdom\nH.E. N,Ambassador,South Sudanese Embassy,Your Excellency,22 Dunsmure Road,London,N16 5PW,United Kingdom\n';
    expect(find(check({ csv: sudanese, case: southSudan }).report, 'government')).toEqual([]);
    // Without a sender (so no country of its own), the same row is an official abroad.
    const noSender = check({ csv: noGov, case: BASE_CASE.replace(/sender:[\s\S]*$/, '') }).report;
    expect(find(noSender, 'government').map((f) => `${f.severity} ${f.line} ${f.message} (${f.hint})`)).toEqual([
      'warning 2 John Roe MP is in United Kingdom, but the case is in Uzbekistan (an embassy of Uzbekistan abroad is fine: name it ("Ambassador of Uzbekistan"); or say whose official this is in a "government" column (Uzbekistan, the case sender\'s country, or an international body such as "United Nations"); a government written to on purpose: add "other_governments: [United Kingdom]" to the case file)',
    ]);
    // An international body is no state; a country misspelt in the column is said.
    const bodies =
      `${GOV_CSV}Mary Lawlor,UN Special Rapporteur,Dear Ms Lawlor,Palais des Nations,Geneva,1211,Switzerland,United Nations\nA B,Minister,Dear Minister,1 St,Tashkent,100000,Uzbekistan,Uzbekstan\n` +
      `C D,Minister,Dear Minister,1 St,Astana,010000,Kazakhstan,Government of Kazakhstan\nE F,Minister,Dear Minister,1 St,Moscow,101000,Russia,Russia / Kazakhstan\nG H,Minister,Dear Minister,2 St,Tashkent,100000,Uzbekistan,Government of the Republic of Uzbekistan\n` +
      `I J,Governor,Dear Governor,1 State St,Trenton,NJ 08625,United States,Government of New Jersey\n`;
    expect(find(check({ csv: bodies }).report, 'government').map((f) => `${f.severity} ${f.line} ${f.message}`)).toEqual([
      'error 4 C D is an official of Kazakhstan, but the case is in Uzbekistan',
      'error 5 E F is an official of Russia, but the case is in Uzbekistan',
      'warning 3 the government "Uzbekstan" is not a country letters knows, and is taken for an international body',
      // (New Jersey's government is no state letters knows, and the official is in a country the campaign does not write to.)
      'warning 7 the government "Government of New Jersey" is neither a country nor an international body letters knows: whose official is this?',
    ]);
    // A case country letters does not know is said once, not as every official's error.
    const unknownCase = check({ csv: bodies, case: BASE_CASE.replace('country: Uzbekistan', 'country: Uzbekstn') }).report;
    expect(find(unknownCase, 'government')).toEqual([]);
    expect(find(unknownCase, 'country').map((f) => f.message)).toContain('letters does not know the case\'s country "Uzbekstn": the officials\' governments and countries cannot be checked against it');
    expect(find(check({ csv: bodies, case: BASE_CASE.replace('country: Uzbekistan', 'country: Uzbekistán') }).report, 'country').map((f) => f.message)).toEqual([]);
    expect(find(check({ csv: bodies, case: BASE_CASE.replace('country: Uzbekistan', 'country: Üzbekistan') }).report, 'country').map((f) => f.message)).toEqual([
      'the case\'s country "Üzbekistan" is not how any language writes Uzbekistan: a template prints it as written ({{case.country}})',
    ]);
    // The case's government in Spanish, French or German is the case's; another country's so written is an error.
    const foreign = `${GOV_CSV}A B,Ministro,Estimado Sr. Ministro,1 St,Tashkent,100000,Uzbekistan,Gobierno de Uzbekistán\nC D,Ministre,Monsieur le Ministre,1 St,Tegucigalpa,11101,Honduras,Gouvernement du Honduras\n` +
      `E F,Minister,Sehr geehrter Herr Minister,1 St,Tegucigalpa,11101,Honduras,Regierung von Honduras\nG H,Ministro,Estimado Sr. Ministro,1 St,Tegucigalpa,11101,Honduras,Gobierno hondureño\nI J,Rapporteur,Dear Rapporteur,1 St,Washington,DC 20006,United States,Comisión Interamericana de Derechos Humanos\n`;
    expect(find(check({ csv: foreign }).report, 'government').map((f) => `${f.severity} ${f.line} ${f.message}`)).toEqual([
      'error 3 C D is an official of Honduras, but the case is in Uzbekistan',
      'error 4 E F is an official of Honduras, but the case is in Uzbekistan',
      'warning 5 the government "Gobierno hondureño" is neither a country nor an international body letters knows: whose official is this?',
    ]);
    const govNoSender = check({ csv, case: BASE_CASE.replace(/sender:[\s\S]*$/, '') }).report;
    expect(find(govNoSender, 'government').map((f) => `${f.line} ${f.hint}`)).toEqual([
      '2 write to Uzbekistan\'s officials and its embassies; check the "government" column (your own government is fine when the case\'s sender says its country); a government written to on purpose: add "other_governments: [United Kingdom]" to the case file',
      '3 write to Uzbekistan\'s officials and its embassies; check the "government" column (your own government is fine when the case\'s sender says its country); a government written to on purpose: add "other_governments: [Azerbaijan]" to the case file',
    ]);
  });

  it('knows a country in any of its names, refuses one mistyped, and warns of one it does not know', () => {
    const csv = [
      GOV_CSV.trim(),
      'A One,Ambassador,Your Excellency,1 Road,Berlin,10115,Deutschland,Ўзбекистон',
      'B Two,Ambassador of Oʻzbekiston to Türkiye,Your Excellency,2 Road,Ankara,06680,Türkiye,',
      'C Three,Minister,Dear Minister,3 Road,Tashkent,100000,Uzbekstan,Uzbekistan',
    ].join('\n');
    const { report } = check({ csv });
    expect(find(report, 'government')).toEqual([]);
    expect(find(report, 'country').map((f) => `${f.severity} ${f.line} ${f.message}`)).toEqual([
      'error 4 the country "Uzbekstan" is Uzbekistan mistyped: the envelope would print it so, and the letter be laid out as going abroad',
    ]);
    // A case in Turkey: officials of Türkiye are its officials.
    const turkey = check({ case: BASE_CASE.replace('country: Uzbekistan', 'country: Turkey'), csv: `${GOV_CSV}D Four,Minister,Dear Minister,4 Road,Ankara,06680,Türkiye,Türkiye\n` });
    expect(find(turkey.report, 'government')).toEqual([]);
    // A country letters does not know, in the case or a row: the one meant, when it is near.
    const misspelt = check({ case: BASE_CASE.replace('country: Uzbekistan', 'country: Brasill'), csv: `${GOV_CSV}E Five,Minister,Dear Minister,5 Road,Tashkent,100000,Uzbekstan,\n` });
    expect(find(misspelt.report, 'country').map((f) => `${f.severity} ${f.file}:${f.line} ${f.message} | ${f.hint}`)).toEqual([
      'error officials.csv:2 the country "Uzbekstan" is Uzbekistan mistyped: the envelope would print it so, and the letter be laid out as going abroad | write Uzbekistan',
      'warning case.yaml:3 letters does not know the case\'s country "Brasill": the officials\' governments and countries cannot be checked against it | did you mean Brazil?',
    ]);
  });

  it('refuses a letter of concern for a released case unless the template is for released cases', () => {
    const released = `${BASE_CASE.replace('status: active', 'status: released')}released: 2011-12-29\n`;
    const { report } = check({ case: released });
    expect(find(report, 'status')).toEqual([expect.objectContaining({ severity: 'error', file: 'case.yaml', line: 7 })]);
    const thanks = check({ case: released, template: '---\nfor: released\nsubject: Thank you\n---\nThank you.\n' });
    expect(thanks.code).toBe(0);
  });

  it('finds dates in the future and a release date on an active case', () => {
    const { report } = check({ case: `${BASE_CASE}released: 2011-12-29\n` });
    expect(find(report, 'date').map((f) => `${f.severity} ${f.line} ${f.message}`)).toEqual([
      'warning 16 the case has a release date (2011-12-29) but its status is active',
    ]);
    const future = check({ case: BASE_CASE.replace('2001-10-23', '2027-05-01') }).report;
    expect(find(future, 'date').map((f) => `${f.severity} ${f.line}`)).toEqual(['error 4']);
  });

  it('names characters the font cannot print, with the row and the U+ code, once per column', () => {
    const csv = 'name,salutation,address_1,city,country\n金正恩 😀,Dear Sir,Street,平壤,Uzbekistan\n';
    const { report } = check({ csv });
    expect(find(report, 'font').map((f) => `${f.line} ${f.message} | ${f.hint}`)).toEqual([
      '2 the font cannot print U+91D1 "金", U+6B63 "正", U+6069 "恩", U+1F600 "😀" in "name": they would come out blank' +
        ' | replace them with characters the font has (Latin, Cyrillic, Greek and Arabic letters print), or transliterate the name',
      '2 the font cannot print U+5E73 "平", U+58E4 "壤" in "city": they would come out blank' +
        ' | replace them with characters the font has (Latin, Cyrillic, Greek and Arabic letters print), or transliterate the name',
    ]);
    // A long run of them is named in part.
    const long = check({ csv: 'name,salutation,address_1,city,country\n中华人民共和国国务院总理,Dear Sir,Street,Beijing,Uzbekistan\n' }).report;
    expect(find(long, 'font').map((f) => f.message)).toEqual([
      'the font cannot print U+4E2D "中", U+534E "华", U+4EBA "人", U+6C11 "民", U+5171 "共", U+548C "和", U+56FD "国", U+52A1 "务" and 3 more in "name": they would come out blank',
    ]);
  });

  it('with --channel email, a character the font lacks matters only when the PDF is attached, as letters email does', () => {
    const csv = 'name,salutation,address_1,city,country,email\n金正恩,Dear Sir,Street,Tashkent,Uzbekistan,kim@example.org\n';
    const text = check({ csv }, ['--channel', 'email']);
    expect(find(text.report, 'font')).toEqual([]);
    expect(text.code).toBe(0);
    expect(text.report.letters).toBe(1);
    const pdf = check({ csv }, ['--channel', 'email', '--attach-pdf']);
    expect(find(pdf.report, 'font').map((f) => f.line)).toEqual([2]);
    expect(pdf.code).toBe(1);
  });

  it('with --channel email, counts the messages: a row without an address makes none', () => {
    const csv = 'name,salutation,address_1,city,country,email\nA,Dear A,S 1,Tashkent,Uzbekistan,a@gov.example.uz\nB,Dear B,S 2,Tashkent,Uzbekistan,\nC,Dear C,S 3,Tashkent,Uzbekistan,c@gov.example.uz\n';
    const r = runCli(['check', 'case.yaml', '--channel', 'email'], makeCampaign({ csv }));
    expect(r.stdout).toMatch(/3 rows checked, 2 messages would be made — ready, with warnings\n$/);
    expect(check({ csv }).report.letters).toBe(3);
  });

  it('warns of an address in the US, Canada or Australia without its state or province', () => {
    const csv =
      'name,salutation,address_1,city,region,postcode,country\nA,Dear A,1 Main St,Springfield,,62701,United States\nB,Dear B,2 Main St,"Washington, DC",,20036,US\n' +
      'C,Dear C,3 Main St,Ottawa,ON,K1A 0A6,Canada\nD,Dear D,4 Main St,"Washington, DC 20036",,,US\nE,Dear E,5 St,Canberra ACT 2600,,,Australia\nF,Dear F,6 St,Sydney,,2000,Australia\n' +
      'G,Dear G,7 Main St,"Washington, D.C.",,20036,US\nH,Dear H,8 Main St,"Chicago, Ill.",,60611,US\n';
    const { report } = check({ csv });
    // (No hint names another city: a trial's Chicago row was told "DC, for Washington DC 20036".)
    expect(find(report, 'address').map((f) => `${f.severity} ${f.line} ${f.message} | ${f.hint}`)).toEqual([
      'warning 2 the address in United States has no state ("region"): its post sorts by it | add the state to the region column, as its code (a ZIP code starting 6 is in IL, KS, MO or NE)',
      'warning 7 the address in Australia has no state ("region"): its post sorts by it | add the state to the region column, as its code (NSW for New South Wales, VIC for Victoria)',
      'warning 9 the address in United States has its state in the city column ("Chicago, Ill."), not in the region column: its post sorts by it | write "Chicago" in the city column and IL in the region column',
    ]);
  });

  it('finds addresses that will not fit the window', () => {
    const csv = 'name,position,organisation,salutation,address_1,address_2,city,postcode,country\nA,B,C,Dear A,D,E,Tashkent,100000,Uzbekistan\n';
    const { report } = check({ csv });
    expect(find(report, 'address')).toEqual([
      expect.objectContaining({ severity: 'error', line: 2, message: expect.stringContaining('the address has 7 lines') }),
    ]);
  });

  it('warns about letters that run past one page, with the row; --strict makes warnings fail', () => {
    const long = Array.from({ length: 14 }, () => 'The authorities must act, and act now, on this case. '.repeat(7)).join('\n\n');
    const files = { template: `---\nsubject: S\n---\n${long}\n` };
    const { code, report } = check(files);
    expect(code).toBe(0);
    expect(find(report, 'length').map((f) => `${f.severity} ${f.file}:${f.line} ${f.message}`)).toEqual([
      'warning officials.csv:2 the letter to H.E. Islam Karimov runs to 2 pages',
    ]);
    expect(check(files, ['--strict']).code).toBe(1);
  });

  it('says letters past a page in one warning when there are more than three: all of them (the template), or some (their rows)', () => {
    const para = 'The authorities must act and act now on this case. '.repeat(7);
    const head = 'title,first_name,last_name,position,salutation,address_1,city,postcode,country,note';
    const row = (i: number, note: string) => `,Ali,Official${'abcdefgh'[i]},Minister,Dear Minister,Street ${i + 1},Tashkent,10000${i + 1},Uzbekistan,${note}`;
    const long = Array.from({ length: 12 }, () => para).join(' ');
    const some = { csv: [head, ...Array.from({ length: 6 }, (_, i) => row(i, i % 3 === 0 ? '' : long))].join('\n') + '\n', template: `---\nsubject: S\n---\n${para}\n\n{{#if recipient.note}}{{recipient.note}}{{/if}}\n` };
    expect(find(check(some).report, 'length').map((f) => `${f.file}:${f.line} ${f.message} / ${f.hint}`)).toEqual([
      "officials.csv:3 4 of the 6 letters run to 2 pages, the first to Ali Officialb / a letter of concern reads best on one page: shorten the template or these rows' values",
    ]);
    const all = { ...some, template: `---\nsubject: S\n---\n${long}\n\n{{#if recipient.note}}{{recipient.note}}{{/if}}\n` };
    expect(find(check(all).report, 'length').map((f) => `${f.file}:${f.line} ${f.message} / ${f.hint}`)).toEqual([
      'officials.csv:2 all 6 letters run to 2 pages or more (up to 3), the first to Ali Officiala / a letter of concern reads best on one page: shorten the template',
    ]);
    // render and print say it so too, once.
    const dir = makeCampaign(all);
    const r = runCli(['render', 'case.yaml', '--date', '2026-11-28'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr.match(/run to 2 pages/g)).toHaveLength(1);
    expect(r.stderr).toContain('1 warning (');
  });

  it('checks the volunteers a batch would read: names, e-mail addresses, signature images', () => {
    const dir = makeCampaign();
    writeFileSync(path.join(dir, 'sig.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]));
    writeFileSync(path.join(dir, 'fake.png'), 'not an image');
    writeFileSync(
      path.join(dir, 'volunteers.csv'),
      'name,email,max_letters,signature\nAnna,anna@example.org,3,sig.png\n,b@example.org,,\nCarl,"c@x.org, d@y.org",two,fake.png\nDora,,,missing.png\n',
    );
    const r = runCli(['check', 'case.yaml', '--volunteers', 'volunteers.csv', '--json'], dir);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(find(report, 'volunteer').map((f) => `${f.line} ${f.message}`)).toEqual([
      '3 this volunteer has no name',
      '4 the e-mail address "c@x.org, d@y.org" holds more than one address (a comma or semicolon)',
      '4 max_letters "two" is not a whole number',
      '4 the signature "fake.png" is not a PNG image',
      '5 the signature "missing.png" does not exist',
    ]);
    expect(find(report, 'volunteer').every((f) => f.file === 'volunteers.csv' && f.severity === 'error')).toBe(true);
    // Headers letters does not read, that look like the return address's: it would lack them.
    writeFileSync(path.join(dir, 'volunteers.csv'), 'name,Home address,Citty,Zip code (5 digits),country,personal_note\nAnna,1 Road,Leeds,LS1 4AB,United Kingdom,\n');
    const headers = JSON.parse(runCli(['check', 'case.yaml', '--volunteers', 'volunteers.csv', '--json'], dir).stdout) as JsonReport;
    expect(find(headers, 'volunteer').map((f) => `${f.severity} ${f.line} ${f.message}`)).toEqual([
      'error 1 column "Citty" looks like a misspelling of "city", which the file lacks',
      'error 1 column "Home address" looks like the street (address_1), which the file lacks: the volunteers\' letters would go without it in their return address',
      'error 1 column "Zip code (5 digits)" looks like the postcode, which the file lacks: the volunteers\' letters would go without it in their return address',
    ]);
    // A volunteer's ZIP that lost its zero, as an official's.
    writeFileSync(path.join(dir, 'volunteers.csv'), 'name,address_1,city,region,postcode,country\nNoah Goldberg,45 Brattle St,Cambridge,MA,2138,United States\n');
    expect(runCli(['check', 'case.yaml', '--volunteers', 'volunteers.csv'], dir).stdout).toContain('volunteers.csv:2: the postcode "2138" has 4 digits: a spreadsheet has dropped the zeros it starts with');
    // A column the template reads as the signer's is the user's own.
    writeFileSync(path.join(dir, 'volunteers.csv'), 'name,city,country,Home address\nAnna,Leeds,United Kingdom,2 Lane\n');
    writeFileSync(path.join(dir, 'letter.hbs'), `${readFileSync(path.join(dir, 'letter.hbs'), 'utf8')}\nFrom {{signer.home_address}}.\n`);
    expect(runCli(['check', 'case.yaml', '--volunteers', 'volunteers.csv'], dir).stdout).not.toContain('Home address');
  });

  it('with --volunteers, refuses a volunteer or an official listed twice, as batch does', () => {
    const dir = makeCampaign({ csv: `${BASE_CSV}H.E.,Islam,Karimov,President,Your Excellency,Uzbekistanskaya 43,Tashkent,700163,Uzbekistan\n` });
    writeFileSync(path.join(dir, 'volunteers.csv'), 'name,email\nAnna Smith,a@example.org\nBen,b@example.org\nanna  smith,a2@example.org\n');
    const r = runCli(['check', 'case.yaml', '--volunteers', 'volunteers.csv', '--json'], dir);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(find(report, 'duplicate').map((f) => `${f.severity} ${f.file}:${f.line} ${f.message}`)).toEqual([
      'error officials.csv:3 this official is listed twice (first at line 2)',
      'error volunteers.csv:4 anna  smith is listed twice (first at line 2, as Anna Smith)',
    ]);
    // "Schaefer" is "Schäfer"; two volunteers with one mailbox would send two letters from it.
    writeFileSync(path.join(dir, 'volunteers.csv'), 'name,email\nAnna Schäfer,anna@example.de\nAnna Schaefer,anna2@example.de\nHans Meier,Anna@Example.de\nHans Meyer,hm@example.de\n');
    const schaefer = JSON.parse(runCli(['check', 'case.yaml', '--volunteers', 'volunteers.csv', '--json'], dir).stdout) as JsonReport;
    expect(find(schaefer, 'duplicate').filter((f) => f.file === 'volunteers.csv').map((f) => `${f.line} ${f.message}`)).toEqual([
      '3 Anna Schaefer is listed twice (first at line 2, as Anna Schäfer)',
      '4 Hans Meier has the e-mail address of Anna Schäfer (line 2): the officials would have two letters from one mailbox',
    ]);
    // ß written as ss is the same volunteer, and the same official.
    writeFileSync(path.join(dir, 'volunteers.csv'), 'name,email\nGrete Weißmüller,a@example.org\nGrete Weissmüller,b@example.org\n');
    const weiss = JSON.parse(runCli(['check', 'case.yaml', '--volunteers', 'volunteers.csv', '--json'], dir).stdout) as JsonReport;
    expect(find(weiss, 'duplicate').map((f) => `${f.file}:${f.line} ${f.message}`)).toContain('volunteers.csv:3 Grete Weissmüller is listed twice (first at line 2, as Grete Weißmüller)');
    // Said with the volunteers' other problems, not after them.
    writeFileSync(path.join(dir, 'volunteers.csv'), 'name,email,max_letters\nAnna Smith,a@example.org,two\nanna smith,a2@example.org,\n');
    const both = JSON.parse(runCli(['check', 'case.yaml', '--volunteers', 'volunteers.csv', '--json'], dir).stdout) as JsonReport;
    expect(both.findings.filter((f) => f.file === 'volunteers.csv').map((f) => `${f.line} ${f.message}`)).toEqual([
      '2 max_letters "two" is not a whole number',
      '3 anna smith is listed twice (first at line 2, as Anna Smith)',
    ]);
    // A volunteer abroad adds the country line to an address in the group's country.
    writeFileSync(path.join(dir, 'officials.csv'), 'name,position,organisation,address_1,city,postcode,country\nA,Minister,Ministry,1 St,Oxford,OX1 1AA,United Kingdom\n');
    writeFileSync(path.join(dir, 'volunteers.csv'), 'name,address_1,city,postcode,country\nAnna,1 Road,Leeds,LS1 4AP,United Kingdom\nZoë,Weg 2,Berlin,10115,Germany\n');
    const abroad = JSON.parse(runCli(['check', 'case.yaml', '--volunteers', 'volunteers.csv', '--json'], dir).stdout) as JsonReport;
    expect(find(abroad, 'address').map((f) => `${f.severity} ${f.line} ${f.message}`)).toEqual([
      'error 2 signed by Zoë (Germany), the address has 7 lines, but an envelope window takes at most 6: A / Minister / Ministry / 1 St / Oxford / OX1 1AA / UNITED KINGDOM',
    ]);
    // A letter that cannot be made on a volunteer's paper (a label too small) is not counted good
    // (a trial's summary said "12 letters good" beside two such errors).
    writeFileSync(path.join(dir, 'officials.csv'), 'name,position,organisation,address_1,city,postcode,country\nIvan Petrov,Deputy Minister of Foreign Affairs of the Republic,Ministry of Foreign Affairs,Uzbekistanskaya 9,Tashkent,100001,Uzbekistan\nB,Minister,Ministry,1 St,Tashkent,100001,Uzbekistan\n');
    writeFileSync(path.join(dir, 'volunteers.csv'), 'name,address_1,city,region,postcode,country,paper\nAnna,1 Road,Leeds,,LS1 4AP,United Kingdom,\nJoe,1 Main St,Springfield,IL,62701,United States,letter\n');
    const labels = JSON.parse(runCli(['check', 'case.yaml', '--volunteers', 'volunteers.csv', '--labels', 'l7160', '--json'], dir).stdout) as JsonReport;
    expect(labels.findings.filter((f) => f.severity === 'error').map((f) => `${f.line} ${f.message}`)).toEqual([
      '2 on US Letter (Joe\'s paper), the address does not fit on the label even at 8 pt: it takes 7 lines ("Deputy Minister of Foreign Affairs of the Republic" takes two)',
    ]);
    expect([labels.rows, labels.letters]).toEqual([2, 1]);
    writeFileSync(path.join(dir, 'volunteers.csv'), 'name,address_1,city,postcode,country\nAnna,1 Road,Leeds,LS1 4AP,United Kingdom\nZoë,Weg 2,Berlin,10115,Germany\n');
    // Or a line too many once a long line is broken over two (a trial: check said ready, batch refused it).
    const mp = 'Member of Parliament for Oxford East, Shadow Minister for Foreign, Commonwealth & Development Affairs';
    writeFileSync(path.join(dir, 'officials.csv'), `name,position,address_1,city,postcode,country\nA,"${mp}",House of Commons,London,SW1A 0AA,United Kingdom\n`);
    const broken = JSON.parse(runCli(['check', 'case.yaml', '--volunteers', 'volunteers.csv', '--json'], dir).stdout) as JsonReport;
    expect(find(broken, 'address').map((f) => `${f.severity} ${f.line} ${f.message}`)).toEqual([
      `error 2 signed by Zoë (Germany), the address line "${mp}" is too long for the envelope window even at 8 pt: broken between words it takes 2 lines, and the address would have 7 (the window holds 6)`,
    ]);
    const batch = runCli(['batch', 'case.yaml', '--volunteers', 'volunteers.csv', '--each'], dir);
    expect([batch.code, batch.stderr]).toEqual([2, expect.stringContaining(`officials.csv:2: the address line "${mp}" is too long`)]);
    // Officials known only by their organisation are told apart by it.
    writeFileSync(path.join(dir, 'officials.csv'), 'organisation,address_1,city,country\nMinistry of Justice,1 St,Tashkent,Uzbekistan\nMinistry of Interior,2 St,Tashkent,Uzbekistan\n');
    writeFileSync(path.join(dir, 'volunteers.csv'), 'name,email\nAnna Smith,a@example.org\n');
    expect(runCli(['check', 'case.yaml', '--volunteers', 'volunteers.csv'], dir).code).toBe(0);
  });

  it('with --volunteers, lays the letters out on a volunteer\'s own paper too, as batch will', () => {
    // One line that fits a #10 window on US Letter, not the A4 window.
    const csv = 'name,position,organisation,salutation,address_1,city,postcode,country\nA,Minister,Ministry,Dear A,Ulitsa Bolshaya Dmitrovka dom 15A stroyeniye 1 podyezd 4,Tashkent,100000,Uzbekistan\n';
    const dir = makeCampaign({ csv });
    writeFileSync(path.join(dir, 'volunteers.csv'), 'name,address_1,city,postcode,country,paper\nAnn Lee,2 Main St,Boston MA,02116,United States,\nZoe Muller,Weg 2,Berlin,10115,Germany,A4\n');
    const message = 'officials.csv:2: on A4 (Zoe Muller\'s paper), the address line "Ulitsa Bolshaya Dmitrovka dom 15A stroyeniye 1 podyezd 4" is too long for the envelope window even at 8 pt';
    const r = runCli(['check', 'case.yaml', '--paper', 'letter', '--volunteers', 'volunteers.csv'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(message);
    const batch = runCli(['batch', 'case.yaml', '--paper', 'letter', '--volunteers', 'volunteers.csv', '--each'], dir);
    expect(batch.code).toBe(2);
    expect(batch.stderr).toContain('officials.csv:2: on A4 (a volunteer\'s own paper), the address line');
    // Without her, all is well on the run's paper.
    writeFileSync(path.join(dir, 'volunteers.csv'), 'name,address_1,city,postcode,country\nAnn Lee,2 Main St,Boston MA,02116,United States\n');
    expect(runCli(['check', 'case.yaml', '--paper', 'letter', '--volunteers', 'volunteers.csv'], dir).code).toBe(0);
    // What is not about the paper has no "on A4": a volunteer's own problem is said once, at their row;
    // a row's salutation, as it is.
    writeFileSync(path.join(dir, 'officials.csv'), 'name,salutation,address_1,city,postcode,country\nA,Dear,1 St,Tashkent,100000,Uzbekistan\n');
    writeFileSync(path.join(dir, 'volunteers.csv'), 'name,address_1,city,postcode,country,paper\n王小明,1 Road,Beijing,100000,China,a4\n');
    const report = JSON.parse(runCli(['check', 'case.yaml', '--paper', 'letter', '--volunteers', 'volunteers.csv', '--json'], dir).stdout) as JsonReport;
    const said = report.findings.filter((f) => f.severity === 'error').map((f) => `${f.file}:${f.line ?? ''} ${f.message}`);
    expect(said.filter((m) => m.includes('on A4'))).toEqual([]);
    expect(said.filter((m) => m.startsWith('volunteers.csv'))).toHaveLength(1);
    expect(said.filter((m) => m.startsWith('volunteers.csv:2 '))).toHaveLength(1);
    expect(said).toContain('officials.csv:2 the letter would open "Dear,": the salutation has no name ("Dear")');
    const noPrefix = runCli(['batch', 'case.yaml', '--paper', 'letter', '--volunteers', 'volunteers.csv', '--each'], dir);
    expect(noPrefix.stderr).toContain('officials.csv:2: the letter would open "Dear,"');
  });

  it('refuses a signer or volunteer with an address but no country: the return address would lack it', () => {
    const dir = makeCampaign();
    writeFileSync(path.join(dir, 'me.yaml'), 'name: Paul D\naddress: [1 Main St]\ncity: Toronto\nregion: ON\npostcode: M5S 1G5\n');
    const signer = runCli(['render', 'case.yaml', '--signer', 'me.yaml'], dir);
    expect(signer.code).toBe(2);
    expect(signer.stderr).toContain('me.yaml:1: the signer has an address but no country: the return address would lack it, and every letter would be addressed as going abroad');
    writeFileSync(path.join(dir, 'volunteers.csv'), 'name,address_1,city,region,postcode,country\nPaul D,1 Main St,Toronto,ON,M5S 1G5,\nLuc B,2 rue Sainte-Anne,Québec,QC,G1R 3X3,CA\nAnn C,,Leeds,,,\n');
    const r = JSON.parse(runCli(['check', 'case.yaml', '--volunteers', 'volunteers.csv', '--json'], dir).stdout) as JsonReport;
    expect(find(r, 'volunteer').map((f) => `${f.line} ${f.message}`)).toEqual([
      '2 this volunteer has an address but no country: the return address would lack it, and every letter would be addressed as going abroad',
    ]);
    // (Ann, with a city alone, gives no return address: the group's is used.)
    // A file without the column (a form that never asked): said once.
    writeFileSync(path.join(dir, 'volunteers.csv'), 'name,address_1,city,region,postcode\nPaul D,1 Main St,Toronto,ON,M5S 1G5\nLuc B,2 rue Sainte-Anne,Québec,QC,G1R 3X3\n');
    const noColumn = JSON.parse(runCli(['check', 'case.yaml', '--volunteers', 'volunteers.csv', '--json'], dir).stdout) as JsonReport;
    expect(find(noColumn, 'volunteer').map((f) => `${f.line} ${f.message}`)).toEqual([
      '1 the volunteers CSV has addresses but no country column (2 volunteers): the return addresses would lack it, and every letter would be addressed as going abroad',
    ]);
    // A country written as the last address line is the country.
    writeFileSync(path.join(dir, 'me.yaml'), 'name: Anna Smith\naddress: [12 Chapel Street, Oxford OX1 1AA, United Kingdom]\n');
    const lastLine = runCli(['preview', 'case.yaml', '--signer', 'me.yaml'], dir);
    expect(lastLine.code).toBe(0);
    expect(lastLine.stdout).toContain('Anna Smith · 12 Chapel Street · Oxford OX1 1AA · United Kingdom');
    // A country written as its code prints as the country, not "CA" (read as California).
    writeFileSync(path.join(dir, 'me.yaml'), 'name: Luc B\naddress: [2 rue Sainte-Anne]\ncity: Québec\nregion: QC\npostcode: G1R 3X3\ncountry: CA\n');
    const text = runCli(['preview', 'case.yaml', '--signer', 'me.yaml'], dir).stdout;
    expect(text).toContain('Luc B · 2 rue Sainte-Anne · Québec QC G1R 3X3 · Canada');
  });

  it('finds a volunteer whose name the font cannot print, as batch would', () => {
    const dir = makeCampaign();
    writeFileSync(path.join(dir, 'volunteers.csv'), 'name,city,country\nAnna Smith,Leeds,UK\n王小明,Beijing,China\n');
    const r = runCli(['check', 'case.yaml', '--volunteers', 'volunteers.csv', '--json'], dir);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(find(report, 'font').map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([
      'volunteers.csv:3 the font cannot print U+738B "王", U+5C0F "小", U+660E "明" in this volunteer\'s details: they would come out blank',
    ]);
  });

  it('refuses a phone number or an e-mail address in the address lines: they would print in the window', () => {
    const lines = ['Tel: +20 2 2795 2300', '(202) 555-0143', 'office@gov.example.eg', 'Тел.: +7 495 123-45-67', 'Tél. : 01 23 45 67 89', '01310-100', '20500-0003', 'P.O. Box 1234', 'Uzbekistanskaya 43', '110 001'];
    const csv = `name,salutation,address_1,address_2,city,country\n${lines.map((l, i) => `A${i},Dear A,Street ${i},${l},Cairo,Egypt`).join('\n')}\n`;
    expect(find(check({ csv }).report, 'address').map((f) => `${f.line} ${f.message}`)).toEqual([
      '2 "Tel: +20 2 2795 2300" is in the address: a phone number would print in the envelope window',
      '3 "(202) 555-0143" is in the address: a phone number would print in the envelope window',
      '4 "office@gov.example.eg" is in the address: an e-mail address would print in the envelope window',
      '5 "Тел.: +7 495 123-45-67" is in the address: a phone number would print in the envelope window',
      '6 "Tél. : 01 23 45 67 89" is in the address: a phone number would print in the envelope window',
    ]);
    expect(find(check({ csv }).report, 'address').every((f) => f.severity === 'error')).toBe(true);
    // A postcode of the row's country alone on a line is none (Iran's are ten digits).
    expect(find(check({ csv: 'name,salutation,address_1,address_2,city,country\nA,Dear A,Bulvar 5,1316814737,Tehran,Iran\n' }).report, 'address')).toEqual([]);
    // render says so too, and makes no letter.
    const r = runCli(['render', 'case.yaml'], makeCampaign({ csv: `name,salutation,address_1,city,postcode,country\nMahmoud Tawfik,Dear Minister,Tel +20 2 2794 5300,Cairo,11641,Egypt\n`, case: BASE_CASE.replace('country: Uzbekistan', 'country: Egypt') }));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('officials.csv:2: "Tel +20 2 2794 5300" is in the address: a phone number would print in the envelope window');
  });

  it('breaks a line too long for the window over two while the address keeps to six lines, and else says which column it is', () => {
    const lawlor = 'Mary Lawlor,UN Special Rapporteur on the situation of human rights defenders in the world';
    const roomy = check({ csv: `name,position,salutation,address_1,city,postcode,country\n${lawlor},Dear Ms Lawlor,Palais des Nations,Geneva,1211,Switzerland\n` });
    expect(find(roomy.report, 'address')).toEqual([]);
    // Six lines already: no room to break one.
    const csv = `name,position,organisation,salutation,address_1,city,postcode,country\n${lawlor},OHCHR,Dear Ms Lawlor,Palais des Nations,Geneva,1211,Switzerland\n` +
      'A,Minister,Ministry,Dear Minister,Ulitsa Bolshaya Dmitrovka dom 15A stroyeniye 1 podyezd 4 etazh 3,Tashkent,100000,Uzbekistan\n';
    expect(find(check({ csv }).report, 'address').map((f) => `${f.line} ${f.hint}`)).toEqual([
      '2 it is the position, printed as one line: shorten it, or move part of it to another of the name, position and organisation columns',
      '3 shorten it, or leave out another line the post does not need (a "c/o" line, a department): at most 6 lines in all, long lines broken',
    ]);
  });

  it('with --labels or --envelope, finds addresses that print would refuse', () => {
    // One word, 64 mm at 8 pt: it fits the A4 window (75 mm), not an L7160 label (57.5 mm), and cannot be broken.
    const csv = 'name,salutation,address_1,city,country\nA,Dear A,Bolshaya-Dmitrovka-Ulitsa-Dom-15A-Stroyeniye-1,Tashkent,Uzbekistan\n';
    expect(check({ csv }).code).toBe(0);
    const { code, report } = check({ csv }, ['--labels', 'L7160']);
    expect(code).toBe(1);
    expect(find(report, 'address').map((f) => `${f.line} ${f.message}`)).toEqual([
      '2 the address does not fit on the label even at 8 pt: "Bolshaya-Dmitrovka-Ulitsa-Dom-15A-Stroyeniye-1" is too long',
    ]);
    // Words are broken over two lines instead.
    expect(check({ csv: csv.replace('Bolshaya-Dmitrovka-Ulitsa-Dom-15A-Stroyeniye-1', 'Avenue of the Long Street Names and More Words Here') }, ['--labels', 'L7160']).code).toBe(0);
  });
});
