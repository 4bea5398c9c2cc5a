/**
 * Message → topic: understanding informal Indonesian free text against the index the content
 * compiler built. Pure CPU; the only per-isolate work is a small lookup structure derived once
 * per index (phrase table, typo vocabulary) and cached.
 */
import { expandSlang, isAddressWord, isStopWord, normalise, sentences, stem, stemCandidates } from "../text/normalise.ts";
import { letterMask, popcount, typoDistance } from "../text/typo.ts";
import { CONTRASTS, NEGATABLE_WANTS, NOUN_NEGATIONS, otherSense, VERB_NEGATIONS } from "../text/senses.ts";
import { asksAboutService, cuesOf, type Cue } from "./cues.ts";
import { asks, chooseSection, scoreSections, type QueryTerm, type SectionScore } from "./section-choice.ts";
import type { TopicId } from "./topics.ts";
import { predictTopics, type TopicModel } from "./topic-model.ts";

/** The search index the content compiler builds; routing reads it, never builds it. */
export interface RouterIndex {
  /** one entry per indexed item (a guide, later a vacancy or a training); several may share a topic */
  docs: Array<{ topic: TopicId; len: number }>;
  /** average `len` (number of weak terms) over docs */
  avgLen: number;
  /**
   * Strong evidence from keywords, synonyms and titles: term → flat pairs [docIndex, weight, ...].
   * A weight is 3 for a one-word keyword, 2 for a title word, 1.5 for a word inside a longer keyword,
   * plus a little for repeats.
   */
  postings: Record<string, number[]>;
  /** multi-word keywords as term sets, with the doc they belong to */
  phrases: Array<{ terms: string[]; doc: number }>;
  /** weak evidence from headings and body text: term → flat pairs [docIndex, termFrequency, ...] */
  weak?: Record<string, number[]>;
  /** surface word of a keyword → its term, where they differ: lets typos be corrected before stemming */
  forms?: Record<string, string>;
  /** `contoh:` example questions: each one's distinct terms, with the doc it belongs to */
  examples?: Array<{ doc: number; terms: string[] }>;
  /**
   * The guides' sections (openings excluded): `list[i]` is section i (its doc, its id = sectionSlug of its heading,
   * its number of body terms); `strong` maps heading words and `bagian:` keywords to [section, weight, ...],
   * `weak` body words to [section, termFrequency, ...].
   */
  sections?: { list: Array<{ doc: number; id: string; title: string; len: number }>; strong: Record<string, number[]>; weak: Record<string, number[]> };
  /** the learned topic model (src/core/topic-model.ts), trained at build time on `contoh:` and content/latihan/ */
  model?: TopicModel;
}

/** The router's answer: the best topic, how sure it is, and runners-up. */
export interface RouteResult {
  topic: TopicId;
  /** confidence score, compared with CONFIDENCE_THRESHOLD */
  score: number;
  confident: boolean;
  /** up to two other topics worth offering, best first */
  alternatives: TopicId[];
  /** a second topic the message clearly asks about as well (mixed questions) */
  secondary?: TopicId;
  /** the section of the topic's guide a precise question asks about (a GuideSection id); absent for general questions */
  section?: string;
}

/** below this confidence score the router admits it does not know */
export const CONFIDENCE_THRESHOLD = 2.5;

