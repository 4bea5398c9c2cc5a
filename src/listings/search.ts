/**
 * Search, filters and paging over the compiled Listings, plus parsing of free-text vacancy
 * requests (place, education, words). Pure CPU: a small text index per Listings object is built
 * once per isolate and cached; each query then costs a few postings lookups.
 */
import { typoDistance } from "../core/router.ts";
import { expandSlang, isAddressWord, isStopWord, normalise, stem, stemCandidates, words } from "../core/text.ts";
import { EDUCATION_RANK, type Education, type Listings, type Place, type Training, type Vacancy } from "./types.ts";

/** The office's local date (YYYY-MM-DD) at `now` for a UTC offset in minutes (default +420, WIB). */
export function officeDate(now: number, offsetMinutes = 420): string {
  return new Date(now + offsetMinutes * 60_000).toISOString().slice(0, 10);
}

/** Listings still open on `today` (deadline >= today). */
export function openVacancies(l: Listings, today: string): Vacancy[] {
  return l.vacancies.filter((v) => v.deadline >= today);
}

/** Training programmes whose registration is still open on `today` (deadline >= today). */
export function openTrainings(l: Listings, today: string): Training[] {
  return l.trainings.filter((t) => t.deadline >= today);
}

/** What a seeker asked for: words, a place and their own education. */
export interface ListingQuery {
  text?: string;
  /** "35.05.10" (a kecamatan) or "35.05" (a whole kabupaten/kota) */
  placeCode?: string;
  /** the seeker's education: keep items whose minimum rank <= this rank */
  education?: Education;
}

const K1 = 1.2; // BM25 term-frequency saturation
const B = 0.5; // length normalisation: listing fields are short, so only half of it
const TYPO_FACTOR = 0.7; // a typo-corrected word counts a little less
const MIN_TYPO_LENGTH = 5;
const MAX_TYPO_LOOKUPS = 8; // per query: bounds the CPU a long query of unknown words can cost
const MAX_QUERY_CHARS = 300;
const MAX_DESCRIPTION = 400; // characters of a description that are indexed: bounds the per-isolate build

/** Words of a vacancy request that name no job: dropped from the searched text. */
const GENERIC = new Set(
  (
    "lowongan loker kerja info informasi cari mencari carikan ada adakah di yang untuk lulusan tamatan tamat lulus " +
    "minimal min pendidikan ijazah daerah wilayah sekitar area kecamatan kec kabupaten kab kota desa posisi bagian " +
    "sebagai terbaru baru tersedia dibuka buka butuh dibutuhkan membutuhkan lamar melamar pelatihan program " +
    "tolong mohon minta saya mau ingin pengen lihat tampilkan daftar list apa aja saja dong ya"
  ).split(" "),
);

interface FuzzyEntry {
  spelling: string;
  term: string;
  letters: number;
}

/** A small BM25 index over one kind of listing (vacancies or trainings), in Listings order. */
interface TextIndex {
  /** term → flat pairs [doc, weighted term frequency, ...] */
  postings: Map<string, number[]>;
  idf: Map<string, number>;
  lens: Float64Array;
  avgLen: number;
  /** surface word → its term, for words whose stem differs */
  forms: Map<string, string>;
  /** typo candidates grouped by length */
  fuzzy: Map<number, FuzzyEntry[]>;
  /** EDUCATION_RANK of each doc */
  ranks: Uint8Array;
}

type Fields = Array<[text: string, weight: number]>;

/** The index term of a content word: its stem, or the word itself when the stem is a stop word ("harian" → "hari"). */
function termOf(word: string): string {
  const t = stem(word);
  return isStopWord(t) ? word : t;
}

