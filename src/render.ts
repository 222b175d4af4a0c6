import { existsSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { checkCampaign, expectedRows, noRowsProblem, openCampaign, FirstPass, rowSelector, selectedRows, type CampaignOptions } from './campaign/campaign.js';
import type { Recipient } from './campaign/recipients.js';
import type { Problem } from './errors.js';
import { loadFonts } from './layout/fonts.js';
import { MM } from './layout/geometry.js';
import { countryName, recipientLabel, recipientName } from './render/address.js';
import { ensureDir, letterFileName, removeStaleTemporaries, renameAllSync, temporaryName, temporaryNames } from './output/files.js';
import { readManifest, writeManifest, type ManifestRow } from './output/manifest.js';
import { PdfStream } from './output/pdf.js';
import { RowRunner } from './parallel/pool.js';
import { campaignShape } from './parallel/tasks.js';
import { keepHeapSmall } from './heap.js';

export interface RenderOptions extends CampaignOptions {
  /** The case folder goes under this folder (default `out`). */
  outDir?: string;
  /** Also write one combined PDF for printing. */
  bundle?: boolean;
  /** Only the bundle: no separate letters, and the folder's other files are left as they are. */
  bundleOnly?: boolean;
  /** In the bundle, start every letter on an odd page (default true). */
  duplex?: boolean;
  /** The printer's offset in millimetres (from `letters calibrate`). */
  offsetX?: number;
  offsetY?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface RenderResult {
  folder: string;
  letters: ManifestRow[];
  pages: number;
  bundle?: string;
  seconds: number;
}

const LETTER_FILE = /^\d{3,}-[a-z0-9-]+\.pdf$/;


/**
 * `letters render`: one PDF per official and a manifest, or nothing at all on bad input. One pass
 * over the rows, in worker threads for large runs: each letter is checked, and while every letter
 * so far is good, written under a temporary name (and drawn into the bundle); the files take their
 * names only when every row is known good, else they are removed. No run holds its letters in memory.
 */
export async function renderCampaign(o: RenderOptions): Promise<RenderResult> {
  const started = performance.now();
  keepHeapSmall();
  // The worker threads start while this thread reads the campaign: both take a few tenths of a second.
  // (The count is the CSV's lines: a --where run that selects few may start them for nothing.)
  const runner = await RowRunner.start(Math.min(expectedRows(o), o.limit ?? Infinity), 'idle');
  try {
    return await renderWith(runner, started, o);
  } finally {
    await runner.close();
  }
}

async function renderWith(runner: RowRunner, started: number, o: RenderOptions): Promise<RenderResult> {
  const { campaign, rows: csv } = openCampaign(o);
  const offset = { x: (o.offsetX ?? 0) * MM, y: (o.offsetY ?? 0) * MM };
  const folder = path.join(o.outDir ?? 'out', campaign.caseFile.id);
  const manifestFile = path.join(folder, 'manifest.csv');
  const bundleFile = path.join(folder, 'bundle.pdf');

  // First pass: every row read and checked, none kept. A bad row 90,000 is found before the
  // first letter is made.
  const problems = checkCampaign(campaign); // the case, the template, the columns
  const failed = new Set<number>(); // lines of rows with an error
  // A --where/--limit run keeps the folder's other letters: they must still be the same rows'.
  const mayFilter = !o.bundleOnly && ((o.where?.length ?? 0) > 0 || o.limit !== undefined);
  const earlier = new Map(mayFilter ? readManifest(manifestFile).map((r) => [r.number, r]) : []);
  const moved: Moved[] = [];
  let total = 0;
  let selected = 0;
  let toMake = 0;
  const chosen = rowSelector(campaign.recipients, o.where ?? [], o.limit);
  const pass = new FirstPass(csv.batches(), problems);
  for (const batch of pass) {
    total += batch.length;
    for (const row of batch) {
      const was = earlier.get(row.index);
      if (was && recipientName(row.values) !== was.recipient) moved.push({ was, now: row });
    }
    const rows = batch.filter(chosen);
    selected += rows.length;
    for (const p of checkCampaign({ ...campaign, rows }).items) {
      problems.add(p);
      if ((p.severity ?? 'error') === 'error' && p.location?.file === campaign.recipients.file) failed.add(p.location.line!);
    }
    toMake += rows.filter((r) => !failed.has(r.line)).length;
  }
  if (pass.failed) problems.throwIfAny();
  noRowsProblem(campaign.recipients, total, selected);
  const filtered = selected !== total;
  for (const r of earlier.values()) if (r.number > total) moved.push({ was: r });
  if (filtered && moved.length) problems.add(movedRows(campaign.recipients.file, moved));

  // Second pass: the letters, under temporary names (and into a temporary bundle) while every row
  // so far is good; they take their names only when all are.
  const shape = campaignShape(o, campaign);
  const width = Math.max(3, String(total).length);
  const temporary = temporaryNames(folder);
  const made: ManifestRow[] = [];
  let bundle: { pdf: PdfStream; tmp: string } | undefined;
  let unmake = () => {}; // removes the folders this run made, on failure
  let writing = false; // letters have been written
  try {
    if (problems.size === 0) {
      unmake = await ensureDir(folder);
      removeStaleTemporaries(folder);
    }
    if (o.bundle && problems.size === 0) {
      const tmp = temporaryName(bundleFile);
      bundle = { pdf: new PdfStream(tmp, loadFonts(), { title: `Letters for ${campaign.caseFile.name}` }), tmp };
    }
    const batches = runner.batches('renderRows', letterRows(), (rows) => {
      const write = problems.size === 0; // after the first problem, only check
      writing ||= write;
      const files = rows.map((row) => {
        const file = flat(letterFileName(row.index, recipientLabel(row.values), width));
        made.push({ number: row.index, recipient: flat(recipientName(row.values)), position: row.values.position ?? '', country: countryName(row.values.country ?? ''), file, pages: 0 });
        return file;
      });
      return { ...shape, rows, offset, offsetMm: { x: o.offsetX, y: o.offsetY }, write, files: o.bundleOnly || !write ? undefined : files.map(temporary), bundle: !!bundle };
    });
    let done = 0;
    for await (const r of batches) {
      r.problems.forEach((p) => problems.add(p));
      for (const pages of r.pages) made[done++]!.pages = pages;
      o.onProgress?.(done, toMake);
      if (bundle && problems.size === 0 && r.letters) await bundle.pdf.letters(r.letters, r.glyphs ?? {}, o.duplex ?? true);
    }
    problems.throwIfAny();
    await bundle?.pdf.end();
  } catch (err) {
    await runner.close(); // no worker goes on writing while the files are removed
    await discard();
    throw err;
  }
  return await publish();

  /** The rows to make letters of, read again: those selected, without an error. */
  function* letterRows(): Generator<Recipient> {
    for (const row of selectedRows(csv, o)) if (!failed.has(row.line)) yield row;
  }

  /** This run's letters under their temporary names and their own. */
  function* moves(): Generator<{ from: string; to: string }> {
    if (o.bundleOnly) return;
    for (const r of made) yield { from: temporary(r.file), to: path.join(folder, r.file) };
  }

  /** Removes what this run wrote under temporary names: nothing of a failed run is left. */
  async function discard(): Promise<void> {
    if (writing) {
      for (const { from } of moves()) {
        try {
          rmSync(from, { force: true });
        } catch {
          break; // no folder to hold them (it could not be made): nothing was written
        }
      }
    }
    if (bundle) {
      await bundle.pdf.end().catch(() => undefined);
      await rm(bundle.tmp, { force: true });
      bundle = undefined;
    }
    unmake();
  }

  /** Every row was good: the letters take their names, and the manifest lists them. */
  async function publish(): Promise<RenderResult> {
    const result = { folder, letters: made, pages: made.reduce((n, r) => n + r.pages, 0), bundle: bundle && bundleFile };
    try {
      renameAllSync(function* () {
        yield* moves();
        if (bundle) yield { from: bundle.tmp, to: bundleFile };
      }, o.bundleOnly ? [] : [manifestFile]);
    } catch (err) {
      await discard();
      throw err;
    }
    bundle = undefined;
    if (o.bundleOnly) return { ...result, seconds: (performance.now() - started) / 1000 };
    // The manifest lists the folder's letters. A full run replaces them: letters an earlier run
    // made and this one did not would be posted by mistake, so they go (files we did not make
    // stay). A --where/--limit run replaces only its own letters.
    const before = filtered ? [...earlier.values()] : readManifest(manifestFile);
    const madeFiles = new Set(made.map((r) => r.file));
    const numbers = new Set(made.map((r) => r.number));
    const kept = new Set(filtered ? before.filter((r) => !numbers.has(r.number) && !madeFiles.has(r.file) && existsSync(path.join(folder, r.file))) : []);
    await writeManifest(manifestFile, kept.size ? [...kept, ...made].sort((a, b) => a.number - b.number) : made);
    for (const r of before) {
      const keep = madeFiles.has(r.file) || kept.has(r);
      if (!keep && LETTER_FILE.test(r.file)) await rm(path.join(folder, r.file), { force: true });
    }
    // bundle.pdf holds this run's letters; a full run without --bundle removes an older one.
    if (!o.bundle && !filtered) await rm(bundleFile, { force: true });
    return { ...result, seconds: (performance.now() - started) / 1000 };
  }
}

/**
 * `text` as one string. A name put together from parts is kept by V8 as the parts: a run keeps a
 * name and a file name per letter, and the parts (first name, surname, number) cost as much again.
 */
function flat(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

interface Moved {
  /** A letter in the folder, by row number. */
  was: ManifestRow;
  /** The row of that number now, if there is one. */
  now?: Recipient;
}

/**
 * A --where/--limit run keeps the folder's other letters, which are numbered by their row: when
 * rows were added or removed since those letters were made, the numbers no longer match and a
 * partial run would put a letter beside another official's. Says so.
 */
function movedRows(file: string, moved: Moved[]): Problem {
  const { was, now } = moved.sort((a, b) => a.was.number - b.was.number)[0]!;
  return {
    location: { file, line: now?.line },
    message:
      `the officials' rows have moved since the letters in the folder were made: ${was.file} is for ${was.recipient}, ` +
      `but row ${was.number} is now ${now ? recipientName(now.values) : 'gone'}` +
      (moved.length > 1 ? ` (and ${moved.length - 1} more)` : ''),
    hint: 'run without --where/--limit to remake every letter, or give another --out',
  };
}