const STRONG_FULL = 3; // the weight of a one-word keyword: counts as one whole topic in document frequency
const PHRASE_WEIGHT = 1.5; // per term of a fully matched multi-word keyword, times the term's IDF
const WEAK_SCALE = 0.35; // body and heading text count this much of a keyword match
const K1 = 1.2; // BM25 term-frequency saturation and length normalisation, for body text
const B = 0.75;
const TYPO_FACTOR = 0.8; // a typo-corrected word counts a little less
const EXAMPLE_WEIGHT = 8; // a message that covers a `contoh:` example entirely adds this much to its doc
const EXAMPLE_MIN_SHARE = 0.6; // ...and one covering less than this share of the example's IDF mass adds nothing
const NEGATED_FACTOR = 0.2;
const GROUNDED_SHARE = 0.5; // a grounded runner-up with at least this share of an ungrounded best's score wins // "bukan loker, tapi ...": the negated word
const ALTERNATIVE_SHARE = 0.35; // runners-up offered as buttons score at least this share of the best
const SECONDARY_SHARE = 0.25; // a second topic of a mixed question scores at least this share of the best
const MIN_SUGGEST_SCORE = CONFIDENCE_THRESHOLD / 4; // weaker evidence names no topic at all
const MIN_ANCHOR_IDF = 0.7; // words in most topics ("kerja") never anchor a topic
const MIN_TYPO_LENGTH = 6; // shorter words are too often other real words one letter away ("lapar", "lamar")
const MAX_TYPO_LOOKUPS = 16; // per message: bounds the CPU a long message of unknown words can cost
const MAX_CHARS = 1000; // the topic of a longer message is in its first thousand characters
const MAX_EXCLUDED_WORDS = 2; // "selain kartu kuning": the words after an exclusion, up to the next stop word

/** Words that set what follows aside: "bisa ngurus apa aja selain kartu kuning" is not about the yellow card. */
const EXCLUSIONS: ReadonlySet<string> = new Set(["selain", "kecuali", "kajaba", "kejaba", "liyane", "saliyane", "sanesipun"]);


interface FuzzyEntry {
  spelling: string;
  term: string;
  /** bit i set when letter i of the alphabet occurs */
  letters: number;
}

interface Prepared {
  topics: number;
  docTopic: TopicId[];
  menuDocs: Set<number>;
  /** the first doc of each topic (its guide): where cues add their evidence */
  topicDoc: Map<TopicId, number>;
  phrasesByTerm: Map<string, number[]>;
  /** candidate spellings for typo correction, grouped by length */
  fuzzy: Map<number, FuzzyEntry[]>;
  idf: Map<string, number>;
  /** term → the examples (`contoh:`) that hold it */
  examplesByTerm: Map<string, number[]>;
  /** per example, the sum of its terms' IDF */
  exampleMass: number[];
}

// Deliberate per-isolate cache: derived once per (immutable) index object.
const prepared = new WeakMap<RouterIndex, Prepared>();

function prepare(index: RouterIndex): Prepared {
  const cached = prepared.get(index);
  if (cached) return cached;
  const docTopic = index.docs.map((d) => d.topic);
  const menuDocs = new Set<number>();
  docTopic.forEach((t, i) => t === "menu" && menuDocs.add(i));
  const phrasesByTerm = new Map<string, number[]>();
  index.phrases.forEach((p, i) => {
    const key = p.terms[0];
    if (key === undefined) return;
    const list = phrasesByTerm.get(key) ?? [];
    list.push(i);
    phrasesByTerm.set(key, list);
  });
  const fuzzy = new Map<number, FuzzyEntry[]>();
  const addFuzzy = (spelling: string, term: string) => {
    if (spelling.length < 5 || /\d/.test(spelling)) return;
    const bucket = fuzzy.get(spelling.length) ?? [];
    bucket.push({ spelling, term, letters: letterMask(spelling) });
    fuzzy.set(spelling.length, bucket);
  };
  for (const term in index.postings) addFuzzy(term, term);
  for (const surface in index.forms ?? {}) addFuzzy(surface, index.forms![surface]!);
  const topicDoc = new Map<TopicId, number>();
  docTopic.forEach((t, i) => topicDoc.has(t) || topicDoc.set(t, i));
  const examplesByTerm = new Map<string, number[]>();
  (index.examples ?? []).forEach((e, i) => {
    for (const t of e.terms) {
      const list = examplesByTerm.get(t) ?? [];
      list.push(i);
      examplesByTerm.set(t, list);
    }
  });
  const p: Prepared = {
    topics: new Set(docTopic).size,
    docTopic,
    menuDocs,
    topicDoc,
    phrasesByTerm,
    fuzzy,
    idf: new Map(),
    examplesByTerm,
    exampleMass: [],
  };
  p.exampleMass = (index.examples ?? []).map((e) => e.terms.reduce((sum, t) => sum + idfOf(index, p, t), 0));
  prepared.set(index, p);
  return p;
}

