/**
 * The content compiler: Markdown and YAML in content/ → one validated ContentBundle.
 * Runs in node at build time (scripts/content.ts, the test config); the Worker never imports it.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import MarkdownIt from "markdown-it";
import { LineCounter, parseDocument, isMap, isScalar, isSeq } from "yaml";
import { isTopicId, TOPIC_IDS, type TopicId } from "../core/topics.ts";
import type { Listings, MinimumWages } from "../listings/types.ts";
import { buildIndex, indexSections } from "./index-builder.ts";
import { encodeListings } from "../listings/stored.ts";
import { areaData, compileListings, type Wilayah } from "./listings-compiler.ts";
import { formatRupiah } from "./listings-checks.ts";
import { renderBlocks } from "./render-blocks.ts";
import { checkBagian, guideSections } from "./guide-sections.ts";
import { checkTokens } from "./markdown-checks.ts";
import { blocksText, blockText } from "../core/rich.ts";
import { compileScamRules } from "./scam-compiler.ts";
import { BLOB_PREFIX, type CompiledTopic, type ContentBundle } from "./types.ts";
import { frontMatterEnd } from "./front-matter.ts";
import { latihanLines } from "./topic-model-data.ts";
import { MODEL_CLASSES, trainTopicModel } from "./topic-model-train.ts";
import { officeDate } from "../listings/search.ts";
import type { OfficeClock } from "../core/clock.ts";
import { configuredClock } from "./office-clock.ts";

/** One problem in a content file, phrased for a content editor. */
export interface ContentError {
  file: string;
  line: number;
  message: string;
}

/** The result of compiling: a bundle when there are no errors. */
export interface CompileResult {
  bundle?: ContentBundle;
  /** content-hashed KV entries the bundle refers to: key → value */
  blobs?: Record<string, string>;
  /** the compiled listings, also stored as the blob named by bundle.blobs.listings */
  listings?: Listings;
  errors: ContentError[];
  /** problems that do not stop a deploy (an expired listing left out, a wording to reconsider) */
  warnings: ContentError[];
}

/** Text settings of kantor.yaml; each is also a placeholder {{kantor.<key>}}. */
const OFFICE_KEYS = [
  "nama", "nama_singkat", "kabupaten", "alamat", "jam_layanan", "telepon",
  "whatsapp", "email", "website", "instagram",
] as const;

/** Placeholders derived from kantor.yaml `umk`: year, decree, the office's own UMK ("Rp2.567.744") and every area's. */
const UMK_PLACEHOLDERS = ["umk_tahun", "umk_dasar_hukum", "umk_nilai", "umk_daftar"] as const;

/** Every {{kantor.<key>}} a guide or canned reply may use. */
const PLACEHOLDERS: readonly string[] = [...OFFICE_KEYS, ...UMK_PLACEHOLDERS];

const FRONT_MATTER_KEYS = new Set([
  "id", "title", "menu", "order", "command", "description", "keywords", "synonyms", "related", "reviewed",
  "contoh", "bagian",
]);

const MAX_BLOCK = 1500;
const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

/** Formats an error the way content staff read it: "content/cv.md line 3: ..." */
export function formatError(e: ContentError): string {
  return `${e.file} line ${e.line}: ${e.message}`;
}

/** Today's date on the office clock configured in wrangler.toml (OFFICE_UTC_OFFSET), YYYY-MM-DD. */
export function officeToday(now: number = Date.now(), clock: OfficeClock = configuredClock()): string {
  return officeDate(now, clock);
}

/**
 * Compile the content directory `root` (kantor.yaml, topik/, and optionally balasan/, lowongan/, pelatihan/).
 * `today` (YYYY-MM-DD, default: the office's date) decides which dates are past or in the future.
 */
