import { rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileContent } from "../../src/content/compiler.ts";
import { relativeContent } from "../../src/content/relative-dates.ts";
import { checkVacancyText, detectFlags, type ScamFlagId, type VerifiedRef } from "../../src/core/scam.ts";
import { compileRealScamRules, SCAM_CASES, VERIFIED_FIXTURE } from "../fixtures/scam-cases.ts";

// The detector with the rules compiled from the real content/penipuan/, exactly as a deploy builds them.
const { data: DATA, rules: RULES } = compileRealScamRules();
const SCAM_FLAGS = DATA.flags.map((f) => f.id);
const detect = (text: string) => detectFlags(text, RULES);
const check = (text: string, verified: VerifiedRef[]) => checkVacancyText(text, verified, RULES);

const sorted = (ids: readonly string[]) => [...ids].sort();
const VERDICTS = ["verified", "suspicious", "unverified"];

describe("scam check: table of real-style vacancy texts", () => {
  it.each(SCAM_CASES.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const result = check(c.text, VERIFIED_FIXTURE);
    expect(result.verdict).toBe(c.verdict);
    expect(sorted(result.flags.map((f) => f.id))).toEqual(sorted(c.flags));
    expect(result.match).toBe(c.match);
  });

  it("has the mix the check is judged on", () => {
    const scams = SCAM_CASES.filter((c) => c.verdict === "suspicious");
    const genuine = SCAM_CASES.filter((c) => c.verdict === "unverified" && c.flags.length === 0);
    const verified = SCAM_CASES.filter((c) => c.verdict === "verified");
    const impersonations = scams.filter((c) => c.match);
    expect(SCAM_CASES.length).toBeGreaterThanOrEqual(40);
    expect(scams.length).toBeGreaterThanOrEqual(18);
    expect(genuine.length).toBeGreaterThanOrEqual(10);
    expect(verified.length).toBeGreaterThanOrEqual(4);
    expect(impersonations.length).toBeGreaterThanOrEqual(3);
    expect(new Set(SCAM_CASES.map((c) => c.name)).size).toBe(SCAM_CASES.length);
    // a suspicious case has flags, the others none
    for (const c of SCAM_CASES) expect(c.flags.length > 0).toBe(c.verdict === "suspicious");
  });
});

describe("scam check: flags", () => {
  it.each(DATA.flags.map((f) => [f.id, f] as const))("%s has a title, an explanation, examples and at least two cases", (id, flag) => {
    expect(flag.title.trim()).not.toBe("");
    expect(flag.label.trim()).not.toBe("");
    expect(flag.explain.trim()).not.toBe("");
    expect(flag.examples.hit).toBeGreaterThanOrEqual(1);
    expect(flag.examples.safe).toBeGreaterThanOrEqual(1);
    expect(SCAM_CASES.filter((c) => c.flags.includes(id)).length).toBeGreaterThanOrEqual(2);
  });

  it("the table uses only flags the content defines", () => {
    for (const c of SCAM_CASES) for (const id of c.flags) expect(SCAM_FLAGS, c.name).toContain(id);
  });

  it("reports each flag at most once, in SCAM_FLAGS order, with evidence taken from the text", () => {
    for (const c of SCAM_CASES) {
      const { flags } = check(c.text, VERIFIED_FIXTURE);
      const order = flags.map((f) => SCAM_FLAGS.indexOf(f.id));
      expect(order).toEqual([...new Set(order)].sort((a, b) => a - b));
      for (const f of flags) {
        expect(f.evidence.length, `${c.name}: ${f.id}`).toBeGreaterThan(0);
        expect(f.evidence.length, `${c.name}: ${f.id}`).toBeLessThanOrEqual(80);
        expect(c.text.toLowerCase(), `${c.name}: ${f.id}`).toContain(f.evidence.toLowerCase());
        expect(f.evidence).not.toMatch(/[\r\n]/);
      }
    }
  });

  it("detectFlags finds the same flags as the full check, except imitation of a verified company's domain and the learned flag", () => {
    for (const c of SCAM_CASES) {
      const alone = detect(c.text).map((f) => f.id);
      const full = check(c.text, VERIFIED_FIXTURE).flags.map((f) => f.id);
      // the learned model speaks only on a check the seeker asked for, and only when no rule did
      if (full.includes("mirip-penipuan")) expect(full, c.name).toEqual(["mirip-penipuan"]);
      expect(full.filter((id) => !alone.includes(id)).every((id) => id === "lookalike-brand" || id === "mirip-penipuan"), c.name).toBe(true);
      expect(alone.every((id) => full.includes(id)), c.name).toBe(true);
    }
  });

  it("finds nothing in an empty or harmless text", () => {
    expect(detect("")).toEqual([]);
    expect(detect("   \n\n ")).toEqual([]);
    expect(check("", VERIFIED_FIXTURE)).toEqual({ verdict: "unverified", flags: [] });
    expect(detect("Selamat pagi, apakah masih ada lowongan kasir?")).toEqual([]);
  });
});

