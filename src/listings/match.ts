/**
 * Profile → vacancies and training programmes that fit, with reasons in words for the seeker.
 * Pure CPU. Listing skills and majors are parsed once per distinct spelling (by the compiler, in
 * Listings.prepared, or on first use) and profile spellings are cached per Listings object, so matching
 * one profile is a scan of small integer lists, fast enough for a weekly alert run over every profile.
 */
import { typoDistance } from "../text/typo.ts";
import { isStopWord, normalise, stem, words } from "../text/normalise.ts";
import { listOf, packInts, packLists, unpackAll, unpackLists, type Lists } from "./codec.ts";
import { columns, dayNumber, FLAG, type Columns } from "./columns.ts";
import { preparedFits, regencyCode } from "./search.ts";
import {
  EDUCATION_RANK, WORK_TYPES, type Listings, type Match, type PreparedMatch, type Profile, type Training, type Vacancy, type WorkType,
} from "./types.ts";

/** Reasons shown to the seeker; kept here so the wording is in one place. */
const R = {
  /** the seeker's own level (an SMK profile on an SMA/SMK vacancy reads "pendidikan SMK", not "SMA") */
  education: (mine: string) => `pendidikan ${mine}`,
  educationEnough: (mine: string, needed: string) => `pendidikan ${mine} (min. ${needed})`,
  major: (m: string) => `jurusan ${m}`,
  place: (name: string) => `lokasi ${name}`,
  skill: (s: string) => `keahlian ${s}`,
  workType: (w: WorkType) => WORK_TYPE_WORDS[w],
  disability: "ramah disabilitas",
  free: "gratis",
  demand: (n: number, skill: string, area: string | undefined) =>
    area ? `${n} lowongan di ${area} butuh keahlian ${skill}` : `${n} lowongan butuh keahlian ${skill}`,
};

const WORK_TYPE_WORDS: Record<WorkType, string> = {
  "penuh-waktu": "penuh waktu",
  "paruh-waktu": "paruh waktu",
  kontrak: "kontrak",
  magang: "magang",
  harian: "harian",
};

const SCORE = {
  educationSame: 1,
  educationBelow: 0.5,
  major: 3,
  majorMismatch: -2,
  sameKecamatan: 3,
  sameRegency: 1.5,
  firstSkill: 3,
  moreSkill: 2,
  workType: 1,
  workTypeMismatch: -1,
  disability: 4,
  free: 1,
  demand: 1.5,
  /** up to this much more for a skill many vacancies ask for */
  demandMore: 1,
};

/** Common spellings of one skill, read as the same word before stemming. */
const SKILL_ALIASES: Record<string, string> = {
  mengelas: "las", pengelasan: "las", welding: "las", welder: "las", tukang: "",
  menyetir: "mengemudi", nyetir: "mengemudi", setir: "mengemudi", sopir: "mengemudi", supir: "mengemudi",
  driver: "mengemudi", pengemudi: "mengemudi", nyopir: "mengemudi",
  jahit: "menjahit", penjahit: "menjahit", masak: "memasak", juru: "",
  ms: "", microsoft: "", komputerisasi: "komputer", memprogram: "pemrograman", programming: "pemrograman", coding: "pemrograman",
};

/** SMK (and common diploma/degree) major abbreviations. */
const MAJOR_ABBREVIATIONS: Record<string, string> = {
  tkr: "teknik kendaraan ringan", tkro: "teknik kendaraan ringan otomotif", tsm: "teknik sepeda motor",
  tbsm: "teknik dan bisnis sepeda motor", tkj: "teknik komputer dan jaringan", tjkt: "teknik jaringan komputer dan telekomunikasi",
  rpl: "rekayasa perangkat lunak", pplg: "pengembangan perangkat lunak dan gim", mm: "multimedia", dkv: "desain komunikasi visual",
  akl: "akuntansi dan keuangan lembaga", akuntansi: "akuntansi", otkp: "otomatisasi dan tata kelola perkantoran",
  mplb: "manajemen perkantoran dan layanan bisnis", bdp: "bisnis daring dan pemasaran", titl: "teknik instalasi tenaga listrik",
  tpm: "teknik pemesinan", tpl: "teknik pengelasan", tei: "teknik elektronika industri", tav: "teknik audio video",
  tb: "tata boga", tbs: "tata busana", aphp: "agribisnis pengolahan hasil pertanian",
  atph: "agribisnis tanaman pangan dan hortikultura", dpib: "desain pemodelan dan informasi bangunan",
  ti: "teknik informatika", si: "sistem informasi", pgsd: "pendidikan guru sekolah dasar",
};

