/**
 * Compiles content/penipuan/: one Markdown file per job-scam red flag (its patterns, plain-words title and
 * explanation, and example texts that must and must not raise it) and _lapor.md (where to report).
 * Every key, pattern and example is checked with file and line, and every example runs through the real
 * detector, so a broken rule fails the build (and the pull request), not the bot. Runs in node at build time.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { isMap, isScalar } from "yaml";
import { checkVacancyText, detectFlags, prepareScamRules, type ScamRules, type ScamRulesData } from "../core/scam.ts";
import type { ContentError } from "./compiler.ts";
import type { Block } from "../core/body.ts";
import { renderBlocks } from "./render-blocks.ts";
import { SCAM_TRAINING_DIR, trainScamModel } from "./scam-model-data.ts";
import MarkdownIt from "markdown-it";
import { DETECTORS, type ReadFlag, readFrontMatter, posOf, readFlag } from "./scam-flag-reader.ts";

/** The folder of the scam rules inside the content root. */
export const SCAM_DIR = "penipuan";
/** The report advice: not a flag. */
export const REPORT_FILE = "_lapor.md";

const REPORT_KEYS = ["judul"] as const;

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

export interface ScamCompileOptions {
  /** path as shown in errors */
  rel: (p: string) => string;
  /** office settings for {{kantor.x}} placeholders in the report advice */
  office: Record<string, string>;
  errors: ContentError[];
  /** problems that do not stop a deploy (a learned flag with nothing to learn from) */
  warnings?: ContentError[];
}

export interface ScamCompileResult {
  /** what goes into the bundle; absent when a file has errors */
  data?: ScamRulesData;
  /** the same rules compiled for matching (the listings compiler scans listings with them) */
  rules?: ScamRules;
}

/** Compile content/penipuan/ under `root`. Errors go to `options.errors`, each with file and line. */
export function compileScamRules(root: string, options: ScamCompileOptions): ScamCompileResult {
  const { rel, errors } = options;
  const dir = join(root, SCAM_DIR);
  const before = errors.length;
  if (!existsSync(dir)) {
    errors.push({ file: rel(dir), line: 1, message: `the folder of scam rules is missing: add ${SCAM_DIR}/ with one file per red flag and ${REPORT_FILE}` });
    return {};
  }
  const names = readdirSync(dir).filter((f) => f.endsWith(".md")).sort();
  const flags: ReadFlag[] = [];
  let report: Block[] | undefined;
  for (const name of names) {
    const path = join(dir, name);
    if (name === REPORT_FILE) report = readReport(path, rel(path), options);
    else if (name.startsWith("_")) errors.push({ file: rel(path), line: 1, message: `unknown special file; the only file starting with '_' is ${REPORT_FILE} (a red flag's file name is its id)` });
    else {
      const flag = readFlag(path, rel(path), errors);
      if (flag) flags.push(flag);
    }
  }
  if (!names.includes(REPORT_FILE)) errors.push({ file: rel(join(dir, REPORT_FILE)), line: 1, message: "the report advice is missing: where a seeker reports a scam" });
  if (flags.length === 0 && errors.length === before) errors.push({ file: rel(dir), line: 1, message: "there is no red flag: add at least one file" });
  for (const [name, detector] of Object.entries(DETECTORS)) {
    const using = flags.filter((f) => f.data.detector === detector);
    for (const extra of using.slice(1)) {
      errors.push({ file: extra.file, line: 1, message: `'detektor: ${name}' is already used by ${using[0]!.file}; only one flag may use it` });
    }
  }
  const modelFlag = flags.find((f) => f.data.detector === "model");
  const model = modelFlag ? trainScamModel(root, rel, errors) : undefined;
  // Without offers to learn from the flag stays silent: a warning, the rules still work.
  if (modelFlag && !model && errors.length === before) {
    options.warnings?.push({ file: modelFlag.file, line: 1, message: `'detektor: belajar' has no labelled offers of both kinds (scam and genuine) in content/${SCAM_TRAINING_DIR}/*.tsv, so this flag is never raised` });
  }
  if (errors.length > before || report === undefined) return {};

  flags.sort((a, b) => a.order - b.order || a.data.id.localeCompare(b.data.id));
  const data: ScamRulesData = {
    flags: flags.map((f) => ({ ...f.data, examples: { hit: f.hit.length, safe: f.safe.length } })),
    report,
    ...(model ? { model } : {}),
  };
  let rules: ScamRules;
  try {
    rules = prepareScamRules(data);
  } catch (e) {
    // every pattern was compiled above; this is a bug, not a content error, but report it where staff look
    errors.push({ file: rel(dir), line: 1, message: `the rules could not be prepared: ${(e as Error).message}` });
    return {};
  }
  // Every example through the real detector, with all rules: what staff declared is what the bot does.
  for (const f of flags) {
    const id = f.data.id;
    // the learned flag is raised by the full check only (never on free text), so its examples go through that
    if (f.data.detector === "model" && !model) continue;
    const flagsOf = f.data.detector === "model" ? (text: string) => checkVacancyText(text, [], rules).flags : (text: string) => detectFlags(text, rules);
    for (const ex of f.hit) {
      const found = flagsOf(ex.text);
      if (!found.some((x) => x.id === id)) {
        const others = found.length ? ` (it raises ${found.map((x) => `'${x.id}'`).join(", ")})` : "";
        errors.push({ file: f.file, line: ex.line, message: `this example in 'contoh_kena' does not raise '${id}'${others}: "${ex.text}"; widen a pattern, or move the example to 'contoh_aman'` });
      }
    }
    for (const ex of f.safe) {
      const hit = flagsOf(ex.text).find((x) => x.id === id);
      if (hit) {
        errors.push({ file: f.file, line: ex.line, message: `this example in 'contoh_aman' raises '${id}' on "${hit.evidence}"; narrow the pattern, or move the example to 'contoh_kena'` });
      }
    }
  }
  if (errors.length > before) return {};
  return { data, rules };
}