/** IDF over topics, not items: a word shared by every vacancy still names one topic. */
function idfOf(index: RouterIndex, p: Prepared, term: string): number {
  const known = p.idf.get(term);
  if (known !== undefined) return known;
  const strong = own(index.postings, term);
  const perTopic = new Map<TopicId, number>();
  if (strong) {
    for (let i = 0; i < strong.length; i += 2) {
      const t = p.docTopic[strong[i]!]!;
      perTopic.set(t, Math.max(perTopic.get(t) ?? 0, Math.min(1, strong[i + 1]! / STRONG_FULL)));
    }
  } else {
    const weak = own(index.weak, term) ?? [];
    for (let i = 0; i < weak.length; i += 2) perTopic.set(p.docTopic[weak[i]!]!, 1);
  }
  let df = 0;
  for (const v of perTopic.values()) df += v;
  const idf = Math.log(1 + (p.topics - df + 0.5) / (df + 0.5));
  p.idf.set(term, idf);
  return idf;
}

/**
 * The learned model decides when it is at least this sure; below, a confident rule answer stands. Chosen on the v5
 * tuning half, which neither the rules nor the model had seen: there the model alone scored 0.91, the rules alone
 * 0.85, and this order 0.92 (eval/README.md).
 */
const MODEL_TRUST = 0.3;
/** Below this, and with no confident rule answer, the message is not understood (with the model's best topics as buttons). */
const MODEL_GUESS = 0.2;
/** "Not understood" overrules a confident rule answer only when the model is at least this sure of it. */
const MODEL_UNKNOWN = 0.6;
/** A cue at least this strong (cues.ts: STRONG) settles the topic whatever the model says. */
const CUE_SETTLES = 10;

/**
 * Route free text to a topic. Greetings and job words in another sense are the rules' (keyword-weighted BM25 with
 * phrase matches, slang, stemming, typo tolerance, examples and cues); otherwise, where the index carries a learned
 * model (src/core/topic-model.ts), the model decides when it is sure enough, then a confident rule answer, then the
 * model's guess.
 */
export function route(index: RouterIndex, text: string): RouteResult {
  const p = prepare(index);
  const reading = read(index, p, text);
  const rules = routeByRules(index, p, reading);
  const model = index.model;
  if (!model || rules.topic === "menu" || reading.other) return rules;
  const { normalised } = reading;
  const ranked = predictTopics(model, text, index).filter((r) => r.topic !== "menu");
  const top = ranked[0];
  if (!top) return rules;
  if (rules.confident && (top.p < (top.topic === "unknown" ? MODEL_UNKNOWN : MODEL_TRUST) || settledByCue(reading.cues, rules.topic))) return rules;
  // the model agrees with the rules' main topic, or with the second topic of a mixed question: the rules' pair stands
  if (rules.confident && (top.topic === rules.topic || top.topic === rules.secondary)) return rules;
  const others = [rules.topic, ...rules.alternatives, ...ranked.slice(1, 3).map((r) => r.topic)];
  const alternativesTo = (t: TopicId) => [...new Set(others)].filter((o) => o !== t && o !== "unknown" && o !== "menu").slice(0, 2);
  if (top.topic === "unknown" || top.p < MODEL_GUESS) {
    return { topic: "unknown", score: 0, confident: false, alternatives: alternativesTo(top.topic === "unknown" ? "unknown" : "menu") };
  }
  const doc = p.topicDoc.get(top.topic);
  if (doc === undefined) return rules;
  const section = chooseSection(index, reading.query, doc, asks(normalised));
  // where the rules were sure of another topic, it is offered first (like the second topic of a mixed question)
  const secondary = rules.confident && rules.topic !== "unknown" ? { secondary: rules.topic } : {};
  return {
    topic: top.topic,
    score: Math.max(rules.score, CONFIDENCE_THRESHOLD),
    confident: true,
    alternatives: alternativesTo(top.topic),
    ...secondary,
    ...(section ? { section } : {}),
  };
}

