/** Reading one red-flag file of content/penipuan/: its keys, patterns (each checked for safety), examples and detector settings, each problem with file and line. */
import { readFileSync } from "node:fs";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import { type ScamFlagData, type ScamIgnore, type ScamPatternData } from "../core/scam.ts";
import { patternProblem } from "./scam-pattern-check.ts";
import { closest } from "../text/edit-distance.ts";
import type { ContentError } from "./compiler.ts";
import { frontMatterEnd } from "./front-matter.ts";

/** Longest title, label, explanation and report advice of a flag, in characters (they are read on a phone). */
const MAX_TITLE = 60;
const MAX_LABEL = 40;
const MAX_EXPLAIN = 500;
const MAX_REPORT = 300;

export const FLAG_KEYS = [
  "id", "judul", "label", "urutan", "penjelasan", "lapor", "detektor", "abaikan", "kecuali_kalimat",
  "pola", "tanda_kuat", "tanda_lemah", "merek", "ejaan_wajar", "nama_dicatut", "contoh_kena", "contoh_aman",
] as const;
export const BRAND_KEYS = ["nama", "domain", "tulisan"] as const;
export const PATTERN_KEYS = ["cocok", "syarat_teks", "kecuali_teks", "tidak_setelah", "syarat_kalimat", "kecuali_kalimat"] as const;
export const PATTERN_FIELD: Record<Exclude<(typeof PATTERN_KEYS)[number], "cocok">, keyof ScamPatternData> = {
  syarat_teks: "context",
  kecuali_teks: "unless",
  tidak_setelah: "notAfter",
  syarat_kalimat: "sentence",
  kecuali_kalimat: "sentenceUnless",
};
export const IGNORE: Record<string, ScamIgnore> = { peringatan: "warnings", bebas_biaya: "no-fee" };
export const DETECTORS: Record<string, "pay" | "brand" | "model"> = { gaji: "pay", merek: "brand", belajar: "model" };

/** One example text with its line. */
export interface Example {
  text: string;
  line: number;
}

/** A flag file as read, before its examples ran. */
export interface ReadFlag {
  file: string;
  data: Omit<ScamFlagData, "examples">;
  order: number;
  hit: Example[];
  safe: Example[];
}


// ── Reading one flag file ───────────────────────────────────────────────────

export interface FrontMatter {
  doc: Document.Parsed;
  /** file line (1-based) of a position in the front matter */
  lineAt: (pos: number) => number;
  /** lines of the whole file */
  lines: string[];
  end: number;
}

export function readFrontMatter(path: string, file: string, errors: ContentError[]): FrontMatter | undefined {
  const lines = readFileSync(path, "utf8").replace(/\r\n?/g, "\n").split("\n");
  const end = frontMatterEnd(lines, (line, message) => errors.push({ file, line, message }));
  if (end === undefined) return undefined;
  const counter = new LineCounter();
  const doc = parseDocument(lines.slice(1, end).join("\n"), { lineCounter: counter, prettyErrors: false });
  const lineAt = (pos: number) => counter.linePos(pos).line + 1;
  if (doc.errors.length > 0) {
    for (const e of doc.errors) errors.push({ file, line: lineAt(e.pos[0]), message: `YAML error: ${e.message.split("\n")[0]}` });
    return undefined;
  }
  if (!isMap(doc.contents)) {
    errors.push({ file, line: 2, message: "the front matter must be 'key: value' lines" });
    return undefined;
  }
  return { doc, lineAt, lines, end };
}

/** Start position of a YAML node, 0 when unknown. */
export const posOf = (node: unknown): number => ((node as { range?: [number, number, number] } | null)?.range?.[0] ?? 0);

