import { readdir, rm, writeFile } from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';
import path from 'node:path';
import { loadCampaign, type CampaignOptions } from './campaign/campaign.js';
import { emailFinding, emailProblem } from './campaign/email.js';
import { checkFieldUses } from './campaign/fields.js';
import { InputError, ProblemList } from './errors.js';
import { loadFonts } from './layout/fonts.js';
import type { Letter } from './letter.js';
import { contactMailbox, letterToEml, stableMessageId, type Mailbox } from './output/email.js';
import { ensureDir, letterFileName, writeAtomically, writeFileAtomicallySync } from './output/files.js';
import { letterPdfBuffer } from './output/pdf.js';
import { rowLayouter } from './prepare.js';
import { recipientLabel } from './render/address.js';
import { readYamlFile } from './campaign/yamlfile.js';
import { Ledger, takeLock } from './send/ledger.js';
import { parseRate, safeUrl, sendMessages, type OutgoingMessage, type SendReport } from './send/smtp.js';
import { letterRenderer } from './render/letter.js';
import type { Recipient } from './campaign/recipients.js';

export interface EmailOptions extends CampaignOptions {
  outDir?: string;
  /** Send every message to this address instead, to check them first. */
  toMe?: string;
  /** From: the case's sender, with Reply-To: the signer (when the group's account sends). */
  fromGroup?: boolean;
  attachPdf?: boolean;
  /** smtp://user@host:587; else LETTERS_SMTP_URL, else the config file's smtp.url. */
  smtp?: string;
  /** A YAML file with an `smtp:` block (url, rate, perDay). */
  config?: string;
  /** Really send (without it, a dry run says what would be sent). */
  send?: boolean;
  rate?: string;
  perDay?: number;
  resendUncertain?: boolean;
  retryBaseMs?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface EmailResult {
  folder: string;
  messages: number;
  /** Officials without an e-mail address: their letters go by post. */
  skipped: number;
  /** With an SMTP server: the server (password hidden), and what happened or would happen. */
  smtp?: string;
  dryRun?: { toSend: number; alreadySent: number; uncertain: number };
  sent?: SendReport;
  failedCsv?: string;
  seconds: number;
}

const EML_FILE = /^\d{3,}-[a-z0-9-]+\.eml$/;

/**
 * `letters email`: one .eml per official with an e-mail address, in `out/<case>/outbox/`,
 * written and not sent. Every address is checked before the first message is written.
 */
export async function emailCampaign(o: EmailOptions): Promise<EmailResult> {
  const started = performance.now();
  const c = loadCampaign(o);
  const problems = new ProblemList();
  const list = c.recipients;
  if (!list.columns.includes('email')) {
    throw new InputError({ location: { file: list.file, line: 1 }, message: 'there is no email column', hint: `columns found: ${list.columns.join(', ')}` });
  }
  const toMe = o.toMe?.trim();
  const toMeProblem = toMe ? emailProblem(toMe) : undefined;
  if (toMeProblem) throw new InputError({ message: `--to-me "${toMe}" ${toMeProblem}` });

  const sender = contactMailbox(c.caseFile.sender);
  const signer = contactMailbox(c.signer);
  const from = o.fromGroup ? sender : (signer ?? sender);
  if (!from) {
    throw new InputError({
      message: o.fromGroup ? 'the case file\'s sender has no email: there is no From address' : 'no From address: neither the signer nor the case\'s sender has an email',
      hint: 'add "email:" to the signer file (--signer), or to the sender block of the case file',
    });
  }
  const fromBox: Mailbox = from;
  const replyTo = o.fromGroup && signer ? signer : undefined;

  // Rows without an address are postal letters; rows with a bad one are errors, before anything is written.
  const rows = c.rows.filter((r) => r.values.email);
  for (const row of rows) {
    const bad = emailFinding(row.values.email!, { file: list.file, line: row.line });
    if (bad) problems.add(bad);
  }
  const campaign = { ...c, rows };
  checkFieldUses(c.template.uses, campaign).forEach((p) => problems.add(p));
  problems.throwIfAny();

  // Two passes, so memory does not grow with the number of messages: every row is made once
  // to find every problem before anything is written, then again as its message is written.
  const fonts = loadFonts();
  const render = letterRenderer({ ...campaign, recipientsFile: list.file });
  const layout = o.attachPdf ? rowLayouter(campaign, fonts, (p) => problems.add(p)) : undefined;
  const make = async (row: Recipient): Promise<{ letter: Letter; pdf?: Buffer } | undefined> => {
    if (layout) {
      const laid = layout(row);
      return laid && { letter: laid.letter, pdf: await letterPdfBuffer(laid, fonts) };
    }
    try {
      return { letter: render(row) };
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      err.problems.forEach((p) => problems.add(p));
      return undefined;
    }
  };
  for (const row of rows) {
    if (layout) layout(row);
    else await make(row);
  }
  problems.throwIfAny();

  // Everything about the server is checked before the outbox is touched.
  const smtp = smtpSettings(o);
  const rate = o.rate ?? smtp?.rate;
  if (rate) parseRate(rate);

  const folder = path.join(o.outDir ?? 'out', c.caseFile.id, 'outbox');
  const caseFolder = path.dirname(folder);
  await ensureDir(folder);
  // One run at a time rewrites the outbox or sends from it: a message is sent as the file it was.
  const release = takeLock(path.join(caseFolder, '.sending.lock'));
  try {
    return await writeAndSend();
  } finally {
    release();
  }

  /**
   * Writes each message to the outbox and hands it on as soon as it is written, so sending starts
   * with the first message and nothing waits for the whole outbox.
   */
  async function* writeMessages(): AsyncGenerator<OutgoingMessage> {
    const width = Math.max(3, String(list.rows.length).length);
    const domain = fromBox.address.split('@')[1]!;
    const written = new Set<string>();
    const date = new Date();
    for (const row of rows) {
      const made = await make(row);
      if (!made) throw new Error(`row ${row.line} failed on the second pass`); // the first pass found nothing
      const { letter, pdf } = made;
      const v = letter.recipient.values;
      const to: Mailbox = { name: letter.recipientName, address: toMe ?? v.email! };
      const name = letterFileName(letter.number, recipientLabel(v), width).replace(/\.pdf$/, '');
      // A test copy (--to-me) is another message: sending it must not mark the real one as sent.
      const signerKey = `${signer?.address ?? c.signer?.name ?? ''}${toMe ? `|to-me:${toMe.toLowerCase()}` : ''}`;
      const messageId = stableMessageId(c.caseFile.id, `${v.email!.toLowerCase()}|${letter.recipientName}`, signerKey, domain);
      const eml = letterToEml(letter, {
        from: fromBox,
        replyTo,
        to,
        date,
        messageId,
        attachment: pdf ? { filename: `${name}.pdf`, content: pdf } : undefined,
      });
      const file = path.join(folder, `${name}.eml`);
      writeFileAtomicallySync(file, eml);
      written.add(`${name}.eml`);
      yield { id: messageId, number: letter.number, line: letter.recipient.line, from: fromBox.address, to: to.address, file, content: eml };
    }
    // The outbox is the campaign's messages now: a full run removes messages an earlier one left.
    if (!c.filtered) {
      for (const f of await readdir(folder)) if (EML_FILE.test(f) && !written.has(f)) await rm(path.join(folder, f));
    }
  }

  async function writeAndSend(): Promise<EmailResult> {
    const result: EmailResult = { folder, messages: rows.length, skipped: c.rows.length - rows.length, seconds: 0 };
    if (smtp && o.send) {
      result.smtp = safeUrl(smtp.url);
      const ledger = new Ledger(path.join(caseFolder, 'ledger.jsonl'));
      try {
        result.sent = await sendMessages(writeMessages(), rows.length, ledger, {
          url: smtp.url,
          password: process.env.LETTERS_SMTP_PASSWORD,
          rate,
          perDay: o.perDay ?? smtp.perDay,
          resendUncertain: o.resendUncertain,
          retryBaseMs: o.retryBaseMs,
          onProgress: o.onProgress,
        });
      } finally {
        ledger.close();
      }
      result.failedCsv = path.join(caseFolder, 'failed.csv');
      const failed = result.sent.failed.map((f) => ({ row: f.message.line, address: f.message.to, answer: f.answer }));
      if (failed.length) await writeAtomically(result.failedCsv, (tmp) => writeFile(tmp, `\uFEFF${stringify(failed, { header: true, columns: ['row', 'address', 'answer'] })}`));
      else await rm(result.failedCsv, { force: true });
    } else if (smtp) {
      // A dry run: what --send would do.
      result.smtp = safeUrl(smtp.url);
      const ledger = new Ledger(path.join(caseFolder, 'ledger.jsonl'));
      const dryRun = { toSend: 0, alreadySent: 0, uncertain: 0 };
      try {
        for await (const m of writeMessages()) {
          const state = ledger.last.get(m.id)?.state;
          if (state === 'sent') dryRun.alreadySent++;
          else if (state === 'sending' && !o.resendUncertain) dryRun.uncertain++;
          else dryRun.toSend++;
        }
      } finally {
        ledger.close();
      }
      result.dryRun = dryRun;
    } else {
      for await (const _ of writeMessages()); // the outbox is the result
    }
    result.seconds = (performance.now() - started) / 1000;
    return result;
  }
}

/** Where the SMTP server comes from: --smtp, then LETTERS_SMTP_URL, then the config file. */
function smtpSettings(o: EmailOptions): { url: string; rate?: string; perDay?: number } | undefined {
  let config: { url?: string; rate?: string; perDay?: number } = {};
  if (o.config) {
    const data = readYamlFile(o.config, 'config file').data as { smtp?: { url?: string; rate?: string; per_day?: string } } | null;
    const perDay = data?.smtp?.per_day;
    if (perDay !== undefined && !/^[1-9]\d*$/.test(String(perDay))) {
      throw new InputError({ location: { file: o.config }, message: `smtp.per_day "${perDay}" is not a whole number of messages`, hint: 'for example per_day: 200' });
    }
    config = { url: data?.smtp?.url, rate: data?.smtp?.rate, perDay: perDay === undefined ? undefined : Number(perDay) };
  }
  const url = o.smtp ?? process.env.LETTERS_SMTP_URL ?? config.url;
  if (!url) {
    if (o.send) throw new InputError({ message: '--send needs an SMTP server', hint: 'give --smtp smtp://user@host:587, or set LETTERS_SMTP_URL' });
    return undefined;
  }
  if (!/^smtps?:\/\/[^/]+/.test(url)) {
    throw new InputError({ message: `the SMTP URL "${safeUrl(url)}" is not smtp://host:port or smtps://host:port`, hint: 'for example smtp://user@mail.example.org:587' });
  }
  return { url, rate: config.rate, perDay: config.perDay };
}
