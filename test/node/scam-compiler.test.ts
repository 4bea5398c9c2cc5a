/**
 * The scam-rule compiler (content/penipuan/): the real rules compile into the bundle, a new flag added as a
 * content file changes the check without a code change, and every mistake a content editor can make is an
 * error naming the file and the line.
 */
import { blocksText } from "../../src/core/rich.ts";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { compileContent, formatError } from "../../src/content/compiler.ts";
import { compileScamRules } from "../../src/content/scam-compiler.ts";
import { patternProblem } from "../../src/content/scam-pattern-check.ts";
import { checkVacancyText, detectFlags, prepareScamRules } from "../../src/core/scam.ts";
import { expandScamPattern, SCAM_BLOCKS } from "../../src/core/scam-patterns.ts";
import { compileRealScamRules } from "../fixtures/scam-cases.ts";

const REAL = join(process.cwd(), "content");
/**
 * A fixed office date after every guide's review date: the scam rules have no dates, the rest of the content is
 * compiled too (its listings have expired by then, which is only a warning).
 */
const TODAY = "2030-01-01";
const dirs: string[] = [];
/** Compiling the whole content takes a few seconds on a busy machine. */
const SLOW = 60_000;
let real: ReturnType<typeof compileContent> | undefined;
const compiledReal = () => (real ??= compileContent(REAL, { today: TODAY }));

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A copy of the real content/penipuan/ (and kantor.yaml) in a temp dir; `edit` changes it before compiling. */
function scamWith(edit: (dir: string) => void = () => {}) {
  const base = mkdtempSync(join(tmpdir(), "binjol-scam-"));
  dirs.push(base);
  const root = join(base, "content");
  mkdirSync(root);
  cpSync(join(REAL, "kantor.yaml"), join(root, "kantor.yaml"));
  cpSync(join(REAL, "penipuan"), join(root, "penipuan"), { recursive: true });
  // the learned flag (detektor: belajar) trains on the labelled offers
  cpSync(join(REAL, "latihan", "penipuan"), join(root, "latihan", "penipuan"), { recursive: true });
  const dir = join(root, "penipuan");
  edit(dir);
  const errors: Array<{ file: string; line: number; message: string }> = [];
  const office = { nama_singkat: "Disnaker Contoh", whatsapp: "0800-0000-0000" };
  const result = compileScamRules(root, { rel: (p) => p.slice(base.length + 1), office, errors });
  return { ...result, errors, messages: errors.map(formatError), dir };
}

/** Text of a real rule file with a change that must apply. */
function rewrite(dir: string, file: string, change: (text: string) => string) {
  const path = join(dir, file);
  const before = readFileSync(path, "utf8");
  const after = change(before);
  if (after === before) throw new Error(`the edit changed nothing in ${file}`);
  writeFileSync(path, after);
}

/** 1-based line of the first line of `text` that contains `needle`. */
function lineOf(text: string, needle: string): number {
  const i = text.split("\n").findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`no line with '${needle}'`);
  return i + 1;
}

/** A new red flag, as a content editor would add it: chain messages that promise priority for sharing. */
const CHAIN_FLAG = `---
id: pesan-berantai
judul: Disuruh menyebarkan pesan
label: pesan berantai
urutan: 120
penjelasan: >-
  Lowongan resmi tidak menjanjikan prioritas karena kamu menyebarkan pesannya ke banyak grup atau teman.
  Pesan berantai seperti ini sering dipakai untuk menjaring korban.
pola:
  - '\\b(?:bagikan|sebarkan|share|teruskan)\\b +{celah:3}(?:ke +)?\\d+ +(?:grup|group|teman|kontak|orang)\\b'
contoh_kena:
  - 'Lamaran diprioritaskan kalau kamu bagikan info ini ke 10 grup WhatsApp'
  - 'Share ke 5 teman dulu ya kak, baru dapat link pendaftaran'
contoh_aman:
  - 'Bagikan info ini ke teman yang membutuhkan'
---
`;
const CHAIN_TEXT = "Dicari kasir minimarket, lulusan SMA. Lamaran diprioritaskan kalau kamu bagikan info ini ke 10 grup WhatsApp.";

