import type { PaperName, WindowSide } from '../campaign/template.js';
import type { EnvelopeName } from './envelopes.js';
import type { Problem } from '../errors.js';

export const MM = 72 / 25.4;
export const INCH = 72;

/**
 * A length as a user writes it, in millimetres: millimetres ("2", "-1.5", "1,5", "2mm") or inches
 * ("0.1in", "1/16in", "-1/8\"", "0.1 inch"). Undefined when it is neither.
 */
export function parseLength(text: string): number | undefined {
  const m = /^\s*([+-]?)\s*(\d+(?:[.,]\d+)?|[.,]\d+|\d+\s*\/\s*\d+)\s*(mm|in|inch|inches|")?\s*$/i.exec(text);
  if (!m) return undefined;
  const [, sign, amount, unit] = m as unknown as [string, string, string, string | undefined];
  const [top, bottom] = amount.split('/').map((n) => Number(n.trim().replace(',', '.')));
  // A fraction is an inch's ("1/16"): without its unit it is not taken for millimetres.
  if (bottom !== undefined && !unit) return undefined;
  const value = bottom === undefined ? top! : top! / bottom;
  if (!Number.isFinite(value)) return undefined;
  const mm = unit && unit.toLowerCase() !== 'mm' ? value * 25.4 : value;
  return sign === '-' ? -mm : mm;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Page geometry in points, origin top left. */
export interface PaperGeometry {
  name: PaperName;
  width: number;
  height: number;
  /** The envelope window on the sheet: the return line and the address must lie inside it. */
  window: Rect;
  /** The part of the window that holds the recipient's address. */
  addressBox: Rect;
  /** Where the return address goes (one line, or two when long; above the address, inside the window), if the layout has one. */
  returnBox?: Rect;
  /** Letterhead block for the sender (outside the window). */
  letterheadBox?: Rect;
  addressSize: { preferred: number; minimum: number };
  /** Fold and hole marks at the left edge, as distances from the top. */
  foldMarks: number[];
  holeMark?: number;
  margin: { left: number; right: number; top: number; bottom: number };
  /** Where the date line sits and where the text of page one starts. */
  dateY: number;
  /** The date at the left margin, not the right: under a window on the right it could show in the window, below the address. */
  dateLeft?: boolean;
  firstPageTextTop: number;
}

export const PAPERS: Record<PaperName, PaperGeometry> = {
  // DIN 5008 form B: window field 85 x 45 mm at 20 mm from the left, 45 mm from the top; the top
  // 17.7 mm hold the return line, the address the lower 27.3 mm. Folds at 105/210 mm for DL.
  a4: {
    name: 'a4',
    width: 210 * MM,
    height: 297 * MM,
    window: { x: 20 * MM, y: 45 * MM, width: 85 * MM, height: 45 * MM },
    returnBox: { x: 25 * MM, y: 55 * MM, width: 75 * MM, height: 7.7 * MM },
    addressBox: { x: 25 * MM, y: 62.7 * MM, width: 75 * MM, height: 27.3 * MM },
    letterheadBox: { x: 125 * MM, y: 15 * MM, width: 65 * MM, height: 28 * MM },
    addressSize: { preferred: 10, minimum: 8 },
    foldMarks: [105 * MM, 210 * MM],
    holeMark: 148.5 * MM,
    margin: { left: 25 * MM, right: 20 * MM, top: 20 * MM, bottom: 22 * MM },
    dateY: 97 * MM,
    firstPageTextTop: 105 * MM,
  },
  // US #10 window envelope (4.5 x 1.125 in window, 7/8 in from the left, 1/2 in from the bottom),
  // Letter folded in three: the recipient block (at most 3.5 x 0.875 in) 1 in from the left, in
  // line with the text, and 2 1/8 in from the top stays in the window wherever the sheet slides. Return address top left, for
  // double-window envelopes.
  letter: {
    name: 'letter',
    width: 8.5 * INCH,
    height: 11 * INCH,
    window: { x: 0.875 * INCH, y: 2.04 * INCH, width: 4 * INCH, height: 1.125 * INCH },
    addressBox: { x: 1 * INCH, y: 2.125 * INCH, width: 3.375 * INCH, height: 0.875 * INCH },
    letterheadBox: { x: 1 * INCH, y: 0.5 * INCH, width: 3.375 * INCH, height: 1.1 * INCH },
    addressSize: { preferred: 9.5, minimum: 8 },
    foldMarks: [(11 / 3) * INCH, (22 / 3) * INCH],
    margin: { left: 1 * INCH, right: 1 * INCH, top: 0.75 * INCH, bottom: 0.9 * INCH },
    dateY: 3.35 * INCH,
    firstPageTextTop: 3.7 * INCH,
  },
};

/**
 * Where the window is on A4: DIN 5008 form A or B (on the left), or `right`, as French, Swiss and
 * Belgian window envelopes have it (`--window right`, `window: right` in a template).
 */
export type DinForm = 'a' | 'b' | 'right';

/**
 * The page geometry for a paper and, on A4, a DIN 5008 form: B (the default) has the address
 * field 45 mm from the top and folds at 105/210 mm; A has it 27 mm from the top and folds at
 * 87/192 mm, with less room for the letterhead. `right` is form B's window on the other side, for
 * a DL window envelope with its 100 x 45 mm window 20 mm from the right edge and 15 mm from the
 * bottom (France; SN 010130's old Swiss position is close): the window falls 95-195 mm from the
 * sheet's left edge (the sheet centred in the envelope), 45-90 mm from its top (folded at 105/210
 * mm, resting on the envelope's bottom; 50-95 pushed up). The address goes about where French
 * guidance puts it (110 mm from the left, 55 mm from the top, 85 x 33 mm): 110 mm from the left,
 * 57-88 mm from the top under a return line at 51-57 mm, 80 mm wide, so that it ends with the
 * text and stays in the window when the sheet slides in a DL, or sits up to 13.5 mm higher in a C5
 * (folded in half; a window 60 mm from the bottom, as DIN's C5 window, assumed). The letterhead
 * moves to the top left, and the date to the left margin: on the right, a sheet pushed up in its
 * envelope would show it in the window under the address, where the post reads the last line as
 * the destination. See docs/decisions.md.
 */
export function paperGeometry(paper: PaperName, form: DinForm = 'b', envelope?: EnvelopeName): PaperGeometry {
  let g = PAPERS[paper];
  if (paper === 'a4' && form === 'right') {
    g = {
      ...g,
      window: { x: 95 * MM, y: 45 * MM, width: 100 * MM, height: 45 * MM },
      returnBox: { x: 110 * MM, y: 51 * MM, width: 80 * MM, height: 6 * MM },
      addressBox: { x: 110 * MM, y: 57 * MM, width: 80 * MM, height: 31 * MM },
      letterheadBox: { x: 25 * MM, y: 15 * MM, width: 70 * MM, height: 28 * MM },
      dateLeft: true,
    };
  }
  if (paper === 'a4' && form === 'a') {
    const up = 18 * MM;
    const shift = (r: Rect): Rect => ({ ...r, y: r.y - up });
    g = {
      ...g,
      window: shift(g.window),
      returnBox: shift(g.returnBox!),
      addressBox: shift(g.addressBox),
      letterheadBox: { x: 125 * MM, y: 6 * MM, width: 65 * MM, height: 19 * MM },
      foldMarks: [87 * MM, 192 * MM],
      dateY: g.dateY - up,
      firstPageTextTop: g.firstPageTextTop - up,
    };
  }
  // The folds depend on the envelope: in three for DL and #10, in half for C5, none for C4.
  if (envelope === 'c5') return { ...g, foldMarks: [g.height / 2] };
  if (envelope === 'c4') return { ...g, foldMarks: [] };
  if ((envelope === 'us10' && paper === 'a4') || (envelope === 'dl' && paper === 'letter')) return { ...g, foldMarks: [g.height / 3, (2 * g.height) / 3] };
  return g;
}

/** Line spacing for a font size. */
export const leading = (size: number) => size * 1.2;

/** The A4 form a side of the window gives: the right window's own, or DIN 5008 form `form` (B by default) for the left. */
export const formForWindow = (side: WindowSide | undefined, form?: DinForm): DinForm | undefined => (side === 'right' ? 'right' : side === 'left' ? (form ?? 'b') : form);

/** The window on the right on US Letter, which has one window position: refused by every run, by check and by calibrate. */
export function rightWindowProblem(form: DinForm | undefined, paper: PaperName | undefined): Problem | undefined {
  if (form !== 'right' || paper !== 'letter') return undefined;
  return { message: '--window right is for A4 paper; US Letter has one window position (a #10 envelope\'s, on the left)', hint: 'leave out --window, or use --paper a4' };
}

/** How a form's window is named for people: "DIN 5008 form B", "window on the right". */
export const formLabel = (form: DinForm): string => (form === 'right' ? 'window on the right' : `DIN 5008 form ${form.toUpperCase()}`);

/** A paper's name for people: "A4", "US Letter". */
export const paperLabel = (paper: PaperName): string => (paper === 'letter' ? 'US Letter' : 'A4');
