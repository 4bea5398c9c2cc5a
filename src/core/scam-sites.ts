/** The scam check's addresses: e-mail and web domains in a text, free mail, and brand look-alikes (lookalike-brand). */
import { re, gap } from "./scam-patterns.ts";
import type { ScamFlagData } from "./scam.ts";

// ── lookalike-brand: names and domains that imitate big brands ──────────────

export interface Brand {
  /** compact lower-case name as it appears in words and domains */
  key: string;
  /** official domains (a subdomain of one is official too) */
  domains: string[];
}

/** The brand detector's data prepared for matching (from the brand flag's content file). */
export interface BrandSet {
  brands: Brand[];
  /** exact brand words and everyday spellings that are not impersonation */
  known: Set<string>;
  /** "PT Indofood ... Group Recruitment Center" */
  recruitmentName: RegExp | undefined;
  /** brands by the first letter of their skeleton, to skip most words at once */
  byFirst: Map<string, Array<Brand & { skeleton: string }>>;
  /** longer words cannot be a one-letter change of a brand, even with doubled letters */
  maxWord: number;
}

export function brandSet(flag: ScamFlagData): BrandSet {
  const brands = (flag.brands ?? []).map((b) => ({ key: b.key, domains: b.domains }));
  const names = [...(flag.brands ?? []).flatMap((b) => b.written ?? [b.key]), ...(flag.impersonated ?? [])];
  const byFirst = new Map<string, Array<Brand & { skeleton: string }>>();
  for (const b of brands.filter((b) => b.key.length >= 5).map((b) => ({ ...b, skeleton: skeleton(b.key) }))) {
    byFirst.set(b.skeleton[0]!, [...(byFirst.get(b.skeleton[0]!) ?? []), b]);
  }
  return {
    brands,
    known: new Set([...brands.map((b) => b.key), ...(flag.variants ?? [])]),
    recruitmentName: names.length
      ? re(
          String.raw`\b(?:${names.join("|")})\b +${gap(5)}(?:(?:recruitment|rekrutmen|recruiting|karir|career|hrd|loker|lowongan|job)s? +(?:center|centre|official|team|tim|group|grup|pusat)|(?:official|group|grup|pusat) +(?:recruitment|rekrutmen|recruiting|karir|career|hrd))\b`,
        )
      : undefined,
    byFirst,
    maxWord: 2 * Math.max(0, ...brands.map((b) => b.key.length)),
  };
}

export const RECRUIT_WORD = /rekrut|recruit|karir|career|loker|lowongan|hrd|official|jobs?/;

/** "lndomaret", "pertamlna", "sh0pee", "indornaret": look-alike letters folded, doubled letters squeezed. */
export const LOOKALIKE_CHAR: Record<string, string> = { "1": "i", l: "i", "0": "o", "3": "e", "4": "a", "5": "s", "7": "t" };
export function skeleton(s: string): string {
  let out = "";
  for (let k = 0; k < s.length; k++) {
    let c = s[k]!;
    if (c === "r" && s[k + 1] === "n") (c = "m"), k++;
    else if (c === "v" && s[k + 1] === "v") (c = "w"), k++;
    else c = LOOKALIKE_CHAR[c] ?? c;
    if (c !== out[out.length - 1]) out += c;
  }
  return out;
}

