import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { BASE_CASE, listFiles, makeCampaign, runCli, sampleCampaign, withoutWarnings } from './helpers/cli.js';
import { readPdf } from './helpers/pdf.js';

const SIGNER = 'name: Anna Smith\naddress: [4 Elm Road]\ncity: Leeds\npostcode: LS1 4AB\ncountry: United Kingdom\nemail: anna@example.org\n';
const CSV = [
  'name,salutation,address_1,city,country,email',
  `"O'Brien & Sons <script>alert(1)</script>",Dear Mr O'Brien,1 Main St,Dublin,Ireland,obrien@example.ie`,
  'Islam Karimov,Your Excellency,Uzbekistanskaya 43,Tashkent,Uzbekistan,',
  'Шавкат Мирзиёев,Dear Mr Мирзиёев,ул. 43,Ташкент,Uzbekistan,press@president.example.uz',
].join('\n');
const TEMPLATE = '---\nsubject: "Concerning {{case.name}} & {{recipient.name}}"\n---\nI write about **{{case.name}}**.\n\n- release him\n- investigate\n';

async function parse(file: string) {
  return simpleParser(readFileSync(file));
}
const first = (a: AddressObject | AddressObject[] | undefined) => (Array.isArray(a) ? a[0] : a)!.value[0]!;