describe("the real scam rules", () => {
  it("compile into the bundle with id, title, label, explanation and example counts per flag", { timeout: SLOW }, () => {
    const { bundle, errors } = compiledReal();
    expect(errors.map(formatError)).toEqual([]);
    const scam = bundle!.scam!;
    const ids = scam.flags.map((f) => f.id);
    for (const id of ["fee", "medical-fee", "unrealistic-pay", "free-mail", "lookalike-brand", "chat-only-interview", "early-id-request", "task-deposit", "illegal-business", "overseas-individual", "tourist-visa", "unofficial-destination", "ijazah-ditahan"]) {
      expect(ids).toContain(id);
    }
    // reported in the order of 'urutan'
    expect(ids.indexOf("fee")).toBeLessThan(ids.indexOf("medical-fee"));
    expect(ids.indexOf("medical-fee")).toBeLessThan(ids.indexOf("unrealistic-pay"));
    for (const f of scam.flags) {
      expect(f.title.length, f.id).toBeGreaterThan(3);
      expect(f.label.length, f.id).toBeGreaterThan(3);
      expect(f.explain.length, f.id).toBeGreaterThan(40);
      expect(f.examples.hit, f.id).toBeGreaterThanOrEqual(1);
      expect(f.examples.safe, f.id).toBeGreaterThanOrEqual(1);
    }
    // the counts are those of the files
    const fee = readFileSync(join(REAL, "penipuan", "fee.md"), "utf8");
    const count = (key: string) => fee.split(`${key}:\n`)[1]!.split(/\n(?! {2}- )/)[0]!.split("\n").filter((l) => l.startsWith("  - ")).length;
    expect(scam.flags.find((f) => f.id === "fee")!.examples).toEqual({ hit: count("contoh_kena"), safe: count("contoh_aman") });
    // patterns travel as sources with building blocks (small), not as expanded regular expressions
    expect(JSON.stringify(scam)).toContain("{jumlah}");
    expect(JSON.stringify(scam)).not.toContain("contoh_kena");
  });

  it("carry the report advice with the office, Kemnaker 1500 630, IASC and the police", { timeout: SLOW }, () => {
    const { bundle } = compiledReal();
    const report = blocksText(bundle!.scam!.report);
    expect(report).toContain("Disnaker Kabupaten Blitar");
    expect(report).toContain("1500 630");
    expect(report).toContain("iasc.ojk.go.id");
    expect(report).toMatch(/rekening penipu bisa diblokir/);
    expect(report).toMatch(/polisi/);
    expect(report).not.toContain("{{");
    const overseas = bundle!.scam!.flags.find((f) => f.id === "overseas-individual")!;
    expect(overseas.explain).toContain("KemenP2MI/BP2MI");
    expect(overseas.report).toContain("KemenP2MI/BP2MI");
  });

  it("treat paying a Puskesmas or the police yourself as normal, a recruiter's clinic as a red flag", () => {
    const { rules } = compileRealScamRules();
    const ids = (text: string) => detectFlags(text, rules).map((f) => f.id);
    expect(ids("Lampirkan surat keterangan sehat dari Puskesmas dan SKCK dari Polres, biaya SKCK Rp30.000 dibayar sendiri.")).toEqual([]);
    expect(ids("Biaya SKCK di Polres Rp30.000 dibayar sendiri oleh pelamar.")).toEqual([]);
    expect(ids("MCU wajib di klinik yang kami tunjuk, biaya 450rb ditanggung pelamar.")).toContain("medical-fee");
    expect(ids("Bayar SKCK 150rb ke admin, nanti kami yang urus")).toContain("fee");
    expect(ids("Medical check up di klinik yang ditunjuk perusahaan, biaya ditanggung perusahaan.")).toEqual([]);
  });

  it("flag high pay together with no test or no experience", () => {
    const { rules } = compileRealScamRules();
    const ids = (text: string) => detectFlags(text, rules).map((f) => f.id);
    expect(ids("Admin gudang gaji 7jt/bulan, tanpa tes")).toContain("unrealistic-pay");
    expect(ids("Operator produksi, gaji 6.500.000 per bulan, tanpa pengalaman")).toContain("unrealistic-pay");
    expect(ids("Operator produksi gaji 2,6jt, tanpa pengalaman, langsung kerja")).not.toContain("unrealistic-pay");
  });
});

