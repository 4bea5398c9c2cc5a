/**
 * The vacancy scam check: red flags in a vacancy text a seeker pastes or forwards (WhatsApp,
 * Facebook, Instagram style Indonesian), and a comparison with the office's verified vacancies.
 * Pure and synchronous. Signs follow Kemnaker, OJK/Satgas PASTI and KemenP2MI/BP2MI warnings
 * (see shared DOMAIN.md, "Job-scam red flags").
 *
 * The flags themselves are content: content/penipuan/<id>.md holds each flag's patterns, title,
 * explanation and examples (compiled and checked by src/content/scam-compiler.ts into bundle.scam).
 * This module keeps the logic: the text is normalised (lower case, accents and fancy Unicode letters
 * folded, emoji and most punctuation turned into spaces, letters repeated 3+ times squeezed to one) while
 * a map keeps each normalised character's position in the original, so evidence is always an exact
 * excerpt of what the seeker sent. "No fee" phrases and warning sentences ("waspada penipuan ...") are
 * blanked out first where a flag asks for it; then each flag's patterns run, with their conditions
 * (somewhere in the text, not after a negation, in the same sentence). Two flags have built-in detectors:
 * pay arithmetic (high pay with signs of easy work from the content) and brand look-alikes.
 */
import { scamEvidence, scamProbability, SCAM_MODEL_THRESHOLD, type ScamModel } from "./scam-model.ts";
import type { Block } from "./body.ts";
import { type Norm, normaliseMapped, blank, sentenceAt, clauseBefore, evidence } from "./scam-text.ts";
import { re, once, NO_FEE, warningRanges, matchRanges, expandScamPattern } from "./scam-patterns.ts";
import { unrealisticPay } from "./scam-pay.ts";
import { type BrandSet, brandSet, sameSite, lookalike, isFreeMail, addresses, companySites } from "./scam-sites.ts";

/** A red flag's id: the name of its file in content/penipuan/ ("fee", "unrealistic-pay", ...); stored in D1 scam_checks. */
export type ScamFlagId = string;

/** One red flag found, with the words that raised it (short excerpt of the text, <= 80 chars). */
export interface ScamFlag {
  id: ScamFlagId;
  evidence: string;
}

/** A verified vacancy as the check needs it. */
export interface VerifiedRef {
  slug: string;
  company: string;
  position: string;
  email?: string;
  website?: string;
}

export type ScamVerdict = "verified" | "suspicious" | "unverified";
export interface ScamCheckResult {
  verdict: ScamVerdict;
  flags: ScamFlag[];
  /** the verified vacancy the text names (same company and position), even when flags make it suspicious (impersonation) */
  match?: string; // VerifiedRef.slug
}

// ── The rules as the content bundle carries them (compiled from content/penipuan/) ──

/** One pattern of a flag: a regular expression on the normalised text, with optional conditions. */
export interface ScamPatternData {
  /** any hit raises the flag; the hit is the evidence */
  re: string;
  /** ...only when this also occurs somewhere in the text */
  context?: string;
  /** ...and this occurs nowhere in the text */
  unless?: string;
  /** ...and the clause before the hit does not match this (negation, "bisa langsung kerja") */
  notAfter?: string;
  /** ...and the hit's sentence matches this */
  sentence?: string;
  /** ...and the hit's sentence does not match this */
  sentenceUnless?: string;
}

/** What is blanked out of the text before a flag's patterns run. */
export type ScamIgnore = "warnings" | "no-fee";

/** One red flag as compiled from content/penipuan/<id>.md. Patterns are sources with {building blocks}, compiled in the Worker. */
export interface ScamFlagData {
  id: ScamFlagId;
  /** plain-words title for the seeker */
  title: string;
  /** short label for the dashboard */
  label: string;
  /** plain-words explanation for the seeker */
  explain: string;
  /** extra report advice shown when this flag is raised (plain text) */
  report?: string;
  /** a built-in detector that also raises this flag: pay arithmetic, brand look-alikes, or the learned model (src/core/scam-model.ts) */
  detector?: "pay" | "brand" | "model";
  ignore: ScamIgnore[];
  patterns: ScamPatternData[];
  /** pay detector: signs of vague, easy work; one strong sign, or two weak ones, with high pay */
  strong?: string[];
  weak?: string[];
  /** brand detector: brands scammers imitate, with their official domains and how the name is written (patterns) */
  brands?: Array<{ key: string; domains: string[]; written?: string[] }>;
  /** brand detector: everyday spellings that are not impersonation ("indomart") */
  variants?: string[];
  /** brand detector: other names used in "... Recruitment Center" (patterns), without a domain check */
  impersonated?: string[];
  /** how many examples the compiler ran: must raise the flag (hit) and must not (safe) */
  examples: { hit: number; safe: number };
}

