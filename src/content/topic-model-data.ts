/**
 * The topic model's training examples (src/content/topic-model-train.ts): every guide's `contoh:` lines and the
 * labelled questions in content/latihan/*.tsv (`question<TAB>topic[|topic][<TAB>section]`, `#` comments), which
 * content staff extend in git like the `contoh:` lines. Lines naming an unknown topic are reported as errors.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { isTopicId, type TopicId } from "../core/topics.ts";
import { frontMatterEnd } from "./front-matter.ts";
import type { TrainingExample } from "./topic-model-train.ts";

/** The `contoh:` lines of content/topik/*.md as training examples of their topic. */
export function contohLines(contentDir: string): TrainingExample[] {
  const dir = join(contentDir, "topik");
  const out: TrainingExample[] = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".md")).sort()) {
    const id = f.slice(0, -3);
    if (!isTopicId(id)) continue;
    const lines = readFileSync(join(dir, f), "utf8").replace(/\r\n?/g, "\n").split("\n");
    const end = frontMatterEnd(lines, () => {});
    if (end === undefined) continue;
    const fm = parse(lines.slice(1, end).join("\n")) as { contoh?: unknown } | null;
    const contoh = Array.isArray(fm?.contoh) ? fm.contoh : [];
    for (const c of contoh) if (typeof c === "string" || typeof c === "number") out.push({ text: String(c), topics: [id] });
  }
  return out;
}

/** One problem in a training file, for the content check. */
export interface TrainingError {
  file: string;
  line: number;
  message: string;
}

/** The labelled questions of content/latihan/*.tsv. */
export function latihanLines(contentDir: string, errors: TrainingError[] = []): TrainingExample[] {
  const dir = join(contentDir, "latihan");
  if (!existsSync(dir)) return [];
  const out: TrainingExample[] = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".tsv")).sort()) {
    readFileSync(join(dir, f), "utf8")
      .split(/\r?\n/)
      .forEach((raw, i) => {
        const line = raw.trim();
        if (!line || line.startsWith("#")) return;
        const [question = "", labels = ""] = raw.split("\t");
        const topics = labels.split("|").map((t) => t.trim());
        const bad = topics.find((t) => !isTopicId(t));
        if (!question.trim() || bad !== undefined) {
          errors.push({ file: `content/latihan/${f}`, line: i + 1, message: bad !== undefined ? `'${bad}' is not a topic id` : "the question is empty" });
          return;
        }
        out.push({ text: question.trim(), topics: topics as TopicId[] });
      });
  }
  return out;
}
