// "Did you mean": the nearest of some known words to a misspelt one.
import { readdirSync } from 'node:fs';
import path from 'node:path';

/** " (did you mean x?)" when one candidate is close to `word`. */
export function suggest(word: string, candidates: string[]): string {
  const best = nearest(word, candidates);
  return best ? ` (did you mean "${best}"?)` : '';
}

/**
 * The candidate close to `word` (a misspelling of it, not the word itself), if one is: at most a
 * third of its letters off, or `maxDistance`.
 */
export function nearest(word: string, candidates: string[], maxDistance = Math.max(1, Math.floor(word.length / 3))): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    // The word in other capitals ("ask_NL" for ask_nl) is the nearest of all, short of itself.
    const d = c === word ? 0 : editDistance(word.toLowerCase(), c.toLowerCase()) || 0.5;
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best && bestDistance > 0 && bestDistance <= maxDistance ? best : undefined;
}

/** Edits (insert, delete, change, swap two neighbours) from a to b: "lnog" is one from "long". */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * A file that is not there, as the files beside it are named: "beamte.csv" for "Beamte.csv" (a
 * case file written on a computer whose names ignore capitals), or one a letter or two off.
 */
function fileMeant(file: string): string | undefined {
  let names: string[];
  try {
    names = readdirSync(path.dirname(file));
  } catch {
    return undefined;
  }
  const base = path.basename(file);
  const found = names.find((n) => n.toLowerCase() === base.toLowerCase()) ?? nearest(base, names, 2);
  if (!found) return undefined;
  // (As the file was named: relative to the folder letters runs in, when it is in it.)
  const meant = path.join(path.dirname(file), found);
  const relative = path.relative(process.cwd(), meant);
  return path.isAbsolute(file) && relative && !relative.startsWith('..') ? relative : meant;
}

/** Why a file could not be read, in words: "no such file (did you mean cases/beamte.csv?)". */
export function unreadable(err: unknown, file: string): string {
  if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return (err as Error).message;
  const meant = fileMeant(file);
  return `no such file${meant ? ` (did you mean ${meant}?)` : ''}`;
}