/** All scam rules of a content version, in the order flags are reported. */
export interface ScamRulesData {
  flags: ScamFlagData[];
  /** the learned second opinion, trained at build on content/latihan/penipuan/ when a flag uses `detektor: belajar` */
  model?: ScamModel;
  /** where to report, channel-neutral blocks (office placeholders filled), from content/penipuan/_lapor.md */
  report: Block[];
}

// ── Rules prepared for matching ─────────────────────────────────────────────

interface Rule {
  id: ScamFlagId;
  re: RegExp;
  context?: RegExp;
  unless?: RegExp;
  notAfter?: RegExp;
  sentence?: RegExp;
  sentenceUnless?: RegExp;
}

/** The rules of one content version with every pattern compiled; made by prepareScamRules. */
export interface ScamRules {
  data: ScamRulesData;
  flags: ScamFlagData[];
  /** report position of each flag id */
  order: Map<ScamFlagId, number>;
  rules: Rule[];
  /** the text each flag's patterns run on: what is blanked, as a key ("warnings,no-fee") */
  source: Map<ScamFlagId, string>;
  pay?: { id: ScamFlagId; strong: RegExp[]; weak: RegExp[] };
  brand?: { id: ScamFlagId; set: BrandSet };
}

const prepared = new WeakMap<ScamRulesData, ScamRules>();

/**
 * Compiles the bundle's rules (regular expressions from source strings) once per data object: the Worker
 * caches its bundle per content version, so this runs once per isolate and version. Throws on a bad pattern
 * (the content compiler has already rejected those).
 */
export function prepareScamRules(data: ScamRulesData): ScamRules {
  const cached = prepared.get(data);
  if (cached) return cached;
  // one RegExp per distinct condition, so the detector tests each once per text
  const conditions = new Map<string, RegExp>();
  const cond = (source: string | undefined) => {
    if (source === undefined) return undefined;
    let r = conditions.get(source);
    if (!r) conditions.set(source, (r = once(expandScamPattern(source))));
    return r;
  };
  const rules: Rule[] = [];
  const source = new Map<ScamFlagId, string>();
  let pay: ScamRules["pay"];
  let brand: ScamRules["brand"];
  for (const flag of data.flags) {
    source.set(flag.id, [...flag.ignore].sort().reverse().join(","));
    for (const p of flag.patterns) {
      rules.push({
        id: flag.id,
        re: re(expandScamPattern(p.re)),
        ...(p.context !== undefined ? { context: cond(p.context)! } : {}),
        ...(p.unless !== undefined ? { unless: cond(p.unless)! } : {}),
        ...(p.notAfter !== undefined ? { notAfter: cond(p.notAfter)! } : {}),
        ...(p.sentence !== undefined ? { sentence: cond(p.sentence)! } : {}),
        ...(p.sentenceUnless !== undefined ? { sentenceUnless: cond(p.sentenceUnless)! } : {}),
      });
    }
    if (flag.detector === "pay" && !pay) {
      pay = { id: flag.id, strong: (flag.strong ?? []).map((s) => once(expandScamPattern(s))), weak: (flag.weak ?? []).map((s) => once(expandScamPattern(s))) };
    }
    if (flag.detector === "brand" && !brand) brand = { id: flag.id, set: brandSet(flag) };
  }
  const out: ScamRules = {
    data,
    flags: data.flags,
    order: new Map(data.flags.map((f, i) => [f.id, i])),
    rules,
    source,
    ...(pay ? { pay } : {}),
    ...(brand ? { brand } : {}),
  };
  prepared.set(data, out);
  return out;
}

/** A flag's data by id (undefined for an id the current content no longer has, e.g. an old D1 row). */
export function scamFlag(rules: ScamRules, id: ScamFlagId): ScamFlagData | undefined {
  const i = rules.order.get(id);
  return i === undefined ? undefined : rules.flags[i];
}

