import { mkdir, rename, rm } from 'node:fs/promises';
import { closeSync, existsSync, openSync, readdirSync, readSync, renameSync, rmdirSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { threadId } from 'node:worker_threads';
import { InputError } from '../errors.js';
import { GREEK } from '../render/names.js';
import { onStop, whole } from '../stop.js';

const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k',
  л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts',
  ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya', ў: 'o', қ: 'q',
  ғ: 'gh', ҳ: 'h', і: 'i', ї: 'yi', є: 'ye', ґ: 'g',
};

/** Latin letters that Unicode does not decompose into a base letter and an accent. */
const LATIN: Record<string, string> = { ß: 'ss', ł: 'l', ı: 'i', ø: 'o', đ: 'd', æ: 'ae', œ: 'oe', þ: 'th', ə: 'e' };
// (Made from strings, not written as a regular expression of these letters: the command line's
// bundle stays all ASCII, see src/load.ts, and esbuild writes a string's letters as escapes but
// leaves a regular expression's as they are.)
const LATIN_LETTERS = new RegExp(`[${Object.keys(LATIN).join('')}]`, 'g');

/**
 * Where a campaign's files go without --out: `out/` beside the case file, or beside its `cases/`
 * folder (cases/x.yaml writes out/<its id>/), whatever folder the command is run from. A run from
 * another folder finds the same outbox and ledger: `email --send` from there sent every message
 * again. Relative to the current folder when it is inside it, for messages.
 */
export function defaultOutDir(casePath: string): string {
  let folder = path.dirname(path.resolve(casePath));
  if (path.basename(folder).toLowerCase() === 'cases') folder = path.dirname(folder);
  const out = path.join(folder, 'out');
  const relative = path.relative(process.cwd(), out);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : out;
}

/** What earlier runs leave that a later one must find: what was sent, who writes to whom, the letters made. */
const RECORDS = ['ledger.jsonl', 'assignments.csv', 'manifest.csv'];

/**
 * A campaign's folder, OUT/<case id>: --out's, else beside the case file (defaultOutDir). Until
 * 2026-11-30 the default was `out/` in the current folder: when that one holds the records of
 * earlier runs and the new one has none, going on would send the e-mails and deal the letters
 * again, so it is an error that says where they are.
 */
export function campaignFolder(outDir: string | undefined, casePath: string, id: string): string {
  if (outDir !== undefined) return path.join(outDir, id);
  const folder = path.join(defaultOutDir(casePath), id);
  const old = path.join('out', id);
  // (Record by record: a manifest a render made in the new folder is no ledger of what was sent.)
  if (path.resolve(old) !== path.resolve(folder) && RECORDS.some((r) => existsSync(path.join(old, r)) && !existsSync(path.join(folder, r)))) {
    throw new InputError({
      message: `records of earlier runs of this case are in ${old}${path.sep} (where letters kept them before 2026-11-30, in the folder it was run from), and ${folder}${path.sep} has not got them`,
      hint: `give --out out to go on with them, or move ${old} to ${folder}`,
    });
  }
  return folder;
}

/**
 * A file-name part made from data: ASCII letters, digits and "-" only, so no value can name
 * another folder ("../../etc"), a device (CON) or an unwritable name.
 */