// ── The report advice ───────────────────────────────────────────────────────

/** _lapor.md: its title (optional, bold) and body in Markdown, office placeholders filled, as channel-neutral blocks. */
function readReport(path: string, file: string, options: ScamCompileOptions): Block[] | undefined {
  const { errors, office } = options;
  const before = errors.length;
  const fm = readFrontMatter(path, file, errors);
  if (!fm) return undefined;
  for (const item of isMap(fm.doc.contents) ? fm.doc.contents.items : []) {
    const key = isScalar(item.key) ? String(item.key.value) : "";
    if (!(REPORT_KEYS as readonly string[]).includes(key)) {
      errors.push({ file, line: fm.lineAt(posOf(item.key)), message: `unknown key '${key}'; the report advice has only ${REPORT_KEYS.join(", ")}` });
    }
  }
  const titleItem = isMap(fm.doc.contents) ? fm.doc.contents.items.find((i) => isScalar(i.key) && i.key.value === "judul") : undefined;
  const title = titleItem && isScalar(titleItem.value) && typeof titleItem.value.value === "string" ? titleItem.value.value.trim() : "";
  if (titleItem && !title) errors.push({ file, line: fm.lineAt(posOf(titleItem.key)), message: "'judul' must be a text" });
  const bodyStart = fm.end + 1;
  const body = fm.lines
    .slice(bodyStart)
    .map((line, i) =>
      line.replace(/\{\{\s*kantor\.([a-z_]+)\s*\}\}/g, (match, key: string) => {
        if (office[key] !== undefined) return office[key]!;
        errors.push({ file, line: bodyStart + i + 1, message: `unknown placeholder ${match}; kantor.yaml has no '${key}'` });
        return match;
      }),
    )
    .join("\n")
    .trim();
  if (!body) errors.push({ file, line: bodyStart + 1, message: "the report advice has no text: where a seeker reports a scam" });
  if (errors.length > before) return undefined;
  const blocks = renderBlocks(md.parse(body, {})).map((b) => b.block);
  return [...(title ? [{ type: "heading" as const, spans: [{ text: title }] }] : []), ...blocks];
}