export function compileContent(root: string, options: { cwd?: string; today?: string } = {}): CompileResult {
  const cwd = options.cwd ?? process.cwd();
  const today = options.today ?? officeToday();
  const errors: ContentError[] = [];
  const warnings: ContentError[] = [];
  const rel = (p: string) => relative(cwd, p) || p;

  const { office, wilayah, umk } = readOffice(join(root, "kantor.yaml"), rel, today, errors, warnings);
  const topicDir = join(root, "topik");
  const topics = new Map<TopicId, Compiled>();
  const files = existsSync(topicDir) ? readdirSync(topicDir).filter((f) => f.endsWith(".md")).sort() : [];
  for (const f of files) {
    const compiled = compileTopic(join(topicDir, f), rel, office, today, errors);
    if (compiled) topics.set(compiled.id, compiled);
  }
  for (const id of TOPIC_IDS) {
    if (!topics.has(id) && !errors.some((e) => e.file === rel(join(topicDir, `${id}.md`)))) {
      errors.push({ file: rel(join(topicDir, `${id}.md`)), line: 1, message: `the file for topic '${id}' is missing; every topic needs a guide` });
    }
  }
  checkCrossReferences(topics, topicDir, rel, errors);
  const cannedDir = join(root, "balasan");
  const canned = existsSync(cannedDir)
    ? readdirSync(cannedDir)
        .filter((f) => f.endsWith(".md"))
        .sort()
        .map((f) => compileCanned(join(cannedDir, f), rel, office, errors))
        .filter((c): c is { id: string; title: string; text: string } => c !== undefined)
    : [];
  // scam rules (content/penipuan/) first: the listings are scanned with them
  const scam = compileScamRules(root, { rel, office, errors, warnings });
  const listings = compileListings(root, {
    rel,
    today,
    errors,
    warnings,
    ...(wilayah ? { wilayah } : {}),
    ...(umk ? { umk } : {}),
    ...(scam.rules ? { scam: scam.rules } : {}),
  });
  const latihan = latihanLines(root, errors);
  if (errors.length > 0) return { errors, warnings };
  // the listings index and its detail chunks, each under a content-hashed key (a sync writes only new keys)
  const blobKey = (text: string) => BLOB_PREFIX + createHash("sha256").update(text).digest("hex").slice(0, 32);
  const stored = encodeListings(listings, blobKey);
  const listingsKey = blobKey(stored.index);

  const ordered = [...topics.values()].sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  const index = buildIndex(
    ordered
      .filter((t) => t.id !== "unknown")
      .map((t) => ({
        topic: t.id,
        title: t.title,
        keywords: t.keywords,
        headings: t.headings,
        body: t.plain,
        examples: t.examples,
        sections: indexSections(t.sections, t.bagian),
      })),
  );
  // the learned topic model: every guide's `contoh:` lines and the labelled questions of content/latihan/
  const contoh = ordered.flatMap((t) => t.examples.map((text) => ({ text, topics: [t.id] })));
  index.model = trainTopicModel([...contoh, ...latihan], MODEL_CLASSES, {}, index);
  const bundleTopics = {} as Record<TopicId, CompiledTopic>;
  for (const t of ordered) {
    const { plain: _plain, keywords: _keywords, headings: _headings, examples: _examples, bagian: _bagian, ...rest } = t;
    bundleTopics[t.id] = rest;
  }
  const body = {
    office,
    ...(umk ? { umk } : {}),
    topics: bundleTopics,
    menu: ordered.filter((t) => t.menuLabel).map((t) => t.id),
    commands: ordered
      .filter((t) => t.command)
      .map((t) => ({ command: t.command!, topic: t.id, description: t.description ?? t.title })),
    index,
    blobs: { listings: listingsKey },
    canned,
    ...(scam.data ? { scam: scam.data } : {}),
  };
  const version = createHash("sha256").update(JSON.stringify(body)).digest("hex").slice(0, 16);
  return { bundle: { version, builtAt: new Date().toISOString(), ...body }, blobs: { [listingsKey]: stored.index, ...stored.chunks }, listings, errors, warnings };
}