/** A majors entry that accepts every major. */
const ANY_MAJOR = /^((semua|seluruh|segala|bebas|berbagai) (jurusan|program studi|prodi)|semua|bebas|umum)$/;

/** Words that say nothing about which major: "jurusan", "teknik", "dan". */
const MAJOR_FILLER = new Set(["jurusan", "program", "studi", "prodi", "keahlian", "kompetensi", "bidang", "teknik", "dan", "smk", "ilmu"]);

/** Word families: a major naming one of these words also counts as the family ("otomotif" ~ "Teknik Kendaraan Ringan"). */
const MAJOR_FAMILIES: Record<string, string> = {
  kendaraan: "otomotif", motor: "otomotif", otomotif: "otomotif", mesin: "mesin", pemesinan: "mesin",
  akuntansi: "akuntansi", keuangan: "akuntansi", perkantoran: "perkantoran", administrasi: "perkantoran",
  informatika: "informatika", perangkat: "informatika", busana: "busana", boga: "boga", kuliner: "boga",
};

interface Skill {
  /** sorted distinct terms */
  terms: string[];
  /** lower-case spelling, for reasons */
  label: string;
  /** the head term of the label as written (orderedSkillTerms(label)[0]); "" when it has none */
  head: string;
}

interface Major {
  compact: string;
  /** initials of the full name without "dan": "tkj" */
  initials: string;
  /** stemmed words that name the field */
  content: Set<string>;
  /** word families the name belongs to ("otomotif") */
  families: Set<string>;
  /** the family when the name is nothing but a family word ("otomotif", "keuangan") */
  onlyFamily?: string;
  label: string;
}

interface Prepared {
  /** distinct skills of vacancies and trainings */
  skills: Skill[];
  vacancySkills: Lists;
  trainingSkills: Lists;
  /** per skill id, the related skill ids (one's terms contain the other's) */
  related: number[][];
  majors: Major[];
  /** per vacancy, major ids; empty = any major */
  vacancyMajors: Lists;
  /** kabupaten/kota code of each vacancy's and training's place */
  vacancyRegency: Int32Array;
  trainingRegency: Int32Array;
  /** kabupaten/kota codes the ids above stand for */
  regencies: string[];
  /** vacancy indices, newest verifiedOn first (stable), and their dates as day numbers (on the first call with `since`) */
  /** undefined when newest-first is the listings' own order (the compiler's) */
  order: Int32Array | undefined;
  orderDays: Int32Array | undefined;
  /** deadlines, places, work types and flags (columns.ts) */
  cols: { vacancies: Columns; trainings: Columns };
  /** profile skill spelling → matched skill ids with the reason label */
  skillMemo: Map<string, Array<[number, string]>>;
  /** profile major spelling → matched major ids */
  majorMemo: Map<string, number[]>;
  /** profile major spelling → skill ids its field words cover */
  majorSkillMemo: Map<string, number[]>;
  /** `${today}|${regency}|${rank}` → open-vacancy demand per skill id */
  demand: Map<string, Map<number, number>>;
}

// Deliberate per-isolate cache: derived once per (immutable) Listings object.
const prepared = new WeakMap<Listings, Prepared>();

function skillTerms(text: string): string[] {
  return [...new Set(orderedSkillTerms(text))].sort();
}

/**
 * A skill's terms in the order written, its head first: the first noun ("las" of "las listrik"), after leading
 * verbs ("gambar" of "membaca gambar teknik", "komputer" of "mengoperasikan komputer").
 */
function orderedSkillTerms(text: string): string[] {
  const out: string[] = [];
  const verbs: string[] = [];
  for (const raw of words(text)) {
    const w = Object.hasOwn(SKILL_ALIASES, raw) ? SKILL_ALIASES[raw]! : raw;
    if (!w || isStopWord(w)) continue;
    const term = stem(w);
    if (out.length === 0 && term !== w && /^(me|ber)/.test(w)) verbs.push(term);
    else out.push(term);
  }
  return [...out, ...verbs];
}

/**
 * One skill covers a narrower one only when the narrower keeps its head word: "las listrik" covers "las" but not
 * "listrik" (electrical installation is another trade), and "listrik" is not covered by "las listrik".
 */
