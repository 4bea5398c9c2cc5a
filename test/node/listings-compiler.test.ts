import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { compileContent, formatError, officeToday } from "../../src/content/compiler.ts";
import { listingId } from "../../src/content/listings-compiler.ts";
import { contentDate, relativeContent } from "../../src/content/relative-dates.ts";
import { forgetListings, loadListings } from "../../src/content/listings-store.ts";
import { BLOB_PREFIX, type ContentBundle } from "../../src/content/types.ts";
import { encodeListings, plainListings, readStoredListings } from "../../src/listings/stored.ts";
import type { Listings } from "../../src/listings/types.ts";

// Each test compiles the real guides several times (about 0.1 s each, many times that on a loaded machine).
vi.setConfig({ testTimeout: 60_000 });

const REAL = join(process.cwd(), "content");
const FIXTURES = join(process.cwd(), "test", "fixtures", "listings");
const TODAY = "2026-11-23";
const VACANCY = "lowongan/operator-produksi-pt-contoh.md";
const TRAINING = "pelatihan/las-smaw-blk-contoh.md";
const dirs: string[] = [];

/** The real topics and kantor.yaml plus the fixture listings in a temp dir; `edit` changes files before compiling. */
function compileWith(edit: (dir: string) => void = () => {}, today = TODAY) {
  const base = mkdtempSync(join(tmpdir(), "binjol-listings-"));
  dirs.push(base);
  const dir = join(base, "content");
  mkdirSync(dir);
  for (const part of ["kantor.yaml", "topik", "balasan", "penipuan", "latihan/penipuan"]) cpSync(join(REAL, part), join(dir, part), { recursive: true });
  pinReviewed(dir, today);
  cpSync(FIXTURES, dir, { recursive: true });
  // a fixed UMK table, so that a new year's figures in content/kantor.yaml do not change these tests
  writeFileSync(join(dir, "kantor.yaml"), testKantor(readFileSync(join(dir, "kantor.yaml"), "utf8")));
  edit(dir);
  const result = compileContent(dir, { cwd: base, today });
  return { ...result, messages: result.errors.map(formatError), warned: result.warnings.map(formatError) };
}

/**
 * The guides are only the backdrop of these listing tests: pin the copied guides' review dates to the
 * test's day, so a guide reviewed after that day (a date in the future there) does not fail a listing test.
 */
function pinReviewed(dir: string, today: string) {
  for (const f of readdirSync(join(dir, "topik"))) {
    const path = join(dir, "topik", f);
    writeFileSync(path, readFileSync(path, "utf8").replace(/^reviewed: .*$/m, `reviewed: ${today}`));
  }
}

/** content/kantor.yaml with its `umk:` block replaced by UMK_BLOCK. */
const testKantor = (text: string) => text.replace(/^umk:\n(?: .*\n)*/m, UMK_BLOCK);

const UMK_BLOCK = [
  "umk:",
  '  tahun: "2026"',
  '  dasar_hukum: "Keputusan Gubernur Jawa Timur Nomor 100.3.3.1/937/013/2025"',
  "  wilayah:",
  '    "35.05": 2567744 # Kabupaten Blitar',
  '    "35.72": 2639518 # Kota Blitar',
  '    "35.04": 2628190 # Kabupaten Tulungagung',
  "",
].join("\n");

function rewrite(dir: string, file: string, change: (text: string) => string) {
  const path = join(dir, file);
  const before = readFileSync(path, "utf8");
  const after = change(before);
  if (after === before) throw new Error(`the edit changed nothing in ${file}`);
  writeFileSync(path, after);
}

/** 1-based line of the first fixture line starting with `prefix`. */
function lineOf(file: string, prefix: string): number {
  const i = readFileSync(join(FIXTURES, file), "utf8").split("\n").findIndex((l) => l.startsWith(prefix));
  if (i < 0) throw new Error(`no line starting with '${prefix}' in ${file}`);
  return i + 1;
}

