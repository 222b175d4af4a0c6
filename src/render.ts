import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { checkCampaign, emailOnly, errorLines, expectedRows, noLetterOnPaper, openCampaign, FirstPass, selectedRows, type Campaign, type CampaignOptions } from './campaign/campaign.js';
import { stableHash } from './render/variant.js';
import { postingWarnings, RunWarnings, type WarningSummary } from './campaign/warnings.js';
import type { Recipient } from './campaign/recipients.js';
import type { Problem } from './errors.js';
import { loadFonts } from './layout/fonts.js';
import { MM } from './layout/geometry.js';
import { displayName, fileLabels, officialName } from './render/address.js';
import { countryName } from './render/countries.js';
import { campaignFolder, ensureDir, letterFileName, LineList, removeStaleTemporaries, renameAllSync, temporaryNames } from './output/files.js';
import { ManifestWriter, manifestRows, readManifest, type ManifestRow } from './output/manifest.js';
import { PdfStream } from './output/pdf.js';
import { RowRunner } from './parallel/pool.js';
import { whole } from './stop.js';
import { campaignShape } from './parallel/tasks.js';
import { keepHeapSmall } from './heap.js';
import { allTemplates, templateFor } from './campaign/template.js';
import { unknownColumns } from './campaign/fields.js';

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
  /** Letters made (listed in the folder's manifest.csv unless bundle only). */
  letters: number;
  pages: number;
  bundle?: string;
  /**
   * Letters a --where/--limit run kept that were made from other data than their row, template,
   * case or signer has now: they are not what a full run would make.
   */
  outdated: string[];
  /**
   * Letters of the case made before their inputs last changed, which this run did not make again:
   * the print pack (`letters print`), or a bundle.pdf a --where/--limit run without --bundle left
   * as it was, older than the CSV, case, template or signer.
   */
  olderPacks: string[];
  /** What the rows made letters anyway but `check` warns of (the first few, and how many). */
  warnings: WarningSummary;
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
  const runner = await RowRunner.start(Math.min(expectedRows(o), o.limit ?? Infinity), o.bundleOnly ? 'bundle' : 'files');
  try {
    return await renderWith(runner, started, o);
  } finally {
    await runner.close();
  }
}