describe("scam check: verdicts", () => {
  it("gives only the three verdicts, never 'safe'", () => {
    for (const c of SCAM_CASES) {
      expect(VERDICTS).toContain(check(c.text, VERIFIED_FIXTURE).verdict);
      expect(VERDICTS).toContain(check(c.text, []).verdict);
    }
  });

  it("never verifies a text without a verified list, and never a genuine but unlisted offer", () => {
    for (const c of SCAM_CASES) expect(check(c.text, []).verdict, c.name).not.toBe("verified");
    for (const c of SCAM_CASES.filter((c) => c.verdict === "unverified")) {
      expect(check(c.text, VERIFIED_FIXTURE).verdict, c.name).not.toBe("verified");
    }
  });

  it("verifies a text only when it names both the company and the position", () => {
    const nurse = VERIFIED_FIXTURE.find((v) => v.slug === "perawat-rs-sehat-sentosa")!;
    const other = { ...nurse, slug: "bidan-rs-sehat-sentosa", position: "Bidan" };
    const text = "RS Sehat Sentosa membutuhkan bidan, lamaran ke sdm@rssehatsentosa-contoh.id.";
    expect(check(text, [nurse])).toEqual({ verdict: "unverified", flags: [] });
    expect(check(text, [nurse, other])).toEqual({ verdict: "verified", flags: [], match: "bidan-rs-sehat-sentosa" });
  });

  it("ignores PT, Tbk, (contoh), punctuation and case in company names", () => {
    const ref = { slug: "x", company: "PT. Sumber Rezeki Tbk (contoh)", position: "Juru Masak" };
    expect(check("sumber rezeki cari JURU MASAK!!", [ref])).toEqual({ verdict: "verified", flags: [], match: "x" });
    expect(check("Sumber Rejeki cari juru masak", [ref]).verdict).toBe("unverified");
  });

  it("keeps the genuine listing when an impersonation is flagged", () => {
    const ref = VERIFIED_FIXTURE[0]!;
    const text = `${ref.company.replace(" (contoh)", "")} buka lowongan ${ref.position}, biaya pendaftaran 100rb.`;
    expect(check(text, VERIFIED_FIXTURE)).toMatchObject({ verdict: "suspicious", match: ref.slug, flags: [{ id: "fee" }] });
  });

  it("treats another domain under a verified company's name as an imitation", () => {
    const ref = VERIFIED_FIXTURE[0]!;
    const text = "PT Sinar Agro Nusantara buka lowongan Operator Produksi, daftar di sinaragro-nusantara.online";
    const result = check(text, [ref]);
    expect(result.verdict).toBe("suspicious");
    expect(result.match).toBe(ref.slug);
    expect(result.flags.map((f) => f.id)).toEqual(["lookalike-brand"]);
    expect(result.flags[0]!.evidence).toContain("sinaragro-nusantara.online");
    // a subdomain of the official site is fine
    expect(check(text.replace("sinaragro-nusantara.online", "loker.sinaragro-contoh.co.id"), [ref]).verdict).toBe("verified");
  });
});

