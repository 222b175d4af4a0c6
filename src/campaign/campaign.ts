import { setImmediate as nextTurn } from 'node:timers/promises';
import { NOT_ASCII } from '../render/script.js';
import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { InputError, ProblemList, type Location, type Problem } from '../errors.js';
import { envelopePaperMismatch, type EnvelopeName } from '../layout/envelopes.js';
import { rightWindowProblem, type DinForm } from '../layout/geometry.js';
import { caseBroken, languageTag, loadCase, readCase, type CaseFile } from './case.js';
import { languageTemplateWarning, misspeltCountryProblem } from './warnings.js';
import type { Contact } from './contact.js';
import { compareDates, dateHint, isoDate, localToday, oneDay, parseDate, readDate, toUTC } from './dates.js';
import { countryPrefix, westernDigits, fitsPostcode, misshapenPostcode, numberPostcode, postalAddress, postcodeExpected, regionPostcodeMismatch, sameRegion, shortPostcode, streetLines, unknownRegion } from '../render/address.js';
import { checkFieldUses } from './fields.js';
import { governmentProblem, wrongCountryProblem } from './government.js';
import { AS_UTF8, columnNamed, headerKey, loadRecipients, loadRecipientsUpToError, misspeltColumns, openRecipients, type Recipient, type RecipientList, type RecipientRows } from './recipients.js';
import { loadSigner } from './signer.js';
import { allTemplates, loadTemplate, rowsByTemplate, templateReads, type LetterTemplate, type PaperName, type WindowSide } from './template.js';
import { countryCode, countryMatcher, countryName } from '../render/countries.js';
import { baseLanguage } from '../render/helpers.js';
import { plainLetters } from '../render/names.js';
import { htmlEntityProblem } from './entities.js';
import { valueAt } from './yamlfile.js';
import { nearest, suggest } from '../suggest.js';

export interface CampaignOptions {
  /** The case file (YAML or JSON). */
  casePath: string;
  /** Override the case file's recipients CSV / template. */
  recipients?: string;
  template?: string;
  signer?: string;
  encoding?: string;
  paper?: PaperName;
  /** The A4 form: DIN 5008 form A or B (--din-form, --window left), or the window on the right (--window right); else the template's `window:`, else B. */
  dinForm?: DinForm;
  /** The envelope the letters go in: sets the fold marks. */
  envelope?: EnvelopeName;
  /** `column=value` filters: the same column repeated means "any of", different columns "all of". */
  where?: string[];
  limit?: number;
  /** Make letters for a released case with a template meant for active cases. */
  force?: boolean;
  /** The letters' date (YYYY-MM-DD); today by default. */
  date?: string;
}

/** Everything one run reads, loaded and checked. */
export interface Campaign {
  caseFile: CaseFile;
  recipients: RecipientList;
  /** The rows selected by --where/--limit, in CSV order. */
  rows: Recipient[];
  /** The template of rows without a language of their own (`template:`, or --template). */
  template: LetterTemplate;
  /** The templates of rows in a language (`templates:` in the case file), by lower-case tag: see templateFor. */
  templates: ReadonlyMap<string, LetterTemplate>;
  signer?: Contact;
  signerFile?: string;
  paper: PaperName;
  dinForm: DinForm;
  envelope?: EnvelopeName;
  today: string;
}

/** The inputs that could be read; the problems of the others went to `report`. */
export interface CampaignParts {
  caseFile?: CaseFile;
  recipients?: RecipientList;
  template?: LetterTemplate;
  /** The case's templates by language, those that could be read. */
  templates?: Map<string, LetterTemplate>;
  signer?: Contact;
  today?: string;
}

/**
 * Loads every input, each on its own: a broken CSV does not hide a broken template. `recipients`,
 * when given, stands for the CSV (a worker thread is handed its rows and does not read it).
 */
export function loadParts(o: CampaignOptions, report: (p: Problem) => void, recipients?: RecipientList): CampaignParts {
  return loadInputs(o, report, (file, encoding) => recipients ?? loadRecipients(file, { encoding }));
}

/** The inputs as `check` reads them: the rows before a CSV syntax error too (see loadRecipientsUpToError). */
export function loadPartsForCheck(o: CampaignOptions, report: (p: Problem) => void): CampaignParts {
  return loadInputs(o, report, (file, encoding) => loadRecipientsUpToError(file, report, { encoding }));
}

function loadInputs<R extends Omit<RecipientList, 'rows'>>(o: CampaignOptions, report: (p: Problem) => void, readCsv: (file: string, encoding?: string) => R): Omit<CampaignParts, 'recipients'> & { recipients?: R } {
  const attempt = <T>(load: () => T): T | undefined => {
    try {
      return load();
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      err.problems.forEach(report);
      return undefined;
    }
  };
  // A case file with problems is read as far as it can be: the CSV and the template it names are
  // still checked, by what does not depend on its wrong fields (see CaseFile.broken).
  const caseFile = attempt(() => {
    const { caseFile, problems } = readCase(o.casePath);
    problems.forEach(report);
    return caseFile;
  });
  const inputPath = (kind: 'recipients' | 'template', given?: string, fromCase?: string) => {
    const p = given ? path.resolve(given) : fromCase;
    // (A field that is there but wrong, or misspelt, is said already.)
    if (!p && caseFile && !caseBroken(caseFile, kind)) {
      report({
        location: { file: o.casePath },
        message: `no ${kind} file: the case file has no "${kind}:" and --${kind} was not given`,
        hint: `add "${kind}: path/to/file" to the case file (relative to it), or pass --${kind}`,
      });
    }
    return p && relative(p);
  };
  // (With its "encoding:" wrong, the CSV's letters cannot be read as saved: none of it is checked.)
  const csvPath = o.encoding || !caseBroken(caseFile, 'encoding') ? inputPath('recipients', o.recipients, caseFile?.recipientsPath) : undefined;
  const templatePath = inputPath('template', o.template, caseFile?.templatePath);
  const readTemplate = (file: string, language?: string) =>
    attempt(() => {
      const t = loadTemplate(file, language);
      t.errors.forEach(report);
      return t;
    });
  const template = templatePath ? readTemplate(templatePath) : undefined;
  // --template is the template of every row: the case's templates by language too give way to it.
  const templates = new Map<string, LetterTemplate>();
  for (const [language, file] of o.template ? [] : (caseFile?.templatePaths ?? [])) {
    // In the language it is listed for, when its front matter says none; one that says another is refused.
    const t = readTemplate(relative(file), language);
    if (t && baseLanguage(t.language) !== baseLanguage(language)) {
      report({
        location: { file: t.file },
        message: `the template ${t.file} is listed under templates: for "${language}", but its front matter says language: ${t.language}`,
        hint: `make them agree: "language: ${language}" in the template, or list it under "${t.language.toLowerCase()}:" in the case file`,
      });
    } else if (t) templates.set(language, t);
  }
  const reads = new Set(allTemplates({ template, templates }).flatMap((t) => [...templateReads(t)]));
  return {
    caseFile,
    recipients: csvPath
      ? attempt(() => {
          // --encoding, else the case file's (a list given with --recipients is saved as the group
          // saves its lists; one in UTF-8 is read as UTF-8 whatever the encoding says).
          const list = readCsv(csvPath, o.encoding ?? caseFile?.encoding);
          misspeltColumns(list, reads).forEach(report);
          return list;
        })
      : undefined,
    template,
    templates,
    signer: o.signer ? attempt(() => loadSigner(o.signer!)) : undefined,
    today: attempt(() => letterDate(o.date)),
  };
}

