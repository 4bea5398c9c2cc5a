/** Typo tolerance: a keyboard- and vowel-aware edit distance and a cheap letter-set bound for it. */

/** The set of letters a-z in a word, as bits: a cheap bound for edit distance (shared with listing search). */
export function letterMask(word: string): number {
  let mask = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i) - 97;
    if (c >= 0 && c < 26) mask |= 1 << c;
  }
  return mask;
}

/** How many bits are set. */
export function popcount(x: number): number {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
}

const KEYBOARD_ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];
const VOWELS = "aiueo";

/** SLIP[a * 26 + b] is 1 when typing `a` for `b` is a likely slip: neighbouring keys or one vowel for another. */
const SLIP = (() => {
  const table = new Uint8Array(26 * 26);
  const code = (c: string) => c.charCodeAt(0) - 97;
  for (const a of VOWELS) for (const b of VOWELS) table[code(a) * 26 + code(b)] = 1;
  KEYBOARD_ROWS.forEach((row, r) => {
    [...row].forEach((a, i) => {
      for (const [dr, di] of [[0, -1], [0, 1], [-1, 0], [-1, 1], [1, 0], [1, -1]] as const) {
        const b = KEYBOARD_ROWS[r + dr]?.[i + di];
        if (b) table[code(a) * 26 + code(b)] = 1;
      }
    });
  });
  return table;
})();

function substitutionCost(x: number, y: number): number {
  if (x === y) return 0;
  return x >= 97 && x <= 122 && y >= 97 && y <= 122 && SLIP[(x - 97) * 26 + (y - 97)] === 1 ? 1 : 2;
}

/**
 * Optimal string alignment distance tuned for typing slips: a missing, extra or swapped letter
 * costs 1, a neighbouring-key or vowel substitution 1, any other substitution 2 (so "kucing" is
 * not a typo of "kuning"). Exits early once the distance exceeds `max`.
 */
export function typoDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const width = b.length + 1;
  let before = new Int32Array(width);
  let prev = new Int32Array(width);
  let cur = new Int32Array(width);
  for (let j = 0; j < width; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const x = a.charCodeAt(i - 1);
    for (let j = 1; j < width; j++) {
      const y = b.charCodeAt(j - 1);
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + substitutionCost(x, y));
      if (i > 1 && j > 1 && x === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === y) v = Math.min(v, before[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const spare = before;
    before = prev;
    prev = cur;
    cur = spare;
  }
  return prev[b.length]!;
}