function keepsHead(wide: string[], narrow: string[]): boolean {
  return wide.length === 0 || narrow.includes(wide[0]!);
}

function parseMajor(text: string): Major {
  let norm = normalise(text).replace(/^(jurusan|prodi|program studi)\s+/, "");
  if (Object.hasOwn(MAJOR_ABBREVIATIONS, norm)) norm = MAJOR_ABBREVIATIONS[norm]!;
  const ws = norm.split(" ").filter(Boolean);
  const content = new Set<string>();
  const families = new Set<string>();
  for (const w of ws) {
    if (MAJOR_FILLER.has(w)) continue;
    content.add(stem(w));
    const family = Object.hasOwn(MAJOR_FAMILIES, w) ? MAJOR_FAMILIES[w] : undefined;
    if (family) families.add(family);
  }
  const only = content.size === 1 && families.size === 1 ? [...families][0] : undefined;
  return {
    compact: ws.join(""),
    initials: ws.filter((w) => w !== "dan").map((w) => w[0]).join(""),
    content,
    families,
    ...(only ? { onlyFamily: only } : {}),
    label: text.trim(),
  };
}

function subset(a: Set<string>, b: Set<string>): boolean {
  if (a.size === 0) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/** Fuzzy equality of two majors: same name, abbreviation of the other, one's field words within the other's, or a typo. */
function majorsFit(a: Major, b: Major): boolean {
  if (a.compact === b.compact) return true;
  if (a.compact === b.initials || b.compact === a.initials) return a.compact.length >= 2 && b.compact.length >= 2;
  if (subset(a.content, b.content) || subset(b.content, a.content)) return true;
  // a family-only name ("otomotif") fits any major of that family
  if ((a.onlyFamily && b.families.has(a.onlyFamily)) || (b.onlyFamily && a.families.has(b.onlyFamily))) return true;
  const max = Math.min(a.compact.length, b.compact.length) >= 9 ? 2 : 1;
  return Math.min(a.compact.length, b.compact.length) >= 6 && typoDistance(a.compact, b.compact, max) <= max;
}

function containsAll(small: string[], big: string[]): boolean {
  return small.length > 0 && small.every((t) => big.includes(t));
}


/** What matching compares, from the listings' text alone: skills and majors parsed once (done by the compiler). */
export function matchData(l: Listings): PreparedMatch {
  const skills: Array<[terms: string, label: string, head: string]> = [];
  const skillTermLists: string[][] = [];
  const skillIds = new Map<string, number>();
  const bySpelling = new Map<string, number | undefined>(); // listings repeat skills: parse each spelling once
  const skillId = (text: string): number | undefined => {
    if (bySpelling.has(text)) return bySpelling.get(text);
    const terms = skillTerms(text);
    let id: number | undefined;
    if (terms.length) {
      const key = terms.join(" ");
      id = skillIds.get(key);
      if (id === undefined) {
        const label = normalise(text);
        id = skills.push([key, label, orderedSkillTerms(label)[0] ?? ""]) - 1;
        skillTermLists.push(terms);
        skillIds.set(key, id);
      }
    }
    bySpelling.set(text, id);
    return id;
  };
  const idsOf = (list: string[]) => {
    const ids: number[] = [];
    for (const s of list) {
      const id = skillId(s);
      if (id !== undefined && !ids.includes(id)) ids.push(id);
    }
    return ids;
  };
  const vacancySkills = l.vacancies.map((v) => idsOf(v.skills));
  const trainingSkills = l.trainings.map((t) => idsOf(t.skills));
  const related = skillTermLists.map((a) => {
    const out: number[] = [];
    skillTermLists.forEach((b, j) => {
      if (containsAll(a, b) || containsAll(b, a)) out.push(j);
    });
    return out;
  });
  const majors: Major[] = [];
  const majorIds = new Map<string, number | null | undefined>(); // spelling → id; null = any major, undefined = no name
  const majorId = (m: string): number | null | undefined => {
    if (majorIds.has(m)) return majorIds.get(m);
    let id: number | null | undefined;
    if (ANY_MAJOR.test(normalise(m))) id = null;
    else {
      const major = parseMajor(m);
      if (major.compact) {
        id = majors.findIndex((x) => x.compact === major.compact);
        if (id < 0) id = majors.push(major) - 1;
      }
    }
    majorIds.set(m, id);
    return id;
  };
  const vacancyMajors = l.vacancies.map((v) => {
    const ids: number[] = [];
    for (const m of v.majors) {
      const id = majorId(m);
      if (id === null) return []; // "semua jurusan" is any major
      if (id !== undefined && !ids.includes(id)) ids.push(id);
    }
    return ids;
  });
  const regencies: string[] = [];
  const regencyId = (code: string) => {
    const r = regencyCode(code);
    const id = regencies.indexOf(r);
    return id >= 0 ? id : regencies.push(r) - 1;
  };
  const order = l.vacancies.map((_, i) => i);
  order.sort((a, b) => {
    const da = l.vacancies[a]!.verifiedOn;
    const db = l.vacancies[b]!.verifiedOn;
    return db < da ? -1 : db > da ? 1 : a - b;
  });
  return {
    skills,
    vacancySkills: packLists(vacancySkills),
    trainingSkills: packLists(trainingSkills),
    related,
    majors: majors.map((m) => ({ ...m, content: [...m.content], families: [...m.families] })),
    vacancyMajors: packLists(vacancyMajors),
    regencies,
    vacancyRegencies: packInts(l.vacancies.map((v) => regencyId(v.place.code))),
    trainingRegencies: packInts(l.trainings.map((t) => regencyId(t.place.code))),
    order: packInts(order.every((v, k) => v === k) ? [] : order),
  };
}

function prepare(l: Listings): Prepared {
  const cached = prepared.get(l);
  if (cached) return cached;
  const fits = preparedFits(l);
  const data = fits ? l.prepared!.match : matchData(l);
  const skills = data.skills.map(([terms, label, head]): Skill => ({ terms: terms.split(" "), label, head }));
  const majors = data.majors.map((m): Major => ({ ...m, content: new Set(m.content), families: new Set(m.families) }));
  const p: Prepared = {
    skills,
    vacancySkills: unpackLists(data.vacancySkills),
    trainingSkills: unpackLists(data.trainingSkills),
    related: data.related,
    majors,
    vacancyMajors: unpackLists(data.vacancyMajors),
    vacancyRegency: unpackAll(data.vacancyRegencies),
    trainingRegency: unpackAll(data.trainingRegencies),
    regencies: data.regencies,
    order: data.order.length > 1 ? unpackAll(data.order) : undefined,
    orderDays: undefined,
    cols: columns(l, fits),
    skillMemo: new Map(),
    majorMemo: new Map(),
    majorSkillMemo: new Map(),
    demand: new Map(),
  };
  prepared.set(l, p);
  return p;
}

/** Labels of the profile's skills among `ids`, without one that another label already covers ("las" beside "las listrik"). */
function skillLabels(ids: number[], mySkills: Map<number, string>): string[] {
  const labels: string[] = [];
  for (const id of ids) {
    const label = mySkills.get(id);
    if (label !== undefined && !labels.includes(label)) labels.push(label);
  }
  if (labels.length < 2) return labels;
  const sets = labels.map((x) => new Set(x.split(" ")));
  return labels.filter((_, a) => !sets.some((other, b) => b !== a && other.size > sets[a]!.size && subset(sets[a]!, other)));
}

/** Listing skill ids whose words are all field words of the profile's major ("akuntansi", TKJ → "jaringan komputer"). */
function majorSkills(p: Prepared, major: string | undefined): number[] {
  if (!major?.trim()) return [];
  let hits = p.majorSkillMemo.get(major);
  if (!hits) {
    const content = parseMajor(major).content;
    hits = [];
    p.skills.forEach((skill, id) => skill.terms.every((t) => content.has(t)) && hits!.push(id));
    if (p.majorSkillMemo.size > 10_000) p.majorSkillMemo.clear();
    p.majorSkillMemo.set(major, hits);
  }
  return hits;
}

function profileMajors(p: Prepared, major: string | undefined): number[] {
  if (!major?.trim()) return [];
  let hits = p.majorMemo.get(major);
  if (!hits) {
    const mine = parseMajor(major);
    hits = [];
    p.majors.forEach((m, id) => majorsFit(mine, m) && hits!.push(id));
    if (p.majorMemo.size > 10_000) p.majorMemo.clear();
    p.majorMemo.set(major, hits);
  }
  return hits;
}

/** Listing skills the profile's skills cover: id → the words to show (the shorter, shared spelling). */
function profileSkills(p: Prepared, profile: Profile): Map<number, string> {
  const out = new Map<number, string>();
  for (const s of profile.skills) {
    let hits = p.skillMemo.get(s);
    if (!hits) {
      hits = [];
      const terms = skillTerms(s);
      const mine = orderedSkillTerms(s);
      p.skills.forEach((skill, id) => {
        // the profile's skill within a wider listing skill, or a narrower listing skill within the profile's
        if (containsAll(terms, skill.terms)) {
          // the listing skill's head term was found by the compiler (keepsHead reads only the head)
          if (!skill.head || terms.includes(skill.head)) hits!.push([id, normalise(s)]);
        } else if (containsAll(skill.terms, terms) && keepsHead(mine, skill.terms)) hits!.push([id, skill.label]);
      });
      if (p.skillMemo.size > 10_000) p.skillMemo.clear();
      p.skillMemo.set(s, hits);
    }
    for (const [id, label] of hits) if (!out.has(id)) out.set(id, label);
  }
  return out;
}

function hasContent(profile: Profile): boolean {
  return profile.skills.some((s) => s.trim()) || !!profile.major?.trim() || !!profile.placeCode;
}

/** One profile, compiled for scanning: marks over skill and major ids, its place split once. */
interface Seeker {
  rank: number;
  skills: Map<number, string>;
  skillMark: Uint8Array;
  majorMark: Uint8Array;
  hasMajor: boolean;
  disabled: boolean;
  /** the profile's kecamatan code, when it gave one */
  kecamatan: string | undefined;
  /** the profile's kabupaten/kota code, when it gave a place */
  regency: string | undefined;
  /** its index in Prepared.regencies; -1 when no listing is in it or no place was given */
  regencyId: number;
  workType: WorkType | undefined;
}

function seeker(p: Prepared, profile: Profile): Seeker {
  const skills = profileSkills(p, profile);
  const skillMark = new Uint8Array(p.skills.length);
  for (const id of skills.keys()) skillMark[id] = 1;
  const majorMark = new Uint8Array(p.majors.length);
  for (const id of profileMajors(p, profile.major)) majorMark[id] = 1;
  const code = profile.placeCode || undefined;
  const wholeRegency = code !== undefined && code.split(".").length === 2;
  return {
    rank: profile.education ? EDUCATION_RANK[profile.education] : 99,
    skills,
    skillMark,
    majorMark,
    hasMajor: !!profile.major?.trim(),
    disabled: !!profile.disability?.trim(),
    kecamatan: wholeRegency ? undefined : code,
    regency: code === undefined ? undefined : regencyCode(code),
    regencyId: code === undefined ? -1 : p.regencies.indexOf(regencyCode(code)),
    workType: profile.workType,
  };
}

/** 2 same kecamatan, 1 same kabupaten/kota, 0 elsewhere or no place in the profile. */
function placeLevel(s: Seeker, code: string, regency: number): 0 | 1 | 2 {
  if (s.kecamatan === code) return 2;
  return s.regencyId >= 0 && s.regencyId === regency ? 1 : 0;
}

/** A place match that is enough on its own: the profile's kecamatan, or its kabupaten when it named only that. */
function placeEnough(s: Seeker, level: number): boolean {
  return level === 2 || (level === 1 && s.kecamatan === undefined);
}

/** Indices of the best `limit` entries (all when undefined), by score desc then position asc. */
function best(idx: number[], scores: number[], limit: number | undefined): number[] {
  const order = idx.map((_, k) => k);
  const better = (a: number, b: number) => scores[b]! - scores[a]! || a - b;
  if (limit === undefined || limit >= order.length) return order.sort(better);
  // top-k by insertion: k is small (a page or an alert), the candidates many
  const top: number[] = [];
  for (const k of order) {
    if (top.length === limit && better(k, top[top.length - 1]!) >= 0) continue;
    let at = top.length;
    while (at > 0 && better(k, top[at - 1]!) < 0) at--;
    top.splice(at, 0, k);
    if (top.length > limit) top.pop();
  }
  return top;
}

/** Vacancies that fit the profile, best first, each with reasons in Indonesian words for the seeker. */
export function matchVacancies(
  profile: Profile,
  l: Listings,
  today: string,
  options: { since?: string; limit?: number } = {},
): Match<Vacancy>[] {
  if (!hasContent(profile) || (options.limit !== undefined && options.limit <= 0)) return [];
  const p = prepare(l);
  const s = seeker(p, profile);
  const c = p.cols.vacancies;
  const day = dayNumber(today);
  // newest first: with `since`, only the prefix verified after it
  let end = c.n;
  if (options.since !== undefined) {
    let orderDays = p.orderDays;
    if (!orderDays) {
      orderDays = p.orderDays = new Int32Array(c.n);
      const verified = c.verified;
      const order = p.order;
      if (order) for (let k = 0; k < c.n; k++) orderDays[k] = verified[order[k]!]!;
      else orderDays.set(verified);
    }
    const since = dayNumber(options.since);
    let lo = 0;
    let hi = c.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (orderDays[mid]! > since) lo = mid + 1;
      else hi = mid;
    }
    end = lo;
  }
  const found: number[] = [];
  const scores: number[] = [];
  const { order, vacancySkills: skills, vacancyMajors: majors } = p;
  const ranks = c.rank;
  const deadlines = c.deadline;
  const places = c.place;
  const workTypes = c.workType;
  const flags = c.flags;
  for (let at = 0; at < end; at++) {
    const i = order ? order[at]! : at;
    const rank = ranks[i]!;
    if (rank > s.rank) continue;
    if (deadlines[i]! < day) continue;
    let skillHits = 0;
    for (let k = skills.starts[i]!, to = skills.starts[i + 1]!; k < to; k++) skillHits += s.skillMark[skills.values[k]!]!;
    const majorFrom = majors.starts[i]!;
    const majorTo = majors.starts[i + 1]!;
    let majorHit = false;
    for (let k = majorFrom; k < majorTo; k++) if (s.majorMark[majors.values[k]!]) majorHit = true;
    const level = placeLevel(s, c.places[places[i]!]!.code, p.vacancyRegency[i]!);
    if (skillHits === 0 && !majorHit && !placeEnough(s, level)) continue;
    let score = 0;
    if (profile.education) score += rank === s.rank ? SCORE.educationSame : SCORE.educationBelow;
    if (majorHit) score += SCORE.major;
    else if (s.hasMajor && majorTo > majorFrom) score += SCORE.majorMismatch;
    score += level === 2 ? SCORE.sameKecamatan : level === 1 ? SCORE.sameRegency : 0;
    if (skillHits) {
      const distinct = skillHits === 1 ? 1 : skillLabels(listOf(skills, i), s.skills).length;
      score += SCORE.firstSkill + SCORE.moreSkill * (distinct - 1);
    }
    if (s.workType) score += s.workType === WORK_TYPES[workTypes[i]!] ? SCORE.workType : SCORE.workTypeMismatch;
    if (s.disabled && flags[i]! & FLAG.disability) score += SCORE.disability;
    found.push(i);
    scores.push(score);
  }
  // A list shows one page of the matches: each match's vacancy and reasons are built when first read.
  return best(found, scores, options.limit).map((k): Match<Vacancy> => {
    const i = found[k]!;
    let item: Vacancy | undefined;
    let reasons: string[] | undefined;
    return {
      get item() {
        return (item ??= c.item(i) as Vacancy);
      },
      score: Math.round(scores[k]! * 100) / 100,
      get reasons() {
        return (reasons ??= vacancyReasons(p, s, profile, i, this.item));
      },
    };
  });
}

