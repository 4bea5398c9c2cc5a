/** The listings' policy checks: official contacts, pay against the area's UMK, requirements the circular against discriminatory hiring names, and job-scam red flags. */
import { isMap, isScalar, isSeq } from "yaml";
import { detectFlags, scamFlag, type ScamRules } from "../core/scam.ts";
import { PART_TIME_HOURLY_DIVISOR, type BusinessScale, type MinimumWages, type Place, type Vacancy, type WorkType } from "../listings/types.ts";
import { type Fail, type Field, fieldReader } from "./listings-fields.ts";

type Contact = Vacancy["contact"];

export const CONTACT_KEYS = ["email", "situs", "telepon", "alamat"] as const;

/** 2567744 → "Rp2.567.744", as Indonesian text writes rupiah. */
export function formatRupiah(amount: number): string {
  return `Rp${String(Math.round(amount)).replace(/\B(?=(\d{3})+(?!\d))/g, ".")}`;
}

/** Free webmail domains: an employer or training provider recruiting from one is a red flag (Kemnaker). */
export const FREE_MAIL = [
  /^gmail\.com$/, /^googlemail\.com$/, /^yahoo\.[a-z.]+$/, /^ymail\.com$/, /^rocketmail\.com$/,
  /^outlook\.[a-z.]+$/, /^hotmail\.[a-z.]+$/, /^live\.com$/, /^icloud\.com$/, /^proton\.me$/,
  /^protonmail\.com$/, /^aol\.com$/, /^mail\.com$/, /^gmx\.[a-z.]+$/,
];

/** What each scam flag means, for the error message. */
export const FLAG_MEANING: Record<string, string> = {
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

// ---------------------------------------------------------------------------------------------
// Pay and requirements (vacancies)

/** SE Menaker M/6/HK.04/V/2025 tentang Larangan Diskriminasi dalam Proses Rekrutmen Tenaga Kerja. */
export const CIRCULAR = "SE Menaker M/6/HK.04/V/2025 against discriminatory hiring";

export interface Pay {
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
export function checkPay(p: Pay, r: ReturnType<typeof fieldReader>, fail: Fail, warn: Fail): void {
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

export const AGE = /\b(?:usia|umur|berusia|berumur)\b/i;
export const AGE_CAP = [
  /\b(?:maks(?:imal|imum)?|max|paling\s+(?:tinggi|tua|banyak|lama)|setinggi-tingginya|tidak\s+lebih\s+dari|di\s*bawah|kurang\s+dari|belum\s+berusia)\.?\s*\d{2}\b/i,
  /\b\d{2}\s*(?:–|—|-|s\.?\s*d\.?|sampai|hingga)\s*\d{2}\b/i,
];

/** Requirements the circular names, other than age: what they ask for, and the pattern. */
export const DISCRIMINATORY: Array<{ what: string; pattern: RegExp }> = [
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
export function checkRequirements(
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

export function readContact(field: Field | undefined, fail: Fail): Contact | undefined {
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
export function checkRedFlags(fields: Map<string, Field>, applyKey: "cara_melamar" | "cara_daftar", fail: Fail, scam: ScamRules | undefined): void {
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
