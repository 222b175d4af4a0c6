import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { forEachBounded } from './bounded.js';
import { loadCampaign, type CampaignOptions } from './campaign/campaign.js';
import { loadFonts } from './layout/fonts.js';
import { MM } from './layout/geometry.js';
import { offPage, offsetProblem } from './layout/layout.js';
import { InputError } from './errors.js';
import { recipientLabel } from './render/address.js';
import { ensureDir, letterFileName, writeAtomically } from './output/files.js';
import { readManifest, writeManifest, type ManifestRow } from './output/manifest.js';
import { writeBundlePdf, writeLetterPdf } from './output/pdf.js';
import { prepareLetters } from './prepare.js';

export interface RenderOptions extends CampaignOptions {
  /** The case folder goes under this folder (default `out`). */
  outDir?: string;
  /** Also write one combined PDF for printing. */
  bundle?: boolean;
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
/** PDFs being written at once: the next letter is drawn while the disk takes the last one. */
const FILES_IN_FLIGHT = 8;


/** `letters render`: one PDF per official and a manifest, or nothing at all on bad input. */
export async function renderCampaign(o: RenderOptions): Promise<RenderResult> {
  const started = performance.now();
  const fonts = loadFonts();
  const campaign = loadCampaign(o);
  const laid = prepareLetters(campaign, fonts);
  const offset = { x: (o.offsetX ?? 0) * MM, y: (o.offsetY ?? 0) * MM };
  for (const l of laid) {
    const off = l.pages.map((p) => offPage(p, l.paper, offset, fonts)).find(Boolean);
    if (off) {
      throw new InputError(offsetProblem({ x: o.offsetX, y: o.offsetY }, `"${off.text}" off the edge of the page`));
    }
  }

  const folder = path.join(o.outDir ?? 'out', campaign.caseFile.id);
  await ensureDir(folder);
  const width = Math.max(3, String(campaign.recipients.rows.length).length);
  const rows: ManifestRow[] = laid.map((l) => ({
    number: l.letter.number,
    recipient: l.letter.recipientName,
    position: l.letter.recipient.values.position ?? '',
    country: l.letter.country,
    file: letterFileName(l.letter.number, recipientLabel(l.letter.recipient.values), width),
    pages: l.pages.length,
  }));
  let done = 0;
  await forEachBounded(laid, FILES_IN_FLIGHT, async (l, i) => {
    await writeAtomically(path.join(folder, rows[i]!.file), (tmp) => writeLetterPdf(l, fonts, tmp, offset));
    o.onProgress?.(++done, laid.length);
  });
  // The manifest lists the folder's letters. A full run replaces them: letters an earlier run
  // made and this one did not would be posted by mistake, so they go (files we did not make
  // stay). A --where/--limit run replaces only its own letters.
  const manifestFile = path.join(folder, 'manifest.csv');
  const earlier = readManifest(manifestFile);
  const made = new Set(rows.map((r) => r.file));
  const numbers = new Set(rows.map((r) => r.number));
  const kept = campaign.filtered ? earlier.filter((r) => !numbers.has(r.number) && !made.has(r.file) && existsSync(path.join(folder, r.file))) : [];
  await writeManifest(manifestFile, [...kept, ...rows].sort((a, b) => a.number - b.number));
  for (const r of earlier) {
    const keep = made.has(r.file) || kept.includes(r);
    if (!keep && LETTER_FILE.test(r.file)) await rm(path.join(folder, r.file), { force: true });
  }

  // bundle.pdf holds this run's letters; a full run without --bundle removes an older one.
  let bundle: string | undefined;
  const bundleFile = path.join(folder, 'bundle.pdf');
  if (o.bundle) {
    bundle = bundleFile;
    await writeAtomically(bundle, (tmp) =>
      writeBundlePdf(laid, fonts, tmp, { duplex: o.duplex ?? true, title: `Letters for ${campaign.caseFile.name}`, offset }).then(() => undefined),
    );
  } else if (!campaign.filtered) {
    await rm(bundleFile, { force: true });
  }
  return {
    folder,
    letters: rows,
    pages: rows.reduce((n, r) => n + r.pages, 0),
    bundle,
    seconds: (performance.now() - started) / 1000,
  };
}
