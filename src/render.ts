import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { checkCampaign, loadCampaign, type CampaignOptions } from './campaign/campaign.js';
import { loadFonts } from './layout/fonts.js';
import { MM } from './layout/geometry.js';
import { countryName, recipientLabel, recipientName } from './render/address.js';
import { ensureDir, letterFileName, writeAtomically } from './output/files.js';
import { readManifest, writeManifest, type ManifestRow } from './output/manifest.js';
import { writeBundlePdf } from './output/pdf.js';
import { RowRunner } from './parallel/pool.js';
import { campaignShape } from './parallel/tasks.js';
import { withoutFailedRows } from './prepare.js';

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
 * `letters render`: one PDF per official and a manifest, or nothing at all on bad input. Two
 * passes over the rows, in worker threads for large runs: the first checks every letter and keeps
 * only its page count; the second makes the files. No run holds all its letters in memory.
 */
export async function renderCampaign(o: RenderOptions): Promise<RenderResult> {
  const started = performance.now();
  const campaign = loadCampaign(o);
  const offset = { x: (o.offsetX ?? 0) * MM, y: (o.offsetY ?? 0) * MM };
  const problems = checkCampaign(campaign);
  const rows = withoutFailedRows(campaign, problems.items).rows;
  const shape = campaignShape(o, campaign);
  // A thread per core: with a bundle this thread draws it too (measured: faster than one thread fewer).
  const runner = await RowRunner.start(rows.length, 'idle');
  try {
    const pages: number[] = [];
    const check = runner.batches('checkRows', rows, (batch) => ({ ...shape, rows: batch, layout: true, offset, offsetMm: { x: o.offsetX, y: o.offsetY } }));
    for await (const r of check) {
      r.problems.forEach((p) => problems.add(p));
      pages.push(...r.pages);
    }
    problems.throwIfAny();
    return await write(runner, pages);
  } finally {
    await runner.close();
  }

  async function write(runner: RowRunner, pages: number[]): Promise<RenderResult> {
    const fonts = loadFonts();
    const folder = path.join(o.outDir ?? 'out', campaign.caseFile.id);
    await ensureDir(folder);
    const width = Math.max(3, String(campaign.recipients.rows.length).length);
    const made: ManifestRow[] = rows.map((row, i) => ({
      number: row.index,
      recipient: recipientName(row.values),
      position: row.values.position ?? '',
      country: countryName(row.values.country ?? ''),
      file: letterFileName(row.index, recipientLabel(row.values), width),
      pages: pages[i]!,
    }));
    let bundle: string | undefined;
    const bundleFile = path.join(folder, 'bundle.pdf');
    const bundleOptions = { duplex: o.duplex ?? true, title: `Letters for ${campaign.caseFile.name}`, offset };
    if (o.bundleOnly) {
      // Laid out in the workers, in row order; drawn into one file here.
      async function* laidOut() {
        let done = 0;
        for await (const batch of runner.batches('layoutRows', rows, (b) => ({ ...shape, rows: b }))) {
          yield* batch;
          o.onProgress?.((done += batch.length), rows.length);
        }
      }
      await writeAtomically(bundleFile, (tmp) => writeBundlePdf(laidOut(), fonts, tmp, bundleOptions).then(() => undefined));
      return { folder, letters: made, pages: made.reduce((n, r) => n + r.pages, 0), bundle: bundleFile, seconds: (performance.now() - started) / 1000 };
    }
    // The workers write the files; with --bundle the same letters come back laid out and are drawn
    // into the bundle here as they come, so each letter is laid out once for both.
    let done = 0;
    async function* filesWritten() {
      const files = runner.batches('writePdfs', rows, (batch, start) => ({
        ...shape,
        rows: batch,
        offset,
        laidOut: !!o.bundle,
        files: made.slice(start, start + batch.length).map((r) => path.join(folder, r.file)),
      }));
      for await (const written of files) {
        o.onProgress?.((done += written.pages.length), rows.length);
        if (written.laid) yield* written.laid;
      }
    }
    if (o.bundle) {
      bundle = bundleFile;
      await writeAtomically(bundleFile, (tmp) => writeBundlePdf(filesWritten(), fonts, tmp, bundleOptions).then(() => undefined));
    } else {
      for await (const _ of filesWritten()); // the files are the result
    }
    // The manifest lists the folder's letters. A full run replaces them: letters an earlier run
    // made and this one did not would be posted by mistake, so they go (files we did not make
    // stay). A --where/--limit run replaces only its own letters.
    const manifestFile = path.join(folder, 'manifest.csv');
    const earlier = readManifest(manifestFile);
    const madeFiles = new Set(made.map((r) => r.file));
    const numbers = new Set(made.map((r) => r.number));
    const kept = campaign.filtered ? earlier.filter((r) => !numbers.has(r.number) && !madeFiles.has(r.file) && existsSync(path.join(folder, r.file))) : [];
    await writeManifest(manifestFile, [...kept, ...made].sort((a, b) => a.number - b.number));
    for (const r of earlier) {
      const keep = madeFiles.has(r.file) || kept.includes(r);
      if (!keep && LETTER_FILE.test(r.file)) await rm(path.join(folder, r.file), { force: true });
    }

    // bundle.pdf holds this run's letters; a full run without --bundle removes an older one.
    if (!o.bundle && !campaign.filtered) await rm(bundleFile, { force: true });
    return {
      folder,
      letters: made,
      pages: made.reduce((n, r) => n + r.pages, 0),
      bundle,
      seconds: (performance.now() - started) / 1000,
    };
  }
}
