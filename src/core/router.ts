import { terms } from "./text.ts";
import type { TopicId } from "./topics.ts";

/** The search index the content compiler builds; routing reads it, never builds it. */
export interface RouterIndex {
  /** one entry per routable topic */
  docs: Array<{ topic: TopicId; len: number }>;
  avgLen: number;
  /** term → flat pairs [docIndex, weightedTf, docIndex, weightedTf, ...] */
  postings: Record<string, number[]>;
  /** multi-word keywords as term sequences, with the doc they belong to */
  phrases: Array<{ terms: string[]; doc: number }>;
}

/** The router's answer: the best topic, how sure it is, and runners-up. */
export interface RouteResult {
  topic: TopicId;
  score: number;
  confident: boolean;
  alternatives: TopicId[];
}

const K1 = 1.2;
const B = 0.5;
const PHRASE_BONUS = 4;
/** below this BM25 score the router admits it does not know */
export const CONFIDENCE_THRESHOLD = 2.5;

/** Route free text to a topic with BM25 over the compiled index, tolerant of small typos. */
export function route(index: RouterIndex, text: string): RouteResult {
  const query = terms(text);
  const scores = new Float64Array(index.docs.length);
  const n = index.docs.length;
  const seen = new Set<string>();
  for (const raw of query) {
    const term = raw in index.postings ? raw : closestTerm(index, raw);
    if (!term || seen.has(term)) continue;
    seen.add(term);
    const posting = index.postings[term]!;
    const df = posting.length / 2;
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    for (let i = 0; i < posting.length; i += 2) {
      const doc = posting[i]!;
      const tf = posting[i + 1]!;
      const len = index.docs[doc]!.len;
      scores[doc]! += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * len) / index.avgLen));
    }
  }
  for (const phrase of index.phrases) {
    if (containsSequence(query, phrase.terms)) scores[phrase.doc]! += PHRASE_BONUS;
  }
  const ranked = [...scores.keys()].filter((i) => scores[i]! > 0).sort((a, b) => scores[b]! - scores[a]!);
  const best = ranked[0];
  if (best === undefined) return { topic: "unknown", score: 0, confident: false, alternatives: [] };
  const score = scores[best]!;
  return {
    topic: index.docs[best]!.topic,
    score,
    confident: score >= CONFIDENCE_THRESHOLD,
    alternatives: ranked.slice(1, 3).filter((i) => scores[i]! >= score * 0.5).map((i) => index.docs[i]!.topic),
  };
}

function containsSequence(haystack: string[], needle: string[]): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** The indexed term within edit distance 1 (2 for long words) of `word`, if exactly one is closest. */
function closestTerm(index: RouterIndex, word: string): string | undefined {
  if (word.length < 4) return undefined;
  const max = word.length >= 8 ? 2 : 1;
  let best: string | undefined;
  let bestDist = max + 1;
  for (const candidate in index.postings) {
    if (Math.abs(candidate.length - word.length) > max) continue;
    const d = editDistance(word, candidate, max);
    if (d < bestDist) {
      bestDist = d;
      best = candidate;
    }
  }
  return best;
}

/** Levenshtein distance with an early exit once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}
