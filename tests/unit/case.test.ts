import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { languageTag, loadCase } from '../../src/campaign/case.js';
import { inputError } from '../helpers/errors.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'letters-case-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileNo = 0;
function writeCase(text: string, ext = 'yaml'): string {
  const sub = path.join(dir, `case-${++fileNo}`);
  mkdirSync(sub);
  const file = path.join(sub, `case.${ext}`);
  writeFileSync(file, text);
  return file;
}


const VALID = `id: erkin-musaev
name: Erkin Musaev
country: Uzbekistan
detained: 2006-01-31
status: active
charges: treason
recipients: lists/officials.csv
template: ../templates/letter.hbs
sender:
  name: Letters Group
  address:
    - 12 Street
  city: Oxford
  postcode: OX1 1AA
  country: United Kingdom
prison: Jaslyk
`;

describe('loadCase', () => {
  it('loads a valid case file with its fields as text', () => {
    const file = writeCase(VALID);
    const c = loadCase(file);
    expect(c.file).toBe(file);
    expect(c.id).toBe('erkin-musaev');
    expect(c.name).toBe('Erkin Musaev');
    expect(c.country).toBe('Uzbekistan');
    expect(c.status).toBe('active');
    expect(c.data.detained).toBe('2006-01-31');
    expect(c.data.charges).toBe('treason');
    // Fields the schema does not know still reach the template.
    expect(c.data.prison).toBe('Jaslyk');
    expect(c.sender).toEqual({ name: 'Letters Group', address: ['12 Street'], city: 'Oxford', postcode: 'OX1 1AA', country: 'United Kingdom' });
  });

  it('resolves recipients and template paths against the case file\'s folder', () => {
    const file = writeCase(VALID);
    const c = loadCase(file);
    expect(c.recipientsPath).toBe(path.join(path.dirname(file), 'lists', 'officials.csv'));
    expect(c.templatePath).toBe(path.join(path.dirname(path.dirname(file)), 'templates', 'letter.hbs'));
    expect(path.isAbsolute(c.recipientsPath!)).toBe(true);
  });

  it('leaves recipientsPath undefined when the case names none, and defaults status to active', () => {
    const c = loadCase(writeCase('id: x\nname: N\ncountry: UZ\n'));
    expect(c.recipientsPath).toBeUndefined();
    expect(c.templatePath).toBeUndefined();
    expect(c.status).toBe('active');
  });

  it('accepts a JSON case file', () => {
    const file = writeCase(JSON.stringify({ id: 'x1', name: 'N', country: 'Uzbekistan', detained: '2001-10', recipients: 'o.csv', status: 'released', released: '2010' }, null, 2), 'json');
    const c = loadCase(file);
    expect(c.id).toBe('x1');
    expect(c.status).toBe('released');
    expect(c.data.detained).toBe('2001-10');
    expect(c.recipientsPath).toBe(path.join(path.dirname(file), 'o.csv'));
  });

  it('accepts a UTF-8 BOM and non-ASCII names', () => {
    const c = loadCase(writeCase('\uFEFFid: x\nname: Ислам Каримов\ncountry: Oʻzbekiston\n'));
    expect(c.name).toBe('Ислам Каримов');
    expect(c.country).toBe('Oʻzbekiston');
  });

  it('locates fields by line', () => {
    const c = loadCase(writeCase(VALID));
    expect(c.locate('country').line).toBe(3);
    expect(c.locate('sender.city').line).toBe(13);
    expect(c.locate('no_such_field').line).toBe(1);
  });

  it('refuses a missing name: says it is required, with a line and a hint', () => {
    const file = writeCase('id: x\ncountry: UZ\n');
    const err = inputError(() => loadCase(file));
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]!.message).toBe('case field "name" is required');
    expect(err.problems[0]!.hint).toBe('add "name:" to the case file');
    expect(err.problems[0]!.location).toEqual({ file, line: 1 });
  });

  it('refuses a sender with an address but no country, at the sender', () => {
    const file = writeCase(VALID.replace('  country: United Kingdom\n', ''));
    const [p] = inputError(() => loadCase(file)).problems;
    expect(p!.message).toBe("the case's sender has an address but no country: the return address would lack it, and every letter would be addressed as going abroad");
    expect(p!.location).toEqual({ file, line: 10 });
    expect(() => loadCase(writeCase('id: x\nname: N\ncountry: UZ\nsender:\n  name: Letters Group\n'))).not.toThrow();
    // The sender's city alone is a return address, and needs its country too.
    expect(inputError(() => loadCase(writeCase('id: x\nname: N\ncountry: UZ\nsender:\n  name: Letters Group\n  city: Oxford\n'))).problems[0]!.message).toContain('no country');
  });

  it('names a misspelt field where it is, instead of only saying the right one is missing', () => {
    const file = writeCase('id: x\nnmae: Yusuf Dzhumaev\ncountry: UZ\n');
    const [p] = inputError(() => loadCase(file)).problems;
    expect(p!.message).toBe('case field "name" is required (is "nmae" meant to be "name"?)');
    expect(p!.hint).toBe('rename "nmae:" to "name:"');
    expect(p!.location).toEqual({ file, line: 2 });
  });

  it('refuses a misspelling of a field letters reads, which would go missing from the letters without a word', () => {
    const file = writeCase('id: x\nname: N\ncountry: UZ\nrecipents: o.csv\nrelased: 2003\nsender:\n  name: G\n  adress: [1 Road]\n');
    expect(inputError(() => loadCase(file)).problems.map((p) => `${p.location?.line} ${p.message} | ${p.hint}`)).toEqual([
      '4 case field "recipents" looks like a misspelling of "recipients", which the case file lacks | rename it "recipients:" (a field of your own for the template needs a name further from "recipients")',
      '5 case field "relased" looks like a misspelling of "released", which the case file lacks | rename it "released:" (a field of your own for the template needs a name further from "released")',
      '8 case field "sender.adress" looks like a misspelling of "sender.address", which the case file lacks | rename it "address:" (a field of your own for the template needs a name further from "sender.address")',
    ]);
    // A known field written with capitals is not read either.
    expect(inputError(() => loadCase(writeCase('id: x\nname: N\ncountry: UZ\nStatus: released\nsender:\n  name: G\n  Address: [1 Road]\n'))).problems.map((p) => `${p.message} | ${p.hint}`)).toEqual([
      'case field "Status" is written with capitals: the case file\'s fields are in lower case | write it "status:"',
      'case field "sender.Address" is written with capitals: the case file\'s fields are in lower case | write it "address:"',
    ]);
    // Fields of the user's own: near a known one that is there, holding one as a word, holding
    // another kind of value ("gender: male" is no sender), or near one only the template reads.
    const own = loadCase(
      writeCase('id: x\nname: N\ncountry: UZ\ndetained_by: the SNB\ncharges_dropped: 2004\nsummery: n\nsummary: s\ngender: male\ncharged: 2001-11-01\ntemple: Golden\nsender:\n  name: G\n  phone: 1\n'),
    );
    expect(own.data.detained_by).toBe('the SNB');
    expect(own.data.gender).toBe('male');
  });

  it('reports every problem at once', () => {
    const err = inputError(() => loadCase(writeCase('status: free\n')));
    expect(err.problems.map((p) => p.message)).toEqual([
      'case field "id" is required',
      'case field "name" is required',
      'case field "country" is required',
      'case field "status" must be "active" or "released"',
    ]);
  });

  it('refuses an empty name', () => {
    const err = inputError(() => loadCase(writeCase('id: x\nname: "  "\ncountry: UZ\n')));
    expect(err.problems[0]!.message).toBe('case field "name" must not be empty');
    expect(err.problems[0]!.location?.line).toBe(2);
  });

  it('refuses an impossible date, saying how to write one, on the line of "detained"', () => {
    const file = writeCase('id: x\nname: N\ncountry: UZ\n\ndetained: 2001-13-45\n');
    const err = inputError(() => loadCase(file));
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]!.message).toContain('case field "detained"');
    expect(err.problems[0]!.message).toContain('YYYY-MM-DD');
    expect(err.problems[0]!.location).toEqual({ file, line: 5 });
    expect(inputError(() => loadCase(writeCase('id: x\nname: N\ncountry: UZ\ndetained: 2001-02-29\n'))).problems[0]!.location?.line).toBe(4);
    // A date written another way is read when it can be only one day (kept as written), and refused when it can be two.
    expect(loadCase(writeCase('id: x\nname: N\ncountry: UZ\ndetained: 23/10/2001\n')).data.detained).toBe('23/10/2001');
    expect(inputError(() => loadCase(writeCase('id: x\nname: N\ncountry: UZ\ndetained: 05/10/2001\n'))).problems[0]!.message).toBe('case field "detained" is "05/10/2001", a date that can be read two ways');
  });

  it('accepts YYYY-MM dates and a quoted year', () => {
    expect(loadCase(writeCase('id: x\nname: N\ncountry: UZ\ndetained: 2001-10\n')).data.detained).toBe('2001-10');
    expect(loadCase(writeCase('id: x\nname: N\ncountry: UZ\ndetained: "2001"\n')).data.detained).toBe('2001');
  });

  it('accepts an unquoted year, kept as written', () => {
    expect(loadCase(writeCase('id: x\nname: N\ncountry: UZ\ndetained: 2001\n')).data.detained).toBe('2001');
  });

  it('refuses a status other than active or released', () => {
    const file = writeCase('id: x\nname: N\ncountry: UZ\nstatus: free\n');
    const err = inputError(() => loadCase(file));
    expect(err.problems[0]!.message).toBe('case field "status" must be "active" or "released"');
    expect(err.problems[0]!.location).toEqual({ file, line: 4 });
    expect(err.problems[0]!.hint).toBe('write it "status: released" (the field\'s words are English: active, or released)');
    // In another language, the word meant (a Brazilian trial's "ativo").
    expect(inputError(() => loadCase(writeCase('id: x\nname: N\ncountry: UZ\nstatus: ativo\n'))).problems[0]!.hint).toBe('write it "status: active" (the field\'s words are English: active, or released)');
    expect(inputError(() => loadCase(writeCase('id: x\nname: N\ncountry: UZ\nstatus: pending\n'))).problems[0]!.hint).toBe('write "status: active" for a prisoner still held, "status: released" once freed');
  });

  it('refuses an id that could name another folder', () => {
    for (const id of ['../evil', '/abs', 'a/b', '.hidden', '"a b"']) {
      const err = inputError(() => loadCase(writeCase(`id: ${id}\nname: N\ncountry: UZ\n`)));
      expect(err.problems[0]!.message).toBe('case field "id" must be letters, digits, "-", "_" or "." (it names the output folder)');
      expect(err.problems[0]!.location?.line).toBe(1);
    }
  });

  it('takes a number as the text it is, and says "must be text" (not "required") for a list', () => {
    expect(loadCase(writeCase('id: 2001\nname: 123\ncountry: UZ\n')).id).toBe('2001');
    const err = inputError(() => loadCase(writeCase('id: x\nname: [a, b]\ncountry: UZ\n')));
    expect(err.problems[0]!.message).toBe('case field "name" must be text');
    expect(err.problems[0]!.location?.line).toBe(2);
  });

  it('refuses a release date before the detention date, on the line of "released"', () => {
    const file = writeCase('id: x\nname: N\ncountry: UZ\ndetained: 2001-10-23\nreleased: 2001-01-01\n');
    const err = inputError(() => loadCase(file));
    expect(err.problems[0]!.message).toBe('case field "released" (2001-01-01) is before "detained" (2001-10-23)');
    expect(err.problems[0]!.location).toEqual({ file, line: 5 });
    // The same day, or a later one, is fine.
    expect(loadCase(writeCase('id: x\nname: N\ncountry: UZ\ndetained: 2001-10-23\nreleased: 2001-10-23\n')).id).toBe('x');
  });

  it('refuses invalid YAML with its line', () => {
    const file = writeCase('id: x\nname: N\n  country: UZ\n');
    const err = inputError(() => loadCase(file));
    expect(err.problems[0]!.message).toMatch(/^case file is not valid YAML: /);
    expect(err.problems[0]!.location).toEqual({ file, line: 2 });
    const err2 = inputError(() => loadCase(writeCase('id: x\nname: N\ncountry: UZ\nsummary: "unclosed\n')));
    expect(err2.problems[0]!.message).toMatch(/^case file is not valid YAML: /);
    expect(err2.problems[0]!.location?.line).toBeGreaterThanOrEqual(4);
  });

  it('refuses a duplicated key with its line', () => {
    const err = inputError(() => loadCase(writeCase('id: x\nname: N\ncountry: UZ\nname: M\n')));
    expect(err.problems[0]!.message).toBe('case file has "name:" twice');
    expect(err.problems[0]!.location?.line).toBe(4);
    const nested = inputError(() => loadCase(writeCase('id: x\nname: N\ncountry: UZ\nsender:\n  name: G\n  city: A\n  city: B\n')));
    expect(nested.problems[0]!.message).toBe('case file has "city:" twice');
    expect(nested.problems[0]!.location?.line).toBe(7);
  });

  it('refuses a file that is not a mapping, and a missing file', () => {
    expect(inputError(() => loadCase(writeCase('- a\n- b\n'))).problems[0]!.message).toBe('a case file must be a mapping of fields (id, name, country, ...)');
    expect(inputError(() => loadCase(writeCase(''))).problems[0]!.message).toBe('a case file must be a mapping of fields (id, name, country, ...)');
    const missing = path.join(dir, 'nope.yaml');
    const err = inputError(() => loadCase(missing));
    expect(err.problems[0]!.message).toBe('cannot read case file: no such file');
    expect(err.problems[0]!.location).toEqual({ file: missing });
  });

  it('keeps a sender postcode with a leading zero as written', () => {
    const c = loadCase(writeCase('id: x\nname: N\ncountry: UZ\nsender:\n  name: G\n  postcode: 01234\n'));
    expect(c.sender?.postcode).toBe('01234');
  });

  it('reads a sender\'s "state" and "zip" as its region and postcode (they printed nothing)', () => {
    const c = loadCase(writeCase('id: x\nname: N\ncountry: UZ\nsender:\n  name: G\n  address: 1234 N Milwaukee Ave\n  city: Chicago\n  state: IL\n  zip: "60622"\n  country: USA\n'));
    expect(c.sender).toMatchObject({ city: 'Chicago', region: 'IL', postcode: '60622' });
    expect(c.sender).toHaveProperty('state', 'IL'); // (kept, for a template that prints {{sender.state}})
    // A wrong one is said, as a row's is.
    expect(inputError(() => loadCase(writeCase('id: x\nname: N\ncountry: UZ\nsender:\n  name: G\n  address: 1 St\n  city: Chicago\n  state: IL\n  zip: "20510"\n  country: USA\n'))).problems[0]!.message).toBe(
      'the postcode "20510" is not in IL: it is a postcode of DC, MD, NC, SC, VA or WV',
    );
  });

  it('says how to quote a value YAML could not read, in words', () => {
    const hint = (line: string) => inputError(() => loadCase(writeCase(`id: x\nname: N\ncountry: UZ\n${line}\n`))).problems[0]!.hint;
    expect(hint('charges: "joining a terrorist group" and "spreading false news"')).toBe(
      'the value starts with a quote, so YAML ends it at the next one: put the whole value in single quotes, with each \' in it written twice: charges: \'"joining a terrorist group" and "spreading false news"\'',
    );
    expect(hint("ask: 'I urge you to act. Don't delay.'")).toBe(
      "the value starts with a quote, so YAML ends it at the next one: put the whole value in single quotes, with each ' in it written twice: ask: 'I urge you to act. Don''t delay.'",
    );
    expect(hint('ask: I urge you: release him now')).toBe("a value with \": \" in it needs quotes: ask: 'I urge you: release him now'");
    expect(hint('sender:\n\tname: G')).toBe('this line starts with a tab, which YAML does not take for indentation: replace it with spaces (two for each level)');
  });

  it('says a field written in another language is read by its English name', () => {
    expect(inputError(() => loadCase(writeCase('id: x\nname: N\ncountry: UZ\nestado: liberada\n'))).problems.map((p) => `${p.location?.line} ${p.message} | ${p.hint}`)).toEqual([
      '4 case field "estado" is "status" in another language, which the case file lacks: letters reads its fields by their English names | write it "status:"',
    ]);
    expect(inputError(() => loadCase(writeCase('id: x\nnombre: N\npaís: UZ\n'))).problems.map((p) => `${p.location?.line} ${p.message}`)).toEqual([
      '2 case field "name" is required (is "nombre" meant to be "name"?)',
      '3 case field "country" is required (is "país" meant to be "country"?)',
    ]);
    // A field of the user's own that is an English word too is theirs, and one that holds something else.
    expect(loadCase(writeCase('id: x\nname: N\ncountry: UZ\nsituation: held in solitary confinement\n')).data.situation).toBe('held in solitary confinement');
    expect(loadCase(writeCase('id: x\nname: N\ncountry: MX\nestado: Oaxaca\nprisao: Presidio Central\n')).data.estado).toBe('Oaxaca');
    expect(inputError(() => loadCase(writeCase('id: x\nname: N\ncountry: UZ\nestado: en libertad\n'))).problems[0]!.message).toContain('"estado" is "status" in another language');
    expect(inputError(() => loadCase(writeCase('id: x\nname: N\ncountry: UZ\ndetenido: 5 de marzo de 2024\n'))).problems[0]!.message).toBe('case field "detenido" is "detained" in another language, which the case file lacks: letters reads its fields by their English names');
  });

  it('refuses "&amp;" in a field the letters print', () => {
    const err = inputError(() => loadCase(writeCase('id: x\nname: N\ncountry: UZ\nsender:\n  name: Justice &amp; Peace Group\n')));
    expect(err.problems[0]!.message).toBe('"Justice &amp; Peace Group" in case field "sender.name" has "&amp;", a web page\'s code for a character: it would print as "&amp;"');
    // In a list too, at any depth; not in a web address.
    const listed = inputError(() => loadCase(writeCase('id: x\nname: N\ncountry: UZ\ndemands:\n  - Release him &amp; drop the charges\n')));
    expect(listed.problems[0]!.message).toContain('in case field "demands.0" has "&amp;"');
    expect(listed.problems[0]!.location?.line).toBe(5);
    // In a web address too: printed, the link would be broken; "&amp" without its ";" as well.
    expect(inputError(() => loadCase(writeCase('id: x\nname: N\ncountry: UZ\nsource: https://example.org/?country=eg&amp;page=2\n'))).problems[0]!.hint).toContain('write the character itself ("&")');
    expect(inputError(() => loadCase(writeCase('id: x\nname: N\ncountry: UZ\nsender:\n  name: Office &amp Cabinet\n'))).problems[0]!.message).toContain('has "&amp"');
    expect(inputError(() => loadCase(writeCase('id: x\nname: N\ncountry: UZ\nask: Release him&nbsp;now.\n'))).problems[0]!.hint).toContain('(a space)');
    expect(loadCase(writeCase('id: x\nname: N\ncountry: UZ\nask: Smith & Ampersand Ltd, AT&T.\n')).data.ask).toBe('Smith & Ampersand Ltd, AT&T.');
  });
});

describe('languageTag', () => {
  it('reads a code or a language\'s name, as the code a case\'s templates: key is read as', () => {
    expect(['de', 'DE', 'de_AT', 'pt-br', 'Deutsch', 'German', 'Español', 'castellano', 'Inglés', 'Romanian', 'Rumänisch'].map(languageTag)).toEqual([
      'de', 'de', 'de-at', 'pt-br', 'de', 'de', 'es', 'es', 'en', 'ro', 'ro',
    ]);
    // Neither a code of no language nor a word of a code's letters is one.
    expect(['xx', 'French!', 'Espanyol', ''].map(languageTag)).toEqual([undefined, undefined, undefined, undefined]);
  });
});

