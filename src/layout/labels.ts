import type { PaperName } from '../campaign/template.js';
import type { FontSet } from './fonts.js';
import { INCH, MM, PAPERS, type Rect } from './geometry.js';
import { LayoutError, placeLines, type PageItem } from './layout.js';

export const LABEL_NAMES = ['l7160', '5160', 'l7163'] as const;
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
};

/** Space kept free inside each label: printers and cutting are not exact. */
const PADDING = 3 * MM;

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

/** The address on one label, inside the label with padding; an address that cannot fit is an error. */
export function layoutLabel(lines: string[], cell: Rect, fonts: FontSet): PageItem[] {
  const items: PageItem[] = [];
  const box = { x: cell.x + PADDING, y: cell.y + PADDING, width: cell.width - 2 * PADDING, height: cell.height - 2 * PADDING };
  if (placeLines(items, lines, box, { preferred: 10, minimum: 6.5 }, fonts) === undefined) {
    throw new LayoutError('the address does not fit on the label even at 6.5 pt', 'shorten the longest address line, or use larger labels (l7163)', 'address');
  }
  return items;
}

export function sheetSize(sheet: LabelSheet): { width: number; height: number } {
  const paper = PAPERS[sheet.paper];
  return { width: paper.width, height: paper.height };
}