function buildIndex(docs: Fields[], education: Education[]): TextIndex {
  const forms = new Map<string, string>();
  const lens = new Float64Array(docs.length);
  const termIds = new Map<string, number>();
  const termNames: string[] = [];
  // Listings repeat their words (positions, companies, skills, kecamatan): analyse each distinct chunk once.
  const chunks = new Map<string, number[]>();
  const analyse = (chunk: string): number[] => {
    let ids = chunks.get(chunk);
    if (!ids) {
      ids = [];
      for (const w of words(chunk)) {
        if (isStopWord(w)) continue;
        const t = termOf(w);
        if (t !== w) forms.set(w, t);
        let id = termIds.get(t);
        if (id === undefined) {
          id = termNames.push(t) - 1;
          termIds.set(t, id);
        }
        ids.push(id);
      }
      chunks.set(chunk, ids);
    }
    return ids;
  };
  // short fields (position, company, skills, kecamatan) repeat whole across listings
  const fields = new Map<string, number[]>();
  const analyseField = (text: string): number[] => {
    const short = text.length <= 120;
    let ids = short ? fields.get(text) : undefined;
    if (!ids) {
      ids = [];
      for (const chunk of chunksOf(text)) for (const id of analyse(chunk)) ids.push(id);
      if (short) fields.set(text, ids);
    }
    return ids;
  };
  // per doc: its distinct terms and their weighted frequencies, flat (docStart[d] .. docStart[d + 1])
  const docStart = new Int32Array(docs.length + 1);
  const allTerms: number[] = [];
  const allFreqs: number[] = [];
  let seen = new Int32Array(1024).fill(-1);
  let slot = new Int32Array(1024);
  // indexed loops: this runs once per isolate, mostly before the JIT has warmed up
  for (let doc = 0; doc < docs.length; doc++) {
    docStart[doc] = allTerms.length;
    const fieldsOfDoc = docs[doc]!;
    for (let f = 0; f < fieldsOfDoc.length; f++) {
      const weight = fieldsOfDoc[f]![1];
      const ids = analyseField(fieldsOfDoc[f]![0]);
      for (let k = 0; k < ids.length; k++) {
        const id = ids[k]!;
        if (id >= seen.length) {
          const grown = new Int32Array(Math.max(id + 1, seen.length * 2)).fill(-1);
          grown.set(seen);
          seen = grown;
          const s = new Int32Array(grown.length);
          s.set(slot);
          slot = s;
        }
        if (seen[id] !== doc) {
          seen[id] = doc;
          slot[id] = allTerms.length;
          allTerms.push(id);
          allFreqs.push(0);
        }
        allFreqs[slot[id]!]! += weight;
        lens[doc]! += weight;
      }
    }
  }
  docStart[docs.length] = allTerms.length;
  const df = new Int32Array(termNames.length);
  for (let k = 0; k < allTerms.length; k++) df[allTerms[k]!]!++;
  const flat = termNames.map((_, id) => new Array<number>(df[id]! * 2));
  const filled = new Int32Array(termNames.length);
  for (let doc = 0; doc < docs.length; doc++) {
    for (let k = docStart[doc]!; k < docStart[doc + 1]!; k++) {
      const id = allTerms[k]!;
      const at = filled[id]!;
      flat[id]![at] = doc;
      flat[id]![at + 1] = allFreqs[k]!;
      filled[id] = at + 2;
    }
  }
  const postings = new Map<string, number[]>();
  const idf = new Map<string, number>();
  const n = docs.length;
  termNames.forEach((term, id) => {
    postings.set(term, flat[id]!);
    idf.set(term, Math.log(1 + (n - df[id]! + 0.5) / (df[id]! + 0.5)));
  });
  const fuzzy = new Map<number, FuzzyEntry[]>();
  const addFuzzy = (spelling: string, term: string) => {
    if (spelling.length < MIN_TYPO_LENGTH - 1 || /\d/.test(spelling)) return;
    const bucket = fuzzy.get(spelling.length) ?? [];
    bucket.push({ spelling, term, letters: letterMask(spelling) });
    fuzzy.set(spelling.length, bucket);
  };
  for (const term of postings.keys()) addFuzzy(term, term);
  for (const [surface, term] of forms) addFuzzy(surface, term);
  let total = 0;
  for (const len of lens) total += len;
  const ranks = Uint8Array.from(education, (e) => EDUCATION_RANK[e] ?? 0);
  return { postings, idf, lens, avgLen: n ? total / n : 1, forms, fuzzy, ranks };
}

/**
 * A text cut into chunks that words() reads alike: plain lower-case runs of letters and digits for
 * ASCII text (cheap, and "Blitar." and "blitar" become one chunk), whole words otherwise.
 */