/** The reasons for one matched vacancy, in a fixed order: education, major, place, skills, work type, access. */
function vacancyReasons(p: Prepared, s: Seeker, profile: Profile, i: number, v: Vacancy): string[] {
  const reasons: string[] = [];
  if (profile.education) reasons.push(p.cols.vacancies.rank[i] === s.rank ? R.education(profile.education) : R.educationEnough(profile.education, v.education));
  const major = listOf(p.vacancyMajors, i).find((id) => s.majorMark[id]);
  if (major !== undefined) reasons.push(R.major(p.majors[major]!.label));
  const level = placeLevel(s, v.place.code, p.vacancyRegency[i]!);
  if (level === 2) reasons.push(R.place(v.place.kecamatan));
  else if (level === 1) reasons.push(R.place(v.place.kabupaten));
  for (const label of skillLabels(listOf(p.vacancySkills, i), s.skills)) reasons.push(R.skill(label));
  if (s.workType && s.workType === v.workType) reasons.push(R.workType(v.workType));
  if (s.disabled && v.disabilityFriendly) reasons.push(R.disability);
  return reasons;
}

/** Open-vacancy demand per skill id in a regency, among vacancies the education allows. */
function demandFor(p: Prepared, today: string, regency: number, rank: number): Map<number, number> {
  const key = `${today}|${regency}|${rank}`;
  let demand = p.demand.get(key);
  if (demand) return demand;
  demand = new Map();
  const c = p.cols.vacancies;
  const day = dayNumber(today);
  for (let i = 0; i < c.n; i++) {
    if (c.deadline[i]! < day || c.rank[i]! > rank || p.vacancyRegency[i] !== regency) continue;
    const skills = p.vacancySkills;
    for (let k = skills.starts[i]!, to = skills.starts[i + 1]!; k < to; k++) {
      const id = skills.values[k]!;
      demand.set(id, (demand.get(id) ?? 0) + 1);
    }
  }
  if (p.demand.size > 64) p.demand.clear();
  p.demand.set(key, demand);
  return demand;
}

