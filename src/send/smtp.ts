import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { Readable } from 'node:stream';
import { domainToASCII } from 'node:url';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import { forEachBounded } from '../bounded.js';
import { quickDataStreams } from './datastream.js';
import { InputError, type Problem } from '../errors.js';
import { OutputError } from '../output/files.js';
import type { OutgoingMessage } from '../output/email.js';
import type { EarlierMessage, Ledger } from './ledger.js';
import { isStopping, stopsByItself, unlessStopped } from '../stop.js';

export interface SendOptions {
  url: string;
  /** Overrides a password in the URL; never printed. */
  password?: string;
  /** `20/min`, `100/hour`, `5/s`. */
  rate?: string;
  perDay?: number;
  resendUncertain?: boolean;
  /** Record them as sent instead: a person found that they arrived. */
  uncertainArrived?: boolean;
  /** Milliseconds before the first retry; each next one waits four times as long. */
  retryBaseMs?: number;
  /** After each message (sent, failed or skipped): how many of the run's messages are done. */
  onProgress?: (done: number, total: number) => void;
  /** Test copies (--to-me): sent again on every run, whatever the ledger says of them. */
  testCopies?: boolean;
  /** Send the messages held back because their official or address had this case's letter before (see Ledger.earlierFor). */
  sendHeld?: boolean;
  /** Record them as dropped instead: never sent, and not said again. */
  dropHeld?: boolean;
}

export interface SendReport {
  sent: number;
  failed: { message: OutgoingMessage; answer: string }[];
  alreadySent: number;
  uncertain: OutgoingMessage[];
  /** Uncertain ones recorded as sent now (--uncertain-arrived). */
  arrived: number;
  /** Handed whole to the server, which did not answer (it timed out, or the connection dropped): not sent again. */
  unanswered: { message: OutgoingMessage; answer: string }[];
  overQuota: number;
  /** Held back: an earlier run sent this case's letter to the same official or address (a row corrected since). */
  held: { message: OutgoingMessage; earlier: EarlierMessage }[];
  /** Held back and dropped now (--drop-held), and dropped by an earlier run. */
  dropped: number;
  droppedBefore: number;
  /** Not sent because the run was stopped (Ctrl-C). */
  stopped: number;
  /** Why sending stopped before the end (the server needs a login, cannot be reached), and how many were left. */
  abandoned?: { reason: string; left: number };
}

/** The SMTP URL with the password hidden, for messages and logs. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    // Not a URL: whatever stands between "//" and the last "@" may hold a password.
    return url.replace(/(\/\/[^:@/]*)[^@]*@/, (_, user: string) => `${user}:***@`);
  }
}

/** What is wrong with an SMTP URL, said for a person; undefined when it will do. */
export function smtpUrlProblem(url: string): string | undefined {
  if (!/^smtps?:\/\/[^/]+/.test(url)) return `the SMTP URL "${safeUrl(url)}" is not smtp://host:port or smtps://host:port`;
  try {
    new URL(url);
    return undefined;
  } catch {
    return `the SMTP URL "${safeUrl(url)}" cannot be read`;
  }
}

/** A URL that names a user, when no password is at hand (neither in it nor in LETTERS_SMTP_PASSWORD). */
export function missingPassword(url: string): Problem | undefined {
  const u = new URL(url);
  if (!u.username || u.password || process.env.LETTERS_SMTP_PASSWORD) return undefined;
  return {
    message: `the SMTP URL names the user "${decodeURIComponent(u.username)}" but gives no password`,
    hint: 'set LETTERS_SMTP_PASSWORD (kept out of files and logs), or put it in the URL',
  };
}