describe("scam check: the office's own vacancies", () => {
  it("verifies each real listing described with its own words, and finds no flag in it", { timeout: 60_000 }, () => {
    // the real content with its listing dates moved to a fixed day, so no listing has expired whatever today is
    const source = relativeContent(join(process.cwd(), "content"), "2030-01-01");
    const { listings, errors } = compileContent(source.dir, { cwd: source.cwd, today: "2030-01-01" });
    rmSync(source.cwd, { recursive: true, force: true });
    expect(errors).toEqual([]);
    const vacancies = listings?.vacancies ?? [];
    expect(vacancies.length).toBeGreaterThan(0);
    const refs = vacancies.map((v) => ({ slug: v.slug, company: v.company, position: v.position, email: v.contact.email, website: v.contact.website }));
    for (const v of vacancies) {
      const text = `Lowongan ${v.position} di ${v.company}. ${v.requirements.join(". ")}. ${v.apply} ${v.description}`;
      expect(check(text, refs), v.slug).toEqual({ verdict: "verified", flags: [], match: v.slug });
      expect(check(text, []), v.slug).toEqual({ verdict: "unverified", flags: [] });
    }
  });
});

describe("scam check: informal Indonesian", () => {
  const positives: Array<[string, ScamFlagId]> = [
    ["biaya adm 150rb", "fee"],
    ["wajib beli uang seragam dulu", "fee"],
    ["tf dulu ya kak baru dikirim jadwalnya", "fee"],
    ["transfer Rp 250.000 untuk pendaftaran", "fee"],
    ["DP 500rb", "fee"],
    ["ada admin fee sedikit", "fee"],
    ["biaya medical 300k", "fee"],
    ["Biaya administrasi: Rp150.000", "fee"],
    ["kirim pulsa 50rb utk aktivasi", "fee"],
    ["Pendaftaran GRATIS, cukup bayar seragam 200rb", "fee"],
    ["Tidak dipungut biaya, kecuali biaya medical 250rb", "fee"],
    ["Wajib beli starter kit 275rb dulu ya", "fee"],
    ["tiket dan hotel dipesan lewat travel resmi panitia", "fee"],
    ["gaji 8-12jt kerja ringan dari rumah", "unrealistic-pay"],
    ["gajian harian 500rb cukup modal HP", "unrealistic-pay"],
    ["Penghasilan 5-15 juta/bulan, tanpa pengalaman, semua jurusan", "unrealistic-pay"],
    ["dibayar 10rb per like", "unrealistic-pay"],
    ["follow akun & like video, 1 tugas = Rp 8.000", "unrealistic-pay"],
    ["admin online, kerja 3 jam/hari bisa dari HP, gaji 4-6jt/bulan", "unrealistic-pay"],
    ["hubungi hrd.ptmaju@yahoo.com", "free-mail"],
    ["email: loker.cepat @ gmail . com", "free-mail"],
    ["info loker Pertamlna 2026", "lookalike-brand"],
    ["daftar di rekrutmen.telkom-indonesia.site", "lookalike-brand"],
    ["PT Astra Internasional Recruitment Team Official", "lookalike-brand"],
    ["interview via whatsapp", "chat-only-interview"],
    ["interview via WA aja", "chat-only-interview"],
    ["Langsung kerja!", "chat-only-interview"],
    ["wawancara lewat wa.me/6281200001234", "chat-only-interview"],
    ["100% diterima tanpa tes", "chat-only-interview"],
    ["kirim foto KTP ke WA 0812-0000-1111", "early-id-request"],
    ["sertakan no KK", "early-id-request"],
    ["Format: Nama#Umur#No KTP", "early-id-request"],
    ["kirim kode OTP yang masuk ke hp kamu", "early-id-request"],
    ["deposit 100rb bisa withdraw, tugasnya cuma like & subscribe", "task-deposit"],
    ["loker admin slot gacor", "illegal-business"],
    ["cari CS untuk web judol", "illegal-business"],
    ["cukup modal 300rb dapat profit harian 10% dijamin", "illegal-business"],
    ["ajak teman dapat bonus, sistem member get member", "illegal-business"],
    ["kerja ke Taiwan lewat sponsor", "overseas-individual"],
    ["berangkat ke Dubai bareng saya", "overseas-individual"],
    ["pakai visa kunjungan", "tourist-visa"],
    ["berangkat pakai visa umroh", "tourist-visa"],
    ["kerja di Kamboja", "unofficial-destination"],
    ["Kerja di Malaysia, semua biaya ditanggung, langsung berangkat", "unofficial-destination"],
    ["Lowongan pabrik di Polandia, kontrak kerja diberikan setelah sampai", "unofficial-destination"],
  ];
  it.each(positives)("%s → %s", (text, id) => {
    expect(detect(text).map((f) => f.id)).toContain(id);
  });

  const negatives = [
    "tidak dipungut biaya",
    "tanpa biaya",
    "bebas biaya",
    "gratis",
    "biaya ditanggung perusahaan",
    "tidak ada biaya apapun",
    "biaya pelatihan ditanggung perusahaan",
    "Gaji Rp2.500.000–Rp4.000.000, syarat SMK Teknik Mesin, pengalaman 1 tahun.",
    "kirim CV ke hrd@company.co.id",
    "wawancara di kantor",
    "membawa fotokopi KTP saat wawancara di kantor",
    "Penempatan resmi ke Korea (EPS) melalui BP2MI/KP2MI dan LTSA, dengan kontrak kerja.",
    "Lowongan ke Hong Kong melalui P3MI berizin, kontrak 2 tahun, proses di Disnaker.",
    "Kerja ke Jepang via LTSA, kontrak kerja resmi.",
    "Lowongan ke Malaysia lewat P3MI berizin dengan perjanjian kerja.",
    "gaji dibayar tiap tanggal 25 lewat transfer ke rekening BRI",
    "Free mess, uang makan 20rb/hari",
    "Admin Gudang gaji 3jt",
    "Staff Administrasi Rp 2.500.000 - 3.000.000",
    "Slot terbatas, segera daftar!",
    "Kirim lamaran via WA 0812-0000-1111 lalu datang interview di kantor",
    "Bisa langsung bekerja",
    "Fasilitas: BPJS, biaya kesehatan ditanggung, THR",
    "Seleksi: tes tertulis dan wawancara di kantor. Info via WA 0812-0000-1111.",
    "Lowongan kasir Indomaret, lamar di indomaret.co.id",
    "Waspada penipuan! Kami tidak pernah meminta transfer atau foto KTP lewat WhatsApp.",
    "Koperasi menyediakan uang bensin untuk kunjungan kebun.",
    "Sales lapangan, komisi per toko, lamaran diantar ke kantor depo Sutojayan.",
  ];
  it.each(negatives)("no flag: %s", (text) => {
    expect(detect(text)).toEqual([]);
  });

  it("reads fancy Unicode letters, emoji and stretched words", () => {
    expect(detect("𝗕𝗜𝗔𝗬𝗔 𝗔𝗗𝗠 𝟭𝟱𝟬𝗥𝗕 🔥🔥").map((f) => f.id)).toEqual(["fee"]);
    expect(detect("LANGSUNGGG KERJAAA!!! 💯").map((f) => f.id)).toEqual(["chat-only-interview"]);
    const evidence = detect("✅✅ 𝗕𝗜𝗔𝗬𝗔 𝗔𝗗𝗠 𝟭𝟱𝟬𝗥𝗕")[0]!.evidence;
    expect("✅✅ 𝗕𝗜𝗔𝗬𝗔 𝗔𝗗𝗠 𝟭𝟱𝟬𝗥𝗕").toContain(evidence);
  });

  it("cuts evidence from long lines to at most 80 characters", () => {
    const text = `${"Perusahaan kami sedang berkembang pesat di seluruh Indonesia dan ".repeat(3)}wajib bayar biaya pendaftaran 100rb ${"sebelum jadwal wawancara ditentukan oleh tim rekrutmen pusat ".repeat(3)}`;
    const [flag] = detect(text);
    expect(flag!.id).toBe("fee");
    expect(flag!.evidence.length).toBeLessThanOrEqual(80);
    expect(flag!.evidence).toContain("biaya pendaftaran 100rb");
    expect(text).toContain(flag!.evidence);
  });
});