/** Replace the whole line starting with `key:` in the front matter. */
const setKey = (key: string, value: string) => (text: string) => text.replace(new RegExp(`^${key}:.*$`, "m"), `${key}: ${value}`);
const dropKey = (key: string) => (text: string) => text.replace(new RegExp(`^${key}:.*\\n`, "m"), "");

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("listings compiler on valid files", () => {
  it("maps every vacancy field", () => {
    const { listings, messages } = compileWith();
    expect(messages).toEqual([]);
    const v = listings!.vacancies.find((x) => x.slug === "operator-produksi-pt-contoh")!;
    expect(v).toEqual({
      slug: "operator-produksi-pt-contoh",
      id: listingId("v", "operator-produksi-pt-contoh"),
      company: "PT Contoh Makmur Sejahtera",
      position: "Operator Produksi",
      sector: "Manufaktur",
      place: { code: "35.05.10", kecamatan: "Kanigoro", kabupaten: "Kabupaten Blitar" },
      education: "SMK",
      majors: ["Teknik Mesin", "Teknik Elektro"],
      workType: "kontrak",
      salaryMin: 2700000,
      salaryMax: 3000000,
      quota: 10,
      disabilityFriendly: true,
      skills: ["las", "membaca gambar teknik"],
      requirements: ["Lulusan SMK semua jurusan teknik", "Usia minimal 18 tahun"],
      apply: "Kirim CV dan surat lamaran lewat e-mail rekrutmen atau datang langsung ke kantor HRD. Tidak dipungut biaya.",
      contact: {
        email: "rekrutmen@contohmakmur.co.id",
        website: "https://contohmakmur.co.id/karier",
        phone: "(0342) 801234",
        address: "Jl. Raya Kanigoro No. 10, Kanigoro",
      },
      deadline: "2026-12-15",
      source: "Karirhub",
      verifiedBy: "Sri Wahyuni (pengantar kerja)",
      verifiedOn: "2026-11-20",
      example: true,
      description: [
        "Kami mencari operator produksi untuk lini perakitan.",
        "Tugas:",
        "• menjalankan mesin sesuai SOP\n• mencatat hasil produksi\n  • harian dan mingguan",
        "Info lengkap di situs kami (https://contohmakmur.co.id/karier).",
      ].join("\n\n"),
    });
    expect(v.id).toMatch(/^[0-9a-z]{6}$/);
  });

  it("leaves optional vacancy fields out, defaults 'contoh' to false and normalises the kabupaten", () => {
    const v = compileWith().listings!.vacancies.find((x) => x.slug === "admin-gudang-kota")!;
    expect(v.place).toEqual({ code: "35.72.03", kecamatan: "Sananwetan", kabupaten: "Kota Blitar" });
    expect(v.majors).toEqual([]);
    expect("salaryMin" in v || "salaryMax" in v).toBe(false);
    expect(v.example).toBe(false);
    expect(v.description).toBe("");
    expect(v.contact).toEqual({ address: "Jl. Contoh Niaga No. 5, Sananwetan, Kota Blitar" });
  });

  it("maps every training field", () => {
    const t = compileWith().listings!.trainings.find((x) => x.slug === "las-smaw-blk-contoh")!;
    expect(t).toEqual({
      slug: "las-smaw-blk-contoh",
      id: listingId("t", "las-smaw-blk-contoh"),
      provider: "UPT BLK Contoh",
      program: "Pengelasan SMAW 3G",
      field: "Las",
      place: { code: "35.05.17", kecamatan: "Wlingi", kabupaten: "Kabupaten Blitar" },
      education: "SMP",
      startDate: "2026-12-07",
      endDate: "2027-01-15",
      schedule: "Senin–Jumat, 08.00–15.00",
      deadline: "2026-12-01",
      quota: 16,
      cost: 0,
      certificate: "Sertifikat kompetensi BNSP",
      disabilityFriendly: false,
      skills: ["las", "smaw"],
      requirements: ["Usia 18–35 tahun", "Sehat jasmani"],
      register: "Daftar di kantor BLK atau lewat situs resmi. Gratis, tidak dipungut biaya.",
      contact: { website: "https://blk-contoh.go.id", phone: "0342 691234" },
      source: "jadwal BLK",
      verifiedBy: "Rina Lestari",
      verifiedOn: "2026-11-18",
      example: true,
      description: "Pelatihan las dasar sampai posisi 3G.",
    });
    const free = compileWith().listings!.trainings.find((x) => x.slug === "menjahit-dasar-contoh")!;
    expect(free.cost).toBe(350000);
    expect("schedule" in free || "certificate" in free).toBe(false);
  });

  it("sorts vacancies newest verification first and trainings by start date", () => {
    const { listings } = compileWith();
    expect(listings!.vacancies.map((v) => v.verifiedOn)).toEqual(["2026-11-21", "2026-11-20"]);
    expect(listings!.trainings.map((t) => t.startDate)).toEqual(["2026-11-30", "2026-12-07"]);
    // same verification date: by slug
    const tie = compileWith((d) => rewrite(d, "lowongan/admin-gudang-kota.md", setKey("diverifikasi_pada", "2026-11-20"))).listings!;
    expect(tie.vacancies.map((v) => v.slug)).toEqual(["admin-gudang-kota", "operator-produksi-pt-contoh"]);
  });

  it("lists every kecamatan of the office's area: 22 of Kabupaten Blitar, then 3 of Kota Blitar", () => {
    const { places } = compileWith().listings!;
    expect(places).toHaveLength(25);
    const kab = places.filter((p) => p.kabupaten === "Kabupaten Blitar");
    const kota = places.filter((p) => p.kabupaten === "Kota Blitar");
    expect(kab).toHaveLength(22);
    expect(kota.map((p) => p.kecamatan)).toEqual(["Kepanjenkidul", "Sananwetan", "Sukorejo"]);
    expect(places.slice(0, 22)).toEqual(kab);
    expect(kab.map((p) => p.kecamatan)).toEqual([...kab.map((p) => p.kecamatan)].sort((a, b) => a.localeCompare(b)));
    expect(kab.every((p) => /^35\.05\.\d{2}$/.test(p.code))).toBe(true);
    expect(kab).toContainEqual({ code: "35.05.10", kecamatan: "Kanigoro", kabupaten: "Kabupaten Blitar" });
  });

  it("accepts a vacancy in a neighbouring regency when the pair is official", () => {
    const { listings, messages } = compileWith((d) =>
      rewrite(d, VACANCY, (t) => setKey("kabupaten", "Kabupaten Tulungagung")(setKey("kecamatan", "Ngunut")(t))),
    );
    expect(messages).toEqual([]);
    expect(listings!.vacancies.find((v) => v.slug === "operator-produksi-pt-contoh")!.place.kabupaten).toBe("Kabupaten Tulungagung");
  });

  it("produces an empty listings blob when there are no listing folders", () => {
    const { bundle, blobs, listings, messages } = compileWith((d) => {
      rmSync(join(d, "lowongan"), { recursive: true });
      rmSync(join(d, "pelatihan"), { recursive: true });
    });
    expect(messages).toEqual([]);
    expect(listings!.vacancies).toEqual([]);
    expect(listings!.trainings).toEqual([]);
    const key = bundle!.blobs.listings!;
    expect(key.startsWith(BLOB_PREFIX)).toBe(true);
    expect(readStoredListings(blobs![key]!, blobs!)).toEqual(plainListings(listings!));
    expect(listings!.places).toHaveLength(25);
  });
});

describe("listings blob and bundle version", () => {
  it("names the index and its detail chunks by their content hash and stores exactly the listings", () => {
    const { bundle, blobs, listings } = compileWith();
    const key = bundle!.blobs.listings!;
    for (const k of Object.keys(blobs!)) {
      expect(k).toMatch(new RegExp(`^${BLOB_PREFIX}[0-9a-f]{32}$`));
      expect(k).toBe(BLOB_PREFIX + createHash("sha256").update(blobs![k]!).digest("hex").slice(0, 32));
    }
    expect(Object.keys(blobs!)).toContain(key);
    expect(readStoredListings(blobs![key]!, blobs!)).toEqual(plainListings(listings!));
  });

  it("keeps the blob key when the listings do not change and changes it when they do", () => {
    const a = compileWith();
    const same = compileWith();
    const topicOnly = compileWith((d) => rewrite(d, "topik/cv.md", (t) => `${t}\nSatu paragraf tambahan.\n`));
    const changed = compileWith((d) => rewrite(d, VACANCY, setKey("kuota", "11")));
    const key = a.bundle!.blobs.listings;
    expect(same.bundle!.blobs.listings).toBe(key);
    expect(topicOnly.bundle!.blobs.listings).toBe(key);
    expect(changed.bundle!.blobs.listings).not.toBe(key);
    // the bundle version follows the listings, and stays when nothing changed
    expect(same.bundle!.version).toBe(a.bundle!.version);
    expect(changed.bundle!.version).not.toBe(a.bundle!.version);
    expect(topicOnly.bundle!.version).not.toBe(a.bundle!.version);
  });
});

