/**
 * A learned second opinion for the scam check (issue 13): logistic regression over the words of a job offer (the
 * topic model's features, src/core/topic-model.ts), trained at content build on labelled offers
 * (content/latihan/penipuan/*.tsv: `text<TAB>scam|genuine`). The rules of content/penipuan/ name what they find;
 * this model catches offers that are worded like known scams but match no rule. It only speaks when it is very
 * sure, on a text that reads like a job offer, and never overrides a rule: it adds one flag whose explanation
 * lives in content/penipuan/ like every other (the flag with `detektor: belajar`).
 *
 * Leave-one-set-out cross-validation over the six released scam sets (`npm run eval:cv`) chose the threshold.
 */
import { expandSlang, isStopWord, normalise, stem } from "../text/normalise.ts";
import { predictTopics, type TopicModel } from "./topic-model.ts";
import { MAX_EVIDENCE } from "./scam-text.ts";

export type ScamLabel = "scam" | "genuine";
export const SCAM_LABELS: readonly ScamLabel[] = ["scam", "genuine"];

/** The model's weights, shipped in the compiled scam rules. */
export type ScamModel = TopicModel<ScamLabel>;

/** How sure the model must be before it raises its flag. */
export const SCAM_MODEL_THRESHOLD = 0.9;

/**
 * A text the model may judge: long enough to be an offer (a pasted advert or a told story), not a greeting or a
 * question of a few words, which the model was never trained on.
 */
const MIN_WORDS = 8;

/** The model's probability that `text` is a scam, or undefined when the text is too short to judge. */
export function scamProbability(model: ScamModel, text: string): number | undefined {
  if (normalise(text).split(" ").filter(Boolean).length < MIN_WORDS) return undefined;
  return predictTopics(model, text).find((r) => r.topic === "scam")?.p ?? 0;
}

/**
 * The part of `text` that pushed the model most towards "scam", quoted to the seeker: the clause (between
 * punctuation or line breaks) whose words weigh most for "scam", cut to 80 characters at a word boundary.
 */
export function scamEvidence(model: ScamModel, text: string): string {
  const scam = model.classes.indexOf("scam");
  const genuine = model.classes.indexOf("genuine");
  const weightOf = (word: string) => {
    const f = `w:${stem(word)}`;
    const w = Object.hasOwn(model.weights, f) ? model.weights[f]! : "";
    let v = 0;
    for (const pair of w ? w.split(",") : []) {
      const [k, x] = pair.split(":");
      if (Number(k) === scam) v += Number(x);
      else if (Number(k) === genuine) v -= Number(x);
    }
    return v;
  };
  let best = "";
  let bestScore = -Infinity;
  for (const clause of text.slice(0, 1000).split(/[.!?;,\n]+/)) {
    let score = 0;
    for (const raw of normalise(clause).split(" ")) for (const word of expandSlang(raw)) if (word && !isStopWord(word)) score += Math.max(0, weightOf(word));
    if (score > bestScore && clause.trim()) [best, bestScore] = [clause.trim(), score];
  }
  if (best.length <= MAX_EVIDENCE) return best;
  const cut = best.slice(0, MAX_EVIDENCE);
  const space = cut.lastIndexOf(" ");
  return (space > 20 ? cut.slice(0, space) : cut).trim();
}
