import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadCampaign, type CampaignOptions } from './campaign/campaign.js';
import { emailProblem } from './campaign/email.js';
import { checkFieldUses } from './campaign/fields.js';
import { InputError, ProblemList } from './errors.js';
import { loadFonts } from './layout/fonts.js';
import type { Letter } from './letter.js';
import { contactMailbox, letterToEml, stableMessageId, type Mailbox } from './output/email.js';
import { letterFileName, writeAtomically } from './output/files.js';
import { letterPdfBuffer } from './output/pdf.js';
import { rowLayouter } from './prepare.js';
import { recipientLabel } from './render/address.js';
import { letterRenderer } from './render/letter.js';

export interface EmailOptions extends CampaignOptions {
  outDir?: string;
  /** Send every message to this address instead, to check them first. */
  toMe?: string;
  /** From: the case's sender, with Reply-To: the signer (when the group's account sends). */
  fromGroup?: boolean;
  attachPdf?: boolean;
}

export interface EmailResult {
  folder: string;
  messages: number;
  /** Officials without an e-mail address: their letters go by post. */
  skipped: number;
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
  const replyTo = o.fromGroup && signer ? signer : undefined;

  // Rows without an address are postal letters; rows with a bad one are errors, before anything is written.
  const rows = c.rows.filter((r) => r.values.email);
  for (const row of rows) {
    const bad = emailProblem(row.values.email!);
    if (bad) {
      problems.add({
        location: { file: list.file, line: row.line },
        message: `the e-mail address "${row.values.email!.replace(/[\r\n]+/g, '⏎')}" ${bad}`,
        hint: 'one plain address per row, like minister@gov.example: a message must not go to anyone else',
      });
    }
  }
  const campaign = { ...c, rows };
  checkFieldUses(c.template.uses, campaign).forEach((p) => problems.add(p));
  problems.throwIfAny();

  const fonts = loadFonts();
  const letters: Letter[] = [];
  const pdfs = new Map<number, Buffer>();
  if (o.attachPdf) {
    const layout = rowLayouter(campaign, fonts, (p) => problems.add(p));
    const laid = rows.flatMap((r) => layout(r) ?? []);
    problems.throwIfAny();
    for (const l of laid) {
      letters.push(l.letter);
      pdfs.set(l.letter.number, await letterPdfBuffer(l, fonts));
    }
  } else {
    const render = letterRenderer({ ...campaign, recipientsFile: list.file });
    for (const row of rows) {
      try {
        letters.push(render(row));
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        err.problems.forEach((p) => problems.add(p));
      }
    }
    problems.throwIfAny();
  }

  const folder = path.join(o.outDir ?? 'out', c.caseFile.id, 'outbox');
  await mkdir(folder, { recursive: true });
  const width = Math.max(3, String(list.rows.length).length);
  const domain = from.address.split('@')[1]!;
  const made = new Set<string>();
  const date = new Date();
  for (const letter of letters) {
    const v = letter.recipient.values;
    const to: Mailbox = { name: letter.recipientName, address: toMe ?? v.email! };
    const name = letterFileName(letter.number, recipientLabel(v), width).replace(/\.pdf$/, '');
    const pdf = pdfs.get(letter.number);
    const eml = await letterToEml(letter, {
      from,
      replyTo,
      to,
      date,
      messageId: stableMessageId(c.caseFile.id, `${v.email!.toLowerCase()}|${letter.recipientName}`, signer?.address ?? c.signer?.name ?? '', domain),
      attachment: pdf ? { filename: `${name}.pdf`, content: pdf } : undefined,
    });
    await writeAtomically(path.join(folder, `${name}.eml`), (tmp) => writeFile(tmp, eml));
    made.add(`${name}.eml`);
  }
  // The outbox is the campaign's messages now: a full run removes messages an earlier one left.
  if (!c.filtered) {
    for (const f of await readdir(folder)) if (EML_FILE.test(f) && !made.has(f)) await rm(path.join(folder, f));
  }
  return { folder, messages: letters.length, skipped: c.rows.length - rows.length, seconds: (performance.now() - started) / 1000 };
}