export function parseRate(rate: string): { limit: number; deltaMs: number } {
  const m = /^(\d+)\s*\/\s*(s|sec|second|min|minute|h|hour)$/i.exec(rate.trim());
  if (!m || Number(m[1]) < 1) throw new InputError({ message: `--rate "${rate}" is not a rate`, hint: 'write it like 20/min, 100/hour or 2/s' });
  const unit = m[2]!.toLowerCase();
  return { limit: Number(m[1]), deltaMs: unit.startsWith('s') ? 1000 : unit.startsWith('m') ? 60_000 : 3_600_000 };
}

/**
 * How long sending `n` messages takes at `rate`, from the first to the last one's turn (the
 * server's own time aside): `limit` go at once, the next `limit` a `deltaMs` later, and so on.
 */
export function rateDurationMs(n: number, rate: string): number {
  const { limit, deltaMs } = parseRate(rate);
  return n > 0 ? Math.floor((n - 1) / limit) * deltaMs : 0;
}

/** A duration for people: "under a minute", "about 25 minutes", "about 3 hours 10 minutes". */
export function aboutDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const [h, m] = [Math.floor(minutes / 60), minutes % 60];
  return `about ${h} hour${h === 1 ? '' : 's'}${m ? ` ${m} minute${m === 1 ? '' : 's'}` : ''}`;
}

/**
 * Messages handed to the pool at once, one per connection: enough to keep a server busy without a
 * queue in memory (measured on loopback: 4 connections 1,270 messages/s, 8 1,650, 16 1,700).
 */
const IN_FLIGHT = 8;

const TEMPORARY_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'EDNS', 'EPROTOCOL']);

/** A network failure said as a sentence with a hint. */
export function describeSmtpError(err: unknown, url: string): string {
  const e = err as { code?: string; responseCode?: number; response?: string; message?: string; errno?: string };
  let host = 'the SMTP server';
  try {
    const u = new URL(url);
    host = `${u.hostname}:${u.port || (u.protocol === 'smtps:' ? 465 : 587)}`;
  } catch {
    // keep the generic name
  }
  const raw = `${e.message ?? ''}`;
  if (/ECONNREFUSED/.test(raw)) return `could not connect to ${host}: connection refused — check --smtp`;
  if (/wrong version number|ssl3_get_record|packet length too long/i.test(raw)) {
    return `could not start TLS with ${host}: the server does not speak TLS on this port — use smtp:// (port 587, STARTTLS) rather than smtps:// (port 465)`;
  }
  if (/ENOTFOUND|EAI_AGAIN/.test(raw)) return `could not find ${host} — check the host name in --smtp`;
  if (e.code === 'EAUTH' && e.responseCode && e.responseCode < 500) return `${host} cannot log in now: ${(e.response ?? raw).trim()}`;
  if (e.code === 'EAUTH') return `${host} refused the user name or password — check them (LETTERS_SMTP_PASSWORD)`;
  if (e.responseCode === 530) return `${host} wants a login (${(e.response ?? raw).trim()}) — give the user in --smtp (smtp://user@host:587) and the password in LETTERS_SMTP_PASSWORD`;
  if (e.responseCode) return `${host} answered: ${(e.response ?? raw).trim()}`;
  if (e.code === 'ETIMEDOUT') return `${host} did not answer in time — check the network and --smtp`;
  return `${host}: ${raw || e.code || 'unknown error'}`;
}

function isTemporary(err: unknown): boolean {
  const e = err as { code?: string; responseCode?: number };
  if (e.responseCode) return e.responseCode >= 400 && e.responseCode < 500;
  return !!e.code && TEMPORARY_CODES.has(e.code);
}

/**
 * At most `limit` messages in any `deltaMs`, as the server sees them: a message waits until the
 * one `limit` turns before it has finished, and then until `deltaMs` after that. Every message
 * counts, the first ones too (nodemailer's pool lets one per connection pass at once); turns are
 * taken in order. Each turn resolves to the function to call when its message is done.
 */
