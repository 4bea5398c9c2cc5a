/**
 * The listings compiler: content/lowongan/*.md and content/pelatihan/*.md → validated Listings.
 * Called by compileContent in node at build time; the Worker never imports it.
 * Only verified listings with official contacts pass: a listing that is unverified, shows a job-scam red flag
 * or pays below the area's UMK stops the build with an error naming file and line. A listing past its deadline
 * never stops a build: it is left out with a warning. Requirements the Minister's circular against
 * discriminatory hiring names, and an STR asked as if it expired, are warnings.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import MarkdownIt, { type Token } from "markdown-it";
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import { detectFlags, scamFlag, type ScamRules } from "../core/scam.ts";
import { prepareListings } from "../listings/prepare.ts";
import {
  BUSINESS_SCALES,
  EDUCATION_LEVELS,
  PART_TIME_HOURLY_DIVISOR,
  WORK_TYPES,
  type BusinessScale,
  type Education,
  type MinimumWages,
  type Listings,
  type Place,
  type Training,
  type Vacancy,
  type WorkType,
} from "../listings/types.ts";
import type { ContentError } from "./compiler.ts";
import { frontMatterEnd } from "./front-matter.ts";
import { areaData, areaPlaces, readPlace, type Wilayah } from "./listings-places.ts";

export { areaData };

type Contact = Vacancy["contact"];
export type Fail = (line: number, message: string) => void;

export type { Wilayah } from "./listings-places.ts";

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const VACANCY_KEYS = [
  "perusahaan", "posisi", "sektor", "kecamatan", "kabupaten", "pendidikan", "jurusan", "jenis",
  "gaji_min", "gaji_max", "kuota", "ramah_disabilitas", "keahlian", "persyaratan", "cara_melamar",
  "kontak", "batas", "sumber", "diverifikasi_oleh", "diverifikasi_pada", "contoh",
  "skala_usaha", "upah_per_jam", "alasan_batas_usia",
] as const;

const TRAINING_KEYS = [
  "penyelenggara", "program", "bidang", "kecamatan", "kabupaten", "pendidikan", "mulai", "selesai",
  "jadwal", "batas", "kuota", "biaya", "sertifikat", "ramah_disabilitas", "keahlian", "persyaratan",
  "cara_daftar", "kontak", "sumber", "diverifikasi_oleh", "diverifikasi_pada", "contoh",
] as const;

const CONTACT_KEYS = ["email", "situs", "telepon", "alamat"] as const;

/** Free webmail domains: an employer or training provider recruiting from one is a red flag (Kemnaker). */
const FREE_MAIL = [
  /^gmail\.com$/, /^googlemail\.com$/, /^yahoo\.[a-z.]+$/, /^ymail\.com$/, /^rocketmail\.com$/,
  /^outlook\.[a-z.]+$/, /^hotmail\.[a-z.]+$/, /^live\.com$/, /^icloud\.com$/, /^proton\.me$/,
  /^protonmail\.com$/, /^aol\.com$/, /^mail\.com$/, /^gmx\.[a-z.]+$/,
];

/** What each scam flag means, for the error message. */
const FLAG_MEANING: Record<string, string> = {
  "fee": "asks the applicant for money",
  "unrealistic-pay": "pay that is too good to be true",
  "free-mail": "a free e-mail address instead of the company's own",
  "lookalike-brand": "a look-alike of a well-known company name",
  "chat-only-interview": "an interview only by chat app",
  "early-id-request": "asks early for ID documents",
  "task-deposit": "tasks that need a deposit or top-up",
  "illegal-business": "an illegal business",
  "overseas-individual": "overseas work arranged by an individual",
  "tourist-visa": "work on a tourist or pilgrimage visa",
  "unofficial-destination": "a country that is not an official placement destination",
  "paid-membership": "a paid membership to get work",
  "link-payment": "a payment behind a registration link or form",
  "intimate-photos": "asks for intimate photos or videos",
  "apk-file": "asks to install an app file (APK)",
};

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

/** Short stable id of a listing: 6 base36 characters of SHA-256("v:" + slug) or ("t:" + slug). */
export function listingId(kind: "v" | "t", slug: string): string {
  const hash = createHash("sha256").update(`${kind}:${slug}`).digest();
  return (hash.readUInt32BE(0) % 36 ** 6).toString(36).padStart(6, "0");
}