describe('letters email (outbox)', () => {
  it('writes one message per official with an address, sends nothing, and counts the postal ones', async () => {
    const dir = makeCampaign({ csv: CSV, template: TEMPLATE, signer: SIGNER });
    const r = runCli(['email', 'case.yaml', '--signer', 'me.yaml'], dir);
    // The official in Ireland is said to be abroad, after the summary, as check says it.
    expect(r.stderr).toContain('1 warning (the messages were made; letters check case.yaml --channel email, with the same options, lists it):\n  officials.csv:2: ');
    expect(withoutWarnings(r.stderr)).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Wrote 2 messages to out/test-case/outbox/ (nothing was sent); 1 official has no e-mail address: post that letter (letters print case.yaml --where email= makes only it)\n');
    expect(listFiles(path.join(dir, 'out/test-case/outbox'))).toEqual(['001-obrien-sons-script-alert-1-script.eml', '003-shavkat-mirziyoev.eml']);

    const m = await parse(path.join(dir, 'out/test-case/outbox/001-obrien-sons-script-alert-1-script.eml'));
    expect(first(m.from)).toEqual({ name: 'Anna Smith', address: 'anna@example.org' });
    expect(first(m.to)).toEqual({ name: "O'Brien & Sons <script>alert(1)</script>", address: 'obrien@example.ie' });
    expect(m.subject).toBe("Concerning Yusuf Dzhumaev & O'Brien & Sons <script>alert(1)</script>");
    // The text part is not escaped at all; the HTML part escapes every value.
    // (Ending with the signer's town, not their home address: the reply comes by e-mail.)
    expect(m.text).toBe("Dear Mr O'Brien,\n\nI write about Yusuf Dzhumaev.\n\n- release him\n- investigate\n\nYours sincerely,\n\nAnna Smith\nLeeds\nUnited Kingdom\nanna@example.org\n");
    expect(m.html).toContain('<p>Dear Mr O&#39;Brien,</p>');
    expect(m.html).toContain('<strong>Yusuf Dzhumaev</strong>');
    expect(m.html).not.toContain('<script>');
    expect(m.messageId).toMatch(/^<[0-9a-f]{32}@example\.org>$/);

    const cyr = await parse(path.join(dir, 'out/test-case/outbox/003-shavkat-mirziyoev.eml'));
    expect(first(cyr.to).name).toBe('Шавкат Мирзиёев');
    // Every line of the message ends in CRLF, as SMTP needs; none is longer than 78 characters.
    const raw = readFileSync(path.join(dir, 'out/test-case/outbox/003-shavkat-mirziyoev.eml'), 'latin1');
    expect(raw).not.toMatch(/[^\r]\n/);
    expect(Math.max(...raw.split('\r\n').map((l) => l.length))).toBeLessThanOrEqual(78);
    expect(cyr.text).toContain('Dear Mr Мирзиёев,');
  });

  it('addresses an ambassador without a name by position, not by the title alone', async () => {
    const csv = 'title,position,salutation,address_1,city,postcode,country,email\nH.E.,Ambassador of Uzbekistan,Your Excellency,41 Holland Park,London,W11 3RP,United Kingdom,embassy@example.uz\n';
    const dir = makeCampaign({ csv, template: TEMPLATE.replace(' & {{recipient.name}}', ''), signer: SIGNER });
    expect(runCli(['email', 'case.yaml', '--signer', 'me.yaml'], dir).code).toBe(0);
    const [file] = listFiles(path.join(dir, 'out/test-case/outbox'));
    const m = await parse(path.join(dir, 'out/test-case/outbox', file!));
    expect(first(m.to)).toEqual({ name: 'Ambassador of Uzbekistan', address: 'embassy@example.uz' });
  });

  it('the sample campaign, as the README shows it: four messages, three letters to post', () => {
    const dir = sampleCampaign();
    writeFileSync(path.join(dir, 'me.yaml'), SIGNER);
    const r = runCli(['email', 'cases/yusuf-dzhumaev.yaml', '--signer', 'me.yaml'], dir);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('Wrote 4 messages to out/yusuf-dzhumaev/outbox/ (nothing was sent); 3 officials have no e-mail address: post those letters (letters print cases/yusuf-dzhumaev.yaml --where email= makes only them)\n');
    expect(listFiles(path.join(dir, 'out/yusuf-dzhumaev/outbox'))).toHaveLength(4);
    // And the command it gives makes those three.
    const post = runCli(['print', 'cases/yusuf-dzhumaev.yaml', '--where', 'email='], dir);
    expect([post.code, post.stdout]).toEqual([0, expect.stringMatching(/^Printed 3 letters /)]);
  });

  it('says so when the signer has no address and the messages are from the case\'s sender', async () => {
    const withGroupEmail = BASE_CASE.replace('  country: United Kingdom\n', '  country: United Kingdom\n  email: group@example.org\n');
    const dir = makeCampaign({ case: withGroupEmail, csv: CSV, template: TEMPLATE, signer: 'name: Bob Jones\n' });
    const r = runCli(['email', 'case.yaml', '--signer', 'me.yaml'], dir);
    expect(r.code).toBe(0);
    expect(withoutWarnings(r.stderr)).toBe("note: the signer file has no email: the messages are from the case's sender, group@example.org\n");
    const m = await parse(path.join(dir, 'out/test-case/outbox', listFiles(path.join(dir, 'out/test-case/outbox'))[0]!));
    expect(m.from?.value[0]?.address).toBe('group@example.org');
  });

  it('refuses, before writing anything: no signer, a signer address that cannot be used, an SMTP user without a password, a setting it does not know', () => {
    const dir = makeCampaign({ csv: CSV, template: TEMPLATE, signer: SIGNER });
    const cases: [string[], string, Record<string, string>?][] = [
      [['email', 'case.yaml'], 'an e-mail needs a signer: without one the letter ends with no name under it'],
      [['email', 'case.yaml', '--signer', 'bad.yaml'], 'bad.yaml:2: the signer\'s e-mail address "bob@"'],
      [['email', 'case.yaml', '--signer', 'me.yaml', '--smtp', 'smtp://me@127.0.0.1:2525', '--send'], 'the SMTP URL names the user "me" but gives no password', { LETTERS_SMTP_PASSWORD: '' }],
    ];
    cases.push(
      [['email', 'case.yaml', '--signer', 'me.yaml', '--rate', '20/min'], '--rate is for sending, and no SMTP server is given'],
      [['email', 'case.yaml', '--signer', 'me.yaml', '--config', 'mail.yaml'], 'mail.yaml: smtp.ulr is not a setting (did you mean "url"?)'],
      [['email', 'case.yaml', '--signer', 'me.yaml', '--config', 'flat.yaml'], 'flat.yaml: smtp is a block of settings, not a value'],
    );
    writeFileSync(path.join(dir, 'mail.yaml'), 'smtp:\n  ulr: smtp://mail.example.org:587\n');
    writeFileSync(path.join(dir, 'flat.yaml'), 'smtp: smtp://mail.example.org:587\n');
    writeFileSync(path.join(dir, 'bad.yaml'), 'name: Bob\nemail: bob@\n');
    for (const [args, message, env] of cases) {
      const r = runCli(args, dir, env);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain(message);
    }
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('a list where no official has an address makes an empty outbox, and empties an old one', () => {
    const none = CSV.replace('obrien@example.ie', '').replace('press@president.example.uz', '');
    const dir = makeCampaign({ csv: none, template: TEMPLATE, signer: SIGNER });
    const r = runCli(['email', 'case.yaml', '--signer', 'me.yaml'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(path.join(dir, 'out/test-case/outbox'))).toEqual([]);
    writeFileSync(path.join(dir, 'officials.csv'), CSV);
    expect(runCli(['email', 'case.yaml', '--signer', 'me.yaml'], dir).code).toBe(0);
    expect(readdirSync(path.join(dir, 'out/test-case/outbox'))).toHaveLength(2);
    writeFileSync(path.join(dir, 'officials.csv'), none);
    expect(runCli(['email', 'case.yaml', '--signer', 'me.yaml'], dir).code).toBe(0);
    expect(readdirSync(path.join(dir, 'out/test-case/outbox'))).toEqual([]);
  });

  it('a message name taken by a folder is refused before any message is replaced', () => {
    const dir = makeCampaign({ csv: CSV, template: TEMPLATE, signer: SIGNER });
    const outbox = path.join(dir, 'out/test-case/outbox');
    expect(runCli(['email', 'case.yaml', '--signer', 'me.yaml'], dir).code).toBe(0);
    const [first, second] = listFiles(outbox);
    rmSync(path.join(outbox, second!));
    mkdirSync(path.join(outbox, second!));
    const before = statSync(path.join(outbox, first!)).ino;
    const r = runCli(['email', 'case.yaml', '--signer', 'me.yaml'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${second}: something that is not a file is in the way; nothing was replaced`);
    expect(statSync(path.join(outbox, first!)).ino).toBe(before); // a message written again is a new file
    expect(readdirSync(outbox).filter((f) => f.startsWith('.'))).toEqual([]);
    expect(existsSync(path.join(dir, 'out/test-case/.sending.lock'))).toBe(false);
  });

  it('keeps the Message-ID stable for the same case, official and signer', async () => {
    const dir = makeCampaign({ csv: CSV, template: TEMPLATE, signer: SIGNER });
    const file = path.join(dir, 'out/test-case/outbox/003-shavkat-mirziyoev.eml');
    expect(runCli(['email', 'case.yaml', '--signer', 'me.yaml'], dir).code).toBe(0);
    const a = (await parse(file)).messageId;
    expect(runCli(['email', 'case.yaml', '--signer', 'me.yaml'], dir).code).toBe(0);
    expect((await parse(file)).messageId).toBe(a);
    // A name corrected in its capitals, spacing or accents is still the same message: the ledger
    // knows it by this ID, so it is not sent twice.
    writeFileSync(path.join(dir, 'officials.csv'), CSV.replace('Шавкат Мирзиёев,', 'ШАВКАТ  МИРЗИЕЕВ,'));
    expect(runCli(['email', 'case.yaml', '--signer', 'me.yaml'], dir).code).toBe(0);
    expect((await parse(path.join(dir, 'out/test-case/outbox/003-shavkat-mirzieev.eml'))).messageId).toBe(a);
    writeFileSync(path.join(dir, 'officials.csv'), CSV);
    writeFileSync(path.join(dir, 'other.yaml'), SIGNER.replace('Anna Smith', 'Ben Jones').replace('anna@', 'ben@'));
    expect(runCli(['email', 'case.yaml', '--signer', 'other.yaml'], dir).code).toBe(0); // another signer: another message
    expect((await parse(file)).messageId).not.toBe(a);
    // A signer whose domain is written in other letters than ASCII: the header has it as the DNS writes it (a trial found it raw).
    writeFileSync(path.join(dir, 'umlaut.yaml'), SIGNER.replace('anna@example.org', 'anna@bücher.example'));
    expect(runCli(['email', 'case.yaml', '--signer', 'umlaut.yaml'], dir).code).toBe(0);
    const raw = readFileSync(file, 'latin1');
    expect(raw).toMatch(/^Message-ID: <[0-9a-f]{32}@xn--bcher-kva\.example>\r$/m);
    expect(raw).toMatch(/^From: Anna Smith <anna@xn--bcher-kva\.example>\r$/m);
    writeFileSync(path.join(dir, 'nomail.yaml'), 'name: Ben Jones\n');
    const none = runCli(['email', 'case.yaml', '--signer', 'nomail.yaml'], dir); // no signer address, and the group has none
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("no From address: neither the signer nor the case's sender has an email");
  });

  it('refuses addresses that would reach someone else, naming the rows, before writing anything', () => {
    const csv = [
      'name,salutation,address_1,city,country,email',
      'A,Dear A,S,Tashkent,Uzbekistan,"a@x.org\r\nBcc: evil@y.org"',
      'B,Dear B,S,Tashkent,Uzbekistan,"a@x.org, b@y.org"',
      'C,Dear C,S,Tashkent,Uzbekistan,c@gov.example.uz',
    ].join('\n');
    const dir = makeCampaign({ csv, signer: SIGNER });
    const r = runCli(['email', 'case.yaml', '--signer', 'me.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('officials.csv:2: the e-mail address "a@x.org⏎Bcc: evil@y.org" contains a line break');
    expect(r.stderr).toContain('officials.csv:4: the e-mail address "a@x.org, b@y.org" holds more than one address');
    expect(listFiles(path.join(dir, 'out'))).toEqual([]);
  });

  it('--to-me sends every message to one address; --from-group sets Reply-To to the signer; --attach-pdf attaches the letter', async () => {
    const dir = makeCampaign({ csv: CSV, template: TEMPLATE, signer: SIGNER });
    const caseWithEmail = readFileSync(path.join(dir, 'case.yaml'), 'utf8').replace('  country: United Kingdom\n', '  country: United Kingdom\n  email: group@example.org\n');
    writeFileSync(path.join(dir, 'case.yaml'), caseWithEmail);
    const outbox = path.join(dir, 'out/test-case/outbox');
    expect(runCli(['email', 'case.yaml', '--signer', 'me.yaml'], dir).code).toBe(0);
    copyFileSync(path.join(outbox, readdirSync(outbox)[0]!), path.join(dir, 'real.eml'));
    const r = runCli(['email', 'case.yaml', '--signer', 'me.yaml', '--to-me', 'me@example.net', '--from-group', '--attach-pdf'], dir);
    expect(withoutWarnings(r.stderr)).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Wrote \d+ messages \(test copies, each addressed to me@example\.net, not to its official\) to /);
    const m = await parse(path.join(outbox, readdirSync(outbox)[0]!));
    expect(first(m.to)).toEqual({ name: "O'Brien & Sons <script>alert(1)</script>", address: 'me@example.net' });
    // Marked as a test copy, with the address the message itself goes to.
    const real = await parse(path.join(dir, 'real.eml'));
    expect(m.subject).toBe(`[TEST for ${first(real.to)!.address}] ${real.subject}`);
    expect(first(m.from)).toEqual({ name: 'Letters Group', address: 'group@example.org' });
    expect(first(m.replyTo)).toEqual({ name: 'Anna Smith', address: 'anna@example.org' });
    expect(m.attachments).toHaveLength(1);
    expect(m.attachments[0]!.contentType).toBe('application/pdf');
    const pdf = path.join(dir, 'attached.pdf');
    writeFileSync(pdf, m.attachments[0]!.content);
    const [page] = await readPdf(pdf);
    expect(page!.text).toContain("Dear Mr O'Brien,");
    // The attached letter says where the signer writes from as the message does, by town and
    // country: not their street or postcode (a Dutch trial's went to a ministry of the interior).
    expect(page!.text).toContain('Anna Smith');
    expect(page!.text).toContain('Leeds');
    expect(page!.text).not.toContain('Elm Road');
    expect(page!.text).not.toContain('LS1 4AB');
  });

  it('warns of the same official on two rows at two addresses: two messages', () => {
    const twice = `${CSV}\nШавкат Мирзиёев,Dear Sir,1 Road,Tashkent,Uzbekistan,info@president.example.uz`;
    const dir = makeCampaign({ csv: twice, template: TEMPLATE, signer: SIGNER });
    const r = runCli(['email', 'case.yaml', '--signer', 'me.yaml'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('officials.csv:5: the same official as on line 4 (same name, another e-mail address): they would get two messages');
  });

  it('refuses the same official and address on two rows, naming both, before writing anything', () => {
    const twice = `${CSV}\nШавкат Мирзиёев,Dear Sir,1 Road,Tashkent,Uzbekistan,Press@President.example.uz`;
    const dir = makeCampaign({ csv: twice, template: TEMPLATE, signer: SIGNER });
    const r = runCli(['email', 'case.yaml', '--signer', 'me.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('officials.csv:5: the same official and e-mail address as on line 4: they would get two messages');
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
    // Capitals, spacing and accents aside, a name is the same official's.
    for (const name of ['ШАВКАТ  МИРЗИЁЕВ', ' шавкат мирзиеев ']) {
      const again = makeCampaign({ csv: twice.replace('\nШавкат Мирзиёев,Dear Sir', `\n${name},Dear Sir`), template: TEMPLATE, signer: SIGNER });
      const a = runCli(['email', 'case.yaml', '--signer', 'me.yaml'], again);
      expect(a.code, name).toBe(2);
      expect(a.stderr).toContain('officials.csv:5: the same official and e-mail address as on line 4: they would get two messages');
      const checked = runCli(['check', 'case.yaml', '--channel', 'email'], again);
      expect(checked.code, name).toBe(1); // check's finding of an error
      expect(checked.stdout + checked.stderr).toContain('officials.csv:5: the same official and e-mail address as on line 4');
    }
    // Two officials who share an office's address are a message each.
    const shared = makeCampaign({ csv: twice.replace('Шавкат Мирзиёев,Dear Sir', 'Deputy Head,Dear Sir'), template: TEMPLATE, signer: SIGNER });
    const sharing = runCli(['email', 'case.yaml', '--signer', 'me.yaml'], shared);
    expect(sharing.stdout).toContain('Wrote 3 messages');
    // (Said, as check says it: a Dutch trial's email run said nothing.)
    expect(sharing.stderr).toContain("officials.csv:5: the same e-mail address as on line 4 (Шавкат Мирзиёев): that mailbox would get two messages\n    hint: delete one of the rows, unless it is an office's mailbox where each of the two officials is to have a message");
    // The name written another way ("J. Jansen", "Jan Jansen"), the address in other capitals: one official, refused.
    const jansen = `name,salutation,address_1,city,country,email\nJan Jansen,Geachte heer Jansen,Postbus 20018,Den Haag,Netherlands,j.jansen@tweedekamer.nl\nDr J. Jansen,Geachte heer Jansen,,,,J.Jansen@tweedekamer.nl\n`;
    const both = makeCampaign({ csv: jansen, template: TEMPLATE, signer: SIGNER });
    const refused = runCli(['email', 'case.yaml', '--signer', 'me.yaml'], both);
    expect([refused.code, refused.stderr]).toEqual([2, expect.stringContaining('officials.csv:3: the same official as on line 2 ("Jan Jansen"), with the same e-mail address: they would get two messages')]);
    expect(existsSync(path.join(both, 'out'))).toBe(false);
    expect(runCli(['check', 'case.yaml', '--channel', 'email'], both).stdout).toContain('officials.csv:3: the same official as on line 2 ("Jan Jansen"), with the same e-mail address');
  });

  it('a name or subject with line breaks cannot add a header', async () => {
    const csv = 'name,salutation,address_1,city,country,email\n"Evil\r\nBcc: victim@example.com",Dear Sir,S,Tashkent,Uzbekistan,official@gov.example.uz\n';
    const dir = makeCampaign({ csv, template: '---\nsubject: "About {{recipient.name}}"\n---\nHello.\n', signer: SIGNER });
    expect(runCli(['email', 'case.yaml', '--signer', 'me.yaml'], dir).code).toBe(0);
    const outbox = path.join(dir, 'out/test-case/outbox');
    const raw = readFileSync(path.join(outbox, readdirSync(outbox)[0]!), 'utf8');
    expect(raw).not.toMatch(/^Bcc:/im);
    const m = await simpleParser(raw);
    expect(m.bcc).toBeUndefined();
    expect(first(m.to)).toEqual({ name: 'Evil Bcc: victim@example.com', address: 'official@gov.example.uz' });
    expect(m.subject).toBe('About Evil Bcc: victim@example.com');
  });

  it("a French e-mail's text and HTML set the greeting, body and closing as the letter does (narrow no-break spaces); its Subject header has plain spaces", async () => {
    const csv = 'name,salutation,address_1,city,country,email\nZakir Almatov,Cher Monsieur le Ministre :,S,Tashkent,Uzbekistan,min@gov.example.uz\n';
    const template = "---\nlanguage: fr\nsubject: 'Yusuf Dzhumaev : libérez-le !'\nclosing: 'Merci ! {{salutation}}, veuillez agréer mes salutations.'\n---\nEst-il libre ? Non.\n";
    const dir = makeCampaign({ csv, template, signer: SIGNER });
    const r = runCli(['email', 'case.yaml', '--signer', 'me.yaml'], dir);
    expect(r.code, r.stderr).toBe(0);
    const outbox = path.join(dir, 'out/test-case/outbox');
    const m = await parse(path.join(outbox, readdirSync(outbox)[0]!));
    expect(m.text).toMatch(/^Cher Monsieur le Ministre,\n\nEst-il libre\u202f\? Non\.\n\nMerci\u202f! Monsieur le Ministre, veuillez agréer mes salutations\.\n/);
    expect(m.html).toContain('Merci\u202f! Monsieur le Ministre');
    expect(m.subject).toBe('Yusuf Dzhumaev : libérez-le !');
  });
});

describe('French e-mails', () => {
  it('the Subject header has no "Objet :", the letter\'s label, and one typed in the template is taken off (the Lyon trial)', async () => {
    const csv = 'name,salutation,address_1,city,country,email\nZakir Almatov,Monsieur le Ministre,S,Tashkent,Uzbekistan,min@gov.example.uz\n';
    for (const subject of ['Objet : {{case.name}}, poète', '{{case.name}}, poète']) {
      const dir = makeCampaign({ csv, template: `---\nlanguage: fr\nsubject: '${subject}'\n---\nJe vous écris.\n`, signer: SIGNER });
      const r = runCli(['email', 'case.yaml', '--signer', 'me.yaml', '--attach-pdf'], dir);
      expect(r.code, r.stderr).toBe(0);
      const outbox = path.join(dir, 'out/test-case/outbox');
      const m = await parse(path.join(outbox, readdirSync(outbox).find((f) => f.endsWith('.eml'))!));
      expect(m.subject, subject).toBe('Yusuf Dzhumaev, poète');
      // The attached letter has it once.
      const pdf = path.join(dir, 'letter.pdf');
      writeFileSync(pdf, m.attachments[0]!.content);
      const text = (await readPdf(pdf)).map((p) => p.text).join('\n');
      expect(text.match(/Objet/g), subject).toHaveLength(1);
      expect(text).toMatch(/Objet\s?: Yusuf Dzhumaev, poète/);
    }
  });
});

describe('dates in e-mails', () => {
  it('a date keeps its no-break spaces in the text and HTML parts, as in the letter; the Subject header has plain ones, and stays ASCII', async () => {
    const template = '---\nsubject: Concerning {{case.name}}, detained since {{date case.detained "long"}}\n---\nHe was detained on {{date case.detained "long"}}.\n';
    const csv = 'name,salutation,address_1,city,country,email\nA Official,Dear Minister,S,Tashkent,Uzbekistan,min@gov.example.uz\n';
    const dir = makeCampaign({ csv, template, signer: SIGNER });
    const r = runCli(['email', 'case.yaml', '--signer', 'me.yaml'], dir);
    expect(r.code, r.stderr).toBe(0);
    const outbox = path.join(dir, 'out/test-case/outbox');
    const raw = readFileSync(path.join(outbox, readdirSync(outbox)[0]!), 'latin1');
    expect(raw).toContain('\r\nSubject: Concerning Yusuf Dzhumaev, detained since 23 October 2001\r\n');
    const m = await simpleParser(raw);
    expect(m.text).toContain('He was detained on 23\u00a0October\u00a02001.');
    expect(m.html).toContain('He was detained on 23\u00a0October\u00a02001.');
  });
});

describe('letters email in worker threads', () => {
  it('makes the same messages and PDFs in worker threads as in one thread, and reports bad rows the same', async () => {
    const names = ['Zoë Müller', 'Шавкат Мирзиёев', "O'Brien & Sons", 'Oʻtkir Gʻulomov', 'Ηλίας Παπαδόπουλος'];
    const rows = Array.from({ length: 60 }, (_, i) => `${names[i % names.length]} ${i},Dear Sir,${i} Main St,Tashkent,Uzbekistan,o${i}@gov.example.uz`);
    const csv = ['name,salutation,address_1,city,country,email', ...rows].join('\n');
    const serial = makeCampaign({ csv, template: TEMPLATE, signer: SIGNER });
    const parallel = makeCampaign({ csv, template: TEMPLATE, signer: SIGNER });
    const args = ['email', 'case.yaml', '--signer', 'me.yaml', '--attach-pdf'];
    expect(runCli(args, serial, { LETTERS_WORKERS: '0' }).code).toBe(0);
    expect(runCli(args, parallel, { LETTERS_WORKERS: '2' }).code).toBe(0);
    const outbox = (dir: string) => path.join(dir, 'out/test-case/outbox');
    expect(listFiles(outbox(parallel))).toEqual(listFiles(outbox(serial)));
    expect(listFiles(outbox(serial))).toHaveLength(60);
    for (const f of listFiles(outbox(serial)).filter((_, i) => i % 7 === 0)) {
      const [a, b] = await Promise.all([parse(path.join(outbox(serial), f)), parse(path.join(outbox(parallel), f))]);
      expect({ id: b.messageId, to: first(b.to), subject: b.subject, text: b.text, html: b.html }).toEqual({ id: a.messageId, to: first(a.to), subject: a.subject, text: a.text, html: a.html });
      const pdfs = [a, b].map((m, i) => {
        const file = path.join(i ? parallel : serial, `${f}.pdf`);
        writeFileSync(file, m.attachments[0]!.content);
        return file;
      });
      const [pa, pb] = await Promise.all(pdfs.map(readPdf));
      expect(pb!.map((p) => p.text)).toEqual(pa!.map((p) => p.text));
    }

    // A row that cannot make its letter is found by the workers too, with its line, and nothing is written.
    const bad = makeCampaign({ csv: csv.replace('Gʻulomov 3,', 'Gʻulomov 3 漢,'), template: TEMPLATE, signer: SIGNER });
    const r = runCli(args, bad, { LETTERS_WORKERS: '2' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('officials.csv:5: the font cannot print U+6F22 "漢"');
    expect(existsSync(path.join(bad, 'out'))).toBe(false);
  });
});