export function readFlag(path: string, file: string, errors: ContentError[]): ReadFlag | undefined {
  const before = errors.length;
  const fm = readFrontMatter(path, file, errors);
  if (!fm) return undefined;
  const fail = (line: number, message: string) => errors.push({ file, line, message });
  const { lineAt } = fm;
  const fields = new Map<string, { value: unknown; line: number }>();
  for (const item of isMap(fm.doc.contents) ? fm.doc.contents.items : []) {
    const key = isScalar(item.key) ? String(item.key.value) : "";
    const line = lineAt(posOf(item.key));
    if (!(FLAG_KEYS as readonly string[]).includes(key)) {
      fail(line, `unknown key '${key}'${suggest(key, FLAG_KEYS)}; the keys are ${FLAG_KEYS.join(", ")}`);
      continue;
    }
    fields.set(key, { value: item.value, line });
  }
  const firstLine = 2;
  const expectedId = path.split(/[\\/]/).pop()!.replace(/\.md$/, "");
  const text = (key: string, max: number, required: boolean): string | undefined => {
    const f = fields.get(key);
    if (!f) {
      if (required) fail(firstLine, `'${key}' is missing`);
      return undefined;
    }
    const v = isScalar(f.value) ? f.value.value : undefined;
    if (typeof v !== "string" || !v.trim()) {
      fail(f.line, `'${key}' must be a text`);
      return undefined;
    }
    const out = v.replace(/\s+/g, " ").trim();
    if (out.length > max) fail(f.line, `'${key}' is ${out.length} characters long; keep it to ${max}`);
    return out;
  };

  const idField = fields.get("id");
  const id = idField && isScalar(idField.value) ? String(idField.value.value) : undefined;
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(expectedId)) fail(1, `the file name must be the flag's id in lower-case letters, digits and '-', like 'biaya-seragam.md'`);
  if (id !== expectedId) fail(idField?.line ?? firstLine, `'id' must be '${expectedId}', the file name`);
  const title = text("judul", MAX_TITLE, true);
  const label = text("label", MAX_LABEL, false) ?? title;
  const explain = text("penjelasan", MAX_EXPLAIN, true);
  const report = text("lapor", MAX_REPORT, false);

  let order = 1000;
  const orderField = fields.get("urutan");
  if (orderField) {
    const v = isScalar(orderField.value) ? orderField.value.value : undefined;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0) fail(orderField.line, "'urutan' must be a whole number (flags are reported from the smallest)");
    else order = v;
  }

  let detector: "pay" | "brand" | "model" | undefined;
  const detectorField = fields.get("detektor");
  if (detectorField) {
    const v = isScalar(detectorField.value) ? String(detectorField.value.value) : "";
    detector = DETECTORS[v];
    if (!detector) fail(detectorField.line, `'detektor' must be one of ${Object.keys(DETECTORS).join(", ")}`);
  }

  let ignore: ScamIgnore[] = ["warnings"];
  const ignoreField = fields.get("abaikan");
  if (ignoreField) {
    const items = isSeq(ignoreField.value) ? ignoreField.value.items : undefined;
    if (!items) fail(ignoreField.line, `'abaikan' must be a list, like [peringatan, bebas_biaya] or []`);
    else {
      ignore = [];
      for (const n of items) {
        const v = isScalar(n) ? String(n.value) : "";
        const mapped = IGNORE[v];
        if (!mapped) fail(lineAt(posOf(n)), `'abaikan' knows ${Object.keys(IGNORE).join(" and ")}, not '${v}'`);
        else ignore.push(mapped);
      }
    }
  }

  const flagUnless = fields.get("kecuali_kalimat");
  const flagSentenceUnless = flagUnless ? pattern(flagUnless.value, flagUnless.line, "kecuali_kalimat", lineAt, fail, false) : undefined;

  const patterns: ScamPatternData[] = [];
  const patternField = fields.get("pola");
  if (patternField) {
    const items = isSeq(patternField.value) ? patternField.value.items : undefined;
    if (!items || items.length === 0) fail(patternField.line, "'pola' must be a list of patterns");
    for (const item of items ?? []) {
      const line = lineAt(posOf(item));
      if (isMap(item)) {
        const entry: Partial<ScamPatternData> = {};
        let ok = true;
        for (const pair of item.items) {
          const key = isScalar(pair.key) ? String(pair.key.value) : "";
          const keyLine = lineAt(posOf(pair.key));
          if (!(PATTERN_KEYS as readonly string[]).includes(key)) {
            fail(keyLine, `unknown key '${key}' in a pattern${suggest(key, PATTERN_KEYS)}; a pattern has ${PATTERN_KEYS.join(", ")}`);
            ok = false;
            continue;
          }
          const source = pattern(pair.value, keyLine, key, lineAt, fail, key === "cocok");
          if (source === undefined) ok = false;
          else if (key === "cocok") entry.re = source;
          else entry[PATTERN_FIELD[key as keyof typeof PATTERN_FIELD]] = source;
        }
        if (ok && entry.re === undefined) fail(line, "a pattern with conditions needs 'cocok': the words to find");
        else if (ok) patterns.push(withFlagUnless(entry as ScamPatternData, flagSentenceUnless));
      } else {
        const source = pattern(item, line, "pola", lineAt, fail, true);
        if (source !== undefined) patterns.push(withFlagUnless({ re: source }, flagSentenceUnless));
      }
    }
  }
  if (!patternField && !detector) fail(firstLine, "'pola' is missing: the patterns that raise this flag");

  const signs = (key: "tanda_kuat" | "tanda_lemah"): string[] | undefined => {
    const f = fields.get(key);
    if (!f) return undefined;
    if (detector !== "pay") {
      fail(f.line, `'${key}' belongs only to the flag with 'detektor: gaji'`);
      return undefined;
    }
    const items = isSeq(f.value) ? f.value.items : undefined;
    if (!items) {
      fail(f.line, `'${key}' must be a list of patterns`);
      return undefined;
    }
    return items.map((n) => pattern(n, lineAt(posOf(n)), key, lineAt, fail, false)).filter((s): s is string => s !== undefined);
  };
  const strong = signs("tanda_kuat");
  const weak = signs("tanda_lemah");
  if (detector === "pay" && !strong && !weak) fail(detectorField!.line, "'detektor: gaji' needs 'tanda_kuat' or 'tanda_lemah': the signs of vague, easy work");

  // the brand detector's brands: name, official domains, how the name is written
  let brands: ScamFlagData["brands"];
  const onlyBrand = (key: string) => {
    const f = fields.get(key);
    if (f && detector !== "brand") fail(f.line, `'${key}' belongs only to the flag with 'detektor: merek'`);
    return f && detector === "brand" ? f : undefined;
  };
  const brandField = onlyBrand("merek");
  if (brandField) {
    const items = isSeq(brandField.value) ? brandField.value.items : undefined;
    if (!items || items.length === 0) fail(brandField.line, "'merek' must be a list of brands, like { nama: indomaret, domain: [indomaret.co.id] }");
    brands = [];
    for (const item of items ?? []) {
      const line = lineAt(posOf(item));
      if (!isMap(item)) {
        fail(line, "each brand must be like { nama: indomaret, domain: [indomaret.co.id] }");
        continue;
      }
      const get = (k: string) => item.items.find((p) => isScalar(p.key) && p.key.value === k)?.value;
      for (const p of item.items) {
        const k = isScalar(p.key) ? String(p.key.value) : "";
        if (!(BRAND_KEYS as readonly string[]).includes(k)) fail(line, `unknown key '${k}' in a brand; a brand has ${BRAND_KEYS.join(", ")}`);
      }
      const key = isScalar(get("nama")) ? String((get("nama") as { value: unknown }).value) : "";
      if (!/^[a-z0-9]{3,}$/.test(key)) fail(line, `a brand's 'nama' must be its name in lower-case letters and digits without spaces, like 'gudanggaram'`);
      const domainNode = get("domain");
      const domains = isSeq(domainNode) ? domainNode.items.map((n) => (isScalar(n) ? String(n.value) : "")) : [];
      if (domains.length === 0) fail(line, `a brand needs 'domain': its official web domains, like [indomaret.co.id]`);
      for (const d of domains) if (!/^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,12}$/.test(d)) fail(line, `'${d}' is not a web domain like indomaret.co.id`);
      const writtenNode = get("tulisan");
      const written = writtenNode === undefined ? undefined : isSeq(writtenNode) ? writtenNode.items.map((n) => pattern(n, line, "tulisan", lineAt, fail, false)) : [pattern(writtenNode, line, "tulisan", lineAt, fail, false)];
      brands.push({ key, domains, ...(written ? { written: written.filter((w): w is string => w !== undefined) } : {}) });
    }
  }
  const words = (key: "ejaan_wajar" | "nama_dicatut", asPattern: boolean): string[] | undefined => {
    const f = onlyBrand(key);
    if (!f) return undefined;
    const items = isSeq(f.value) ? f.value.items : undefined;
    if (!items) {
      fail(f.line, `'${key}' must be a list`);
      return undefined;
    }
    return items
      .map((n) => {
        if (asPattern) return pattern(n, lineAt(posOf(n)), key, lineAt, fail, false);
        const v = isScalar(n) ? String(n.value) : "";
        if (!/^[a-z0-9]+$/.test(v)) fail(lineAt(posOf(n)), `each item of '${key}' must be one word in lower-case letters and digits`);
        return v;
      })
      .filter((v): v is string => v !== undefined);
  };
  const variants = words("ejaan_wajar", false);
  const impersonated = words("nama_dicatut", true);
  if (detector === "brand" && !brandField) fail(detectorField!.line, "'detektor: merek' needs 'merek': the brands scammers imitate");

  const examples = (key: "contoh_kena" | "contoh_aman"): Example[] => {
    const f = fields.get(key);
    if (!f) {
      fail(firstLine, `'${key}' is missing: at least one example text that ${key === "contoh_kena" ? "must raise" : "must not raise"} this flag`);
      return [];
    }
    const items = isSeq(f.value) ? f.value.items : undefined;
    if (!items || items.length === 0) {
      fail(f.line, `'${key}' must be a list of example texts`);
      return [];
    }
    const out: Example[] = [];
    for (const n of items) {
      const v = isScalar(n) ? n.value : undefined;
      if (typeof v !== "string" || !v.trim()) fail(lineAt(posOf(n)), `each item of '${key}' must be a text`);
      else out.push({ text: v, line: lineAt(posOf(n)) });
    }
    return out;
  };
  const hit = examples("contoh_kena");
  const safe = examples("contoh_aman");

  if (errors.length > before || !title || !explain || !label) return undefined;
  const data: Omit<ScamFlagData, "examples"> = {
    id: expectedId,
    title,
    label,
    explain,
    ...(report ? { report } : {}),
    ...(detector ? { detector } : {}),
    ignore,
    patterns,
    ...(strong ? { strong } : {}),
    ...(weak ? { weak } : {}),
    ...(brands ? { brands } : {}),
    ...(variants ? { variants } : {}),
    ...(impersonated ? { impersonated } : {}),
  };
  return { file, data, order, hit, safe };
}