export function rateGate(limit: number, deltaMs: number): () => Promise<() => void> {
  const recent: { finished: Promise<number> }[] = []; // the last `limit` turns given
  let turn = Promise.resolve();
  return () => {
    let finish!: (at: number) => void;
    const mine = { finished: new Promise<number>((resolve) => (finish = resolve)) };
    const given = (turn = turn.then(async () => {
      if (recent.length === limit) {
        const at = await recent.shift()!.finished;
        const wait = at + deltaMs - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      recent.push(mine);
    }));
    return given.then(() => () => finish(Date.now()));
  };
}

/** What a dry run heard from the server: "answered", or why it did not; whether it was asked without the login. */
export interface ServerAnswer {
  server: string;
  /** The URL names a user and no password is at hand: the server was asked without logging in. */
  loginUnchecked: boolean;
}

/**
 * A dry run's question to the server (letters email, batch --email-packets): does it answer, and
 * take the login? Without the password at hand, it is asked without logging in.
 */
export async function askServer(o: Pick<SendOptions, 'url' | 'password'>): Promise<ServerAnswer> {
  const u = new URL(o.url);
  const loginUnchecked = !!u.username && !u.password && !o.password;
  if (loginUnchecked) u.username = '';
  const server = await openChecked({ url: loginUnchecked ? u.toString() : o.url, password: o.password }).then(
    (connection) => (connection.close(), 'answered'),
    (err: Error) => err.message,
  );
  return { server, loginUnchecked };
}

/** A connection opened and logged in to, or the reason it could not be as an error for the user. */
async function openChecked(o: Pick<SendOptions, 'url' | 'password'>, connection = new Connection(server(o))): Promise<Connection> {
  try {
    await connection.open();
    return connection;
  } catch (err) {
    throw new OutputError(`${describeSmtpError(err, o.url)}; nothing was sent`); // (open closed it)
  }
}

/**
 * Connections opened while the messages are being made, so that sending starts at full speed: a
 * server can take a while to greet (smtp-server waits 100 ms to catch clients that talk too soon,
 * and a provider's TLS and login take longer), and sending opened one, then the others. The
 * others are opened once the first is in (a wrong password is tried once); the first's failure is
 * said when sending begins, as sending says it; the others, if they could not be opened, are opened
 * again when a message needs them. `close` closes those sending did not take, at once,
 * opened or not: a run that stops while they are made does not wait for a server that is slow to
 * answer.
 */
export class ConnectionsAhead {
  private readonly connections: Connection[];
  private readonly first: Promise<Connection>;
  private taken = false;
  private closed = false;

  constructor(o: Pick<SendOptions, 'url' | 'password'>, count: number) {
    const at = server(o);
    this.connections = Array.from({ length: Math.max(1, Math.min(count, IN_FLIGHT)) }, () => new Connection(at));
    this.first = openChecked(o, this.connections[0]);
    // The others once the first is in: a wrong password is tried once, not on every connection
    // (providers lock an account after a few failed logins).
    this.first.then(
      () => this.closed || this.connections.slice(1).forEach((c) => c.openAhead()),
      () => undefined, // (said when taken)
    );
  }

  /** All of them, the first checked (as `openChecked`); when it fails, none. */
  async take(): Promise<Connection[]> {
    this.taken = true;
    try {
      await this.first;
      return this.connections;
    } catch (err) {
      this.connections.forEach((c) => c.close());
      throw err;
    }
  }

  /** Closes them unless sending took them. */
  close(): void {
    if (this.taken || this.closed) return;
    this.closed = true;
    this.connections.forEach((c) => c.close());
  }
}

/** Where and how to connect, from the URL; the user and password to log in with apart. */
interface Server {
  options: SMTPConnection.Options;
  auth?: { user: string; pass: string };
}

function server(o: Pick<SendOptions, 'url' | 'password'>): Server {
  const { auth, ...options } = parseConnectionUrl(o.url) as SMTPConnection.Options & { auth?: { user?: string; pass?: string } };
  const user = auth?.user ?? '';
  const pass = o.password ?? auth?.pass ?? '';
  return {
    options: {
      ...options,
      ignoreTLS: options.host === '127.0.0.1' || options.host === 'localhost',
      connectionTimeout: 20_000,
      greetingTimeout: 20_000,
      socketTimeout: 60_000,
    },
    auth: user ? { user, pass } : undefined,
  };
}

/**
 * One connection to the server, opened (and logged in) when a message needs it and again after
 * the server closed it. nodemailer's SMTPConnection speaks the protocol; its pooled transport is
 * not used: putting each raw message through its mail composer (a new MIME tree, random ids, a
 * stream pipeline) cost more than all the rest of sending (measured: 2,000 messages in 1.2 s with
 * it, 0.55 s without).
 */
class Connection {
  private smtp: SMTPConnection | undefined;
  /** Being opened ahead of its first message (see `ConnectionsAhead`). */
  private opening: Promise<void> | undefined;

  constructor(private readonly server: Server) {}

  /** Starts opening it now; if that fails, it is opened again when a message needs it. */
  openAhead(): void {
    const opening: Promise<void> = (this.opening = this.open().then(
      () => undefined,
      () => undefined,
    ).finally(() => {
      if (this.opening === opening) this.opening = undefined;
    }));
  }

  async open(): Promise<void> {
    const smtp = (this.smtp = new SMTPConnection(this.server.options));
    quickDataStreams(smtp);
    try {
      await new Promise<void>((resolve, reject) => {
        // Errors while connecting come as events; later ones also reach the message being sent.
        smtp.on('error', (err) => {
          if (this.smtp === smtp) this.smtp = undefined;
          reject(err);
        });
        smtp.on('end', () => {
          if (this.smtp === smtp) this.smtp = undefined;
        });
        smtp.connect((err) => {
          if (err) return reject(err);
          const auth = this.server.auth;
          // As nodemailer does: log in when the server offers it.
          if (!auth || !(smtp as unknown as { allowsAuth: boolean }).allowsAuth) return resolve();
          smtp.login({ credentials: auth }, (loginErr) => (loginErr ? reject(loginErr) : resolve()));
        });
      });
    } catch (err) {
      // Not connected, or not logged in: never used as it is (a message would go without the login).
      this.drop(smtp);
      throw err;
    }
  }

  /**
   * Sends one message as it is; resolves to the server's answer. A refused message resets the
   * session before this resolves, so the next message finds it ready. An error says `notSent`
   * when the connection, used before, was found closed before any of the message went.
   */
  async send(from: string, to: string, raw: Buffer): Promise<string> {
    if (this.opening) await this.opening;
    // Open before this message came to it (it sent others, or was opened ahead): the server may
    // have closed it meanwhile.
    const reused = this.smtp !== undefined;
    if (!this.smtp) {
      try {
        await this.open();
      } catch (err) {
        throw Object.assign(err as Error, { connecting: true });
      }
    }
    const smtp = this.smtp!;
    const message = Readable.from([raw]);
    let whole = false; // the server was handed all of it
    message.once('end', () => (whole = true));
    return new Promise((resolve, reject) => {
      smtp.send({ from: envelopeAddress(from), to: [envelopeAddress(to)] }, message, (err, info) => {
        if (!err) {
          return resolve(String(info.response ?? ''));
        }
        const e = err as SMTPConnection.SMTPError & { notSent?: boolean; unanswered?: boolean };
        // Handed over whole, then no answer (a timeout, a dropped connection): it may have arrived.
        if (whole && e.responseCode === undefined) e.unanswered = true;
        // Closed under us (no answer, or "421 closing"), before the message was asked for: none of it went.
        if (reused && !message.readableDidRead && (e.responseCode === undefined || e.responseCode === 421)) e.notSent = true;
        // Refused, but the session goes on: reset it for the next message. Otherwise start afresh.
        if ((e.code === 'EENVELOPE' || e.code === 'EMESSAGE') && e.responseCode !== 421 && !smtp.destroyed) {
          // Settled by the answer to RSET, or by the connection ending first (nodemailer then
          // forgets the RSET's callback).
          let settled = false;
          const settle = () => {
            if (settled) return;
            settled = true;
            smtp.off('end', ended);
            reject(err);
          };
          const ended = () => {
            this.drop(smtp);
            settle();
          };
          smtp.once('end', ended);
          smtp.reset((resetErr) => {
            if (resetErr) this.drop(smtp);
            settle();
          });
        } else {
          this.drop(smtp);
          reject(err);
        }
      });
    });
  }

  private drop(smtp: SMTPConnection): void {
    if (this.smtp === smtp) this.smtp = undefined;
    smtp.close();
  }

  /** Closes the connection (as nodemailer's pool did: no QUIT to wait for). */
  close(): void {
    if (this.smtp) this.drop(this.smtp);
  }
}

/** An address as the envelope gives it: the domain in ASCII (punycode) unless the name part needs SMTPUTF8 anyway. */
function envelopeAddress(address: string): string {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  if (/[^\x00-\x7f]/.test(local)) return address;
  return `${local}@${domainToASCII(address.slice(at + 1)) || address.slice(at + 1)}`;
}

/**
 * Sends over a few connections, one message in flight on each, recording each step in the
 * ledger before it happens: what was sent is never sent again, what may have been sent is reported.
 * The server is checked first (connected to, logged in to).
 */
export async function sendMessages(
  messages: Iterable<OutgoingMessage> | AsyncIterable<OutgoingMessage>,
  total: number,
  ledger: Ledger,
  o: SendOptions,
  ahead?: ConnectionsAhead,
): Promise<SendReport> {
  const rate = o.rate ? parseRate(o.rate) : undefined;
  const waitForTurn = rate ? rateGate(rate.limit, rate.deltaMs) : undefined;
  // Ctrl-C: no message is begun after it, those being sent are answered, and the run ends with its
  // summary (a stop asked for before this point stops the run here).
  const finish = stopsByItself('sending');
  const idle: Connection[] = []; // one for each message in flight at most
  const reader = new MessageReader();
  const report: SendReport = { sent: 0, failed: [], alreadySent: 0, uncertain: [], arrived: 0, unanswered: [], overQuota: 0, held: [], dropped: 0, droppedBefore: 0, stopped: 0 };
  try {
    // The server is checked with the first connection, which then sends.
    idle.push(...(ahead ? await ahead.take() : [await openChecked(o)]));
    const at = server(o);
    let quota = o.perDay === undefined ? Infinity : o.perDay - ledger.sentToday();
    const base = o.retryBaseMs ?? 500;
    /**
     * A failure that every later message would meet too: the server wants a login that was not
     * given, refuses it, or cannot be reached any more. Sending stops there, said once.
     */
    const forAll = (err: unknown, retriesLeft: boolean): boolean => {
      const e = err as { responseCode?: number; code?: string; connecting?: boolean };
      const loginRefused = e.code === 'EAUTH' && !(e.responseCode && e.responseCode < 500); // (454: not now)
      return e.responseCode === 530 || loginRefused || (!!e.connecting && !retriesLeft);
    };
    const sendOne = async (m: OutgoingMessage) => {
      const before = o.testCopies ? undefined : ledger.state(m.id);
      if (before === 'sent') {
        report.alreadySent++;
        return;
      }
      if (before === 'dropped') {
        report.droppedBefore++;
        return;
      }
      if (before === 'sending' && o.uncertainArrived) {
        ledger.record(m, 'sent', 'recorded as arrived (--uncertain-arrived)');
        report.arrived++;
        return;
      }
      if (before === 'sending' && !o.resendUncertain) {
        report.uncertain.push(m);
        return;
      }
      const earlier = o.testCopies || o.sendHeld ? undefined : ledger.earlierFor(m);
      if (earlier && o.dropHeld) {
        ledger.record(m, 'dropped', `held: this case's letter ${earlier.uncertain ? 'may have gone' : 'went'} to ${earlier.to} as letter ${earlier.number}`);
        report.dropped++;
        return;
      }
      if (earlier) {
        report.held.push({ message: m, earlier });
        return;
      }
      if (quota <= 0) {
        report.overQuota++;
        return;
      }
      if (report.abandoned) {
        report.abandoned.left++;
        return;
      }
      quota--; // taken now, so messages in flight together cannot pass the quota
      let attempt = 0;
      for (;;) {
        // The turn is taken before "sending" is recorded (a message waiting its turn is not
        // uncertain), and given back whatever happens after, or every later turn would wait.
        const done = waitForTurn && (await unlessStopped(waitForTurn()));
        if (isStopping()) {
          done?.();
          report.stopped++;
          quota++;
          return;
        }
        try {
          ledger.record(m, 'sending');
          const answer = await sendOn(m);
          done?.(); // answered: the rate counts from now
          ledger.record(m, 'sent', answer);
          report.sent++;
          break;
        } catch (err) {
          done?.();
          const answer = describeSmtpError(err, o.url);
          if ((err as { unanswered?: boolean }).unanswered) {
            // The server may have it: trying again could send it twice. Its ledger line stays
            // "sending", so the next run reports it as uncertain and sends it only if asked.
            report.unanswered.push({ message: m, answer });
            break;
          }
          ledger.record(m, 'failed', answer);
          if (forAll(err, isTemporary(err) && attempt < 3) && !report.abandoned) report.abandoned = { reason: answer, left: 0 };
          if (isTemporary(err) && attempt < 3 && !isStopping() && !report.abandoned) {
            // Not delivered: the server said so, or never had the message. Wait, then try again.
            await unlessStopped(new Promise((r) => setTimeout(r, base * 4 ** attempt)));
            attempt++;
            continue;
          }
          report.failed.push({ message: m, answer });
          quota++; // not sent: it does not count
          break;
        }
      }
    };
    /**
     * One message on an idle connection (or a new one). A connection the server had closed after
     * its last message, found so before any of this one went: again at once on another, as
     * nodemailer's pool did, in the same turn, not as a failure.
     */
    const sendOn = async (m: OutgoingMessage): Promise<string> => {
      for (let again = 0; ; again++) {
        const connection = idle.pop() ?? new Connection(at);
        try {
          return await connection.send(m.from, m.to, reader.read(m));
        } catch (err) {
          if (!(err as { notSent?: boolean }).notSent || again >= IN_FLIGHT || isStopping()) throw err;
        } finally {
          idle.push(connection);
        }
      }
    };
    let handled = 0;
    await forEachBounded(messages, IN_FLIGHT, async (m) => {
      await sendOne(m);
      o.onProgress?.(++handled, total);
    });
  } finally {
    finish();
    idle.forEach((c) => c.close());
    reader.close();
  }
  return report;
}

/** Messages' bytes, read as each is sent: a file, or a range of a spool (kept open for the run). */
class MessageReader {
  private readonly open = new Map<string, number>();

  read(m: OutgoingMessage): Buffer {
    if (!m.at) return readFileSync(m.file);
    let fd = this.open.get(m.file);
    if (fd === undefined) this.open.set(m.file, (fd = openSync(m.file, 'r')));
    const bytes = Buffer.allocUnsafe(m.at.length);
    if (readSync(fd, bytes, 0, m.at.length, m.at.offset) !== m.at.length) throw new Error(`${m.file} ends before message ${m.number}'s end`);
    return bytes;
  }

  close(): void {
    this.open.forEach((fd) => closeSync(fd));
    this.open.clear();
  }
}
