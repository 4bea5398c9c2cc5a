/**
 * Which section of a guide a precise question asks about (issue 13): the router has chosen the guide; this picks
 * the `##` section that answers the question, or none for a general question (the guide's opening is the answer).
 * Pure CPU over the section index the content compiler built (RouterIndex.sections).
 */
import { expandSlang, normalise } from "../text/normalise.ts";
import type { RouterIndex } from "./router.ts";

/** One term of the seeker's message as the router resolved it. */
export interface QueryTerm {
  term: string;
  /** sentence weight × typo factor */
  weight: number;
  strong: boolean;
}

const K1 = 1.2; // BM25 term-frequency saturation and length normalisation, for section body text
const B = 0.75;
const SECTION_BODY_SCALE = 0.4; // section body words count this much of a heading or `bagian:` word
const SECTION_MIN_SCORE = 2.5; // a section is chosen only on this much evidence of its own...
const SECTION_ASKED_BONUS = 3; // a heading asking the seeker's own question ("Di mana ...?" for "... nang endi?")
const SECTION_MARGIN = 1.3; // ...and this many times the runner-up's
const BODY_DF_SHARE = 1; // a section that only mentions a word in its body counts this much in that word's heading rarity

/** The evidence for one section of a guide. */
export interface SectionScore {
  id: string;
  title: string;
  /** heading words, `bagian:` keywords and the asked-question bonus */
  strong: number;
  /** body words (BM25), before SECTION_BODY_SCALE */
  body: number;
  score: number;
}

/** Every section of `doc`'s guide with its evidence for this query, in guide order. */
export function scoreSections(index: RouterIndex, query: QueryTerm[], doc: number, asked: ReadonlySet<string>): SectionScore[] {
  const sections = index.sections;
  if (!sections) return [];
  const inDoc: number[] = [];
  sections.list.forEach((s, i) => s.doc === doc && inDoc.push(i));
  if (inDoc.length === 0) return [];
  const first = inDoc[0]!;
  const count = inDoc.length;
  const avgLen = inDoc.reduce((sum, i) => sum + sections.list[i]!.len, 0) / count;
  const strong = new Float64Array(count);
  const body = new Float64Array(count);
  const mine = (posting: number[] | undefined) => {
    const out: Array<[number, number]> = [];
    if (!posting) return out;
    for (let i = 0; i < posting.length; i += 2) {
      const s = posting[i]!;
      if (sections.list[s]!.doc === doc) out.push([s - first, posting[i + 1]!]);
    }
    return out;
  };
  for (const q of query) {
    const st = mine(own(sections.strong, q.term));
    const wk = mine(own(sections.weak, q.term));
    const df = new Set([...st.map(([s]) => s), ...wk.map(([s]) => s)]).size;
    if (df === 0) continue;
    const idfOf = (n: number) => Math.log(1 + (count - n + 0.5) / (n + 0.5));
    const idf = idfOf(df);
    // A heading or `bagian:` word stays telling when the body text of other sections mentions it in passing.
    const strongIdf = idfOf(st.length + BODY_DF_SHARE * (df - st.length));
    for (const [s, w] of st) strong[s]! += q.weight * w * strongIdf;
    for (const [s, tf] of wk) {
      const norm = tf + K1 * (1 - B + (B * sections.list[first + s]!.len) / Math.max(1, avgLen));
      body[s]! += q.weight * idf * ((tf * (K1 + 1)) / norm);
    }
  }
  // "Di mana mengurusnya?", "Berapa lama disimpan?": a heading that asks the question the seeker asks
  if (asked.size > 0) {
    for (let s = 0; s < count; s++) {
      const heading = sections.list[first + s]!.title.toLowerCase();
      const title = heading.split(/[^a-z]+/);
      // "BKK itu apa?" is answered by "Apa itu BKK?"
      const defines = asked.has(DEFINITION) && /^apa itu\b/.test(heading);
      // "syarat ... apa aja?" is answered by "Persyaratan", "Syarat dan dokumen"
      const requires = asked.has(REQUIREMENTS) && /\b(?:per)?syarat/.test(heading);
      // "kudu nggowo opo wae?", "berkasnya apa aja?" is answered by "Dokumen yang perlu disiapkan", "Persiapan"
      const brings = asked.has(THINGS_TO_BRING) && /\b(?:dokumen|persiapan|(?:per)?syarat|sebelum datang)\b/.test(heading);
      // "gagal terus", "ga bisa masuk" is answered by "Kalau ada kendala", "Muncul ...?"
      const troubled = asked.has(PROBLEM) && /^(?:kalau ada kendala|muncul)\b/.test(heading);
      if (defines || requires || brings || troubled || title.some((word) => asked.has(word))) strong[s]! += SECTION_ASKED_BONUS;
    }
  }
  return inDoc.map((at, s) => {
    const { id, title } = sections.list[at]!;
    return { id, title, strong: strong[s]!, body: body[s]!, score: strong[s]! + SECTION_BODY_SCALE * body[s]! };
  });
}