describe("listings errors name the file and line", () => {
  const V = `content/${VACANCY}`;
  const T = `content/${TRAINING}`;

  it("rejects a vacancy without a verifier, and one with an empty verification date", () => {
    const { bundle, messages } = compileWith((d) => rewrite(d, VACANCY, (t) => setKey("diverifikasi_pada", "")(dropKey("diverifikasi_oleh")(t))));
    expect(bundle).toBeUndefined();
    expect(messages).toEqual([
      `${V} line 1: 'diverifikasi_oleh' is missing or empty: a listing is published only after an officer has verified it with the employer or provider; write the officer's name`,
      // the line moved up by one with diverifikasi_oleh removed
      `${V} line ${lineOf(VACANCY, "diverifikasi_pada:") - 1}: 'diverifikasi_pada' is missing or empty: a listing is published only after an officer has verified it with the employer or provider; write the date of the check, like 2026-11-23`,
    ]);
  });

  it("rejects a verification date in the future", () => {
    const { messages } = compileWith((d) => rewrite(d, TRAINING, setKey("diverifikasi_pada", "2026-11-24")));
    expect(messages).toEqual([
      `${T} line ${lineOf(TRAINING, "diverifikasi_pada:")}: 'diverifikasi_pada' 2026-11-24 is in the future; write the date the listing was actually verified`,
    ]);
  });

  it("defaults 'today' to the office's date in WIB, not UTC", () => {
    // 2026-11-23 20:00 UTC is already 2026-11-24 03:00 in Blitar
    expect(officeToday(Date.UTC(2026, 10, 23, 20))).toBe("2026-11-24");
    expect(officeToday(Date.UTC(2026, 10, 23, 16, 59))).toBe("2026-11-23");
  });

  it("rejects a free-mail contact once, on the e-mail line", () => {
    const { messages } = compileWith((d) => rewrite(d, VACANCY, (t) => t.replace("rekrutmen@contohmakmur.co.id", "hrd.contohmakmur@gmail.com")));
    expect(messages).toEqual([
      `${V} line ${lineOf(VACANCY, "  email:")}: 'kontak.email' hrd.contohmakmur@gmail.com is a free e-mail address (gmail.com), a red flag of a job scam; use the company's or institution's own domain`,
    ]);
    for (const mail of ["x@yahoo.co.id", "x@outlook.co.id", "x@hotmail.com", "x@proton.me", "x@gmx.de"]) {
      const m = compileWith((d) => rewrite(d, VACANCY, (t) => t.replace("rekrutmen@contohmakmur.co.id", mail))).messages;
      expect(m, mail).toHaveLength(1);
      expect(m[0], mail).toContain("is a free e-mail address");
    }
  });

  it("rejects a website that is not an http(s) address", () => {
    const { messages } = compileWith((d) => rewrite(d, VACANCY, (t) => t.replace("https://contohmakmur.co.id/karier", "contohmakmur.co.id")));
    expect(messages).toEqual([
      `${V} line ${lineOf(VACANCY, "  situs:")}: 'kontak.situs' 'contohmakmur.co.id' must be a web address starting with https:// (or http://)`,
    ]);
  });

  it("rejects a fee in the way to apply, naming the flag and its evidence", () => {
    const { messages } = compileWith((d) =>
      rewrite(d, VACANCY, setKey("cara_melamar", "Kirim CV lewat e-mail. Pelamar wajib membayar biaya administrasi Rp150.000 sebelum wawancara.")),
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(
      new RegExp(`^${V.replace(/[.]/g, "\\.")} line ${lineOf(VACANCY, "cara_melamar:")}: 'cara_melamar' shows the job-scam red flag 'fee' \\(asks the applicant for money\\): ".*biaya.*"`),
    );
  });

  it("rejects a fee hidden in the requirements, on its own line", () => {
    const { messages } = compileWith((d) => rewrite(d, VACANCY, (t) => t.replace("  - Usia minimal 18 tahun", "  - Membayar uang seragam Rp300.000")));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(new RegExp(`line ${lineOf(VACANCY, "  - Usia")}: 'persyaratan' shows the job-scam red flag 'fee'`));
  });

  it("rejects an interview only by WhatsApp chat", () => {
    const { messages } = compileWith((d) =>
      rewrite(d, TRAINING, setKey("cara_daftar", "Daftar dan interview hanya lewat chat WhatsApp 0812-3456-7890, langsung diterima.")),
    );
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.every((m) => m.startsWith(`${T} line ${lineOf(TRAINING, "cara_daftar:")}: 'cara_daftar' shows the job-scam red flag`))).toBe(true);
    expect(messages.some((m) => m.includes("'chat-only-interview'"))).toBe(true);
  });

  it("suggests the closest kecamatan when one is unknown", () => {
    const { messages } = compileWith((d) => rewrite(d, VACANCY, setKey("kecamatan", "Kanigaro")));
    expect(messages).toEqual([`${V} line ${lineOf(VACANCY, "kecamatan:")}: 'kecamatan' Kanigaro is not a kecamatan of Kabupaten Blitar; did you mean 'Kanigoro'?`]);
  });

  it("rejects a kecamatan of another kabupaten", () => {
    const { messages } = compileWith((d) => rewrite(d, VACANCY, setKey("kabupaten", "Kota Blitar")));
    expect(messages).toEqual([
      `${V} line ${lineOf(VACANCY, "kecamatan:")}: 'kecamatan' Kanigoro is not in Kota Blitar but in Kabupaten Blitar; correct 'kabupaten' or 'kecamatan'`,
    ]);
  });

  it("rejects a kabupaten written without 'Kabupaten' or 'Kota'", () => {
    const { messages } = compileWith((d) => rewrite(d, VACANCY, setKey("kabupaten", "Blitar")));
    expect(messages).toEqual([
      `${V} line ${lineOf(VACANCY, "kabupaten:")}: 'kabupaten' 'Blitar' is not an official kabupaten/kota name; write 'Kabupaten Blitar' or 'Kota Blitar'`,
    ]);
  });

  it("rejects a bad enum value, listing the allowed ones", () => {
    const { messages } = compileWith((d) => {
      rewrite(d, VACANCY, setKey("pendidikan", "SLTA"));
      rewrite(d, VACANCY, setKey("jenis", "freelance"));
    });
    expect(messages).toEqual([
      `${V} line ${lineOf(VACANCY, "pendidikan:")}: 'pendidikan' is 'SLTA', which is not allowed (allowed: SD, SMP, SMA, SMK, D1, D2, D3, D4, S1, S2, S3)`,
      `${V} line ${lineOf(VACANCY, "jenis:")}: 'jenis' is 'freelance', which is not allowed (allowed: penuh-waktu, paruh-waktu, kontrak, magang, harian)`,
    ]);
  });

  it("rejects an unknown key and wrong types, collecting every error", () => {
    const { messages } = compileWith((d) =>
      rewrite(d, VACANCY, (t) =>
        setKey("ramah_disabilitas", "ya")(setKey("kuota", "sepuluh")(setKey("gaji_max", "2.000.000")(t))).replace("sektor:", "bidang_usaha: Pabrik\nsektor:"),
      ),
    );
    // inserting a line shifts the later keys down by one
    expect(messages).toEqual([
      `${V} line ${lineOf(VACANCY, "sektor:")}: 'bidang_usaha' is not a known field (known: perusahaan, posisi, sektor, kecamatan, kabupaten, pendidikan, jurusan, jenis, gaji_min, gaji_max, kuota, ramah_disabilitas, keahlian, persyaratan, cara_melamar, kontak, batas, sumber, diverifikasi_oleh, diverifikasi_pada, contoh, skala_usaha, upah_per_jam, alasan_batas_usia)`,
      `${V} line ${lineOf(VACANCY, "gaji_max:") + 1}: 'gaji_max' must be a whole number without dots or 'Rp' (rupiah a month, like 3000000) (got '2.000.000')`,
      `${V} line ${lineOf(VACANCY, "kuota:") + 1}: 'kuota' must be a whole number without dots or 'Rp' (got 'sepuluh')`,
      `${V} line ${lineOf(VACANCY, "ramah_disabilitas:") + 1}: 'ramah_disabilitas' must be true or false (got 'ya')`,
    ]);
  });

  it("rejects missing required keys on line 1 and gaji_min above gaji_max", () => {
    const { messages } = compileWith((d) => rewrite(d, VACANCY, (t) => setKey("gaji_min", "4000000")(dropKey("persyaratan")(t).replace(/^ {2}- .*\n/gm, ""))));
    expect(messages).toEqual([
      `${V} line ${lineOf(VACANCY, "gaji_max:")}: 'gaji_max' (3000000) is lower than 'gaji_min' (4000000)`,
      `${V} line 1: 'persyaratan' is missing`,
    ]);
  });

  it("rejects an unquoted phone number, which YAML reads as a number", () => {
    const { messages } = compileWith((d) => rewrite(d, TRAINING, (t) => t.replace('telepon: "0342 691234"', "telepon: 0342691234")));
    expect(messages).toEqual([`${T} line ${lineOf(TRAINING, "  telepon:")}: 'kontak.telepon' must be text: put the value in quotes, like "0342 801234"`]);
  });

  it("rejects a file name that is not a slug", () => {
    const { messages } = compileWith((d) => renameSync(join(d, VACANCY), join(d, "lowongan/Operator_Produksi.md")));
    expect(messages).toEqual([
      "content/lowongan/Operator_Produksi.md line 1: the file name 'Operator_Produksi.md' may hold only lower-case letters, digits and single '-' between words, like 'operator-produksi-pt-maju.md'",
    ]);
  });

  it("reports two slugs whose short ids collide", () => {
    // found by search: both hash to the same 6 base36 characters
    expect(listingId("v", "lowongan-19644")).toBe(listingId("v", "lowongan-26223"));
    const { messages } = compileWith((d) => {
      cpSync(join(d, VACANCY), join(d, "lowongan/lowongan-19644.md"));
      cpSync(join(d, VACANCY), join(d, "lowongan/lowongan-26223.md"));
    });
    expect(messages).toEqual([
      `content/lowongan/lowongan-26223.md line 1: the short id '${listingId("v", "lowongan-19644")}' of this file is the same as that of content/lowongan/lowongan-19644.md; rename one of the files`,
    ]);
  });

  it("checks training dates: start before end, registration closing by the start", () => {
    const { messages } = compileWith((d) => rewrite(d, TRAINING, (t) => setKey("selesai", "2026-12-06")(setKey("batas", "2026-12-08")(t))));
    expect(messages).toEqual([
      `${T} line ${lineOf(TRAINING, "selesai:")}: 'selesai' 2026-12-06 is before 'mulai' 2026-12-07`,
      `${T} line ${lineOf(TRAINING, "batas:")}: 'batas' 2026-12-08 is after 'mulai' 2026-12-07; registration must close by the first day`,
    ]);
  });

  it("rejects an impossible date", () => {
    const { messages } = compileWith((d) => rewrite(d, TRAINING, setKey("selesai", "2027-02-30")));
    expect(messages).toEqual([`${T} line ${lineOf(TRAINING, "selesai:")}: 'selesai' must be a date like 2026-11-23 (got '2027-02-30')`]);
  });

  it("checks kantor.yaml 'wilayah'", () => {
    const line = testKantor(readFileSync(join(REAL, "kantor.yaml"), "utf8")).split("\n").findIndex((l) => l.startsWith("wilayah:")) + 1;
    expect(compileWith((d) => rewrite(d, "kantor.yaml", setKey("wilayah", '["35.05", "35.99"]'))).messages).toEqual([
      `content/kantor.yaml line ${line}: 'wilayah' names '35.99', which is not a kabupaten/kota code in idn-area-data (e.g. "35.05" is Kabupaten Blitar)`,
    ]);
    expect(compileWith((d) => rewrite(d, "kantor.yaml", setKey("wilayah", "[35.05, 35.72]"))).messages[0]).toMatch(
      new RegExp(`^content/kantor\\.yaml line ${line}: 'wilayah' codes must be written in quotes`),
    );
    expect(compileWith((d) => rewrite(d, "kantor.yaml", dropKey("wilayah"))).messages).toEqual([
      `content/kantor.yaml line 1: 'wilayah' is missing (the kabupaten/kota codes the office serves, like ["35.05", "35.72"])`,
    ]);
  });
});