/** A compositional cue of strong weight (a fee asked by a recruiter, "who reads my chat") names this topic. */
function settledByCue(cues: Cue[], topic: TopicId): boolean {
  return cues.some((c) => c.topic === topic && c.weight >= CUE_SETTLES);
}

/** What the rules and the model both use of one message, worked out once. */
interface Reading {
  normalised: string;
  /** job words in another sense (a football "kartu kuning", "lowongan di hatimu"): out of scope, nothing else read */
  other: boolean;
  query: QueryTerm[];
  contentWords: number;
  addressed: boolean;
  cues: Cue[];
}

function read(index: RouterIndex, p: Prepared, text: string): Reading {
  const normalised = normalise(text.slice(0, MAX_CHARS));
  if (otherSense(normalised)) return { normalised, other: true, query: [], contentWords: 0, addressed: false, cues: [] };
  return { normalised, other: false, ...analyse(index, p, text), cues: cuesOf(normalised) };
}

function routeByRules(index: RouterIndex, p: Prepared, reading: Reading): RouteResult {
  const none: RouteResult = { topic: "unknown", score: 0, confident: false, alternatives: [] };
  if (reading.other) return none;
  const { normalised, query, contentWords, addressed, cues } = reading;

  // Greetings ("halo", "selamat pagi min"), menu words ("tampilkan menu") or only addressing words ("min?")
  // open the menu; a greeting beside a real question does not.
  if (p.menuDocs.size > 0) {
    const greetingOnly =
      query.length > 0 && query.length * 2 >= contentWords && query.every((q) => q.strong && inMenu(index, p, q.term));
    if (greetingOnly || (contentWords === 0 && addressed) || asksAboutService(normalised)) {
      return { topic: "menu", score: CONFIDENCE_THRESHOLD * 2, confident: true, alternatives: [] };
    }
  }
  if (query.length === 0 && cues.length === 0) return none;

  const n = index.docs.length;
  const scores = new Float64Array(n);
  const covers = new Float64Array(n); // query weight the doc accounts for: keyword matches fully, body matches half
  const anchored = new Uint8Array(n); // a one-word keyword, a whole multi-word keyword, or three keyword words matched
  const strongStamp = new Int32Array(n).fill(-1); // last query term matched by keyword, per doc
  const strongTerms = new Uint8Array(n); // distinct telling query terms matched by keyword, per doc
  const queryTerms = new Set(query.map((q) => q.term));
  const weightOf = new Map(query.map((q) => [q.term, q.weight]));
  query.forEach((q, qi) => {
    const idf = idfOf(index, p, q.term);
    const strong = own(index.postings, q.term);
    if (strong) {
      for (let i = 0; i < strong.length; i += 2) {
        const doc = strong[i]!;
        scores[doc]! += q.weight * idf * strong[i + 1]!;
        covers[doc]! += q.weight;
        strongStamp[doc] = qi;
        if (idf < MIN_ANCHOR_IDF) continue;
        if (strong[i + 1]! >= STRONG_FULL || ++strongTerms[doc]! >= 3) anchored[doc] = 1;
      }
    }
    const weak = own(index.weak, q.term);
    if (weak) {
      for (let i = 0; i < weak.length; i += 2) {
        const doc = weak[i]!;
        const tf = weak[i + 1]!;
        const norm = tf + K1 * (1 - B + (B * index.docs[doc]!.len) / Math.max(1, index.avgLen));
        scores[doc]! += q.weight * idf * WEAK_SCALE * ((tf * (K1 + 1)) / norm);
        if (strongStamp[doc] !== qi) covers[doc]! += 0.5 * q.weight;
      }
    }
  });
  // Fully matched multi-word keywords: each covered term counts once more per doc.
  const covered = new Map<number, Set<string>>();
  for (const term of queryTerms) {
    for (const pi of p.phrasesByTerm.get(term) ?? []) {
      const phrase = index.phrases[pi]!;
      if (!phrase.terms.every((t) => queryTerms.has(t))) continue;
      const set = covered.get(phrase.doc) ?? new Set<string>();
      for (const t of phrase.terms) set.add(t);
      covered.set(phrase.doc, set);
    }
  }
  for (const [doc, set] of covered) {
    anchored[doc] = 1;
    for (const t of set) scores[doc]! += PHRASE_WEIGHT * idfOf(index, p, t) * (weightOf.get(t) ?? 1);
  }

  // Example questions (`contoh:`): the best-matching example of each doc, by the share of its IDF mass the message covers.
  const exampleShare = new Map<number, number>();
  const matchedMass = new Map<number, number>();
  for (const term of queryTerms) {
    const idf = idfOf(index, p, term);
    for (const e of p.examplesByTerm.get(term) ?? []) matchedMass.set(e, (matchedMass.get(e) ?? 0) + idf * Math.min(1, weightOf.get(term) ?? 1));
  }
  for (const [e, mass] of matchedMass) {
    const share = mass / Math.max(1e-9, p.exampleMass[e]!);
    const doc = index.examples![e]!.doc;
    if (share > (exampleShare.get(doc) ?? 0)) exampleShare.set(doc, share);
  }
  for (const [doc, share] of exampleShare) {
    if (share < EXAMPLE_MIN_SHARE) continue;
    scores[doc]! += EXAMPLE_WEIGHT * share;
    covers[doc]! += share * Math.max(1, query.length / 2);
    anchored[doc] = 1;
  }

  // Compositional cues (a fee asked by a recruiter, "who reads my chat"): evidence for their topic's guide.
  for (const cue of cues) {
    const doc = p.topicDoc.get(cue.topic);
    if (doc === undefined) continue;
    scores[doc]! += cue.weight;
    covers[doc]! += Math.max(1, query.length / 2);
    anchored[doc] = 1;
  }

  // Best doc per topic; the menu only ever wins through the greeting rule above.
  const bestOfTopic = new Map<TopicId, number>();
  for (let doc = 0; doc < n; doc++) {
    if (scores[doc]! <= 0 || p.menuDocs.has(doc)) continue;
    const t = p.docTopic[doc]!;
    const current = bestOfTopic.get(t);
    if (current === undefined || scores[doc]! > scores[current]!) bestOfTopic.set(t, doc);
  }
  const ranked = [...bestOfTopic.values()].sort((a, b) => scores[b]! - scores[a]!);
  // Grounded evidence (a keyword, a whole phrase, a cue, an example) beats stray words scoring a little more:
  // "nomor hp ku dikasih ke perusahaan?" is the privacy cue's, not the contact guide's because of "nomor".
  if (ranked.length > 1 && anchored[ranked[0]!] !== 1) {
    const at = ranked.findIndex((d) => anchored[d] === 1 && scores[d]! >= scores[ranked[0]!]! * GROUNDED_SHARE);
    if (at > 0) ranked.unshift(...ranked.splice(at, 1));
  }
  const best = ranked[0];
  if (best === undefined) return none;

  // Confidence: the score, discounted when much of the message is words the doc does not account for
  // ("jual hp bekas" matching one stray keyword).
  const unresolved = Math.max(0, contentWords - query.length);
  const total = query.reduce((sum, q) => sum + q.weight, 0) + unresolved;
  const confidence = (doc: number) => scores[doc]! * (0.4 + 0.6 * Math.min(1, covers[doc]! / Math.max(1, total)));
  // Stray words inside longer keywords ("jual" of "data dijual") are not enough on their own.
  const grounded = (doc: number) => anchored[doc] === 1;
  const score = confidence(best);
  if (score < MIN_SUGGEST_SCORE) return { ...none, score };
  const alternatives = ranked
    .slice(1)
    .filter((d) => scores[d]! >= scores[best]! * ALTERNATIVE_SHARE)
    .slice(0, 2);
  // A mixed question: the best runner-up that stands on its own keyword, one the winner lacks.
  const second = ranked
    .slice(1, 4)
    .find(
      (d) =>
        scores[d]! >= scores[best]! * SECONDARY_SHARE &&
        grounded(d) &&
        confidence(d) >= CONFIDENCE_THRESHOLD &&
        ownsStrongTerm(index, query, d, best),
    );
  const secondary = second === undefined ? undefined : p.docTopic[second];
  const confident = grounded(best) && score >= CONFIDENCE_THRESHOLD;
  const section = confident ? chooseSection(index, query, best, asks(normalised)) : undefined;
  return {
    topic: p.docTopic[best]!,
    score,
    confident,
    alternatives: alternatives.map((d) => p.docTopic[d]!),
    ...(secondary ? { secondary } : {}),
    ...(section ? { section } : {}),
  };
}


