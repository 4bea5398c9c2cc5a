/**
 * The scam model's training offers (src/core/scam-model.ts): content/latihan/penipuan/*.tsv, one offer per line,
 * `text<TAB>scam|genuine` (`#` comments). Content staff add offers seekers forwarded, labelled, like the routing
 * examples next door; a line with another label is reported with its file and line.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { trainTopicModel, type TrainingExample } from "./topic-model-train.ts";
import { SCAM_LABELS, type ScamLabel, type ScamModel } from "../core/scam-model.ts";
import type { ContentError } from "./compiler.ts";

/** The folder of the scam model's training offers inside the content root. */
export const SCAM_TRAINING_DIR = join("latihan", "penipuan");

/** Read the labelled offers under `root`; problems go to `errors`. */
export function scamTrainingLines(root: string, rel: (path: string) => string, errors: ContentError[]): TrainingExample<ScamLabel>[] {
  const dir = join(root, SCAM_TRAINING_DIR);
  if (!existsSync(dir)) return [];
  const out: TrainingExample<ScamLabel>[] = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".tsv")).sort()) {
    const path = join(dir, f);
    readFileSync(path, "utf8")
      .split(/\r?\n/)
      .forEach((raw, i) => {
        if (!raw.trim() || raw.trim().startsWith("#")) return;
        const [text = "", label = ""] = raw.split("\t");
        if (!text.trim()) errors.push({ file: rel(path), line: i + 1, message: "the offer's text is empty" });
        else if (!(SCAM_LABELS as readonly string[]).includes(label.trim()))
          errors.push({ file: rel(path), line: i + 1, message: `the label must be 'scam' or 'genuine' (after a tab), not '${label.trim()}'` });
        else out.push({ text: text.trim(), topics: [label.trim() as ScamLabel] });
      });
  }
  return out;
}

/** Train the scam model on the offers under `root`, or undefined when there are none of one kind. */
export function trainScamModel(root: string, rel: (path: string) => string, errors: ContentError[]): ScamModel | undefined {
  const examples = scamTrainingLines(root, rel, errors);
  if (!SCAM_LABELS.every((l) => examples.some((e) => e.topics[0] === l))) return undefined;
  return trainTopicModel(examples, SCAM_LABELS);
}