function letterDate(given: string | undefined): string {
  // A day written another way that can be only one day ("30.11.2026", "30/11/2026"), as --on and
  // the CSV's dates are read; "05/10/2026" is refused, with both readings.
  const today = given === undefined ? isoDate(localToday()) : oneDay(given);
  if (today === undefined) {
    const hint = dateHint(given!);
    const twoWays = !!readDate(given!.trim()).readings;
    throw new InputError({ message: `--date "${given}" is ${twoWays ? 'a date that can be read two ways' : 'not a date'}`, hint: /^write it \d{4}-\d{2}-\d{2}/.test(hint) ? hint : 'write it YYYY-MM-DD' });
  }
  // A letter is dated the day it is signed: a year ahead is a mistyped year (2062 for 2026), not a plan.
  const yearAhead = new Date(localToday().getTime() + 366 * 24 * 3_600_000);
  if (given && toUTC(parseDate(today)!) > yearAhead) {
    throw new InputError({ message: `--date "${given}" is more than a year from today (${isoDate(localToday())})`, hint: 'check the year: letters are dated the day they are signed' });
  }
  return today;
}

/** The A4 form of a run: the command line's (--din-form, --window), else the template's `window:`, else DIN 5008 form B. */
export function a4Form(o: { dinForm?: DinForm }, template: { window?: WindowSide } | undefined): DinForm {
  return o.dinForm ?? (template?.window === 'right' ? 'right' : 'b');
}

/** Whose officials are the case's, the group's own or written to on purpose: not known while one of those case fields is wrong. */
export const governmentsKnown = (caseFile: CaseFile): boolean => !caseBroken(caseFile, 'country', 'sender', 'other_governments');

/** Templates of one case for windows on different sides: one run lays its letters out for one. */
export function windowProblem(template: LetterTemplate, other: LetterTemplate): Problem | undefined {
  if ((other.window ?? 'left') === (template.window ?? 'left')) return undefined;
  return {
    location: { file: other.file },
    message: `the template ${other.file} is for a window on the ${other.window ?? 'left'}, but ${template.file} is for one on the ${template.window ?? 'left'}`,
    hint: 'give the templates of one case the same "window:" (or --window for the run)',
  };
}

/** A language's template for other paper than the campaign's: one print run is on one paper. */
export function paperProblem(template: LetterTemplate, other: LetterTemplate): Problem | undefined {
  if ((other.paper ?? 'a4') === (template.paper ?? 'a4')) return undefined;
  return {
    location: { file: other.file },
    message: `the template ${other.file} is for ${other.paper ?? 'a4'} paper, but ${template.file} is for ${template.paper ?? 'a4'}`,
    hint: 'give the templates of one case the same "paper:" (or --paper for the run)',
  };
}

/** A template meant for other cases than this one: a letter of concern for a released prisoner. */
export function statusProblem(caseFile: CaseFile, template: LetterTemplate): Problem | undefined {
  if (template.statuses.includes(caseFile.status) || caseBroken(caseFile, 'status')) return undefined;
  const released = caseFile.status === 'released';
  return {
    location: caseFile.locate('status'),
    message: released
      ? `${caseFile.name} is marked released: a letter of concern would ask for the release of a free person`
      : `the template ${template.file} is for ${template.statuses.join('/')} cases, but this case is ${caseFile.status}`,
    hint: released
      ? 'use a template for released cases (front matter "for: released"), or --force if you really mean it'
      : `pick a template for ${caseFile.status} cases (--template); --force does not change this: a letter that says the opposite of the case would do harm`,
  };
}

/**
 * About how many rows the recipients CSV has (its lines), read before the campaign is loaded so
 * worker threads can start meanwhile; 0 when the files cannot be read (loading says why).
 */
export function expectedRows(o: CampaignOptions): number {
  try {
    const file = o.recipients ? path.resolve(o.recipients) : loadCase(o.casePath).recipientsPath;
    if (!file) return 0;
    const fd = openSync(file, 'r');
    try {
      const buf = Buffer.allocUnsafe(1 << 20); // a megabyte at a time: the CSV is never read whole
      let lines = 0;
      for (let n = readSync(fd, buf); n > 0; n = readSync(fd, buf)) {
        for (let i = buf.indexOf(10); i !== -1 && i < n; i = buf.indexOf(10, i + 1)) lines++;
      }
      return lines;
    } finally {
      closeSync(fd);
    }
  } catch {
    return 0;
  }
}

export function loadCampaign(o: CampaignOptions, csv?: RecipientList): Campaign {
  const problems = new ProblemList();
  const parts = loadParts(o, (p) => problems.add(p), csv);
  problems.throwIfAny();
  const { recipients } = parts as Required<CampaignParts>;
  // Given rows are already selected (a worker's share of them, possibly none yet).
  const rows = csv ? csv.rows : selectRows(recipients, o.where ?? [], o.limit);
  return { ...campaignOf(o, parts, recipients), rows };
}

/**
 * The campaign without its rows, which `rows` reads afresh each time it is asked (see
 * RecipientRows): for runs that go through them once to check and once to make the letters.
 * Its `rows` and `recipients.rows` are empty.
 */
export function openCampaign(o: CampaignOptions, rowChecks: RowChecks = postalRowErrors): { campaign: Campaign; rows: RecipientRows } {
  const problems = new ProblemList();
  const parts = loadInputs(o, (p) => problems.add(p), (file, encoding) => openRecipients(file, { encoding }));
  if (problems.size) {
    rowErrorsToo(parts, o, problems, rowChecks);
    problems.throwIfAny();
  }
  const { batches, rowsAt, ...list } = parts.recipients!;
  rowFilter(list, o.where ?? []); // a --where naming no column is said before any row is read
  return { campaign: { ...campaignOf(o, parts, { ...list, rows: [] }), rows: [] }, rows: parts.recipients! };
}

/** What a run knows of its campaign before the template: enough to check rows that need no template. */
export type RowsContext = Pick<Campaign, 'caseFile' | 'today' | 'recipients'>;

/** A command's checks of rows that need no template, a batch of selected rows at a time. */
export type RowChecks = (rows: Recipient[], c: RowsContext) => Problem[];

/** For letters on paper: each row's name, address and country, its government and lost letters. */
export function postalRowErrors(rows: Recipient[], c: RowsContext): Problem[] {
  const campaign = { ...c, rows } as Campaign; // neither check reads the template
  return [...checkPostalRows(campaign).filter((p) => p.severity !== 'warning'), ...campaignErrors(campaign)];
}

/**
 * When an input has problems (the case file, the template, the signer), the rows are checked too,
 * by what needs no template, and by the fields the templates that could be read print: fixing one
 * file should not reveal a second list of problems on the next run. A case file with problems is
 * the one read as far as it could be: what depends on its wrong fields is not checked.
 */
