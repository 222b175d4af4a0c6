import type { Letter } from '../letter.js';
import { letterWords, subjectLine } from '../render/helpers.js';
import type { Run } from '../render/markdown.js';
import type { FontSet, FontStyle } from './fonts.js';
import { leading, MM, paperGeometry, type PaperGeometry, type Rect } from './geometry.js';

/** A piece of text; `y` is its baseline, in points from the top of the page. */
export interface TextItem {
  type: 'text';
  x: number;
  y: number;
  text: string;
  style: FontStyle;
  size: number;
  grey?: boolean;
}

export interface RuleItem {
  type: 'rule';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export type PageItem = TextItem | RuleItem;

export interface LaidOutLetter {
  letter: Letter;
  paper: PaperGeometry;
  pages: PageItem[][];
  addressSize: number;
}

/** A letter that cannot be laid out as the post needs it: an input error about its row. */
export class LayoutError extends Error {
  constructor(
    message: string,
    readonly hint: string,
    /** Which input is at fault: the recipient's address, the sender's return address, or the printer offset. */
    readonly source: 'address' | 'return' | 'offset',
    /** The address line that does not fit, when one is to blame. */
    readonly line?: string,
    /** How many lines the address has more than a window holds. */
    readonly tooManyLines = 0,
  ) {
    super(message);
  }
}

export const BODY_SIZE = 10.5;
export const BODY_LEADING = 14.2;
const PARAGRAPH_GAP = 6.5;
const SMALL = 8.5;
const SIGNATURE_SPACE = 20 * MM; // at least 15 mm to sign by hand
const LIST_INDENT = 6 * MM;
export const MAX_ADDRESS_LINES = 6;
const RETURN_SIZES = { preferred: 7, minimum: 5.5 };

interface Segment {
  text: string;
  style: FontStyle;
}
type Line = Segment[];

/** The font style a run of text is set in. */
export const styleOf = (r: Run): FontStyle => (r.bold ? (r.italic ? 'boldItalic' : 'bold') : r.italic ? 'italic' : 'regular');

export function layoutLetter(letter: Letter, fonts: FontSet): LaidOutLetter {
  const paper = paperGeometry(letter.paper, letter.dinForm, letter.envelope);
  const ownWords = letterWords(letter.language); // what the layout itself writes, in the letter's language
  const first: PageItem[] = [];
  const pages: PageItem[][] = [first];
  const { left, right, top, bottom } = paper.margin;
  const textWidth = paper.width - left - right;
  const text = (page: PageItem[], x: number, y: number, t: string, style: FontStyle, size: number, grey = false) => {
    if (t) page.push({ type: 'text', x, y, text: t, style, size, ...(grey ? { grey } : {}) });
  };
  const rightAligned = (page: PageItem[], y: number, t: string, style: FontStyle, size: number, grey = false) =>
    text(page, paper.width - right - fonts.width(t, style, size), y, t, style, size, grey);

  // Marks for folding and punching, at the left edge.
  for (const y of paper.foldMarks) first.push({ type: 'rule', x1: 4 * MM, y1: y, x2: 9 * MM, y2: y });
  if (paper.holeMark) first.push({ type: 'rule', x1: 4 * MM, y1: paper.holeMark, x2: 11 * MM, y2: paper.holeMark });

  if (paper.letterheadBox && letter.senderLines.length > 0) {
    if (placeLines(first, letter.senderLines, paper.letterheadBox, { preferred: SMALL, minimum: 7 }, fonts, 'regular') === undefined) {
      throw new LayoutError(
        `the sender's address (${letter.senderLines.length} lines) does not fit the letterhead even at 7 pt: ${letter.senderLines.join(' / ')}`,
        'shorten the sender (or signer) lines: at most 5 lines of about 45 characters',
        'return',
      );
    }
  }
  if (paper.returnBox && letter.returnAddress) {
    const box = paper.returnBox;
    // One line if it fits at 5.5 pt or more, else two (the zone above the address has room).
    let lines = [letter.returnAddress];
    let size = fitSize(lines, box.width, box.height, RETURN_SIZES, fonts);
    if (size === undefined) {
      lines = inTwo(letter.returnAddress, fonts);
      size = fitSize(lines, box.width, box.height, RETURN_SIZES, fonts);
    }
    if (size === undefined) {
      throw new LayoutError(
        `the return address is too long for the envelope window even on two lines at ${RETURN_SIZES.minimum} pt: "${letter.returnAddress}"`,
        'shorten the sender (or signer) address lines',
        'return',
      );
    }
    const baseline = box.y + box.height - 2;
    lines.forEach((line, i) => text(first, box.x, baseline - (lines.length - 1 - i) * leading(size), line, 'regular', size));
  }
  const addressSize = placeAddress(first, letter.address, paper, fonts);

  if (paper.dateLeft) text(first, left, paper.dateY, letter.dateLine, 'regular', BODY_SIZE);
  else rightAligned(first, paper.dateY, letter.dateLine, 'regular', BODY_SIZE);

  // The flowing text: subject, salutation, body, closing, signature; as lines first, then pages.
  const flow: FlowLine[] = [];
  const addLines = (lines: Line[], x: number, gapBefore: number, keepLast = false, marker?: string) => {
    lines.forEach((line, i) => {
      flow.push({
        height: BODY_LEADING,
        gapBefore: i === 0 ? gapBefore : 0,
        // No first line alone at the foot of a page, no last line alone at the top of the next.
        keepWithNext: (i === 0 && lines.length > 1) || i === lines.length - 2 || (keepLast && i === lines.length - 1),
        draw: (page, y) => {
          if (i === 0 && marker) text(page, x - LIST_INDENT + 1.5 * MM, y, marker, 'regular', BODY_SIZE);
          let cx = x;
          for (let k = 0; k < line.length; k++) {
            const seg = line[k]!;
            text(page, cx, y, seg.text, seg.style, BODY_SIZE);
            if (k < line.length - 1) cx += fonts.width(seg.text, seg.style, BODY_SIZE); // most lines are one segment
          }
        },
      });
    });
  };
  if (letter.subject) addLines(wrap([{ text: subjectLine(letter.subject, letter.language), bold: true }], textWidth, BODY_SIZE, fonts), left, 0, true);
  addLines(wrap([{ text: letter.salutation }], textWidth, BODY_SIZE, fonts), left, letter.subject ? PARAGRAPH_GAP : 0, true);
  letter.body.forEach((block, b) => {
    const last = b === letter.body.length - 1;
    if (block.kind === 'paragraph') {
      addLines(wrap(block.runs, textWidth, BODY_SIZE, fonts), left, PARAGRAPH_GAP, last);
      return;
    }
    block.items.forEach((item, i) => {
      const indent = LIST_INDENT * (item.depth + 1);
      addLines(wrap(item.runs, textWidth - indent, BODY_SIZE, fonts), left + indent, i === 0 ? PARAGRAPH_GAP : PARAGRAPH_GAP / 2, last && i === block.items.length - 1, item.marker);
    });
  });
  // Closing and signature: one unit, never split, kept with the last lines of the body.
  const signerLines = letter.signer ? [letter.signer.name, ...letter.signer.lines] : [];
  // (A closing longer than the line, as a French one with a long form of address is, goes on
  // over the next: "Veuillez agréer, Madame la Procureure générale de la République ...".)
  const closingLines = wrap([{ text: letter.closing }], textWidth, BODY_SIZE, fonts).map((line) => line.map((seg) => seg.text).join(''));
  const closingHeight = Math.max(1, closingLines.length) * BODY_LEADING;
  flow.push({
    height: closingHeight + SIGNATURE_SPACE + (letter.signer ? signerLines.length * leading(BODY_SIZE) : 26 * MM),
    gapBefore: PARAGRAPH_GAP,
    draw: (page, y) => {
      closingLines.forEach((line, i) => text(page, left, y + i * BODY_LEADING, line, 'regular', BODY_SIZE));
      y += closingHeight + SIGNATURE_SPACE;
      if (letter.signer) {
        text(page, left, y, letter.signer.name, 'regular', BODY_SIZE);
        y += leading(BODY_SIZE);
        for (const l of letter.signer.lines) {
          text(page, left, y, l, 'regular', BODY_SIZE - 1);
          y += leading(BODY_SIZE - 1);
        }
      } else {
        // Room to write name and address by hand.
        for (const label of [ownWords.name, ownWords.address, '', '']) {
          text(page, left, y, label, 'regular', SMALL - 1, true);
          page.push({ type: 'rule', x1: left + 16 * MM, y1: y + 1, x2: left + 85 * MM, y2: y + 1 });
          y += 8 * MM;
        }
      }
    },
  });
  paginate(flow, pages, paper.firstPageTextTop, top + 12 * MM, paper.height - bottom);

  // Page numbers, and a header naming the letter on continuation pages.
  if (pages.length > 1) {
    const total = pages.length;
    pages.forEach((p, i) => {
      const label = ownWords.page(i + 1, total);
      if (i === 0) {
        rightAligned(p, paper.height - bottom + 10 * MM, label, 'regular', SMALL, true);
      } else {
        // The heading stops short of the page number (4 mm between them).
        const room = paper.width - right - left - fonts.width(label, 'regular', SMALL) - 4 * MM;
        text(p, left, top, continuationHeading(letter, (t) => fonts.width(t, 'regular', SMALL) <= room), 'regular', SMALL, true);
        rightAligned(p, top, label, 'regular', SMALL, true);
        p.push({ type: 'rule', x1: left, y1: top + 2.5 * MM, x2: paper.width - right, y2: top + 2.5 * MM });
      }
    });
  }
  return { letter, paper, pages, addressSize };
}

/**
 * The line heading a letter's later pages: the case, the official and the date. When it does not
 * fit, the official's name and then the case's are cut short, a word at a time, with "…"; the
 * date stays whole.
 */
export function continuationHeading(letter: Letter, fits: (text: string) => boolean = () => true): string {
  const caseWords = letter.caseName.split(' ');
  const officialWords = letter.recipientName.split(' ');
  const part = (words: string[], n: number) => (n < words.length ? `${words.slice(0, n).join(' ')}…` : words.join(' '));
  let [c, o] = [caseWords.length, officialWords.length];
  const heading = () => [part(caseWords, c), part(officialWords, o), letter.date].filter(Boolean).join(' · ');
  while (!fits(heading()) && (o > 1 || c > 1)) {
    if (o > 1) o--;
    else c--;
  }
  return heading();
}

/** A line (or an unbreakable unit) of the flowing text; `draw` places it with its baseline at y. */
interface FlowLine {
  height: number;
  gapBefore: number;
  keepWithNext?: boolean;
  draw: (page: PageItem[], y: number) => void;
}

/**
 * Places flow lines on pages. A chain of lines that must stay together moves to a new page
 * whole when it does not fit; a chain taller than a page breaks where it must.
 */
function paginate(flow: FlowLine[], pages: PageItem[][], firstTop: number, nextTop: number, bottom: number): void {
  let page = pages[0]!;
  let y = firstTop;
  let atTop = true;
  const newPage = () => {
    page = [];
    pages.push(page);
    y = nextTop;
    atTop = true;
  };
  for (let i = 0; i < flow.length; ) {
    let j = i;
    while (j < flow.length - 1 && flow[j]!.keepWithNext) j++;
    const chain = flow.slice(i, j + 1);
    // From the first baseline to the foot of the chain's last line (a line's height is its advance).
    const extent = chain.reduce((h, l, k) => h + l.height + (k === 0 ? 0 : l.gapBefore), 0) - BODY_LEADING;
    const gap = atTop ? 0 : chain[0]!.gapBefore;
    if (!atTop && y + gap + extent > bottom && extent <= bottom - nextTop) newPage();
    for (const line of chain) {
      if (!atTop) y += line.gapBefore;
      if (!atTop && y + line.height - BODY_LEADING > bottom) newPage();
      line.draw(page, y);
      y += line.height;
      atTop = false;
    }
    i = j + 1;
  }
}

/**
 * A line as lines that each fit the width at `size` (the smallest an address is set in), broken between words (a word too
 * long stays whole): as few lines as filling each in turn takes, with the breaks where the longest
 * of them is shortest ("Oberster Führer der / Islamischen Republik Iran", not "Iran" alone).
 */
export function breakLine(line: string, width: number, size: number, fonts: FontSet, maxLines = MAX_ADDRESS_LINES): string[] {
  const measure = (text: string) => fonts.width(text, 'regular', size);
  if (measure(line) <= width) return [line];
  const words = line.split(/[ \t]+/).filter(Boolean); // (not at a no-break space: "SW1A\u00a01AA" stays whole)
  // Words i to j set on one line: the words before the last with their space, and the last (the
  // width of a line is the sum of its space-ended pieces, as fonts.width measures it).
  const n = words.length;
  const before = [0];
  for (let k = 0; k < n; k++) before.push(before[k]! + measure(`${words[k]} `));
  const span = (i: number, j: number) => before[j - 1]! - before[i]! + measure(words[j - 1]!);
  // How many lines filling each in turn takes; more than an address may have, and it is that.
  let count = 1;
  for (let start = 0, j = 1; j < n; j++) {
    if (span(start, j + 1) > width) {
      count++;
      start = j;
    }
  }
  if (count > maxLines) return words;
  // In that many lines, the breaks whose longest line is shortest (a line of one word too long is
  // allowed, as it is above): best[k][j], the first j words in k lines.
  const best = Array.from({ length: count + 1 }, () => new Array<{ longest: number; from: number }>(n + 1).fill({ longest: Infinity, from: -1 }));
  best[0]![0] = { longest: 0, from: -1 };
  for (let k = 1; k <= count; k++) {
    for (let j = 1; j <= n; j++) {
      for (let i = k - 1; i < j; i++) {
        const w = span(i, j);
        if (w > width && j - i > 1) continue;
        const longest = Math.max(best[k - 1]![i]!.longest, w);
        if (longest < best[k]![j]!.longest) best[k]![j] = { longest, from: i };
      }
    }
  }
  const out: string[] = [];
  for (let k = count, j = n; k > 0; k--) {
    const i = best[k]![j]!.from;
    out.unshift(words.slice(i, j).join(' '));
    j = i;
  }
  return out;
}

/**
 * An address in its box at the largest size that fits: a line too long even at the smallest goes
 * on over the next line, broken between words, while the address keeps to `maxLines` ("Ministro
 * de Asuntos Exteriores, Unión Europea / y Cooperación"). Undefined when it cannot fit.
 */
export function placeAddressLines(page: PageItem[], lines: string[], box: Rect, sizes: { preferred: number; minimum: number }, fonts: FontSet, maxLines = MAX_ADDRESS_LINES): number | undefined {
  const size = placeLines(page, lines, box, sizes, fonts, 'regular');
  if (size !== undefined) return size;
  const broken = lines.flatMap((line) => breakLine(line, box.width, sizes.minimum, fonts));
  return broken.length > lines.length && broken.length <= maxLines ? placeLines(page, broken, box, sizes, fonts, 'regular') : undefined;
}

/** Whether a line fits the paper's address window as one line (at the smallest size): a line made of two saves one only so. */
export function fitsOneLine(paper: PaperGeometry, fonts: FontSet): (line: string) => boolean {
  return (line) => fonts.width(line, 'regular', paper.addressSize.minimum) <= paper.addressBox.width;
}

/** The address in its box, shrinking a long line down to the minimum size but never clipping it (else a LayoutError saying why). */
export function placeAddress(page: PageItem[], lines: string[], paper: PaperGeometry, fonts: FontSet): number {
  const box = paper.addressBox;
  if (lines.length === 0) {
    throw new LayoutError('the address is empty', 'give the official a name, address lines and a country', 'address');
  }
  if (lines.length > MAX_ADDRESS_LINES) {
    throw new LayoutError(
      `the address has ${lines.length} lines, but an envelope window takes at most ${MAX_ADDRESS_LINES}: ${lines.join(' / ')}`,
      'combine lines: write the position and the organisation together in the position column ("Minister of Justice, Ministry of Justice") and leave organisation empty, or put two address lines in one',
      'address',
      undefined,
      lines.length - MAX_ADDRESS_LINES,
    );
  }
  const size = placeAddressLines(page, lines, box, paper.addressSize, fonts);
  if (size === undefined) {
    // Why breaking did not do: a word wider than the window (in whichever line it is), or more lines than it holds.
    const min = paper.addressSize.minimum;
    const tooWide = (w: string) => fonts.width(w, 'regular', min) > box.width;
    const unbreakable = lines.find((l) => l.split(/\s+/).some(tooWide));
    if (unbreakable !== undefined) {
      const word = unbreakable.split(/\s+/).find(tooWide)!;
      throw new LayoutError(
        word === unbreakable
          ? `the address line "${word}" is wider than the envelope window even at ${min} pt, and has no space to break it at`
          : `the address line "${unbreakable}" is too long for the envelope window even at ${min} pt, and "${word}" is wider than the window: it cannot be broken there`,
        'shorten that word, or write it with spaces',
        'address',
        unbreakable,
      );
    }
    const widest = lines.reduce((a, b) => (fonts.width(a, 'regular', 8) >= fonts.width(b, 'regular', 8) ? a : b));
    const own = breakLine(widest, box.width, min, fonts, Infinity).length;
    const broken = lines.flatMap((l) => breakLine(l, box.width, min, fonts, Infinity)).length;
    throw new LayoutError(
      `the address line "${widest}" is too long for the envelope window even at ${min} pt: broken between words it takes ${own} lines, and the address would have ${broken} (the window holds ${MAX_ADDRESS_LINES})`,
      `shorten it, or leave out another line the post does not need (a "c/o" line, a department): at most ${MAX_ADDRESS_LINES} lines in all, long lines broken`,
      'address',
      widest,
    );
  }
  return size;
}

/** Places lines in a box at the largest size that fits; undefined when none does. */
export function placeLines(
  page: PageItem[],
  lines: string[],
  box: Rect,
  sizes: { preferred: number; minimum: number },
  fonts: FontSet,
  style: FontStyle = 'regular',
): number | undefined {
  const size = fitSize(lines, box.width, box.height, sizes, fonts);
  if (size === undefined) return undefined;
  // The first baseline one em below the top: even the tallest accents stay inside the box.
  lines.forEach((l, i) => page.push({ type: 'text', x: box.x, y: box.y + size + i * leading(size), text: l, style, size }));
  return size;
}

/** A return line ("name · street · city") in two lines of about the same width, split at a " · ". */
function inTwo(line: string, fonts: FontSet): string[] {
  const parts = line.split(' · ');
  let best = [line];
  let widest = Infinity;
  for (let k = 1; k < parts.length; k++) {
    const pair = [parts.slice(0, k).join(' · '), parts.slice(k).join(' · ')];
    const w = Math.max(...pair.map((p) => fonts.width(p, 'regular', 1)));
    if (w < widest) [best, widest] = [pair, w];
  }
  return best;
}

function fitSize(lines: string[], width: number, height: number, sizes: { preferred: number; minimum: number }, fonts: FontSet) {
  const widest = Math.max(...lines.map((l) => fonts.width(l, 'regular', 1))); // widths scale with the size
  for (let size = sizes.preferred; size >= sizes.minimum; size -= 0.25) {
    const tall = (lines.length - 1) * leading(size) + size * 1.25; // one em above the first baseline, the descent below the last
    if (tall <= height && widest * size <= width) return size;
  }
  return undefined;
}

interface Word {
  parts: Segment[];
  width: number;
  /** Style of the space after the word, if one follows. */
  spaceAfter?: FontStyle;
}

/** Paragraphs already broken into lines: most of a letter is the template's, the same in every letter. */
const wrapped = new WeakMap<FontSet, Map<string, Map<string, Line[]>>>();
const MAX_WRAPPED = 500;

/**
 * Greedy line breaking of styled runs at spaces; a word wider than the line is cut. The lines
 * returned may be shared with other letters: they are read, never changed.
 */
export function wrap(runs: Run[], width: number, size: number, fonts: FontSet): Line[] {
  let cache = wrapped.get(fonts);
  if (!cache) wrapped.set(fonts, (cache = new Map()));
  // By the width, size and first run's style, then by the text: most paragraphs are one run, whose
  // text is its key as it is (a key made of it would be copied and hashed again).
  const [first] = runs;
  let kind = `${width}|${size}|${first ? styleOf(first) : ''}`;
  for (let i = 1; i < runs.length; i++) kind += `|${styleOf(runs[i]!)}:${runs[i - 1]!.text.length}`;
  let byText = cache.get(kind);
  if (!byText) cache.set(kind, (byText = new Map()));
  const text = runs.length === 1 ? first!.text : runs.map((r) => r.text).join('');
  let lines = byText.get(text);
  if (!lines) {
    lines = breakLines(runs, width, size, fonts);
    if (wrappedKept++ >= MAX_WRAPPED) {
      cache.clear();
      wrappedKept = 0;
      cache.set(kind, byText);
      byText.clear();
    }
    byText.set(text, lines);
  }
  return lines;
}
let wrappedKept = 0;

function breakLines(runs: Run[], width: number, size: number, fonts: FontSet): Line[] {
  const words: Word[] = [];
  let current: Word = { parts: [], width: 0 };
  const push = () => {
    if (current.parts.length) words.push(current);
    current = { parts: [], width: 0 };
  };
  for (const run of runs) {
    const style = styleOf(run);
    const pieces = run.text.split(' ');
    pieces.forEach((piece, i) => {
      if (i > 0) {
        if (current.parts.length) current.spaceAfter = style;
        push();
      }
      if (piece) {
        current.parts.push({ text: piece, style });
        current.width += fonts.width(piece, style, size);
      }
    });
  }
  push();

  const lines: Line[] = [];
  let line: Segment[] = [];
  let lineWidth = 0;
  let pendingSpace: FontStyle | undefined;
  const append = (seg: Segment) => {
    const last = line[line.length - 1];
    if (last && last.style === seg.style) last.text += seg.text;
    else line.push({ ...seg });
  };
  const endLine = () => {
    if (line.length) lines.push(line);
    line = [];
    lineWidth = 0;
    pendingSpace = undefined;
  };
  for (const word of splitLongWords(words, width, size, fonts)) {
    const space = pendingSpace ? fonts.width(' ', pendingSpace, size) : 0;
    if (line.length && lineWidth + space + word.width > width) endLine();
    if (line.length && pendingSpace) {
      append({ text: ' ', style: pendingSpace });
      lineWidth += space;
    }
    word.parts.forEach(append);
    lineWidth += word.width;
    pendingSpace = word.spaceAfter;
  }
  endLine();
  return lines;
}

function* splitLongWords(words: Word[], width: number, size: number, fonts: FontSet): Generator<Word> {
  for (const word of words) {
    if (word.width <= width) {
      yield word;
      continue;
    }
    let piece: Word = { parts: [], width: 0 };
    for (const part of word.parts) {
      for (const ch of part.text) {
        const w = fonts.width(ch, part.style, size);
        if (piece.width + w > width && piece.parts.length) {
          yield piece;
          piece = { parts: [], width: 0 };
        }
        const last = piece.parts[piece.parts.length - 1];
        if (last && last.style === part.style) last.text += ch;
        else piece.parts.push({ text: ch, style: part.style });
        piece.width += w;
      }
    }
    piece.spaceAfter = word.spaceAfter;
    yield piece;
  }
}

/** Says that a printer offset would cut something off, for messages. */
export function offsetProblem(offsetMm: { x?: number; y?: number }, what: string): { message: string; hint: string } {
  return {
    message: `--offset-x ${offsetMm.x ?? 0}mm --offset-y ${offsetMm.y ?? 0}mm would push ${what}`,
    hint: 'use the offsets `letters calibrate` showed; a few millimetres is usual',
  };
}

/**
 * The first text that a printer offset would push past the edge of the page (where it would be
 * cut off), or undefined when everything stays on the page.
 */
export function offPage(items: PageItem[], page: { width: number; height: number }, offset: { x: number; y: number }, fonts: FontSet): TextItem | undefined {
  if (offset.x === 0 && offset.y === 0) return undefined; // the layouts keep everything on the page
  return items.find(
    (t): t is TextItem =>
      t.type === 'text' &&
      (t.x + offset.x < 0 ||
        t.x + offset.x + fonts.width(t.text, t.style, t.size) > page.width ||
        t.y + offset.y - t.size < 0 ||
        t.y + offset.y + 0.3 * t.size > page.height),
  );
}