/** Compile both listing folders under `root`, search and match data precomputed; problems are appended to `errors`. */
export function compileListings(
  root: string,
  options: {
    rel: (p: string) => string;
    today: string;
    wilayah?: Wilayah;
    /** kantor.yaml `umk`; without it (a broken kantor.yaml, reported there) pay is not checked */
    umk?: MinimumWages;
    errors: ContentError[];
    warnings?: ContentError[];
    /** the scam rules (content/penipuan/) the listings are scanned with; absent when they have errors (reported there) */
    scam?: ScamRules;
  },
): Listings {
  const { rel, today, errors, scam } = options;
  const warnings = options.warnings ?? [];
  const places = options.wilayah ? areaPlaces(options.wilayah, errors) : [];
  const vacancies: Vacancy[] = [];
  const trainings: Training[] = [];
  const ids = new Map<string, string>();
  const folder = (name: string) => {
    const dir = join(root, name);
    return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".md")).sort().map((f) => join(dir, f)) : [];
  };
  const claimId = (id: string, file: string) => {
    const other = ids.get(id);
    if (other) errors.push({ file, line: 1, message: `the short id '${id}' of this file is the same as that of ${other}; rename one of the files` });
    else ids.set(id, file);
  };
  for (const path of folder("lowongan")) {
    const v = compileVacancy(path, rel(path), { today, ...(options.umk ? { umk: options.umk } : {}), ...(scam ? { scam } : {}) }, errors, warnings);
    if (v) {
      claimId(v.id, rel(path));
      vacancies.push(v);
    }
  }
  for (const path of folder("pelatihan")) {
    const t = compileTraining(path, rel(path), today, errors, warnings, scam);
    if (t) {
      claimId(t.id, rel(path));
      trainings.push(t);
    }
  }
  vacancies.sort((a, b) => b.verifiedOn.localeCompare(a.verifiedOn) || a.slug.localeCompare(b.slug));
  trainings.sort((a, b) => a.startDate.localeCompare(b.startDate) || a.slug.localeCompare(b.slug));
  // search and match data precomputed here, so a fresh Worker isolate only decodes it
  return prepareListings({ vacancies, trainings, places });
}

function compileVacancy(
  path: string,
  file: string,
  context: { today: string; umk?: MinimumWages; scam?: ScamRules },
  errors: ContentError[],
  warnings: ContentError[],
): Vacancy | undefined {
  const { today } = context;
  const before = errors.length;
  const warningsBefore = warnings.length;
  const fail: Fail = (line, message) => errors.push({ file, line, message });
  const warn: Fail = (line, message) => warnings.push({ file, line, message });
  const parsed = readListingFile(path, fail, VACANCY_KEYS);
  if (!parsed) return undefined;
  const { slug, fields, description, body } = parsed;
  const r = fieldReader(fields, fail);

  const company = r.text("perusahaan", 120);
  const position = r.text("posisi", 120);
  const sector = r.text("sektor", 80);
  const place = readPlace(fields, fail);
  const education = r.oneOf("pendidikan", EDUCATION_LEVELS);
  const majors = r.list("jurusan", { min: 0 });
  const workType = r.oneOf("jenis", WORK_TYPES);
  const salaryMin = r.int("gaji_min", { min: 0, required: false, unit: "rupiah a month, like 2500000" });
  const salaryMax = r.int("gaji_max", { min: 0, required: false, unit: "rupiah a month, like 3000000" });
  if (salaryMin !== undefined && salaryMax !== undefined && salaryMin > salaryMax) {
    fail(r.line("gaji_max"), `'gaji_max' (${salaryMax}) is lower than 'gaji_min' (${salaryMin})`);
  }
  const quota = r.int("kuota", { min: 1 });
  const disabilityFriendly = r.bool("ramah_disabilitas");
  const skills = r.list("keahlian", { min: 0 })?.map((s) => s.toLowerCase());
  const requirements = r.list("persyaratan", { min: 1 });
  const apply = r.text("cara_melamar", 600);
  const contact = readContact(fields.get("kontak"), fail);
  const deadline = r.date("batas");
  const source = r.text("sumber", 120);
  const verified = readVerification(r, today, fail);
  const example = r.bool("contoh", false);
  const businessScale = r.has("skala_usaha") ? r.oneOf("skala_usaha", BUSINESS_SCALES) : undefined;
  const hourlyWage = r.int("upah_per_jam", { min: 1, required: false, unit: "rupiah an hour, like 21000" });
  const ageLimitReason = r.has("alasan_batas_usia") ? r.text("alasan_batas_usia", 200) : undefined;

  checkRedFlags(fields, "cara_melamar", fail, context.scam);
  if (place && workType) {
    checkPay({ place, workType, salaryMin, salaryMax, hourlyWage, businessScale, umk: context.umk }, r, fail, warn);
  }
  checkRequirements(fields, body, ageLimitReason, warn);
  if (deadline && deadline < today) {
    // An expired listing never fails a build: whatever else is wrong with it, it is simply not published.
    errors.splice(before);
    warnings.splice(warningsBefore);
    warn(r.line("batas"), expiredMessage(deadline));
    return undefined;
  }
  if (errors.length > before) return undefined;
  return {
    slug,
    id: listingId("v", slug),
    company: company!,
    position: position!,
    sector: sector!,
    place: place!,
    education: education! as Education,
    majors: majors!,
    workType: workType! as WorkType,
    ...(salaryMin !== undefined ? { salaryMin } : {}),
    ...(salaryMax !== undefined ? { salaryMax } : {}),
    ...(hourlyWage !== undefined ? { hourlyWage } : {}),
    ...(businessScale ? { businessScale } : {}),
    ...(ageLimitReason ? { ageLimitReason } : {}),
    quota: quota!,
    disabilityFriendly: disabilityFriendly!,
    skills: [...new Set(skills!)],
    requirements: requirements!,
    apply: apply!,
    contact: contact!,
    deadline: deadline!,
    source: source!,
    verifiedBy: verified!.by,
    verifiedOn: verified!.on,
    example: example!,
    description,
  };
}

