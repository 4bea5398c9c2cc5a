/** The routing evaluation of `npm run eval:routing`, run on the dev file through the same code as the Worker. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compiledBundle, evaluate, formatReport, parseCases } from "../../scripts/eval-routing.ts";

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
