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
