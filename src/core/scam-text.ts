/** The scam check's text handling: normalisation with a map back to the original text, sentences, and evidence excerpts. */

// ── Normalisation with a map back to the original text ──────────────────────

/** Punctuation kept because patterns need it: emails, URLs, amounts, ranges, "like & subscribe". */
export const KEEP = new Set([..."@._-/:,+%&!?;"]);

export interface Norm {
  /** the original text */
  src: string;
  /** normalised text: lower case a-z0-9, kept punctuation, single spaces, "\n" between lines */
  text: string;
  /** original [from, to) of each normalised character */
  from: number[];
  to: number[];
}

/** What each ASCII character becomes: a lower-case letter or digit, kept punctuation, "\n", or " ". */
export const ASCII_MAP = Array.from({ length: 128 }, (_, code) => {
  const c = String.fromCharCode(code).toLowerCase();
  if ((c >= "a" && c <= "z") || (c >= "0" && c <= "9") || KEEP.has(c) || c === "\n") return c;
  return " ";
});

export function normaliseMapped(src: string): Norm {
  const chars: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  let last = "";
  /** how many times `last` has been seen in a row */
  let run = 0;
  const emit = (c: string, i: number, j: number) => {
    if (c === " ") {
      if (!chars.length || last === " " || last === "\n") return;
    } else if (c === "\n") {
      if (last === " ") {
        chars.pop();
        from.pop();
        to.pop();
        last = chars[chars.length - 1] ?? "";
        run = 1;
      }
      if (!chars.length || last === "\n") return;
    } else if (c === last && c >= "a" && c <= "z") {
      // "gratiiis", "langsunggg": a letter three or more times counts once (as in text.ts); "saat" keeps two
      run++;
      if (run === 3) {
        chars.pop();
        from.pop();
        to.pop();
      }
      if (run >= 3) {
        to[to.length - 1] = j;
        return;
      }
      chars.push(c);
      from.push(i);
      to.push(j);
      return;
    }
    chars.push(c);
    from.push(i);
    to.push(j);
    last = c;
    run = 1;
  };
  for (let i = 0; i < src.length; ) {
    const cp = src.codePointAt(i)!;
    const j = i + (cp > 0xffff ? 2 : 1);
    if (cp < 0x80) emit(ASCII_MAP[cp]!, i, j);
    else {
      // NFKD folds accents and "fancy" letters (𝗟𝗢𝗞𝗘𝗥, ｆｕｌｌｗｉｄｔｈ) to plain ASCII; emoji become spaces
      for (const c of src.slice(i, j).normalize("NFKD").toLowerCase()) {
        const code = c.charCodeAt(0);
        if (code < 0x80) emit(ASCII_MAP[code]!, i, j);
        else if (code < 0x300 || code > 0x36f) emit(" ", i, j); // combining accents are dropped
      }
    }
    i = j;
  }
  return { src, text: chars.join(""), from, to };
}

/** `text` with the given ranges replaced by spaces (same length, line breaks kept). */
export function blank(text: string, ranges: Array<[number, number]>): string {
  if (!ranges.length) return text;
  let out = "";
  let at = 0;
  for (const [s, e] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (e <= at) continue;
    const from = Math.max(s, at);
    out += text.slice(at, from) + text.slice(from, e).replace(/[^\n]/g, " ");
    at = e;
  }
  return out + text.slice(at);
}

/** Sentence ranges of normalised text: split at line breaks and at . ! ? ; followed by a space. */
export function sentenceRanges(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  for (let k = 0; k < text.length; k++) {
    if (endsSentence(text, k)) {
      out.push([start, k + 1]);
      start = k + 1;
    }
  }
  if (start < text.length) out.push([start, text.length]);
  return out;
}

/** The sentence of `text` around position `at`. */
export function sentenceAt(text: string, at: number): string {
  let s = at;
  while (s > 0 && !endsSentence(text, s - 1)) s--;
  let e = at;
  while (e < text.length && !endsSentence(text, e)) e++;
  return text.slice(s, e + 1);
}

export function endsSentence(text: string, k: number): boolean {
  const c = text[k];
  return c === "\n" || ((c === "." || c === "!" || c === "?" || c === ";") && (k + 1 === text.length || text[k + 1] === " "));
}

/** The clause before `at` (back to the last , . ; ! ? or line break), at most 40 characters. */
export function clauseBefore(text: string, at: number): string {
  const window = text.slice(Math.max(0, at - 40), at);
  const cut = Math.max(window.lastIndexOf("\n"), ...[",", ".", ";", "!", "?"].map((p) => window.lastIndexOf(p + " ")));
  return cut >= 0 ? window.slice(cut + 1) : window;
}

// ── Evidence: a short excerpt of the original text ──────────────────────────

export const MAX_EVIDENCE = 80;

/** The end of a clause: a line break, or . ! ? ; , followed by a space (so "Rp150.000" and "2,5jt" are not). */
export function isBoundary(src: string, k: number): boolean {
  const c = src[k];
  if (c === "\n" || c === "\r") return true;
  return (c === "." || c === "!" || c === "?" || c === ";" || c === ",") && (k + 1 >= src.length || /\s/.test(src[k + 1]!));
}

/** The original words of normalised range [s, e), grown to its clause (up to a comma or full stop), never longer than 80 characters. */
export function evidence(norm: Norm, s: number, e: number): string {
  const { src } = norm;
  let start = norm.from[s] ?? 0;
  let end = norm.to[Math.max(s, e - 1)] ?? src.length;
  // one line only: the reply shows evidence on one line
  const nl = src.slice(start, end).search(/[\r\n]/);
  if (nl > 0) end = start + nl;
  if (end - start > MAX_EVIDENCE) {
    end = start + MAX_EVIDENCE;
    const sp = src.lastIndexOf(" ", end);
    if (sp > start + 20) end = sp;
  } else {
    let budget = MAX_EVIDENCE - (end - start);
    let left = start;
    while (left > 0 && start - left < budget / 2 && !isBoundary(src, left - 1)) left--;
    budget -= start - left;
    let right = end;
    while (right < src.length && right - end < budget && !isBoundary(src, right)) right++;
    budget -= right - end;
    while (left > 0 && budget > 0 && !isBoundary(src, left - 1)) {
      left--;
      budget--;
    }
    // never cut a word in half
    if (left < start && left > 0 && !isBoundary(src, left - 1) && /\S/.test(src[left - 1]!)) {
      const sp = src.indexOf(" ", left);
      left = sp >= 0 && sp < start ? sp + 1 : start;
    }
    if (right > end && right < src.length && !isBoundary(src, right) && /\S/.test(src[right]!)) {
      const sp = src.lastIndexOf(" ", right);
      right = sp >= end ? sp : end;
    }
    start = left;
    end = right;
  }
  if (end < src.length && /[\uD800-\uDBFF]/.test(src[end - 1] ?? "")) end--;
  const raw = src.slice(start, end);
  const out = raw.replace(/^[^\p{L}\p{N}]+/u, "").replace(/[\s,;:(\-–—*_~]+$/u, "");
  return out || raw.trim();
}
