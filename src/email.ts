import { closeSync, openSync, writeSync } from 'node:fs';
import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { campaignErrors, expectedRows, openCampaign, FirstPass, selectedRows, type Campaign, type CampaignOptions, type RowChecks } from './campaign/campaign.js';
import type { Recipient } from './campaign/recipients.js';
import { duplicateEmailFinding, emailFinding, emailOfficialKey, emailProblem, sameMailboxFinding, unusualEmailWarning } from './campaign/email.js';
import { RunWarnings, type Warning, type WarningSummary } from './campaign/warnings.js';
import { officialName, personalName } from './render/address.js';
import { checkFieldUses } from './campaign/fields.js';
import { InputError, ProblemList, type Problem } from './errors.js';
import { csvText } from './output/csvfile.js';
import { contactMailbox, messageName, type Mailbox, type MessageSettings, type OutgoingMessage } from './output/email.js';
import { RowRunner, workerCount } from './parallel/pool.js';
import { campaignShape } from './parallel/tasks.js';
import { campaignFolder, ensureDir, LineList, removeStaleTemporaries, renameAllSync, temporaryNames, writeAtomically } from './output/files.js';
import { readYamlFile } from './campaign/yamlfile.js';
import { Ledger, takeLock } from './send/ledger.js';
import { aboutDuration, askServer, ConnectionsAhead, missingPassword, parseRate, rateDurationMs, safeUrl, sendMessages, smtpUrlProblem, type SendReport } from './send/smtp.js';
import { keepHeapSmall } from './heap.js';
import { suggest } from './suggest.js';
import { whole } from './stop.js';
import { allTemplates, rowsByTemplate } from './campaign/template.js';

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
  /** Record the uncertain messages as sent: a person found that they arrived. */
  uncertainArrived?: boolean;
  /** Send messages held back because their official or address had this case's letter before, or drop them. */
  sendHeld?: boolean;
  dropHeld?: boolean;
  retryBaseMs?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface EmailResult {
  folder: string;
  messages: number;
  /** Officials without an e-mail address: their letters go by post. */
  skipped: number;
  /** The case's sender's address, when the messages are from it because the signer has none. */
  fromSender?: string;
  /** With an SMTP server: the server (password hidden), and what happened or would happen. */
  smtp?: string;
  /** What --send would do; `server`: "answered", or why it did not; `loginUnchecked`: asked without the login (no password at hand). */
  dryRun?: {
    toSend: number;
    alreadySent: number;
    uncertain: number;
    held: number;
    dropped: number;
    overQuota: number;
    server: string;
    loginUnchecked: boolean;
    /** The rate given, and how long sending `toSend` messages at it takes ("about 25 minutes"). */
    rate?: { rate: string; ms: number; takes: string };
  };
  sent?: SendReport;
  /** Messages not put in the outbox, as the ledger says they were sent, may have been (no answer), or were dropped, or --send would hold them back. */
  leftOut?: { sent: number; uncertain: number; dropped: number; held: number; heldLines: number[] };
  failedCsv?: string;
  seconds: number;
  /** What check would warn of too: the same official on two rows, one in another country, an empty salutation. */
  warnings: WarningSummary;
}

const EML_FILE = /^\d{3,}-[a-z0-9-]+\.eml$/;

/** The messages made, read back as they are sent; `done` removes their list (and spool). */
interface Outbox {
  messages(): Generator<OutgoingMessage>;
  done(): void;
}

function* messagesIn(list: LineList): Generator<OutgoingMessage> {
  for (const line of list.lines()) yield JSON.parse(line) as OutgoingMessage;
}

/**
 * `letters email`: one .eml per official with an e-mail address, in `out/<case>/outbox/`; with an
 * SMTP server, also what would be sent; with `send`, the messages sent instead (the outbox is left
 * as it was). Every row is checked before the first message is written, and every message made
 * before the first is sent.
 */
export async function emailCampaign(o: EmailOptions): Promise<EmailResult> {
  const started = performance.now();
  keepHeapSmall();
  // PDFs are made in worker threads for large runs, and in this thread; messages without them cost
  // less to make here than to hand over. The threads start while this one checks the rows.
  const runner = await RowRunner.start(o.attachPdf ? Math.min(expectedRows(o), o.limit ?? Infinity) : 0, o.attachPdf ? 'files' : 'text');
  try {
    return await emailWith(runner, started, o);
  } finally {
    await runner.close();
  }
}