/** Training programmes that fit the profile, best first: the seeker's skills, or skills open vacancies near them ask for. */
export function matchTrainings(profile: Profile, l: Listings, today: string, options: { limit?: number } = {}): Match<Training>[] {
  if (!hasContent(profile) || (options.limit !== undefined && options.limit <= 0)) return [];
  const p = prepare(l);
  const s = seeker(p, profile);
  const area = s.regency ? l.places.find((pl) => regencyCode(pl.code) === s.regency)?.kabupaten : undefined;
  // "link training to placement": only with a place, so "near" means something
  const demand = s.regency ? demandFor(p, today, s.regencyId, s.rank) : undefined;
  const majorMark = new Uint8Array(p.skills.length);
  for (const id of majorSkills(p, profile.major)) majorMark[id] = 1;
  const found: number[] = [];
  const scores: number[] = [];
  const reasonsOf: string[][] = [];
  const c = p.cols.trainings;
  const day = dayNumber(today);
  for (let i = 0; i < c.n; i++) {
    if (c.deadline[i]! < day || c.rank[i]! > s.rank) continue;
    const ids = listOf(p.trainingSkills, i);
    const labels = skillLabels(ids, s.skills);
    const majorFits = ids.some((id) => majorMark[id]);
    // the skill the seeker lacks that most open vacancies nearby ask for
    let wanted: { n: number; label: string } | undefined;
    if (demand) {
      for (const id of ids) {
        if (s.skillMark[id]) continue;
        let n = 0;
        for (const j of p.related[id]!) if (!s.skillMark[j]) n += demand.get(j) ?? 0;
        if (n > 0 && (!wanted || n > wanted.n)) wanted = { n, label: p.skills[id]!.label };
      }
    }
    const level = placeLevel(s, c.places[c.place[i]!]!.code, p.trainingRegency[i]!);
    if (labels.length === 0 && !majorFits && !wanted && !placeEnough(s, level)) continue;
    const t = c.item(i) as Training;

    let score = 0;
    const reasons: string[] = [];
    if (majorFits) {
      score += SCORE.major;
      reasons.push(R.major(profile.major!.trim()));
    }
    if (labels.length) {
      score += SCORE.firstSkill + SCORE.moreSkill * (labels.length - 1);
      for (const label of labels) reasons.push(R.skill(label));
    }
    if (wanted) {
      score += SCORE.demand + Math.min(SCORE.demandMore, Math.log2(wanted.n) / 5);
      reasons.push(R.demand(wanted.n, wanted.label, area));
    }
    if (level === 2) {
      score += SCORE.sameKecamatan;
      reasons.push(R.place(t.place.kecamatan));
    } else if (level === 1) {
      score += SCORE.sameRegency;
      reasons.push(R.place(t.place.kabupaten));
    }
    if (t.cost === 0) {
      score += SCORE.free;
      reasons.push(R.free);
    }
    if (profile.education) {
      const same = c.rank[i] === s.rank;
      score += same ? SCORE.educationSame : SCORE.educationBelow;
      reasons.push(same ? R.education(profile.education) : R.educationEnough(profile.education, t.education));
    }
    if (s.disabled && t.disabilityFriendly) {
      score += SCORE.disability;
      reasons.push(R.disability);
    }
    found.push(i);
    scores.push(score);
    reasonsOf.push(reasons);
  }
  return best(found, scores, options.limit).map((k) => ({
    item: c.item(found[k]!) as Training,
    score: Math.round(scores[k]! * 100) / 100,
    reasons: reasonsOf[k]!,
  }));
}
