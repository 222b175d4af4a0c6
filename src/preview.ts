import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { checkCampaign, emailedCampaign, emailOnly, loadCampaign, type CampaignOptions } from './campaign/campaign.js';
import { postingWarnings, RunWarnings, type WarningSummary } from './campaign/warnings.js';
import { InputError } from './errors.js';
import { loadFonts } from './layout/fonts.js';
import type { LaidOutLetter } from './layout/layout.js';
import { fileLabels } from './render/address.js';
import { defaultOutDir, ensureDir, letterFileName, writeAtomically } from './output/files.js';
import { letterPdfBuffer } from './output/pdf.js';
import { letterAsText } from './output/text.js';
import { layoutRows } from './prepare.js';

export interface PreviewOptions extends CampaignOptions {
  /** The CSV data row to preview (1-based, as in the letter's file number). */
  row?: number;
  outDir?: string;
  pdf?: boolean;
  png?: boolean;
  columns?: number;
}

export interface PreviewResult {
  laid: LaidOutLetter;
  text: string;
  /** How many rows matched --where; the first is shown. */
  matched: number;
  /** What a run would warn of, for this row (and the case). */
  warnings: WarningSummary;
  /** The official has only an e-mail address: render and print make no letter on paper for them. */
  emailOnly: boolean;
  pdf?: string;
  png?: string;
}

/** `letters preview`: one letter, checked like a real run, shown as text and optionally as PDF/PNG. */
export async function previewLetter(o: PreviewOptions): Promise<PreviewResult> {
  const campaign = loadCampaign({ ...o, limit: undefined });
  let rows = campaign.rows;
  if (o.row !== undefined) {
    rows = rows.filter((r) => r.index === o.row);
    if (rows.length === 0) {
      throw new InputError({
        location: { file: campaign.recipients.file },
        message: `there is no row ${o.row}${o.where?.length ? ' matching --where' : ''}`,
        hint: `rows are numbered 1 to ${campaign.recipients.rows.length}, as the letters' files are`,
      });
    }
  }
  // (An official with only an e-mail address is shown the message letters email sends them.)
  const byEmail = emailOnly(rows[0]!.values);
  const one = byEmail ? emailedCampaign({ ...campaign, rows: rows.slice(0, 1) }) : { ...campaign, rows: rows.slice(0, 1) };
  // What a run would warn of for this row, said after its letter (an empty salutation, an official abroad).
  const warnings = new RunWarnings(one.recipients, one.caseFile, one);
  postingWarnings(one.template, o, one.paper, one.signer, o.signer, one.caseFile).forEach(warnings.warn);
  warnings.add(one.rows);
  const problems = checkCampaign(one, warnings.warn);
  problems.throwIfAny();
  const fonts = loadFonts();
  const [laid] = layoutRows(one, fonts, (p) => problems.add(p));
  problems.throwIfAny();

  // (The e-mail's code is loaded for such a row only: nodemailer's encoders.)
  const text = byEmail ? `Subject: ${laid!.letter.subject}\n\n${(await import('./output/email.js')).letterText(laid!.letter)}` : letterAsText(laid!, o.columns);
  const result: PreviewResult = { laid: laid!, text, matched: rows.length, warnings: warnings.summary(), emailOnly: byEmail };
  if (o.pdf || o.png) {
    const folder = path.join(o.outDir ?? defaultOutDir(o.casePath), campaign.caseFile.id, 'preview');
    await ensureDir(folder);
    result.pdf = path.join(folder, letterFileName(laid!.letter.number, fileLabels(laid!.letter.recipient.values)));
    const pdf = letterPdfBuffer(laid!, fonts);
    await writeAtomically(result.pdf, (tmp) => writeFile(tmp, pdf));
    if (o.png) result.png = await firstPageAsPng(result.pdf);
  }
  return result;
}

/** A program the user's machine lacks (pdftoppm): not bad input, not a bug. */
export class MissingToolError extends Error {
  override name = 'MissingToolError';
}

/** Page 1 as a PNG next to the PDF, with poppler's pdftoppm. */
async function firstPageAsPng(pdf: string): Promise<string> {
  const base = pdf.replace(/\.pdf$/, '');
  try {
    await promisify(execFile)('pdftoppm', ['-png', '-r', '100', '-f', '1', '-l', '1', '-singlefile', pdf, base]);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new MissingToolError(
        `--png needs pdftoppm, which is not installed; the PDF is at ${pdf}\n  hint: install poppler-utils (Debian/Ubuntu: apt-get install poppler-utils; macOS: brew install poppler)`,
      );
    }
    throw err;
  }
  return `${base}.png`;
}