/** True when `doc` matches a query term by keyword that `other` does not match by keyword. */
function ownsStrongTerm(index: RouterIndex, query: QueryTerm[], doc: number, other: number): boolean {
  return query.some((q) => {
    const posting = own(index.postings, q.term);
    if (!posting) return false;
    let here = false;
    let there = false;
    for (let i = 0; i < posting.length; i += 2) {
      if (posting[i] === doc && posting[i + 1]! >= STRONG_FULL / 2) here = true;
      if (posting[i] === other) there = true;
    }
    return here && !there;
  });
}

function inMenu(index: RouterIndex, p: Prepared, term: string): boolean {
  const posting = own(index.postings, term) ?? [];
  for (let i = 0; i < posting.length; i += 2) if (p.menuDocs.has(posting[i]!)) return true;
  return false;
}

/** The message's query terms, resolved against the index vocabulary. */
function analyse(
  index: RouterIndex,
  p: Prepared,
  text: string,
): { query: QueryTerm[]; contentWords: number; addressed: boolean } {
  const byTerm = new Map<string, QueryTerm>();
  const seenWords = new Set<string>();
  let contentWords = 0;
  let addressed = false;
  const budget = { typoLookups: MAX_TYPO_LOOKUPS };
  // "bukan soal loker, tapi ...", "ora butuh kerjaan, mung ...": a negated word counts little beside the real question.
  const contrasted = normalise(text.slice(0, MAX_CHARS))
    .split(" ")
    .some((w) => expandSlang(w).some((x) => CONTRASTS.has(x)));
  let negated = false;
  let verbNegation = false;
  let excluded = 0; // content words still inside a "selain ..." span
  for (const sentence of sentences(text.slice(0, MAX_CHARS))) {
    const weight = sentence.weight; // statements beside a question count less
    let previous = "";
    for (const raw of normalise(sentence.text).split(" ")) {
      if (!raw) continue;
      if (isAddressWord(raw) || raw === "p") addressed = true;
      for (const word of expandSlang(raw)) {
        if (word === previous) continue;
        previous = word;
        if (contrasted) {
          if (NOUN_NEGATIONS.has(word)) negated = true;
          else if (verbNegation && NEGATABLE_WANTS.has(word)) negated = true;
          verbNegation = VERB_NEGATIONS.has(word);
        }
        if (EXCLUSIONS.has(word)) {
          excluded = MAX_EXCLUDED_WORDS;
          continue;
        }
        if (isStopWord(word)) {
          excluded = 0;
          continue;
        }
        const resolved = resolve(index, p, word, budget);
        if (resolved && isStopWord(resolved.term)) continue;
        if (!seenWords.has(word)) {
          seenWords.add(word);
          contentWords++;
        }
        if (!resolved) continue;
        const w = weight * (resolved.typo ? TYPO_FACTOR : 1) * (negated || excluded > 0 ? NEGATED_FACTOR : 1);
        negated = false;
        if (excluded > 0) excluded--;
        const known = byTerm.get(resolved.term);
        if (!known || known.weight < w) byTerm.set(resolved.term, { term: resolved.term, weight: w, strong: resolved.strong });
      }
    }
  }
  return { query: [...byTerm.values()], contentWords, addressed };
}