describe("UMK per area in kantor.yaml", () => {
  /** 1-based line of the test kantor.yaml starting with `prefix` inside the umk block */
  const kantorLine = (prefix: string) => {
    const lines = testKantor(readFileSync(join(REAL, "kantor.yaml"), "utf8")).split("\n");
    const start = lines.findIndex((l) => l.startsWith("umk:"));
    return start + lines.slice(start).findIndex((l) => l.startsWith(prefix)) + 1;
  };
  const setUmk = (change: (block: string) => string) => (text: string) => text.replace(UMK_BLOCK, change(UMK_BLOCK));

  it("derives the UMK placeholders and carries the table in the bundle", () => {
    const { bundle, messages, warned } = compileWith();
    expect(messages).toEqual([]);
    expect(warned).toEqual([]);
    expect(bundle!.office).toMatchObject({
      umk_tahun: "2026",
      umk_dasar_hukum: "Keputusan Gubernur Jawa Timur Nomor 100.3.3.1/937/013/2025",
      umk_nilai: "Rp2.567.744",
      umk_daftar: "Kabupaten Blitar Rp2.567.744, Kota Blitar Rp2.639.518, Kabupaten Tulungagung Rp2.628.190",
    });
    expect(bundle!.umk).toEqual({
      year: "2026",
      legalBasis: "Keputusan Gubernur Jawa Timur Nomor 100.3.3.1/937/013/2025",
      areas: [
        { code: "35.05", name: "Kabupaten Blitar", monthly: 2567744 },
        { code: "35.72", name: "Kota Blitar", monthly: 2639518 },
        { code: "35.04", name: "Kabupaten Tulungagung", monthly: 2628190 },
      ],
    });
  });

  it("fills {{kantor.umk_daftar}} and {{kantor.umk_dasar_hukum}} in a guide", () => {
    const { bundle, messages } = compileWith((d) =>
      rewrite(d, "topik/cv.md", (t) => `${t}\nUMK per daerah: {{kantor.umk_daftar}} ({{kantor.umk_dasar_hukum}}).\n`),
    );
    expect(messages).toEqual([]);
    expect(bundle!.topics.cv.text).toContain(
      "UMK per daerah: Kabupaten Blitar Rp2.567.744, Kota Blitar Rp2.639.518, Kabupaten Tulungagung Rp2.628.190 (Keputusan Gubernur Jawa Timur Nomor 100.3.3.1/937/013/2025).",
    );
    expect(bundle!.topics["dunia-kerja"].text).toContain("Rp2.567.744");
  });

  it("rejects a code without quotes, an unknown code and an amount written with dots, each on its line", () => {
    const { messages } = compileWith((d) =>
      rewrite(d, "kantor.yaml", setUmk((b) => b.replace('"35.72": 2639518', "35.72: 2639518").replace('"35.04": 2628190', '"35.99": 2628190').replace('"35.05": 2567744', '"35.05": "2.567.744"'))),
    );
    expect(messages).toEqual([
      `content/kantor.yaml line ${kantorLine('    "35.05"')}: 'umk.wilayah' "35.05" (Kabupaten Blitar) must be the monthly UMK in rupiah, a whole number without dots or 'Rp', like 2567744 (got '2.567.744')`,
      `content/kantor.yaml line ${kantorLine('    "35.72"')}: 'umk.wilayah' codes must be written in quotes, like "35.05": 2567744 (without quotes 35.10 would be read as the number 35.1)`,
      `content/kantor.yaml line ${kantorLine('    "35.04"')}: 'umk.wilayah' names '35.99', which is not a kabupaten/kota code in idn-area-data (e.g. "35.05" is Kabupaten Blitar)`,
    ]);
  });

  it("rejects a bad year, an unknown key, and another kabupaten first", () => {
    const { messages } = compileWith((d) =>
      rewrite(d, "kantor.yaml", setUmk((b) => b.replace('tahun: "2026"', "tahun: dua ribu").replace("  wilayah:", "  catatan: x\n  wilayah:"))),
    );
    expect(messages).toEqual([
      `content/kantor.yaml line ${kantorLine("  tahun:")}: 'umk.tahun' must be the year the UMK applies to, like "2026" (got 'dua ribu')`,
      `content/kantor.yaml line ${kantorLine("  wilayah:")}: 'umk.catatan' is not a known setting (known: tahun, dasar_hukum, wilayah)`,
    ]);
    const swapped = compileWith((d) =>
      rewrite(d, "kantor.yaml", setUmk((b) => b.replace('    "35.05": 2567744 # Kabupaten Blitar\n', "").replace("  wilayah:\n", '  wilayah:\n    "35.72": 2639518\n    "35.05": 2567744\n').replace('    "35.72": 2639518 # Kota Blitar\n', ""))),
    );
    expect(swapped.messages).toEqual([
      `content/kantor.yaml line ${kantorLine("  wilayah:")}: 'umk.wilayah' starts with "35.72" (Kota Blitar), but the office is in Kabupaten Blitar; put the office's own kabupaten/kota first`,
    ]);
  });

  it("rejects a missing 'umk' and points the old flat keys to the new block", () => {
    expect(compileWith((d) => rewrite(d, "kantor.yaml", (t) => t.replace(UMK_BLOCK, ""))).messages).toEqual([
      "content/kantor.yaml line 1: 'umk' is missing (the minimum wage per kabupaten/kota: tahun, dasar_hukum, wilayah); see docs/konten-lowongan.md",
    ]);
    const old = compileWith((d) => rewrite(d, "kantor.yaml", (t) => t.replace(UMK_BLOCK, `${UMK_BLOCK}umk_nilai: "Rp2.500.000"\n`)));
    // the line right after the block
    const kantorLineOld = kantorLine("umk:") + UMK_BLOCK.split("\n").length - 1;
    expect(old.messages).toEqual([
      `content/kantor.yaml line ${kantorLineOld}: 'umk_nilai' is not a known setting; the UMK is now written per kabupaten/kota under 'umk:' (tahun, dasar_hukum, wilayah), see docs/konten-lowongan.md`,
    ]);
  });

  it("warns, without failing, when the UMK is of a past year or an area the office serves has none", () => {
    const stale = compileWith(() => {}, "2027-01-02");
    expect(stale.bundle).toBeDefined();
    expect(stale.warned).toContain(
      `content/kantor.yaml line ${kantorLine("  tahun:")}: 'umk.tahun' is 2026, but it is 2027 now: enter the UMK 2027 from the Governor's decree (tahun, dasar_hukum and every amount)`,
    );
    const noKota = compileWith((d) => rewrite(d, "kantor.yaml", setUmk((b) => b.replace('    "35.72": 2639518 # Kota Blitar\n', ""))));
    expect(noKota.messages).toEqual([]);
    expect(noKota.warned).toEqual([
      `content/kantor.yaml line ${kantorLine("  wilayah:")}: 'umk.wilayah' has no UMK for Kota Blitar ("35.72"), which the office serves; vacancies there cannot be checked against the minimum wage`,
    ]);
  });
});