// ── Detection ────────────────────────────────────────────────────────────────

interface Found {
  id: ScamFlagId;
  start: number;
  end: number;
}

function detect(norm: Norm, rules: ScamRules): Found[] {
  const { text } = norm;
  // the texts the patterns run on, by what is blanked: warning sentences ("waspada penipuan..."), "no fee" phrases
  const texts = new Map<string, string>([["", text]]);
  const textFor = (key: string): string => {
    let out = texts.get(key);
    if (out === undefined) {
      const ignore = key.split(",");
      out = ignore.includes("warnings") ? blank(text, warningRanges(text)) : text;
      if (ignore.includes("no-fee")) out = blank(out, matchRanges(out, NO_FEE));
      texts.set(key, out);
    }
    return out;
  };
  const found = new Map<ScamFlagId, Found>();
  const add = (id: ScamFlagId, start: number, end: number) => {
    if (!found.has(id)) found.set(id, { id, start, end });
  };

  // context and unless patterns are shared by several rules: test each once per text
  const seen = new Map<string, Map<RegExp, boolean>>();
  const occurs = (pattern: RegExp, key: string, source: string) => {
    let byPattern = seen.get(key);
    if (!byPattern) seen.set(key, (byPattern = new Map()));
    let hit = byPattern.get(pattern);
    if (hit === undefined) byPattern.set(pattern, (hit = pattern.test(source)));
    return hit;
  };
  for (const rule of rules.rules) {
    if (found.has(rule.id)) continue;
    const key = rules.source.get(rule.id) ?? "warnings";
    const source = textFor(key);
    if (rule.context && !occurs(rule.context, key, source)) continue;
    if (rule.unless && occurs(rule.unless, key, source)) continue;
    for (const m of source.matchAll(rule.re)) {
      if (!m[0].trim()) continue;
      if (rule.notAfter && rule.notAfter.test(clauseBefore(source, m.index))) continue;
      if (rule.sentence || rule.sentenceUnless) {
        const sentence = sentenceAt(source, m.index);
        if (rule.sentence && !rule.sentence.test(sentence)) continue;
        if (rule.sentenceUnless && rule.sentenceUnless.test(sentence)) continue;
      }
      // evidence starts at the first letter or digit of the hit
      const lead = m[0].search(/[a-z0-9@]/);
      add(rule.id, m.index + Math.max(0, lead), m.index + m[0].trimEnd().length);
      break;
    }
  }

  if (rules.pay && !found.has(rules.pay.id)) {
    const pay = unrealisticPay(textFor(rules.source.get(rules.pay.id) ?? "warnings"), rules.pay);
    if (pay) add(rules.pay.id, pay.start, pay.end);
  }

  if (rules.brand && !found.has(rules.brand.id)) {
    const brand = lookalike(textFor(rules.source.get(rules.brand.id) ?? "warnings"), addresses(text), rules.brand.set);
    if (brand) add(rules.brand.id, brand.start, brand.end);
  }

  return sortFound([...found.values()], rules);
}

/** Found flags in the order of the rules. */
function sortFound(found: Found[], rules: ScamRules): Found[] {
  return found.sort((a, b) => (rules.order.get(a.id) ?? 0) - (rules.order.get(b.id) ?? 0));
}

function toFlags(norm: Norm, found: Found[]): ScamFlag[] {
  return found.map((f) => ({ id: f.id, evidence: evidence(norm, f.start, f.end) }));
}

/** Red flags in a text, each id at most once, in the rules' order. Pure, fast (< 1 ms for 4 KB text). */
export function detectFlags(text: string, rules: ScamRules): ScamFlag[] {
  const norm = normaliseMapped(text);
  return toFlags(norm, detect(norm, rules));
}

// ── Comparison with the verified vacancies ──────────────────────────────────

/** Legal forms and markers that are not part of a company's name. */
const COMPANY_NOISE = new Set(["pt", "cv", "ud", "tbk", "persero", "perseroan", "contoh", "rs", "rsu", "rsud", "pd", "perum"]);
/** Words too generic to tell positions apart. */
const POSITION_NOISE = new Set(["staf", "staff", "karyawan", "pegawai", "tenaga", "bagian", "pelaksana", "senior", "junior", "crew", "kru", "dan", "di", "untuk", "atau", "paruh", "waktu", "penuh"]);

