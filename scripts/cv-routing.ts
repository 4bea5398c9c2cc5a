/**
 * Leave-one-set-out cross-validation of the topic model (issue 13), run by node:
 *   node scripts/cv-routing.ts
 * For each released set (the dev file, every tuning half, spent/), the model is trained on the guides' `contoh:`
 * lines and every OTHER released set, then scored on the held-out one, beside the engine's rule-only answer and
 * the combined answer; then the same for the scam model on the released scam sets. Locked halves are never read.
 * Prints numbers per set and the mean.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compiledBundle, parseCases, type EvalCase } from "./eval-routing.ts";
import { respond } from "../src/core/engine.ts";
import { predictTopics } from "../src/core/topic-model.ts";
import { MODEL_CLASSES, trainTopicModel, type TrainingExample } from "../src/content/topic-model-train.ts";
import type { TopicId } from "../src/core/topics.ts";
import { contohLines } from "../src/content/topic-model-data.ts";
import { SCAM_LABELS, SCAM_MODEL_THRESHOLD, scamProbability, type ScamLabel } from "../src/core/scam-model.ts";

const cwd = process.cwd();
const bundle = compiledBundle(cwd);
const sets: Array<{ name: string; cases: EvalCase[] }> = [];
const dev = join(cwd, "..", "shared", "eval", "routing-dev.tsv");
if (existsSync(dev)) sets.push({ name: "dev", cases: parseCases(readFileSync(dev, "utf8")) });
for (const dir of ["eval", "eval/spent"]) {
  for (const f of readdirSync(join(cwd, dir)).filter((f) => f.startsWith("routing-") && f.endsWith(".tsv")).sort()) {
    sets.push({ name: `${dir}/${f}`, cases: parseCases(readFileSync(join(cwd, dir, f), "utf8")) });
  }
}
const contoh = contohLines(join(cwd, "content"));
const toExample = (c: EvalCase): TrainingExample => ({ text: c.question, topics: c.expected });
const args = process.argv.slice(2);
const num = (name: string, d: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : d;
};
const totals = { n: 0, rules: 0, model: 0, combined: 0 };
const unk = { rules: [0, 0], model: [0, 0], combined: [0, 0] };
// the rules alone: the compiled index without its model (which learned from every released set)
const rulesOnly = { ...bundle, index: { ...bundle.index, model: undefined } };
for (const held of sets) {
  const training = [...contoh, ...sets.filter((s) => s !== held).flatMap((s) => s.cases.map(toExample))];
  const options = { epochs: num("epochs", 30), l2: num("l2", 1e-3), rate: num("rate", 0.2), prune: num("prune", 0.1), minCount: num("min", 1) };
  const model = trainTopicModel(training, MODEL_CLASSES, options, bundle.index);
  const withFoldModel = { ...bundle, index: { ...bundle.index, model } };
  let rules = 0;
  let mod = 0;
  let comb = 0;
  for (const c of held.cases) {
    const r = respond({ type: "text", text: c.question }, {}, rulesOnly).topic;
    const m = predictTopics(model, c.question, bundle.index)[0]!.topic;
    const combined = respond({ type: "text", text: c.question }, {}, withFoldModel).topic;
    const ok = (t: TopicId) => c.expected.includes(t);
    if (ok(r)) rules++;
    if (ok(m)) mod++;
    if (ok(combined)) comb++;
    for (const [k, t] of [["rules", r], ["model", m], ["combined", combined]] as const) {
      if (t === "unknown") {
        unk[k][1]!++;
        if (ok("unknown")) unk[k][0]!++;
      }
    }
  }
  const n = held.cases.length;
  totals.n += n;
  totals.rules += rules;
  totals.model += mod;
  totals.combined += comb;
  console.log(`${held.name.padEnd(34)} n=${String(n).padStart(3)}  rules ${(rules / n).toFixed(2)}  model ${(mod / n).toFixed(2)}  combined ${(comb / n).toFixed(2)}`);
}
console.log(
  `all ${totals.n}: rules ${(totals.rules / totals.n).toFixed(3)}  model ${(totals.model / totals.n).toFixed(3)}  combined ${(totals.combined / totals.n).toFixed(3)}`,
);
for (const [k, [a, b]] of Object.entries(unk)) console.log(`unknown precision ${k}: ${(a! / Math.max(1, b!)).toFixed(2)} (${a}/${b})`);

// The scam model (src/core/scam-model.ts), the same way: for each released scam set, trained on every OTHER one,
// scored on the held-out one alone (the rules were written with every released set in view, so only the model's
// own figures are out of sample here), at the threshold the bot uses.
{
  const scamSets = ["eval", "eval/spent"].flatMap((dir) =>
    readdirSync(join(cwd, dir))
      .filter((f) => f.startsWith("scam-") && f.endsWith(".tsv"))
      .sort()
      .map((f) => ({
        name: `${dir}/${f}`,
        rows: readFileSync(join(cwd, dir, f), "utf8")
          .split(/\r?\n/)
          .filter((l) => l.trim() && !l.startsWith("#"))
          .map((l) => l.split("\t"))
          .map(([text = "", label = ""]) => ({ text, label: label as ScamLabel })),
      })),
  );
  let caught = 0;
  let scams = 0;
  let alarms = 0;
  let genuine = 0;
  for (const held of scamSets) {
    const training = scamSets.filter((s) => s !== held).flatMap((s) => s.rows.map((r) => ({ text: r.text, topics: [r.label] })));
    const model = trainTopicModel(training, SCAM_LABELS);
    let c = 0;
    let a = 0;
    for (const r of held.rows) {
      const flagged = (scamProbability(model, r.text) ?? 0) >= SCAM_MODEL_THRESHOLD;
      if (r.label === "scam") (scams++, flagged && (c++, caught++));
      else (genuine++, flagged && (a++, alarms++));
    }
    const s = held.rows.filter((r) => r.label === "scam").length;
    console.log(`${held.name.padEnd(34)} scam model: caught ${c}/${s}, genuine flagged ${a}/${held.rows.length - s}`);
  }
  console.log(`scam model, all held-out sets (threshold ${SCAM_MODEL_THRESHOLD}): caught ${caught}/${scams}, genuine flagged ${alarms}/${genuine}`);
}
