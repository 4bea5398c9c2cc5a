/**
 * Search, filters and paging over the compiled Listings, plus parsing of free-text vacancy
 * requests (place, education, words). Pure CPU: the text index is precomputed by the compiler
 * (Listings.prepared, see prepare.ts) or built on first use; per isolate and Listings object only the
 * postings a query names are decoded, so each query costs a few postings lookups.
 */
import type { OfficeClock } from "../core/clock.ts";
import { letterMask, popcount, typoDistance } from "../text/typo.ts";
import { expandSlang, isAddressWord, isStopWord, normalise, stem, stemCandidates, words } from "../text/normalise.ts";
import { columns, counts, dayNumber, type Columns } from "./columns.ts";
import { decodeInts, encodeInts, packedLength } from "./codec.ts";
import { EDUCATION_RANK, type Education, type Listings, type Place, type PreparedIndex, type Training, type Vacancy } from "./types.ts";

/** The office's local date (YYYY-MM-DD) at `now` on the configured office clock (clockFrom(env), officeClockFrom(vars)). */
export function officeDate(now: number, clock: OfficeClock): string {
  return clock.date(now);
}

/** Listings still open on `today` (deadline >= today). */
export function openVacancies(l: Listings, today: string): Vacancy[] {
  return searchVacancies(l, {}, today);
}

/** Training programmes whose registration is still open on `today` (deadline >= today). */
export function openTrainings(l: Listings, today: string): Training[] {
  return searchTrainings(l, {}, today);
}

/** The vacancy with this id (open or not), building only that item of a stored blob. */
export function vacancyById(l: Listings, id: string): Vacancy | undefined {
  const c = prepare(l).columns.vacancies;
  const i = c.indexOf(id);
  return i < 0 ? undefined : (c.item(i) as Vacancy);
}

