import { closeSync, existsSync, fsync, fsyncSync, linkSync, openSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { threadId } from 'node:worker_threads';
import path from 'node:path';
import { InputError } from '../errors.js';
import { heldUntilStop } from '../output/files.js';
import { hash53 } from '../hash.js';
import { latinName, sameName } from '../render/names.js';

/** `dropped`: held back (see earlierFor) and let go on purpose (`--drop-held`): never sent. */
export type SendState = 'sending' | 'sent' | 'failed' | 'dropped';

export interface LedgerEntry {
  id: string;
  number: number;
  to: string;
  state: SendState;
  at: string;
  answer?: string;
  /** Who the letter is to (nameKey of the official), and who signs it: see `earlierFor`. */
  official?: string;
  /** The official's name as people read it, for messages (`official` is a key: "андреи швед"). */
  name?: string;
  /** Their position as the row wrote it (ledgers of 2026-11-30 on): `status --official` finds them by it. */
  position?: string;
  /** Who signs it, as a key (their e-mail address). */
  signer?: string;
  /** Their name (ledgers of 2026-12-01 on): `status` and `mark` say it, not the key. */
  signerName?: string;
}

/** A message's last step that is a letter to an official that went (or may have): not one that failed or was dropped. */
export const letterWritten = (e: LedgerEntry): boolean => e.official !== undefined && e.signer !== undefined && e.state !== 'failed' && e.state !== 'dropped';

/** What `earlierFor` says of an earlier message: where it went, from which row, when. */
export interface EarlierMessage {
  to: string;
  number: number;
  at: string;
  /** Who signed it (a key, as the ledger keeps it). */
  signer?: string;
  /** Who it went to (the name as the ledger keeps it, without case or accents). */
  official?: string;
  /** Their name as it was written (ledgers of 2026-11-30 on). */
  name?: string;
  /** The server did not answer it (its last step is "sending"): it may not have arrived. */
  uncertain?: boolean;
}

/**
 * `ledger.jsonl`: one line per step of each message (sending, then sent or failed), written to
 * the file before the next step, so it survives the process being killed at any point. A message
 * whose last line is "sending" is uncertain: the process stopped while the server may have had it.
 * The file is flushed to the disk in the background every FLUSH_EVERY_MS: waiting for the disk at
 * every step costs more than the sending, and slows every other file written meanwhile (a power
 * cut, unlike a killed process, can lose the steps of the last moment).
 */
const FLUSH_EVERY_MS = 200;

const DAY_MS = 24 * 3_600_000;

export class Ledger {
  /** Opened at the first step recorded: a dry run, which records none, makes no file. */
  private fd: number | undefined;
  /** The file's last line was cut short by a crash. */
  private readonly cutShort: boolean = false;
  /** Each message's last state: all a run needs of the file, a few bytes per message. */
  private readonly states = new Map<string, SendState>();
  /** When messages were sent, as far back as a daily quota looks. */
  private readonly sentAt: number[] = [];

  /** How much of the file earlier runs left (this run's steps come after): read again by `earlierFor`. */
  private earlierBytes = 0;
  /** Earlier messages by a hash of signer and address, and of signer and official: made when first asked. */
  private earlier: Map<number, EarlierMessage> | undefined;
  /** Earlier messages by a hash of signer and row: the officials they went to. Made with `earlier`. */
  private readonly byRow = new Map<number, { official: string; seen: EarlierMessage }[]>();
  /** Earlier messages (but test copies) by a hash of their address: the officials they went to. Made with `earlier`. */
  private readonly officialsAt = new Map<number, { official: string; seen: EarlierMessage }[]>();

  constructor(readonly file: string) {
    if (existsSync(file)) {
      const since = Date.now() - DAY_MS;
      const bytes = readFileSync(file);
      const text = bytes.toString('utf8');
      this.earlierBytes = bytes.length;
      this.cutShort = text.length > 0 && !text.endsWith('\n');
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        try {
          const e = JSON.parse(line) as LedgerEntry;
          this.states.set(e.id, e.state);
          const at = Date.parse(e.at);
          if (e.state === 'sent' && at >= since) this.sentAt.push(at);
        } catch {
          // A line cut short by a crash: the step it records did not finish.
        }
      }
    }
  }

  private out(): number {
    if (this.fd === undefined) {
      this.fd = openSync(this.file, 'a');
      if (this.cutShort) writeSync(this.fd, '\n'); // the next step starts a line of its own
    }
    return this.fd;
  }

  /** The last step recorded for the message `id`, if any. */
  state(id: string): SendState | undefined {
    return this.states.get(id);
  }

  /**
   * A message an earlier run sent (or began to), under another Message-ID, that the new one would
   * repeat: the official's row was corrected since (a name, a title, an address), or the signer's
   * e-mail address was, and the new message would be their second. It is one
   * - from the same signer to the same official (name without title) at another address, or one
   *   whose name is the same written another way (`latinName`: "Ivan Kubrakov" for "Iwan
   *   Kubrakou", "Andrej Schwed" for "Андрей Швед", a transliteration corrected with the address),
   *   or, from the same row, respelt (`sameName`: "Alexander Lukashenko" for "Aljaksandr Lukaschenka"),
   * - from the same signer and row to the same address under another name,
   * - from any signer to the same address and the same official, or one whose name is a
   *   respelling of theirs (`sameName`: "Piatrova" for "Petrova"; rows moved since).
   * (Another official at an address one had before is not held.)
   */
  earlierFor(m: { id: string; number: number; to: string; official?: string; officialLabel?: string; signer?: string }): EarlierMessage | undefined {
    if (m.official === undefined || m.signer === undefined || this.states.get(m.id) !== undefined) return undefined;
    if (!this.earlier) {
      this.earlier = new Map();
      for (const e of this.lettersWritten()) {
        const seen = { to: e.to, number: e.number, at: e.at, signer: e.signer, official: e.official, name: e.name, ...(e.state === 'sending' ? { uncertain: true } : {}) };
        const to = e.to.toLowerCase();
        this.earlier.set(hash53(`${e.signer}\u0000to\u0000${to}\u0000${e.number}`), seen);
        this.earlier.set(hash53(`${e.signer}\u0000who\u0000${e.official}`), seen);
        this.earlier.set(hash53(`${e.signer}\u0000written\u0000${latinName(e.official!)}`), seen);
        const row = hash53(`${e.signer}\u0000row\u0000${e.number}`);
        this.byRow.set(row, [...(this.byRow.get(row) ?? []), { official: e.official!, seen }]);
        if (e.signer!.includes('|to-me:')) continue; // (test copies, all to the tester)
        const at = hash53(`to\u0000${to}`);
        const here = this.officialsAt.get(at);
        if (here) here.push({ official: e.official!, seen });
        else this.officialsAt.set(at, [{ official: e.official!, seen }]);
      }
    }
    const to = m.to.toLowerCase();
    // (And as written, where the ledger has it: a respelling of one letter counts only in a word with accents, which keys have not got.)
    const same = (e: { official: string; seen: EarlierMessage }) => sameName(e.official, m.official!) || (!!e.seen.name && !!m.officialLabel && sameName(e.seen.name, m.officialLabel));
    return (
      this.earlier.get(hash53(`${m.signer}\u0000to\u0000${to}\u0000${m.number}`)) ??
      this.earlier.get(hash53(`${m.signer}\u0000who\u0000${m.official}`)) ??
      this.earlier.get(hash53(`${m.signer}\u0000written\u0000${latinName(m.official)}`)) ??
      this.byRow.get(hash53(`${m.signer}\u0000row\u0000${m.number}`))?.find(same)?.seen ??
      this.officialsAt.get(hash53(`to\u0000${to}`))?.find(same)?.seen
    );
  }

  /**
   * The letters to officials earlier runs sent (or may have: last step "sending"), each by its
   * last step; not those that failed or were dropped: they did not reach them.
   */
  lettersWritten(): LedgerEntry[] {
    return this.lastSteps().filter(letterWritten);
  }

  /** Each message earlier runs recorded (letters and volunteers' packets), by its last step. */
  lastSteps(): LedgerEntry[] {
    const last = new Map<string, LedgerEntry>();
    const text = this.earlierBytes ? readFileSync(this.file).subarray(0, this.earlierBytes).toString('utf8') : '';
    for (const line of text.split('\n')) {
      try {
        const e = JSON.parse(line) as LedgerEntry;
        last.set(e.id, e);
      } catch {
        // (an empty line, or one cut short by a crash)
      }
    }
    return [...last.values()];
  }

  /** A step of message `m`, with the server's answer when there is one. */
  record(m: Pick<LedgerEntry, 'id' | 'number' | 'to' | 'official' | 'signer' | 'signerName' | 'position'> & { officialLabel?: string }, state: SendState, answer?: string): void {
    const at = Date.now();
    const name = m.officialLabel !== undefined && m.officialLabel !== m.official ? m.officialLabel : undefined;
    const position = m.position !== undefined && m.position !== m.officialLabel ? m.position : undefined;
    const signerName = m.signerName !== m.signer ? m.signerName : undefined;
    const e: LedgerEntry = { id: m.id, number: m.number, to: m.to, official: m.official, name, position, signer: m.signer, signerName, state, answer, at: new Date(at).toISOString() };
    writeSync(this.out(), `${JSON.stringify(e)}\n`);
    this.states.set(m.id, state);
    if (state === 'sent') this.sentAt.push(at);
    this.timer ??= setTimeout(() => this.flush(), FLUSH_EVERY_MS);
  }

  private timer: NodeJS.Timeout | undefined;
  private flushing = false;
  private closed = false;

  private flush(): void {
    if (this.flushing) {
      this.timer = setTimeout(() => this.flush(), FLUSH_EVERY_MS);
      return;
    }
    this.timer = undefined;
    this.flushing = true;
    // A failed flush is not fatal: the lines are in the file; the next flush or close tries again.
    fsync(this.out(), () => {
      this.flushing = false;
      if (this.closed) this.finish();
    });
  }

  private finished = false;

  private finish(): void {
    if (this.finished || this.fd === undefined) return;
    this.finished = true;
    try {
      fsyncSync(this.fd);
    } finally {
      closeSync(this.fd);
    }
  }

  /** Messages sent in the last 24 hours, for a daily quota. */
  sentToday(): number {
    const since = Date.now() - DAY_MS;
    return this.sentAt.filter((at) => at >= since).length;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    if (!this.flushing) this.finish(); // else when the flush ends
  }
}

