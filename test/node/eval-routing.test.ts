/** The routing evaluation of `npm run eval:routing`, run on the dev file through the same code as the Worker. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compiledBundle, evaluate, formatReport, formatSummary, parseCases, unknownPrecision } from "../../scripts/eval-routing.ts";

// The shared dev file when this checkout sits next to ../shared, else the copy kept in the repository.
const sharedFile = join(process.cwd(), "..", "shared", "eval", "routing-dev.tsv");
const devFile = existsSync(sharedFile) ? sharedFile : join(process.cwd(), "test", "fixtures", "routing", "routing-dev.tsv");

describe("routing evaluation", () => {
  it("parses the TSV format: comments, alternatives, unknown topics rejected", () => {
    const cases = parseCases("# comment\nhalo\tmenu\ncarikan kerja\tprofil|lowongan\n\n");
    expect(cases).toEqual([
      { question: "halo", expected: ["menu"], line: 2 },
      { question: "carikan kerja", expected: ["profil", "lowongan"], line: 3 },
    ]);
    expect(() => parseCases("halo\tsalam")).toThrow(/line 1/);
  });

  it("parses the optional third column, the section slug, and rejects one that is not a slug", () => {
    const cases = parseCases("berapa umk\tdunia-kerja\tupah-minimum-umk\nloker\tlowongan\n");
    expect(cases).toEqual([
      { question: "berapa umk", expected: ["dunia-kerja"], line: 1, section: "upah-minimum-umk" },
      { question: "loker", expected: ["lowongan"], line: 2 },
    ]);
    expect(() => parseCases("berapa umk\tdunia-kerja\tUpah Minimum")).toThrow(/line 1.*slug/);
    expect(() => parseCases("a\tmenu\tx\ty")).toThrow(/line 1/);
  });

  it("counts per-topic precision and recall, unknown precision and section accuracy", () => {
    const report = evaluate(
      compiledBundle(),
      parseCases("halo\tmenu\nresep nasi goreng\tunknown\nresep nasi goreng\tcv\nbuat cv\tcv\tno-such-section\n"),
    );
    const cv = report.perTopic.find((t) => t.topic === "cv")!;
    const unknown = unknownPrecision(report)!;
    expect(cv).toMatchObject({ expected: 2, recalled: 1, recall: 0.5 });
    expect(unknown).toMatchObject({ routed: 2, rightRouted: 1, precision: 0.5 });
    expect(report.sections).toMatchObject({ total: 1, correct: 0, accuracy: 0 });
    const summary = formatSummary(report).join("\n");
    expect(summary).toContain("unknown precision: 0.50 (1/2)");
    expect(summary).toContain("section accuracy: 0.00 (0/1)");
    expect(summary).not.toContain("resep");
  });

  it("ends its report with the accuracy line", () => {
    const report = evaluate(compiledBundle(), parseCases("halo\tmenu\nresep nasi goreng\tunknown\nresep nasi goreng\tcv\n"));
    const lines = formatReport(report);
    expect(lines.at(-1)).toBe("accuracy: 0.67 (2/3)");
    expect(lines.join("\n")).toContain("cv → unknown 1");
  });

  it("routes at least 90% of the dev questions right", () => {
    expect(existsSync(devFile), `${devFile} is missing`).toBe(true);
    const report = evaluate(compiledBundle(), parseCases(readFileSync(devFile, "utf8")));
    expect(report.total).toBeGreaterThan(50);
    expect(report.accuracy, formatReport(report).join("\n")).toBeGreaterThanOrEqual(0.9);
  });
});