/** kantor.yaml: the office's text settings, `wilayah` (the regency codes it serves) and `umk` (minimum wages). */
function readOffice(
  path: string,
  rel: (p: string) => string,
  today: string,
  errors: ContentError[],
  warnings: ContentError[],
): { office: Record<string, string>; wilayah?: Wilayah; umk?: MinimumWages } {
  const file = rel(path);
  if (!existsSync(path)) {
    errors.push({ file, line: 1, message: "the office file is missing (name, address, hours and contacts of the office)" });
    return { office: {} };
  }
  const lines = new LineCounter();
  const doc = parseDocument(readFileSync(path, "utf8"), { lineCounter: lines, prettyErrors: false });
  for (const e of doc.errors) errors.push({ file, line: lines.linePos(e.pos[0]).line, message: `YAML error: ${e.message.split("\n")[0]}` });
  const office: Record<string, string> = {};
  let wilayah: Wilayah | undefined;
  let umk: MinimumWages | undefined;
  let umkLines: { tahun: number; wilayah: number } | undefined;
  if (!isMap(doc.contents)) {
    if (doc.errors.length === 0) errors.push({ file, line: 1, message: "expected 'key: value' lines" });
    return { office };
  }
  const lineAt = (node: unknown) => lines.linePos(isScalar(node) ? node.range?.[0] ?? 0 : 0).line;
  for (const item of doc.contents.items) {
    const key = isScalar(item.key) ? String(item.key.value) : "";
    const line = lineAt(item.key);
    if (key === "wilayah") {
      const codes = isSeq(item.value) ? item.value.items.map((n) => (isScalar(n) ? n.value : n)) : [];
      if (codes.length === 0) {
        errors.push({ file, line, message: `'wilayah' must be a list of kabupaten/kota codes in quotes, like ["35.05", "35.72"]` });
      } else if (codes.some((c) => typeof c !== "string")) {
        errors.push({ file, line, message: `'wilayah' codes must be written in quotes, like ["35.05", "35.72"] (without quotes 35.10 would be read as the number 35.1)` });
      } else wilayah = { codes: codes.map((c) => String(c).trim()), file, line };
      continue;
    }
    if (key === "umk") {
      const read = readUmk(item.value, line, lineAt, (l, message) => errors.push({ file, line: l, message }));
      if (read) ({ umk, lines: umkLines } = read);
      continue;
    }
    if (!(OFFICE_KEYS as readonly string[]).includes(key)) {
      const hint = key === "umk_tahun" || key === "umk_nilai"
        ? "; the UMK is now written per kabupaten/kota under 'umk:' (tahun, dasar_hukum, wilayah), see docs/konten-lowongan.md"
        : ` (known: ${OFFICE_KEYS.join(", ")}, wilayah, umk)`;
      errors.push({ file, line, message: `'${key}' is not a known setting${hint}` });
      continue;
    }
    const value = isScalar(item.value) ? item.value.value : undefined;
    if (value === null || value === undefined || String(value).trim() === "" || typeof value === "object") {
      errors.push({ file, line, message: `'${key}' needs a value` });
      continue;
    }
    office[key] = String(value).trim();
  }
  for (const key of OFFICE_KEYS) {
    if (!(key in office) && !errors.some((e) => e.file === file && e.message.startsWith(`'${key}'`))) {
      errors.push({ file, line: 1, message: `'${key}' is missing` });
    }
  }
  if (!wilayah && !errors.some((e) => e.file === file && e.message.startsWith("'wilayah'"))) {
    errors.push({ file, line: 1, message: `'wilayah' is missing (the kabupaten/kota codes the office serves, like ["35.05", "35.72"])` });
  }
  if (!umkLines && !errors.some((e) => e.file === file && e.message.startsWith("'umk"))) {
    errors.push({ file, line: 1, message: "'umk' is missing (the minimum wage per kabupaten/kota: tahun, dasar_hukum, wilayah); see docs/konten-lowongan.md" });
  }
  if (umk && umkLines) {
    const own = umk.areas[0]!;
    if (office.kabupaten && own.name.toLowerCase() !== office.kabupaten.toLowerCase()) {
      errors.push({ file, line: umkLines.wilayah, message: `'umk.wilayah' starts with "${own.code}" (${own.name}), but the office is in ${office.kabupaten}; put the office's own kabupaten/kota first` });
    }
    const year = today.slice(0, 4);
    if (umk.year < year) {
      warnings.push({ file, line: umkLines.tahun, message: `'umk.tahun' is ${umk.year}, but it is ${year} now: enter the UMK ${year} from the Governor's decree (tahun, dasar_hukum and every amount)` });
    }
    for (const code of wilayah?.codes ?? []) {
      if (!umk.areas.some((a) => a.code === code)) {
        const name = areaData().regencies.get(code) ?? code;
        warnings.push({ file, line: umkLines.wilayah, message: `'umk.wilayah' has no UMK for ${name} ("${code}"), which the office serves; vacancies there cannot be checked against the minimum wage` });
      }
    }
    office.umk_tahun = umk.year;
    office.umk_dasar_hukum = umk.legalBasis;
    office.umk_nilai = formatRupiah(own.monthly);
    office.umk_daftar = umk.areas.map((a) => `${a.name} ${formatRupiah(a.monthly)}`).join(", ");
  }
  return { office, ...(wilayah ? { wilayah } : {}), ...(umk ? { umk } : {}) };
}