/** What a lock is for, as the refusal says it, and how long to wait for another run's. */
export interface LockUse {
  doing: string;
  why: string;
  /** Milliseconds to wait for a live run to let go before refusing (a mark holds its lock well under a second). */
  waitMs?: number;
}

const SENDING: LockUse = { doing: 'is sending this campaign', why: 'two runs at once could send a message twice' };

/**
 * One run at a time of what the lock is for (sending a campaign, by default): a lock file with the
 * process id and the machine's name. A lock left by a run on this machine that died is taken over,
 * and so is one with this process's own id (left by an earlier run in a container, where every run
 * is process 1); one of another machine (a folder shared between computers) is held while that
 * run keeps it fresh, since whether it is going cannot be known from here (see lockHolder); an
 * empty one is a run between making it and writing its id, unless it is older than two seconds.
 * The function returned lets go, once, of a lock still its own.
 */
export function takeLock(file: string, use: LockUse = SENDING): () => void {
  const until = Date.now() + (use.waitMs ?? 0);
  for (;;) {
    try {
      const own = `${process.pid} ${hostname()}`;
      const fd = openSync(file, 'wx');
      writeSync(fd, own);
      closeSync(fd);
      const release = heldUntilStop(file); // a stopped run does not leave it
      // Kept fresh while held: another machine cannot ask whether this process lives.
      const beat = setInterval(() => {
        const now = new Date();
        try {
          utimesSync(file, now, now);
        } catch {
          // gone: nothing to keep fresh
        }
      }, LOCK_BEAT_MS);
      beat.unref();
      let held = true;
      return () => {
        clearInterval(beat);
        // (Only a lock that is still ours: another run may have taken it over, as gone stale.)
        if (held) release(stillOurs(file, own));
        held = false;
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const { seen, holder } = lockHolder(file);
    if (holder === undefined) {
      if (seen) removeStaleLock(file, seen); // left by a run that died
      continue;
    }
    if (Date.now() < until) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
      continue;
    }
    const { pid, host } = holder;
    throw new InputError({
      location: { file },
      message: `another letters run${pid ? ` (process ${pid}${host ? ` on ${host}` : ''})` : ''} ${use.doing}`,
      hint: host
        ? `wait for it to finish; ${use.why} (if no letters run is going on ${host}, delete ${path.basename(file)}; one not kept fresh for ${LOCK_STALE_MS / 60_000} minutes is taken over)`
        : `wait for it to finish; ${use.why} (if no letters run is going, delete ${path.basename(file)}: another program has the process id since a restart)`,
    });
  }
}

function stillOurs(file: string, own: string): boolean {
  try {
    return readFileSync(file, 'utf8').trim() === own;
  } catch {
    return false;
  }
}

/** How often a held lock is touched, and how long one of another machine lasts untouched. */
const LOCK_BEAT_MS = 30_000;
const LOCK_STALE_MS = 5 * 60_000;

/**
 * The run a lock file names: a live process of this machine (pid 0: one that is writing its id),
 * or one of another machine (`host`: "1234 anna-laptop"), which is taken to be going while its
 * lock is kept fresh (a container started again has another name: its dead run's lock goes
 * stale); undefined for a lock nobody holds. (A lock written before machines were named, "1234",
 * is this machine's.)
 */
function lockHolder(file: string): { seen?: LockSeen; holder?: { pid: number; host?: string } } {
  let text: string;
  let mtimeMs: number;
  try {
    text = readFileSync(file, 'utf8').trim();
    mtimeMs = statSync(file).mtimeMs;
  } catch {
    return {}; // gone meanwhile
  }
  const age = Date.now() - mtimeMs;
  const held = (holder: { pid: number; host?: string } | undefined) => ({ seen: { text, mtimeMs }, holder });
  if (text === '') return held(age < 2000 ? { pid: 0 } : undefined);
  const [id = '', host = hostname()] = text.split(/\s+/, 2);
  const pid = Number(id);
  if (!Number.isInteger(pid) || pid <= 0) return held(undefined);
  if (host !== hostname()) return held(age < LOCK_STALE_MS ? { pid, host } : undefined);
  return held(pid !== process.pid && isAlive(pid) ? { pid } : undefined);
}

/** A lock moved aside by mistake, back in its place, unless a third run's lock is there now (it holds it). */
function putBack(aside: string, file: string): void {
  try {
    linkSync(aside, file);
  } catch (err) {
    // (A file system without hard links, a shared drive's: moved back as it was moved.)
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') renameSync(aside, file);
  }
}

/** A lock file as read: its text, and when it was last written or kept fresh. */
interface LockSeen {
  text: string;
  mtimeMs: number;
}

/**
 * Removes a lock found stale, if it is still the one found so (`judged`: its text and time): two
 * runs that find one stale at once must not both take it, the second removing the lock the first
 * has just made. The lock is moved aside first (only one run can move it), then looked at: another
 * run's fresh lock, moved by mistake, is put back unless a third has taken the place meanwhile.
 */
export function removeStaleLock(file: string, judged: LockSeen): void {
  const aside = `${file}.${process.pid}-${threadId}.stale`;
  try {
    renameSync(file, aside);
  } catch {
    return; // gone meanwhile: taken over by another run, or let go
  }
  try {
    if (readFileSync(aside, 'utf8').trim() !== judged.text || statSync(aside).mtimeMs !== judged.mtimeMs) putBack(aside, file);
  } finally {
    rmSync(aside, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