/** A pattern's own 'kecuali_kalimat' and the flag's apply both. */
export function withFlagUnless(p: ScamPatternData, flagUnless: string | undefined): ScamPatternData {
  if (flagUnless === undefined) return p;
  return { ...p, sentenceUnless: p.sentenceUnless === undefined ? flagUnless : `(?:${p.sentenceUnless})|(?:${flagUnless})` };
}

/**
 * One pattern: a text, or a list of texts that are alternatives (any of them). Checks the building blocks,
 * the regular expression, that it cannot match an empty text, and that it is not catastrophically slow.
 */
export function pattern(
  node: unknown,
  line: number,
  key: string,
  lineAt: (pos: number) => number,
  fail: (line: number, message: string) => void,
  global: boolean,
): string | undefined {
  const parts: Array<{ source: string; line: number }> = [];
  if (isSeq(node)) {
    for (const n of node.items) {
      const v = isScalar(n) ? n.value : undefined;
      if (typeof v !== "string" || !v.trim()) {
        fail(lineAt(posOf(n)), `each alternative of '${key}' must be a pattern in quotes`);
        return undefined;
      }
      parts.push({ source: v, line: lineAt(posOf(n)) });
    }
  } else {
    const v = isScalar(node) ? node.value : undefined;
    if (typeof v !== "string" || !v.trim()) {
      fail(line, `'${key}' must be a pattern in quotes, or a list of patterns`);
      return undefined;
    }
    parts.push({ source: v, line: isScalar(node) ? lineAt(posOf(node)) : line });
  }
  let ok = true;
  for (const part of parts) {
    const problem = patternProblem(part.source, global);
    if (problem) {
      fail(part.line, `'${key}': ${problem}: ${part.source}`);
      ok = false;
    }
  }
  if (!ok) return undefined;
  return parts.map((p) => p.source).join("|");
}

/** Closest known key, as " (did you mean 'x'?)", for a typo (at most 2 edits). */
export function suggest(key: string, known: readonly string[]): string {
  const best = closest(key, known, 2);
  return best ? ` (did you mean '${best}'?)` : "";
}