describe("a new red flag as a content file", { timeout: SLOW }, () => {
  it("changes the scam check without a code change", () => {
    const before = scamWith();
    expect(before.messages).toEqual([]);
    expect(detectFlags(CHAIN_TEXT, before.rules!)).toEqual([]);
    // no rule names a chain message yet (the learned model may still find the offer suspicious on its own)
    expect(checkVacancyText(CHAIN_TEXT, [], before.rules!).flags.map((f) => f.id)).not.toContain("pesan-berantai");

    const after = scamWith((dir) => writeFileSync(join(dir, "pesan-berantai.md"), CHAIN_FLAG));
    expect(after.messages).toEqual([]);
    expect(after.data!.flags.find((f) => f.id === "pesan-berantai")).toMatchObject({ id: "pesan-berantai", title: "Disuruh menyebarkan pesan", label: "pesan berantai", examples: { hit: 2, safe: 1 } });
    const flags = detectFlags(CHAIN_TEXT, after.rules!);
    expect(flags).toEqual([{ id: "pesan-berantai", evidence: expect.stringContaining("bagikan info ini ke 10 grup") }]);
    expect(checkVacancyText(CHAIN_TEXT, [], after.rules!)).toEqual({ verdict: "suspicious", flags });
    // the bundle data is plain JSON: a Worker that reads it back prepares the same rules
    const roundTrip = prepareScamRules(JSON.parse(JSON.stringify(after.data)));
    expect(detectFlags(CHAIN_TEXT, roundTrip)).toEqual(flags);
  });

  it("a brand added to the brand flag's file is checked for look-alikes", () => {
    const text = "Rekrutmen Petugas Pengantar Kerja 2026, daftar di kemnaker-karir.com";
    const before = scamWith();
    expect(detectFlags(text, before.rules!)).toEqual([]);
    const after = scamWith((dir) => rewrite(dir, "lookalike-brand.md", (t) => t.replace("merek:\n", "merek:\n  - { nama: kemnaker, domain: [kemnaker.go.id] }\n")));
    expect(after.messages).toEqual([]);
    expect(detectFlags(text, after.rules!)).toEqual([{ id: "lookalike-brand", evidence: expect.stringContaining("kemnaker-karir.com") }]);
    expect(detectFlags("Info lowongan resmi di karirhub.kemnaker.go.id dan kemnaker.go.id", after.rules!)).toEqual([]);
  });

  it("fails the build with file and line when an example does not behave as declared", () => {
    const broken = CHAIN_FLAG.replace("  - 'Bagikan info ini ke teman yang membutuhkan'", "  - 'Bagikan info ini ke 3 teman yang membutuhkan'");
    const { messages, data } = scamWith((dir) => writeFileSync(join(dir, "pesan-berantai.md"), broken));
    expect(data).toBeUndefined();
    expect(messages).toEqual([
      `content/penipuan/pesan-berantai.md line ${lineOf(broken, "3 teman")}: this example in 'contoh_aman' raises 'pesan-berantai' on "Bagikan info ini ke 3 teman yang membutuhkan"; narrow the pattern, or move the example to 'contoh_kena'`,
    ]);

    const missed = CHAIN_FLAG.replace("  - 'Share ke 5 teman dulu ya kak, baru dapat link pendaftaran'", "  - 'Sebarkan ke semua teman dulu ya kak'");
    const second = scamWith((dir) => writeFileSync(join(dir, "pesan-berantai.md"), missed));
    expect(second.messages).toEqual([
      `content/penipuan/pesan-berantai.md line ${lineOf(missed, "semua teman")}: this example in 'contoh_kena' does not raise 'pesan-berantai': "Sebarkan ke semua teman dulu ya kak"; widen a pattern, or move the example to 'contoh_aman'`,
    ]);
  });

  it("runs examples through all the rules: an example of another flag tells which flags it raises", () => {
    const text = CHAIN_FLAG.replace("  - 'Share ke 5 teman dulu ya kak, baru dapat link pendaftaran'", "  - 'Bayar biaya pendaftaran 50rb dulu'");
    const { messages } = scamWith((dir) => writeFileSync(join(dir, "pesan-berantai.md"), text));
    expect(messages).toEqual([expect.stringMatching(/line \d+: this example in 'contoh_kena' does not raise 'pesan-berantai' \(it raises 'fee'\)/)]);
  });

  it("a broken pattern names the file and the line of the pattern", () => {
    const text = CHAIN_FLAG.replace("(?:ke +)?\\d+", "(?:ke +?\\d+");
    const { messages } = scamWith((dir) => writeFileSync(join(dir, "pesan-berantai.md"), text));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(new RegExp(`^content/penipuan/pesan-berantai\\.md line ${lineOf(text, "bagikan|sebarkan")}: 'pola': not a valid pattern \\(`));
  });
});

