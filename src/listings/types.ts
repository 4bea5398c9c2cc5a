/**
 * Verified vacancies and training programmes, compiled from content/lowongan/ and content/pelatihan/
 * into a content-hashed KV index (bundle.blobs.listings) and detail chunks (src/listings/stored.ts). Shared by the compiler, the engine's
 * listing flows, matching, the scam check and the weekly alerts.
 */
import type { PackedLists } from "./codec.ts";

/** Education levels from SD to S3, in order; SMA and SMK are the same level. */
export const EDUCATION_LEVELS = ["SD", "SMP", "SMA", "SMK", "D1", "D2", "D3", "D4", "S1", "S2", "S3"] as const;
export type Education = (typeof EDUCATION_LEVELS)[number];

/** Equivalency programmes (pendidikan kesetaraan) a seeker may name in a profile; listings use EDUCATION_LEVELS. */
export const EQUIVALENCY_LEVELS = ["Paket A", "Paket B", "Paket C"] as const;
/** A seeker's education: a formal level, or Paket A/B/C, matched like SD/SMP/SMA. */
export type SeekerEducation = Education | (typeof EQUIVALENCY_LEVELS)[number];
/** Every level a profile may hold. */
export const SEEKER_EDUCATION: readonly SeekerEducation[] = [...EDUCATION_LEVELS, ...EQUIVALENCY_LEVELS];

/** Rank for comparing levels: SMA and SMK share a rank, D4 and S1 share a rank; Paket A/B/C rank as SD/SMP/SMA. */
export const EDUCATION_RANK: Record<SeekerEducation, number> = {
  SD: 1, SMP: 2, SMA: 3, SMK: 3, D1: 4, D2: 5, D3: 6, D4: 7, S1: 7, S2: 8, S3: 9,
  "Paket A": 1, "Paket B": 2, "Paket C": 3,
};

/** Kinds of work, as written in content and asked in the profile. */
export const WORK_TYPES = ["penuh-waktu", "paruh-waktu", "kontrak", "magang", "harian"] as const;
export type WorkType = (typeof WORK_TYPES)[number];

/** Business scales that PP 36/2021 Art. 36 exempts from the minimum wage (pay by agreement instead). */
export const BUSINESS_SCALES = ["mikro", "kecil"] as const;
export type BusinessScale = (typeof BUSINESS_SCALES)[number];

/** PP 36/2021 Art. 16: part-time pay per hour is at least the monthly wage divided by this number. */
export const PART_TIME_HOURLY_DIVISOR = 126;

/** The minimum wage (UMK) per kabupaten/kota, from kantor.yaml `umk`. */
export interface MinimumWages {
  /** "2026" */
  year: string;
  /** the decree that sets it: "Keputusan Gubernur Jawa Timur Nomor ..." */
  legalBasis: string;
  /** in the order of kantor.yaml; the first is the office's own kabupaten */
  areas: Array<{ code: string; name: string; monthly: number }>;
}

/** An official place name from idn-area-data: kecamatan (district) in a kabupaten/kota (regency). */
export interface Place {
  /** BPS/Kemendagri code of the kecamatan, e.g. "35.05.10" */
  code: string;
  /** "Kanigoro" */
  kecamatan: string;
  /** "Kabupaten Blitar", "Kota Blitar" */
  kabupaten: string;
}

/** One verified vacancy (content/lowongan/<slug>.md). */
export interface Vacancy {
  /** the file name without .md */
  slug: string;
  /** short stable id for buttons: 6 base36 characters of the slug's hash (unique, checked by the compiler) */
  id: string;
  company: string;
  position: string;
  sector: string;
  place: Place;
  /** minimum education */
  education: Education;
  /** majors accepted; empty = any major */
  majors: string[];
  workType: WorkType;
  /** rupiah per month; optional */
  salaryMin?: number;
  salaryMax?: number;
  /** part-time work only: rupiah per hour, at least UMK / 126 (PP 36/2021 Art. 16) */
  hourlyWage?: number;
  /** a micro or small business, which may pay below the UMK by agreement (PP 36/2021 Art. 36) */
  businessScale?: BusinessScale;
  /** why the job needs the age limit named in `requirements` (SE Menaker M/6/HK.04/V/2025) */
  ageLimitReason?: string;
  quota: number;
  disabilityFriendly: boolean;
  /** skills looked for, lower-case words or short phrases ("las", "mengemudi", "excel") */
  skills: string[];
  requirements: string[];
  /** how to apply, official channels only (plain text, one short paragraph) */
  apply: string;
  /** official contacts named in `apply` */
  contact: { email?: string; website?: string; phone?: string; address?: string };
  /** last day to apply, YYYY-MM-DD (office local date); hidden from the day after */
  deadline: string;
  /** where the office got it: "Karirhub", "laporan perusahaan", "job fair" */
  source: string;
  verifiedBy: string;
  /** YYYY-MM-DD; also the date a vacancy counts as "new" for alerts */
  verifiedOn: string;
  /** demo data: shown with a clear "contoh" mark */
  example: boolean;
  /** optional longer description from the Markdown body, plain text */
  description: string;
}