function compileTraining(path: string, file: string, today: string, errors: ContentError[], warnings: ContentError[], scam?: ScamRules): Training | undefined {
  const before = errors.length;
  const warningsBefore = warnings.length;
  const fail: Fail = (line, message) => errors.push({ file, line, message });
  const parsed = readListingFile(path, fail, TRAINING_KEYS);
  if (!parsed) return undefined;
  const { slug, fields, description } = parsed;
  const r = fieldReader(fields, fail);

  const provider = r.text("penyelenggara", 120);
  const program = r.text("program", 120);
  const field = r.text("bidang", 80);
  const place = readPlace(fields, fail);
  const education = r.oneOf("pendidikan", EDUCATION_LEVELS);
  const startDate = r.date("mulai");
  const endDate = r.date("selesai");
  if (startDate && endDate && endDate < startDate) fail(r.line("selesai"), `'selesai' ${endDate} is before 'mulai' ${startDate}`);
  const schedule = r.text("jadwal", 120, false);
  const deadline = r.date("batas");
  if (deadline && startDate && deadline > startDate) fail(r.line("batas"), `'batas' ${deadline} is after 'mulai' ${startDate}; registration must close by the first day`);
  const quota = r.int("kuota", { min: 1 });
  const cost = r.int("biaya", { min: 0, unit: "rupiah, 0 when free" });
  const certificate = r.text("sertifikat", 120, false);
  const disabilityFriendly = r.bool("ramah_disabilitas");
  const skills = r.list("keahlian", { min: 0 })?.map((s) => s.toLowerCase());
  const requirements = r.list("persyaratan", { min: 1 });
  const register = r.text("cara_daftar", 600);
  const contact = readContact(fields.get("kontak"), fail);
  const source = r.text("sumber", 120);
  const verified = readVerification(r, today, fail);
  const example = r.bool("contoh", false);

  checkRedFlags(fields, "cara_daftar", fail, scam);
  if (deadline && deadline < today) {
    errors.splice(before);
    warnings.splice(warningsBefore);
    warnings.push({ file, line: r.line("batas"), message: expiredMessage(deadline) });
    return undefined;
  }
  if (errors.length > before) return undefined;
  return {
    slug,
    id: listingId("t", slug),
    provider: provider!,
    program: program!,
    field: field!,
    place: place!,
    education: education! as Education,
    startDate: startDate!,
    endDate: endDate!,
    ...(schedule ? { schedule } : {}),
    deadline: deadline!,
    quota: quota!,
    cost: cost!,
    ...(certificate ? { certificate } : {}),
    disabilityFriendly: disabilityFriendly!,
    skills: [...new Set(skills!)],
    requirements: requirements!,
    register: register!,
    contact: contact!,
    source: source!,
    verifiedBy: verified!.by,
    verifiedOn: verified!.on,
    example: example!,
    description,
  };
}

