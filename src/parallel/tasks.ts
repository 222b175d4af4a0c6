import { loadCampaign, type Campaign, type CampaignOptions } from '../campaign/campaign.js';
import type { Recipient, RecipientList } from '../campaign/recipients.js';
import { InputError, type Problem } from '../errors.js';
import { loadFonts, type FontSet } from '../layout/fonts.js';
import { offPage, offsetProblem, type LaidOutLetter } from '../layout/layout.js';
import type { Letter } from '../letter.js';
import { buildMessage, type BuiltMessage, type MessageSettings } from '../output/email.js';
import { writeFileAtomicallySync } from '../output/files.js';
import { letterPdfBuffer, type Offset } from '../output/pdf.js';
import { rowLayouter } from '../prepare.js';
import { letterRenderer } from '../render/letter.js';

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
}

interface Maker {
  c: Campaign;
  fonts: FontSet;
  problems: Problem[];
  layout: (row: Recipient) => LaidOutLetter | undefined;
  render: (row: Recipient) => Letter | undefined;
}

let current: { key: string; maker: Maker } | undefined;

/** A new run reads the case, template and signer afresh: they may have changed since the last. */
export function forgetCampaign(): void {
  current = undefined;
}

function makerFor(shape: CampaignShape): Maker {
  const key = JSON.stringify([shape.options, shape.csv]);
  if (current?.key !== key) {
    const c = loadCampaign(shape.options, { ...shape.csv, rows: [] });
    const fonts = loadFonts();
    const problems: Problem[] = [];
    const renderer = letterRenderer({ ...c, recipientsFile: c.recipients.file });
    const render = (row: Recipient) => {
      try {
        return renderer(row);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        problems.push(...err.problems);
        return undefined;
      }
    };
    current = { key, maker: { c, fonts, problems, layout: rowLayouter(c, fonts, (p) => problems.push(p)), render } };
  }
  current.maker.problems.length = 0;
  return current.maker;
}

/** Pass 2 found a problem pass 1 did not: the two passes disagree, which is a bug. */
function mustNotFail(m: Maker, row: Recipient): never {
  throw new Error(`row ${row.line} failed on the second pass: ${m.problems.map((p) => p.message).join('; ')}`);
}

/**
 * The first pass: every problem of these rows' letters, and each letter's page count (0 for a
 * row with a problem); nothing else is kept. `layout: false` renders without laying out (an
 * e-mail without a PDF); `offset` also checks the printer's offset.
 */
export function checkRows(t: RowsTask & { layout: boolean; offset?: Offset; offsetMm?: { x?: number; y?: number } }): { problems: Problem[]; pages: number[] } {
  const m = makerFor(t);
  const pages: number[] = [];
  for (const row of t.rows) {
    if (!t.layout) {
      pages.push(m.render(row) ? 1 : 0);
      continue;
    }
    const laid = m.layout(row);
    pages.push(laid?.pages.length ?? 0);
    const off = laid && t.offset && laid.pages.map((p) => offPage(p, laid.paper, t.offset!, m.fonts)).find(Boolean);
    if (off) m.problems.push({ code: 'offset', ...offsetProblem(t.offsetMm ?? {}, `"${off.text}" off the edge of the page`) });
  }
  return { problems: m.problems.splice(0), pages };
}

/** The letters laid out, for a bundle the main thread writes. */
export function layoutRows(t: RowsTask): LaidOutLetter[] {
  const m = makerFor(t);
  return t.rows.map((row) => m.layout(row) ?? mustNotFail(m, row));
}

/**
 * Each letter's PDF written to its file (through a temporary name); their page counts, and with
 * `laidOut` the letters themselves, for a bundle drawn from the same layout.
 */
export async function writePdfs(t: RowsTask & { files: string[]; offset: Offset; laidOut?: boolean }): Promise<{ pages: number[]; laid?: LaidOutLetter[] }> {
  const m = makerFor(t);
  const pages: number[] = [];
  const laidOut: LaidOutLetter[] = [];
  for (const [i, row] of t.rows.entries()) {
    const laid = m.layout(row) ?? mustNotFail(m, row);
    // Written in this thread: thousands of small files go faster so than through the thread pool.
    writeFileAtomicallySync(t.files[i]!, await letterPdfBuffer(laid, m.fonts, t.offset));
    pages.push(laid.pages.length);
    if (t.laidOut) laidOut.push(laid);
  }
  return t.laidOut ? { pages, laid: laidOut } : { pages };
}

/**
 * Each letter as an e-mail message, with its PDF attached when asked; a row that cannot make a
 * correct letter gives its problems instead.
 */
export async function buildMessages(
  t: RowsTask & { message: MessageSettings; attachPdf: boolean },
): Promise<{ messages: BuiltMessage[]; problems: Problem[] }> {
  const m = makerFor(t);
  const messages: BuiltMessage[] = [];
  for (const row of t.rows) {
    if (t.attachPdf) {
      const laid = m.layout(row);
      if (laid) messages.push(buildMessage(laid.letter, t.message, await letterPdfBuffer(laid, m.fonts)));
    } else {
      const letter = m.render(row);
      if (letter) messages.push(buildMessage(letter, t.message));
    }
  }
  return { messages, problems: m.problems.splice(0) };
}