function rowErrorsToo(parts: ReturnType<typeof loadInputs<RecipientRows>>, o: CampaignOptions, problems: ProblemList, rowChecks: RowChecks): void {
  const { caseFile, recipients, today } = parts;
  if (!caseFile || !recipients || !today) return;
  // (A template with errors of its own has its checks of the rows wait until it reads.)
  const template = parts.template && !parts.template.errors.length ? parts.template : undefined;
  const templates = new Map([...(parts.templates ?? [])].filter(([, t]) => !t.errors.length));
  // Which template a row takes by its language is known when every template could be read and
  // "templates:" is right; else each template is checked with no row (a German row is not
  // checked against the English template because the German one has an error).
  const byLanguage = !caseBroken(caseFile, 'templates') && (!!o.template || templates.size === caseFile.templatePaths.size);
  const fields = (rows: Recipient[]) => {
    if (!template) return [];
    const d = { caseFile, recipients: { ...recipients, rows: [] }, signer: parts.signer, signerFile: o.signer };
    const groups: [LetterTemplate, Recipient[]][] = byLanguage ? rowsByTemplate({ template, templates, rows }) : allTemplates({ template, templates }).map((t) => [t, []]);
    return groups.flatMap(([t, its]) => checkFieldUses(t.uses, { ...d, rows: its }));
  };
  try {
    const c = { caseFile, today, recipients: { ...recipients, rows: [] } };
    for (const { selected } of new FirstPass(recipients, o, problems)) [...rowChecks(selected, c), ...fields(selected)].forEach((p) => problems.add(p));
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    err.problems.forEach((p) => problems.add(p));
  }
}

function campaignOf(o: CampaignOptions, parts: Omit<CampaignParts, 'recipients'>, recipients: RecipientList): Omit<Campaign, 'rows'> {
  const { caseFile, template, templates, today } = parts as Required<CampaignParts>;
  if (o.dinForm === 'a' && (o.paper ?? template.paper) === 'letter') {
    throw new InputError({ message: '--din-form is for A4 paper; US Letter has one window position', hint: 'leave out --din-form, or use --paper a4' });
  }
  const rightOnLetter = rightWindowProblem(o.dinForm, o.paper ?? template.paper);
  if (rightOnLetter) throw new InputError(rightOnLetter);
  const mismatch = envelopePaperMismatch(o.envelope, o.paper ?? template.paper ?? 'a4');
  if (mismatch) throw new InputError(mismatch);
  const problems = new ProblemList();
  for (const t of allTemplates(parts)) {
    const status = statusProblem(caseFile, t);
    // --force lets a released prisoner's case still be written about (a follow-up); nothing lets a
    // letter welcome the release of someone still held.
    if (status && !(o.force && caseFile.status === 'released')) problems.add(status);
    const paper = paperProblem(template, t);
    if (paper && !o.paper) problems.add(paper);
    const window = windowProblem(template, t);
    if (window && !o.dinForm) problems.add(window);
  }
  problems.throwIfAny();
  return {
    caseFile,
    recipients,
    template,
    templates,
    signer: parts.signer,
    signerFile: o.signer,
    paper: o.paper ?? template.paper ?? 'a4',
    dinForm: a4Form(o, template),
    envelope: o.envelope,
    today,
  };
}

