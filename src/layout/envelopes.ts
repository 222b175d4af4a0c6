import type { Letter } from '../letter.js';
import type { FontSet } from './fonts.js';
import { INCH, MM, type Rect } from './geometry.js';
import { LayoutError, placeAddressLines, placeLines, type PageItem } from './layout.js';

export const ENVELOPE_NAMES = ['dl', 'c5', 'c4', 'us10'] as const;
export type EnvelopeName = (typeof ENVELOPE_NAMES)[number];

/** An envelope, printed on a printer's envelope feed: the page is the envelope, long side across. */
export interface EnvelopePreset {
  name: EnvelopeName;
  label: string;
  width: number;
  height: number;
  /** Where the recipient's address goes: the standard address zone, clear of stamp and barcode. */
  addressZone: Rect;
  returnBox: Rect;
  /** Top of the "PAR AVION / BY AIR MAIL" mark, under the return address. */
  airmailY: number;
}

// DL, C5 and C4: the address zone in the lower right half, from the middle of the envelope,
// at least 15 mm clear of the bottom edge (machine coding) and below the stamp.
// US #10: the recipient block in the USPS optical character reader area, 5/8 in clear of the
// bottom for the barcode.
export const ENVELOPES: Record<EnvelopeName, EnvelopePreset> = {
  dl: {
    name: 'dl', label: 'DL (220 × 110 mm)', width: 220 * MM, height: 110 * MM,
    addressZone: { x: 110 * MM, y: 50 * MM, width: 100 * MM, height: 45 * MM },
    returnBox: { x: 10 * MM, y: 10 * MM, width: 80 * MM, height: 25 * MM }, airmailY: 37 * MM,
  },
  c5: {
    name: 'c5', label: 'C5 (229 × 162 mm)', width: 229 * MM, height: 162 * MM,
    addressZone: { x: 115 * MM, y: 81 * MM, width: 104 * MM, height: 55 * MM },
    returnBox: { x: 10 * MM, y: 10 * MM, width: 85 * MM, height: 28 * MM }, airmailY: 40 * MM,
  },
  c4: {
    name: 'c4', label: 'C4 (324 × 229 mm)', width: 324 * MM, height: 229 * MM,
    addressZone: { x: 162 * MM, y: 115 * MM, width: 150 * MM, height: 75 * MM },
    returnBox: { x: 12 * MM, y: 12 * MM, width: 100 * MM, height: 30 * MM }, airmailY: 45 * MM,
  },
  us10: {
    name: 'us10', label: '#10 (9.5 × 4.125 in)', width: 9.5 * INCH, height: 4.125 * INCH,
    addressZone: { x: 3.75 * INCH, y: 1.9 * INCH, width: 4.75 * INCH, height: 1.55 * INCH },
    returnBox: { x: 0.375 * INCH, y: 0.375 * INCH, width: 3.25 * INCH, height: 1.0 * INCH }, airmailY: 1.45 * INCH,
  },
};

/** The envelope a paper size usually goes in. */
export const DEFAULT_ENVELOPE = { a4: 'dl', letter: 'us10' } as const;

/**
 * A #10 window envelope with A4 paper: the address sits in the DIN 5008 field, which a #10 window
 * (lower on the sheet, and 29 mm tall) does not show whole; a user trial found the country line
 * half hidden. (US Letter in a DL envelope is fine: its address block sits inside a DL window.)
 */
export function envelopePaperMismatch(envelope: string | undefined, paper: string): { message: string; hint: string } | undefined {
  if (envelope !== 'us10' || paper !== 'a4') return undefined;
  return {
    message: 'a #10 window envelope is for US Letter: an A4 letter\'s address (DIN 5008) is not where a #10 window shows it',
    hint: 'for A4, use --envelope dl (or c5, c4); for #10 envelopes, --paper letter',
  };
}

/**
 * One envelope: the return address top left, the recipient's address (the same lines as in the
 * letter's window, country last in capitals) in the address zone, optionally the air mail mark.
 */
export function layoutEnvelope(letter: Letter, preset: EnvelopePreset, fonts: FontSet, airmail: boolean): PageItem[] {
  const items: PageItem[] = [];
  // The return line's parts, one per line (it has no e-mail address: an envelope is postal).
  const sender = letter.returnAddress ? letter.returnAddress.split(' · ') : [];
  if (sender.length && placeLines(items, sender, preset.returnBox, { preferred: 9, minimum: 7 }, fonts) === undefined) {
    throw new LayoutError(`the return address does not fit the envelope (${preset.label})`, 'shorten the sender (or signer) lines', 'return');
  }
  if (airmail && letter.international) {
    items.push({ type: 'text', x: preset.returnBox.x, y: preset.airmailY + 10, text: 'PAR AVION', style: 'bold', size: 10 });
    items.push({ type: 'text', x: preset.returnBox.x, y: preset.airmailY + 22, text: 'BY AIR MAIL', style: 'bold', size: 10 });
  }
  if (placeAddressLines(items, letter.address, preset.addressZone, { preferred: 12, minimum: 8 }, fonts) === undefined) {
    throw new LayoutError(`the address does not fit the ${preset.label} envelope even at 8 pt`, 'shorten the longest address line', 'address');
  }
  return items;
}