describe("vacancy pay against the area's UMK", () => {
  const V = `content/${VACANCY}`;
  const ADMIN = "lowongan/admin-gudang-kota.md";
  const DECREE = "Keputusan Gubernur Jawa Timur Nomor 100.3.3.1/937/013/2025";
  const EXEMPTION = "or, for a micro or small business, write 'skala_usaha: mikro' or 'skala_usaha: kecil' (PP 36/2021 Art. 36)";
  /** extra front-matter lines after `contoh: true`, so earlier lines keep their numbers */
  const addKeys = (lines: string) => (t: string) => t.replace("contoh: true\n", `contoh: true\n${lines}\n`);
  const added = lineOf(VACANCY, "contoh:") + 1;
  const published = (r: ReturnType<typeof compileWith>, slug: string) => r.listings?.vacancies.find((v) => v.slug === slug);

  it("rejects monthly pay below the UMK of Kabupaten Blitar, naming amount, UMK and decree, and accepts the UMK itself", () => {
    const below = compileWith((d) => rewrite(d, VACANCY, setKey("gaji_min", "2567743")));
    expect(below.bundle).toBeUndefined();
    expect(below.messages).toEqual([
      `${V} line ${lineOf(VACANCY, "gaji_min:")}: 'gaji_min' Rp2.567.743 is below the UMK 2026 of Kabupaten Blitar, Rp2.567.744 a month (${DECREE}); raise the pay, ${EXEMPTION}`,
    ]);
    const at = compileWith((d) => rewrite(d, VACANCY, setKey("gaji_min", "2567744")));
    expect(at.messages).toEqual([]);
    expect(published(at, "operator-produksi-pt-contoh")!.salaryMin).toBe(2567744);
  });

  it("checks gaji_max when it is the only figure", () => {
    const { messages } = compileWith((d) => rewrite(d, VACANCY, (t) => setKey("gaji_max", "2400000")(dropKey("gaji_min")(t))));
    expect(messages).toEqual([
      `${V} line ${lineOf(VACANCY, "gaji_max:") - 1}: 'gaji_max' Rp2.400.000 is below the UMK 2026 of Kabupaten Blitar, Rp2.567.744 a month (${DECREE}); raise the pay, ${EXEMPTION}`,
    ]);
  });

  it("uses the UMK of the listing's own area: Kota Blitar's is higher than the Kabupaten's", () => {
    const { messages } = compileWith((d) => rewrite(d, ADMIN, (t) => t.replace("jenis: penuh-waktu\n", "jenis: penuh-waktu\ngaji_min: 2600000\n")));
    expect(messages).toEqual([
      `content/${ADMIN} line ${lineOf(ADMIN, "jenis:") + 1}: 'gaji_min' Rp2.600.000 is below the UMK 2026 of Kota Blitar, Rp2.639.518 a month (${DECREE}); raise the pay, ${EXEMPTION}`,
    ]);
    const tulungagung = compileWith((d) =>
      rewrite(d, VACANCY, (t) => setKey("gaji_min", "2600000")(setKey("kabupaten", "Kabupaten Tulungagung")(setKey("kecamatan", "Ngunut")(t)))),
    );
    expect(tulungagung.messages).toEqual([
      `${V} line ${lineOf(VACANCY, "gaji_min:")}: 'gaji_min' Rp2.600.000 is below the UMK 2026 of Kabupaten Tulungagung, Rp2.628.190 a month (${DECREE}); raise the pay, ${EXEMPTION}`,
    ]);
  });

  it("allows pay below the UMK for a micro or small business, and rejects another scale", () => {
    const small = compileWith((d) => rewrite(d, VACANCY, (t) => addKeys("skala_usaha: kecil")(setKey("gaji_min", "2000000")(t))));
    expect(small.messages).toEqual([]);
    expect(published(small, "operator-produksi-pt-contoh")).toMatchObject({ salaryMin: 2000000, businessScale: "kecil" });
    expect(compileWith((d) => rewrite(d, VACANCY, (t) => addKeys("skala_usaha: mikro")(setKey("gaji_min", "1500000")(t)))).messages).toEqual([]);
    const medium = compileWith((d) => rewrite(d, VACANCY, addKeys("skala_usaha: menengah")));
    expect(medium.messages).toEqual([`${V} line ${added}: 'skala_usaha' is 'menengah', which is not allowed (allowed: mikro, kecil)`]);
  });

  it("allows part-time pay below the monthly UMK when the hourly wage meets UMK / 126", () => {
    const partTime = (lines: string) => (t: string) => addKeys(lines)(setKey("gaji_max", "1800000")(setKey("gaji_min", "1500000")(setKey("jenis", "paruh-waktu")(t))));
    // 2,567,744 / 126 = 20,378.9…: Rp20.379 an hour is the floor in Kabupaten Blitar
    const ok = compileWith((d) => rewrite(d, VACANCY, partTime("upah_per_jam: 20379")));
    expect(ok.messages).toEqual([]);
    expect(published(ok, "operator-produksi-pt-contoh")).toMatchObject({ workType: "paruh-waktu", salaryMin: 1500000, hourlyWage: 20379 });
    const low = compileWith((d) => rewrite(d, VACANCY, partTime("upah_per_jam: 20378")));
    expect(low.messages).toEqual([
      `${V} line ${added}: 'upah_per_jam' Rp20.378 is below the floor for part-time work in Kabupaten Blitar, Rp20.379 an hour (UMK Rp2.567.744 / 126, PP 36/2021 Art. 16); raise it, ${EXEMPTION}`,
    ]);
    const noHourly = compileWith((d) => rewrite(d, VACANCY, (t) => setKey("gaji_min", "1500000")(setKey("jenis", "paruh-waktu")(t))));
    expect(noHourly.messages).toEqual([
      `${V} line ${lineOf(VACANCY, "gaji_min:")}: 'gaji_min' Rp1.500.000 is below the UMK 2026 of Kabupaten Blitar, Rp2.567.744 a month (${DECREE}); for part-time work write the hourly wage in 'upah_per_jam' (at least Rp20.379 an hour (UMK Rp2.567.744 / 126, PP 36/2021 Art. 16)), ${EXEMPTION}`,
    ]);
  });

  it("rejects an hourly wage for work that is not part-time", () => {
    expect(compileWith((d) => rewrite(d, VACANCY, addKeys("upah_per_jam: 30000"))).messages).toEqual([
      `${V} line ${added}: 'upah_per_jam' is only for part-time work ('jenis: paruh-waktu', PP 36/2021 Art. 16); write the monthly pay in 'gaji_min' and 'gaji_max'`,
    ]);
  });

  it("does not check an apprentice's allowance or a vacancy without pay", () => {
    expect(compileWith((d) => rewrite(d, VACANCY, (t) => setKey("gaji_min", "1000000")(setKey("jenis", "magang")(t)))).messages).toEqual([]);
    const none = compileWith((d) => rewrite(d, VACANCY, (t) => dropKey("gaji_max")(dropKey("gaji_min")(t))));
    expect(none.messages).toEqual([]);
    expect(none.warned).toEqual([]);
  });

  it("warns, and publishes, a paid vacancy in an area without a configured UMK", () => {
    const r = compileWith((d) => rewrite(d, VACANCY, (t) => setKey("gaji_min", "1000000")(setKey("kabupaten", "Kabupaten Kediri")(setKey("kecamatan", "Pare")(t)))));
    expect(r.messages).toEqual([]);
    expect(r.warned).toEqual([
      `${V} line ${lineOf(VACANCY, "gaji_min:")}: kantor.yaml 'umk.wilayah' has no UMK for Kabupaten Kediri ("35.06"), so this pay cannot be checked against the minimum wage; add that UMK to kantor.yaml`,
    ]);
    expect(published(r, "operator-produksi-pt-contoh")!.place.kabupaten).toBe("Kabupaten Kediri");
  });
});