const UMK_KEYS = ["tahun", "dasar_hukum", "wilayah"] as const;

/** kantor.yaml `umk`: year, legal basis and the monthly UMK per regency code, every problem with its line. */
function readUmk(
  node: unknown,
  line: number,
  lineAt: (node: unknown) => number,
  fail: (line: number, message: string) => void,
): { umk?: MinimumWages; lines: { tahun: number; wilayah: number } } | undefined {
  if (!isMap(node)) {
    fail(line, `'umk' must hold indented lines: tahun, dasar_hukum and wilayah (see docs/konten-lowongan.md)`);
    return undefined;
  }
  let ok = true;
  const bad = (l: number, message: string) => {
    ok = false;
    fail(l, message);
  };
  const lines = { tahun: line, wilayah: line };
  let year: string | undefined;
  let legalBasis: string | undefined;
  const areas: MinimumWages["areas"] = [];
  const seen = new Set<string>();
  for (const item of node.items) {
    const key = isScalar(item.key) ? String(item.key.value) : "";
    const at = lineAt(item.key);
    if (!(UMK_KEYS as readonly string[]).includes(key)) {
      bad(at, `'umk.${key}' is not a known setting (known: ${UMK_KEYS.join(", ")})`);
      continue;
    }
    seen.add(key);
    const value = isScalar(item.value) ? item.value.value : undefined;
    if (key === "tahun") {
      lines.tahun = at;
      if ((typeof value !== "string" && typeof value !== "number") || !/^20\d\d$/.test(String(value).trim())) {
        bad(at, `'umk.tahun' must be the year the UMK applies to, like "2026" (got '${String(value ?? "")}')`);
      } else year = String(value).trim();
    } else if (key === "dasar_hukum") {
      if (typeof value !== "string" || value.trim() === "") {
        bad(at, "'umk.dasar_hukum' needs the decree that sets the UMK, like \"Keputusan Gubernur Jawa Timur Nomor ...\"");
      } else legalBasis = value.trim().replace(/\s+/g, " ");
    } else {
      lines.wilayah = at;
      if (!isMap(item.value) || item.value.items.length === 0) {
        bad(at, `'umk.wilayah' must hold one indented line per kabupaten/kota: its code in quotes and the monthly UMK in rupiah, like "35.05": 2567744`);
        continue;
      }
      const { regencies } = areaData();
      for (const entry of item.value.items) {
        const code = isScalar(entry.key) ? entry.key.value : undefined;
        const l = lineAt(entry.key);
        const amount = isScalar(entry.value) ? entry.value.value : undefined;
        if (typeof code !== "string") {
          bad(l, `'umk.wilayah' codes must be written in quotes, like "35.05": 2567744 (without quotes 35.10 would be read as the number 35.1)`);
          continue;
        }
        const name = regencies.get(code.trim());
        if (!name) {
          bad(l, `'umk.wilayah' names '${code}', which is not a kabupaten/kota code in idn-area-data (e.g. "35.05" is Kabupaten Blitar)`);
          continue;
        }
        if (typeof amount !== "number" || !Number.isSafeInteger(amount) || amount < 100_000) {
          bad(l, `'umk.wilayah' "${code}" (${name}) must be the monthly UMK in rupiah, a whole number without dots or 'Rp', like 2567744 (got '${String(amount ?? "")}')`);
          continue;
        }
        areas.push({ code: code.trim(), name, monthly: amount });
      }
    }
  }
  for (const key of UMK_KEYS) if (!seen.has(key)) bad(line, `'umk.${key}' is missing`);
  if (!ok || !year || !legalBasis || areas.length === 0) return { lines };
  return { umk: { year, legalBasis, areas }, lines };
}