async function emailWith(runner: RowRunner, started: number, o: EmailOptions): Promise<EmailResult> {
  const { campaign: c, rows: csv } = openCampaign(o, emailRowChecks());
  const problems = new ProblemList();
  const list = c.recipients;
  if (!list.columns.includes('email')) {
    throw new InputError({ location: { file: list.file, line: list.headerLine ?? 1 }, message: 'there is no email column', hint: `columns found: ${list.columns.join(', ')}` });
  }
  const toMe = o.toMe?.trim();
  const toMeProblem = toMe ? emailProblem(toMe) : undefined;
  if (toMeProblem) throw new InputError({ message: `--to-me "${toMe}" ${toMeProblem}` });

  // A posted letter is signed by hand; an e-mail is signed by the name under it.
  if (!c.signer?.name?.trim()) {
    throw new InputError({
      message: 'an e-mail needs a signer: without one the letter ends with no name under it',
      hint: 'give --signer me.yaml (name, address, email): the volunteer whose name closes the letter',
    });
  }
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

  // Every row read and checked before anything is written (the CSV is read again to make the
  // messages); of each row only its official's address and name are kept, to find one twice.
  // Rows without an address are postal letters; rows with a bad one are errors.
  for (const t of allTemplates(c)) checkFieldUses(t.uses, c).forEach((p) => problems.add(p));
  const warnings = new RunWarnings(c.recipients, c.caseFile, c, 'email');
  campaignErrors(c).forEach((p) => problems.add(p));
  let messages = 0;
  const checkRows = emailRowChecks(warnings);
  const pass = new FirstPass(csv, o, problems);
  for await (const { selected } of pass) {
    const rows = selected.filter((r) => r.values.email);
    messages += rows.length;
    checkRows(selected, c).forEach((p) => problems.add(p)); // (it keeps the rows with an address itself)
    for (const [t, its] of rowsByTemplate({ ...c, rows })) checkFieldUses(t.uses, { ...c, rows: its }).forEach((p) => problems.add(p));
  }
  pass.end();
  warnings.greetingErrors().forEach((p) => problems.add(p));
  const { total, selected, filtered } = pass;
  problems.throwIfAny();
  // The threads were started for the CSV's lines: too few officials with an address do not pay for them.
  if (runner.threads && workerCount(messages, 'files') === 0) {
    await runner.close();
    runner = await RowRunner.start(0, 'text');
  }
  /** The rows with an address, read again. */
  function* rows(): Generator<Recipient> {
    for (const row of selectedRows(csv, o)) if (row.values.email) yield row;
  }
  const shape = campaignShape(o, c);

  // Everything about the server is checked before the outbox is touched.
  const smtp = smtpSettings(o);
  const rate = o.rate ?? smtp?.rate;
  if (rate) parseRate(rate);
  const password = process.env.LETTERS_SMTP_PASSWORD;
  const folder = path.join(campaignFolder(o.outDir, o.casePath, c.caseFile.id), 'outbox');
  const settings: MessageSettings = {
    caseId: c.caseFile.id,
    from: fromBox,
    replyTo,
    toMe,
    signerKey: signer?.address ?? c.signer?.name ?? '',
    signerName: c.signer?.name,
    date: new Date(),
    folder,
    width: Math.max(3, String(total).length),
  };
  // One run at a time rewrites the outbox or sends.
  let release: (() => void) | undefined;
  const leftOut = { sent: 0, uncertain: 0, dropped: 0, held: 0, heldLines: [] as number[] };
  // The server's connections, opened while the messages are made (once the lock is taken).
  let ahead: ConnectionsAhead | undefined;
  try {
    const outbox = await makeMessages(runner, settings, !!(smtp && o.send));
    try {
      return await send(outbox.messages(), folder, smtp, rate);
    } finally {
      outbox.done();
    }
  } finally {
    ahead?.close();
    release?.();
  }

  /**
   * One pass over the rows: each message is made (in worker threads for large runs) and kept while
   * every row so far is good. For the outbox, the thread that made it writes it under a temporary
   * name, and the files take their names only when every row is known good. To send (`spool`),
   * the messages go one after the other into a single temporary file in the case folder, removed
   * when the run ends: the outbox is left as it was (it is for reading the messages), and creating
   * a file per message cost more than making it (a third of a millisecond each on this disk).
   * Either way, on a problem everything is removed and the problems thrown, and nothing is sent
   * before. What sending needs of each message besides its bytes is kept in a temporary list
   * beside them, not in memory.
   */
  async function makeMessages(runner: RowRunner, message: MessageSettings, spool: boolean): Promise<Outbox> {
    const folder = message.folder;
    // The lock comes first: a run it refuses removes nothing of the run that holds it.
    const caseFolder = path.dirname(folder);
    const unmakeCase = await ensureDir(caseFolder);
    let unmakeOutbox = () => {};
    const temporary = temporaryNames(spool ? caseFolder : folder);
    let list: LineList | undefined;
    let spoolFd: number | undefined;
    try {
      release = takeLock(path.join(caseFolder, '.sending.lock'));
      if (spool && smtp && messages > 0) ahead = new ConnectionsAhead({ url: smtp.url, password }, messages);
      if (!spool) unmakeOutbox = await ensureDir(folder);
      // What killed runs left: a sending run's messages in the case folder, an outbox's files.
      removeStaleTemporaries(caseFolder);
      if (!spool) removeStaleTemporaries(folder);
      const made = (list = new LineList(temporary('messages')));
      const spoolFile = temporary('messages.eml');
      if (spool) spoolFd = openSync(spoolFile, 'w');
      let spooled = 0; // bytes
      const batches = runner.batches('buildMessages', rows(), (batch) => {
        const keep = problems.size === 0; // after the first problem, only check
        const files = keep && !spool ? batch.map((row) => temporary(`${messageName(row.index, row.values, message.width)}.eml`)) : undefined;
        return { ...shape, rows: batch, message, attachPdf: !!o.attachPdf, files, spool: keep && spool };
      });
      for await (const batch of batches) {
        batch.problems.forEach((p) => problems.add(p));
        if (problems.size > 0) continue;
        if (spoolFd !== undefined) {
          batch.messages.forEach((m, i) => {
            const bytes = batch.contents[i]!;
            // All of it, or the places of the messages after it would be wrong.
            for (let done = 0; done < bytes.length; ) done += writeSync(spoolFd!, bytes, done);
            m.file = spoolFile;
            m.at = { offset: spooled, length: bytes.length };
            spooled += bytes.length;
          });
        }
        made.add(batch.messages.map((m) => JSON.stringify(m)));
      }
      problems.throwIfAny();
      await runner.close(); // sending needs no worker
      made.close();
      if (spoolFd !== undefined) closeSync(spoolFd);
      spoolFd = undefined;
      // Ctrl-C does not cut it short.
      if (!spool) {
        // The outbox is what a mail client sends: a message the ledger says went (or may have
        // gone, or was dropped) is not put in it, to be sent by hand a second time.
        const recorded = toMe ? undefined : new Ledger(path.join(caseFolder, 'ledger.jsonl'));
        recorded?.close(); // (read only)
        // (And one --send would hold back: its official or address had this case's letter before,
        // from a row corrected since, another signer, or --from-group; --send-held puts it in.)
        const left = (m: OutgoingMessage) => {
          const state = recorded?.state(m.id);
          if (state !== undefined) return state === 'failed' ? undefined : state;
          return !o.sendHeld && recorded?.earlierFor(m) ? 'held' : undefined;
        };
        const placed = new Set<string>();
        const gone: string[] = []; // (an earlier run's copy of such a message goes too, in a --where run as well)
        for (const m of messagesIn(made)) {
          const state = left(m);
          if (state === undefined) placed.add(path.basename(m.file));
          else {
            leftOut[state === 'sending' ? 'uncertain' : state]++;
            if (state === 'held' && leftOut.heldLines.length < 10) leftOut.heldLines.push(m.line);
            gone.push(m.file);
          }
        }
        await whole('placing files', async () => {
          renameAllSync(function* () {
            for (const m of messagesIn(made)) if (placed.has(path.basename(m.file))) yield { from: temporary(path.basename(m.file)), to: m.file };
          });
          for (const file of gone) await rm(file, { force: true });
          if (!filtered) await removeOthers(folder, placed);
        });
      }
      return { messages: () => messagesIn(made), done: () => temporary.removeAll() };
    } catch (err) {
      list?.close();
      if (spoolFd !== undefined) closeSync(spoolFd);
      temporary.removeAll(); // the list of messages too
      unmakeOutbox();
      release?.();
      release = undefined;
      unmakeCase();
      throw err;
    }
  }

  /** The outbox is the campaign's messages now: a full run removes messages an earlier one left. */
  async function removeOthers(folder: string, written: Set<string>): Promise<void> {
    for (const f of await readdir(folder)) if (EML_FILE.test(f) && !written.has(f)) await rm(path.join(folder, f));
  }

  async function send(
    outbox: Iterable<OutgoingMessage>,
    folder: string,
    smtp: ReturnType<typeof smtpSettings>,
    rate: string | undefined,
  ): Promise<EmailResult> {
    const caseFolder = path.dirname(folder);
    const result: EmailResult = { folder, messages, skipped: selected - messages, seconds: 0, warnings: warnings.summary() };
    if (leftOut.sent + leftOut.uncertain + leftOut.dropped + leftOut.held > 0) result.leftOut = leftOut;
    if (!o.fromGroup && !signer) result.fromSender = fromBox.address;
    if (smtp && o.send) {
      result.smtp = safeUrl(smtp.url);
      const ledger = new Ledger(path.join(caseFolder, 'ledger.jsonl'));
      try {
        result.sent = await sendMessages(outbox, messages, ledger, {
          url: smtp.url,
          password,
          testCopies: !!toMe,
          rate,
          perDay: o.perDay ?? smtp.perDay,
          resendUncertain: o.resendUncertain,
          uncertainArrived: o.uncertainArrived,
          sendHeld: o.sendHeld,
          dropHeld: o.dropHeld,
          retryBaseMs: o.retryBaseMs,
          onProgress: o.onProgress,
        }, ahead);
      } finally {
        ledger.close();
      }
      result.failedCsv = path.join(caseFolder, 'failed.csv');
      const failed = result.sent.failed.map((f) => ({ line: f.message.line, address: f.message.to, answer: f.answer })).sort((a, b) => a.line - b.line);
      if (failed.length) await writeAtomically(result.failedCsv, (tmp) => writeFile(tmp, csvText(failed, { header: true, columns: ['line', 'address', 'answer'] })));
      else await rm(result.failedCsv, { force: true });
    } else if (smtp) {
      // A dry run: what --send would do, and whether the server answers (and takes the login;
      // without the password at hand, it is not asked).
      result.smtp = safeUrl(smtp.url);
      const { server, loginUnchecked } = await askServer({ url: smtp.url, password });
      const ledger = new Ledger(path.join(caseFolder, 'ledger.jsonl'));
      const dryRun = { toSend: 0, alreadySent: 0, uncertain: 0, held: 0, dropped: 0, overQuota: 0, server, loginUnchecked };
      const perDay = o.perDay ?? smtp.perDay;
      let quota = perDay === undefined ? Infinity : perDay - ledger.sentToday();
      try {
        for (const m of outbox) {
          const state = toMe ? undefined : ledger.state(m.id); // test copies go again
          if (state === 'sent') dryRun.alreadySent++;
          else if (state === 'dropped') dryRun.dropped++;
          else if (state === 'sending' && !o.resendUncertain) {
            if (o.uncertainArrived) dryRun.alreadySent++;
            else dryRun.uncertain++;
          }
          else if (!toMe && !o.sendHeld && ledger.earlierFor(m)) dryRun.held++; // (--drop-held: they would be dropped)
          else if (quota-- > 0) dryRun.toSend++;
          else dryRun.overQuota++;
        }
      } finally {
        ledger.close();
      }
      const ms = rate ? rateDurationMs(dryRun.toSend, rate) : 0;
      result.dryRun = rate ? { ...dryRun, rate: { rate, ms, takes: aboutDuration(ms) } } : dryRun;
    }
    result.seconds = (performance.now() - started) / 1000;
    return result;
  }
}

