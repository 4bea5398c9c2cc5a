/** Compiling one guide (content/topik/*.md): front-matter, sections, blocks and placeholders, each problem with file and line. */
import { readFileSync } from "node:fs";
import { LineCounter, parseDocument, isMap, isScalar, isSeq } from "yaml";
import { isTopicId, TOPIC_IDS, type TopicId } from "../core/topics.ts";
import { renderBlocks } from "./render-blocks.ts";
import { checkBagian, guideSections } from "./guide-sections.ts";
import { checkTokens } from "./markdown-checks.ts";
import { blocksText, blockText } from "../core/rich.ts";
import { frontMatterEnd } from "./front-matter.ts";
import type { ContentError } from "./compiler.ts";
import { PLACEHOLDERS } from "./office-compiler.ts";
import type { CompiledTopic } from "./types.ts";
import MarkdownIt from "markdown-it";

const FRONT_MATTER_KEYS = new Set([
  "id", "title", "menu", "order", "command", "description", "keywords", "synonyms", "related", "reviewed",
  "contoh", "bagian",
]);

/** The longest paragraph or list a guide may hold, in characters: longer ones read badly on a phone. */
const MAX_BLOCK = 1500;
const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

/** A compiled topic with what only the index needs (dropped from the bundle's topics). */
export type Compiled = CompiledTopic & { plain: string; keywords: string[]; headings: string[]; examples: string[]; bagian: Record<string, string[]> };

export function compileTopic(
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