describe("mistakes in a rule file, each with file and line", { timeout: SLOW }, () => {
  const cases: Array<[string, string, (t: string) => string, string, RegExp]> = [
    ["an unknown key, with the closest known one", "fee.md", (t) => t.replace("penjelasan:", "penjelasn:"), "penjelasn:", /unknown key 'penjelasn' \(did you mean 'penjelasan'\?\)/],
    ["a missing explanation", "free-mail.md", (t) => t.replace(/penjelasan: >-\n(?: {2}.*\n)+/, ""), "---", /'penjelasan' is missing/],
    ["an id that is not the file name", "free-mail.md", (t) => t.replace("id: free-mail", "id: freemail"), "id: freemail", /'id' must be 'free-mail', the file name/],
    ["an unknown building block", "free-mail.md", (t) => t.replace("'@ *(?:gmail", "'{surel}@ *(?:gmail"), "{surel}", /unknown building block \{surel\}; known: \{jumlah\}/],
    ["a building block without its number", "fee.md", (t) => t.replace("{celah:2}{tujuan_biaya}", "{celah}{tujuan_biaya}"), "{celah}{tujuan_biaya}", /\{celah\} needs a number of words/],
    ["a pattern that matches any text", "free-mail.md", (t) => t.replace("'@ *(?:gmail", "'x*|@ *(?:gmail"), "x*|@", /matches an empty text/],
    ["capital letters in a pattern", "free-mail.md", (t) => t.replace("'@ *(?:gmail", "'@ *(?:Gmail|gmail"), "Gmail", /lower case/],
    ["a catastrophic pattern", "free-mail.md", (t) => t.replace("'@ *(?:gmail", "'(?:a+)+b|@ *(?:gmail"), "(?:a+)+b", /too slow/],
    ["an unknown pattern condition", "task-deposit.md", (t) => t.replace("    syarat_teks: '{tugas}'", "    syarat_tks: '{tugas}'"), "syarat_tks", /unknown key 'syarat_tks' in a pattern \(did you mean 'syarat_teks'\?\)/],
    ["an unknown 'abaikan' value", "fee.md", (t) => t.replace("abaikan: [peringatan, bebas_biaya]", "abaikan: [peringatan, gratis]"), "abaikan:", /'abaikan' knows peringatan and bebas_biaya, not 'gratis'/],
    ["an example that is not a text", "free-mail.md", (t) => t.replace("contoh_aman:\n", "contoh_aman:\n  - [1, 2]\n"), "[1, 2]", /each item of 'contoh_aman' must be a text/],
    ["signs of easy work outside the pay flag", "free-mail.md", (t) => t.replace("contoh_aman:", "tanda_kuat:\n  - 'santai'\ncontoh_aman:"), "tanda_kuat:", /'tanda_kuat' belongs only to the flag with 'detektor: gaji'/],
    ["a brand with a bad domain", "lookalike-brand.md", (t) => t.replace("domain: [pln.co.id]", "domain: [pln co id]"), "nama: pln,", /'pln co id' is not a web domain/],
    ["brands outside the brand flag", "free-mail.md", (t) => t.replace("contoh_aman:", "ejaan_wajar: [gmial]\ncontoh_aman:"), "ejaan_wajar:", /'ejaan_wajar' belongs only to the flag with 'detektor: merek'/],
    // YAML notices the unclosed list on the next line
    ["a YAML error", "free-mail.md", (t) => t.replace("judul: Memakai email gratisan", "judul: [Memakai email gratisan"), "label:", /YAML error/],
  ];
  it.each(cases)("%s", { timeout: SLOW }, (_name, file, change, needle, message) => {
    let edited = "";
    const { messages, data } = scamWith((dir) => {
      rewrite(dir, file, change);
      edited = readFileSync(join(dir, file), "utf8");
    });
    expect(data).toBeUndefined();
    expect(messages.length, messages.join("\n")).toBeGreaterThanOrEqual(1);
    const line = needle === "---" ? 2 : lineOf(edited, needle);
    expect(messages.some((m) => m.startsWith(`content/penipuan/${file} line ${line}: `) && message.test(m)), messages.join("\n")).toBe(true);
  });

  it("needs the report advice, fills its placeholders and rejects unknown ones", () => {
    expect(scamWith((dir) => unlinkSync(join(dir, "_lapor.md"))).messages).toEqual([
      "content/penipuan/_lapor.md line 1: the report advice is missing: where a seeker reports a scam",
    ]);
    let edited = "";
    const { messages } = scamWith((dir) => {
      rewrite(dir, "_lapor.md", (t) => `${t}- Telepon {{kantor.telepon_darurat}}.\n`);
      edited = readFileSync(join(dir, "_lapor.md"), "utf8");
    });
    expect(messages).toEqual([`content/penipuan/_lapor.md line ${lineOf(edited, "telepon_darurat")}: unknown placeholder {{kantor.telepon_darurat}}; kantor.yaml has no 'telepon_darurat'`]);
    const ok = scamWith();
    expect(blocksText(ok.data!.report)).toContain("Disnaker Contoh (WhatsApp 0800-0000-0000)");
    // the title is a heading block, the body's bold survives as a bold span
    expect(ok.data!.report[0]).toEqual({ type: "heading", spans: [{ text: "Cara melapor" }] });
    expect(ok.data!.report[1]!.type).toBe("paragraph");
    expect((ok.data!.report[1] as { spans: unknown[] }).spans[0]).toEqual({ text: "Jangan", bold: true });
    expect(blocksText(ok.data!.report.slice(1)).startsWith("Jangan transfer uang")).toBe(true);
  });

  it("rejects a stray special file and a missing folder", () => {
    expect(scamWith((dir) => writeFileSync(join(dir, "_catatan.md"), "---\njudul: x\n---\n")).messages).toEqual([
      "content/penipuan/_catatan.md line 1: unknown special file; the only file starting with '_' is _lapor.md (a red flag's file name is its id)",
    ]);
    expect(scamWith((dir) => rmSync(dir, { recursive: true })).messages).toEqual([
      "content/penipuan line 1: the folder of scam rules is missing: add penipuan/ with one file per red flag and _lapor.md",
    ]);
  });

  it("allows one flag per built-in detector", () => {
    const { messages } = scamWith((dir) => writeFileSync(join(dir, "gaji-kedua.md"), readFileSync(join(dir, "unrealistic-pay.md"), "utf8").replace("id: unrealistic-pay", "id: gaji-kedua")));
    expect(messages).toContain("content/penipuan/unrealistic-pay.md line 1: 'detektor: gaji' is already used by content/penipuan/gaji-kedua.md; only one flag may use it");
  });
});