/**
 * The checks of a message's row that need no template, a batch of selected rows at a time: only
 * rows with an address make messages; an address that cannot be used, the same official twice, an
 * official of another government, a letter lost to an encoding. (Of each row only its official's
 * address and name are kept, to find one twice.)
 */
function emailRowChecks(warnings?: RunWarnings): RowChecks {
  const firstWith = new Map<string, number>(); // each official's address and name, and the line of its first row
  const mailboxes = new Map<string, { line: number; name: string }>(); // each address, with the line and name of its first row
  return (selected, c) => {
    const rows = selected.filter((r) => r.values.email);
    const problems: Problem[] = [];
    for (const row of rows) {
      const at = { file: c.recipients.file, line: row.line };
      const bad = emailFinding(row.values.email!, at);
      const unusual = bad ? undefined : unusualEmailWarning(row.values.email!, at);
      if (bad) problems.push(bad);
      else if (unusual) warnings?.warn(unusual);
      const official = emailOfficialKey(row.values.email!, officialName(row.values));
      const first = firstWith.get(official);
      if (first === undefined) firstWith.set(official, row.line);
      else problems.push(duplicateEmailFinding(at, first));
      // The same mailbox under another name: one official written two ways, or an office's mailbox.
      const mailbox = row.values.email!.trim().toLowerCase();
      const shared = mailboxes.get(mailbox);
      if (!shared) mailboxes.set(mailbox, { line: row.line, name: personalName(row.values) });
      else if (first === undefined) {
        const found = sameMailboxFinding(at, shared, personalName(row.values));
        if (found.severity === 'error') problems.push(found);
        else warnings?.warn(found as Warning);
      }
    }
    warnings?.add(rows);
    return [...problems, ...campaignErrors({ ...c, rows } as Campaign, warnings?.warn, 'email')];
  };
}