/** The training programme with this id (open or not). */
export function trainingById(l: Listings, id: string): Training | undefined {
  const c = prepare(l).columns.trainings;
  const i = c.indexOf(id);
  return i < 0 ? undefined : (c.item(i) as Training);
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

/** A BM25 index over one kind of listing (vacancies or trainings), in Listings order, decoded lazily from a PreparedIndex. */
interface TextIndex {
  source: PreparedIndex;
  /** decoded postings, per term on first use: flat pairs [doc, weighted term frequency, ...] */
  postings: Map<string, number[]>;
  /** SCALE × the weighted length of each listing */
  lens: number[];
  avgLen: number;
  /** typo candidates grouped by length; built on the first query word the index does not know */
  fuzzy: Map<number, FuzzyEntry[]> | undefined;
}

type Fields = Array<[text: string, weight: number]>;

/** Term frequencies and lengths are sums of field weights, all multiples of 1 / SCALE: stored as integers. */
const SCALE = 2;

/** The index term of a content word: its stem, or the word itself when the stem is a stop word ("harian" → "hari"). */
function termOf(word: string): string {
  const t = stem(word);
  return isStopWord(t) ? word : t;
}

/** Analyse the docs' fields into an encoded index: the costly, pure text part (words, stems), done once per content version. */
function indexDocs(docs: Fields[]): PreparedIndex {
  const forms: Record<string, string> = {};
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
        if (t !== w) forms[w] = t;
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
  // per term: the docs holding it (ascending) and the weighted frequency in each
  const docsOf: number[][] = [];
  const freqsOf: number[][] = [];
  const lens: number[] = [];
  for (let doc = 0; doc < docs.length; doc++) {
    let len = 0;
    for (const [text, weight] of docs[doc]!) {
      for (const id of analyseField(text)) {
        const ds = (docsOf[id] ??= []);
        const fs = (freqsOf[id] ??= []);
        if (ds[ds.length - 1] === doc) fs[fs.length - 1]! += weight;
        else {
          ds.push(doc);
          fs.push(weight);
        }
        len += weight;
      }
    }
    lens.push(len);
  }
  const postings: Record<string, string> = {};
  termNames.forEach((term, id) => {
    const ds = docsOf[id]!;
    const fs = freqsOf[id]!;
    const flat: number[] = [];
    for (let k = 0; k < ds.length; k++) flat.push(ds[k]! - (k ? ds[k - 1]! : 0), scaled(fs[k]!));
    postings[term] = encodeInts(flat);
  });
  return { postings, lens: lens.map(scaled), total: lens.reduce((a, b) => a + b, 0), forms };
}

function scaled(x: number): number {
  const v = x * SCALE;
  if (!Number.isInteger(v)) throw new Error(`listing index: ${x} is not a multiple of 1/${SCALE}`);
  return v;
}

export { decodeInts, encodeInts };

/** The search side of an index ready to query; postings are decoded per term on first use. */
function openIndex(source: PreparedIndex, n: number): TextIndex {
  const lens = source.lens;
  return { source, postings: new Map(), lens, avgLen: n ? source.total / n : 1, fuzzy: undefined };
}

function hasTerm(index: TextIndex, term: string): boolean {
  return Object.hasOwn(index.source.postings, term);
}

/** Flat pairs [doc, weighted term frequency, ...] of a known term. */
function postingOf(index: TextIndex, term: string): number[] {
  let posting = index.postings.get(term);
  if (!posting) {
    posting = decodeInts(index.source.postings[term]!);
    let doc = 0;
    for (let i = 0; i < posting.length; i += 2) {
      doc += posting[i]!;
      posting[i] = doc;
      posting[i + 1] = posting[i + 1]! / SCALE;
    }
    index.postings.set(term, posting);
  }
  return posting;
}

/** Typo candidates: every term and surface form without digits, by length (built on first need). */
function fuzzyOf(index: TextIndex): Map<number, FuzzyEntry[]> {
  if (index.fuzzy) return index.fuzzy;
  const fuzzy = new Map<number, FuzzyEntry[]>();
  const add = (spelling: string, term: string) => {
    if (spelling.length < MIN_TYPO_LENGTH - 1 || /\d/.test(spelling)) return;
    const bucket = fuzzy.get(spelling.length) ?? [];
    bucket.push({ spelling, term, letters: letterMask(spelling) });
    fuzzy.set(spelling.length, bucket);
  };
  // key order is insertion order for every key that is not an array index, and those are all digits
  for (const term of Object.keys(index.source.postings)) add(term, term);
  const forms = index.source.forms;
  for (const surface of Object.keys(forms)) add(surface, forms[surface]!);
  index.fuzzy = fuzzy;
  return fuzzy;
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

/** The encoded search index of the vacancies: position, company, skills, ... weighted by field. */
export function indexVacancies(vacancies: Vacancy[]): PreparedIndex {
  return indexDocs(
    vacancies.map((v) => [
      [v.position, 3],
      [v.company, 2],
      [v.sector, 1.5],
      [v.skills.join(" , "), 2.5],
      [v.majors.join(" , "), 1.5],
      [v.place.kecamatan, 1.5],
      [v.workType.replace("-", " "), 1],
      [lead(v.description), 0.5],
    ]),
  );
}

/** The encoded search index of the training programmes. */
export function indexTrainings(trainings: Training[]): PreparedIndex {
  return indexDocs(
    trainings.map((t) => [
      [t.program, 3],
      [t.field, 2.5],
      [t.provider, 2],
      [t.skills.join(" , "), 2.5],
      [t.place.kecamatan, 1.5],
      [lead(t.description), 0.5],
    ]),
  );
}

interface Prepared {
  vacancies: TextIndex;
  trainings: TextIndex;
  columns: { vacancies: Columns; trainings: Columns };
}

// Deliberate per-isolate cache: derived once per (immutable) Listings object.
const prepared = new WeakMap<Listings, Prepared>();

/** Version of the PreparedListings format (and of what it derives): bump when either changes. */
export const PREPARED_VERSION = 2;

/** Whether the precomputed data of `l` is of this version and sized for its arrays. */
export function preparedFits(l: Listings): boolean {
  const p = l.prepared;
  const n = counts(l);
  return (
    p?.version === PREPARED_VERSION &&
    packedLength(p.match.vacancySkills.starts) === n.vacancies + 1 &&
    packedLength(p.match.trainingSkills.starts) === n.trainings + 1 &&
    p.columns !== undefined &&
    packedLength(p.columns.vacancies.rank) === n.vacancies &&
    packedLength(p.columns.trainings.rank) === n.trainings
  );
}

function prepare(l: Listings): Prepared {
  const cached = prepared.get(l);
  if (cached) return cached;
  const fits = preparedFits(l);
  const cols = columns(l, fits);
  const p: Prepared = {
    vacancies: openIndex(fits ? l.prepared!.vacancies : indexVacancies(l.vacancies), cols.vacancies.n),
    trainings: openIndex(fits ? l.prepared!.trainings : indexTrainings(l.trainings), cols.trainings.n),
    columns: cols,
  };
  prepared.set(l, p);
  return p;
}

/** Open vacancies matching the query: text relevance first (BM25-like, typo-tolerant, stemmed), newest first when there is no text. */
export function searchVacancies(l: Listings, q: ListingQuery, today: string): Vacancy[] {
  const p = prepare(l);
  return search(p.vacancies, p.columns.vacancies, q, today) as Vacancy[];
}

/** Open training programmes matching the query, ranked like searchVacancies. */
export function searchTrainings(l: Listings, q: ListingQuery, today: string): Training[] {
  const p = prepare(l);
  return search(p.trainings, p.columns.trainings, q, today) as Training[];
}

function search(index: TextIndex, items: Columns, q: ListingQuery, today: string): Array<Vacancy | Training> {
  const maxRank = q.education ? EDUCATION_RANK[q.education] : Infinity;
  const prefix = q.placeCode ? placePrefix(q.placeCode) : undefined;
  // the place filter, once per distinct place
  const placeOk = items.places.map((p) => prefix === undefined || p.code === q.placeCode || p.code.startsWith(prefix));
  const day = dayNumber(today);
  const deadline = items.deadline;
  const rank = items.rank;
  const placeOf = items.place;
  const keep = (i: number) => deadline[i]! >= day && rank[i]! <= maxRank && placeOk[placeOf[i]!]!;
  const query = q.text ? queryTerms(index, q.text) : undefined;
  if (!query || query.words === 0) {
    const out: Array<Vacancy | Training> = [];
    for (let i = 0; i < items.n; i++) if (keep(i)) out.push(items.item(i));
    return out;
  }
  if (query.terms.length === 0) return [];
  const n = items.n;
  const scores = new Float64Array(n);
  const matched = new Uint8Array(n);
  const touched: number[] = [];
  let total = 0;
  for (const { term, weight } of query.terms) {
    total += weight;
    const posting = postingOf(index, term);
    const df = posting.length / 2;
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    for (let i = 0; i < posting.length; i += 2) {
      const doc = posting[i]!;
      const f = posting[i + 1]!;
      const norm = f + K1 * (1 - B + (B * index.lens[doc]!) / SCALE / index.avgLen);
      scores[doc]! += weight * idf * ((f * (K1 + 1)) / norm);
      if (matched[doc]!++ === 0) touched.push(doc);
    }
  }
  const hits: number[] = [];
  // only the listings a query term named (not every listing: a fresh isolate's first loops are slow)
  for (const i of touched) {
    if (scores[i]! <= 0 || !keep(i)) continue;
    // Items that account for more of the query come first: "operator produksi" before "operator forklift".
    scores[i] = scores[i]! * (0.4 + (0.6 * matched[i]!) / query.terms.length);
    hits.push(i);
  }
  hits.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return hits.map((i) => items.item(i));
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
    if (hasTerm(index, main)) term = main;
    else term = stemCandidates(w).find((c) => hasTerm(index, c)) ?? (Object.hasOwn(index.source.forms, w) ? index.source.forms[w] : undefined);
    if (!term && typoBudget > 0 && w.length >= MIN_TYPO_LENGTH) {
      typoBudget--;
      term = closest(fuzzyOf(index), w);
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
      const regency = regencyFor(table, c, i > 0 && Object.hasOwn(REGENCY_WORDS, ws[i - 1]!) ? REGENCY_WORDS[ws[i - 1]!] : undefined, false);
      if (regency) {
        const explicit = i > 0 && Object.hasOwn(REGENCY_WORDS, ws[i - 1]!);
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
        const regency = regencyFor(table, c, i > 0 && Object.hasOwn(REGENCY_WORDS, ws[i - 1]!) ? REGENCY_WORDS[ws[i - 1]!] : undefined, true);
        if (regency) {
          const explicit = i > 0 && Object.hasOwn(REGENCY_WORDS, ws[i - 1]!);
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
