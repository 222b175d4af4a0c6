/**
 * Which wording a letter takes from each `{{#vary}}...{{or}}...{{/vary}}` block of its template.
 *
 * A letter has a non-negative integer `variant`; the template's blocks (in the order they appear,
 * an outer block before the blocks nested in it) have n_0, n_1, ... n_(B-1) wordings, and
 * V = n_0 * n_1 * ... * n_(B-1) is the number of variations (1 without blocks). The variant is
 * turned into one wording per block like this:
 *
 *   v  = variant mod V
 *   v' = (v * S) mod V           S: the integer nearest to V / 1.618... (the golden ratio)
 *                                that has no common factor with V
 *   choice_0 = v' mod n_0,  choice_1 = floor(v' / n_0) mod n_1,  ...   (mixed-radix digits)
 *
 * Because S and V have no common factor, v -> v' is a bijection on 0..V-1, and the mixed-radix
 * digits are one too: any V consecutive variants, from any start, give V different tuples of
 * choices. Multiplying by S (about 0.618 V) makes neighbouring variants differ in the later
 * blocks as well, not only in the first one as a plain counter would. Nested blocks count as
 * dimensions of their own, so two variants that differ only in a block inside a wording neither
 * takes print the same text.
 */

const GOLDEN_NUM = 618_034n;
const GOLDEN_DEN = 1_000_000n;

export interface VariantDecoder {
  /** V, the product of the blocks' wording counts (above 2^53 only approximately). */
  readonly variations: number;
  /** The wording (0-based) each block takes in `variant`. */
  choices(variant: number): number[];
}

/** The decoder for blocks with `counts[i]` wordings each (every count at least 1). */
export function variantDecoder(counts: readonly number[]): VariantDecoder {
  for (const n of counts) {
    if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`a {{#vary}} block needs a whole number of wordings, got ${n}`);
  }
  const radices = counts.map(BigInt);
  const total = radices.reduce((a, b) => a * b, 1n);
  const step = coprimeNear(total, total * GOLDEN_NUM);
  return {
    variations: Number(total),
    choices(variant) {
      if (!Number.isSafeInteger(variant) || variant < 0) {
        throw new RangeError(`a letter's variant must be a non-negative whole number, got ${variant}`);
      }
      if (radices.length === 0) return [];
      let v = ((BigInt(variant) % total) * step) % total;
      return radices.map((n) => {
        const digit = v % n;
        v /= n;
        return Number(digit);
      });
    },
  };
}

/** The integer nearest to target / GOLDEN_DEN that is at least 1 and has no common factor with n. */
function coprimeNear(n: bigint, target: bigint): bigint {
  const floor = target / GOLDEN_DEN;
  for (let d = 0n; ; d++) {
    const below = floor - d;
    const above = floor + 1n + d;
    const nearer = target - below * GOLDEN_DEN <= above * GOLDEN_DEN - target ? [below, above] : [above, below];
    for (const c of nearer) if (c >= 1n && gcd(c, n) === 1n) return c;
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

const encoder = new TextEncoder();

/**
 * A 32-bit unsigned hash of the parts that is the same on every machine and run: FNV-1a over the
 * UTF-8 bytes of the parts (each followed by a 0 byte, so ("ab", "c") and ("a", "bc") differ),
 * then MurmurHash3's finaliser, so that inputs differing in their last character (row 1, row 2)
 * differ in every bit. Used to pick a letter's variant from its case and row.
 */
export function stableHash(...parts: string[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    for (const byte of encoder.encode(part)) {
      h ^= byte;
      h = Math.imul(h, 0x01000193);
    }
    h = Math.imul(h, 0x01000193); // the 0 separator: h ^= 0 changes nothing, the multiply does
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
