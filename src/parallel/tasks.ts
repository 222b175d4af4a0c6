import { writeFileSync } from 'node:fs';
import { emailedCampaign, loadCampaign, type Campaign, type CampaignOptions } from '../campaign/campaign.js';
import type { Recipient, RecipientList } from '../campaign/recipients.js';
import type { Problem } from '../errors.js';
import { loadFonts, type FontSet } from '../layout/fonts.js';
import { offPage, offsetProblem, type LaidOutLetter } from '../layout/layout.js';
import type { Letter } from '../letter.js';
import type { BuiltMessage, MessageSettings, OutgoingMessage } from '../output/email.js';
import { encodeLetter, letterMeta, letterPdf, letterPdfBuffer, RepeatedLines, takeNewGlyphs, type EncodedPage, type NewGlyphs, type Offset } from '../output/pdf.js';
import { subsetFonts } from '../output/pdffont.js';
import { rowLayouter, rowRenderer } from '../prepare.js';

/**
 * The work on letters that is done row by row, in worker threads (see pool.ts) or, for small
 * runs, in the main thread: the same functions either way, so both paths make the same letters.
 * A task carries its rows; the worker loads the case, template and signer once and never the CSV.
 */

/** What a worker needs besides the rows: the run's options and the CSV's columns. */
export interface CampaignShape {
  options: CampaignOptions;
  csv: Omit<RecipientList, 'rows'>;
}

/** The shape of a loaded campaign, to send to workers: only plain options, the date fixed. */
export function campaignShape(o: CampaignOptions, c: Campaign): CampaignShape {
  const options: CampaignOptions = {
    casePath: o.casePath,
    recipients: o.recipients,
    template: o.template,
    signer: o.signer,
    encoding: o.encoding,
    paper: o.paper,
    dinForm: o.dinForm,
    envelope: o.envelope,
    force: o.force,
    date: c.today,
  };
  return { options, csv: { file: c.recipients.file, columns: c.recipients.columns, headers: c.recipients.headers } };
}

export interface RowsTask extends CampaignShape {
  rows: Recipient[];
  /** In a worker thread: set by the main thread when the run stops (see RowRunner.close). */
  stop?: Int32Array;
}

/** Ends a worker's task before its next letter once the run has stopped. */
function unlessStopped(t: RowsTask): void {
  if (t.stop && Atomics.load(t.stop, 0) !== 0) throw new Error('letters: the run stopped');
}

interface Maker {
  c: Campaign;
  fonts: FontSet;
  problems: Problem[];
  layout: (row: Recipient) => LaidOutLetter | undefined;
  render: (row: Recipient) => Letter | undefined;
  /** Lines that repeat from letter to letter, drawn from forms in a bundle's pages. */
  repeated: RepeatedLines;
}

let current: { key: string; maker: Maker } | undefined;

/** A new run reads the case, template and signer afresh: they may have changed since the last. */
export function forgetCampaign(): void {
  current = undefined;
}

/** `emailed`: the letters are PDFs attached to e-mails (see emailedCampaign). */
function makerFor(shape: CampaignShape, emailed = false): Maker {
  const key = JSON.stringify([shape.options, shape.csv, emailed]);
  if (current?.key !== key) {
    const loaded = loadCampaign(shape.options, { ...shape.csv, rows: [] });
    const c = emailed ? emailedCampaign(loaded) : loaded;
    const fonts = loadFonts();
    const problems: Problem[] = [];
    const report = (p: Problem) => problems.push(p);
    current = { key, maker: { c, fonts, problems, layout: rowLayouter(c, fonts, report), render: rowRenderer(c, report), repeated: new RepeatedLines(subsetFonts(fonts)) } };
  }
  current.maker.problems.length = 0;
  return current.maker;
}

/**
 * The single pass of `letters render`: every problem of these rows' letters and each letter's page
 * count (0 for a row with a problem); with `write`, each good letter's PDF written to its file in
 * `files` (temporary names: the main thread keeps or removes them when every row is known good)
 * and, with `bundle`, its pages encoded for the bundle the main thread writes, with the glyphs
 * they brought.
 */
export async function renderRows(
  t: RowsTask & { offset: Offset; offsetMm?: { x?: number; y?: number }; write: boolean; files?: string[]; bundle: boolean },
): Promise<{ problems: Problem[]; pages: number[]; letters?: EncodedPage[][]; glyphs?: NewGlyphs }> {
  const m = makerFor(t);
  const pages: number[] = [];
  const letters: EncodedPage[][] = [];
  for (const [i, row] of t.rows.entries()) {
    unlessStopped(t);
    const laid = m.layout(row);
    const off = laid && laid.pages.map((p) => offPage(p, laid.paper, t.offset, m.fonts)).find(Boolean);
    if (off) m.problems.push({ code: 'offset', ...offsetProblem(t.offsetMm ?? {}, `"${off.text}" off the edge of the page`) });
    pages.push(laid && !off ? laid.pages.length : 0);
    if (!laid || off || !t.write) continue;
    // A letter's own file is whole in itself; a bundle's pages draw the lines that repeat from forms.
    const encoded = encodeLetter(laid, m.fonts, t.offset, t.files ? undefined : m.repeated);
    // Written in this thread: thousands of small files go faster so than through the thread pool.
    if (t.files) writeFileSync(t.files[i]!, letterPdf(encoded, m.fonts, letterMeta(laid)));
    if (t.bundle) letters.push(encoded);
  }
  return { problems: m.problems.splice(0), pages, ...(t.bundle && t.write ? { letters, glyphs: takeNewGlyphs(m.fonts) } : {}) };
}

/**
 * Each letter as an e-mail message, with its PDF attached when asked: written here to its file in
 * `files` (temporary names: the main thread keeps or removes them), or with `spool`, its bytes
 * given back for the main thread to add to the run's spool of messages to send. A row that cannot
 * make a correct letter gives its problems instead. With neither (a problem was found already) the
 * rows are only checked.
 */
export async function buildMessages(
  t: RowsTask & { message: MessageSettings; attachPdf: boolean; files?: string[]; spool?: boolean },
): Promise<{ messages: OutgoingMessage[]; contents: Uint8Array[]; problems: Problem[] }> {
  const m = makerFor(t, t.attachPdf);
  // Loaded here, not with the module: a worker that makes PDFs starts sooner without nodemailer.
  const { buildMessage } = await import('../output/email.js');
  const messages: OutgoingMessage[] = [];
  const contents: Uint8Array[] = [];
  const make = !!t.files || !!t.spool;
  for (const [i, row] of t.rows.entries()) {
    unlessStopped(t);
    let made: BuiltMessage | undefined;
    if (t.attachPdf) {
      const laid = m.layout(row);
      if (laid && make) made = buildMessage(laid.letter, t.message, letterPdfBuffer(laid, m.fonts));
    } else {
      const letter = m.render(row);
      if (letter && make) made = buildMessage(letter, t.message);
    }
    if (!made) continue;
    const { content, ...message } = made;
    if (t.files) writeFileSync(t.files[i]!, content);
    else contents.push(content);
    messages.push(message);
  }
  return { messages, contents, problems: m.problems.splice(0) };
}
