// "Did you mean": the nearest of some known words to a misspelt one.

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