describe("scam check: kinds described in other words", () => {
  const ids = (text: string) => detect(text).map((f) => f.id);

  it("does not flag an official fee notice that warns against brokers, but does flag a fee that only claims to be no broker's", () => {
    expect(ids("Seleksi calon pekerja migran dibuka di laman resmi; biaya tes bahasa dibayar sesuai ketentuan, tidak melalui calo.")).not.toContain("fee");
    expect(ids("Kami bukan lewat calo, biaya proses hanya Rp2.500.000 ditransfer ke admin.")).toContain("fee");
  });

  it("flags a top-up to activate the worker's account, whatever the work is called", () => {
    expect(ids("Lowongan entri data online. Aktivasi akun karyawan dengan deposit 300rb dulu ya.")).toContain("task-deposit");
    expect(ids("Kasir konter pulsa: melayani top up e-wallet, gaji UMK, lamaran diantar ke toko.")).not.toContain("task-deposit");
  });

  it("flags a request for a bank card's number or expiry", () => {
    expect(ids("Untuk payroll, isi nomor kartu debit beserta tanggal expired kartu debit di formulir.")).toContain("early-id-request");
    expect(ids("Karyawan baru diminta membuka rekening bank untuk gaji.")).not.toContain("early-id-request");
  });
});

describe("codes passed on and Javanese sums (issue 13)", () => {
  it("flags a request to send back a numeric code sent to the seeker's phone, without the word OTP", () => {
    const result = check("Lamaranmu sudah masuk. Kami kirim kode 5 digit ke nomormu, tolong balas kodenya ke sini ya.", []);
    expect(result.verdict).toBe("suspicious");
    expect(result.flags.map((f) => f.id)).toContain("early-id-request");
    expect(check("Kode pos kantor kami 66171, silakan datang Senin jam 08.00 membawa CV.", []).flags.map((f) => f.id)).not.toContain("early-id-request");
  });

  it("reads 'yuta' (Javanese for juta) as a sum of money asked to get in", () => {
    const result = check("jare kudu mbayar 10 yuta kanggo mlebet pabrik", []);
    expect(result.verdict).toBe("suspicious");
    expect(result.flags.map((f) => f.id)).toContain("fee");
  });
});

