import { readFileSync } from 'node:fs';
import { checkCampaign, errorLines, type Campaign } from './campaign/campaign.js';
import { InputError, type Location, type Problem } from './errors.js';
import { cannotPrint, loadFonts, type FontSet, type FontStyle } from './layout/fonts.js';
import { continuationHeading, fitsOneLine, layoutLetter, LayoutError, styleOf, type LaidOutLetter } from './layout/layout.js';
import { paperGeometry } from './layout/geometry.js';
import type { Letter } from './letter.js';
import { fewerLinesHint, recipientName } from './render/address.js';
import { letterRenderer } from './render/letter.js';
import type { Recipient } from './campaign/recipients.js';
import { templateFor } from './campaign/template.js';

/**
 * Renders and lays out every selected letter, in memory, and throws every problem found before
 * anything is written: a run makes all its letters or none.
 */
export function prepareLetters(c: Campaign, fonts: FontSet = loadFonts()): LaidOutLetter[] {
  const problems = checkCampaign(c);
  const laid = layoutRows(withoutFailedRows(c, problems.items), fonts, (p) => problems.add(p));
  problems.throwIfAny();
  return laid;
}

/**
 * The campaign without the rows an error was already found in: the others are still laid out,
 * so one run reports every problem.
 */
export function withoutFailedRows(c: Campaign, problems: Problem[]): Campaign {
  const failed = errorLines(problems, c.recipients.file);
  return { ...c, rows: c.rows.filter((r) => !failed.has(r.line)) };
}

/**
 * Renders and lays out each selected row; a row that cannot make a correct letter is reported
 * to `report` and left out.
 */
export function layoutRows(c: Campaign, fonts: FontSet, report: (p: Problem) => void): LaidOutLetter[] {
  const layout = rowLayouter(c, fonts, report);
  return c.rows.flatMap((row) => layout(row) ?? []);
}

/**
 * Renders one row at a time into its letter, without laying it out (an e-mail without its PDF);
 * a row that cannot make a correct letter is reported to `report`, and undefined.
 */
export function rowRenderer(c: Campaign, report: (p: Problem) => void): (row: Recipient, variant?: number) => Letter | undefined {
  const render = letterRenderer({
    caseFile: c.caseFile,
    template: c.template,
    templates: c.templates,
    recipientsFile: c.recipients.file,
    signer: c.signer,
    paper: c.paper,
    dinForm: c.dinForm,
    envelope: c.envelope,
    today: c.today,
  });
  return (row, variant) => {
    try {
      return render(row, variant);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      err.problems.forEach(report);
      return undefined;
    }
  };
}

/**
 * Renders and lays out one row at a time, for runs that must not hold every letter in memory;
 * `extra` lays out what else the run makes of the letter (an envelope, a label) so its problems
 * are found with the letter's. Undefined when the row cannot make a correct letter.
 */
export function rowLayouter(
  c: Campaign,
  fonts: FontSet,
  report: (p: Problem) => void,
  extra?: (letter: Letter, laid: LaidOutLetter) => void,
): (row: Recipient, variant?: number) => LaidOutLetter | undefined {
  const render = rowRenderer(c, report);
  return (row, variant) => {
    const where = { file: c.recipients.file, line: row.line };
    const letter = render(row, variant);
    if (!letter) return undefined;
    const unprintable = unprintableChars(printedStrings(letter), letter, fonts, c);
    if (unprintable.length) {
      unprintable.forEach(report);
      return undefined;
    }
    try {
      const laid = layoutLetter(letter, fonts);
      // A letter of more than one page prints the case and the official again at the head of the others.
      const heading = laid.pages.length > 1 ? unprintableChars([[continuationHeading(letter), 'regular']], letter, fonts, c) : [];
      if (heading.length) {
        heading.forEach(report);
        return undefined;
      }
      extra?.(letter, laid);
      return laid;
    } catch (err) {
      if (!(err instanceof LayoutError)) throw err;
      if (err.source === 'offset') {
        report({ code: 'offset', message: err.message, hint: err.hint });
        return undefined;
      }
      // A name, position or organisation is one line of the window: it cannot be split.
      const v = row.values;
      const column = err.line === undefined ? undefined : (['position', 'organisation'] as const).find((k) => v[k]?.trim() === err.line) ?? (recipientName(v) === err.line ? 'name' : undefined);
      report({
        code: err.source === 'address' ? 'address' : 'return-address',
        location: err.source === 'address' ? where : c.signer && c.signerFile ? { file: c.signerFile } : c.caseFile.locate('sender'),
        message: err.message,
        hint: column
          ? `it is the ${column}, printed as one line: shorten it, or move part of it to another of the name, position and organisation columns`
          : err.tooManyLines && err.source === 'address'
            ? fewerLinesHint(v, err.tooManyLines, fitsOneLine(paperGeometry(c.paper, c.dinForm), fonts))
            : err.hint,
      });
      return undefined;
    }
  };
}