/** A compiled topic with what only the index needs (dropped from the bundle's topics). */
type Compiled = CompiledTopic & { plain: string; keywords: string[]; headings: string[]; examples: string[]; bagian: Record<string, string[]> };

function compileTopic(
  path: string,
  rel: (p: string) => string,
  office: Record<string, string>,
  today: string,
  errors: ContentError[],
): Compiled | undefined {
  const file = rel(path);
  const source = readFileSync(path, "utf8").replace(/\r\n?/g, "\n");
  const errorCount = errors.length;
  const fail = (line: number, message: string) => errors.push({ file, line, message });

  const lines = source.split("\n");
  const end = frontMatterEnd(lines, fail);
  if (end === undefined) return undefined;
  const fmText = lines.slice(1, end).join("\n");
  const counter = new LineCounter();
  const doc = parseDocument(fmText, { lineCounter: counter, prettyErrors: false });
  const fmLine = (offset: number) => counter.linePos(offset).line + 1;
  for (const e of doc.errors) fail(fmLine(e.pos[0]), `front-matter is not valid YAML: ${e.message.split("\n")[0]}`);
  if (doc.errors.length > 0) return undefined;
  if (!isMap(doc.contents)) {
    fail(2, "the front-matter must hold 'key: value' lines (id, title, ...)");
    return undefined;
  }
  const fm = new Map<string, { value: unknown; line: number }>();
  for (const item of doc.contents.items) {
    const key = isScalar(item.key) ? String(item.key.value) : "";
    const line = fmLine(isScalar(item.key) ? item.key.range?.[0] ?? 0 : 0);
    if (!FRONT_MATTER_KEYS.has(key)) {
      fail(line, `'${key}' is not a known field (known: ${[...FRONT_MATTER_KEYS].join(", ")})`);
      continue;
    }
    const node = item.value;
    const value = isSeq(node)
      ? node.items.map((n) => (isScalar(n) ? n.value : n))
      : isScalar(node)
        ? node.value
        : node === null
          ? null
          : (node as { toJSON(): unknown }).toJSON();
    fm.set(key, { value, line });
  }
  const closing = end + 1;
  const lineOf = (key: string) => fm.get(key)?.line ?? closing;
  const str = (key: string, required: boolean, max: number): string | undefined => {
    const entry = fm.get(key);
    if (!entry || entry.value === null || entry.value === undefined || entry.value === "") {
      if (required) fail(entry?.line ?? closing, `'${key}' is missing`);
      return undefined;
    }
    if (typeof entry.value !== "string" && typeof entry.value !== "number") {
      fail(entry.line, `'${key}' must be text`);
      return undefined;
    }
    const text = String(entry.value).trim();
    if ([...text].length > max) fail(entry.line, `'${key}' is too long (${[...text].length} characters, at most ${max})`);
    return text;
  };
  const list = (key: string): string[] => {
    const entry = fm.get(key);
    if (!entry || entry.value === null || entry.value === undefined) return [];
    if (!Array.isArray(entry.value) || entry.value.some((v) => typeof v !== "string" && typeof v !== "number")) {
      fail(entry.line, `'${key}' must be a list like [one, two, three]`);
      return [];
    }
    return entry.value.map((v) => String(v).trim()).filter(Boolean);
  };

  const expectedId = path.split("/").pop()!.replace(/\.md$/, "");
  const id = str("id", true, 40);
  if (id !== undefined) {
    if (!isTopicId(id)) fail(lineOf("id"), `'id' is '${id}', which is not a topic (topics: ${TOPIC_IDS.join(", ")})`);
    else if (id !== expectedId) fail(lineOf("id"), `'id' is '${id}' but the file is named ${expectedId}.md; they must match`);
  } else if (!isTopicId(expectedId)) {
    fail(1, `the file name '${expectedId}.md' is not a topic (topics: ${TOPIC_IDS.join(", ")})`);
  }
  const title = str("title", true, 100);
  const menuLabel = str("menu", false, 32);
  const orderEntry = fm.get("order");
  let order = 500;
  if (!orderEntry) fail(closing, "'order' is missing (a number giving the position in the menu)");
  else if (typeof orderEntry.value !== "number" || !Number.isInteger(orderEntry.value)) fail(orderEntry.line, "'order' must be a whole number");
  else order = orderEntry.value;
  const command = str("command", false, 32);
  if (command !== undefined && !/^[a-z0-9_]{1,32}$/.test(command)) {
    fail(lineOf("command"), `'command' may hold only lower-case letters, digits and '_' (got '${command}')`);
  }
  const description = str("description", command !== undefined, 256);
  const keywords = [...list("keywords"), ...list("synonyms")];
  const examples = list("contoh");
  const bagianEntry = fm.get("bagian");
  const bagian: Record<string, string[]> = {};
  if (bagianEntry && bagianEntry.value !== null && bagianEntry.value !== undefined) {
    const value = bagianEntry.value;
    if (typeof value !== "object" || Array.isArray(value)) {
      fail(bagianEntry.line, "'bagian' must map section ids to keyword lists, like { upah-minimum-umk: [umk, gaji minimal] }");
    } else {
      for (const [slug, words] of Object.entries(value as Record<string, unknown>)) {
        if (!Array.isArray(words) || words.some((v) => typeof v !== "string" && typeof v !== "number")) {
          fail(bagianEntry.line, `'bagian' ${slug}: must be a list like [one, two, three]`);
          continue;
        }
        bagian[slug] = words.map((v) => String(v).trim()).filter(Boolean);
      }
    }
  }
  const related = list("related");
  for (const r of related) {
    if (!isTopicId(r)) fail(lineOf("related"), `'related' names '${r}', which is not a topic`);
    else if (r === id) fail(lineOf("related"), "'related' must not name the topic itself");
  }
  const reviewed = fm.get("reviewed");
  let reviewedText = "";
  if (!reviewed) fail(closing, "'reviewed' is missing (the date the guide was last checked, like 2026-11-23)");
  else {
    const v = reviewed.value instanceof Date ? reviewed.value.toISOString().slice(0, 10) : String(reviewed.value ?? "");
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) fail(reviewed.line, `'reviewed' must be a date like 2026-11-23 (got '${v}')`);
    else if (v > today) fail(reviewed.line, `'reviewed' is ${v}, a date in the future`);
    else reviewedText = v;
  }

  // Body: placeholders first (they are plain text), then Markdown.
  const bodyStart = end + 2; // 1-based line number of the first body line
  const bodyLines = lines.slice(end + 1);
  const substituted = bodyLines.map((line, i) =>
    line.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (match, name: string) => {
      const key = name.startsWith("kantor.") ? name.slice("kantor.".length) : "";
      if (key && key in office) return office[key]!;
      if (!key || !PLACEHOLDERS.includes(key)) {
        fail(bodyStart + i, `unknown placeholder ${match}; use one of ${PLACEHOLDERS.map((k) => `{{kantor.${k}}}`).join(", ")}`);
      }
      return match;
    }),
  );
  const markdown = substituted.join("\n");
  if (markdown.trim() === "") fail(bodyStart, "the guide has no text below the front-matter");
  const tokens = md.parse(markdown, {});
  checkTokens(tokens, bodyStart, fail);
  if (errors.length > errorCount) return undefined;

  const blocks = renderBlocks(tokens);
  for (const b of blocks) {
    const length = blockText(b.block).length;
    if (length > MAX_BLOCK) {
      fail(bodyStart + b.line, `this paragraph or list is too long for one chat message (${length} characters, at most ${MAX_BLOCK}); split it`);
    }
  }
  if (errors.length > errorCount) return undefined;
  const sections = guideSections(title ?? "", blocks.map((b) => b.block));
  const headings = sections.filter((x) => x.id !== "").map((x) => x.title);
  checkBagian(bagian, sections, lineOf("bagian"), fail);
  const plain = blocksText(blocks.map((b) => b.block));

  return {
    id: id as TopicId,
    title: title!,
    ...(menuLabel ? { menuLabel } : {}),
    order,
    ...(command ? { command } : {}),
    ...(description ? { description } : {}),
    related: related as TopicId[],
    reviewed: reviewedText,
    sections,
    text: plain,
    plain,
    keywords,
    headings,
    examples,
    bagian,
  };
}

