import path from 'node:path';
import type { PaperName } from './campaign/template.js';
import { DEFAULT_ENVELOPE, ENVELOPES, envelopePaperMismatch, type EnvelopeName } from './layout/envelopes.js';
import { loadFonts } from './layout/fonts.js';
import { formLabel, INCH, MM, paperGeometry, paperLabel, rightWindowProblem, type DinForm, type Rect } from './layout/geometry.js';
import { InputError } from './errors.js';
import { offPage, offsetProblem, type PageItem } from './layout/layout.js';
import { ensureDir, writeAtomically } from './output/files.js';
import { PdfStream } from './output/pdf.js';

export interface CalibrateOptions {
  envelope?: EnvelopeName;
  paper?: PaperName;
  dinForm?: DinForm;
  offsetX?: number;
  offsetY?: number;
  outDir?: string;
}

/**
 * One page to hold against an envelope: the window's outline and the address area as the letters
 * print them, the fold and hole marks, and rulers along the top and left edges (millimetres on A4,
 * inches on Letter, with the page's measures in the same unit), all shifted by the offset being tried. The rulers start at the page's edges, so any offset up or to
 * the left moves some of them off it; the rest (`marks`) must stay on the page.
 */
export function calibrationPage(paper: PaperName, envelope: EnvelopeName, form: DinForm, offset: { x: number; y: number }): { rulers: PageItem[]; marks: PageItem[] } {
  const g = paperGeometry(paper, form, envelope);
  const items: PageItem[] = [];
  const text = (x: number, y: number, t: string, size = 7) => items.push(label(x, y, t, size));
  const rect = (r: Rect) => {
    const [x1, y1, x2, y2] = [r.x, r.y, r.x + r.width, r.y + r.height];
    items.push({ type: 'rule', x1, y1, x2, y2: y1 }, { type: 'rule', x1: x2, y1, x2, y2 }, { type: 'rule', x1, y1: y2, x2, y2 }, { type: 'rule', x1, y1, x2: x1, y2 });
  };
  const inches = paper === 'letter';
  const mm = (v: number) => `${Math.round((v / MM) * 10) / 10} mm`;
  const length = (v: number) => (inches ? `${Math.round((v / INCH) * 100) / 100} in` : mm(v));

  rect(g.window);
  // (US Letter has the #10 window's place in any envelope: a DL window is larger and shows it too.)
  const windowName = paper === 'letter' && envelope !== 'us10' ? `#10 WINDOW (a ${envelope.toUpperCase()} window is larger: it shows the address area too)` : 'WINDOW';
  text(g.window.x + 2 * MM, g.window.y - 1.5 * MM, windowName, 7); // over the outline: the address area may start right under it
  rect(g.addressBox);
  text(g.addressBox.x + 1 * MM, g.addressBox.y + g.addressBox.height - 1.5 * MM, `address area (${length(g.addressBox.x)} from the left, ${length(g.addressBox.y)} from the top)`, 6);
  for (const y of g.foldMarks) {
    items.push({ type: 'rule', x1: 4 * MM, y1: y, x2: g.width - 4 * MM, y2: y });
    text(15 * MM, y - 1.5 * MM, `fold ${length(y)}`, 7);
  }
  if (g.holeMark) {
    items.push({ type: 'rule', x1: 4 * MM, y1: g.holeMark, x2: 11 * MM, y2: g.holeMark });
    // Beside the fold label when a fold is at the same height (C5 folds at the hole mark).
    text(g.foldMarks.some((f) => Math.abs(f - g.holeMark!) < 5 * MM) ? 60 * MM : 15 * MM, g.holeMark - 1.5 * MM, `punch ${length(g.holeMark)}`, 7);
  }
  const lines = [
    `letters calibrate: ${ENVELOPES[envelope].label} window envelope, ${paperLabel(paper)}${paper === 'a4' ? `, ${formLabel(form)}` : ''}`,
    inches ? `Offset tried: x ${length(offset.x)} (${mm(offset.x)}), y ${length(offset.y)} (${mm(offset.y)}).` : `Offset tried: x ${mm(offset.x)}, y ${mm(offset.y)}.`,
    `Print at 100 % ("actual size", not "fit to page"). Check the rulers: ${inches ? 'the 5 on the ruler should be 5 inches from the edge' : '100 on the ruler should be 100 mm'}.`,
    g.foldMarks.length
      ? 'Fold on the fold lines and slide the page into the envelope: the address area must sit in the window.'
      : 'Slide the page into the envelope unfolded: the address area must sit in the window.',
    `If it is off, measure by how much and print again with --offset-x / --offset-y (${inches ? 'inches, as 0.1in or 1/16in' : 'mm'}; + is right / down),`,
    'then give every print command the same offsets.',
  ];
  // The instructions go where no fold or hole line crosses them.
  const lineYs = [...g.foldMarks, ...(g.holeMark ? [g.holeMark] : [])];
  const height = lines.length * 12;
  let top = g.window.y + g.window.height + 15 * MM;
  while (top + height < g.height - 15 * MM && lineYs.some((y) => y > top - 4 * MM && y < top + height + 2 * MM)) top += 2 * MM;
  lines.forEach((l, i) => text(g.margin.left, top + 8 + i * 12, l, 8.5));
  return { rulers: rulers(g, inches), marks: items };
}