/** The codes of the problems `rowLayouter` finds that depend on the paper and its envelope or labels. */
export const PAPER_PROBLEMS: ReadonlySet<string> = new Set(['address', 'return-address']);

/** All the text a letter prints, each in the style it is printed in. */
function* printedStrings(l: Letter): Generator<[string, FontStyle]> {
  const plain = [l.returnAddress ?? '', ...l.senderLines, ...l.address, l.date, l.dateLine, l.salutation, l.closing, l.signer?.name ?? '', ...(l.signer?.lines ?? [])];
  for (const text of plain) yield [text, 'regular'];
  yield [l.subject, 'bold'];
  for (const block of l.body) {
    for (const runs of block.kind === 'paragraph' ? [block.runs] : block.items.map((i) => i.runs)) {
      for (const run of runs) yield [run.text, styleOf(run)];
    }
    if (block.kind !== 'paragraph') for (const item of block.items) yield [item.marker, 'regular'];
  }
}

/**
 * Characters of `texts` (each with its style) the embedded font would print as blank boxes, one
 * problem per input they come from (the column, when the row holds them): a name must never print
 * as blanks.
 */
function unprintableChars(texts: Iterable<[string, FontStyle]>, letter: Letter, fonts: FontSet, c: Campaign): Problem[] {
  const missing = new Set<string>();
  for (const [text, style] of texts) for (const ch of fonts.missingGlyphs(text, style)) missing.add(ch);
  if (missing.size === 0) return [];
  const bySource = new Map<string, { source: CharSource; chars: string[] }>();
  for (const ch of missing) {
    const source = whereCharComesFrom(ch, letter, c);
    const key = `${source.location.file}:${source.location.line ?? ''}:${source.field}`;
    const group = bySource.get(key) ?? bySource.set(key, { source, chars: [] }).get(key)!;
    group.chars.push(ch);
  }
  return [...bySource.values()].map(({ source, chars }) => ({
    code: 'font',
    location: source.location,
    message: `${cannotPrint(chars)} ${source.field}: ${chars.length > 1 ? 'they' : 'it'} would come out blank`,
    // (U+F000-U+F0FF: a character of Word's Symbol or Wingdings font, most often a list's bullet.)
    hint: chars.every((ch) => /^[\uf000-\uf0ff]$/.test(ch))
      ? 'a bullet or sign of Word\'s Symbol font, pasted with it: start a list\'s lines with "- " instead, or type the sign itself'
      : `replace ${chars.length > 1 ? 'them with characters' : 'it with a character'} the font has (Latin, Cyrillic, Greek and Arabic letters print)${source.field.includes('template') ? '' : ', or transliterate the name'}`,
  }));
}

interface CharSource {
  location: Location;
  /** "in "first_name"", "in case field "occupation"", … */
  field: string;
}

/** The input a character comes from: a CSV column, a case or signer field, else the template. */
function whereCharComesFrom(ch: string, letter: Letter, c: Campaign): CharSource {
  const has = (v: unknown) => JSON.stringify(v ?? '').includes(ch);
  const column = Object.keys(letter.recipient.values).find((k) => has(letter.recipient.values[k]));
  if (column) return { location: { file: c.recipients.file, line: letter.recipient.line }, field: `in "${c.recipients.headers[column]}"` };
  const caseField = Object.keys(c.caseFile.data).find((k) => has(c.caseFile.data[k]));
  if (caseField) return { location: c.caseFile.locate(caseField), field: `in case field "${caseField}"` };
  if (c.signer && has(c.signer)) return { location: { file: c.signerFile ?? '' }, field: "in the signer's details" };
  const file = templateFor(c, letter.recipient.values).file;
  try {
    const at = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(ch));
    if (at >= 0) return { location: { file, line: at + 1 }, field: 'in the template' };
  } catch {
    // (said without a line)
  }
  return { location: { file }, field: 'in the template (or one of its partials)' };
}