/** A counsellor's canned reply: front-matter id and title, a plain-text body with office placeholders. */
function compileCanned(
  path: string,
  rel: (p: string) => string,
  office: Record<string, string>,
  errors: ContentError[],
): { id: string; title: string; text: string } | undefined {
  const file = rel(path);
  const lines = readFileSync(path, "utf8").replace(/\r\n?/g, "\n").split("\n");
  const end = lines[0]?.trim() === "---" ? lines.findIndex((l, i) => i > 0 && l.trim() === "---") : -1;
  if (end < 0) {
    errors.push({ file, line: 1, message: "the file must start with a front-matter block (id, title) between two '---' lines" });
    return undefined;
  }
  const counter = new LineCounter();
  const doc = parseDocument(lines.slice(1, end).join("\n"), { lineCounter: counter, prettyErrors: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) {
    errors.push({ file, line: 2, message: "front-matter is not valid YAML" });
    return undefined;
  }
  const data = doc.toJSON() as Record<string, unknown>;
  const expectedId = path.split("/").pop()!.replace(/\.md$/, "");
  const before = errors.length;
  if (typeof data.id !== "string" || data.id !== expectedId) errors.push({ file, line: 2, message: `'id' must be '${expectedId}', the file name` });
  if (typeof data.title !== "string" || !data.title.trim()) errors.push({ file, line: end + 1, message: "'title' is missing" });
  const body = lines
    .slice(end + 1)
    .map((line, i) =>
      line.replace(/\{\{\s*kantor\.([a-z_]+)\s*\}\}/g, (match, key: string) => {
        if (key in office) return office[key]!;
        // A known setting missing from kantor.yaml is reported once, there.
        if (!PLACEHOLDERS.includes(key)) errors.push({ file, line: end + 2 + i, message: `unknown placeholder ${match}` });
        return match;
      }),
    )
    .join("\n")
    .trim();
  if (!body) errors.push({ file, line: end + 2, message: "the reply has no text" });
  if (errors.length > before) return undefined;
  return { id: expectedId, title: String(data.title).trim(), text: body };
}

function checkCrossReferences(
  topics: Map<TopicId, Compiled>,
  topicDir: string,
  rel: (p: string) => string,
  errors: ContentError[],
): void {
  const commands = new Map<string, TopicId>();
  for (const t of topics.values()) {
    if (!t.command) continue;
    const reserved = ["start", "bantuan", "help", "batal", "datasaya", "hapusdata"];
    const file = rel(join(topicDir, `${t.id}.md`));
    if (reserved.includes(t.command)) {
      errors.push({ file, line: 1, message: `'command' /${t.command} is reserved by the bot` });
    }
    const other = commands.get(t.command);
    if (other) errors.push({ file, line: 1, message: `'command' /${t.command} is already used by ${other}.md` });
    commands.set(t.command, t.id);
  }
}
