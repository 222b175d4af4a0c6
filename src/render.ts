import { existsSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { checkCampaign, expectedRows, loadCampaign, type Campaign, type CampaignOptions } from './campaign/campaign.js';
import type { Problem } from './errors.js';
import { loadFonts } from './layout/fonts.js';
import { MM } from './layout/geometry.js';
import { countryName, recipientLabel, recipientName } from './render/address.js';
import { ensureDir, letterFileName, removeStaleTemporaries, renameAllSync, temporaryName } from './output/files.js';
import { readManifest, writeManifest, type ManifestRow } from './output/manifest.js';
import { PdfStream } from './output/pdf.js';
import { RowRunner } from './parallel/pool.js';
import { campaignShape } from './parallel/tasks.js';
import { withoutFailedRows } from './prepare.js';
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
  const campaign = loadCampaign(o);
  const offset = { x: (o.offsetX ?? 0) * MM, y: (o.offsetY ?? 0) * MM };
  const problems = checkCampaign(campaign);
  const folder = path.join(o.outDir ?? 'out', campaign.caseFile.id);
  const manifestFile = path.join(folder, 'manifest.csv');
  const earlier = o.bundleOnly ? [] : readManifest(manifestFile); // the letters already there
  if (campaign.filtered && !o.bundleOnly) {
    const moved = movedRows(campaign, earlier);
    if (moved) problems.add(moved);
  }
  const rows = withoutFailedRows(campaign, problems.items).rows;
  const shape = campaignShape(o, campaign);
  const width = Math.max(3, String(campaign.recipients.rows.length).length);
  const names = rows.map((row) => letterFileName(row.index, recipientLabel(row.values), width));
  const bundleFile = path.join(folder, 'bundle.pdf');
  // Temporary names beside the final ones, known to every batch before it is sent.
  const temporary = o.bundleOnly ? undefined : names.map((n) => temporaryName(path.join(folder, n)));
  let bundle: { pdf: PdfStream; tmp: string } | undefined;
  let unmake = () => {}; // removes the folders this run made, on failure
  const pages: number[] = [];
  try {
    if (problems.size === 0) {
      unmake = await ensureDir(folder);
      removeStaleTemporaries(folder);
    }
    if (o.bundle && problems.size === 0) {
      const tmp = temporaryName(bundleFile);
      bundle = { pdf: new PdfStream(tmp, loadFonts(), { title: `Letters for ${campaign.caseFile.name}` }), tmp };
    }
    const batches = runner.batches('renderRows', rows, (batch, start) => ({
      ...shape,
      rows: batch,
      offset,
      offsetMm: { x: o.offsetX, y: o.offsetY },
      write: problems.size === 0, // after the first problem, only check
      files: temporary?.slice(start, start + batch.length),
      bundle: !!bundle,
    }));
    for await (const r of batches) {
      r.problems.forEach((p) => problems.add(p));
      pages.push(...r.pages);
      o.onProgress?.(pages.length, rows.length);
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

  /** Removes what this run wrote under temporary names: nothing of a failed run is left. */
  async function discard(): Promise<void> {
    for (const tmp of temporary ?? []) {
      try {
        rmSync(tmp, { force: true });
      } catch {
        break; // no folder to hold them (it could not be made): nothing was written
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
    const made: ManifestRow[] = rows.map((row, i) => ({
      number: row.index,
      recipient: recipientName(row.values),
      position: row.values.position ?? '',
      country: countryName(row.values.country ?? ''),
      file: names[i]!,
      pages: pages[i]!,
    }));
    const result = { folder, letters: made, pages: made.reduce((n, r) => n + r.pages, 0), bundle: bundle && bundleFile };
    try {
      const moves = (temporary ?? []).map((from, i) => ({ from, to: path.join(folder, names[i]!) }));
      if (bundle) moves.push({ from: bundle.tmp, to: bundleFile });
      renameAllSync(moves, temporary ? [manifestFile] : []);
    } catch (err) {
      await discard();
      throw err;
    }
    bundle = undefined;
    if (o.bundleOnly) return { ...result, seconds: (performance.now() - started) / 1000 };
    // The manifest lists the folder's letters. A full run replaces them: letters an earlier run
    // made and this one did not would be posted by mistake, so they go (files we did not make
    // stay). A --where/--limit run replaces only its own letters.
    const madeFiles = new Set(names);
    const numbers = new Set(made.map((r) => r.number));
    const kept = new Set(campaign.filtered ? earlier.filter((r) => !numbers.has(r.number) && !madeFiles.has(r.file) && existsSync(path.join(folder, r.file))) : []);
    await writeManifest(manifestFile, [...kept, ...made].sort((a, b) => a.number - b.number));
    for (const r of earlier) {
      const keep = madeFiles.has(r.file) || kept.has(r);
      if (!keep && LETTER_FILE.test(r.file)) await rm(path.join(folder, r.file), { force: true });
    }
    // bundle.pdf holds this run's letters; a full run without --bundle removes an older one.
    if (!o.bundle && !campaign.filtered) await rm(bundleFile, { force: true });
    return { ...result, seconds: (performance.now() - started) / 1000 };
  }
}

/**
 * A --where/--limit run keeps the folder's other letters, which are numbered by their row: when
 * rows were added or removed since those letters were made, the numbers no longer match and a
 * partial run would put a letter beside another official's. Says so, or undefined when they match.
 */
function movedRows(c: Campaign, earlier: ManifestRow[]): Problem | undefined {
  const moved = earlier.filter((r) => {
    const row = c.recipients.rows[r.number - 1];
    return !row || recipientName(row.values) !== r.recipient;
  });
  if (moved.length === 0) return undefined;
  const first = moved[0]!;
  const now = c.recipients.rows[first.number - 1];
  return {
    location: { file: c.recipients.file, line: now?.line },
    message:
      `the officials' rows have moved since the letters in the folder were made: ${first.file} is for ${first.recipient}, ` +
      `but row ${first.number} is now ${now ? recipientName(now.values) : 'gone'}` +
      (moved.length > 1 ? ` (and ${moved.length - 1} more)` : ''),
    hint: 'run without --where/--limit to remake every letter, or give another --out',
  };
}
