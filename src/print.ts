import { setImmediate as nextTurn } from 'node:timers/promises';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { checkCampaign, emailOnly, errorLines, FirstPass, noLetterOnPaper, openCampaign, type CampaignOptions } from './campaign/campaign.js';
import { unknownColumns } from './campaign/fields.js';
import { templateFor } from './campaign/template.js';
import { columnNamed, type Recipient } from './campaign/recipients.js';
import { postingWarnings, RunWarnings, type WarningSummary } from './campaign/warnings.js';
import { InputError } from './errors.js';
import { suggest } from './suggest.js';
import { DEFAULT_ENVELOPE, ENVELOPES, layoutEnvelope, type EnvelopeName } from './layout/envelopes.js';
import { loadFonts } from './layout/fonts.js';
import { MM } from './layout/geometry.js';
import { LABEL_SHEETS, labelCell, labelsPerSheet, layoutLabel, layoutLabels, sheetSize, type LabelName } from './layout/labels.js';
import { LayoutError, offPage, offsetProblem, type LaidOutLetter } from './layout/layout.js';
import type { Letter } from './letter.js';
import { CsvWriter } from './output/csvfile.js';
import { campaignFolder, ensureDir, removeStaleTemporaries, replaceFiles, temporaryNames } from './output/files.js';
import { PdfStream, type Offset } from './output/pdf.js';
import { rowLayouter } from './prepare.js';
import { printedPostcode } from './render/address.js';
import { englishCountryName } from './render/countries.js';
import { keepHeapSmall } from './heap.js';