/** Levenshtein distance, only needed up to 1 (callers skip words whose length differs by more). */
export function within1(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

/** True when `domain` is `official` or one of its subdomains. */
export function sameSite(domain: string, official: string): boolean {
  return domain === official || domain.endsWith("." + official);
}

/** Does this domain (or email local part) use the brand's name? */
export function mentionsBrand(brand: Brand, host: string): boolean {
  const parts = host.split(/[.\-_]/).filter(Boolean);
  if (brand.key.length >= 7) return host.replace(/[.\-_]/g, "").includes(brand.key);
  if (brand.key.length >= 5) return parts.some((p) => p.startsWith(brand.key) || p.endsWith(brand.key));
  return parts.some((p) => p === brand.key);
}

export interface Span {
  start: number;
  end: number;
}

/** First sign of a brand imitation in normalised text. */
export function lookalike(text: string, addresses: Address[], set: BrandSet): Span | undefined {
  // 1. a misspelt brand word ("lndomaret", "pertamlna", "sh0pee")
  for (const m of text.matchAll(/[a-z0-9]{5,}/g)) {
    const word = m[0];
    if (word.length > set.maxWord) continue;
    const candidates = set.byFirst.get(LOOKALIKE_CHAR[word[0]!] ?? (word.startsWith("rn") ? "m" : word[0]!));
    if (!candidates || set.known.has(word)) continue;
    const sk = skeleton(word);
    for (const b of candidates) {
      if (Math.abs(sk.length - b.skeleton.length) > 1) continue;
      if (sk === b.skeleton || (b.key.length >= 7 && sk[0] === b.skeleton[0] && within1(sk, b.skeleton))) {
        return { start: m.index, end: m.index + word.length };
      }
    }
  }
  // 2. "PT Indofood ... Group Recruitment Center"
  if (set.recruitmentName) {
    const named = set.recruitmentName.exec(text);
    set.recruitmentName.lastIndex = 0;
    if (named) return { start: named.index, end: named.index + named[0].length };
  }
  // 3. a brand inside a domain that is not the brand's ("pertamina-karir.com"), or on a free-mail address
  for (const a of addresses) {
    for (const b of set.brands) {
      if (mentionsBrand(b, a.domain) && !b.domains.some((d) => sameSite(a.domain, d))) return a;
      if (a.local && isFreeMail(a.domain) && mentionsBrand(b, a.local)) return a;
    }
  }
  // 4. a social handle with a brand and a recruiting word ("@pertamina_rekrutmen")
  for (const m of text.matchAll(/(?<![a-z0-9._-])@([a-z0-9._]{4,})(?![a-z0-9._]*\.[a-z])/g)) {
    const handle = m[1]!;
    if (RECRUIT_WORD.test(handle) && set.brands.some((b) => mentionsBrand(b, handle))) return { start: m.index, end: m.index + m[0].length };
  }
  return undefined;
}

// ── Domains in the text ─────────────────────────────────────────────────────

export const TLDS = new Set(
  "com id net org site online xyz info biz top live click link store tech cc ws icu vip me io co app dev shop asia club my sg work jobs careers web space website fun pro today".split(" "),
);
export const FREE_MAIL = /^(?:gmail|googlemail|gmial|gamil|yahoo|ymail|rocketmail|outlook|hotmail|live|msn|icloud|me|mac|proton|protonmail|pm|aol|gmx|mail|yandex|zohomail|tutanota|tuta|rediffmail)\.(?:com|co\.id|co\.uk|co|id|me|net|ch|ru|in)$/;
/** Hosts that are platforms, not a company's own site; their links say nothing about the company. */
export const PLATFORMS = [
  "wa.me", "whatsapp.com", "t.me", "telegram.me", "bit.ly", "s.id", "tinyurl.com", "linktr.ee", "forms.gle", "google.com",
  "instagram.com", "facebook.com", "fb.com", "fb.me", "tiktok.com", "youtube.com", "youtu.be", "x.com", "twitter.com",
  "linkedin.com", "jobstreet.co.id", "glints.com", "kitalulus.com",
];

export function isFreeMail(domain: string): boolean {
  return FREE_MAIL.test(domain);
}

export interface Address extends Span {
  domain: string;
  /** the part before @ for emails */
  local?: string;
}

/** Email addresses and web addresses in normalised text. */
export function addresses(text: string): Address[] {
  const out: Address[] = [];
  // emails: found from each "@" (scanning every position for a local part is slow)
  for (let at = text.indexOf("@"); at >= 0; at = text.indexOf("@", at + 1)) {
    const localEnd = text[at - 1] === " " ? at - 1 : at;
    let start = localEnd;
    while (start > 0 && EMAIL_LOCAL_CHAR.test(text[start - 1]!)) start--;
    const host = EMAIL_HOST.exec(text.slice(at + 1, at + 100));
    if (start === localEnd || !host) continue;
    out.push({ start, end: at + 1 + host[0].length, local: text.slice(start, localEnd), domain: host[1]! });
  }
  // web addresses: only in words that have a dot followed by a letter
  let done = -1;
  for (const dot of text.matchAll(/[a-z0-9]\.[a-z]/g)) {
    if (dot.index < done) continue;
    let from = dot.index;
    while (from > 0 && !/\s/.test(text[from - 1]!)) from--;
    let to = dot.index + 3;
    while (to < text.length && !/\s/.test(text[to]!)) to++;
    done = to;
    const word = text.slice(from, to);
    if (word.includes("@")) continue;
    const m = WEB_HOST.exec(word);
    if (!m || !TLDS.has(m[2]!)) continue;
    out.push({ start: from + m.index, end: from + m.index + m[0].length, domain: m[1]!.replace(/^www\./, "") });
  }
  return out;
}

export const EMAIL_LOCAL_CHAR = /[a-z0-9._%+-]/;
export const EMAIL_HOST = /^ ?((?:[a-z0-9-]+\.)+[a-z]{2,12})\b/;
export const WEB_HOST = /(?<![a-z0-9._-])(?:https?:\/\/)?((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+([a-z]{2,12}))(?![a-z0-9-])/;

export function companySites(text: string): Address[] {
  return addresses(text).filter((a) => !a.domain.endsWith(".go.id") && !PLATFORMS.some((p) => sameSite(a.domain, p)));
}
