/** Build-time construction of the router's index from compiled topics (and, later, vacancies and trainings). */
import type { RouterIndex } from "../core/router.ts";
import { isStopWord, stem, terms, words } from "../text/normalise.ts";
import type { TopicId } from "../core/topics.ts";
import type { GuideSection } from "../core/body.ts";
import { blocksText } from "../core/rich.ts";

/** What the index needs of one routable item. */
export interface IndexSource {
  topic: TopicId;
  title: string;
  /** front-matter keywords and synonyms */
  keywords: string[];
  headings: string[];
  body: string;
  /** `contoh:` example questions of the guide, as seekers write them */
  examples?: string[];
  /** the guide's sections (not the opening): id (sectionSlug of the heading), heading, plain text, `bagian:` keywords */
  sections?: SectionSource[];
}

/** One section of a guide as the index needs it. */
export interface SectionSource {
  id: string;
  heading: string;
  text: string;
  keywords?: string[];
}

/** A section's heading word or `bagian:` keyword counts this much; body words count their frequency. */
const SECTION_WEIGHTS = { heading: 3, keyword: 3, keywordPart: 2 } as const;

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
  const examples: NonNullable<RouterIndex["examples"]> = [];
  const sections: NonNullable<RouterIndex["sections"]> = { list: [], strong: {}, weak: {} };
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

    const seenExamples = new Set<string>();
    for (const e of s.examples ?? []) {
      const unique = [...new Set(terms(e))];
      const key = [...unique].sort().join(" ");
      if (unique.length === 0 || seenExamples.has(key)) continue;
      seenExamples.add(key);
      examples.push({ doc, terms: unique });
    }
    for (const section of s.sections ?? []) {
      const at = sections.list.length;
      const strongOf = new Map<string, number>();
      const put = (t: string, weight: number) => strongOf.set(t, Math.max(strongOf.get(t) ?? 0, weight));
      // a heading word that is also the guide's title word ("Wawancara online" in the interview guide) names the guide, not the section
      // (a title listing several subjects, "Hak Pekerja: THR, Lembur, PHK", keeps them as section words)
      for (const t of terms(section.heading)) if (titleTerms.length > 2 || !titleTerms.includes(t)) put(t, SECTION_WEIGHTS.heading);
      for (const k of section.keywords ?? []) {
        const seq = terms(k);
        for (const t of seq) put(t, seq.length === 1 ? SECTION_WEIGHTS.keyword : SECTION_WEIGHTS.keywordPart);
        for (const w of words(k)) if (!isStopWord(w) && stem(w) !== w) forms[w] = stem(w);
      }
      for (const [t, weight] of strongOf) (sections.strong[t] ??= []).push(at, weight);
      const bodyTf = new Map<string, number>();
      let sectionLen = 0;
      for (const t of terms(section.text)) {
        bodyTf.set(t, (bodyTf.get(t) ?? 0) + 1);
        sectionLen++;
      }
      for (const [t, n] of bodyTf) (sections.weak[t] ??= []).push(at, n);
      sections.list.push({ doc, id: section.id, title: section.heading, len: sectionLen });
    }
  });
  const avgLen = docs.reduce((sum, d) => sum + d.len, 0) / Math.max(1, docs.length);
  return {
    docs,
    avgLen: Math.round(avgLen),
    postings,
    phrases,
    weak,
    forms,
    ...(examples.length ? { examples } : {}),
    ...(sections.list.length ? { sections } : {}),
  };
}

/** A guide's compiled sections as the index needs them (the opening is routed as the guide itself), with their `bagian:` keywords. */
export function indexSections(sections: GuideSection[], bagian: Record<string, string[]> = {}): SectionSource[] {
  return sections
    .filter((section) => section.id !== "")
    .map((section) => {
      const keywords = bagian[section.id];
      return { id: section.id, heading: section.title, text: blocksText(section.blocks), ...(keywords ? { keywords } : {}) };
    });
}
