/** The scam evaluation of `npm run eval:scam` (issue 13), on the tuning half, through the detector the bot uses. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compiledBundle } from "../../scripts/eval-routing.ts";
import { evaluateFreeText, evaluateScam, formatScamReport, parseScamCases, scamRulesOf } from "../../scripts/eval-scam.ts";

const rules = scamRulesOf(compiledBundle());

describe("scam evaluation", () => {
  it("parses the TSV format and rejects an unknown label", () => {
    expect(parseScamCases("# comment\nbayar 100rb dulu\tscam\n\nToko butuh kasir\tgenuine\n")).toEqual([
      { text: "bayar 100rb dulu", label: "scam", line: 2 },
      { text: "Toko butuh kasir", label: "genuine", line: 4 },
    ]);
    expect(() => parseScamCases("teks\tpenipuan")).toThrow(/line 1/);
    // an optional third column names the kind; the label is the second column, not the last
    expect(parseScamCases("Kirim OTP ke HRD\tscam\totp\nKasir toko\tgenuine\tlocal-vacancy\n")).toEqual([
      { text: "Kirim OTP ke HRD", label: "scam", line: 1, kind: "otp" },
      { text: "Kasir toko", label: "genuine", line: 2, kind: "local-vacancy" },
    ]);
    expect(() => parseScamCases("teks\tscam\totp\textra")).toThrow(/line 1/);
    expect(() => parseScamCases("teks tanpa label")).toThrow(/line 1/);
  });

  it("counts scams caught, genuine offers flagged and the kinds raised", () => {
    const report = evaluateScam(
      rules,
      parseScamCases("Wajib transfer biaya pendaftaran Rp150.000\tscam\nKasir toko, lamaran diantar ke toko\tscam\nKasir toko, lamaran diantar ke toko\tgenuine\n"),
    );
    expect(report).toMatchObject({ scams: 2, caught: 1, genuine: 1, falseAlarms: 0 });
    expect(report.perKind.get("fee")).toEqual({ scam: 1, genuine: 0 });
    const lines = formatScamReport(report, true);
    expect(lines.at(-2)).toBe("scams caught: 1/2 (recall 0.50)");
    expect(lines.at(-1)).toBe("genuine flagged: 0/1");
    expect(lines.join("\n")).toContain("Kasir toko, lamaran diantar ke toko");
    // without detail (the locked half) no text is printed
    expect(formatScamReport(report, false).join("\n")).not.toContain("Kasir");
  });

  it("catches at least 27 of 28 scams of the tuning half and flags no genuine offer", () => {
    const report = evaluateScam(rules, parseScamCases(readFileSync(join(process.cwd(), "eval", "scam-tune.tsv"), "utf8")));
    expect(report.scams).toBeGreaterThanOrEqual(20);
    expect(report.genuine).toBeGreaterThanOrEqual(13);
    const detail = formatScamReport(report, true).join("\n");
    expect(report.caught / report.scams, detail).toBeGreaterThanOrEqual(27 / 28);
    expect(report.falseAlarms, detail).toBe(0);
  });

  it("gives the scam check to scams told in free text and to no question of another topic", () => {
    const sample = evaluateFreeText(
      rules,
      "# comment\ndimintai uang 2 juta sebelum berangkat kerja\tcek-lowongan\ngimana cara tahu lowongan palsu?\tcek-lowongan\ngajiku dipotong 500rb buat seragam, boleh gak?\thak-pekerja\n",
    );
    expect(sample).toEqual({ scamTopic: 2, checked: 1, elsewhere: [] });
    const tune = evaluateFreeText(rules, readFileSync(join(process.cwd(), "eval", "routing-tune.tsv"), "utf8"));
    expect(tune.elsewhere).toEqual([]);
    expect(tune.checked).toBeGreaterThanOrEqual(Math.ceil(tune.scamTopic / 2));
  });
});
