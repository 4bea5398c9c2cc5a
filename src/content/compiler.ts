/**
 * The content compiler: Markdown and YAML in content/ → one validated ContentBundle.
 * Runs in node at build time (scripts/content.ts, the test config); the Worker never imports it.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { LineCounter, parseDocument, isMap } from "yaml";
import { TOPIC_IDS, type TopicId } from "../core/topics.ts";
import type { Listings } from "../listings/types.ts";
import { buildIndex, indexSections } from "./index-builder.ts";
import { encodeListings } from "../listings/stored.ts";
import { compileListings } from "./listings-compiler.ts";
import { compileScamRules } from "./scam-compiler.ts";
import { BLOB_PREFIX, type CompiledTopic, type ContentBundle } from "./types.ts";
import { latihanLines } from "./topic-model-data.ts";
import { MODEL_CLASSES, trainTopicModel } from "./topic-model-train.ts";
import { officeDate } from "../listings/search.ts";
import type { OfficeClock } from "../core/clock.ts";
import { configuredClock } from "./office-clock.ts";
import { PLACEHOLDERS, readOffice } from "./office-compiler.ts";
import { compileTopic, type Compiled } from "./topic-compiler.ts";

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
