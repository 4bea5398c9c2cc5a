/** Non-negative integers as varints in printable ASCII, the number format of PreparedListings. */

// Varints in printable ASCII that JSON keeps as they are: base-32 digits, 0x23.. ('#'..'B') for a
// digit followed by more, 0x5d.. (']'..'|') for the last digit of a number.
export const MORE = 0x23;
export const LAST = 0x5d;

/** Non-negative integers as varints in printable ASCII (for PreparedListings). */
export function encodeInts(values: number[]): string {
  let out = "";
  for (const value of values) {
    let v = value;
    let s = String.fromCharCode(LAST + (v % 32));
    for (v = Math.floor(v / 32); v > 0; v = Math.floor(v / 32)) s = String.fromCharCode(MORE + (v % 32)) + s;
    out += s;
  }
  return out;
}

/** The numbers of encodeInts. */
export function decodeInts(s: string): number[] {
  const out: number[] = [];
  let v = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= LAST) {
      out.push(v * 32 + c - LAST);
      v = 0;
    } else v = v * 32 + c - MORE;
  }
  return out;
}

// Packed integers: a string whose first character is the width w ("1".."9"), then each value as w base-91 digits in
// the printable characters '#'..'~' without '\' (JSON writes them as they are). One string per column instead of an
// array: a fresh isolate parses and keeps a few short strings, and reads a value where it needs it (`unpack`).
const FIRST = 35;
const BACKSLASH = 92;
const BASE = 91;

const digit = (d: number) => String.fromCharCode(d + FIRST >= BACKSLASH ? d + FIRST + 1 : d + FIRST);

/** Non-negative integers as one packed string (see above). */
export function packInts(values: readonly number[]): string {
  let max = 0;
  for (const v of values) if (v > max) max = v;
  let w = 1;
  while (BASE ** w <= max) w++;
  let out = String(w);
  for (const value of values) {
    let s = "";
    let v = value;
    for (let k = 0; k < w; k++) {
      s = digit(v % BASE) + s;
      v = Math.floor(v / BASE);
    }
    out += s;
  }
  return out;
}

/** The value at index `i` of a packed string. */
export function unpack(s: string, i: number): number {
  const w = s.charCodeAt(0) - 48;
  let v = 0;
  for (let at = 1 + i * w, end = at + w; at < end; at++) {
    const c = s.charCodeAt(at);
    v = v * BASE + (c > BACKSLASH ? c - FIRST - 1 : c - FIRST);
  }
  return v;
}

/** How many values a packed string holds. */
export function packedLength(s: string): number {
  return (s.length - 1) / (s.charCodeAt(0) - 48);
}

/** Lists of integers as two packed strings: the values one after another, and where each list starts (n + 1 entries). */
export interface PackedLists {
  values: string;
  starts: string;
}

export function packLists(lists: readonly number[][]): PackedLists {
  const starts = [0];
  for (const l of lists) starts.push(starts[starts.length - 1]! + l.length);
  return { values: packInts(lists.flat()), starts: packInts(starts) };
}

/** The list at index `i` (a new array: for the few lists a request reads whole). */
export function listAt(p: PackedLists, i: number): number[] {
  const out: number[] = [];
  for (let k = unpack(p.starts, i), end = unpack(p.starts, i + 1); k < end; k++) out.push(unpack(p.values, k));
  return out;
}

/** Every value of a packed string, decoded in one pass (for columns a request scans whole). */
export function unpackAll(s: string, add = 0): Int32Array {
  const w = s.charCodeAt(0) - 48;
  const n = (s.length - 1) / w;
  const out = new Int32Array(n);
  for (let i = 0, at = 1; i < n; i++) {
    let v = 0;
    for (let k = 0; k < w; k++, at++) {
      const c = s.charCodeAt(at);
      v = v * BASE + (c > BACKSLASH ? c - FIRST - 1 : c - FIRST);
    }
    out[i] = v + add;
  }
  return out;
}

/** Packed lists decoded for scanning: list i is values[starts[i]] .. values[starts[i + 1] - 1]. */
export interface Lists {
  values: Int32Array;
  starts: Int32Array;
}

export function unpackLists(p: PackedLists): Lists {
  return { values: unpackAll(p.values), starts: unpackAll(p.starts) };
}

/** List i of decoded lists, as a new array. */
export function listOf(l: Lists, i: number): number[] {
  return Array.from(l.values.subarray(l.starts[i]!, l.starts[i + 1]!));
}