/** Paths in messages are as the user would type them: relative to where they are. */
function relative(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

export function selectRows(list: RecipientList, where: string[], limit?: number) {
  const seen = new Map<string, Set<string>>();
  const chosen = rowSelector(list, where, limit, seen);
  const rows = list.rows.filter(chosen);
  noRowsProblem(list, list.rows.length, rows.length, where, seen);
  return rows;
}

/**
 * Whether a row is selected by --where and --limit, asked of each row in CSV order (it counts
 * them for --limit): a new one for each time the rows are read.
 */
function rowSelector(list: Omit<RecipientList, 'rows'>, where: string[], limit = Infinity, seen?: Map<string, Set<string>>): (row: Recipient) => boolean {
  const matches = rowFilter(list, where, seen);
  let chosen = 0;
  return (row) => chosen < limit && matches(row) && ++chosen > 0;
}

/** The rows --where/--limit select, read afresh from the CSV: a second pass over them. */
export function* selectedRows(csv: RecipientRows, o: CampaignOptions): Generator<Recipient> {
  const chosen = rowSelector(csv, o.where ?? [], o.limit);
  for (const batch of csv.batches()) for (const row of batch) if (chosen(row)) yield row;
}

/**
 * A first pass over the rows, a batch at a time, each with the rows --where/--limit select, and
 * counted. A CSV that cannot be read further (a syntax error) adds its problems to `problems` and
 * ends the batches, so they are reported with what was found before; `end` then stops the run, as
 * it does when no row is selected.
 */
export class FirstPass implements Iterable<{ rows: Recipient[]; selected: Recipient[] }>, AsyncIterable<{ rows: Recipient[]; selected: Recipient[] }> {
  private failed = false;
  /** Rows read, and selected, so far. */
  total = 0;
  selected = 0;

  constructor(
    private readonly csv: RecipientRows,
    private readonly o: CampaignOptions,
    private readonly problems: ProblemList,
  ) {}

  /** The values of the columns --where looks at, to say which were meant when none matched. */
  private readonly seen = new Map<string, Set<string>>();

  *[Symbol.iterator](): Generator<{ rows: Recipient[]; selected: Recipient[] }> {
    const chosen = rowSelector(this.csv, this.o.where ?? [], this.o.limit, this.seen);
    try {
      for (const rows of this.csv.batches()) {
        const selected = rows.filter(chosen);
        this.total += rows.length;
        this.selected += selected.length;
        yield { rows, selected };
      }
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      err.problems.forEach((p) => this.problems.add(p));
      this.failed = true;
    }
  }

  /**
   * The same batches, with a turn of the event loop after each: a long first pass hears Ctrl-C
   * (a signal is handled only between turns).
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<{ rows: Recipient[]; selected: Recipient[] }> {
    for (const batch of this) {
      yield batch;
      await nextTurn();
    }
  }

  /** After the pass: throws the problems of a CSV that could not be read to its end, or says no row was selected. */
  end(): void {
    if (this.failed) this.problems.throwIfAny();
    noRowsProblem(this.csv, this.total, this.selected, this.o.where ?? [], this.seen);
  }

  /** --where/--limit left rows out. */
  get filtered(): boolean {
    return this.selected !== this.total;
  }
}

/** The lines of `file`'s rows an error was found in: they make no letter. */
export function errorLines(problems: Iterable<Problem>, file: string): Set<number> {
  const lines = new Set<number>();
  for (const p of problems) if ((p.severity ?? 'error') === 'error' && p.location?.file === file && p.location.line !== undefined) lines.add(p.location.line);
  return lines;
}

/** Throws when the CSV has no rows (`total`) or none were selected. */
function noRowsProblem(list: Omit<RecipientList, 'rows'>, total: number, selected: number, where: string[] = [], seen = new Map<string, Set<string>>()): void {
  if (selected > 0) return;
  throw new InputError({
    location: { file: list.file },
    message: total === 0 ? 'the recipients CSV has no rows' : 'no recipient matches --where/--limit',
    hint: total === 0 ? 'add one official per row under the header' : (where.map((w) => valuesMeant(list, w, seen)).find(Boolean) ?? 'check the filter values'),
  });
}

/**
 * For a --where that matched no row, the values the column has that were perhaps meant: one
 * that holds the text ("El-Sisi" for "Sisi": a whole value is matched), or one a letter or two
 * off it ("Dolor" for "Dolr").
 */
function valuesMeant(list: Omit<RecipientList, 'rows'>, where: string, seen: Map<string, Set<string>>): string | undefined {
  const eq = where.indexOf('=');
  const column = columnNamed(list, where.slice(0, eq));
  const wanted = where.slice(eq + 1).trim();
  const values = [...(seen.get(column) ?? [])];
  // (A --where some rows match: another --where is the one that matched none of them.)
  if (!wanted || values.length === 0 || values.some((v) => v.toLowerCase() === wanted.toLowerCase())) return undefined;
  const holding = values.filter((v) => v.toLowerCase().includes(wanted.toLowerCase())).slice(0, 3);
  if (holding.length) return `${holding.map((v) => `"${v}"`).join(', ')} ${holding.length === 1 ? 'holds' : 'hold'} "${wanted}": --where matches a whole value (--where ${where.slice(0, eq)}=${JSON.stringify(holding[0])})`;
  const near = nearest(wanted.toLowerCase(), values.map((v) => v.toLowerCase()), 2);
  return near ? `no ${where.slice(0, eq)} is "${wanted}"; did you mean "${values.find((v) => v.toLowerCase() === near)}"?` : undefined;
}

/**
 * The --where filters as a test of a row: the same column repeated means "any of", different
 * columns "all of".
 */
function rowFilter(list: Omit<RecipientList, 'rows'>, where: string[], seen?: Map<string, Set<string>>): (row: Recipient) => boolean {
  const filters = new Map<string, ((value: string, row: Record<string, string>) => boolean)[]>();
  for (const w of where) {
    const eq = w.indexOf('=');
    const column = columnNamed(list, eq > 0 ? w.slice(0, eq) : '');
    if (eq <= 0 || !(list.columns.includes(column) || list.also?.includes(column))) {
      throw new InputError({
        message: eq <= 0 ? `--where "${w}" is not column=value` : `--where: ${list.file} has no column "${w.slice(0, eq).trim()}"${suggest(column, list.columns)}`,
        // (As the file writes them: "Nombre", "Cargo", not first_name, position.)
        hint: `columns: ${list.columns.map((c) => list.headers[c] ?? c).join(', ')}`,
      });
    }
    filters.set(column, [...(filters.get(column) ?? []), matcher(column, w.slice(eq + 1).trim())]);
  }
  const tests = [...filters];
  for (const [col] of tests) if (seen && !seen.has(col)) seen.set(col, new Set());
  return (r) => {
    // (A few hundred values of each column are kept, for the hint when none matches.)
    if (seen) for (const [col] of tests) if (seen.get(col)!.size < 500 && r.values[col]?.trim()) seen.get(col)!.add(r.values[col].trim());
    return tests.every(([col, matchers]) => matchers.some((m) => m((r.values[col] ?? '').trim(), r.values)));
  };
}

/** What --where takes for a value: a country however written ("Brasil" is Brazil), else the text regardless of case. */
function matcher(column: string, wanted: string): (value: string, row: Record<string, string>) => boolean {
  if ((column === 'country' || column === 'government') && wanted !== '') {
    const sameCountry = countryMatcher(wanted);
    return (value) => value !== '' && sameCountry(value);
  }
  // A language however written, as templates are chosen by it: "language=fr" finds "Français" and "fr-CA" ("fr-CA" only those).
  const tag = column === 'language' && wanted !== '' ? languageTag(wanted) : undefined;
  if (tag) {
    const regional = tag.includes('-');
    return (value) => {
      const t = languageTag(value);
      return !!t && (regional ? t === tag : baseLanguage(t) === tag);
    };
  }
  // (Case and accents aside: "yildirim" finds "Yıldırım", a German keyboard has no ı.)
  const text = plainLetters(wanted);
  // A US state or Canadian province however written: "region=NJ" finds "New Jersey" (a US trial's found none).
  // (Of the row's country: Western Australia's "WA" is not Washington.)
  if (column === 'region' && wanted !== '') return (value, row) => plainLetters(value) === text || sameRegion(value, wanted, row.country);
  return (value) => plainLetters(value) === text;
}

/**
 * A postcode a spreadsheet took for a number ("11771.0", "1.18E+04") or cut its zeros from
 * ("2116"). `inCsv`: it comes from a CSV, whose column the hint says to keep as text (a case's
 * sender or a signer file has no spreadsheet).
 */
export function postcodeProblem(v: { postcode?: string; country?: string; region?: string }, location: Location, inCsv = true): Problem | undefined {
  // A postcode in other digits ("۱۵۸۷۶-۴۳۷۱۱") is checked as the letter prints it (see westernDigits).
  const western = westernDigits(v.postcode ?? '');
  if (western.digits) {
    const found = postcodeProblem({ ...v, postcode: western.postcode }, location, inCsv);
    return found && { ...found, message: found.message.replace(`"${western.postcode}"`, `"${v.postcode!.trim()}" (${western.postcode})`) };
  }
  const asText = inCsv ? ', and keep the postcode column as text when you save the CSV' : '';
  const number = numberPostcode(v.postcode, v.country);
  if (number) {
    return {
      location,
      code: 'postcode',
      message: `the postcode "${v.postcode!.trim()}" is a number a spreadsheet wrote in its own way${number.fixed ? '' : ': its digits are lost'}`,
      hint: number.fixed ? `write it ${number.fixed}${asText}` : 'look the postcode up and type it again, with the postcode column formatted as text, then save the CSV',
    };
  }
  // A postcode not of its country's form: mistyped, or the country is ("20515-1301" in the Philippines).
  const given = v.postcode?.trim() ?? '';
  const region = countryCode(v.country) === 'CA' ? 'province' : 'state';
  const unknown = unknownRegion(v);
  if (unknown && /^\d{5}(?:-\d{4})?$/.test(v.region!.trim()) && /^[a-z]{2}$/i.test(given)) {
    return { location, code: 'postcode', message: `"${v.region!.trim()}" is not a US state`, hint: `the ${region} and the postcode are in each other's columns: swap them` };
  }
  const misshapen = misshapenPostcode(given, v.country);
  if (misshapen) {
    return {
      location,
      code: 'postcode',
      message: misshapen.short
        ? `the postcode "${given}" has ${given.replace(/\D/g, '').length} digits: too few (${countryName(v.country!)}: ${misshapen.says})`
        : `the postcode "${given}" does not fit its country, ${countryName(v.country!)} (postcodes there: ${misshapen.says})`,
      hint: misshapen.short
        ? `look the postcode up: a spreadsheet drops the zeros a postcode starts with${asText}`
        : misshapen.looksLike
          ? `it looks like ${misshapen.looksLike}: correct the country, or the postcode`
          : 'look the postcode up on the address, and check the country',
    };
  }
  if (unknown) {
    return {
      location,
      code: 'postcode',
      message: `"${v.region!.trim()}" is not a ${region === 'province' ? 'Canadian province' : 'US state'}`,
      hint: `write the ${region}'s two-letter code${unknown.suggestion ? ` (${unknown.suggestion})` : ''}; if the address is not in ${countryName(v.country!)}, correct the country`,
    };
  }
  const mismatch = regionPostcodeMismatch(v);
  if (mismatch) {
    const places = mismatch.postcodeIn;
    const where = places.length === 1 ? places[0] : `${places.slice(0, -1).join(', ')} or ${places[places.length - 1]}`;
    return {
      location,
      code: 'postcode',
      message: `the postcode "${given}" is not in ${mismatch.region}: it is a postcode of ${where}`,
      hint: `the ${region} or the postcode is mistyped, and the letter would go astray: look the address up and correct the one that is wrong`,
    };
  }
  let short = shortPostcode(v.postcode, v.country);
  if (!short) return undefined;
  const digits = v.postcode!.trim().length;
  // A ZIP code that starts with 0 is of New England, New Jersey or Puerto Rico: in another state, no zero was lost.
  if (short.fixed && regionPostcodeMismatch({ ...v, postcode: short.fixed })) short = { digits: short.digits };
  return {
    location,
    code: 'postcode',
    message: short.fixed
      ? `the postcode "${v.postcode!.trim()}" has ${digits} digits: a spreadsheet has dropped the zeros it starts with (${countryName(v.country!)}: ${short.digits} digits)`
      : `the postcode "${v.postcode!.trim()}" has ${digits} digits: too few (${countryName(v.country!)}: ${short.digits} digits)`,
    hint: short.fixed ? `write it ${short.fixed}${asText}` : `look the postcode up${asText}`,
  };
}

/**
 * What is wrong with an official's postcode that the letter would still arrive with: a warning.
 * Digits other than 0-9 ("۱۵۸۷۶-۴۳۷۱۱"): the letter prints Western ones (see westernDigits), the
 * list is to be corrected for what else reads it. The country's old letters before it
 * ("CH-8001", "D-10115"; see countryPrefix): the letter prints them as written, and the post
 * reads the country from the last line.
 */
export function postcodeWarning(v: Record<string, string>, location: Location): Problem | undefined {
  const western = westernDigits(v.postcode ?? '');
  if (western.digits) {
    return {
      severity: 'warning',
      code: 'postcode',
      location,
      message: `the postcode "${v.postcode!.trim()}" is written in ${western.digits} digits: the letter prints it ${western.postcode}, in the digits the post reads on mail from abroad`,
      hint: `write ${western.postcode}`,
    };
  }
  // A postcode in a country that has none: the country filled down from the row above (a trial's
  // embassy in Brasília, "71615-300", marked Angola).
  if (v.postcode?.trim() && v.country && NO_POSTCODES.has(countryCode(v.country) ?? '')) {
    return {
      severity: 'warning',
      code: 'postcode',
      location,
      message: `the postcode "${v.postcode.trim()}" is in an address in ${countryName(v.country)}, which has no postcodes: is the country right?`,
      hint: 'a spreadsheet fills a column down from the row above: write the country the address is in (or leave the postcode empty)',
    };
  }
  const prefixed = countryPrefix(v.postcode, v.country);
  if (!prefixed) return undefined;
  const given = v.postcode!.trim();
  const line = postalAddress(v).find((l) => l.includes(given));
  return {
    severity: 'warning',
    code: 'postcode',
    location,
    message: `the postcode "${given}" starts with its country's letters${line ? `: the address would print "${line}"` : ''}`,
    hint: `write ${prefixed.postcode}: the country is the address's last line (${countryName(v.country!).toLocaleUpperCase('en')}); posts ask for no letters before the postcode`,
  };
}

/** Countries whose post has no postcodes (the UPU's list, those written to most). */
const NO_POSTCODES = new Set([
  'AO', 'AE', 'QA', 'HK', 'MO', 'YE', 'SY', 'ZW', 'UG', 'RW', 'BI', 'TG', 'BJ', 'BF', 'ML', 'CM', 'CF', 'CG', 'CD', 'CI', 'DJ', 'GM', 'SL',
  'ER', 'KP', 'LY', 'BS', 'BZ', 'FJ', 'GY', 'SR', 'TL', 'TO', 'VU', 'KI', 'NR', 'TV', 'SB', 'AG', 'DM', 'GD', 'KN', 'LC', 'ST', 'SC', 'KM', 'GQ',
]);

/**
 * Whether an address line is a phone number: "Tel: +20 2 2795 2300", "+998 71 239 5000", "(202)
 * 555-0143": ten digits or more, or said to be one ("Tel", "+"); a postcode alone on its line
 * ("01310-100", "20500-0003") is not.
 */
function isPhone(line: string): boolean {
  const m = /^((?:tel|t\u00e9l|phone|telephone|t\u00e9l\u00e9phone|telefon|tel\u00e9fono|fax|mob|mobile|t|p|\u0442\u0435\u043b(?:\u0435\u0444\u043e\u043d)?)(?![a-z\u0430-\u044f])\.?\s*:?\s*)?(\+)?[\d\s().\/-]{7,}(?:\s*(?:ext|x)\.?\s*\d+)?$/i.exec(line);
  return !!m && line.replace(/\D/g, '').length >= (m[1] || m[2] ? 6 : 10);
}

/**
 * The campaign whose letters are sent by e-mail (a PDF attached, or shown by preview): they say where
 * the signer writes from as the message does, by town and country, no street or postcode (see
 * Letter.signer: a Dutch trial's attachments gave a volunteer's home address to a ministry of the
 * interior). The return address is then the group's.
 */
export function emailedCampaign<C extends Pick<Campaign, 'signer'>>(c: C): C {
  return c.signer ? { ...c, signer: { ...c.signer, address: [], postcode: undefined } } : c;
}

/** An official written to by e-mail only: an e-mail address and no postal address. */
export const emailOnly = (v: Record<string, string>): boolean => !v.city?.trim() && !!v.email?.trim() && streetLines(v).length === 0;

/** A run on paper with officials who have only e-mail addresses and none with a postal address: no letter to make. */
export function noLetterOnPaper(file: string, filtered: boolean): Problem {
  return {
    location: { file },
    message: `no ${filtered ? 'selected ' : ''}official has a postal address: there is no letter on paper to make`,
    hint: 'write to them with `letters email`; a letter on paper needs the address lines (or the city) and the country',
  };
}

/** The warning for such an official in a run that makes letters on paper: they get none. */
export function emailOnlyWarning(location: Location): Problem {
  return {
    severity: 'warning',
    code: 'missing-value',
    location,
    message: 'this official has only an e-mail address: no letter on paper is made for them',
    hint: 'write to them with `letters email`, or in `letters batch` by the volunteers who have an e-mail address',
  };
}

/**
 * The columns a postal letter needs, and the rows that lack them. `batch` says how many of its
 * volunteers have an e-mail address: they write to an official who has only one.
 */
export function checkPostalRows(c: Campaign, batch?: { emailVolunteers: number }): Problem[] {
  const { recipients: list } = c;
  const has = (col: string) => list.columns.includes(col);
  const problems: Problem[] = [];
  const need: [string, boolean][] = [
    ['name (or first_name / last_name)', has('name') || has('first_name') || has('last_name') || has('position') || has('organisation')],
    ['address (address_1 ... address_6, a multi-line address, or at least city)', has('address') || has('address_1') || has('city')],
    ['country', has('country')],
  ];
  for (const [column, ok] of need) {
    if (!ok) {
      problems.push({
        location: { file: list.file, line: list.headerLine ?? 1 },
        message: `missing column ${column}`,
        hint: `columns found: ${list.columns.join(', ') || '(none)'}`,
      });
    }
  }
  if (problems.length) return problems;
  const streetColumn = list.columns.find((col) => /^address(?:_1)?$/.test(col));
  for (const row of c.rows) {
    const v = row.values;
    // On paper, an official with only an e-mail address gets no letter: said, not an error (a
    // list kept for both has such rows; `letters email` writes to them).
    if (!batch && emailOnly(v)) {
      problems.push(emailOnlyWarning({ file: list.file, line: row.line }));
      continue;
    }
    const missing: string[] = [];
    if (![v.name, v.first_name, v.last_name, v.position, v.organisation].some(Boolean)) missing.push('name');
    // In a batch, an official with only an e-mail address is written to by the volunteers who have
    // one: no postal address needed, nor a country (an e-mail has none).
    const byEmail = !!batch && emailOnly(v);
    const emailed = byEmail && batch.emailVolunteers > 0;
    if (streetLines(v).length === 0 && !v.city && !emailed) missing.push('address (neither address lines nor a city)');
    // A city without a street, in a list that has the street's column: most likely a cell left
    // empty (a US trial's senator was addressed to "Washington DC 20510"). Not for an
    // organisation's address: a ministry is known to its city's post by its name.
    // (The street's own column: a Suite's "300" alone would print as the street, a review's.)
    else if (streetColumn && !v[streetColumn]?.trim() && v.city?.trim() && !byEmail && !v.organisation?.trim()) {
      const lines = streetLines(v);
      problems.push({
        severity: 'warning',
        code: 'address',
        location: { file: list.file, line: row.line },
        message: `this official's address has no street${lines.length ? ` ("${list.headers[streetColumn] ?? streetColumn}" is empty)` : ''}, only ${[...lines, [v.city, v.postcode].filter((x) => x?.trim()).join(' ')].join(', ')}: ${v.country ? `the post in ${countryName(v.country)}` : 'the post'} may not find them`,
        hint: `fill in the street (or the PO box) in "${list.headers[streetColumn] ?? streetColumn}"; an office the post knows by its name can go without one, written as the organisation`,
      });
    }
    if (!v.country && !emailed) missing.push('country');
    const postcode = postcodeProblem(v, { file: list.file, line: row.line }) ?? postcodeWarning(v, { file: list.file, line: row.line });
    if (postcode) problems.push(postcode);
    else if (!v.postcode?.trim() && !byEmail && postcodeExpected(v.country)) {
      problems.push({
        severity: 'warning',
        code: 'postcode',
        location: { file: list.file, line: row.line },
        message: `this official has no postcode: the post in ${countryName(v.country!)} sorts letters by it (one without may be slow, or come back)`,
        hint: 'look the postcode up on the address and fill it in',
      });
    }
    // A phone number or an e-mail address among the address lines would print in the window.
    const notAddress = streetLines(v).find((l) => (isPhone(l) && !fitsPostcode(l, v.country)) || l.includes('@'));
    if (notAddress) {
      problems.push({
        code: 'address',
        location: { file: list.file, line: row.line },
        message: `"${notAddress}" is in the address: ${notAddress.includes('@') ? 'an e-mail address' : 'a phone number'} would print in the envelope window`,
        hint: `move it to a column of its own (${notAddress.includes('@') ? '"email"' : '"phone"'}): the template can still use it`,
      });
    }
    if (byEmail && !emailed) {
      problems.push({
        location: { file: list.file, line: row.line },
        message: 'this official has only an e-mail address, and no volunteer has one to write from',
        hint: "add the volunteers' e-mail addresses (an email column in the volunteers CSV), or the official's postal address",
      });
    } else if (missing.length) {
      problems.push({
        location: { file: list.file, line: row.line },
        message: `this official has no ${missing.join(', no ')}`,
        hint: emailed
          ? 'a letter needs the official\'s name, even one sent by e-mail'
          : missing.length === 1 && missing[0] === 'country'
            ? 'a posted letter needs the destination country, the group\'s own too (it is not printed on a letter within it); fill it in or delete the row'
            : 'a posted letter needs a name, an address and the destination country; fill them in or delete the row',
      });
    }
  }
  return problems;
}

/** Dates of the case that cannot be right: in the future (errors), or at odds with its status (warnings). */
export function caseDateProblems(caseFile: CaseFile, today: string): Problem[] {
  const data = caseFile.data;
  const problems: Problem[] = [];
  const now = parseDate(today)!;
  for (const field of ['detained', 'released']) {
    const d = parseDate(data[field]);
    if (d && compareDates(d, now) > 0) {
      problems.push({
        location: caseFile.locate(field),
        message: `case field "${field}" (${String(data[field])}) is in the future (the letters are dated ${today})`,
        hint: "check the year (or the letters' date, --date)",
      });
    }
  }
  // (Not of a status or release date that is wrong: said as the case file was read.)
  if (caseBroken(caseFile, 'status', 'released')) return problems;
  if (caseFile.status === 'released' && !data.released) {
    problems.push({ severity: 'warning', location: caseFile.locate('status'), message: 'the case is released but has no "released:" date', hint: 'add released: YYYY-MM-DD' });
  }
  if (caseFile.status === 'active' && data.released) {
    problems.push({
      severity: 'warning',
      location: caseFile.locate('released'),
      message: `the case has a release date (${String(data.released)}) but its status is active`,
      hint: 'if the prisoner has been released, set status: released',
    });
  }
  return problems;
}

/**
 * The errors `letters check` reports that no letter may be made with (warnings are for check to
 * show): missing postal values, fields the template reads and the data lacks, a case date in the
 * future, an official of another government.
 */
export function checkCampaign(c: Campaign, rowWarning?: (p: Problem) => void): ProblemList {
  const problems = new ProblemList();
  for (const p of checkPostalRows(c)) {
    if (p.severity === 'warning') rowWarning?.(p);
    else problems.add(p);
  }
  for (const [template, rows] of rowsByTemplate(c)) for (const p of checkFieldUses(template.uses, { ...c, rows })) problems.add(p);
  for (const p of campaignErrors(c, rowWarning)) problems.add(p);
  return problems;
}

/** Columns of names and addresses, where a "?" between letters is a letter lost by an encoding. */
const NAME_AND_ADDRESS = /^(title|first_name|last_name|name|position|organisation|address(_\d)?|city|region|postcode|country)$/;

/**
 * A letter a spreadsheet could not save in its encoding comes out as "?": "Ertuğrul" saved as
 * windows-1252 is "Ertu?rul", "Šimon Kovač" is "?imon Kova?", "محمد علي" is "???? ???", which a
 * letter must not print.
 */
const LOST_LETTER = /\p{L}\?|\?\p{L}|\?\?|(?:^|\s)\?(?:\s|$)/u; // (a script saved as windows-1252 is "???? ????")
/**
 * UTF-8 read as windows-1252 (a file opened and saved again as the wrong one): "Müller" becomes
 * "MÃ¼ller", "Großmann" "GroÃŸmann". A capital Â-Å before a byte of
 * 0x80-0xBF as windows-1252 shows it is no letter any language writes.
 */
const MISREAD_UTF8 = /[\u00c2-\u00c5][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]/;

/**
 * What a spreadsheet shows, and saves in a CSV, for a formula that failed: Excel's "#N/A" (a lookup
 * that found nothing), "#REF!", "#NAME?"... in every language it speaks ("#NV", "#WERT!",
 * "#VALEUR!", "#N/D", "#¡VALOR!", "#VERW!"), LibreOffice's "Err:502", Google Sheets' "#ERROR!".
 * (Not "#12", an apartment: an error ends with "!" or "?", or is a "not available".)
 */
const SHEET_ERROR = /^(?:#[\u00a1\u00bf]?[\p{L}\d/_.]{1,13}[!?]|#N\/[A-Z]|#NV|#GETTING_DATA|Err:\d{3})$/iu;

/**
 * A formula saved as its text, in a column that is not a name or address (where any "=" at the
 * start is one): "=" before a function, a cell or a bracket ("=A1&B1", "=IF(...)", "=(B2)"; not
 * "= 2 + 2 is four" in a note).
 */
const FORMULA_TEXT = /^=\s*[\p{L}($'"]/u;

/**
 * What a list writes for "none": "-", "N/A", "none", "TBD", "unknown"... A name, an address or a
 * greeting is never one ("Na" is: a Korean surname, a Chinese given name; so is "X").
 */
const PLACEHOLDER = /^(?:[-\u2013\u2014_.]+|n\/a|none|null|nil|tb[ad]|unknown)$/i;

/** Columns whose value is never a quotation: a name, a title, a position, a salutation (an organisation may be: «Газпром»). */
const QUOTED_COLUMNS = new Set(['salutation', 'name', 'first_name', 'last_name', 'title', 'position']);

/**
 * A whole value in quotation marks (pasted from a document): “…”, „…“, «…», "…". (Not ‘…’: a
 * transliterated Arabic name is written so, "‘Ala’" with its ʿayn and hamza.)
 */
const QUOTED = /^(?:[\u201c\u201e\u00ab"].*[\u201c\u201d\u00bb"]|\u00bb.*\u00ab)$/su;

/**
 * A Turkish Windows "CSV" (windows-1254) read as windows-1252: "Erdoğan" is "Erdoðan", "Şahin"
 * "Þahin", "Yıldırım" "Yýldýrým" — ð, þ, ý where Turkish has ğ, ş, ı (not in an Icelandic or
 * Faroese address, whose letters they are).
 */
const TURKISH_AS_1252 = /\p{L}[\u00f0\u00fe]|[\u00d0\u00de]\p{Ll}/u;
/** ý for ı alone (Czech writes ý too: "Novotný"): only in an address in Türkiye. */
const TURKISH_I_AS_1252 = /[\u00fd\u00dd]/;

/**
 * A Mac's "CSV" (Mac Roman) read as windows-1252: "Béjaïa" is "BŽja•a", "l’ALN" "lÕALN" — a
 * capital or sign no language writes between small letters.
 */
const MAC_ROMAN = /\p{Ll}[\u017d\u02c6\u2022\u2122\u0178\u0192\u00d5]\p{Ll}/u;

/**
 * The first of a row's values that would print wrong: the header row again, a web page's code
 * ("&amp;"), a spreadsheet's error value or formula, a character an encoding could not read, a
 * name, address or salutation in quotation marks, a letter lost to an encoding or misread from one.
 */
export function rowValueProblem(values: Record<string, string>, headers: Record<string, string>, location: Location): Problem | undefined {
  const header = headerRowProblem(values, headers, location);
  if (header) return header;
  for (const k of Object.keys(values)) {
    const entity = htmlEntityProblem(values[k]!, `"${headers[k] ?? k}"`, location);
    if (entity) return entity;
    // (In a name or address any "=" at the start is one.)
    if (values[k]!.startsWith('=') && (NAME_AND_ADDRESS.test(k) || k === 'salutation' || FORMULA_TEXT.test(values[k]!))) {
      return {
        code: 'spreadsheet',
        location,
        message: `"${values[k]}" in "${headers[k] ?? k}" is a spreadsheet's formula, not its value: the letter would print it as it is`,
        hint: 'in the spreadsheet, copy the column and paste it back as values only (Paste Special, Values), then save the CSV again',
      };
    }
    const failed = sheetErrorProblem(values[k]!, `"${headers[k] ?? k}"`, location);
    if (failed) return failed;
  }
  for (const k of Object.keys(values)) {
    const value = values[k]!;
    const column = headers[k] ?? k;
    // (Most values are ASCII: no encoding could have misread them, and a lost letter is a "?".)
    const ascii = !NOT_ASCII.test(value);
    if (!ascii && value.includes('\ufffd')) {
      return {
        code: 'encoding',
        location,
        message: `"${value}" in "${column}" has a character the file's encoding could not read (\ufffd): it would print so`,
        hint: `read the file in the encoding it was saved in (--encoding; a CSV from Excel on a Mac is often "macintosh"), or save it ${AS_UTF8}`,
      };
    }
    if (!NAME_AND_ADDRESS.test(k) && k !== 'salutation') continue;
    const placeholder = placeholderProblem(value, `"${column}"`, location, k === 'salutation');
    if (placeholder) return placeholder;
    if (QUOTED_COLUMNS.has(k) && QUOTED.test(value)) {
      return {
        code: 'encoding',
        location,
        message: `"${value}" in "${column}" is in quotation marks: they would print`,
        hint: 'delete the quotation marks around it (pasted from a document, they are part of the value)',
      };
    }
    if (k === 'salutation' || (ascii && !value.includes('?'))) continue;
    const code = ascii ? undefined : countryCode(values.country);
    if (!ascii && ((TURKISH_AS_1252.test(value) && code !== 'IS' && code !== 'FO') || (code === 'TR' && TURKISH_I_AS_1252.test(value)))) {
      return {
        code: 'encoding',
        location,
        message: `"${value}" in "${column}" looks like a file saved on a Turkish Windows (windows-1254) read as windows-1252 (it was "${iconv.decode(iconv.encode(value, 'windows-1252'), 'windows-1254')}")`,
        hint: `read it with --encoding windows-1254, or save it ${AS_UTF8}`,
      };
    }
    if (!ascii && MAC_ROMAN.test(value)) {
      return {
        code: 'encoding',
        location,
        message: `"${value}" in "${column}" looks like a file saved by Excel on a Mac read as windows-1252 (it was "${iconv.decode(iconv.encode(value, 'windows-1252'), 'macintosh')}")`,
        hint: `read it with --encoding macintosh, or save it ${AS_UTF8}`,
      };
    }
    if (LOST_LETTER.test(value)) {
      return {
        code: 'encoding',
        location,
        message: `"${value}" in "${column}" has a ? where a letter was: the spreadsheet could not save it in this file's encoding`,
        // (Saved again from the spreadsheet, the character is there: it is lost only in the CSV.)
        hint: `save the CSV again from the spreadsheet ${AS_UTF8}: nothing needs typing again unless the spreadsheet itself shows the ?`,
      };
    }
    if (!ascii && MISREAD_UTF8.test(value)) {
      const meant = iconv.encode(value, 'windows-1252').toString('utf8');
      return {
        code: 'encoding',
        location,
        message: `"${value}" in "${column}" is UTF-8 read as windows-1252${meant.includes('\ufffd') ? '' : ` (it was "${meant}")`}: the file was saved again in the wrong encoding`,
        hint: `use the file as it was first saved, or correct the values and save it ${AS_UTF8}`,
      };
    }
  }
  return undefined;
}

/** A header or value as a key without accents: "País" and "pais" are one. */
const plainHeader = (text: string) => headerKey(plainLetters(text));

/**
 * A row that is the header row again (two lists pasted one under the other, a header copied
 * down): most of its values are their columns' names. It would be a letter to "Nombre".
 */
export function headerRowProblem(values: Record<string, string>, headers: Record<string, string>, location: Location): Problem | undefined {
  const total = totalRowProblem(values, location);
  if (total) return total;
  let filled = 0;
  const named: string[] = [];
  for (const k in values) {
    const value = values[k]!;
    if (value === '') continue; // (values are trimmed as they are read)
    filled++;
    const header = headers[k] ?? k;
    // (Only a value about as long as its header's name, and with its first letter, can be it: most are not looked at twice.)
    const first = value[0]!.toLowerCase();
    if ((Math.abs(value.length - header.length) > 4 || first !== header[0]!.toLowerCase()) && (Math.abs(value.length - k.length) > 4 || first !== k[0])) continue;
    const v = plainHeader(value);
    if (v === plainHeader(header) || v === k) named.push(header);
  }
  if (named.length < 2 || named.length * 2 < filled) return undefined;
  return {
    code: 'header',
    location,
    message: `this row is the header row again (${named.slice(0, 4).join(', ')}${named.length > 4 ? ', …' : ''}): it would be a letter to "${values.name || values.first_name || values.last_name || values.position || named[0]}"`,
    hint: 'delete the row (two lists pasted one under the other, or the header row copied down)',
  };
}

/**
 * A spreadsheet's total row at the end of the list ("Totaal;20;;;", "Total: 20"): a word for total
 * in the first filled cell, and numbers or nothing in the others (a Dutch trial's "Totaal" was
 * one official more, without an e-mail address).
 */
function totalRowProblem(values: Record<string, string>, location: Location): Problem | undefined {
  let first: string | undefined;
  for (const k in values) {
    const value = values[k]!;
    if (value === '') continue;
    if (first === undefined) {
      first = value;
      if (!TOTAL.test(value)) return undefined;
    } else if (!/^[\d.,\s%]+$/.test(value)) return undefined;
  }
  if (first === undefined) return undefined;
  return { code: 'header', location, message: `this row is a total ("${first}"), not an official: it would be a letter to "${first}"`, hint: 'delete the row (a spreadsheet\'s total row, saved with the list)' };
}
/** "Total", "Totaal", "Summe", "Gesamt", "Totale", "Totales", "Total général", with a count after it or not. */
const TOTAL = /^(?:grand\s+)?(?:total|totaal|totale|totales|summe|gesamt|insgesamt|sum|som|somme)(?:\s+g\u00e9n\u00e9ral)?\s*:?\s*[\d.,]*$/i;

/**
 * A placeholder ("-", "N/A", "TBD"; "?" as a greeting) where a value was meant: `where`, "in" what.
 * In a row the cell is left empty; in a YAML file the line is left out.
 */
export function placeholderProblem(value: string, where: string, location: Location, greeting = false, yaml = false): Problem | undefined {
  if (!PLACEHOLDER.test(value.trim()) && !(greeting && /^\?+$/.test(value))) return undefined;
  const none = yaml ? 'delete the line where there is none (check then says whether the template needs it)' : `leave the cell empty where there is none${greeting ? ' (the greeting is then made from the name or position)' : ''}`;
  return {
    code: 'missing-value',
    location,
    message: `"${value}" in ${where} stands for no value: the letter would print it${greeting ? ` ("${value},")` : ''}`,
    hint: `${none}, or write the value`,
  };
}

/** A spreadsheet's error value ("#N/A") where a value was meant: `where`, "in" what, for the message. */
function sheetErrorProblem(value: string, where: string, location: Location): Problem | undefined {
  // (An error value starts with "#", or is LibreOffice's "Err:502": most values are not looked at twice.)
  if (!/^\s*[#e]/i.test(value) || !SHEET_ERROR.test(value.trim())) return undefined;
  return {
    code: 'spreadsheet',
    location,
    message: `"${value}" in ${where} is a spreadsheet's error, not a value: the formula that made the cell failed, and the letter would print it`,
    hint: 'correct the formula in the spreadsheet (a lookup that found nothing gives #N/A) or type the value, then save the CSV again',
  };
}

/**
 * The first value in a YAML file's data (a case file, a signer file), at any depth, that would
 * print wrong: with a web page's code, or a spreadsheet's error value pasted in. (A placeholder,
 * "TBD", is said of the fields that print: `placeholderIn`, and the template's in checkFieldUses.)
 */
export function yamlValueProblem(data: unknown, locate: (path: (string | number)[]) => Location, what: string, at: (string | number)[] = []): Problem | undefined {
  if (typeof data === 'string') {
    const where = `${what} "${at.join('.')}"`;
    return htmlEntityProblem(data, where, locate(at)) ?? sheetErrorProblem(data, where, locate(at));
  }
  if (!data || typeof data !== 'object' || data instanceof Date) return undefined;
  for (const [k, v] of Array.isArray(data) ? data.map((x, i) => [i, x] as const) : Object.entries(data)) {
    const found = yamlValueProblem(v, locate, what, [...at, k]);
    if (found) return found;
  }
  return undefined;
}

/**
 * The first of these fields of a YAML file's data (those letters prints itself: a name, an
 * address) that is a placeholder ("-", "N/A", "TBD"), or a line of it.
 */
export function placeholderIn(data: unknown, fields: string[][], locate: (path: (string | number)[]) => Location, what: string): Problem | undefined {
  for (const field of fields) {
    const value = valueAt(data, field);
    const values = Array.isArray(value) ? value.map((v, i) => [v, [...field, i]] as const) : [[value, field] as const];
    for (const [v, at] of values) {
      const found = typeof v === 'string' ? placeholderProblem(v, `${what} "${at.join('.')}"`, locate([...at]), false, true) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * The case's dates, the officials' governments and letters lost to an encoding, errors only; a
 * row's warning (an official abroad) goes to `rowWarning`, for a run that says them.
 */
export function campaignErrors(c: Campaign, rowWarning?: (p: Problem) => void, channel: 'post' | 'email' = 'post'): Problem[] {
  const errors = caseDateProblems(c.caseFile, c.today);
  const governments = governmentsKnown(c.caseFile);
  // Which template a row's language takes: not known while "templates:" is wrong.
  const byLanguage = !!c.templates?.size && !caseBroken(c.caseFile, 'templates');
  for (const row of c.rows) {
    const at = { file: c.recipients.file, line: row.line };
    const gov = governments ? governmentProblem(row.values, c.caseFile.country, at, c.caseFile.sender?.country, c.caseFile.otherGovernments) : undefined;
    if (gov?.severity === 'warning') rowWarning?.(gov);
    else if (gov) errors.push(gov);
    const misplaced = wrongCountryProblem(row.values, at, c.caseFile.sender, channel);
    if (misplaced?.severity === 'error') errors.push(misplaced);
    else if (misplaced) rowWarning?.(misplaced);
    const lost = rowValueProblem(row.values, c.recipients.headers, at);
    if (lost) errors.push(lost);
    const mistyped = misspeltCountryProblem(row.values, at);
    if (mistyped) errors.push(mistyped);
    // With templates by language, a language column that names none (which template?).
    const language = byLanguage && row.values.language?.trim() ? languageTemplateWarning(row.values.language, at, c) : undefined;
    if (language?.severity === 'error') errors.push(language);
  }
  return errors.filter((p) => (p.severity ?? 'error') === 'error');
}