async function renderWith(runner: RowRunner, started: number, o: RenderOptions): Promise<RenderResult> {
  const { campaign, rows: csv } = openCampaign(o);
  const offset = { x: (o.offsetX ?? 0) * MM, y: (o.offsetY ?? 0) * MM };
  const folder = campaignFolder(o.outDir, o.casePath, campaign.caseFile.id);
  const manifestFile = path.join(folder, 'manifest.csv');
  const bundleFile = path.join(folder, 'bundle.pdf');

  // First pass: every row read and checked, none kept. A bad row 90,000 is found before the
  // first letter is made.
  const problems = checkCampaign(campaign); // the case, the template, the columns
  const failed = new Set<number>(); // lines of rows with an error
  const broken = new Set<string>(); // templates with an error of their own
  const brokenTemplate = (r: Recipient) => broken.size > 0 && broken.has(templateFor(campaign, r.values).file);
  // Made into letters: rows without an error, of a template that can make them, with a postal address (see emailOnly).
  const makes = (r: Recipient) => !failed.has(r.line) && !brokenTemplate(r) && !emailOnly(r.values);
  // A --where/--limit run keeps the folder's other letters: they must still be the same rows'.
  const mayFilter = !o.bundleOnly && ((o.where?.length ?? 0) > 0 || o.limit !== undefined);
  const earlier = new Map(mayFilter ? readManifest(manifestFile).map((r) => [r.number, r]) : []);
  const moved: Moved[] = [];
  const source = letterSource(o, campaign);
  const outdated: string[] = []; // letters this run keeps that were made from other data than their row has now
  let toMake = 0;
  // Selected rows with only an e-mail address: no letter, and in a partial run no earlier one kept (their numbers only then).
  const unmade = new Set<number>();
  let byEmailOnly = 0;
  const warnings = new RunWarnings(campaign.recipients, campaign.caseFile, campaign);
  postingWarnings(campaign.template, o, campaign.paper, campaign.signer, o.signer, campaign.caseFile).forEach(warnings.warn);
  const pass = new FirstPass(csv, o, problems);
  for await (const { rows: all, selected: rows } of pass) {
    const making = new Set(rows.map((r) => r.index));
    for (const row of all) {
      const was = earlier.get(row.index);
      if (was && officialName(row.values) !== was.recipient) moved.push({ was, now: row });
      else if (was?.madeFrom && !making.has(row.index) && was.madeFrom !== source(row.values)) outdated.push(was.file);
    }
    const found = checkCampaign({ ...campaign, rows }, warnings.warn).items;
    found.forEach((p) => problems.add(p));
    errorLines(found, campaign.recipients.file).forEach((line) => failed.add(line));
    // A template that reads a column the file lacks makes no letters: each would only say again
    // what its one mistake makes of them ("Dear ,").
    for (const p of found) if (unknownColumns.has(p) && p.location?.file) broken.add(p.location.file);
    const good = rows.filter(makes);
    for (const r of rows) {
      if (!emailOnly(r.values)) continue;
      byEmailOnly++;
      if (mayFilter) unmade.add(r.index);
    }
    warnings.add(good);
    toMake += good.length;
  }
  pass.end();
  warnings.greetingErrors().forEach((p) => problems.add(p));
  const { total, filtered } = pass;
  if (toMake === 0 && byEmailOnly > 0 && problems.size === 0) problems.add(noLetterOnPaper(campaign.recipients.file, filtered));
  for (const r of earlier.values()) if (r.number > total) moved.push({ was: r });
  if (filtered && moved.length) problems.add(movedRows(campaign.recipients.file, moved));

  // Second pass: the letters, under temporary names (and into a temporary bundle) while every row
  // so far is good; they take their names only when all are. Each letter's manifest row is
  // written as it is made: nothing is kept per letter.
  const shape = campaignShape(o, campaign);
  const width = Math.max(3, String(total).length);
  const temporary = temporaryNames(folder);
  let manifest: ManifestWriter | undefined;
  let made: LineList | undefined; // the letters' file names, for renaming them
  let bundle: PdfStream | undefined;
  let unmake = () => {}; // removes the folders this run made, on failure
  let letters = 0;
  let pages = 0;
  try {
    if (problems.size === 0) {
      unmake = await ensureDir(folder);
      removeStaleTemporaries(folder);
      if (!o.bundleOnly) {
        manifest = new ManifestWriter(temporary('manifest.csv'));
        made = new LineList(temporary('letters'));
      }
      if (o.bundle) bundle = new PdfStream(temporary('bundle.pdf'), loadFonts(), { title: `Letters for ${campaign.caseFile.name}` });
    }
    const handedOut: { entries?: ManifestRow[]; rows: Recipient[] }[] = []; // the batches being made, in order
    const batches = runner.batches('renderRows', letterRows(), (rows) => {
      const write = problems.size === 0; // after the first problem, only check
      // (A bundle alone has no files and no manifest to name them in.)
      const entries = o.bundleOnly ? undefined : rows.map((row) => ({
        number: row.index,
        recipient: officialName(row.values),
        position: row.values.position ?? '',
        country: countryName(row.values.country ?? ''),
        file: letterFileName(row.index, fileLabels(row.values), width),
        pages: 0,
        madeFrom: source(row.values),
      }));
      handedOut.push({ entries, rows });
      return { ...shape, rows, offset, offsetMm: { x: o.offsetX, y: o.offsetY }, write, files: entries && write ? entries.map((e) => temporary(e.file)) : undefined, bundle: !!bundle };
    });
    for await (const r of batches) {
      const { entries, rows } = handedOut.shift()!;
      r.problems.forEach((p) => problems.add(p));
      r.pages.forEach((n, i) => {
        if (entries) entries[i]!.pages = n;
        warnings.laid({ file: campaign.recipients.file, line: rows[i]!.line }, displayName(rows[i]!.values), n);
      });
      letters += rows.length;
      pages += r.pages.reduce((a, b) => a + b, 0);
      o.onProgress?.(letters, toMake);
      if (problems.size > 0) continue;
      if (entries) {
        manifest?.add(entries);
        made?.add(entries.map((e) => e.file));
      }
      if (bundle && r.letters) await bundle.letters(r.letters, r.glyphs ?? {}, o.duplex ?? true);
    }
    problems.throwIfAny();
    await runner.close(); // the workers' memory is given back before the bundle ends and the folder is put in order
    manifest?.close();
    made?.close();
    await bundle?.end();
    return await whole('placing files', publish); // Ctrl-C does not cut it short
  } catch (err) {
    await runner.close(); // no worker goes on writing while the files are removed
    manifest?.close();
    made?.close();
    await bundle?.end().catch(() => undefined);
    temporary.removeAll();
    unmake();
    throw err;
  }

  /** The rows to make letters of, read again: those selected, without an error. */
  function* letterRows(): Generator<Recipient> {
    for (const row of selectedRows(csv, o)) if (makes(row)) yield row;
  }

  /**
   * Every row was good: the letters take their names, and the manifest lists them. A full run
   * replaces the folder's letters: letters an earlier run made and this one did not would be
   * posted by mistake, so they go (files we did not make stay). A --where/--limit run replaces
   * only its own letters and keeps the others in the manifest.
   */
  async function publish(): Promise<RenderResult> {
    const result = { folder, letters, pages, bundle: bundle && bundleFile, outdated, olderPacks: olderPacks(), warnings: warnings.summary() };
    const seconds = () => (performance.now() - started) / 1000;
    if (o.bundleOnly) {
      renameAllSync(() => [{ from: temporary('bundle.pdf'), to: bundleFile }]);
      return { ...result, seconds: seconds() };
    }
    const before = filtered ? [...earlier.values()] : readManifest(manifestFile);
    const stale = new Map(before.map((r) => [r.file, r])); // the earlier letters this run does not make again
    const replaced = new Set<number>(); // the numbers this run makes letters for
    for (const file of made!.lines()) {
      stale.delete(file);
      if (filtered) replaced.add(Number(file.slice(0, file.indexOf('-'))));
    }
    // (A selected row with only an e-mail address now: its earlier letter goes, as its address did.)
    const kept = filtered ? before.filter((r) => !replaced.has(r.number) && !unmade.has(r.number) && stale.has(r.file) && existsSync(path.join(folder, r.file))) : [];
    const listed = kept.length ? mergeManifest(manifest!.file, kept) : manifest!.file;
    renameAllSync(function* () {
      for (const file of made!.lines()) yield { from: temporary(file), to: path.join(folder, file) };
      if (bundle) yield { from: temporary('bundle.pdf'), to: bundleFile };
      yield { from: listed, to: manifestFile };
    });
    rmSync(made!.file);
    if (listed !== manifest!.file) rmSync(manifest!.file, { force: true });
    for (const r of kept) stale.delete(r.file);
    for (const r of stale.values()) if (LETTER_FILE.test(r.file)) await rm(path.join(folder, r.file), { force: true });
    // bundle.pdf holds this run's letters; a full run without --bundle removes an older one.
    if (!o.bundle && !filtered) await rm(bundleFile, { force: true });
    return { ...result, seconds: seconds() };
  }

  /** See RenderResult.olderPacks. (Said before the files take their names: a bundle this run makes is not one.) */
  function olderPacks(): string[] {
    const partials = (t: { file: string }) => {
      const dir = path.join(path.dirname(t.file), 'partials');
      return existsSync(dir) ? readdirSync(dir).map((f) => path.join(dir, f)) : [];
    };
    const inputs = [campaign.recipients.file, o.casePath, ...allTemplates(campaign).flatMap((t) => [t.file, ...partials(t)]), o.signer];
    const changed = Math.max(...inputs.map((f) => (f && existsSync(f) ? statSync(f).mtimeMs : 0)));
    const older = (file: string) => existsSync(file) && statSync(file).mtimeMs < changed;
    const printList = path.join(folder, 'print', 'print-list.csv');
    return [...(older(printList) ? [path.dirname(printList)] : []), ...(!bundle && filtered && letters > 0 && older(bundleFile) ? [bundleFile] : [])];
  }

  /** The manifest `file` this run wrote with the `kept` rows of an earlier one, in row order, as a new temporary file. */
  function mergeManifest(file: string, kept: ManifestRow[]): string {
    const merged = new ManifestWriter(temporary('manifest.csv.merged'));
    try {
      const rest = [...kept].sort((a, b) => a.number - b.number);
      let k = 0;
      const rows: ManifestRow[] = [];
      for (const r of manifestRows(file)) {
        while (k < rest.length && rest[k]!.number < r.number) rows.push(rest[k++]!);
        rows.push(r);
        if (rows.length >= 1000) merged.add(rows.splice(0));
      }
      merged.add([...rows, ...rest.slice(k)]);
    } finally {
      merged.close();
    }
    return merged.file;
  }
}

/**
 * What a letter is made from besides its date, as a short hash: its row's values, the template,
 * the case file, the signer file and the layout options. (The template's partials are not in it.)
 */
function letterSource(o: RenderOptions, c: Campaign): (values: Record<string, string>) => string {
  const bases = new Map<string, string>(); // per template: a row's own (templates by language), else the campaign's
  const baseOf = (template: string) => {
    let base = bases.get(template);
    if (base === undefined) {
      const inputs = [template, c.caseFile.file, o.signer].map((f) => (f && existsSync(f) ? readFileSync(f, 'utf8') : ''));
      bases.set(template, (base = String(stableHash(...inputs, JSON.stringify([c.paper, c.dinForm, o.envelope ?? '', o.offsetX ?? 0, o.offsetY ?? 0])))));
    }
    return base;
  };
  return (values) => stableHash(baseOf(templateFor(c, values).file), JSON.stringify(values)).toString(16).padStart(8, '0');
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
      `but row ${was.number} is now ${now ? officialName(now.values) : 'gone'}` +
      (moved.length > 1 ? ` (and ${moved.length - 1} more)` : ''),
    hint: 'run without --where/--limit to remake every letter, or give another --out',
  };
}