function chunksOf(text: string): string[] {
  if (/[^\x00-\x7f]/.test(text) || /ak\s*[/-]?\s*1/i.test(text)) return text.split(" ");
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

/** The start of a description, cut at a word: what the job is; the rest is conditions that rarely name it. */
function lead(text: string): string {
  if (text.length <= MAX_DESCRIPTION) return text;
  const cut = text.lastIndexOf(" ", MAX_DESCRIPTION);
  return text.slice(0, cut > 0 ? cut : MAX_DESCRIPTION);
}

interface Prepared {
  vacancies: TextIndex;
  trainings: TextIndex;
}

// Deliberate per-isolate cache: derived once per (immutable) Listings object.
const prepared = new WeakMap<Listings, Prepared>();

function prepare(l: Listings): Prepared {
  const cached = prepared.get(l);
  if (cached) return cached;
  const p: Prepared = {
    vacancies: buildIndex(
      l.vacancies.map((v) => [
        [v.position, 3],
        [v.company, 2],
        [v.sector, 1.5],
        [v.skills.join(" , "), 2.5],
        [v.majors.join(" , "), 1.5],
        [v.place.kecamatan, 1.5],
        [v.workType.replace("-", " "), 1],
        [lead(v.description), 0.5],
      ]),
      l.vacancies.map((v) => v.education),
    ),
    trainings: buildIndex(
      l.trainings.map((t) => [
        [t.program, 3],
        [t.field, 2.5],
        [t.provider, 2],
        [t.skills.join(" , "), 2.5],
        [t.place.kecamatan, 1.5],
        [lead(t.description), 0.5],
      ]),
      l.trainings.map((t) => t.education),
    ),
  };
  prepared.set(l, p);
  return p;
}

/** Open vacancies matching the query: text relevance first (BM25-like, typo-tolerant, stemmed), newest first when there is no text. */
export function searchVacancies(l: Listings, q: ListingQuery, today: string): Vacancy[] {
  return search(prepare(l).vacancies, l.vacancies, q, today);
}

/** Open training programmes matching the query, ranked like searchVacancies. */
export function searchTrainings(l: Listings, q: ListingQuery, today: string): Training[] {
  return search(prepare(l).trainings, l.trainings, q, today);
}

function search<T extends { deadline: string; place: Place }>(index: TextIndex, items: T[], q: ListingQuery, today: string): T[] {
  const maxRank = q.education ? EDUCATION_RANK[q.education] : Infinity;
  const place = q.placeCode ? placePrefix(q.placeCode) : undefined;
  const keep = (i: number) => {
    const item = items[i]!;
    return (
      item.deadline >= today &&
      index.ranks[i]! <= maxRank &&
      (place === undefined || item.place.code === q.placeCode || item.place.code.startsWith(place))
    );
  };
  const query = q.text ? queryTerms(index, q.text) : undefined;
  if (!query || query.words === 0) {
    const out: T[] = [];
    for (let i = 0; i < items.length; i++) if (keep(i)) out.push(items[i]!);
    return out;
  }
  if (query.terms.length === 0) return [];
  const n = items.length;
  const scores = new Float64Array(n);
  const matched = new Uint8Array(n);
  let total = 0;
  for (const { term, weight } of query.terms) {
    total += weight;
    const posting = index.postings.get(term)!;
    const idf = index.idf.get(term)!;
    for (let i = 0; i < posting.length; i += 2) {
      const doc = posting[i]!;
      const f = posting[i + 1]!;
      const norm = f + K1 * (1 - B + (B * index.lens[doc]!) / index.avgLen);
      scores[doc]! += weight * idf * ((f * (K1 + 1)) / norm);
      matched[doc]!++;
    }
  }
  const hits: number[] = [];
  for (let i = 0; i < n; i++) {
    if (scores[i]! <= 0 || !keep(i)) continue;
    // Items that account for more of the query come first: "operator produksi" before "operator forklift".
    scores[i] = scores[i]! * (0.4 + (0.6 * matched[i]!) / query.terms.length);
    hits.push(i);
  }
  hits.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return hits.map((i) => items[i]!);
}

/** The query's index terms; `words` counts its content words (0 = no text to search). */
function queryTerms(index: TextIndex, text: string): { terms: Array<{ term: string; weight: number }>; words: number } {
  const byTerm = new Map<string, number>();
  let count = 0;
  let typoBudget = MAX_TYPO_LOOKUPS;
  for (const w of words(text.slice(0, MAX_QUERY_CHARS))) {
    if (isStopWord(w) || GENERIC.has(w)) continue;
    count++;
    let term: string | undefined;
    let weight = 1;
    const main = termOf(w);
    if (index.postings.has(main)) term = main;
    else term = stemCandidates(w).find((c) => index.postings.has(c)) ?? index.forms.get(w);
    if (!term && typoBudget > 0 && w.length >= MIN_TYPO_LENGTH) {
      typoBudget--;
      term = closest(index.fuzzy, w);
      weight = TYPO_FACTOR;
    }
    if (term && (byTerm.get(term) ?? 0) < weight) byTerm.set(term, weight);
  }
  return { terms: [...byTerm].map(([term, weight]) => ({ term, weight })), words: count };
}

/** The vocabulary term whose spelling is within typo distance 1 (2 for words of 9+ letters) of `word`. */
function closest(fuzzy: Map<number, FuzzyEntry[]>, word: string): string | undefined {
  if (/\d/.test(word)) return undefined;
  const max = word.length >= 9 ? 2 : 1;
  const letters = letterMask(word);
  let best: FuzzyEntry | undefined;
  let bestDist = max + 1;
  for (let len = word.length - max; len <= word.length + max; len++) {
    for (const entry of fuzzy.get(len) ?? []) {
      if (Math.max(popcount(letters & ~entry.letters), popcount(entry.letters & ~letters)) > max) continue;
      const d = typoDistance(word, entry.spelling, max);
      if (d < bestDist || (d === bestDist && d <= max && entry.spelling[0] === word[0] && best?.spelling[0] !== word[0])) {
        bestDist = d;
        best = entry;
      }
    }
  }
  return bestDist <= max ? best?.term : undefined;
}

function letterMask(word: string): number {
  let mask = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i) - 97;
    if (c >= 0 && c < 26) mask |= 1 << c;
  }
  return mask;
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
}