const label = (x: number, y: number, text: string, size: number): PageItem => ({ type: 'text', x, y, text, style: 'regular', size });

/**
 * Rulers along the top and left edges: millimetres (a tick every one, longer every 5, numbered
 * every 10) or inches (a tick every 1/16, longer every 1/8, 1/4 and 1/2, numbered every inch).
 */
function rulers(page: { width: number; height: number }, inches: boolean): PageItem[] {
  const step = inches ? INCH / 16 : MM;
  const tick = inches
    ? (n: number) => (n % 16 === 0 ? 5 : n % 8 === 0 ? 3.5 : n % 4 === 0 ? 2.5 : n % 2 === 0 ? 1.8 : 1.2)
    : (n: number) => (n % 10 === 0 ? 5 : n % 5 === 0 ? 3 : 1.5);
  const number = (n: number) => (n > 0 && n % (inches ? 16 : 10) === 0 ? String(inches ? n / 16 : n) : undefined);
  const items: PageItem[] = [];
  for (let n = 0; n * step <= page.width; n++) {
    items.push({ type: 'rule', x1: n * step, y1: 0, x2: n * step, y2: tick(n) * MM });
    const t = number(n);
    if (t) items.push(label(n * step - t.length * 1.5, 8 * MM, t, 6)); // centred on its tick (a digit is 3 pt wide at 6 pt)
  }
  for (let n = 0; n * step <= page.height; n++) {
    items.push({ type: 'rule', x1: 0, y1: n * step, x2: tick(n) * MM, y2: n * step });
    const t = number(n);
    if (t) items.push(label(6 * MM, n * step + 2, t, 6));
  }
  return items;
}

/** `letters calibrate`: writes the calibration page and returns its path. */
export async function writeCalibrationPage(o: CalibrateOptions): Promise<string> {
  const paper = o.paper ?? (o.envelope === 'us10' ? 'letter' : 'a4');
  const envelope = o.envelope ?? DEFAULT_ENVELOPE[paper];
  const mismatch = envelopePaperMismatch(envelope, paper);
  if (mismatch) throw new InputError(mismatch);
  const form = o.dinForm ?? 'b';
  const rightOnLetter = rightWindowProblem(form, paper);
  if (rightOnLetter) throw new InputError(rightOnLetter);
  const offset = { x: (o.offsetX ?? 0) * MM, y: (o.offsetY ?? 0) * MM };
  const g = paperGeometry(paper, form, envelope);
  const fonts = loadFonts();
  const { rulers, marks } = calibrationPage(paper, envelope, form, offset);
  // An offset that would push the window or the instructions off the page is one no letter can
  // be printed with either (render and print refuse it).
  const w = g.window;
  const off = offPage(marks, g, offset, fonts);
  if (off || w.x + offset.x < 0 || w.y + offset.y < 0 || w.x + w.width + offset.x > g.width || w.y + w.height + offset.y > g.height) {
    const { message } = offsetProblem({ x: o.offsetX, y: o.offsetY }, off ? `"${off.text}" off the edge of the page` : 'the window off the page');
    throw new InputError({ message, hint: 'printers are off by a few millimetres: print with no offset, measure how far the address area is from the window, and try that' });
  }
  const folder = path.join(o.outDir ?? 'out', 'calibrate');
  await ensureDir(folder);
  const file = path.join(folder, `${envelope}-${paper}${paper === 'a4' ? (form === 'right' ? '-right' : `-form-${form}`) : ''}.pdf`);
  await writeAtomically(file, async (tmp) => {
    const pdf = new PdfStream(tmp, fonts, { title: `Calibration page: ${envelope}, ${paper}` }, offset);
    await pdf.page(g, [...rulers, ...marks]);
    await pdf.end();
  });
  return file;
}
