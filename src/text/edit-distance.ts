/** Levenshtein distance for "did you mean" hints in build-time messages (content keys, kecamatan names). */

/** Insertions, deletions and substitutions that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** The candidate closest to `input` (first of equals), when within `maxDistance` edits; `key` compares them. */
export function closest(input: string, candidates: readonly string[], maxDistance: number, key: (s: string) => string = (s) => s): string | undefined {
  const target = key(input);
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const d = editDistance(target, key(name));
    if (!best || d < best.distance) best = { name, distance: d };
  }
  return best && best.distance <= maxDistance ? best.name : undefined;
}