/** "35.05.10" → "35.05.10", "35.05" → "35.05." (every kecamatan in it). */
function placePrefix(code: string): string {
  return code.split(".").length === 2 ? `${code}.` : code;
}

/** The kabupaten/kota code of a kecamatan code ("35.05.10" → "35.05"); a kabupaten code is returned as is. */
export function regencyCode(code: string): string {
  return code.split(".").slice(0, 2).join(".");
}

/** A page of items: 1-based page clamped to the valid range. */
export function paginate<T>(items: T[], page: number, size = 5): { items: T[]; page: number; pages: number; total: number } {
  const per = Math.max(1, Math.floor(size) || 5);
  const pages = Math.max(1, Math.ceil(items.length / per));
  const p = Math.min(pages, Math.max(1, Math.floor(page) || 1));
  return { items: items.slice((p - 1) * per, p * per), page: p, pages, total: items.length };
}

// ---------------------------------------------------------------------------------------------
// Free-text parsing: places and education levels

/** A place named in text, with the span of normalised words that named it. */
interface PlaceMention {
  code: string;
  name: string;
  start: number;
  end: number;
  /** lower is preferred: 0 exact kecamatan, 1 explicit kabupaten/kota, 2 bare regency name, 3 typo kecamatan, 4 typo regency */
  rank: number;
}

interface Regency {
  code: string;
  /** "Kabupaten Blitar" */
  name: string;
  /** "blitar" */
  base: string;
  city: boolean;
}

interface PlaceTable {
  kecamatan: Array<{ place: Place; compact: string }>;
  regencies: Regency[];
}

const placeTables = new WeakMap<Place[], PlaceTable>();

function placeTable(places: Place[]): PlaceTable {
  const cached = placeTables.get(places);
  if (cached) return cached;
  const regencies = new Map<string, Regency>();
  for (const p of places) {
    const code = regencyCode(p.code);
    if (regencies.has(code)) continue;
    const norm = normalise(p.kabupaten);
    const city = /^kota\b/.test(norm);
    regencies.set(code, { code, name: p.kabupaten, base: norm.replace(/^(kabupaten|kab|kota)\s+/, "").replace(/ /g, ""), city });
  }
  const table = {
    kecamatan: places.map((place) => ({ place, compact: normalise(place.kecamatan).replace(/ /g, "") })),
    // a bare regency name means the kabupaten before the kota of the same name
    regencies: [...regencies.values()].sort((a, b) => Number(a.city) - Number(b.city)),
  };
  placeTables.set(places, table);
  return table;
}