describe("requirements the circular against discriminatory hiring names", () => {
  const V = `content/${VACANCY}`;
  const CIRCULAR = "SE Menaker M/6/HK.04/V/2025 against discriminatory hiring";
  const AGE_LINE = lineOf(VACANCY, "  - Usia");
  const requirement = (text: string) => (t: string) => t.replace("  - Usia minimal 18 tahun\n", `  - ${text}\n`);

  it("warns on an upper age limit, names the circular, and still publishes the vacancy", () => {
    const r = compileWith((d) => rewrite(d, VACANCY, requirement("Usia 18–28 tahun")));
    expect(r.messages).toEqual([]);
    expect(r.warned).toEqual([
      `${V} line ${AGE_LINE}: 'persyaratan' sets an upper age limit ("Usia 18–28 tahun"); ${CIRCULAR} allows one only when the nature of the job really requires it: remove the limit, or write that reason in 'alasan_batas_usia'`,
    ]);
    expect(r.listings!.vacancies.map((v) => v.slug)).toContain("operator-produksi-pt-contoh");
    for (const cap of ["Usia maksimal 35 tahun", "Berusia maks. 30 tahun", "Umur 20-40 tahun", "usia paling tinggi 45 tahun"]) {
      expect(compileWith((d) => rewrite(d, VACANCY, requirement(cap))).warned, cap).toHaveLength(1);
    }
    for (const fine of ["Usia minimal 20 tahun", "Pengalaman 2-3 tahun", "Lulusan SMK tahun 2025 atau 2026"]) {
      expect(compileWith((d) => rewrite(d, VACANCY, requirement(fine))).warned, fine).toEqual([]);
    }
  });

  it("accepts an age limit with the job's reason in 'alasan_batas_usia'", () => {
    const r = compileWith((d) =>
      rewrite(d, VACANCY, (t) => requirement("Usia 18–40 tahun")(t).replace("contoh: true\n", 'contoh: true\nalasan_batas_usia: "Pekerjaan fisik berat di ketinggian"\n')),
    );
    expect(r.messages).toEqual([]);
    expect(r.warned).toEqual([]);
    expect(r.listings!.vacancies.find((v) => v.slug === "operator-produksi-pt-contoh")!.ageLimitReason).toBe("Pekerjaan fisik berat di ketinggian");
  });

  it("warns on height, an attractive appearance and marital status, in the requirements and the description", () => {
    const cases: Array<[string, string]> = [
      ["Tinggi badan minimal 165 cm", "a minimum height"],
      ["Berpenampilan menarik", "an attractive appearance"],
      ["Good looking", "an attractive appearance"],
      ["Belum menikah", "a marital status"],
      ["Status single", "a marital status"],
    ];
    for (const [text, what] of cases) {
      expect(compileWith((d) => rewrite(d, VACANCY, requirement(text))).warned, text).toEqual([
        `${V} line ${AGE_LINE}: 'persyaratan' asks for ${what} ("${text}"), a requirement that ${CIRCULAR} names as discriminatory; remove it`,
      ]);
    }
    const body = compileWith((d) => rewrite(d, VACANCY, (t) => t.replace("- mencatat hasil produksi", "- berpenampilan menarik dan belum menikah")));
    const line = lineOf(VACANCY, "- mencatat hasil produksi");
    expect(body.warned).toEqual([
      `${V} line ${line}: the description asks for an attractive appearance ("berpenampilan menarik dan belum menikah"), a requirement that ${CIRCULAR} names as discriminatory; remove it`,
      `${V} line ${line}: the description asks for a marital status ("berpenampilan menarik dan belum menikah"), a requirement that ${CIRCULAR} names as discriminatory; remove it`,
    ]);
    expect(compileWith((d) => rewrite(d, VACANCY, requirement("Berpenampilan rapi dan sopan"))).warned).toEqual([]);
    expect(compileWith((d) => rewrite(d, VACANCY, requirement("Bisa menyeduh kopi single origin"))).warned).toEqual([]);
    expect(compileWith((d) => rewrite(d, VACANCY, requirement("Masih lajang"))).warned).toHaveLength(1);
  });

  it("warns when an STR is asked as if it expired, not when the SIP is named", () => {
    const str = compileWith((d) => rewrite(d, VACANCY, requirement("Punya STR perawat yang masih berlaku")));
    expect(str.messages).toEqual([]);
    expect(str.warned).toEqual([
      `${V} line ${AGE_LINE}: 'persyaratan' asks for an STR as if it expired ("Punya STR perawat yang masih berlaku"); under UU 17/2023 an Indonesian health worker's STR is valid for life: ask for the STR without "masih berlaku", and for the SIP (Surat Izin Praktik)`,
    ]);
    expect(compileWith((d) => rewrite(d, VACANCY, requirement("Punya STR aktif dan SIP"))).warned).toHaveLength(1);
    expect(compileWith((d) => rewrite(d, VACANCY, requirement("Punya STR dan SIP perawat"))).warned).toEqual([]);
    expect(compileWith((d) => rewrite(d, VACANCY, requirement("Strong communication skills"))).warned).toEqual([]);
  });

  it("does not apply these rules to trainings, whose age ranges come from the programme", () => {
    // the fixture training asks "Usia 18–35 tahun"
    expect(readFileSync(join(FIXTURES, TRAINING), "utf8")).toContain("Usia 18–35 tahun");
    expect(compileWith().warned).toEqual([]);
  });
});