/**
 * The section of `doc`'s guide a precise question asks about: heading words and `bagian:` keywords weighted by
 * how few of the guide's sections share them, plus a little of the body text. None unless one section stands out.
 */
export function chooseSection(index: RouterIndex, query: QueryTerm[], doc: number, asked: ReadonlySet<string>): string | undefined {
  const scored = scoreSections(index, query, doc, asked);
  if (scored.length < 2) return undefined;
  let best: SectionScore | undefined;
  let runnerUp = 0;
  for (const s of scored) {
    if (s.score > (best?.score ?? 0)) {
      runnerUp = best?.score ?? 0;
      best = s;
    } else if (s.score > runnerUp) runnerUp = s.score;
  }
  if (!best || best.strong <= 0 || best.score < SECTION_MIN_SCORE || best.score < runnerUp * SECTION_MARGIN) return undefined;
  return best.id;
}

/** The interrogatives a normalised message asks with (Javanese ones already read as Indonesian): "mana", "kapan"... */
export function asks(normalised: string): ReadonlySet<string> {
  const out = new Set<string>();
  const read: string[] = [];
  for (const raw of normalised.split(" ")) for (const word of expandSlang(raw)) read.push(word);
  for (const word of read) if (INTERROGATIVES.has(word)) out.add(word);
  // a question for a definition: "apa itu X", "X itu apa (sih)", "X itu maksudnya apa", "artinya apa"
  const text = ` ${read.join(" ")} `;
  if (/ apa itu | itu apa | itu maksudnya | maksudnya apa | artinya | pengertian /.test(text)) out.add(DEFINITION);
  if (read.some((word) => /^(?:per)?syarat/.test(word))) out.add(REQUIREMENTS);
  if (/ (?:bawa|dibawa|disiapkan|siapkan) apa | (?:dokumen|dokumennya|berkas|berkasnya) /.test(text)) out.add(THINGS_TO_BRING);
  if (/ (?:gagal|error|eror|ditolak|kendala|macet|nyangkut|tidak bisa (?:masuk|login|daftar|diklaim|klaim|cair|dicairkan|verifikasi)) /.test(text)) out.add(PROBLEM);
  return out;
}

/** The token `asks` adds for a question about what to bring or prepare ("kudu nggowo opo wae", "berkasnya apa"). */
const THINGS_TO_BRING = "bawa";
/** The token `asks` adds for a message about something that went wrong ("gagal terus", "ga bisa login"). */
const PROBLEM = "kendala";

/** The token `asks` adds for a question asking what something is. */
const DEFINITION = "apa-itu";
/** The token `asks` adds for a question asking what is required ("syarat", "syaratnya", "persyaratan", "syarate"). */
const REQUIREMENTS = "syarat";

const INTERROGATIVES: ReadonlySet<string> = new Set(["mana", "kapan"]);

/** True when a message asks something ("jam berapa?", "piye carane...") rather than requests ("hubungkan ke konselor"). */
export function asksQuestion(text: string): boolean {
  if (text.includes("?")) return true;
  // "kok disuruh setuju dulu": a particle that asks why
  return normalise(text).split(" ").some((raw) => raw === "kok" || expandSlang(raw).some((word) => QUESTION_WORDS.has(word)));
}

const QUESTION_WORDS: ReadonlySet<string> = new Set(["apa", "apakah", "berapa", "kapan", "mana", "siapa", "bagaimana", "kenapa", "mengapa"]);

/** A posting list of a term the seeker typed: own keys only ("constructor" or "__proto__" are not terms). */
function own(postings: Record<string, number[]> | undefined, term: string): number[] | undefined {
  return postings && Object.hasOwn(postings, term) ? postings[term] : undefined;
}