const REGENCY_WORDS: Record<string, boolean> = { kota: true, kabupaten: false, kab: false, kabupatennya: false, kotanya: true };
/** Words never read as a mistyped place name. */
const NOT_PLACES = new Set([
  ...GENERIC, "lowongan", "harian", "kontrak", "magang", "pabrik", "gudang", "kantor", "sopir", "supir", "teknisi",
  "operator", "admin", "kasir", "satpam", "sales", "marketing", "mekanik", "bengkel", "toko", "guru", "perawat",
]);

/** Every place mention in the normalised words, best first. */
function placeMentions(places: Place[], ws: string[]): PlaceMention[] {
  const table = placeTable(places);
  const out: PlaceMention[] = [];
  const joined = (i: number, k: number) => ws.slice(i, i + k).join("");
  for (let i = 0; i < ws.length; i++) {
    for (let k = 3; k >= 1; k--) {
      if (i + k > ws.length) continue;
      const c = joined(i, k);
      const kec = table.kecamatan.find((e) => e.compact === c);
      if (kec) {
        out.push({ code: kec.place.code, name: kec.place.kecamatan, start: i, end: i + k, rank: 0 });
        break;
      }
      const regency = regencyFor(table, c, i > 0 ? REGENCY_WORDS[ws[i - 1]!] : undefined, false);
      if (regency) {
        const explicit = i > 0 && ws[i - 1]! in REGENCY_WORDS;
        out.push({ code: regency.code, name: regency.name, start: explicit ? i - 1 : i, end: i + k, rank: explicit ? 1 : 2 });
        break;
      }
    }
  }
  if (out.length === 0) {
    // typos: only words long enough to tell apart, and never a common job word
    for (let i = 0; i < ws.length; i++) {
      for (let k = 2; k >= 1; k--) {
        if (i + k > ws.length || ws.slice(i, i + k).some((w) => NOT_PLACES.has(w) || isStopWord(w) || /\d/.test(w))) continue;
        const c = joined(i, k);
        if (c.length < MIN_TYPO_LENGTH) continue;
        const max = c.length >= 9 ? 2 : 1;
        let best: { place: Place; d: number } | undefined;
        for (const e of table.kecamatan) {
          const d = typoDistance(c, e.compact, max);
          if (d <= max && (!best || d < best.d)) best = { place: e.place, d };
        }
        if (best) {
          out.push({ code: best.place.code, name: best.place.kecamatan, start: i, end: i + k, rank: 3 + best.d / 10 });
          break;
        }
        const regency = regencyFor(table, c, i > 0 ? REGENCY_WORDS[ws[i - 1]!] : undefined, true);
        if (regency) {
          const explicit = i > 0 && ws[i - 1]! in REGENCY_WORDS;
          out.push({ code: regency.code, name: regency.name, start: explicit ? i - 1 : i, end: i + k, rank: 4 });
          break;
        }
      }
    }
  }
  return out.sort((a, b) => a.rank - b.rank || a.start - b.start);
}

/** The regency whose base name is `word` (or a typo of it), of the kind `city` when the text said so. */
function regencyFor(table: PlaceTable, word: string, city: boolean | undefined, typo: boolean): Regency | undefined {
  const max = word.length >= 9 ? 2 : 1;
  const fits = (r: Regency) => (typo ? word.length >= MIN_TYPO_LENGTH && typoDistance(word, r.base, max) <= max : r.base === word);
  return table.regencies.find((r) => fits(r) && (city === undefined || r.city === city)) ?? table.regencies.find(fits);
}

/** Find an official place named in free text ("di kanigoro", "kota blitar", "wlingi"), typo-tolerant; kabupaten names give the regency code. */
export function findPlace(places: Place[], text: string): { code: string; name: string } | undefined {
  const m = placeMentions(places, normalise(text).split(" ").filter(Boolean))[0];
  return m && { code: m.code, name: m.name };
}