describe("an expired listing is left out with a warning, never an error", () => {
  const V = `content/${VACANCY}`;
  const T = `content/${TRAINING}`;

  it("leaves out a vacancy whose 'batas' was yesterday and names the file", () => {
    const r = compileWith((d) => rewrite(d, VACANCY, setKey("batas", "2026-11-22")));
    expect(r.messages).toEqual([]);
    expect(r.bundle).toBeDefined();
    expect(r.warned).toEqual([`${V} line ${lineOf(VACANCY, "batas:")}: 'batas' 2026-11-22 has passed; it is not published; delete the file`]);
    expect(r.listings!.vacancies.map((v) => v.slug)).toEqual(["admin-gudang-kota"]);
  });

  it("publishes a listing on its deadline day and leaves it out the day after", () => {
    const onTheDay = compileWith((d) => rewrite(d, VACANCY, setKey("batas", TODAY)));
    expect(onTheDay.warned).toEqual([]);
    expect(onTheDay.listings!.vacancies.find((v) => v.slug === "operator-produksi-pt-contoh")!.deadline).toBe(TODAY);
    const after = compileWith((d) => rewrite(d, VACANCY, setKey("batas", TODAY)), "2026-11-24");
    expect(after.messages).toEqual([]);
    expect(after.warned).toEqual([`${V} line ${lineOf(VACANCY, "batas:")}: 'batas' 2026-11-23 has passed; it is not published; delete the file`]);
  });

  it("drops the other problems of an expired listing: it never blocks a deploy", () => {
    const r = compileWith((d) =>
      rewrite(d, VACANCY, (t) => setKey("gaji_min", "1000000")(setKey("batas", "2026-11-01")(t)).replace("rekrutmen@contohmakmur.co.id", "hrd@gmail.com").replace("  - Usia minimal 18 tahun", "  - Usia 18–25 tahun")),
    );
    expect(r.messages).toEqual([]);
    expect(r.bundle).toBeDefined();
    expect(r.warned).toEqual([`${V} line ${lineOf(VACANCY, "batas:")}: 'batas' 2026-11-01 has passed; it is not published; delete the file`]);
  });

  it("leaves out an expired training the same way, and every listing when all are past", () => {
    const r = compileWith((d) => rewrite(d, TRAINING, setKey("batas", "2026-11-20")));
    expect(r.messages).toEqual([]);
    expect(r.warned).toEqual([`${T} line ${lineOf(TRAINING, "batas:")}: 'batas' 2026-11-20 has passed; it is not published; delete the file`]);
    expect(r.listings!.trainings.map((t) => t.slug)).toEqual(["menjahit-dasar-contoh"]);
    const later = compileWith(() => {}, "2027-01-01");
    expect(later.messages).toEqual([]);
    expect(later.listings!.vacancies).toEqual([]);
    expect(later.listings!.trainings).toEqual([]);
    expect(later.warned.filter((w) => w.includes("has passed"))).toHaveLength(4);
  });

  it("still rejects a file whose 'batas' cannot be read", () => {
    expect(compileWith((d) => rewrite(d, VACANCY, setKey("batas", "kemarin"))).messages).toEqual([
      `${V} line ${lineOf(VACANCY, "batas:")}: 'batas' must be a date like 2026-11-23 (got 'kemarin')`,
    ]);
  });
});