/** The index term for one content word: its stem, another reading of it, or a typo correction. */
function resolve(
  index: RouterIndex,
  p: Prepared,
  word: string,
  budget: { typoLookups: number },
): { term: string; strong: boolean; typo: boolean } | undefined {
  const main = stem(word);
  if (Object.hasOwn(index.postings, main)) return { term: main, strong: true, typo: false };
  const candidates = stemCandidates(word);
  for (const c of candidates) if (Object.hasOwn(index.postings, c)) return { term: c, strong: true, typo: false };
  if (index.weak && Object.hasOwn(index.weak, main)) return { term: main, strong: false, typo: false };
  // words only examples or sections name ("gugup" of a `contoh:` line, a `bagian:` keyword)
  for (const c of candidates) if (p.examplesByTerm.has(c) || own(index.sections?.strong, c)) return { term: c, strong: false, typo: false };
  if (budget.typoLookups > 0 && word.length >= MIN_TYPO_LENGTH) {
    budget.typoLookups--;
    const corrected = closestTerm(p, word) ?? (main !== word ? closestTerm(p, main) : undefined);
    if (corrected) return { term: corrected, strong: true, typo: true };
  }
  for (const c of candidates) if (index.weak && Object.hasOwn(index.weak, c)) return { term: c, strong: false, typo: false };
  return undefined;
}