/** One training programme (content/pelatihan/<slug>.md). */
export interface Training {
  slug: string;
  id: string;
  /** "UPT BLK Blitar", "LPK ..." */
  provider: string;
  /** programme name: "Pengelasan SMAW 3G" */
  program: string;
  /** field: "Las", "Otomotif", "Tata Boga" */
  field: string;
  place: Place;
  /** minimum education */
  education: Education;
  /** YYYY-MM-DD start and end of the programme */
  startDate: string;
  endDate: string;
  /** days and hours as text, optional: "Senin–Jumat, 08.00–15.00" */
  schedule?: string;
  /** last day to register, YYYY-MM-DD; hidden from the day after */
  deadline: string;
  quota: number;
  /** 0 = free (gratis) */
  cost: number;
  /** "Sertifikat kompetensi BNSP" etc., optional */
  certificate?: string;
  disabilityFriendly: boolean;
  skills: string[];
  requirements: string[];
  /** how to register, official channels only */
  register: string;
  contact: { email?: string; website?: string; phone?: string; address?: string };
  source: string;
  verifiedBy: string;
  verifiedOn: string;
  example: boolean;
  description: string;
}

/** The compiled listings blob. */
export interface Listings {
  /** newest verification first */
  vacancies: Vacancy[];
  trainings: Training[];
  /** the kecamatan of the office's area (kantor.yaml `wilayah`), for profiles and filters */
  places: Place[];
  /**
   * Search and match data derived from exactly these vacancies and trainings (prepareListings, at
   * compile time), so a fresh isolate need not build it. Optional: without it (or with another
   * version) search and match derive it on first use. Drop it when building a Listings from other arrays.
   */
  prepared?: PreparedListings;
}

/** Pure text processing of the listings, done once by the compiler; see src/listings/prepare.ts. */
export interface PreparedListings {
  /** format version; data of another version is ignored */
  version: number;
  vacancies: PreparedIndex;
  trainings: PreparedIndex;
  match: PreparedMatch;
  /** what search and matching filter on, per listing (src/listings/columns.ts) */
  columns: { vacancies: PreparedColumns; trainings: PreparedColumns };
}

/**
 * Per-listing facts as columns, in Listings order. Numbers are packed strings (src/listings/codec.ts `packInts`):
 * a fresh isolate parses a few short strings, not thousands of numbers, and reads the values it needs.
 */
export interface PreparedColumns {
  /** the ids, each `idWidth` characters (the compiler's ids are all 6), or separated by spaces when idWidth is 0 */
  ids: string;
  idWidth: number;
  /** distinct places of these listings */
  places: Place[];
  /** per listing, its index in `places` */
  place: string;
  /** per listing, the deadline and the verification date as days after `dayBase` (days since 1970-01-01) */
  dayBase: number;
  deadline: string;
  verified: string;
  /** per listing, the EDUCATION_RANK of its minimum education */
  rank: string;
  /** per listing, the index of its work type in WORK_TYPES (0 for trainings) */
  workType: string;
  /** per listing, the FLAG bits (disability friendly, example, free) */
  flags: string;
}

/**
 * Listings read from the stored blob (src/listings/stored.ts): `vacancies` and `trainings` build every item on
 * first access; search, matching and lookups by id build only the items they return.
 */
export interface StoredItems {
  counts: { vacancies: number; trainings: number };
  vacancyAt(i: number): Vacancy;
  trainingAt(i: number): Training;
}

/**
 * A BM25 text index of one kind of listing, in Listings order. Numbers are stored as base-32 varints
 * in printable ASCII (src/listings/search.ts `encodeInts`), decoded per term when a query needs it.
 */
export interface PreparedIndex {
  /** term → per listing that has it: the gap from the previous listing's index, 2 × weighted term frequency */
  postings: Record<string, string>;
  /** 2 × weighted length of each listing */
  lens: number[];
  /** the sum of the weighted lengths */
  total: number;
  /** surface word → its term, for words whose stem differs */
  forms: Record<string, string>;
}

/** What matching compares: listing skills and majors, parsed once. Number lists are packed (src/listings/codec.ts). */
export interface PreparedMatch {
  /** distinct skills: sorted stemmed terms (space-separated), the label shown, and the label's head term ("" if none) */
  skills: Array<[terms: string, label: string, head: string]>;
  /** per vacancy / training, its skill ids */
  vacancySkills: PackedLists;
  trainingSkills: PackedLists;
  /** per skill id, the related skill ids (one's terms contain the other's) */
  related: number[][];
  /** distinct majors named by vacancies */
  majors: Array<{ compact: string; initials: string; content: string[]; families: string[]; onlyFamily?: string; label: string }>;
  /** per vacancy, its major ids; empty = any major */
  vacancyMajors: PackedLists;
  /** kabupaten/kota codes of the listings' places */
  regencies: string[];
  /** per vacancy / training, the index of its place's regency in `regencies` */
  vacancyRegencies: string;
  trainingRegencies: string;
  /** vacancy indices, newest verification first; empty ("1", no values) when that is the listings' own order */
  order: string;
}

/** A seeker's profile, stored in D1 only after consent. */
export interface Profile {
  education?: SeekerEducation;
  major?: string;
  skills: string[];
  /** preferred place: a kecamatan code ("35.05.10") or a whole kabupaten code ("35.05") */
  placeCode?: string;
  workType?: WorkType;
  /** only with its own explicit consent (specific personal data, UU 27/2022) */
  disability?: string;
  /** weekly job alerts on Telegram / on the next web visit */
  alerts: boolean;
}

/** Why a listing matches a profile, in words for the seeker ("pendidikan SMK", "lokasi Kanigoro", "keahlian las"). */
export interface Match<T> {
  item: T;
  score: number;
  reasons: string[];
}
