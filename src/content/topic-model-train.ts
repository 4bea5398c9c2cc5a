/**
 * Build-time training of the topic model (src/core/topic-model.ts): multinomial logistic regression with L2,
 * AdaGrad over a fixed, seeded order, so the same examples always give the same weights. Small weights are
 * dropped and the rest rounded, to keep the compiled index small.
 */
import { modelFeatures, type TopicModel } from "../core/topic-model.ts";
import { TOPIC_IDS, type TopicId } from "../core/topics.ts";
import type { RouterIndex } from "../core/router.ts";
import { mulberry32 } from "../text/mulberry32.ts";

/** One labelled question: its text and its right topics (the first is the main one). */
export interface TrainingExample<C extends string = TopicId> {
  text: string;
  topics: C[];
  /** how much this example counts; 1 unless told */
  weight?: number;
}

export interface TrainOptions {
  epochs?: number;
  l2?: number;
  rate?: number;
  /** weights smaller than this (in absolute value) are not stored */
  prune?: number;
  seed?: number;
  /** features seen in fewer training examples than this are not learned */
  minCount?: number;
}

/**
 * Chosen by leave-one-set-out cross-validation on the released evaluation sets (`npm run eval:cv`): letter groups
 * inside words and features seen once cost accuracy or size; these settings gave the best model under ~160 KB.
 */
const DEFAULTS: Required<TrainOptions> = { epochs: 30, l2: 1e-3, rate: 0.2, prune: 0.1, seed: 20261206, minCount: 1 };

/** Every topic a question may be labelled with; the menu is reached by greetings only, never by the model. */
export const MODEL_CLASSES: readonly TopicId[] = TOPIC_IDS.filter((t) => t !== "menu");

/** Train the model; `classes` fixes the class order (every topic a question may be labelled with, or any other labels). */
export function trainTopicModel<C extends string = TopicId>(
  examples: TrainingExample<C>[],
  classes: readonly C[],
  options: TrainOptions = {},
  index?: Pick<RouterIndex, "docs" | "postings">,
): TopicModel<C> {
  const o = { ...DEFAULTS, ...options };
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const seen = new Map<string, number>();
  for (const e of examples) for (const f of modelFeatures(e.text, index)) seen.set(f, (seen.get(f) ?? 0) + 1);
  const featureIndex = new Map<string, number>();
  const rows = examples
    .map((e) => {
      const ys = e.topics.map((t) => classIndex.get(t)).filter((i): i is number => i !== undefined);
      const xs = modelFeatures(e.text, index).flatMap((f) => {
        if ((seen.get(f) ?? 0) < o.minCount) return [];
        let i = featureIndex.get(f);
        if (i === undefined) featureIndex.set(f, (i = featureIndex.size));
        return i;
      });
      return { xs, ys, weight: e.weight ?? 1 };
    })
    .filter((r) => r.ys.length > 0 && r.xs.length > 0);
  const K = classes.length;
  const F = featureIndex.size;
  const W = new Float64Array(F * K);
  const G = new Float64Array(F * K).fill(1e-8);
  const bias = new Float64Array(K);
  const gBias = new Float64Array(K).fill(1e-8);
  const random = mulberry32(o.seed);
  const order = rows.map((_, i) => i);
  const z = new Float64Array(K);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const r of order) {
      const { xs, ys, weight } = rows[r]!;
      for (let k = 0; k < K; k++) {
        let s = bias[k]!;
        for (const x of xs) s += W[x * K + k]!;
        z[k] = s;
      }
      let max = -Infinity;
      for (let k = 0; k < K; k++) max = Math.max(max, z[k]!);
      let sum = 0;
      for (let k = 0; k < K; k++) sum += z[k] = Math.exp(z[k]! - max);
      // several right topics share the target mass: the main one half, the others the rest
      const target = new Float64Array(K);
      if (ys.length === 1) target[ys[0]!] = 1;
      else ys.forEach((y, n) => (target[y] = n === 0 ? 0.5 : 0.5 / (ys.length - 1)));
      for (let k = 0; k < K; k++) {
        const g = weight * (z[k]! / sum - target[k]!);
        gBias[k]! += g * g;
        bias[k]! -= (o.rate * g) / Math.sqrt(gBias[k]!);
        for (const x of xs) {
          const at = x * K + k;
          const gw = g + o.l2 * W[at]!;
          G[at]! += gw * gw;
          W[at]! -= (o.rate * gw) / Math.sqrt(G[at]!);
        }
      }
    }
  }
  const weights: Record<string, string> = {};
  for (const [f, x] of featureIndex) {
    // Adding one constant to a feature's weight in every class changes no prediction (softmax): centre each
    // feature's weights on their median, so a word that points to one topic keeps one weight instead of 23.
    const row = Array.from(W.subarray(x * K, x * K + K));
    const median = row.slice().sort((a, b) => a - b)[K >> 1]!;
    const pairs: string[] = [];
    for (let k = 0; k < K; k++) {
      const v = row[k]! - median;
      if (Math.abs(v) >= o.prune) pairs.push(`${k}:${Math.round(v * 100)}`);
    }
    if (pairs.length) weights[f] = pairs.join(",");
  }
  return { classes: [...classes], bias: [...bias].map((v) => Math.round(v * 100) / 100), weights };
}