/** The keyword term whose spelling is within typo distance 1 (2 for long words) of `word`, if any. */
function closestTerm(p: Prepared, word: string): string | undefined {
  if (word.length < MIN_TYPO_LENGTH || /\d/.test(word)) return undefined;
  const max = word.length >= 9 ? 2 : 1;
  const letters = letterMask(word);
  let best: FuzzyEntry | undefined;
  let bestDist = max + 1;
  for (let len = word.length - max; len <= word.length + max; len++) {
    for (const entry of p.fuzzy.get(len) ?? []) {
      // Each edit adds at most one letter the other word lacks: a cheap lower bound skips most candidates.
      if (Math.max(popcount(letters & ~entry.letters), popcount(entry.letters & ~letters)) > max) continue;
      const d = typoDistance(word, entry.spelling, max);
      if (d > max) continue;
      // prefer the closer spelling; on a tie, one that starts like the word
      if (d < bestDist || (d === bestDist && entry.spelling[0] === word[0] && best?.spelling[0] !== word[0])) {
        bestDist = d;
        best = entry;
      }
    }
  }
  return best?.term;
}

/** A posting list of a term the seeker typed: own keys only ("constructor" or "__proto__" are not terms). */
function own(postings: Record<string, number[]> | undefined, term: string): number[] | undefined {
  return postings && Object.hasOwn(postings, term) ? postings[term] : undefined;
}

/** For diagnosis (scripts, tests): the query terms of a message and the section evidence in the guide it routes to. */
export function explainRoute(index: RouterIndex, text: string): { result: RouteResult; query: QueryTerm[]; sections: SectionScore[] } {
  const p = prepare(index);
  const result = route(index, text);
  const { query } = analyse(index, p, text);
  const doc = p.topicDoc.get(result.topic);
  const sections = doc === undefined ? [] : scoreSections(index, query, doc, asks(normalise(text.slice(0, MAX_CHARS))));
  return { result, query, sections };
}
