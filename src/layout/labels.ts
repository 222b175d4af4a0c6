import type { PaperName } from '../campaign/template.js';
import type { FontSet } from './fonts.js';
import { INCH, MM, PAPERS, type Rect } from './geometry.js';
import { breakLine, LayoutError, placeAddressLines, type PageItem } from './layout.js';

export const LABEL_NAMES = ['l7160', '5160', 'l7163', '5163'] as const;
export type LabelName = (typeof LABEL_NAMES)[number];

/** A sheet of address labels: its paper, the grid, and each label's size. */
export interface LabelSheet {
  name: LabelName;
  label: string;
  paper: PaperName;
  columns: number;
  rows: number;
  /** The top-left label's corner, the label size, and the distance from one label to the next. */
  left: number;
  top: number;
  width: number;
  height: number;
  pitchX: number;
  pitchY: number;
}

export const LABEL_SHEETS: Record<LabelName, LabelSheet> = {
  // Avery L7160: A4, 3 x 7, 63.5 x 38.1 mm.
  l7160: { name: 'l7160', label: 'Avery L7160 (A4, 21 labels)', paper: 'a4', columns: 3, rows: 7, left: 7.25 * MM, top: 15.15 * MM, width: 63.5 * MM, height: 38.1 * MM, pitchX: 66.04 * MM, pitchY: 38.1 * MM },
  // Avery 5160: US Letter, 3 x 10, 2 5/8 x 1 in.
  '5160': { name: '5160', label: 'Avery 5160 (Letter, 30 labels)', paper: 'letter', columns: 3, rows: 10, left: 0.1875 * INCH, top: 0.5 * INCH, width: 2.625 * INCH, height: 1 * INCH, pitchX: 2.75 * INCH, pitchY: 1 * INCH },
  // Avery L7163: A4, 2 x 7, 99.1 x 38.1 mm.
  l7163: { name: 'l7163', label: 'Avery L7163 (A4, 14 labels)', paper: 'a4', columns: 2, rows: 7, left: 4.65 * MM, top: 15.15 * MM, width: 99.1 * MM, height: 38.1 * MM, pitchX: 101.6 * MM, pitchY: 38.1 * MM },
  // Avery 5163: US Letter, 2 x 5, 4 x 2 in.
  '5163': { name: '5163', label: 'Avery 5163 (Letter, 10 labels)', paper: 'letter', columns: 2, rows: 5, left: 0.15625 * INCH, top: 0.5 * INCH, width: 4 * INCH, height: 2 * INCH, pitchX: 4.1875 * INCH, pitchY: 2 * INCH },
};

/** The larger labels on the same paper, for an address too long for these. */
const LARGER: Record<LabelName, LabelName | undefined> = { l7160: 'l7163', '5160': '5163', l7163: undefined, '5163': undefined };

/**
 * Space kept free inside each label: printers and cutting are not exact. Less above and below, so
 * that six lines at 8 pt fit a one-inch label (Avery 5160).
 */
const PADDING_X = 3 * MM;
const PADDING_Y = 2 * MM;
/** The sizes of a label's text: never under 8 pt, the smallest the envelope windows take, and what posts' machines read. */
const LABEL_SIZES = { preferred: 10, minimum: 8 };

export function labelsPerSheet(sheet: LabelSheet): number {
  return sheet.columns * sheet.rows;
}

/** The rectangle of label `n` (0-based) on its sheet, filled row by row. */
export function labelCell(sheet: LabelSheet, n: number): Rect {
  const i = n % labelsPerSheet(sheet);
  const col = i % sheet.columns;
  const row = Math.floor(i / sheet.columns);
  return { x: sheet.left + col * sheet.pitchX, y: sheet.top + row * sheet.pitchY, width: sheet.width, height: sheet.height };
}

/**
 * The address on one label, inside the label with padding, at 10 pt down to 8. A line too long
 * even at 8 pt goes on over the next line, broken between words, when the label has room for
 * it; an address that still cannot fit is an error.
 */
export function layoutLabel(lines: string[], sheet: LabelSheet, n: number, fonts: FontSet): PageItem[] {
  return placeLabel(lines, sheet, n, fonts, LABEL_SIZES.preferred).items;
}

/**
 * A sheet's labels, from label `first` on, all at one size: the largest every one of them fits
 * at. A sheet of addresses in three sizes looked careless (a user trial); one long address makes
 * the others on its sheet smaller, never below 8 pt.
 */
export function layoutLabels(addresses: string[][], sheet: LabelSheet, first: number, fonts: FontSet): PageItem[] {
  const size = Math.min(...addresses.map((lines, i) => placeLabel(lines, sheet, first + i, fonts, LABEL_SIZES.preferred).size));
  return addresses.flatMap((lines, i) => placeLabel(lines, sheet, first + i, fonts, size).items);
}

/** A label's address at `largest` points or less, as large as it fits, and the size it is at. */
function placeLabel(lines: string[], sheet: LabelSheet, n: number, fonts: FontSet, largest: number): { items: PageItem[]; size: number } {
  const items: PageItem[] = [];
  const cell = labelCell(sheet, n);
  const box = { x: cell.x + PADDING_X, y: cell.y + PADDING_Y, width: cell.width - 2 * PADDING_X, height: cell.height - 2 * PADDING_Y };
  // (As many lines as the label holds: its height bounds them, not the window's six.)
  const size = placeAddressLines(items, lines, box, { preferred: largest, minimum: LABEL_SIZES.minimum }, fonts, Infinity);
  if (size !== undefined) return { items, size };
  const parts = lines.map((line) => breakLine(line, box.width, LABEL_SIZES.minimum, fonts));
  const broken = parts.flat();
  const tooWide = broken.find((line) => fonts.width(line, 'regular', LABEL_SIZES.minimum) > box.width);
  // The lines the label's width breaks in two: what to shorten.
  const long = lines.filter((_, i) => parts[i]!.length > 1).map((line) => `"${line}"`);
  throw new LayoutError(
    tooWide
      ? `the address does not fit on the label even at ${LABEL_SIZES.minimum} pt: "${tooWide}" is too long`
      : `the address does not fit on the label even at ${LABEL_SIZES.minimum} pt: it takes ${broken.length} lines${long.length ? ` (${long.join(' and ')} ${long.length > 1 ? 'take two each' : 'takes two'})` : ''}`,
    `shorten ${long.length ? (long.length > 1 ? 'those lines' : 'that line') : 'the address'}${LARGER[sheet.name] ? `, or use larger labels (--labels ${LARGER[sheet.name]})` : ''}; print without labels: --labels none`,
    'address',
  );
}

export function sheetSize(sheet: LabelSheet): { width: number; height: number } {
  const paper = PAPERS[sheet.paper];
  return { width: paper.width, height: paper.height };
}

/** The label sheet of the same layout (three columns, or two) on a paper: L7160 on US Letter is 5160. */
export function labelsOn(paper: PaperName, labels: LabelName): LabelSheet {
  return LABEL_SHEETS[LABELS_ON[paper][labels]];
}
const LABELS_ON: Record<PaperName, Record<LabelName, LabelName>> = {
  a4: { l7160: 'l7160', l7163: 'l7163', '5160': 'l7160', '5163': 'l7163' },
  letter: { l7160: '5160', l7163: '5163', '5160': '5160', '5163': '5163' },
};