function tokens(s: string): string[] {
  return normaliseMapped(s).text.split(/[^a-z0-9]+/).filter(Boolean);
}

/** The company's name words occur in order in the text (legal forms ignored), or its name without spaces does. */
function companyIn(company: string, textTokens: string[], compactText: string): boolean {
  const name = tokens(company).filter((t) => !COMPANY_NOISE.has(t));
  if (!name.length) return false;
  const words = textTokens.filter((t) => !COMPANY_NOISE.has(t));
  for (let i = 0; i + name.length <= words.length; i++) {
    if (name.every((t, k) => words[i + k] === t)) return true;
  }
  const compact = name.join("");
  return compact.length >= 8 && compactText.includes(compact);
}

/** Some wording of the position (split at "(", "/", ",") has most of its words in the text. */
function positionIn(position: string, textTokens: Set<string>, textList: string[]): boolean {
  const alternatives = position.split(/[()\/,]|\batau\b/i).map((p) => tokens(p).filter((t) => !POSITION_NOISE.has(t))).filter((a) => a.length);
  const present = (t: string) => textTokens.has(t) || (t.length >= 5 && textList.some((w) => w.startsWith(t)));
  return alternatives.some((alt) => alt.filter(present).length >= Math.ceil((alt.length * 2) / 3));
}

function refDomains(ref: VerifiedRef): string[] {
  const out: string[] = [];
  if (ref.email?.includes("@")) out.push(ref.email.split("@")[1]!.trim().toLowerCase());
  if (ref.website) {
    const host = ref.website.trim().toLowerCase().replace(/^[a-z]+:\/\//, "").split(/[/?#:]/)[0]!.replace(/^www\./, "");
    if (host) out.push(host);
  }
  return out;
}

/** The full check: flags + comparison with the verified list. */
export function checkVacancyText(text: string, verified: VerifiedRef[], rules: ScamRules): ScamCheckResult {
  const norm = normaliseMapped(text);
  const found = detect(norm, rules);
  const textTokens = norm.text.split(/[^a-z0-9]+/).filter(Boolean);
  const tokenSet = new Set(textTokens);
  const compactText = textTokens.join("");

  let named: VerifiedRef | undefined; // company and position
  let company: VerifiedRef | undefined; // company only
  for (const ref of verified) {
    if (!companyIn(ref.company, textTokens, compactText)) continue;
    company ??= ref;
    if (positionIn(ref.position, tokenSet, textTokens)) {
      named = ref;
      break;
    }
  }

  // The text's own email or website must be the verified one's; another domain under the same
  // company name is an imitation (a free-mail address is already its own flag).
  let sitesAgree = true;
  const ref = named ?? company;
  if (ref) {
    const official = refDomains(ref);
    const foreign = companySites(norm.text).filter((a) => !official.some((o) => sameSite(a.domain, o)));
    if (foreign.length) {
      sitesAgree = false;
      const imitation = foreign.find((a) => !isFreeMail(a.domain));
      const brand = rules.brand?.id;
      if (imitation && brand && !found.some((f) => f.id === brand)) {
        found.push({ id: brand, start: imitation.start, end: imitation.end });
        sortFound(found, rules);
      }
    }
  }

  const flags = toFlags(norm, found);
  if (flags.length === 0) {
    const learned = modelFlag(text, rules);
    if (learned) flags.push(learned);
  }
  const verdict: ScamVerdict = flags.length ? "suspicious" : named && sitesAgree ? "verified" : "unverified";
  return { verdict, flags, ...(named ? { match: named.slug } : {}) };
}

/**
 * The learned model's flag, when no rule raised one: only on a check the seeker asked for (a pasted offer or a told
 * story), never on free text routed elsewhere (detectFlags), where questions of every kind arrive.
 */
function modelFlag(text: string, rules: ScamRules): ScamFlag | undefined {
  const model = rules.data.model;
  const flag = model && rules.flags.find((f) => f.detector === "model");
  if (!model || !flag) return undefined;
  const p = scamProbability(model, text);
  if (p === undefined || p < SCAM_MODEL_THRESHOLD) return undefined;
  return { id: flag.id, evidence: scamEvidence(model, text) };
}