export function slugify(value: string, maxLength = 60): string {
  const slug = value
    .toLowerCase()
    .replace(/[\u0400-\u04ff]/g, (ch) => CYRILLIC[ch] ?? '')
    .normalize('NFD')
    .replaceAll('ου', 'ou')
    .replace(/[\u0370-\u03ff]/g, (ch) => GREEK[ch] ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(LATIN_LETTERS, (ch) => LATIN[ch] ?? '')
    .replace(/[\u02b9-\u02bf'\u2019]/g, '') // modifier letters (ʻ), apostrophes (' ’)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/, '');
  return slug;
}

/** A name's file-name letters that are only a title: "h-e", "the-honorable", "mr". */
const TITLE_ONLY = /^(?:(?:h-e|his|her|excellency|the|honou?rable|hon|rt|right|mr|mrs|ms|miss|mx|dr|prof|sen|rep|gov|amb|lic|dra|sr|sra|herr|frau|mme|m|sig|dott)(?:-|$))+$/;

/**
 * `003-h-e-islam-karimov.pdf`: the CSV position keeps names unique and in order. Given several
 * names, the first that can be written in file-name letters (a name in Arabic script cannot: the
 * position can).
 */
export function letterFileName(index: number, names: readonly string[], width = 3): string {
  // (A title is no name: "H.E. عبدالعزيز بن سعود" is not "h-e.pdf", but the position's.)
  const slug = names.map((n) => slugify(n)).find((s) => s && !TITLE_ONLY.test(s));
  return `${String(index).padStart(width, '0')}-${slug ?? 'recipient'}.pdf`;
}

/** A hidden name next to `file` for writing it first: unique among processes and their threads. */
let written = 0;
export function temporaryName(file: string): string {
  temporaryFolders.add(path.resolve(path.dirname(file)));
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${threadId}-${++written}.tmp`);
}

/** The folders this thread has given temporary names in. */
const temporaryFolders = new Set<string>();
/** Files that must not outlive this process's run (a sending lock). */
const heldFiles = new Set<string>();
/** Removers of the output folders this thread made (see ensureDir), for a run that is stopped. */
const madeFolders: (() => void)[] = [];

/**
 * `file`, made by this run, is removed with its temporary files if the run is stopped; the
 * function returned removes it now.
 */
export function heldUntilStop(file: string): (remove?: boolean) => void {
  heldFiles.add(file);
  return (remove = true) => {
    heldFiles.delete(file);
    if (remove) rmSync(file, { force: true });
  };
}

/**
 * Removes every temporary file of this process (any thread's) from the folders this thread gave
 * temporary names in, the files it holds (see heldUntilStop), and the folders it made that are
 * left empty: what a run stopped with Ctrl-C was still writing. Synchronous, for a signal.
 */
export function removeOwnTemporaries(): void {
  for (const file of heldFiles) {
    try {
      rmSync(file, { force: true });
    } catch {
      // a run that dies leaves its lock, and the next run takes it over
    }
  }
  heldFiles.clear();
  const mine = `.${process.pid}-`;
  for (const folder of temporaryFolders) {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      continue;
    }
    for (const name of names) {
      if (!name.startsWith('.') || !name.endsWith('.tmp') || !name.includes(mine)) continue;
      try {
        rmSync(path.join(folder, name), { force: true });
      } catch {
        // left for the next run's clean-up (removeStaleTemporaries): the process is ending
      }
    }
  }
  // A first run stopped before its files were in place leaves no empty folder behind.
  for (const unmake of madeFolders.splice(0).reverse()) unmake();
}

/**
 * Hidden names for a run's files in `folder`, one per name, that can be worked out again from the
 * name: a run of 100,000 letters need not keep a list of them, nor of what to remove if it fails.
 */
export interface TemporaryNames {
  (name: string): string;
  /** Removes every file written under one of these names. */
  removeAll(): void;
}

export function temporaryNames(folder: string): TemporaryNames {
  temporaryFolders.add(path.resolve(folder));
  const suffix = `.${process.pid}-${threadId}-${++written}.tmp`;
  const names = (name: string) => path.join(folder, `.${name}${suffix}`);
  names.removeAll = () => {
    let all: string[];
    try {
      all = readdirSync(folder);
    } catch {
      return; // no folder: nothing was written
    }
    for (const name of all) if (name.startsWith('.') && name.endsWith(suffix)) rmSync(path.join(folder, name), { force: true });
  };
  return names;
}

/**
 * Lines written to `file` as a run goes (a letter's file name, a message's details as JSON), read
 * back a piece at a time: what a run of 100,000 letters must know of each at the end is kept on
 * disk, not in memory.
 */
export class LineList {
  private fd: number | undefined;

  constructor(readonly file: string) {
    this.fd = openSync(file, 'w');
  }

  add(lines: string[]): void {
    if (lines.some((n) => n.includes('\n'))) throw new Error('a line with a line break'); // file names and JSON have none
    if (lines.length) writeSync(this.fd!, `${lines.join('\n')}\n`);
  }

  /** Safe to call twice. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** The lines added, in order (after close). */
  *lines(): Generator<string> {
    const fd = openSync(this.file, 'r');
    try {
      const buffer = Buffer.alloc(1 << 16);
      const decoder = new StringDecoder('utf8');
      let rest = '';
      for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) {
        const lines = (rest + decoder.write(buffer.subarray(0, n))).split('\n');
        rest = lines.pop()!;
        yield* lines;
      }
    } finally {
      closeSync(fd);
    }
  }
}

const TEMPORARY = /^\..+\.(\d+)-\d+-\d+\.tmp$/;

/**
 * Removes the temporary files a run that was killed (Ctrl-C, a crash, a power cut) left in
 * `folder`: those of processes no longer running. A run writes a whole campaign under temporary
 * names before renaming, so there can be many.
 */
export function removeStaleTemporaries(folder: string): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return; // no folder yet: nothing left behind
  }
  const alive = new Map<number, boolean>();
  for (const name of names) {
    const pid = Number(TEMPORARY.exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    if (!alive.has(pid)) alive.set(pid, isRunning(pid));
    if (!alive.get(pid)) rmSync(path.join(folder, name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // someone else's process
  }
}

/** Writes through a temporary file in the same folder and renames it: never a half-written file. */
export async function writeAtomically(file: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = temporaryName(file);
  const writing = write(tmp);
  // A Ctrl-C waits for the write (it opens the file on libuv's threads) before the unfinished
  // files are removed: one still opening would be made after them.
  const forget = onStop(() => writing.then(() => undefined, () => undefined));
  try {
    await writing;
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  } finally {
    forget();
  }
}

/** A file that could not be written or replaced: not bad input, not a bug; said in words. */
export class OutputError extends Error {
  override name = 'OutputError';
}

/**
 * Moves finished temporary files to their names, all or none: a file that cannot be replaced
 * (a folder in its way, a file held open) puts back the ones already moved.
 */
export function replaceFiles(moves: { from: string; to: string }[]): Promise<void> {
  return whole('placing files', () => replaceAll(moves)); // Ctrl-C does not cut it short
}

async function replaceAll(moves: { from: string; to: string }[]): Promise<void> {
  const blocked = notAFile(moves.map((m) => m.to));
  if (blocked) {
    await Promise.all(moves.map((m) => rm(m.from, { force: true })));
    throw blocked;
  }
  const done: { to: string; backup?: string }[] = [];
  try {
    for (const { from, to } of moves) {
      const backup = existsSync(to) ? `${temporaryName(to)}.old` : undefined;
      if (backup) await rename(to, backup);
      done.push({ to, backup });
      await rename(from, to);
    }
  } catch (err) {
    for (const d of done.reverse()) {
      await rm(d.to, { force: true, recursive: false }).catch(() => undefined);
      if (d.backup) await rename(d.backup, d.to).catch(() => undefined);
    }
    await Promise.all(moves.map((m) => rm(m.from, { force: true })));
    const e = err as NodeJS.ErrnoException;
    throw new OutputError(`could not replace ${(e as { dest?: string }).dest ?? e.path ?? 'a file'} (${e.code ?? e.message}); the files there are as they were`);
  }
  await Promise.all(done.map((d) => (d.backup ? rm(d.backup, { force: true }) : undefined)));
}

/**
 * Gives each temporary file its name, without backups: for thousands of files, where a copy of
 * each would cost more than the run. A name taken by something that is not a file (a folder),
 * here or at `alsoWritten`, is found before any file moves, so the folder is left as it was; a
 * rename the system refuses part-way (a file held open on Windows) is said with what was done.
 */
export function renameAllSync(moves: () => Iterable<{ from: string; to: string }>, alsoWritten: string[] = []): void {
  const blocked = notAFile((function* () {
    for (const m of moves()) yield m.to;
    yield* alsoWritten;
  })());
  if (blocked) throw blocked;
  let i = 0;
  for (const { from, to } of moves()) {
    try {
      renameSync(from, to);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const done = i === 0 ? 'nothing was replaced' : `the ${i} before it are the new ones, the rest are as they were: run again`;
      throw new OutputError(`could not replace ${to} (${e.code ?? e.message}); ${done}`);
    }
    i++;
  }
}

/** The error for the first of `paths` taken by something that is not a file, if one is. */
function notAFile(paths: Iterable<string>): OutputError | undefined {
  for (const f of paths) {
    if (statSync(f, { throwIfNoEntry: false })?.isFile() === false) {
      return new OutputError(`could not write ${f}: something that is not a file is in the way; nothing was replaced`);
    }
  }
  return undefined;
}

/**
 * Makes an output folder; a path that cannot be one is said in words, not as a crash. Returns a
 * function that removes the folders this call made, if they are still empty: for a run that
 * fails after making its folder, so it leaves nothing behind.
 */
export async function ensureDir(folder: string): Promise<() => void> {
  try {
    const first = await mkdir(folder, { recursive: true });
    // The folders made: `first` and those below it down to `folder`.
    const made = first ? path.relative(first, folder).split(path.sep).filter(Boolean).length + 1 : 0;
    const unmake = () => {
      let dir = path.resolve(folder);
      for (let i = 0; i < made; i++, dir = path.dirname(dir)) {
        try {
          rmdirSync(dir);
        } catch {
          return; // not empty (or gone): what is above it stays
        }
      }
    };
    if (made) madeFolders.push(unmake);
    return unmake;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOTDIR' || e.code === 'EEXIST' ? 'a file is in the way' : e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : (e.code ?? e.message);
    throw new OutputError(`could not make the folder ${folder}: ${why} — check --out`);
  }
}
