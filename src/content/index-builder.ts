/** Build-time construction of the router's BM25 index from compiled topics. */
import type { RouterIndex } from "../core/router.ts";
import { terms } from "../core/text.ts";
import type { TopicId } from "../core/topics.ts";

/** What the index needs of one topic. */
export interface IndexSource {
  topic: TopicId;
  title: string;
  keywords: string[];
  headings: string[];
  body: string;
}

/** Field weights: front-matter keywords say most about a topic, body text least. */
const WEIGHTS = { keywords: 3, title: 2, headings: 1, body: 0.25 } as const;

/** Build the router index; term weights are rounded to keep the stored index small. */
export function buildIndex(sources: IndexSource[]): RouterIndex {
  const postings: Record<string, number[]> = {};
  const docs: RouterIndex["docs"] = [];
  const phrases: RouterIndex["phrases"] = [];
  sources.forEach((s, doc) => {
    const tf = new Map<string, number>();
    const add = (text: string, weight: number) => {
      for (const t of terms(text)) tf.set(t, (tf.get(t) ?? 0) + weight);
    };
    for (const k of s.keywords) {
      add(k, WEIGHTS.keywords);
      const seq = terms(k);
      if (seq.length >= 2) phrases.push({ terms: seq, doc });
    }
    add(s.title, WEIGHTS.title);
    for (const h of s.headings) add(h, WEIGHTS.headings);
    add(s.body, WEIGHTS.body);
    let len = 0;
    for (const [term, weight] of tf) {
      const w = Math.round(weight * 100) / 100;
      (postings[term] ??= []).push(doc, w);
      len += w;
    }
    docs.push({ topic: s.topic, len: Math.round(len) });
  });
  const avgLen = docs.reduce((sum, d) => sum + d.len, 0) / Math.max(1, docs.length);
  return { docs, avgLen: Math.round(avgLen), postings, phrases };
}
