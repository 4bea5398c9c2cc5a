/**
 * A small learned topic model beside the rule router: multinomial logistic regression over the words of a message
 * (stems, neighbouring stem pairs, the topics whose keywords a word is) and the compositional cues. It is trained at content
 * build time (src/content/topic-model-train.ts) on the guides' `contoh:` lines and the labelled questions of
 * content/latihan/, and shipped as sparse weights inside the compiled router index. Predicting is pure CPU: one
 * pass over the message's features, a few hundred multiply-adds.
 */
import { expandSlang, isStopWord, normalise, stem } from "../text/normalise.ts";
import { cuesOf } from "./cues.ts";
import { otherSense } from "../text/senses.ts";
import type { TopicId } from "./topics.ts";
import type { RouterIndex } from "./router.ts";

/**
 * The trained weights. Per feature, its non-zero weights as one string "class:weight,class:weight" (weights in
 * hundredths): a string per feature keeps JSON.parse of the index cheap at a cold start; only the message's own
 * features are decoded. One bias per class.
 */
export interface TopicModel<C extends string = TopicId> {
  classes: C[];
  bias: number[];
  weights: Record<string, string>;
}

const MAX_CHARS = 1000;

/** The features of one message: each distinct feature once. */
export function modelFeatures(text: string, index?: Pick<RouterIndex, "docs" | "postings">): string[] {
  const normalised = normalise(text.slice(0, MAX_CHARS));
  const out = new Set<string>();
  const stems: string[] = [];
  let previous = "";
  for (const raw of normalised.split(" ")) {
    if (!raw) continue;
    for (const word of expandSlang(raw)) {
      if (!word || word === previous) continue;
      previous = word;
      if (isStopWord(word)) {
        stems.push("");
        continue;
      }
      const s = stem(word);
      stems.push(s);
      out.add(`w:${s}`);
      const posting = index && Object.hasOwn(index.postings, s) ? index.postings[s]! : undefined;
      if (posting) {
        for (let i = 0; i < posting.length; i += 2) {
          const topic = index!.docs[posting[i]!]!.topic;
          out.add(posting[i + 1]! >= 3 ? `k:${topic}` : `kp:${topic}`);
        }
      }
    }
  }
  for (let i = 1; i < stems.length; i++) if (stems[i - 1] && stems[i]) out.add(`b:${stems[i - 1]}_${stems[i]}`);
  for (const cue of cuesOf(normalised)) out.add(`cue:${cue.name}`);
  if (otherSense(normalised)) out.add("othersense");
  if (stems.filter(Boolean).length <= 2) out.add("short");
  return [...out];
}

/** Class probabilities for one message, best first. */
export function predictTopics<C extends string = TopicId>(model: TopicModel<C>, text: string, index?: Pick<RouterIndex, "docs" | "postings">): Array<{ topic: C; p: number }> {
  const z = model.bias.slice();
  for (const f of modelFeatures(text, index)) {
    const w = Object.hasOwn(model.weights, f) ? model.weights[f]! : undefined;
    if (!w) continue;
    for (const pair of w.split(",")) {
      const colon = pair.indexOf(":");
      z[Number(pair.slice(0, colon))]! += Number(pair.slice(colon + 1)) / 100;
    }
  }
  const max = Math.max(...z);
  let sum = 0;
  const e = z.map((v) => {
    const x = Math.exp(v - max);
    sum += x;
    return x;
  });
  return e.map((x, i) => ({ topic: model.classes[i]!, p: x / sum })).sort((a, b) => b.p - a.p);
}
