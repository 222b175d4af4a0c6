import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import { forEachBounded } from '../bounded.js';
import { InputError } from '../errors.js';
import { OutputError } from '../output/files.js';
import type { OutgoingMessage } from '../output/email.js';
import type { Ledger } from './ledger.js';

export interface SendOptions {
  url: string;
  /** Overrides a password in the URL; never printed. */
  password?: string;
  /** `20/min`, `100/hour`, `5/s`. */
  rate?: string;
  perDay?: number;
  resendUncertain?: boolean;
  /** Milliseconds before the first retry; each next one waits four times as long. */
  retryBaseMs?: number;
  /** After each message (sent, failed or skipped): how many of the run's messages are done. */
  onProgress?: (done: number, total: number) => void;
  /** Test copies (--to-me): sent again on every run, whatever the ledger says of them. */
  testCopies?: boolean;
}

export interface SendReport {
  sent: number;
  failed: { message: OutgoingMessage; answer: string }[];
  alreadySent: number;
  uncertain: OutgoingMessage[];
  overQuota: number;
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

export function parseRate(rate: string): { limit: number; deltaMs: number } {
  const m = /^(\d+)\s*\/\s*(s|sec|second|min|minute|h|hour)$/i.exec(rate.trim());
  if (!m || Number(m[1]) < 1) throw new InputError({ message: `--rate "${rate}" is not a rate`, hint: 'write it like 20/min, 100/hour or 2/s' });
  const unit = m[2]!.toLowerCase();
  return { limit: Number(m[1]), deltaMs: unit.startsWith('s') ? 1000 : unit.startsWith('m') ? 60_000 : 3_600_000 };
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
  if (e.code === 'EAUTH') return `${host} refused the user name or password — check them (LETTERS_SMTP_PASSWORD)`;
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

/** Connects and logs in once before the first message: a wrong server or password stops the run at once. */
export async function checkServer(o: Pick<SendOptions, 'url' | 'password'>): Promise<void> {
  const transport = nodemailer.createTransport(transportOptions(o));
  try {
    await transport.verify();
  } catch (err) {
    throw new OutputError(`${describeSmtpError(err, o.url)}; nothing was sent`);
  } finally {
    transport.close();
  }
}

function transportOptions(o: Pick<SendOptions, 'url' | 'password'>): Parameters<typeof nodemailer.createTransport>[0] {
  const url = new URL(o.url);
  if (o.password !== undefined) url.password = o.password;
  return {
    url: url.toString(),
    pool: true,
    maxConnections: IN_FLIGHT,
    // nodemailer's default opens a new connection every 100 messages; a server that wants fewer
    // per connection closes it, and the message is retried on a new one.
    maxMessages: Infinity,
    ignoreTLS: url.hostname === '127.0.0.1' || url.hostname === 'localhost',
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 60_000,
  } as Parameters<typeof nodemailer.createTransport>[0];
}

/**
 * Sends over one pooled transport, a few messages in flight at once, recording each step in the
 * ledger before it happens: what was sent is never sent again, what may have been sent is reported.
 * The server is checked first (connected to, logged in to).
 */
export async function sendMessages(
  messages: Iterable<OutgoingMessage> | AsyncIterable<OutgoingMessage>,
  total: number,
  ledger: Ledger,
  o: SendOptions,
): Promise<SendReport> {
  const rate = o.rate ? parseRate(o.rate) : undefined;
  const waitForTurn = rate ? rateGate(rate.limit, rate.deltaMs) : undefined;
  await checkServer(o);
  const transport = nodemailer.createTransport(transportOptions(o));
  const report: SendReport = { sent: 0, failed: [], alreadySent: 0, uncertain: [], overQuota: 0 };
  let quota = o.perDay === undefined ? Infinity : o.perDay - ledger.sentToday();
  const base = o.retryBaseMs ?? 500;
  const sendOne = async (m: OutgoingMessage) => {
    const before = o.testCopies ? undefined : ledger.state(m.id);
    if (before === 'sent') {
      report.alreadySent++;
      return;
    }
    if (before === 'sending' && !o.resendUncertain) {
      report.uncertain.push(m);
      return;
    }
    if (quota <= 0) {
      report.overQuota++;
      return;
    }
    quota--; // taken now, so messages in flight together cannot pass the quota
    let attempt = 0;
    for (;;) {
      // The turn is taken before "sending" is recorded (a message waiting its turn is not
      // uncertain), and given back whatever happens after, or every later turn would wait.
      const done = await waitForTurn?.();
      try {
        ledger.record({ id: m.id, number: m.number, to: m.to, state: 'sending' });
        const info = await transport.sendMail({ envelope: { from: m.from, to: [m.to] }, raw: readFileSync(m.file) });
        done?.(); // answered: the rate counts from now
        if (info.rejected.length) throw Object.assign(new Error(String(info.response)), { responseCode: 550, response: info.response });
        ledger.record({ id: m.id, number: m.number, to: m.to, state: 'sent', answer: String(info.response ?? '') });
        report.sent++;
        break;
      } catch (err) {
        done?.();
        const answer = describeSmtpError(err, o.url);
        if (isTemporary(err) && attempt < 3) {
          // Not delivered: the server said so, or never had the message. Wait, then try again.
          ledger.record({ id: m.id, number: m.number, to: m.to, state: 'failed', answer });
          await new Promise((r) => setTimeout(r, base * 4 ** attempt));
          attempt++;
          continue;
        }
        ledger.record({ id: m.id, number: m.number, to: m.to, state: 'failed', answer });
        report.failed.push({ message: m, answer });
        quota++; // not sent: it does not count
        break;
      }
    }
  };
  try {
    let handled = 0;
    await forEachBounded(messages, IN_FLIGHT, async (m) => {
      await sendOne(m);
      o.onProgress?.(++handled, total);
    });
  } finally {
    transport.close();
  }
  return report;
}
