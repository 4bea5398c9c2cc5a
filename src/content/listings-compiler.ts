/**
 * The listings compiler: content/lowongan/*.md and content/pelatihan/*.md → validated Listings.
 * Called by compileContent in node at build time; the Worker never imports it.
 * Only verified listings with official contacts pass: a listing that is unverified, shows a job-scam red flag
 * or pays below the area's UMK stops the build with an error naming file and line. A listing past its deadline
 * never stops a build: it is left out with a warning. Requirements the Minister's circular against
 * discriminatory hiring names, and an STR asked as if it expired, are warnings.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { ScamRules } from "../core/scam.ts";
import { prepareListings } from "../listings/prepare.ts";
import { BUSINESS_SCALES, EDUCATION_LEVELS, WORK_TYPES, type Education, type MinimumWages, type Listings, type Training, type Vacancy, type WorkType } from "../listings/types.ts";
import type { ContentError } from "./compiler.ts";
import { areaData, areaPlaces, readPlace, type Wilayah } from "./listings-places.ts";
import { type Fail, readListingFile, fieldReader, readVerification } from "./listings-fields.ts";
import { checkPay, checkRequirements, readContact, checkRedFlags } from "./listings-checks.ts";

export { areaData };
export type { Wilayah } from "./listings-places.ts";

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



/** The warning for a listing past its deadline: it is left out, never an error. */
function expiredMessage(deadline: string): string {
  return `'batas' ${deadline} has passed; it is not published; delete the file`;
}