// ---------------------------------------------------------------------------------------------
// Front matter

export interface Field {
  value: unknown;
  /** 1-based line of the key in the file */
  line: number;
  node: unknown;
  /** line of a nested key (kontak.email) */
  lineOf: (offset: number) => number;
}

/** Front matter and body of one listing file; undefined when it cannot be read at all. */
function readListingFile(
  path: string,
  fail: Fail,
  known: readonly string[],
): { slug: string; fields: Map<string, Field>; description: string; body: { lines: string[]; start: number } } | undefined {
  const slug = path.split("/").pop()!.replace(/\.md$/, "");
  if (!SLUG.test(slug)) {
    fail(1, `the file name '${slug}.md' may hold only lower-case letters, digits and single '-' between words, like 'operator-produksi-pt-maju.md'`);
  }
  const lines = readFileSync(path, "utf8").replace(/\r\n?/g, "\n").split("\n");
  const end = frontMatterEnd(lines, fail);
  if (end === undefined) return undefined;
  const counter = new LineCounter();
  const doc = parseDocument(lines.slice(1, end).join("\n"), { lineCounter: counter, prettyErrors: false });
  const lineOf = (offset: number) => counter.linePos(offset).line + 1;
  for (const e of doc.errors) fail(lineOf(e.pos[0]), `front-matter is not valid YAML: ${e.message.split("\n")[0]}`);
  if (doc.errors.length > 0) return undefined;
  if (!isMap(doc.contents)) {
    fail(2, "the front-matter must hold 'key: value' lines");
    return undefined;
  }
  const fields = new Map<string, Field>();
  for (const item of doc.contents.items) {
    const key = isScalar(item.key) ? String(item.key.value) : "";
    const line = lineOf(isScalar(item.key) ? item.key.range?.[0] ?? 0 : 0);
    if (!known.includes(key)) {
      fail(line, `'${key}' is not a known field (known: ${known.join(", ")})`);
      continue;
    }
    const node = item.value;
    const value = isScalar(node) ? node.value : node === null || node === undefined ? null : (node as { toJSON(): unknown }).toJSON();
    fields.set(key, { value, line, node, lineOf });
  }
  return {
    slug,
    fields,
    description: markdownToText(lines.slice(end + 1).join("\n")),
    body: { lines: lines.slice(end + 1), start: end + 2 },
  };
}

/** Typed accessors over the front-matter fields; each reports its own problems. */
function fieldReader(fields: Map<string, Field>, fail: Fail) {
  const line = (key: string) => fields.get(key)?.line ?? 1;
  /** the field, or undefined after reporting it missing (when required) */
  const present = (key: string, required: boolean): Field | undefined => {
    const f = fields.get(key);
    if (!f || f.value === null || f.value === undefined || (typeof f.value === "string" && f.value.trim() === "")) {
      if (required) fail(f?.line ?? 1, f ? `'${key}' is empty` : `'${key}' is missing`);
      return undefined;
    }
    return f;
  };
  return {
    line,
    /** the key is there with a non-empty value */
    has: (key: string) => present(key, false) !== undefined,
    text(key: string, max: number, required = true): string | undefined {
      const f = present(key, required);
      if (!f) return undefined;
      if (typeof f.value !== "string") {
        fail(f.line, typeof f.value === "number" ? `'${key}' must be text: put the value in quotes` : `'${key}' must be text`);
        return undefined;
      }
      const text = f.value.trim().replace(/\s+/g, " ");
      if ([...text].length > max) fail(f.line, `'${key}' is too long (${[...text].length} characters, at most ${max})`);
      return text;
    },
    list(key: string, { min }: { min: number }): string[] | undefined {
      const f = fields.get(key);
      if (!f) {
        fail(1, `'${key}' is missing${min === 0 ? " (write [] when there is none)" : ""}`);
        return undefined;
      }
      if (!Array.isArray(f.value) || f.value.some((v) => typeof v !== "string" && typeof v !== "number")) {
        fail(f.line, `'${key}' must be a list like [one, two] or lines starting with '- '`);
        return undefined;
      }
      const items = f.value.map((v) => String(v).trim().replace(/\s+/g, " ")).filter(Boolean);
      if (items.length < min) {
        fail(f.line, `'${key}' needs at least ${min} item${min === 1 ? "" : "s"}`);
        return undefined;
      }
      return items;
    },
    int(key: string, opts: { min: number; required?: boolean; unit?: string }): number | undefined {
      const f = present(key, opts.required ?? true);
      if (!f) return undefined;
      const unit = opts.unit ? ` (${opts.unit})` : "";
      if (typeof f.value !== "number" || !Number.isSafeInteger(f.value)) {
        fail(f.line, `'${key}' must be a whole number without dots or 'Rp'${unit} (got '${String(f.value)}')`);
        return undefined;
      }
      if (f.value < opts.min) {
        fail(f.line, `'${key}' must be at least ${opts.min} (got ${f.value})`);
        return undefined;
      }
      return f.value;
    },
    bool(key: string, fallback?: boolean): boolean | undefined {
      const f = present(key, fallback === undefined);
      if (!f) return fallback;
      if (typeof f.value !== "boolean") {
        fail(f.line, `'${key}' must be true or false (got '${String(f.value)}')`);
        return undefined;
      }
      return f.value;
    },
    date(key: string): string | undefined {
      const f = present(key, true);
      if (!f) return undefined;
      const v = f.value instanceof Date ? f.value.toISOString().slice(0, 10) : String(f.value);
      if (!isDate(v)) {
        fail(f.line, `'${key}' must be a date like 2026-11-23 (got '${v}')`);
        return undefined;
      }
      return v;
    },
    oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
      const f = present(key, true);
      if (!f) return undefined;
      const v = String(f.value).trim();
      if (!(allowed as readonly string[]).includes(v)) {
        fail(f.line, `'${key}' is '${v}', which is not allowed (allowed: ${allowed.join(", ")})`);
        return undefined;
      }
      return v as T;
    },
  };
}

