import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { compileContent, formatError, officeToday } from "../../src/content/compiler.ts";
import { listingId } from "../../src/content/listings-compiler.ts";
import { forgetListings, loadListings } from "../../src/content/listings-store.ts";
import { BLOB_PREFIX, type ContentBundle } from "../../src/content/types.ts";
import type { Listings } from "../../src/listings/types.ts";

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
  for (const part of ["kantor.yaml", "topik", "balasan"]) cpSync(join(REAL, part), join(dir, part), { recursive: true });
  cpSync(FIXTURES, dir, { recursive: true });
  edit(dir);
  const result = compileContent(dir, { cwd: base, today });
  return { ...result, messages: result.errors.map(formatError) };
}

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
      salaryMin: 2500000,
      salaryMax: 3000000,
      quota: 10,
      disabilityFriendly: true,
      skills: ["las", "membaca gambar teknik"],
      requirements: ["Lulusan SMK semua jurusan teknik", "Usia 18–28 tahun"],
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
    expect(JSON.parse(blobs![key]!)).toEqual(listings);
    expect(listings!.places).toHaveLength(25);
  });
});

describe("listings blob and bundle version", () => {
  it("names the blob by its content hash and stores exactly the listings", () => {
    const { bundle, blobs, listings } = compileWith();
    const key = bundle!.blobs.listings!;
    expect(key).toMatch(new RegExp(`^${BLOB_PREFIX}[0-9a-f]{32}$`));
    expect(Object.keys(blobs!)).toEqual([key]);
    expect(JSON.parse(blobs![key]!)).toEqual(listings);
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

  it("rejects a deadline already past but accepts the deadline day itself", () => {
    const past = compileWith((d) => rewrite(d, VACANCY, setKey("batas", "2026-11-22")));
    expect(past.messages).toEqual([
      `${V} line ${lineOf(VACANCY, "batas:")}: 'batas' 2026-11-22 is already past; remove the vacancy or correct the deadline`,
    ]);
    const dayItself = compileWith((d) => rewrite(d, VACANCY, setKey("batas", TODAY)));
    expect(dayItself.messages).toEqual([]);
    expect(dayItself.listings!.vacancies.find((v) => v.slug === "operator-produksi-pt-contoh")!.deadline).toBe(TODAY);
    // the same file a day later
    expect(compileWith((d) => rewrite(d, VACANCY, setKey("batas", TODAY)), "2026-11-24").messages).toEqual([
      `${V} line ${lineOf(VACANCY, "batas:")}: 'batas' 2026-11-23 is already past; remove the vacancy or correct the deadline`,
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
    const { messages } = compileWith((d) => rewrite(d, VACANCY, (t) => t.replace("  - Usia 18–28 tahun", "  - Membayar uang seragam Rp300.000")));
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
      `${V} line ${lineOf(VACANCY, "sektor:")}: 'bidang_usaha' is not a known field (known: perusahaan, posisi, sektor, kecamatan, kabupaten, pendidikan, jurusan, jenis, gaji_min, gaji_max, kuota, ramah_disabilitas, keahlian, persyaratan, cara_melamar, kontak, batas, sumber, diverifikasi_oleh, diverifikasi_pada, contoh)`,
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
    const line = readFileSync(join(REAL, "kantor.yaml"), "utf8").split("\n").findIndex((l) => l.startsWith("wilayah:")) + 1;
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

describe("loadListings", () => {
  const listings: Listings = { vacancies: [], trainings: [], places: [{ code: "35.05.10", kecamatan: "Kanigoro", kabupaten: "Kabupaten Blitar" }] };
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

  it("reads the blob once per isolate and counts the read", async () => {
    const { kv, gets } = fakeKv({ "content:blob:a": listings });
    const usage = { kvReads: 0 };
    expect(await loadListings(kv, bundleWith("content:blob:a"), usage)).toEqual(listings);
    expect(await loadListings(kv, bundleWith("content:blob:a"), usage)).toEqual(listings);
    expect(gets).toEqual([{ key: "content:blob:a", options: { type: "json", cacheTtl: 3600 } }]);
    expect(usage.kvReads).toBe(1);
  });

  it("keeps at most two blobs", async () => {
    const { kv, gets } = fakeKv({ "content:blob:a": listings, "content:blob:b": listings, "content:blob:c": listings });
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
