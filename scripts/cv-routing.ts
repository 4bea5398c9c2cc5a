/**
 * Leave-one-set-out cross-validation of the topic model (issue 13), run by node:
 *   node scripts/cv-routing.ts
 * For each released set (the dev file, every tuning half, spent/), the model is trained on the guides' `contoh:`
 * lines and every OTHER released set, then scored on the held-out one, beside the engine's rule-only answer and
 * the combined answer. Locked halves are never read. Prints numbers per set and the mean.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compiledBundle, parseCases, type EvalCase } from "./eval-routing.ts";
import { respond } from "../src/core/engine.ts";
import { predictTopics } from "../src/core/topic-model.ts";
import { MODEL_CLASSES, trainTopicModel, type TrainingExample } from "../src/content/topic-model-train.ts";
import type { TopicId } from "../src/core/topics.ts";
import { contohLines } from "../src/content/topic-model-data.ts";

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