describe("the real content", () => {
  it("compiles with no warning on the content's own date: every demo vacancy meets its area's UMK or is marked allowed", () => {
    // the latest date written in the content (a verification or a guide's review), with the listing dates kept at
    // their distance to it, so that no demo listing has expired and no date is in the future
    const reviewed = readdirSync(join(REAL, "topik")).map((f) => /^reviewed:\s*["']?(\d{4}-\d{2}-\d{2})/m.exec(readFileSync(join(REAL, "topik", f), "utf8"))?.[1] ?? "");
    const today = [contentDate(REAL)!, ...reviewed].sort().at(-1)!;
    const src = relativeContent(REAL, today);
    dirs.push(src.cwd);
    const result = compileContent(src.dir, { cwd: src.cwd, today });
    expect(result.errors.map(formatError)).toEqual([]);
    expect(result.warnings.map(formatError)).toEqual([]);
    const umk = new Map(result.bundle!.umk!.areas.map((a) => [a.code, a.monthly]));
    const below = result.listings!.vacancies.filter((v) => {
      const pay = v.salaryMin ?? v.salaryMax;
      return pay !== undefined && pay < umk.get(v.place.code.slice(0, 5))!;
    });
    // only the allowed exceptions pay less than the monthly UMK
    for (const v of below) {
      expect(v.businessScale !== undefined || (v.workType === "paruh-waktu" && v.hourlyWage! * 126 >= umk.get(v.place.code.slice(0, 5))!), v.slug).toBe(true);
    }
    expect(below.length).toBeGreaterThan(0);
  });
});

describe("loadListings", () => {
  const listings: Listings = { vacancies: [], trainings: [], places: [{ code: "35.05.10", kecamatan: "Kanigoro", kabupaten: "Kabupaten Blitar" }] };
  const { index } = encodeListings(listings, (t) => `content:blob:chunk-${t.length}`);
  const bundleWith = (key?: string) => ({ blobs: key ? { listings: key } : {} }) as unknown as ContentBundle;

  /** A KV stand-in that records every get. */
  function fakeKv(values: Record<string, unknown>, fail = false) {
    const gets: Array<{ key: string; options: unknown }> = [];
    const kv = {
      async get(key: string, options: unknown) {
        gets.push({ key, options });
        if (fail) throw new Error("KV GET failed: 503");
        return key in values ? values[key] : null;
      },
    } as unknown as KVNamespace;
    return { kv, gets };
  }

  beforeEach(() => forgetListings());

  it("reads the index once per isolate and counts the read", async () => {
    const { kv, gets } = fakeKv({ "content:blob:a": index });
    const usage = { kvReads: 0 };
    const first = await loadListings(kv, bundleWith("content:blob:a"), usage);
    expect(plainListings(first)).toEqual(listings);
    expect(await loadListings(kv, bundleWith("content:blob:a"), usage)).toBe(first);
    expect(gets).toEqual([{ key: "content:blob:a", options: { type: "text", cacheTtl: 3600 } }]);
    expect(usage.kvReads).toBe(1);
  });

  it("reads a blob of the layout before the index (one JSON of the listings) as it was", async () => {
    const { kv } = fakeKv({ "content:blob:old": JSON.stringify(listings) });
    expect(await loadListings(kv, bundleWith("content:blob:old"))).toEqual(listings);
  });

  it("keeps at most two blobs", async () => {
    const { kv, gets } = fakeKv({ "content:blob:a": index, "content:blob:b": index, "content:blob:c": index });
    for (const k of ["a", "b", "c", "b", "a"]) await loadListings(kv, bundleWith(`content:blob:${k}`));
    expect(gets.map((g) => g.key)).toEqual(["content:blob:a", "content:blob:b", "content:blob:c", "content:blob:a"]);
  });

  it("is empty without a listings key or when KV lacks the blob, and throws on KV errors", async () => {
    const empty = { vacancies: [], trainings: [], places: [] };
    const { kv, gets } = fakeKv({});
    const usage = { kvReads: 0 };
    expect(await loadListings(kv, bundleWith(), usage)).toEqual(empty);
    expect(usage.kvReads).toBe(0);
    expect(await loadListings(kv, bundleWith("content:blob:missing"), usage)).toEqual(empty);
    expect(gets).toHaveLength(1);
    await expect(loadListings(fakeKv({}, true).kv, bundleWith("content:blob:x"))).rejects.toThrow("503");
  });
});