export interface PrintOptions extends Omit<CampaignOptions, 'envelope'> {
  outDir?: string;
  /** `none`: no envelopes.pdf (window envelopes show the letter's address). */
  envelope?: EnvelopeName | 'none';
  /** `none`: no labels.pdf. */
  labels?: LabelName | 'none';
  /** Labels already used on the first sheet. */
  skip?: number;
  /** Sort by this column instead of destination country, then postcode. */
  sort?: string;
  /** One-sided printing: no blank back pages. */
  simplex?: boolean;
  airmail?: boolean;
  /** The printer's offset in millimetres (from `letters calibrate`). */
  offsetX?: number;
  offsetY?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface PrintResult {
  folder: string;
  letters: number;
  pages: number;
  sheets: number;
  /** Undefined: none made (`--envelope none`, `--labels none`). */
  envelope?: EnvelopeName;
  labels?: LabelName;
  files: string[];
  labelSheets: number;
  /** The --skip for the next run on the last, part-used label sheet (0: it is full). */
  nextSkip: number;
  /** What the rows made letters anyway but `check` warns of (the first few, and how many). */
  warnings: WarningSummary;
  /** A --where/--limit run: the letters of the pack it replaced (undefined when there was none). */
  replaced?: number;
  seconds: number;
}

/** Rows read again from the CSV at a time, in the sorted order (and written to the list at a time). */
const READ_AT_ONCE = 200;

/** A row to print, known by where it is in the CSV: its values are read again when its turn comes. */
interface Planned {
  index: number;
  line: number;
  key: string[];
}

/**
 * `letters print`: letters.pdf (duplex-safe), envelopes.pdf, labels.pdf (unless `none`) and
 * print-list.csv, in the same order. A first pass reads the CSV in pieces and checks every letter, envelope and label,
 * keeping of each row only where it is and its sort key; the second reads each row again in the
 * sorted order, renders it and streams it to all three PDFs and the list.
 */
export async function printCampaign(o: PrintOptions): Promise<PrintResult> {
  const started = performance.now();
  keepHeapSmall();
  const options = { ...o, envelope: o.envelope === 'none' ? undefined : o.envelope };
  const { campaign, rows: csv } = openCampaign(options);
  // (Without envelopes to print, the letters are still laid out for the paper's window envelope.)
  const envelope = o.envelope === 'none' ? undefined : ENVELOPES[o.envelope ?? DEFAULT_ENVELOPE[campaign.paper]];
  const labels = o.labels === 'none' ? undefined : LABEL_SHEETS[o.labels ?? (campaign.paper === 'letter' ? '5160' : 'l7160')];
  const c = { ...campaign, envelope: envelope?.name ?? DEFAULT_ENVELOPE[campaign.paper] };
  const fonts = loadFonts();
  const sortColumn = o.sort === undefined ? undefined : columnNamed(c.recipients, o.sort);
  if (sortColumn !== undefined && !c.recipients.columns.includes(sortColumn) && !c.recipients.also?.includes(sortColumn)) {
    throw new InputError({ message: `--sort: ${c.recipients.file} has no column "${o.sort}"${suggest(sortColumn, c.recipients.columns)}`, hint: `columns: ${c.recipients.columns.join(', ')}` });
  }
  const skip = o.skip ?? 0;
  if (labels && skip >= labelsPerSheet(labels)) {
    throw new InputError({ message: `--skip ${skip} is a whole sheet or more: ${labels.label}`, hint: `skip at most ${labelsPerSheet(labels) - 1}` });
  }

  // Pass 1: every letter, envelope and label checked; only page counts and sort keys kept.
  const problems = checkCampaign(c);
  const offset: Offset = { x: (o.offsetX ?? 0) * MM, y: (o.offsetY ?? 0) * MM };
  const offsetMm = { x: o.offsetX, y: o.offsetY };
  const offEdge = (what: string, text: string): never => {
    const p = offsetProblem(offsetMm, `"${text}" off the edge of the ${what}`);
    throw new LayoutError(p.message, p.hint, 'offset');
  };
  if (labels) {
    const grid = Array.from({ length: labelsPerSheet(labels) }, (_, i) => labelCell(labels, i));
    const sheet = sheetSize(labels);
    if (grid.some((r) => r.x + offset.x < 0 || r.y + offset.y < 0 || r.x + r.width + offset.x > sheet.width || r.y + r.height + offset.y > sheet.height)) {
      throw new InputError(offsetProblem(offsetMm, `labels off the ${labels.label} sheet`));
    }
  }
  const checkExtras = (letter: Letter, laid: LaidOutLetter) => {
    for (const page of laid.pages) {
      const off = offPage(page, laid.paper, offset, fonts);
      if (off) offEdge('page', off.text);
    }
    const env = envelope && offPage(layoutEnvelope(letter, envelope, fonts, !!o.airmail), envelope, offset, fonts);
    if (env) offEdge('envelope', env.text);
    if (labels) layoutLabel(letter.address, labels, 0, fonts);
  };
  const check = rowLayouter(c, fonts, (p) => problems.add(p), checkExtras);
  const planned: Planned[] = [];
  const broken = new Set<string>(); // templates with an unknown column
  let byEmailOnly = false; // some selected official has only an e-mail address (no letter)
  const countries = new Map<string, string>(); // one sort key string per country, not one per row
  const warnings = new RunWarnings(c.recipients, c.caseFile, c);
  postingWarnings(c.template, o, c.paper, c.signer, o.signer, c.caseFile).forEach(warnings.warn);
  const pass = new FirstPass(csv, options, problems);
  for await (const { selected: rows } of pass) {
    const found = checkCampaign({ ...c, rows }, warnings.warn).items;
    found.forEach((p) => problems.add(p));
    const failed = errorLines(found, c.recipients.file);
    // A template that reads a column the file lacks makes no letters (see unknownColumns).
    for (const p of found) if (unknownColumns.has(p) && p.location?.file) broken.add(p.location.file);
    warnings.add(rows.filter((r) => !failed.has(r.line) && !emailOnly(r.values)));
    if (rows.some((r) => emailOnly(r.values))) byEmailOnly = true;
    for (const [i, row] of rows.entries()) {
      if (i % 200 === 199) await nextTurn(); // each row is laid out: Ctrl-C is heard between
      const laid = failed.has(row.line) || emailOnly(row.values) || (broken.size > 0 && broken.has(templateFor(c, row.values).file)) ? undefined : check(row);
      if (!laid) continue;
      warnings.laid({ file: c.recipients.file, line: row.line }, laid.letter.recipientName, laid.pages.length);
      const key = sortKey(row.values, sortColumn);
      if (!sortColumn) {
        const country = key[0]!;
        if (!countries.has(country)) countries.set(country, country);
        key[0] = countries.get(country)!;
      }
      planned.push({ index: row.index, line: row.line, key });
    }
  }
  pass.end();
  warnings.greetingErrors().forEach((p) => problems.add(p));
  if (planned.length === 0 && byEmailOnly && problems.size === 0) problems.add(noLetterOnPaper(c.recipients.file, pass.filtered));
  problems.throwIfAny();
  planned.sort((a, b) => compareKeys(a.key, b.key) || a.index - b.index);

  // Pass 2: stream.
  const folder = path.join(campaignFolder(o.outDir, o.casePath, c.caseFile.id), 'print');
  await ensureDir(folder);
  removeStaleTemporaries(folder); // what a run that was killed left
  const names = ['letters.pdf', ...(envelope ? ['envelopes.pdf'] : []), ...(labels ? ['labels.pdf'] : []), 'print-list.csv'];
  const tmp = temporaryNames(folder);
  const title = `Letters for ${c.caseFile.name}`;
  const letters = new PdfStream(tmp('letters.pdf'), fonts, { title }, offset);
  const envelopes = envelope && new PdfStream(tmp('envelopes.pdf'), fonts, { title: `${title}: envelopes, ${envelope.label}` }, offset);
  const labelPdf = labels && new PdfStream(tmp('labels.pdf'), fonts, { title: `${title}: labels, ${labels.label}` }, offset);
  const pdfs = [letters, envelopes, labelPdf].filter((pdf) => pdf !== undefined);
  let list: CsvWriter<Record<string, string | number>> | undefined;
  let sheetAddresses: string[][] = []; // the addresses of the labels of the sheet being filled
  let label = skip;
  let sheets = 0;
  const layout = rowLayouter(c, fonts, (p) => {
    throw new InputError(p); // pass 1 found none; a problem now means the data changed under us
  });
  try {
    list = new CsvWriter(tmp('print-list.csv'), ['order', 'number', 'recipient', 'position', 'country', 'postcode', 'pages', 'sheets']);
    let rows: Recipient[] = [];
    const listed: Record<string, string | number>[] = []; // the list's rows not yet written
    for (let i = 0; i < planned.length; i++) {
      if (i % READ_AT_ONCE === 0) rows = csv.rowsAt(planned.slice(i, i + READ_AT_ONCE));
      const row = rows[i % READ_AT_ONCE]!;
      const laid = layout(row)!;
      if (!o.simplex && letters.pages % 2 === 1) await letters.page(laid.paper, []);
      for (const page of laid.pages) await letters.page(laid.paper, page);
      if (envelopes) await envelopes.page(envelope!, layoutEnvelope(laid.letter, envelope!, fonts, !!o.airmail));
      if (labelPdf) {
        sheetAddresses.push(laid.letter.address);
        if (++label === labelsPerSheet(labels!)) {
          await labelPdf.page(sheetSize(labels!), layoutLabels(sheetAddresses, labels!, label - sheetAddresses.length, fonts));
          sheetAddresses = [];
          label = 0;
        }
      }
      const letterSheets = o.simplex ? laid.pages.length : Math.ceil(laid.pages.length / 2);
      sheets += letterSheets;
      listed.push({
        order: i + 1,
        number: laid.letter.number,
        recipient: laid.letter.recipientName,
        position: row.values.position ?? '',
        country: laid.letter.country,
        postcode: printedPostcode(row.values.postcode ?? '', row.values.country ?? ''),
        pages: laid.pages.length,
        sheets: letterSheets,
      });
      if (listed.length === READ_AT_ONCE) list.add(listed.splice(0));
      o.onProgress?.(i + 1, planned.length);
    }
    if (labelPdf && sheetAddresses.length) await labelPdf.page(sheetSize(labels!), layoutLabels(sheetAddresses, labels!, label - sheetAddresses.length, fonts));
    await Promise.all(pdfs.map((pdf) => pdf.end()));
    list.add(listed);
    list.close();
  } catch (err) {
    list?.close();
    // The PDFs' files are opened as they start: ended first, so none appears after it is removed.
    await Promise.all(pdfs.map((pdf) => pdf.end().catch(() => undefined)));
    await Promise.all(names.map((n) => rm(tmp(n), { force: true }).catch(() => undefined))); // (not a folder in the way)
    if (err instanceof LayoutError) throw new InputError({ message: err.message, hint: err.hint });
    throw err;
  }
  // A run over part of the list replaces the whole pack: how many letters the one it replaces had.
  const replaced = o.where?.length || o.limit !== undefined ? lettersListed(path.join(folder, 'print-list.csv')) : undefined;
  await replaceFiles(names.map((name) => ({ from: tmp(name), to: path.join(folder, name) })));
  // (Envelopes or labels an earlier pack had, and this one has not, would be another pack's.)
  for (const unmade of ['envelopes.pdf', 'labels.pdf'].filter((n) => !names.includes(n))) await rm(path.join(folder, unmade), { force: true });
  return {
    folder,
    replaced,
    letters: planned.length,
    pages: letters.pages,
    sheets,
    envelope: envelope?.name,
    labels: labels?.name,
    files: names.map((n) => path.join(folder, n)),
    labelSheets: labels ? Math.ceil((skip + planned.length) / labelsPerSheet(labels)) : 0,
    nextSkip: labels ? (skip + planned.length) % labelsPerSheet(labels) : 0,
    warnings: warnings.summary(),
    seconds: (performance.now() - started) / 1000,
  };
}

/** How many letters a print list names (its lines but the header); undefined when there is none. */
function lettersListed(file: string): number | undefined {
  try {
    return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).length - 1;
  } catch {
    return undefined;
  }
}

/**
 * Destination country, then postcode (so the pile matches the post office's sorting), or a
 * column. The postcode as the letter prints it: a ZIP+4 typed without its hyphen ("205151305")
 * sorted as a number of nine digits, after every ZIP code of five (a user trial's).
 */
export function sortKey(values: Record<string, string>, column?: string): string[] {
  if (column) return [values[column] ?? ''];
  return [englishCountryName(values.country ?? '').toLocaleUpperCase('en'), printedPostcode(values.postcode ?? '', values.country ?? '')];
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
function compareKeys(a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = collator.compare(a[i] ?? '', b[i] ?? '');
    if (d !== 0) return d;
  }
  return 0;
}