describe("passports, online-scam routes and what an employer may ask (issue 13)", () => {
  const ids = (text: string) => check(text, []).flags.map((f) => f.id);

  it("flags a passport kept by the boss or the agent, in Indonesian and Javanese", () => {
    expect(check("Berangkat minggu depan, paspornya nanti dipegang bos biar aman", []).verdict).toBe("suspicious");
    expect(ids("tiket wis disiapke, paspore engko digowo agen")).toContain("ijazah-ditahan");
    expect(ids("Simpan sendiri paspormu, jangan dititipkan ke siapa pun")).toEqual([]);
  });

  it("flags online marketing or crypto work in Thailand, not a Thai restaurant at home", () => {
    expect(check("dibutuhkan CS online untuk kantor di Thailand, gaji 15 juta", []).verdict).toBe("suspicious");
    expect(ids("diajak kerja nang Bangkok dadi marketing crypto")).toContain("unofficial-destination");
    expect(ids("Rumah makan masakan Thailand di Kanigoro mencari juru masak")).not.toContain("unofficial-destination");
  });

  it("does not flag a fee a Javanese sentence denies ('ora njaluk duit')", () => {
    expect(ids("bose ora njaluk duit opo-opo, mung ngajak ketemu nang toko")).not.toContain("fee");
  });

  it("does not flag the account number asked for payroll, but does flag a PIN or an ATM card asked with it", () => {
    expect(ids("Sesudah tanda tangan kontrak, HRD minta nomor rekening untuk pembayaran gaji.")).not.toContain("early-id-request");
    expect(ids("HRD minta nomor rekening sama PIN ATM buat transfer gaji")).toContain("early-id-request");
    expect(ids("admin minta nomor rekening dulu sebelum interview")).toContain("early-id-request");
  });
});