describe("the learned flag (detektor: belajar)", { timeout: SLOW }, () => {
  const OFFER = "Kesempatan emas! Bergabung jadi mitra reseller kami, cukup aktivasi akun mitra lalu ajak 3 teman, bonus mingguan menanti, kuota terbatas";

  it("learns from content/latihan/penipuan/ and speaks only on the full check, when no rule did", () => {
    const { rules, messages } = scamWith();
    expect(messages).toEqual([]);
    expect(detectFlags(OFFER, rules!)).toEqual([]);
    expect(checkVacancyText(OFFER, [], rules!)).toEqual({ verdict: "suspicious", flags: [{ id: "mirip-penipuan", evidence: "cukup aktivasi akun mitra lalu ajak 3 teman" }] });
    // too short to be an offer: the model never judges it
    expect(checkVacancyText("kerja online cair tiap hari", [], rules!).flags).toEqual([]);
  });

  it("stays silent with a warning, not an error, when there is nothing to learn from", () => {
    const base = mkdtempSync(join(tmpdir(), "binjol-scam-"));
    dirs.push(base);
    const root = join(base, "content");
    mkdirSync(root);
    cpSync(join(REAL, "penipuan"), join(root, "penipuan"), { recursive: true });
    const errors: Array<{ file: string; line: number; message: string }> = [];
    const warnings: typeof errors = [];
    const { rules } = compileScamRules(root, { rel: (p) => p.slice(base.length + 1), office: { nama_singkat: "Disnaker Contoh", whatsapp: "0800-0000-0000" }, errors, warnings });
    expect(errors).toEqual([]);
    expect(warnings.map(formatError)).toEqual([expect.stringMatching(/^content\/penipuan\/mirip-penipuan\.md line 1: 'detektor: belajar' has no labelled offers/)]);
    expect(checkVacancyText(OFFER, [], rules!)).toEqual({ verdict: "unverified", flags: [] });
  });

  it("names the file and line of an offer with a wrong label", () => {
    const { data, messages } = scamWith((dir) => writeFileSync(join(dir, "..", "latihan", "penipuan", "salah.tsv"), "# header\nTransfer 100rb dulu untuk seragam\tpenipuan\n"));
    expect(data).toBeUndefined();
    expect(messages).toEqual(["content/latihan/penipuan/salah.tsv line 2: the label must be 'scam' or 'genuine' (after a tab), not 'penipuan'"]);
  });
});

describe("building blocks", () => {
  it("expand to groups and are all documented for content staff", () => {
    expect(expandScamPattern("bayar {celah:2}seragam")).toBe("bayar (?:(?:\\S+ +){0,2}?)seragam");
    expect(expandScamPattern("\\d{2,3} {jumlah}")).toMatch(/^\\d\{2,3\} \(\?:/);
    const docs = readFileSync(join(process.cwd(), "docs", "aturan-penipuan.md"), "utf8");
    for (const name of Object.keys(SCAM_BLOCKS)) expect(docs, name).toContain(`{${name}`);
  });

  it("reports a problem only for bad patterns", () => {
    expect(patternProblem("\\bbiaya +{celah:2}seragam\\b")).toBeUndefined();
    expect(patternProblem("(")).toMatch(/not a valid pattern/);
  });
});
