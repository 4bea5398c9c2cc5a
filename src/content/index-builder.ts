/** Build-time construction of the router's index from compiled topics (and, later, vacancies and trainings). */
import type { RouterIndex } from "../core/router.ts";
import { isStopWord, stem, terms, words } from "../text/normalise.ts";
import type { TopicId } from "../core/topics.ts";

/** What the index needs of one routable item. */
export interface IndexSource {
  topic: TopicId;
  title: string;
  /** front-matter keywords and synonyms */
  keywords: string[];
  headings: string[];
  body: string;
}

/** Strong-field weights: a one-word keyword names the topic, a word inside a longer keyword less so. */
const WEIGHTS = { keyword: 3, title: 2, keywordPart: 1.5, repeat: 0.1, maxRepeat: 0.5 } as const;
/** A heading word counts as this many body occurrences. */
const HEADING_TF = 2;

/** Build the router index; weights are rounded to keep the stored index small. */
export function buildIndex(sources: IndexSource[]): RouterIndex {
  const postings: Record<string, number[]> = {};
  const weak: Record<string, number[]> = {};
  const forms: Record<string, string> = {};
  const docs: RouterIndex["docs"] = [];
  const phrases: RouterIndex["phrases"] = [];
  const round = (x: number) => Math.round(x * 100) / 100;
  sources.forEach((s, doc) => {
    const best = new Map<string, number>();
    const count = new Map<string, number>();
    const strong = (term: string, weight: number) => {
      best.set(term, Math.max(best.get(term) ?? 0, weight));
      count.set(term, (count.get(term) ?? 0) + 1);
    };
    const seenPhrases = new Set<string>();
    const addPhrase = (seq: string[]) => {
      const unique = [...new Set(seq)];
      const key = [...unique].sort().join(" ");
      if (unique.length < 2 || seenPhrases.has(key)) return;
      seenPhrases.add(key);
      phrases.push({ terms: unique, doc });
    };
    for (const k of s.keywords) {
      const seq = terms(k);
      // "ada loker" names the topic by one word; "gak tau mau kerja apa" is not a keyword for "kerja"
      const oneWord = seq.length === 1 && words(k).length <= 2;
      for (const t of seq) strong(t, oneWord ? WEIGHTS.keyword : WEIGHTS.keywordPart);
      addPhrase(seq);
      for (const w of words(k)) if (!isStopWord(w) && stem(w) !== w) forms[w] = stem(w);
    }
    const titleTerms = terms(s.title);
    for (const t of titleTerms) strong(t, titleTerms.length === 1 ? WEIGHTS.keyword : WEIGHTS.title);
    if (titleTerms.length <= 3) addPhrase(titleTerms);
    for (const [term, weight] of best) {
      const extra = Math.min(WEIGHTS.maxRepeat, WEIGHTS.repeat * ((count.get(term) ?? 1) - 1));
      (postings[term] ??= []).push(doc, round(weight + extra));
    }

    const tf = new Map<string, number>();
    for (const h of s.headings) for (const t of terms(h)) tf.set(t, (tf.get(t) ?? 0) + HEADING_TF);
    let len = 0;
    for (const t of terms(s.body)) {
      tf.set(t, (tf.get(t) ?? 0) + 1);
      len++;
    }
    for (const [term, n] of tf) (weak[term] ??= []).push(doc, n);
    docs.push({ topic: s.topic, len });
  });
  const avgLen = docs.reduce((sum, d) => sum + d.len, 0) / Math.max(1, docs.length);
  return { docs, avgLen: Math.round(avgLen), postings, phrases, weak, forms };
}