function isDate(v: string): boolean {
  if (!DATE.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** diverifikasi_oleh and diverifikasi_pada: a listing is published only once an officer has checked it. */
function readVerification(r: ReturnType<typeof fieldReader>, today: string, fail: Fail): { by: string; on: string } | undefined {
  const why = "a listing is published only after an officer has verified it with the employer or provider";
  let by: string | undefined;
  let on: string | undefined;
  if (r.has("diverifikasi_oleh")) by = r.text("diverifikasi_oleh", 120);
  else fail(r.line("diverifikasi_oleh"), `'diverifikasi_oleh' is missing or empty: ${why}; write the officer's name`);
  if (r.has("diverifikasi_pada")) on = r.date("diverifikasi_pada");
  else fail(r.line("diverifikasi_pada"), `'diverifikasi_pada' is missing or empty: ${why}; write the date of the check, like 2026-11-23`);
  if (on && on > today) {
    fail(r.line("diverifikasi_pada"), `'diverifikasi_pada' ${on} is in the future; write the date the listing was actually verified`);
    return undefined;
  }
  return by && on ? { by, on } : undefined;
}

/** 2567744 → "Rp2.567.744", as Indonesian text writes rupiah. */
export function formatRupiah(amount: number): string {
  return `Rp${String(Math.round(amount)).replace(/\B(?=(\d{3})+(?!\d))/g, ".")}`;
}

/** The warning for a listing past its deadline: it is left out, never an error. */
function expiredMessage(deadline: string): string {
  return `'batas' ${deadline} has passed; it is not published; delete the file`;
}

// ---------------------------------------------------------------------------------------------
// Pay and requirements (vacancies)

/** SE Menaker M/6/HK.04/V/2025 tentang Larangan Diskriminasi dalam Proses Rekrutmen Tenaga Kerja. */
const CIRCULAR = "SE Menaker M/6/HK.04/V/2025 against discriminatory hiring";

interface Pay {
  place: Place;
  workType: WorkType;
  salaryMin: number | undefined;
  salaryMax: number | undefined;
  hourlyWage: number | undefined;
  businessScale: BusinessScale | undefined;
  umk: MinimumWages | undefined;
}

/**
 * Pay below the UMK of the listing's kabupaten/kota is an error, except for a micro or small business
 * (PP 36/2021 Art. 36) and for part-time work whose hourly wage is at least UMK / 126 (Art. 16, reading
 * "upah sebulan" as the UMK). An apprentice's allowance (magang) is not a wage and is not checked.
 */
function checkPay(p: Pay, r: ReturnType<typeof fieldReader>, fail: Fail, warn: Fail): void {
  if (p.hourlyWage !== undefined && p.workType !== "paruh-waktu") {
    fail(r.line("upah_per_jam"), "'upah_per_jam' is only for part-time work ('jenis: paruh-waktu', PP 36/2021 Art. 16); write the monthly pay in 'gaji_min' and 'gaji_max'");
    return;
  }
  const monthlyKey = p.salaryMin !== undefined ? "gaji_min" : "gaji_max";
  const lowest = p.salaryMin ?? p.salaryMax;
  if ((lowest === undefined && p.hourlyWage === undefined) || p.workType === "magang" || p.businessScale || !p.umk) return;
  const code = p.place.code.split(".").slice(0, 2).join(".");
  const area = p.umk.areas.find((a) => a.code === code);
  const payLine = r.line(p.hourlyWage !== undefined ? "upah_per_jam" : monthlyKey);
  if (!area) {
    warn(payLine, `kantor.yaml 'umk.wilayah' has no UMK for ${p.place.kabupaten} ("${code}"), so this pay cannot be checked against the minimum wage; add that UMK to kantor.yaml`);
    return;
  }
  const umkText = `the UMK ${p.umk.year} of ${area.name}, ${formatRupiah(area.monthly)} a month (${p.umk.legalBasis})`;
  const exemption = "or, for a micro or small business, write 'skala_usaha: mikro' or 'skala_usaha: kecil' (PP 36/2021 Art. 36)";
  if (p.workType === "paruh-waktu") {
    const floor = area.monthly / PART_TIME_HOURLY_DIVISOR;
    const floorText = `${formatRupiah(Math.ceil(floor))} an hour (UMK ${formatRupiah(area.monthly)} / ${PART_TIME_HOURLY_DIVISOR}, PP 36/2021 Art. 16)`;
    if (p.hourlyWage !== undefined) {
      if (p.hourlyWage < floor) {
        fail(payLine, `'upah_per_jam' ${formatRupiah(p.hourlyWage)} is below the floor for part-time work in ${area.name}, ${floorText}; raise it, ${exemption}`);
      }
    } else if (lowest! < area.monthly) {
      fail(payLine, `'${monthlyKey}' ${formatRupiah(lowest!)} is below ${umkText}; for part-time work write the hourly wage in 'upah_per_jam' (at least ${floorText}), ${exemption}`);
    }
    return;
  }
  if (lowest! < area.monthly) fail(payLine, `'${monthlyKey}' ${formatRupiah(lowest!)} is below ${umkText}; raise the pay, ${exemption}`);
}

const AGE = /\b(?:usia|umur|berusia|berumur)\b/i;
const AGE_CAP = [
  /\b(?:maks(?:imal|imum)?|max|paling\s+(?:tinggi|tua|banyak|lama)|setinggi-tingginya|tidak\s+lebih\s+dari|di\s*bawah|kurang\s+dari|belum\s+berusia)\.?\s*\d{2}\b/i,
  /\b\d{2}\s*(?:–|—|-|s\.?\s*d\.?|sampai|hingga)\s*\d{2}\b/i,
];

/** Requirements the circular names, other than age: what they ask for, and the pattern. */
const DISCRIMINATORY: Array<{ what: string; pattern: RegExp }> = [
  {
    what: "a minimum height",
    pattern: /\btinggi\s+badan\b|\btb\s*(?:min(?:imal)?\.?\s*)?\d{3}\b|\btinggi\s+(?:min(?:imal)?\.?\s*)?\d{3}\s*cm\b/i,
  },
  {
    what: "an attractive appearance",
    pattern: /\b(?:ber)?penampilan\s+(?:yang\s+)?menarik\b|\bgood[\s-]?looking\b|\b(?:wajah|paras|berparas)\s+(?:yang\s+)?(?:menarik|cantik|tampan|ganteng)\b/i,
  },
  {
    what: "a marital status",
    pattern:
      /\bbelum\s+(?:pernah\s+)?(?:menikah|nikah|kawin|berkeluarga)\b|\b(?:status|masih|harus|wajib|berstatus)\s+single\b|\blajang\b|\btidak\s+(?:sedang\s+)?(?:menikah|terikat\s+(?:pernikahan|perkawinan))\b|\bstatus\s+(?:pernikahan|perkawinan)\b|\bsudah\s+(?:menikah|berkeluarga)\b|\bbersedia\s+tidak\s+menikah\b/i,
  },
];

/**
 * Warnings on what a vacancy asks of applicants, in its requirements and its description: an upper age
 * limit without a job reason, height, appearance or marital status (the circular), and an STR asked as
 * if it expired (UU 17/2023: an Indonesian health worker's STR is valid for life).
 */
function checkRequirements(
  fields: Map<string, Field>,
  body: { lines: string[]; start: number },
  ageLimitReason: string | undefined,
  warn: Fail,
): void {
  const texts: Array<{ where: string; line: number; text: string }> = [];
  const requirements = fields.get("persyaratan");
  if (requirements && isSeq(requirements.node)) {
    for (const item of requirements.node.items) {
      if (isScalar(item) && typeof item.value === "string") {
        texts.push({ where: "'persyaratan'", line: requirements.lineOf(item.range?.[0] ?? 0), text: item.value });
      }
    }
  }
  body.lines.forEach((text, i) => {
    if (text.trim()) texts.push({ where: "the description", line: body.start + i, text });
  });
  for (const { where, line, text } of texts) {
    const quoted = `"${text.trim().replace(/^[-*+]\s+/, "").replace(/\s+/g, " ")}"`;
    if (!ageLimitReason && AGE.test(text) && AGE_CAP.some((re) => re.test(text))) {
      warn(line, `${where} sets an upper age limit (${quoted}); ${CIRCULAR} allows one only when the nature of the job really requires it: remove the limit, or write that reason in 'alasan_batas_usia'`);
    }
    for (const d of DISCRIMINATORY) {
      if (d.pattern.test(text)) warn(line, `${where} asks for ${d.what} (${quoted}), a requirement that ${CIRCULAR} names as discriminatory; remove it`);
    }
    if (/\bSTR\b/.test(text) && (!/\bSIP\b/.test(text) || /\bSTR\b[^.;]*\b(?:masih\s+berlaku|aktif|berlaku\s+s(?:ampai|\.?d))/i.test(text))) {
      warn(line, `${where} asks for an STR as if it expired (${quoted}); under UU 17/2023 an Indonesian health worker's STR is valid for life: ask for the STR without "masih berlaku", and for the SIP (Surat Izin Praktik)`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Contacts and red flags

function readContact(field: Field | undefined, fail: Fail): Contact | undefined {
  if (!field) {
    fail(1, `'kontak' is missing (at least one of ${CONTACT_KEYS.join(", ")})`);
    return undefined;
  }
  if (!isMap(field.node)) {
    fail(field.line, `'kontak' must hold indented lines like 'email: rekrutmen@perusahaan.co.id' (known: ${CONTACT_KEYS.join(", ")})`);
    return undefined;
  }
  const contact: Contact = {};
  let reported = false;
  const report: Fail = (line, message) => {
    reported = true;
    fail(line, message);
  };
  for (const item of field.node.items) {
    const key = isScalar(item.key) ? String(item.key.value) : "";
    const line = field.lineOf(isScalar(item.key) ? item.key.range?.[0] ?? 0 : 0);
    if (!(CONTACT_KEYS as readonly string[]).includes(key)) {
      report(line, `'kontak.${key}' is not a known contact (known: ${CONTACT_KEYS.join(", ")})`);
      continue;
    }
    const raw = isScalar(item.value) ? item.value.value : undefined;
    if (raw === null || raw === undefined || raw === "") continue;
    if (typeof raw !== "string") {
      report(line, `'kontak.${key}' must be text${typeof raw === "number" ? ": put the value in quotes, like \"0342 801234\"" : ""}`);
      continue;
    }
    const value = raw.trim();
    if (key === "email") {
      const domain = /^[^\s@]+@((?:[a-z0-9-]+\.)+[a-z]{2,})$/i.exec(value)?.[1]?.toLowerCase();
      if (!domain) report(line, `'kontak.email' '${value}' is not an e-mail address`);
      else if (FREE_MAIL.some((re) => re.test(domain))) {
        report(line, `'kontak.email' ${value} is a free e-mail address (${domain}), a red flag of a job scam; use the company's or institution's own domain`);
      } else contact.email = value;
    } else if (key === "situs") {
      let url: URL | undefined;
      try {
        url = new URL(value);
      } catch {
        url = undefined;
      }
      if (!url || (url.protocol !== "https:" && url.protocol !== "http:") || !url.hostname.includes(".")) {
        report(line, `'kontak.situs' '${value}' must be a web address starting with https:// (or http://)`);
      } else contact.website = value;
    } else if (key === "telepon") {
      if (!/^[+(]?[0-9][0-9 ()+.-]{5,}[0-9]$/.test(value)) report(line, `'kontak.telepon' '${value}' is not a phone number`);
      else contact.phone = value;
    } else contact.address = value;
  }
  if (Object.keys(contact).length === 0 && !reported) {
    fail(field.line, `'kontak' needs at least one of ${CONTACT_KEYS.join(", ")}`);
  }
  return contact;
}

/**
 * Runs the scam check on what a seeker acts on: the way to apply, each requirement and each contact.
 * Any flag stops the listing. The free-text description is not scanned: it describes the job
 * ("uang bensin disediakan") and its false alarms would block honest listings.
 */
function checkRedFlags(fields: Map<string, Field>, applyKey: "cara_melamar" | "cara_daftar", fail: Fail, scam: ScamRules | undefined): void {
  // without rules (content/penipuan/ has errors, already reported) there is nothing to scan with
  if (!scam) return;
  const scan = (where: string, at: number, text: unknown, skip: string[] = []) => {
    if (typeof text !== "string" || !text.trim()) return;
    for (const flag of detectFlags(text, scam)) {
      if (skip.includes(flag.id)) continue;
      // a flag added in content/penipuan/ has no English gloss here: its title explains it
      const gloss = FLAG_MEANING[flag.id] ?? scamFlag(scam, flag.id)?.title;
      const meaning = gloss ? ` (${gloss})` : "";
      fail(at, `'${where}' shows the job-scam red flag '${flag.id}'${meaning}: "${flag.evidence}"; publish only official, free channels, or remove the listing`);
    }
  };
  const apply = fields.get(applyKey);
  if (apply) scan(applyKey, apply.line, apply.value);
  const requirements = fields.get("persyaratan");
  if (requirements && isSeq(requirements.node)) {
    for (const item of requirements.node.items) {
      if (isScalar(item)) scan("persyaratan", requirements.lineOf(item.range?.[0] ?? 0), item.value);
    }
  }
  const contact = fields.get("kontak");
  if (contact && isMap(contact.node)) {
    for (const item of contact.node.items) {
      const key = isScalar(item.key) ? String(item.key.value) : "";
      const at = contact.lineOf(isScalar(item.key) ? item.key.range?.[0] ?? 0 : 0);
      // readContact already reports a webmail address with its own check.
      if (isScalar(item.value)) scan(`kontak.${key}`, at, item.value.value, key === "email" ? ["free-mail"] : []);
    }
  }
}

/** Markdown → plain text: paragraphs apart by a blank line, list items as "• " lines. */
export function markdownToText(source: string): string {
  const blocks: string[] = [];
  const lists: Array<{ ordered: boolean; n: number }> = [];
  let list: string[] = [];
  let prefix = "";
  for (const t of md.parse(source, {})) {
    switch (t.type) {
      case "bullet_list_open":
      case "ordered_list_open":
        lists.push({ ordered: t.type === "ordered_list_open", n: Number(t.attrGet("start") ?? 1) - 1 });
        break;
      case "bullet_list_close":
      case "ordered_list_close":
        lists.pop();
        if (lists.length === 0 && list.length > 0) {
          blocks.push(list.join("\n"));
          list = [];
        }
        break;
      case "list_item_open": {
        const top = lists.at(-1)!;
        top.n++;
        prefix = "  ".repeat(lists.length - 1) + (top.ordered ? `${top.n}. ` : "• ");
        break;
      }
      case "inline":
      case "fence":
      case "code_block": {
        const text = t.type === "inline" ? inlineText(t.children ?? []) : t.content.trim();
        if (!text) break;
        if (lists.length === 0) blocks.push(text);
        else {
          list.push((prefix || "  ".repeat(lists.length)) + text);
          prefix = "";
        }
        break;
      }
    }
  }
  return blocks.join("\n\n").trim();
}

function inlineText(children: Token[]): string {
  let out = "";
  let link: { href: string; start: number } | undefined;
  for (const c of children) {
    if (c.type === "text" || c.type === "code_inline") out += c.content;
    else if (c.type === "softbreak") out += " ";
    else if (c.type === "hardbreak") out += "\n";
    else if (c.type === "image") out += c.content;
    else if (c.type === "link_open") link = { href: String(c.attrGet("href") ?? ""), start: out.length };
    else if (c.type === "link_close" && link) {
      const label = out.slice(link.start);
      const bare = link.href.replace(/^(mailto:|tel:)/, "");
      if (bare && label !== bare) out += ` (${bare})`;
      link = undefined;
    }
  }
  return out.replace(/[ \t]+/g, " ").trim();
}