/**
 * What a run that stopped sending says: why, and how many messages it had not begun (none when it
 * stopped at the last: those it was sending are said as failed or not answered).
 */
export function stoppedSending(a: { reason: string; left: number }): string {
  return `letters: sending stopped: ${a.reason}${a.left ? `; ${a.left === 1 ? '1 more message' : `${a.left} more messages`} not sent: the same command sends ${a.left === 1 ? 'it' : 'them'}` : ''}`;
}

/** Where the SMTP server comes from: --smtp, then LETTERS_SMTP_URL, then the config file. */
function smtpSettings(o: EmailOptions): { url: string; rate?: string; perDay?: number } | undefined {
  let config: { url?: string; rate?: string; perDay?: number } = {};
  if (o.config) {
    const data = readYamlFile(o.config, 'config file').data as { smtp?: { url?: string; rate?: string; per_day?: string } } | null;
    if (data?.smtp !== undefined && (typeof data.smtp !== 'object' || data.smtp === null || Array.isArray(data.smtp))) {
      throw new InputError({ location: { file: o.config }, message: 'smtp is a block of settings, not a value', hint: 'write it as\nsmtp:\n  url: smtp://user@mail.example.org:587\n  rate: 20/min\n  per_day: 200' });
    }
    const perDay = data?.smtp?.per_day;
    if (perDay !== undefined && !/^[1-9]\d*$/.test(String(perDay))) {
      throw new InputError({ location: { file: o.config }, message: `smtp.per_day "${perDay}" is not a whole number of messages`, hint: 'for example per_day: 200' });
    }
    const settings = ['url', 'rate', 'per_day'];
    for (const key of Object.keys(data?.smtp ?? {})) {
      if (!settings.includes(key)) {
        throw new InputError({ location: { file: o.config }, message: `smtp.${key} is not a setting${suggest(key, settings)}`, hint: 'the smtp block takes url, rate and per_day' });
      }
    }
    config = { url: data?.smtp?.url, rate: data?.smtp?.rate, perDay: perDay === undefined ? undefined : Number(perDay) };
  }
  const url = o.smtp ?? process.env.LETTERS_SMTP_URL ?? config.url;
  if (!url) {
    if (o.send) throw new InputError({ message: '--send needs an SMTP server', hint: 'give --smtp smtp://user@host:587, or set LETTERS_SMTP_URL' });
    if (o.rate || o.perDay) throw new InputError({ message: `${o.rate ? '--rate' : '--per-day'} is for sending, and no SMTP server is given`, hint: 'give --smtp smtp://user@host:587 (and --send), or leave it out to write the outbox' });
    return undefined;
  }
  const bad = smtpUrlProblem(url);
  if (bad) throw new InputError({ message: bad, hint: 'for example smtp://user@mail.example.org:587' });
  const noPassword = o.send ? missingPassword(url) : undefined;
  if (noPassword) throw new InputError(noPassword);
  return { url, rate: config.rate, perDay: config.perDay };
}
