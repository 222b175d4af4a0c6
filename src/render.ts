import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { loadCampaign, type CampaignOptions } from './campaign/campaign.js';
import { loadFonts } from './layout/fonts.js';
import { recipientLabel } from './render/address.js';
import { letterFileName, writeAtomically } from './output/files.js';
import { writeManifest, type ManifestRow } from './output/manifest.js';
import { writeBundlePdf, writeLetterPdf } from './output/pdf.js';
import { prepareLetters } from './prepare.js';

export interface RenderOptions extends CampaignOptions {
  /** The case folder goes under this folder (default `out`). */
  outDir?: string;
  /** Also write one combined PDF for printing. */
  bundle?: boolean;
  /** In the bundle, start every letter on an odd page (default true). */
  duplex?: boolean;
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

/** `letters render`: one PDF per official and a manifest, or nothing at all on bad input. */
export async function renderCampaign(o: RenderOptions): Promise<RenderResult> {
  const started = performance.now();
  const fonts = loadFonts();
  const campaign = loadCampaign(o);
  const laid = prepareLetters(campaign, fonts);

  const folder = path.join(o.outDir ?? 'out', campaign.caseFile.id);
  await mkdir(folder, { recursive: true });
  const width = Math.max(3, String(campaign.recipients.rows.length).length);
  const rows: ManifestRow[] = [];
  for (const l of laid) {
    const file = letterFileName(l.letter.number, recipientLabel(l.letter.recipient.values), width);
    await writeAtomically(path.join(folder, file), (tmp) => writeLetterPdf(l, fonts, tmp));
    rows.push({
      number: l.letter.number,
      recipient: l.letter.recipientName,
      position: l.letter.recipient.values.position ?? '',
      country: l.letter.country,
      file,
      pages: l.pages.length,
    });
    o.onProgress?.(rows.length, laid.length);
  }
  await writeManifest(path.join(folder, 'manifest.csv'), rows);

  let bundle: string | undefined;
  if (o.bundle) {
    bundle = path.join(folder, 'bundle.pdf');
    await writeAtomically(bundle, (tmp) =>
      writeBundlePdf(laid, fonts, tmp, { duplex: o.duplex ?? true, title: `Letters for ${campaign.caseFile.name}` }).then(() => undefined),
    );
  }

  // Letters left from an earlier, larger run would be posted twice: a full run removes them.
  if (!campaign.filtered) {
    const made = new Set(rows.map((r) => r.file));
    for (const name of await readdir(folder)) {
      if (LETTER_FILE.test(name) && !made.has(name)) await rm(path.join(folder, name));
    }
  }
  return {
    folder,
    letters: rows,
    pages: rows.reduce((n, r) => n + r.pages, 0),
    bundle,
    seconds: (performance.now() - started) / 1000,
  };
}
