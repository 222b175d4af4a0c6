import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import path from 'node:path';
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { CLI, makeCampaign, runCliAsync, withoutWarnings } from './helpers/cli.js';
import { startSmtp, type TestSmtp } from './helpers/smtp.js';

const SIGNER = 'name: Anna Smith\naddress: [4 Elm Road]\ncity: Leeds\ncountry: United Kingdom\nemail: anna@example.org\n';
const rows = (n: number) =>
  ['name,salutation,address_1,city,country,email', ...Array.from({ length: n }, (_, i) => `Official ${i + 1},Dear Minister,S,Tashkent,Uzbekistan,o${i + 1}@gov.example.uz`)].join('\n');
const ENV = { LETTERS_RETRY_BASE_MS: '20' };

let smtp: TestSmtp | undefined;
afterEach(async () => {
  await smtp?.close();
  smtp = undefined;
});

const send = (dir: string, extra: string[] = []) => runCliAsync(['email', 'case.yaml', '--signer', 'me.yaml', '--smtp', smtp!.url, '--send', ...extra], dir, ENV);

describe('letters email over SMTP', () => {
  it('a dry run sends nothing; --send delivers each message once; running again sends only what is left', async () => {
    smtp = await startSmtp();
    const dir = makeCampaign({ csv: rows(3), signer: SIGNER });
    const dry = await runCliAsync(['email', 'case.yaml', '--signer', 'me.yaml', '--smtp', smtp.url], dir);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`Dry run: would send 3 messages via smtp://127.0.0.1:${smtp.port} (the server answered); messages in`);
    expect(existsSync(path.join(dir, 'out/test-case/ledger.jsonl'))).toBe(false); // a dry run records nothing
    expect(smtp.received).toHaveLength(0);
    const outbox = path.join(dir, 'out/test-case/outbox');
    const looked = readdirSync(outbox).map((f) => [f, readFileSync(path.join(outbox, f), 'latin1')]);
    expect(looked.map(([f]) => f)).toEqual(['001-official-1.eml', '002-official-2.eml', '003-official-3.eml']);

    const r = await send(dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Sent 3 messages via');
    expect(smtp.received.map((m) => m.to).sort()).toEqual(['o1@gov.example.uz', 'o2@gov.example.uz', 'o3@gov.example.uz']);
    const m = smtp.received.find((x) => x.to === 'o2@gov.example.uz')!.mail;
    expect(m.subject).toBe('Concerning Yusuf Dzhumaev');
    expect(m.text).toContain('Dear Minister,');
    expect(m.html).toContain('<strong>Yusuf Dzhumaev</strong>');
    // The messages are the outbox's (the same Message-ID and text), but sending left the outbox as
    // the dry run wrote it, and no temporary file (their spool) in the case folder.
    const looked2 = looked.find(([f]) => f === '002-official-2.eml')![1]!;
    expect(m.messageId).toBe(/^Message-ID: (<[^>]+>)/im.exec(looked2)![1]);
    expect(readdirSync(outbox).map((f) => [f, readFileSync(path.join(outbox, f), 'latin1')])).toEqual(looked);
    expect(readdirSync(path.join(dir, 'out/test-case')).sort()).toEqual(['ledger.jsonl', 'outbox']);

    const again = await send(dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Sent 0 messages via');
    expect(again.stdout).toContain('3 already sent before');
    expect(smtp.received).toHaveLength(3);
    const ledger = readFileSync(path.join(dir, 'out/test-case/ledger.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; state: string });
    // Each message: "sending" written before it went, "sent" after; nothing else.
    const byId = new Map<string, string[]>();
    for (const e of ledger) byId.set(e.id, [...(byId.get(e.id) ?? []), e.state]);
    expect(byId.size).toBe(3);
    for (const steps of byId.values()) expect(steps).toEqual(['sending', 'sent']);
    expect(readdirSync(path.join(dir, 'out/test-case/outbox')).filter((f) => f.startsWith('.'))).toEqual([]);

    // An official added, and the outbox made again: the messages sent are not in it, to be sent by
    // hand a second time from a mail client (their earlier copies go, a --where run's too).
    writeFileSync(path.join(dir, 'officials.csv'), rows(4));
    const later = await runCliAsync(['email', 'case.yaml', '--signer', 'me.yaml'], dir);
    expect([later.code, later.stdout]).toEqual([0, 'Wrote 1 message to out/test-case/outbox/ (nothing was sent); not in it, as the ledger records them (letters status lists them): 3 sent before\n']);
    expect(readdirSync(outbox)).toEqual(['004-official-4.eml']);
    cpSync(path.join(outbox, '004-official-4.eml'), path.join(outbox, '002-official-2.eml'));
    const some = await runCliAsync(['email', 'case.yaml', '--signer', 'me.yaml', '--where', 'name=Official 2'], dir);
    expect(some.stdout).toContain('Wrote 0 messages to out/test-case/outbox/ (nothing was sent); not in it, as the ledger records them (letters status lists them): 1 sent before');
    expect(readdirSync(outbox)).toEqual(['004-official-4.eml']);
    // Test copies to oneself are all made.
    expect((await runCliAsync(['email', 'case.yaml', '--signer', 'me.yaml', '--to-me', 'anna@example.org'], dir)).stdout).toContain('Wrote 4 messages');
  });

  it('run from another folder, --send finds the same ledger (out/ is beside the case file) and sends nothing twice', async () => {
    smtp = await startSmtp();
    const dir = makeCampaign({ csv: rows(2), signer: SIGNER });
    expect((await send(dir)).stdout).toContain('Sent 2 messages via');
    const elsewhere = await runCliAsync(['email', path.join(path.basename(dir), 'case.yaml'), '--signer', path.join(dir, 'me.yaml'), '--smtp', smtp.url, '--send'], path.dirname(dir), ENV);
    expect(elsewhere.code, elsewhere.stderr).toBe(0);
    expect(elsewhere.stdout).toContain('Sent 0 messages via');
    expect(elsewhere.stdout).toContain('2 already sent before');
    expect(smtp.received).toHaveLength(2);
    expect(existsSync(path.join(path.dirname(dir), 'out', 'test-case'))).toBe(false);
    // A folder of records in the old place (./out, where letters kept them before 2026-11-30) and
    // none beside the case file: an error that says where they are, not the e-mails again.
    mkdirSync(path.join(dir, 'campaigns'));
    writeFileSync(path.join(dir, 'campaigns', 'case.yaml'), readFileSync(path.join(dir, 'case.yaml'), 'utf8').replace(/^(recipients|template): (.*)$/gm, '$1: ../$2'));
    const moved = await runCliAsync(['email', 'campaigns/case.yaml', '--signer', 'me.yaml', '--smtp', smtp.url, '--send'], dir, ENV);
    expect(moved.stderr).toContain(`records of earlier runs of this case are in out${path.sep}test-case${path.sep}`);
    expect(moved.stderr).toContain('hint: give --out out to go on with them');
    expect(moved.code).toBe(2);
    expect(smtp.received).toHaveLength(2);
    // A manifest a render makes in the new folder is no ledger: still an error.
    const made = await runCliAsync(['render', 'case.yaml', '--out', path.join('campaigns', 'out')], dir, ENV);
    expect(made.code, made.stderr).toBe(0);
    const still = await runCliAsync(['email', 'campaigns/case.yaml', '--signer', 'me.yaml', '--smtp', smtp.url, '--send'], dir, ENV);
    expect(still.code).toBe(2);
    expect(smtp.received).toHaveLength(2);
    const onward = await runCliAsync(['email', 'campaigns/case.yaml', '--signer', 'me.yaml', '--smtp', smtp.url, '--send', '--out', 'out'], dir, ENV);
    expect(onward.stdout).toContain('2 already sent before');
  });

  it('--rate holds every message to it, the first ones too', async () => {
    smtp = await startSmtp();
    const dir = makeCampaign({ csv: rows(7), signer: SIGNER });
    const r = await send(dir, ['--rate', '3/s']);
    expect(r.code).toBe(0);
    expect(smtp.received).toHaveLength(7);
    // As the server sees them: never 4 in a second (a message waits a second after the one three
    // before it was answered). Without the limit, all 7 came at once.
    const at = smtp.received.map((m) => m.at).sort((a, b) => a - b);
    for (let i = 3; i < at.length; i++) expect(at[i]! - at[i - 3]!, `messages ${i - 3} and ${i}`).toBeGreaterThanOrEqual(1000);
  });

  it('a dry run with --rate says how long sending will take', async () => {
    smtp = await startSmtp();
    const dir = makeCampaign({ csv: rows(45), signer: SIGNER });
    const dry = await runCliAsync(['email', 'case.yaml', '--signer', 'me.yaml', '--smtp', smtp.url, '--rate', '20/min'], dir, ENV);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Dry run: would send 45 messages via');
    expect(dry.stdout).toContain('; at 20/min that takes about 2 minutes (keep the computer on and the run open; if it stops, run it again to send the rest)');
    const fast = await runCliAsync(['email', 'case.yaml', '--signer', 'me.yaml', '--smtp', smtp.url, '--rate', '100/min'], dir, ENV);
    expect(fast.stdout).toContain('; at 100/min that takes under a minute;');
    expect(smtp.received).toHaveLength(0);
  });

  it('without a terminal, a long run says how far it is now and then (a log sees a --rate run go on)', async () => {
    smtp = await startSmtp();
    const dir = makeCampaign({ csv: rows(6), signer: SIGNER });
    const r = await runCliAsync(['email', 'case.yaml', '--signer', 'me.yaml', '--smtp', smtp.url, '--send', '--rate', '4/s'], dir, { ...ENV, LETTERS_LOG_EVERY_MS: '300' });
    expect(r.code).toBe(0);
    const said = r.stderr.split('\n').filter(Boolean);
    expect(said.length).toBeGreaterThan(0);
    for (const line of said) expect(line).toMatch(/^letters: [1-5] of 6 done$/);
  });

  it('--per-day sends at most that many in 24 hours, counting what earlier runs sent', async () => {
    smtp = await startSmtp();
    const dir = makeCampaign({ csv: rows(5), signer: SIGNER });
    const first = await send(dir, ['--per-day', '2']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Sent 2 messages');
    expect(first.stdout).toContain('3 left for tomorrow (--per-day)');
    expect(smtp.received).toHaveLength(2);
    // A dry run counts the quota as --send would.
    const dry = await runCliAsync(['email', 'case.yaml', '--signer', 'me.yaml', '--smtp', smtp.url, '--per-day', '3'], dir, ENV);
    expect(dry.stdout).toContain('Dry run: would send 1 message via');
    expect(dry.stdout).toContain('; 2 already sent; 2 left for later (--per-day)');
    const second = await send(dir, ['--per-day', '3']);
    expect(second.stdout).toContain('Sent 1 message ');
    expect(second.stdout).toContain('2 left for tomorrow (--per-day)');
    expect(smtp.received).toHaveLength(3);
    // Sends older than a day no longer count.
    const ledgerFile = path.join(dir, 'out/test-case/ledger.jsonl');
    writeFileSync(ledgerFile, readFileSync(ledgerFile, 'utf8').replace(/"at":"\d{4}/g, '"at":"2001'));
    const later = await send(dir, ['--per-day', '3']);
    expect(later.stdout).toContain('Sent 2 messages');
    expect(new Set(smtp.received.map((m) => m.to)).size).toBe(5);
    expect(smtp.received).toHaveLength(5);
  });

  it('--attach-pdf makes every message with its PDF (in a worker thread too) before the first is sent', async () => {
    smtp = await startSmtp();
    const args = ['email', 'case.yaml', '--signer', 'me.yaml', '--smtp', smtp.url, '--send', '--attach-pdf'];
    // A bad address is found by the first pass; a letter the font cannot print, only by making it.
    for (const [last, error] of [
      ['Official 13,Dear Minister,S,Tashkent,Uzbekistan,"o13@gov.example.uz, x@y.org"', 'officials.csv:14: '],
      ['Official 13 漢,Dear Minister,S,Tashkent,Uzbekistan,o13@gov.example.uz', 'officials.csv:14: the font cannot print U+6F22'],
    ]) {
      const bad = makeCampaign({ csv: `${rows(12)}\n${last}`, signer: SIGNER });
      const refused = await runCliAsync(args, bad, { ...ENV, LETTERS_WORKERS: '1' });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(error);
      expect(smtp.received).toHaveLength(0);
      expect(existsSync(path.join(bad, 'out'))).toBe(false);
    }

    const dir = makeCampaign({ csv: rows(12), signer: SIGNER });
    const r = await runCliAsync(['email', 'case.yaml', '--signer', 'me.yaml', '--smtp', smtp.url, '--send', '--attach-pdf'], dir, { ...ENV, LETTERS_WORKERS: '1' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(smtp.received.map((m) => m.to).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `o${i + 1}@gov.example.uz`).sort());
    for (const m of smtp.received) {
      const pdf = m.mail.attachments.find((a) => a.contentType === 'application/pdf');
      expect(pdf?.content.subarray(0, 5).toString('latin1'), m.to).toBe('%PDF-');
    }
  });

  it('records a 550, retries a 451 until it passes, goes on, writes failed.csv and exits 1', async () => {
    smtp = await startSmtp((rcpt, attempt) => (rcpt === 'o2@gov.example.uz' || rcpt === 'o4@gov.example.uz' ? 550 : rcpt === 'o3@gov.example.uz' && attempt === 1 ? 451 : undefined));
    const dir = makeCampaign({ csv: rows(5), signer: SIGNER });
    const r = await send(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Sent 3 messages');
    expect(r.stdout).toContain('2 failed');
    expect(r.stderr).toMatch(/failed: line 3 <o2@gov\.example\.uz>: 127\.0\.0\.1:\d+ answered: .*550/);
    expect(smtp.received.map((m) => m.to).sort()).toEqual(['o1@gov.example.uz', 'o3@gov.example.uz', 'o5@gov.example.uz']);
    // In the list's order.
    const failed = readFileSync(path.join(dir, 'out/test-case/failed.csv'), 'utf8').slice(1).trim().split('\n');
    expect(failed[0]).toBe('line,address,answer');
    expect(failed[1]).toMatch(/^3,o2@gov\.example\.uz,/);
    expect(failed[2]).toMatch(/^5,o4@gov\.example\.uz,/);
  });

  it('a refused message on a connection that then goes away is recorded, and the run goes on to its end', async () => {
    smtp = await startSmtp((rcpt) => (rcpt === 'o2@gov.example.uz' ? 'refuse-and-drop' : undefined));
    const dir = makeCampaign({ csv: rows(6), signer: SIGNER });
    const r = await send(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Sent 5 messages via');
    expect(r.stderr).toContain('failed: line 3 <o2@gov.example.uz>');
    expect(smtp.received.map((m) => m.to).sort()).toEqual(['o1', 'o3', 'o4', 'o5', 'o6'].map((o) => `${o}@gov.example.uz`));
    expect(readFileSync(path.join(dir, 'out/test-case/failed.csv'), 'utf8')).toContain('o2@gov.example.uz');
  });

  it('a message the server had whole but did not answer is not sent again: it may have arrived', async () => {
    smtp = await startSmtp((rcpt, attempt) => (rcpt === 'o2@gov.example.uz' && attempt === 1 ? 'take-and-drop' : undefined));
    const dir = makeCampaign({ csv: rows(4), signer: SIGNER });
    const r = await send(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Sent 3 messages via');
    expect(r.stdout).toContain('1 not answered by the server after it had the whole message');
    expect(r.stderr).toMatch(/^unanswered: line 3 <o2@gov\.example\.uz>: .*; it may have arrived$/m);
    const again = await send(dir);
    expect(again.stdout).toContain('1 uncertain, not resent');
    expect(smtp.received.filter((m) => m.to === 'o2@gov.example.uz')).toHaveLength(1);
    expect(smtp.received).toHaveLength(4);
    // status says it may not have arrived, in the overview as for the official.
    expect((await runCliAsync(['status', 'case.yaml'], dir)).stdout).toContain('Official 2: 1 letter (0 to post, 1 by e-mail, 1 of them not known to have arrived)');
    expect((await runCliAsync(['status', 'case.yaml', '--official', 'Official 2'], dir)).stdout).toContain('e-mailed to <o2@gov.example.uz>, not known whether it arrived (the server did not answer)');
    // Its row corrected: the new message is held, and the run does not say the first one went.
    writeFileSync(path.join(dir, 'officials.csv'), rows(4).replace('Official 2,', 'Official Two,'));
    const held = await send(dir);
    expect(held.stderr).toContain("held: line 3 <o2@gov.example.uz>: this case's letter may have gone to Official 2 at this address as letter 2 on ");
    expect(held.stderr).toContain(': the server did not answer it; a corrected row does not send it again: look for it in your sent mail or ask');
    expect(smtp.received).toHaveLength(4);
  });

  it('status finds an e-mailed official by their position, as a posted one', async () => {
    smtp = await startSmtp();
    const csv = ['name,position,salutation,address_1,city,country,email', 'Mahmoud Tawfik,Minister of Interior,Dear Minister,S,Cairo,Egypt,moi@example.eg', 'Omar Marwan,Minister of Justice,Dear Minister,S,Cairo,Egypt,moj@example.eg'].join('\n');
    const dir = makeCampaign({ csv, signer: SIGNER });
    expect((await send(dir)).code).toBe(0);
    const r = await runCliAsync(['status', 'case.yaml', '--official', 'minister of interior'], dir);
    expect(r.stdout.split('\n').slice(0, 2)).toEqual(['Yusuf Dzhumaev: 1 letter in the records (out/test-case/)', 'Mahmoud Tawfik: 1 letter (0 to post, 1 by e-mail)']);
    // Who signed it is said by name, not by their e-mail address (a Spanish trial's "lucia.fernandez@example.es to ..."), and found by it.
    expect(r.stdout).toMatch(/^  Anna Smith: e-mail \(\d{4}-\d{2}-\d{2}\): e-mailed to <moi@example.eg>$/m);
    expect(r.stdout).not.toContain('anna@example.org');
    const replied = await runCliAsync(['mark', 'case.yaml', 'replied', '--official', 'Tawfik', '--volunteer', 'Anna Smith'], dir);
    expect([replied.code, replied.stdout]).toEqual([0, expect.stringContaining('Anna Smith')]);
    // A ledger from before names her by her address only: still found by it, and said by the name a later step of hers has.
    const ledger = path.join(dir, 'out/test-case/ledger.jsonl');
    const lines = readFileSync(ledger, 'utf8').split('\n');
    const firstId = (JSON.parse(lines[0]!) as { id: string }).id;
    writeFileSync(ledger, lines.map((l) => (l.includes(firstId) ? l.replace(/,"signerName":"[^"]*"/, '') : l)).join('\n'));
    const all = (await runCliAsync(['status', 'case.yaml', '--volunteer', 'anna@example.org'], dir)).stdout;
    expect(all.match(/^ {2}Anna Smith: e-mail/gm)).toHaveLength(2);
    expect(all).not.toContain('  anna@example.org');
  });

  it('status counts an official with ß in the name once: e-mailed by the coordinator, then dealt to volunteers by batch (a German trial\'s Weißmüller)', async () => {
    smtp = await startSmtp();
    const csv = ['name,position,salutation,address_1,city,postcode,country,email', 'Jürgen Weißmüller,Mitglied des Bundestages,Dear Mr Weißmüller,Platz der Republik 1,Tashkent,100000,Uzbekistan,jw@example.de'].join('\n');
    const dir = makeCampaign({ csv, signer: SIGNER });
    expect((await send(dir)).code).toBe(0);
    writeFileSync(path.join(dir, 'volunteers.csv'), 'name,address_1,city,postcode,country\nBen Jones,1 Road,Leeds,LS1 4AP,United Kingdom\nKim Lee,2 Road,Leeds,LS1 4AP,United Kingdom\n');
    const batch = await runCliAsync(['batch', 'case.yaml', '--volunteers', 'volunteers.csv', '--each', '--date', '2026-11-28'], dir);
    expect(batch.code).toBe(0);
    const status = (await runCliAsync(['status', 'case.yaml'], dir)).stdout;
    expect(status).toContain('Yusuf Dzhumaev: 3 letters in the records');
    expect(status).toMatch(/Jürgen Weißmüller[^\n]*: 3 letters/);
    const replied = await runCliAsync(['mark', 'case.yaml', 'replied', '--official', 'Weißmüller'], dir);
    expect(replied.code, replied.stderr).toBe(0);
    // A letter back from the post is not a bounced e-mail: which came back is asked.
    for (const v of ['Ben Jones', 'Kim Lee']) expect((await runCliAsync(['mark', 'case.yaml', 'handed-over', '--volunteer', v], dir)).code).toBe(0);
    const back = await runCliAsync(['mark', 'case.yaml', 'returned', '--official', 'Weißmüller'], dir);
    expect([back.code, back.stderr]).toEqual([2, expect.stringContaining('the letters to Jürgen Weißmüller (Mitglied des Bundestages) went by post and by e-mail: which came back?')]);
    expect(back.stderr).toContain('a letter posted by "Ben Jones", "Kim Lee", or an e-mail sent by "Anna Smith" that bounced');
    expect((await runCliAsync(['mark', 'case.yaml', 'returned', '--official', 'Weißmüller', '--volunteer', 'Ben Jones'], dir)).code).toBe(0);
    // An e-mail that came back bounced: said so, not "returned".
    const bounced = await runCliAsync(['mark', 'case.yaml', 'returned', '--official', 'Weißmüller', '--volunteer', 'Anna Smith'], dir);
    expect(bounced.stdout, bounced.stderr).toMatch(/^Marked 1 letter bounced on \d{4}-\d{2}-\d{2} /);
    const after = (await runCliAsync(['status', 'case.yaml'], dir)).stdout;
    expect(after).toMatch(/Jürgen Weißmüller[^\n]*: 3 letters[^\n]*; 1 returned, 1 bounced, replied /);
    expect(after).toContain('Returned or bounced (check the address before writing again):\n');
    expect(after).toMatch(/ {2}Jürgen Weißmüller, from Anna Smith: bounced \d{4}-\d{2}-\d{2}\n/);
    expect(after).toMatch(/ {2}Jürgen Weißmüller, from Ben Jones: returned \d{4}-\d{2}-\d{2}\n/);
  });

  it('a bounced e-mail, sent again to the corrected address, is no longer listed to check (a Dutch trial\'s)', async () => {
    smtp = await startSmtp();
    const dir = makeCampaign({ csv: rows(2), signer: SIGNER });
    expect((await send(dir)).code).toBe(0);
    expect((await runCliAsync(['mark', 'case.yaml', 'returned', '--official', 'Official 2', '--note', 'no such mailbox'], dir)).code).toBe(0);
    const bounced = (await runCliAsync(['status', 'case.yaml'], dir)).stdout;
    expect(bounced).toMatch(/Bounced \(check the e-mail address before sending again\):\n {2}Official 2, from Anna Smith: bounced \d{4}-\d{2}-\d{2}: no such mailbox\n/);
    writeFileSync(path.join(dir, 'officials.csv'), rows(2).replace('o2@gov', 'o2.new@gov'));
    expect((await send(dir, ['--send-held'])).code).toBe(0);
    expect(smtp.received.map((m) => m.to).sort()).toEqual(['o1@gov.example.uz', 'o2.new@gov.example.uz', 'o2@gov.example.uz']);
    const after = (await runCliAsync(['status', 'case.yaml'], dir)).stdout;
    expect(after).not.toContain('Bounced');
    expect(after).toMatch(/Official 2[^\n]*: 2 letters \(0 to post, 2 by e-mail\); 1 bounced/);
  });

  it('a dropped connection mid-batch is retried; every official gets exactly one message', async () => {
    smtp = await startSmtp((rcpt, attempt) => (rcpt === 'o3@gov.example.uz' && attempt === 1 ? 'drop' : undefined));
    const dir = makeCampaign({ csv: rows(5), signer: SIGNER });
    const r = await send(dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(smtp.received.map((m) => m.to).sort()).toEqual(['o1', 'o2', 'o3', 'o4', 'o5'].map((o) => `${o}@gov.example.uz`));
  });

  it('logs in with the password from LETTERS_SMTP_PASSWORD; a wrong one stops the run before any message', async () => {
    smtp = await startSmtp(undefined, { login: { user: 'volunteer@example.org', pass: 's3cret pass' } });
    const dir = makeCampaign({ csv: rows(3), signer: SIGNER });
    const url = `smtp://volunteer%40example.org@127.0.0.1:${smtp.port}`;
    // A dry run without the password asks the server, without logging in.
    const dry = await runCliAsync(['email', 'case.yaml', '--signer', 'me.yaml', '--smtp', url], dir, ENV);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Dry run: would send 3 messages via smtp://volunteer%40example.org@127.0.0.1');
    expect(dry.stdout).toContain('(the server answered)');
    expect(dry.stderr).toBe('note: the login was not checked: no password given (LETTERS_SMTP_PASSWORD)\n');
    const wrong = await runCliAsync(['email', 'case.yaml', '--signer', 'me.yaml', '--smtp', url, '--send'], dir, { ...ENV, LETTERS_SMTP_PASSWORD: 'guess' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe(`letters: 127.0.0.1:${smtp.port} refused the user name or password — check them (LETTERS_SMTP_PASSWORD); nothing was sent\n`);
    expect(smtp.received).toHaveLength(0);
    const r = await runCliAsync(['email', 'case.yaml', '--signer', 'me.yaml', '--smtp', url, '--send'], dir, { ...ENV, LETTERS_SMTP_PASSWORD: 's3cret pass' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('s3cret');
    expect(smtp.received.map((m) => m.to).sort()).toEqual(['o1@gov.example.uz', 'o2@gov.example.uz', 'o3@gov.example.uz']);
  });

  it('a login refused for a while on one connection is tried again: no message goes without it', async () => {
    // One message per connection, so each message logs in: the one after a refused login must not go without.
    smtp = await startSmtp(undefined, { login: { user: 'volunteer', pass: 'pw' }, refusedLogins: [3], messagesPerConnection: 1 });
    const dir = makeCampaign({ csv: rows(20), signer: SIGNER });
    const r = await runCliAsync(['email', 'case.yaml', '--signer', 'me.yaml', '--smtp', `smtp://volunteer:pw@127.0.0.1:${smtp.port}`, '--send'], dir, ENV);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(smtp.received).toHaveLength(20);
  });

  it('a server that wants a login not given, or that goes away, stops the sending once, not message by message', async () => {
    smtp = await startSmtp(undefined, { login: { user: 'volunteer', pass: 'pw' } });
    const dir = makeCampaign({ csv: rows(60), signer: SIGNER });
    const r = await send(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^letters: sending stopped: 127\.0\.0\.1:\d+ wants a login \(530 .*\) — give the user in --smtp .*; \d+ more messages not sent: the same command sends them$/m);
    expect(r.stderr.match(/^failed: /gm)?.length ?? 0).toBeLessThanOrEqual(8); // those already in flight
    expect(smtp.received).toHaveLength(0);
    await smtp.close();

    // One message per connection; after five, the server is gone: new connections are refused.
    smtp = await startSmtp(undefined, { messagesPerConnection: 1 });
    const server = smtp;
    const gone = makeCampaign({ csv: rows(60), signer: SIGNER });
    const child = runCliAsync(['email', 'case.yaml', '--signer', 'me.yaml', '--smtp', server.url, '--send'], gone, ENV);
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (server.received.length >= 5) {
          clearInterval(timer);
          void server.close();
          resolve();
        }
      }, 2);
    });
    const g = await child;
    smtp = undefined;
    expect(g.code).toBe(1);
    expect(g.stderr).toMatch(/^letters: sending stopped: could not connect to 127\.0\.0\.1:\d+: connection refused — check --smtp; \d+ more messages not sent: the same command sends them$/m);
    expect(g.stderr.match(/^failed: /gm)?.length ?? 0).toBeLessThanOrEqual(8);
  });

  it('a server that closes each connection after two messages still gets every message once', async () => {
    smtp = await startSmtp(undefined, { messagesPerConnection: 2 });
    const dir = makeCampaign({ csv: rows(40), signer: SIGNER });
    const r = await send(dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Sent 40 messages via');
    expect(smtp.received.map((m) => m.to).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `o${i + 1}@gov.example.uz`).sort());
    // A closed connection is found before the message goes, and it goes at once on a new one: not a failure.
    expect(readFileSync(path.join(dir, 'out/test-case/ledger.jsonl'), 'utf8')).not.toContain('"failed"');
  });

  it('a corrected row does not send its official a second message; --send-held sends it when asked', async () => {
    smtp = await startSmtp();
    const dir = makeCampaign({ csv: rows(3), signer: SIGNER });
    expect((await send(dir)).code).toBe(0);
    // Official 1 renamed at the same address, Official 2 at a new address, Official 3 in capitals
    // (the same message), and a new official at Official 3's address (another official: sent).
    writeFileSync(
      path.join(dir, 'officials.csv'),
      rows(3).replace('Official 1,', 'Dr. Official One,').replace('o2@gov', 'o2.new@gov').replace('Official 3,', 'OFFICIAL  3,') +
        '\nOfficial 4,Dear Minister,S,Tashkent,Uzbekistan,o3@gov.example.uz',
    );
    const dry = await runCliAsync(['email', 'case.yaml', '--signer', 'me.yaml', '--smtp', smtp.url], dir);
    expect(dry.stdout).toContain('would send 1 message via');
    expect(dry.stdout).toContain("; 1 already sent; 2 held back: their official or address had this case's letter before (--send-held, or --drop-held)");
    // The outbox, which a mail client sends from, holds only what --send would send.
    const outbox = await runCliAsync(['email', 'case.yaml', '--signer', 'me.yaml'], dir);
    expect(outbox.stdout).toContain("Wrote 1 message to out/test-case/outbox/ (nothing was sent); not in it, as the ledger records them (letters status lists them): 1 sent before, 2 held back (lines 2, 3), as their official or address had this case's letter before (--send-held puts them in)");
    expect(readdirSync(path.join(dir, 'out/test-case/outbox'))).toEqual(['004-official-4.eml']);
    expect((await runCliAsync(['email', 'case.yaml', '--signer', 'me.yaml', '--send-held'], dir)).stdout).toContain('Wrote 3 messages');
    const r = await send(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Sent 1 message via');
    expect(r.stdout).toContain("1 already sent before; 2 held back (their official or address had this case's letter before)");
    const today = new Date().toISOString().slice(0, 10);
    const advice = 'a corrected row does not send it again: if that one did not reach them (a wrong address) or this is another official, run again with --send-held; if it did, with --drop-held';
    // (And the new official at another's address is said, as a mailbox that gets two messages.)
    expect(r.stderr.split('\n').filter((l) => l.startsWith('held: ')).sort()).toEqual([
      `held: line 2 <o1@gov.example.uz>: this case's letter went to Official 1 at this address as letter 1 on ${today}; ${advice}`,
      `held: line 3 <o2.new@gov.example.uz>: this case's letter went to <o2@gov.example.uz> as letter 2 on ${today}; ${advice}`,
    ]);
    expect(r.stderr).toContain('officials.csv:5: the same e-mail address as on line 4 (OFFICIAL  3): that mailbox would get two messages');
    expect(smtp.received.map((m) => m.to).sort()).toEqual(['o1@gov.example.uz', 'o2@gov.example.uz', 'o3@gov.example.uz', 'o3@gov.example.uz']);
    // One of them sent when asked (--where chooses which), the other let go: no more held.
    const more = await send(dir, ['--send-held', '--where', 'name=Dr. Official One']);
    expect(more.code).toBe(0);
    expect(smtp.received).toHaveLength(5);
    expect(JSON.stringify(smtp.received.at(-1)!.mail.to)).toContain('Dr. Official One');
    const drop = await send(dir, ['--drop-held']);
    expect(drop.code).toBe(0);
    expect(drop.stdout).toContain('Sent 0 messages');
    expect(drop.stdout).toContain('; 1 held back and dropped (recorded as not to be sent)');
    const after = await send(dir);
    expect(after.code).toBe(0);
    expect(withoutWarnings(after.stderr, /the same e-mail address as on line 4/)).toBe('');
    expect(after.stdout).toContain('; 3 already sent before; 1 dropped before');
    expect(smtp.received).toHaveLength(5);
    // status counts what went: the dropped message is said apart, not as a letter.
    const status = (await runCliAsync(['status', 'case.yaml'], dir)).stdout.split('\n');
    expect(status[0]).toBe('Yusuf Dzhumaev: 5 letters in the records, and 1 e-mail that did not go (out/test-case/)');
    expect(status).toContain('Official 2: 1 letter (0 to post, 1 by e-mail); 1 e-mail dropped');
  });

  it('a corrected signer e-mail, or a row moved and its name respelled, sends no second message', async () => {
    smtp = await startSmtp();
    const csv = ['name,salutation,address_1,city,country,email', 'Anna Lis,Dear Ms Lis,S,Minsk,Belarus,lis@example.by', 'Olga Petrova,Dear Ms Petrova,S,Minsk,Belarus,petrova@example.by', 'Ivan Sidorov,Dear Mr Sidorov,S,Minsk,Belarus,office@example.by'].join('\n');
    const dir = makeCampaign({ csv, signer: SIGNER.replace('anna@example.org', 'anna@exmaple.org') });
    writeFileSync(path.join(dir, 'case.yaml'), readFileSync(path.join(dir, 'case.yaml'), 'utf8').replace('country: Uzbekistan', 'country: Belarus'));
    expect((await send(dir)).code).toBe(0);
    expect(smtp.received).toHaveLength(3);
    // The signer's address corrected: the same letters, held, not sent again.
    writeFileSync(path.join(dir, 'me.yaml'), SIGNER);
    const fixed = await send(dir);
    expect(fixed.code).toBe(1);
    expect(fixed.stdout).toContain('3 held back');
    expect(fixed.stderr).toContain('from <anna@exmaple.org>; another signer (or a corrected signer address) does not send it again');
    expect(smtp.received).toHaveLength(3);
    // Lis's row deleted, Petrova respelled Piatrova (now row 2), and another official at Sidorov's address.
    writeFileSync(path.join(dir, 'officials.csv'), [csv.split('\n')[0], 'Olga Piatrova,Dear Ms Piatrova,S,Minsk,Belarus,petrova@example.by', 'Ivan Sidorov,Dear Mr Sidorov,S,Minsk,Belarus,office@example.by', 'Pavel Sidorenko,Dear Mr Sidorenko,S,Minsk,Belarus,office@example.by'].join('\n'));
    const moved = await send(dir, ['--drop-held']);
    expect(moved.stdout).toContain('Sent 1 message');
    expect(smtp.received.map((m) => m.to).sort()).toEqual(['lis@example.by', 'office@example.by', 'office@example.by', 'petrova@example.by']);
    expect(JSON.stringify(smtp.received.at(-1)!.mail.to)).toContain('Pavel Sidorenko');
  });

  it('a name transliterated again, corrected with the address, sends no second message (Kubrakou is Kubrakov, Швед is Schwed)', async () => {
    smtp = await startSmtp();
    const head = 'name,position,salutation,address_1,city,country,email';
    const csv = [
      head,
      'Iwan Kubrakou,Minister,Dear Minister,S,Minsk,Belarus,mvd@example.by',
      'Андрей Швед,Prosecutor General,Dear Prosecutor General,S,Minsk,Belarus,info@example.by',
      'Aljaksandr Lukaschenka,President,Your Excellency,S,Minsk,Belarus,president@example.by',
    ].join('\n');
    const dir = makeCampaign({ csv, signer: SIGNER });
    writeFileSync(path.join(dir, 'case.yaml'), readFileSync(path.join(dir, 'case.yaml'), 'utf8').replace('country: Uzbekistan', 'country: Belarus'));
    expect((await send(dir)).code).toBe(0);
    expect(smtp.received).toHaveLength(3);
    // The names written as Russian is transliterated (in German, in English), the addresses new; and a new minister at the ministry's.
    writeFileSync(
      path.join(dir, 'officials.csv'),
      [
        head,
        'Ivan Kubrakov,Minister,Dear Minister,S,Minsk,Belarus,minister@example.by',
        'Andrej Schwed,Prosecutor General,Dear Prosecutor General,S,Minsk,Belarus,prosecutor@example.by',
        'Alexander Lukashenko,President,Your Excellency,S,Minsk,Belarus,press@example.by',
        'Pavel Sidorenko,Minister,Dear Minister,S,Minsk,Belarus,mvd@example.by',
        // A name that only sounds like one written to: another official, sent.
        'Ivan Kubarev,Deputy Minister,Dear Deputy Minister,S,Minsk,Belarus,deputy@example.by',
      ].join('\n'),
    );
    const again = await send(dir);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('3 held back');
    expect(again.stderr).toContain('held: line 4 <press@example.by>: this case\'s letter went to Aljaksandr Lukaschenka at <president@example.by> as letter 3');
    expect(again.stderr).toContain('held: line 2 <minister@example.by>: this case\'s letter went to Iwan Kubrakou at <mvd@example.by> as letter 1');
    expect(again.stderr).toContain('held: line 3 <prosecutor@example.by>: this case\'s letter went to Андрей Швед at <info@example.by> as letter 2');
    expect(smtp.received.map((m) => m.to).sort()).toEqual(['deputy@example.by', 'info@example.by', 'mvd@example.by', 'mvd@example.by', 'president@example.by']);
    // One letter of a word with accents corrected, the row moved: at the same address, held.
    const tam = makeCampaign({ csv: `${head}\nPhạm Hùng Tâm,Ambassador,Your Excellency,S,Minsk,Belarus,embassy@example.vn\nA B,Minister,Dear Minister,S,Minsk,Belarus,ab@example.by\n`, signer: SIGNER });
    writeFileSync(path.join(tam, 'case.yaml'), readFileSync(path.join(tam, 'case.yaml'), 'utf8').replace('country: Uzbekistan', 'country: Belarus'));
    expect((await send(tam)).code).toBe(0);
    writeFileSync(path.join(tam, 'officials.csv'), `${head}\nA B,Minister,Dear Minister,S,Minsk,Belarus,ab@example.by\nPhạm Hùng Tân,Ambassador,Your Excellency,S,Minsk,Belarus,embassy@example.vn\n`);
    const moved = await send(tam);
    expect(moved.stderr).toContain('held: line 3 <embassy@example.vn>: this case\'s letter went to Phạm Hùng Tâm at this address as letter 1');
    expect(smtp.received.filter((m) => m.to === 'embassy@example.vn')).toHaveLength(1);
  });

  it('officials who share an address are each sent a message, also when a run is split (--per-day)', async () => {
    smtp = await startSmtp();
    const csv = ['name,salutation,address_1,city,country,email', 'A One,Dear A,S,Tashkent,Uzbekistan,office@gov.example.uz', 'B Two,Dear B,S,Tashkent,Uzbekistan,office@gov.example.uz', 'C Three,Dear C,S,Tashkent,Uzbekistan,c@gov.example.uz'].join('\n');
    const dir = makeCampaign({ csv, signer: SIGNER });
    const first = await send(dir, ['--per-day', '1']);
    expect(first.stdout).toContain('Sent 1 message');
    const rest = await send(dir);
    // (Said in every run, in case the address was copied from the row above; check says it too.)
    expect(rest.stderr).toBe(
      "1 warning (the messages were made; letters check case.yaml --channel email, with the same options, lists it):\n  officials.csv:3: the same e-mail address as on line 2 (A One): that mailbox would get two messages\n    hint: delete one of the rows, unless it is an office's mailbox where each of the two officials is to have a message\n",
    );
    expect(rest.code).toBe(0);
    expect(rest.stdout).toContain('Sent 2 messages');
    expect(smtp.received.map((m) => m.to).sort()).toEqual(['c@gov.example.uz', 'office@gov.example.uz', 'office@gov.example.uz']);
  });

  it('a message whose outcome is unknown is reported as uncertain and not resent unless asked', async () => {
    smtp = await startSmtp();
    const dir = makeCampaign({ csv: rows(2), signer: SIGNER });
    expect((await runCliAsync(['email', 'case.yaml', '--signer', 'me.yaml'], dir)).code).toBe(0);
    const eml = readFileSync(path.join(dir, 'out/test-case/outbox/001-official-1.eml'), 'latin1');
    const id = /^Message-ID: (<[^>]+>)/im.exec(eml)![1]!;
    // As a run that died between handing the message over and hearing back would leave it, the
    // line of its next step cut short:
    const cut = '{"id":"<abc@example.org>","numb';
    const ledger = path.join(dir, 'out/test-case/ledger.jsonl');
    writeFileSync(ledger, `${JSON.stringify({ id, number: 1, to: 'o1@gov.example.uz', state: 'sending', at: new Date().toISOString() })}\n${cut}`);
    const r = await send(dir);
    expect(r.code).toBe(1); // not finished: a person must look
    expect(r.stdout).toContain('Sent 1 message');
    expect(r.stdout).toContain('1 uncertain, not resent');
    expect(r.stderr).toBe('uncertain: line 2 <o1@gov.example.uz>: an earlier run did not hear whether the server took it (the run stopped, or the connection was lost); look for it in your sent mail or ask: if it did not arrive, run again with --resend-uncertain; if it did, with --uncertain-arrived\n');
    const unreadable = readFileSync(ledger, 'utf8').trim().split('\n').filter((line) => {
      try {
        JSON.parse(line);
        return false;
      } catch {
        return true;
      }
    });
    expect(unreadable).toEqual([cut]); // the steps after it are lines of their own
    expect(smtp.received.map((m) => m.to)).toEqual(['o2@gov.example.uz']);
    // A copy of the campaign, where the person finds it arrived: recorded as sent, never sent again.
    const copy = makeCampaign({ csv: rows(2), signer: SIGNER });
    cpSync(path.join(dir, 'out'), path.join(copy, 'out'), { recursive: true });
    const arrived = await send(copy, ['--uncertain-arrived']);
    expect(arrived.code).toBe(0);
    expect(arrived.stdout).toContain('Sent 0 messages');
    expect(arrived.stdout).toContain('1 uncertain recorded as sent');
    const after = await send(copy);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain('2 already sent before');
    expect(smtp.received.map((m) => m.to)).toEqual(['o2@gov.example.uz']);
    const again = await send(dir, ['--resend-uncertain']);
    expect(again.stdout).toContain('Sent 1 message');
    expect(smtp.received.map((m) => m.to).sort()).toEqual(['o1@gov.example.uz', 'o2@gov.example.uz']);
  });

  it('refuses to run while another run holds the campaign, and says what a refused connection means', async () => {
    smtp = await startSmtp();
    const dir = makeCampaign({ csv: rows(1), signer: SIGNER });
    expect((await runCliAsync(['email', 'case.yaml', '--signer', 'me.yaml'], dir)).code).toBe(0);
    writeFileSync(path.join(dir, 'out/test-case/.sending.lock'), String(process.pid));
    const locked = await send(dir);
    expect(locked.code).toBe(2);
    expect(locked.stderr).toContain(`another letters run (process ${process.pid}) is sending this campaign`);
    expect(smtp.received).toHaveLength(0);
    // Not even the outbox is rewritten under a sending run.
    const outboxRun = await runCliAsync(['email', 'case.yaml', '--signer', 'me.yaml', '--to-me', 'x@example.org'], dir);
    expect(outboxRun.code).toBe(2);
    const badUrl = makeCampaign({ csv: rows(1), signer: SIGNER });
    const bad = await runCliAsync(['email', 'case.yaml', '--signer', 'me.yaml', '--smtp', 'http://x', '--send'], badUrl);
    expect(bad.code).toBe(2);
    expect(existsSync(path.join(badUrl, 'out/test-case/outbox'))).toBe(false);

    // A run on another machine (a folder shared between computers): whether it is going cannot be known here.
    writeFileSync(path.join(dir, 'out/test-case/.sending.lock'), '999999999 anna-laptop');
    const elsewhere = await send(dir);
    expect([elsewhere.code, elsewhere.stderr]).toEqual([2, expect.stringContaining('another letters run (process 999999999 on anna-laptop) is sending this campaign\n  hint: wait for it to finish; two runs at once could send a message twice (if no letters run is going on anna-laptop, delete .sending.lock; one not kept fresh for 5 minutes is taken over)')]);
    expect(smtp.received).toHaveLength(0);
    // Not kept fresh (a run holding a lock touches it every half minute): a container started again, under another name.
    const stale = new Date(Date.now() - 6 * 60_000);
    utimesSync(path.join(dir, 'out/test-case/.sending.lock'), stale, stale);
    const taken = await runCliAsync(['email', 'case.yaml', '--signer', 'me.yaml'], dir); // (the outbox made again: under the lock too)
    expect([taken.code, taken.stderr]).toEqual([0, '']);
    expect(existsSync(path.join(dir, 'out/test-case/.sending.lock'))).toBe(false);
    writeFileSync(path.join(dir, 'out/test-case/.sending.lock'), `999999999 ${hostname()}`); // a run that died
    const port = smtp.port;
    const tls = await runCliAsync(['email', 'case.yaml', '--signer', 'me.yaml', '--smtp', `smtps://127.0.0.1:${port}`, '--send'], dir, ENV);
    expect(tls.code).toBe(1);
    expect(tls.stderr).toContain(`could not start TLS with 127.0.0.1:${port}: the server does not speak TLS on this port — use smtp://`);
    await smtp.close();
    smtp = undefined;
    const refused = await runCliAsync(['email', 'case.yaml', '--signer', 'me.yaml', '--smtp', `smtp://user:secret@127.0.0.1:${port}`, '--send'], dir, ENV);
    expect(refused.code).toBe(1);
    // Found before the first message, once: not one retried failure per message.
    expect(refused.stderr).toBe(`letters: could not connect to 127.0.0.1:${port}: connection refused — check --smtp; nothing was sent\n`);
    expect(existsSync(path.join(dir, 'out/test-case/failed.csv'))).toBe(false);
    const dry = await runCliAsync(['email', 'case.yaml', '--signer', 'me.yaml', '--smtp', `smtp://127.0.0.1:${port}`], dir, ENV);
    expect(dry.code).toBe(1);
    expect(dry.stderr).toContain('connection refused — check --smtp');
    const dryUser = await runCliAsync(['email', 'case.yaml', '--signer', 'me.yaml', '--smtp', `smtp://user@127.0.0.1:${port}`], dir, ENV);
    expect(dryUser.code).toBe(1); // a wrong host or port is found without the password too
    expect(dryUser.stderr).toContain('connection refused — check --smtp');
    expect(dry.stdout).toContain('Dry run: would send 1 message'); // and the outbox is there to see
    expect(refused.stdout + refused.stderr).not.toContain('secret');
    expect(existsSync(path.join(dir, 'out/test-case/.sending.lock'))).toBe(false);
  });

  it('the connections opened while the messages are made are closed at once when a message cannot be made', async () => {
    // A server that takes connections and never greets, as a hung one does: waiting for its
    // greeting would keep the run alive 20 s after it failed (the test's limit is 15 s).
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as AddressInfo).port;
      const dir = makeCampaign({ csv: `${rows(40)}\n習近平,Dear Sir,S,Tashkent,Uzbekistan,x@gov.example.uz`, signer: SIGNER });
      const r = await runCliAsync(['email', 'case.yaml', '--signer', 'me.yaml', '--smtp', `smtp://127.0.0.1:${port}`, '--send', '--attach-pdf'], dir, ENV);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('officials.csv:42:');
      expect(r.stderr).toContain('U+7FD2');
      expect(sockets.length).toBe(1); // opened ahead (the others wait for it to log in)
      expect(existsSync(path.join(dir, 'out'))).toBe(false); // nothing written
    } finally {
      sockets.forEach((s) => s.destroy());
      silent.close();
    }
  }, 15_000);
});

describe('letters email: test copies', () => {
  it('messages sent --to-me do not count as sent to the officials', async () => {
    smtp = await startSmtp();
    const dir = makeCampaign({ csv: rows(2), signer: SIGNER });
    const test = await send(dir, ['--to-me', 'anna@example.org']);
    expect(test.code).toBe(0);
    expect(smtp.received.map((m) => m.to)).toEqual(['anna@example.org', 'anna@example.org']);
    expect(test.stdout).toContain('Sent 2 messages (test copies, all to anna@example.org) via');
    const real = await send(dir);
    expect(real.stdout).toContain('Sent 2 messages');
    expect(smtp.received.map((m) => m.to).sort()).toEqual(['anna@example.org', 'anna@example.org', 'o1@gov.example.uz', 'o2@gov.example.uz']);
    // A test copy goes again whenever asked (after the template changed, say).
    const again = await send(dir, ['--to-me', 'anna@example.org']);
    expect(again.stdout).toContain('Sent 2 messages');
    expect(smtp.received.filter((m) => m.to === 'anna@example.org')).toHaveLength(4);
  });
});

describe('letters email: killed mid-batch', () => {
  it('after SIGKILL and a second run, no official has two messages and none is lost beyond those reported uncertain', async () => {
    // The sending process is killed once the server has 60 of the 300 messages.
    smtp = await startSmtp();
    const slow = smtp;
    const dir = makeCampaign({ csv: rows(300), signer: SIGNER });
    expect((await runCliAsync(['email', 'case.yaml', '--signer', 'me.yaml'], dir)).code).toBe(0);
    const child = spawn(process.execPath, [CLI, 'email', 'case.yaml', '--signer', 'me.yaml', '--smtp', slow.url, '--send'], { cwd: dir, env: { ...process.env, ...ENV } });
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (slow.received.length >= 60) {
          clearInterval(timer);
          child.kill('SIGKILL');
          resolve();
        }
      }, 2);
    });
    await new Promise((r) => child.on('close', r));
    const afterKill = slow.received.length;
    expect(afterKill).toBeGreaterThanOrEqual(60);
    expect(afterKill).toBeLessThan(300);

    const again = await send(dir);
    const uncertain = Number(/(\d+) uncertain, not resent/.exec(again.stdout)?.[1] ?? 0);
    expect(again.code).toBe(uncertain ? 1 : 0); // messages left uncertain are not a finished run
    expect(uncertain).toBeLessThanOrEqual(8); // at most the messages in flight at once (IN_FLIGHT in src/send/smtp.ts)
    const counts = new Map<string, number>();
    for (const m of slow.received) counts.set(m.to, (counts.get(m.to) ?? 0) + 1);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(counts.size).toBeGreaterThanOrEqual(300 - uncertain);
    // The killed run's spool of messages is gone: the second run removed it.
    expect(readdirSync(path.join(dir, 'out/test-case')).filter((f) => f.startsWith('.'))).toEqual([]);
  }, 120_000);
});

/** Each message's last step in the campaign's ledger, by Message-ID. */
function lastSteps(dir: string): Map<string, string> {
  const steps = readFileSync(path.join(dir, 'out/test-case/ledger.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; state: string });
  return new Map(steps.map((e) => [e.id, e.state]));
}

describe('letters email: Ctrl-C while sending', () => {
  /** Starts sending, presses Ctrl-C once the server has `after` messages, and waits for the end. */
  async function interrupted(dir: string, server: TestSmtp, after: number, extra: string[], signal: NodeJS.Signals = 'SIGINT') {
    const child = spawn(process.execPath, [CLI, 'email', 'case.yaml', '--signer', 'me.yaml', '--smtp', server.url, '--send', ...extra], { cwd: dir, env: { ...process.env, ...ENV } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (server.received.length >= after) {
          clearInterval(timer);
          child.kill(signal);
          resolve();
        }
      }, 5);
    });
    const code = await new Promise((r) => child.on('close', r));
    return { code, stdout, stderr };
  }

  it('stops the same way when the terminal is closed (SIGHUP): none uncertain', async () => {
    smtp = await startSmtp();
    const dir = makeCampaign({ csv: rows(120), signer: SIGNER });
    const h = await interrupted(dir, smtp, 10, ['--rate', '40/s'], 'SIGHUP');
    expect(h.code).toBe(129);
    expect(h.stdout).toMatch(/not sent, stopped \(the same command sends them\)/);
    expect(h.stderr).toContain('letters: stopped; nothing half-written was left');
    const last = lastSteps(dir);
    expect([...last.values()].filter((x) => x !== 'sent')).toEqual([]);
    expect(last.size).toBe(smtp.received.length);
  });

  it('stops after the messages being sent are answered: none uncertain, a summary, and the same command sends the rest', async () => {
    smtp = await startSmtp();
    const server = smtp;
    const dir = makeCampaign({ csv: rows(120), signer: SIGNER });
    const r = await interrupted(dir, server, 10, ['--rate', '40/s']);
    expect(r.code).toBe(130);
    const sent = server.received.length;
    expect(sent).toBeLessThan(120);
    expect(r.stdout).toContain(`Sent ${sent} messages via ${server.url}; ${120 - sent} not sent, stopped (the same command sends them)`);
    expect(r.stderr).toBe('\nletters: stopping (Ctrl-C again to stop at once)…\nletters: stopped; nothing half-written was left\n');
    // Every message begun was answered: the ledger's last word on each is "sent".
    const last = lastSteps(dir);
    expect([...last.values()].filter((s) => s !== 'sent')).toEqual([]);
    expect(last.size).toBe(sent);
    expect(readdirSync(path.join(dir, 'out/test-case')).sort()).toEqual(['ledger.jsonl']); // no spool left, no outbox made

    const again = await send(dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Sent ${120 - sent} messages via`);
    expect(again.stdout).not.toContain('uncertain');
    expect(server.received.map((m) => m.to).sort()).toEqual(Array.from({ length: 120 }, (_, i) => `o${i + 1}@gov.example.uz`).sort());
  });

  it('while the messages are being made: nothing sent, and neither the lock nor the messages left, nor what a killed run left', async () => {
    smtp = await startSmtp();
    const server = smtp;
    const dir = makeCampaign({ csv: rows(1500), signer: SIGNER });
    const caseFolder = path.join(dir, 'out/test-case');
    const hidden = () => (existsSync(caseFolder) ? readdirSync(caseFolder).filter((f) => f.startsWith('.')).sort() : []);
    /** Starts --send with PDFs and sends `signal` once it is writing its messages. */
    const stopWhileMaking = async (signal: NodeJS.Signals) => {
      const child = spawn(process.execPath, [CLI, 'email', 'case.yaml', '--signer', 'me.yaml', '--smtp', server.url, '--send', '--attach-pdf'], { cwd: dir, env: { ...process.env, ...ENV } });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      await new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          if (hidden().some((f) => f.startsWith('.messages.eml.'))) {
            clearInterval(timer);
            child.kill(signal);
            resolve();
          }
        }, 5);
      });
      return { code: await new Promise((r) => child.on('close', r)), stderr };
    };
    const killed = await stopWhileMaking('SIGKILL');
    expect(killed.code).toBe(null);
    expect(hidden()).toEqual(expect.arrayContaining(['.sending.lock', expect.stringMatching(/^\.messages\.eml\.\d+-0-\d+\.tmp$/)]));
    // A run without --send takes the dead run's lock over and removes its messages.
    expect((await runCliAsync(['email', 'case.yaml', '--signer', 'me.yaml'], dir)).code).toBe(0);
    expect(hidden()).toEqual([]);

    const stopped = await stopWhileMaking('SIGINT');
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain('letters: stopped; nothing half-written was left');
    expect(hidden()).toEqual([]);
    expect(server.received).toHaveLength(0);
  }, 60_000);

  it('does not wait out a --rate turn, and counts what was sent before as sent', async () => {
    smtp = await startSmtp();
    const server = smtp;
    const dir = makeCampaign({ csv: rows(6), signer: SIGNER });
    expect((await send(dir, ['--where', 'name=Official 1'])).code).toBe(0); // one sent by an earlier run
    // Two a minute: after the first two, the third waits a minute for its turn; Ctrl-C ends the wait.
    const r = await interrupted(dir, server, 3, ['--rate', '2/min']);
    expect(r.code).toBe(130);
    expect(r.stdout).toContain(`Sent 2 messages via ${server.url}; 1 already sent before; 3 not sent, stopped (the same command sends them)`);
    expect(server.received).toHaveLength(3);
  });
});