/** Spellings of each level, as normalised word sequences; longer ones are tried first. */
const EDUCATION_FORMS: Array<[string, Education]> = (
  [
    ["sarjana terapan", "D4"], ["diploma 4", "D4"], ["d 4", "D4"], ["d4", "D4"], 
    ["diploma 3", "D3"], ["d 3", "D3"], ["d3", "D3"], ["ahli madya", "D3"],
    ["diploma 2", "D2"], ["d 2", "D2"], ["d2", "D2"], 
    ["diploma 1", "D1"], ["d 1", "D1"], ["d1", "D1"],
    ["strata 1", "S1"], ["s 1", "S1"], ["s1", "S1"], ["sarjana", "S1"],
    ["strata 2", "S2"], ["s 2", "S2"], ["s2", "S2"], ["magister", "S2"], ["pascasarjana", "S2"],
    ["strata 3", "S3"], ["s 3", "S3"], ["s3", "S3"], ["doktor", "S3"],
    ["paket c", "SMA"], ["sma", "SMA"], ["smu", "SMA"], ["slta", "SMA"], ["madrasah aliyah", "SMA"], ["aliyah", "SMA"],
    ["smk", "SMK"], ["stm", "SMK"], ["smea", "SMK"],
    ["paket b", "SMP"], ["smp", "SMP"], ["sltp", "SMP"], ["mts", "SMP"], ["tsanawiyah", "SMP"], ["smpn", "SMP"],
    ["paket a", "SD"], ["sd", "SD"], ["sekolah dasar", "SD"], ["ibtidaiyah", "SD"], ["sdn", "SD"],
    ["sman", "SMA"], ["smkn", "SMK"],
  ] as Array<[string, Education]>
).sort((a, b) => b[0].split(" ").length - a[0].split(" ").length);

/** Every education level named in the words, in order, with its span. */
function educationMentions(ws: string[]): Array<{ education: Education; start: number; end: number }> {
  const out: Array<{ education: Education; start: number; end: number }> = [];
  for (let i = 0; i < ws.length; i++) {
    for (const [form, education] of EDUCATION_FORMS) {
      const parts = form.split(" ");
      if (!parts.every((p, j) => ws[i + j] === p)) continue;
      out.push({ education, start: i, end: i + parts.length });
      i += parts.length - 1;
      break;
    }
  }
  return out;
}

/** Parse an education level from free text: "smk", "SMA/SMK", "lulusan s1", "d3", "sarjana" (S1), "diploma 3", "sltp"/"smp", "slta", "paket c" (= SMA), "sd". */
export function parseEducation(text: string): Education | undefined {
  return educationMentions(educationWords(text))[0]?.education;
}

const ROMAN: Record<string, string> = { i: "1", ii: "2", iii: "3", iv: "4" };

/** Normalised words, with Roman numerals of levels as digits first ("D-III" → "d 3"): normalise squeezes "iii". */
function educationWords(text: string): string[] {
  const digits = (_: string, level: string, roman: string) => `${level} ${ROMAN[roman.toLowerCase()]}`;
  const arabic = text
    .replace(/\b(diploma|strata)[\s.-]+(iv|iii|ii|i)\b/gi, digits)
    // "D-III", "DIII", "S-I"; never "di"/"DI" (a preposition) or "si"
    .replace(/\b([DS])(?:[\s.-]+(IV|III|II|I)|(IV|III|II))\b/g, (_, level: string, a?: string, b?: string) => digits(_, level, (a ?? b)!));
  return normalise(arabic).split(" ").filter(Boolean);
}

/** Split a free-text vacancy request into query parts: place, education and the remaining job words. */
export function parseListingQuery(places: Place[], input: string): ListingQuery {
  const ws = educationWords(input.slice(0, MAX_QUERY_CHARS));
  const used = new Uint8Array(ws.length);
  const q: ListingQuery = {};
  const levels = educationMentions(ws);
  if (levels[0]) q.education = levels[0].education; // "SMA/SMK": the first one named
  for (const m of levels) used.fill(1, m.start, m.end);
  const mentions = placeMentions(places, ws).filter((m) => !used.subarray(m.start, m.end).some(Boolean));
  if (mentions[0]) q.placeCode = mentions[0].code;
  for (const m of mentions) used.fill(1, m.start, m.end);
  const rest = ws.filter((w, i) => {
    if (used[i] || isAddressWord(w)) return false;
    const expanded = expandSlang(w);
    return expanded.some((e) => !isStopWord(e) && !GENERIC.has(e));
  });
  if (rest.length) q.text = rest.join(" ");
  return q;
}
