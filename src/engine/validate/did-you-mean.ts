// "Did you mean" suggestions for misspelled keys, modules, roles and handler names. Levenshtein distance
// with a threshold that grows with the word, so `hsots` finds `hosts` but `x` does not find `become`.

/** Edit distance (insert, delete, substitute; an adjacent swap counts as one edit). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The closest candidates to `word` (best first, at most `max`), or none when nothing is close enough. */
export function closest(word: string, candidates: Iterable<string>, max = 1): string[] {
  const lower = word.toLowerCase();
  const limit = Math.max(1, Math.floor(word.length / 3));
  const scored: { c: string; d: number }[] = [];
  for (const c of new Set(candidates)) {
    const cl = c.toLowerCase();
    // A candidate that merely changes case, or that the word contains (e.g. `debug_msg` for `debug`), is
    // a strong hint even when the edit distance is large.
    const d = cl === lower ? 0 : editDistance(lower, cl);
    if (d <= limit || (cl.length >= 4 && (lower.startsWith(cl) || cl.startsWith(lower)))) scored.push({ c, d });
  }
  scored.sort((x, y) => x.d - y.d || x.c.localeCompare(y.c));
  return scored.slice(0, max).map((s) => s.c);
}

/** `did you mean "x"?` or undefined. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const [best] = closest(word, candidates);
  return best === undefined ? undefined : `did you mean "${best}"?`;
}
