/**
 * The labels of every evaluation file (eval/README.md) against the compiled content: topic ids exist and every
 * section label is a section of its topic's guide. Failures name the file and line, never a row, so the locked
 * halves stay unread. Also: the v3 to v6 splits are reproducible from their sources, and the scripts report every
 * locked file as one line of numbers.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compiledBundle, lockedFiles, lockedSummaries, parseCases, tsvFiles, tuneFiles } from "../../scripts/eval-routing.ts";
import { lockedScamSummaries, parseScamCases, scamRulesOf } from "../../scripts/eval-scam.ts";
import {
  parseRoutingSource,
  parseScamSource,
  routingFeatures,
  splitFiles,
  splitRouting,
  splitScam,
  type RoutingRow,
  type SplitSet,
} from "../../scripts/split-eval-v3.ts";
import { V4 } from "../../scripts/split-eval-v4.ts";
import { V5 } from "../../scripts/split-eval-v5.ts";
import { V6 } from "../../scripts/split-eval-v6.ts";
import { mulberry32 } from "../../src/text/mulberry32.ts";

const cwd = process.cwd();
const bundle = compiledBundle(cwd);
const read = (path: string) => readFileSync(path, "utf8");
const routingFiles = [...tuneFiles(cwd), ...lockedFiles(cwd), ...tsvFiles(join(cwd, "eval", "spent"), "routing-")];
const scamFiles = [
  ...tsvFiles(join(cwd, "eval"), "scam-tune"),
  ...tsvFiles(join(cwd, "eval", "locked"), "scam-locked"),
  ...tsvFiles(join(cwd, "eval", "spent"), "scam-"),
];
/** The four halves of a split set: routing tune, routing locked, scam tune, scam locked. */
const halvesOf = (v: string) => [`eval/routing-tune-${v}.tsv`, `eval/locked/routing-locked-${v}.tsv`, `eval/scam-tune-${v}.tsv`, `eval/locked/scam-locked-${v}.tsv`];
const sourcesOf = (v: string) => ({
  routing: read(join(cwd, "eval", "locked", "source", `routing-${v}.src`)),
  scam: read(join(cwd, "eval", "locked", "source", `scam-${v}.src`)),
});

/** What each split set promised (eval/README.md): rows, topics, Javanese, unknown, sections, scams. */
interface Targets {
  rows: number;
  perTopic: number;
  jv: number;
  krOfJv: number;
  unknown: number;
  sections: number;
  scams: number;
  genuine: number;
}
const sets: Array<{ set: SplitSet; targets: Targets }> = [
  {
    set: { version: "v3", seed: 20261206 },
    targets: { rows: 240, perTopic: 7, jv: 0.22, krOfJv: 0.3, unknown: 24, sections: 100, scams: 38, genuine: 22 },
  },
  { set: V4, targets: { rows: 240, perTopic: 4, jv: 0.22, krOfJv: 0.3, unknown: 20, sections: 70, scams: 36, genuine: 24 } },
  { set: V5, targets: { rows: 300, perTopic: 8, jv: 0.24, krOfJv: 0.3, unknown: 30, sections: 200, scams: 40, genuine: 25 } },
  { set: V6, targets: { rows: 400, perTopic: 10, jv: 0.25, krOfJv: 0.3, unknown: 40, sections: 300, scams: 56, genuine: 34 } },
];
const v3 = halvesOf("v3");

/** `file:line: reason` for every bad label of a routing file (no question text). */
function labelErrors(file: string): string[] {
  const errors: string[] = [];
  let cases;
  try {
    cases = parseCases(read(file));
  } catch (e) {
    return [`${basename(file)}: ${(e as Error).message}`];
  }
  for (const c of cases) {
    if (!c.section) continue;
    const ids = bundle.topics[c.expected[0]!].sections.map((s) => s.id);
    if (!ids.includes(c.section)) errors.push(`${basename(file)}:${c.line}: no section '${c.section}' in ${c.expected[0]}`);
  }
  return errors;
}

describe("evaluation files", () => {
  it("finds every routing and scam file, v3 to v6 included", () => {
    for (const f of [...v3, ...halvesOf("v4"), ...halvesOf("v5"), ...halvesOf("v6")]) expect([...routingFiles, ...scamFiles]).toContain(join(cwd, f));
    expect(routingFiles.length).toBeGreaterThanOrEqual(6);
    expect(scamFiles.length).toBeGreaterThanOrEqual(6);
  });

  it("names only topic ids, and every section label is a heading of that topic's guide", () => {
    expect(routingFiles.flatMap(labelErrors)).toEqual([]);
  });

  it("v3 to v6 give a section only on single-topic rows and cover every main topic at least 3 times per half", () => {
    for (const f of [...v3.slice(0, 2), ...halvesOf("v4").slice(0, 2), ...halvesOf("v5").slice(0, 2), ...halvesOf("v6").slice(0, 2)]) {
      const cases = parseCases(read(join(cwd, f)));
      expect(cases.filter((c) => c.section && c.expected.length > 1).map((c) => `${f}:${c.line}`)).toEqual([]);
      const mains = new Map<string, number>();
      for (const c of cases) mains.set(c.expected[0]!, (mains.get(c.expected[0]!) ?? 0) + 1);
      expect(Object.keys(bundle.topics).filter((t) => (mains.get(t) ?? 0) < 3)).toEqual([]);
    }
  });

  it("scam files parse, with both labels in each", () => {
    for (const f of scamFiles) {
      const labels = new Set(parseScamCases(read(f)).map((c) => c.label));
      expect([basename(f), [...labels].sort()]).toEqual([basename(f), ["genuine", "scam"]]);
    }
  });
});

for (const { set, targets } of sets) {
  describe(`the ${set.version} split`, () => {
    const files = halvesOf(set.version);
    const sources = sourcesOf(set.version);

    it(`is reproduced exactly from the sources with seed ${set.seed}`, () => {
      for (const [path, text] of Object.entries(splitFiles(sources.routing, sources.scam, set))) {
        expect([path, read(join(cwd, path)) === text]).toEqual([path, true]);
      }
      expect(Object.keys(splitFiles(sources.routing, sources.scam, set)).sort()).toEqual([...files].sort());
    });

    it("puts every source row in exactly one half", () => {
      const rows = parseRoutingSource(sources.routing);
      const halves = files.slice(0, 2).flatMap((f) => parseCases(read(join(cwd, f))).map((c) => c.question));
      // counts only: a failure must not print the locked rows
      const inHalves = new Set(halves);
      expect(halves.length).toBe(rows.length);
      expect(rows.filter((r) => !inHalves.has(r.question)).length).toBe(0);
      const scams = parseScamSource(sources.scam);
      const scamHalves = files.slice(2).flatMap((f) => parseScamCases(read(join(cwd, f))).map((c) => c.text));
      const inScamHalves = new Set(scamHalves);
      expect(scamHalves.length).toBe(scams.length);
      expect(scams.filter((r) => !inScamHalves.has(r.text)).length).toBe(0);
    });

    it("meets the set's targets: size, topics, Javanese, unknown, sections, scam kinds in both halves", () => {
      const rows = parseRoutingSource(sources.routing);
      expect(rows.length).toBeGreaterThanOrEqual(targets.rows);
      const mains = new Map<string, number>();
      for (const r of rows) mains.set(r.topics.split("|")[0]!, (mains.get(r.topics.split("|")[0]!) ?? 0) + 1);
      expect(Object.keys(bundle.topics).filter((t) => t !== "unknown" && (mains.get(t) ?? 0) < targets.perTopic)).toEqual([]);
      const jv = rows.filter((r) => r.tags.includes("jv"));
      expect(jv.length / rows.length).toBeGreaterThanOrEqual(targets.jv);
      expect(jv.filter((r) => r.tags.includes("kr")).length / jv.length).toBeGreaterThanOrEqual(targets.krOfJv);
      expect(mains.get("unknown") ?? 0).toBeGreaterThanOrEqual(targets.unknown);
      expect(rows.filter((r) => r.section).length).toBeGreaterThanOrEqual(targets.sections);
      expect(rows.filter((r) => r.section && r.topics.includes("|")).length).toBe(0);
      const scams = parseScamSource(sources.scam);
      expect(scams.filter((s) => s.label === "scam").length).toBeGreaterThanOrEqual(targets.scams);
      expect(scams.filter((s) => s.label === "genuine").length).toBeGreaterThanOrEqual(targets.genuine);
      const kindsOf = (f: string) => new Set(parseScamCases(read(join(cwd, f))).filter((c) => c.label === "scam").map((c) => c.kind));
      expect(kindsOf(files[2]!)).toEqual(kindsOf(files[3]!));
    });
  });
}

describe("the split method", () => {
  it("balances the features of synthetic rows and is deterministic for a seed", () => {
    const rows: RoutingRow[] = Array.from({ length: 60 }, (_, i) => ({
      question: `q${i}`,
      topics: ["cv", "bkk", "kontak", "unknown"][i % 4]!,
      section: i % 3 === 0 ? "s" : "",
      tags: i % 5 === 0 ? ["jv", "kr"] : i % 2 ? ["short"] : [],
    }));
    const a = splitRouting(rows, mulberry32(7));
    expect(splitRouting(rows, mulberry32(7))).toEqual(a);
    expect(a.tune.length + a.locked.length).toBe(60);
    const count = (half: RoutingRow[], name: string) => half.filter((r) => routingFeatures(r).some(([f]) => f === name)).length;
    // the heavy features (size 3, topic 5) within one, the lighter ones within three
    const gap = (name: string) => Math.abs(count(a.tune, name) - count(a.locked, name));
    for (const name of ["size", "topic:cv", "topic:bkk", "topic:unknown"]) expect([name, gap(name) <= 1]).toEqual([name, true]);
    for (const name of ["jv", "section", "short"]) expect([name, gap(name) <= 3]).toEqual([name, true]);
    const scam = splitScam(
      Array.from({ length: 12 }, (_, i) => ({ text: `t${i}`, label: i < 8 ? ("scam" as const) : ("genuine" as const), kind: `k${i % 4}` })),
      mulberry32(7),
    );
    expect(scam.tune.filter((r) => r.label === "scam").length).toBe(4);
    expect(new Set(scam.tune.filter((r) => r.label === "scam").map((r) => r.kind)).size).toBe(4);
  });
});

describe("locked files are reported as numbers, one line per file", () => {
  const dir = mkdtempSync(join(tmpdir(), "eval-locked-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, "eval", "locked"), { recursive: true });
  writeFileSync(join(dir, "eval", "locked", "routing-locked.tsv"), "# c\nhalo selamat pagi\tmenu\n");
  writeFileSync(join(dir, "eval", "locked", "routing-locked-v9.tsv"), "syarat bikin kartu kuning\tkartu-ak1\tpersyaratan\n");
  writeFileSync(join(dir, "eval", "locked", "scam-locked-v9.tsv"), "transfer biaya admin 200rb dulu ya\tscam\tfee\n");
  writeFileSync(join(dir, "eval", "locked", "other.tsv"), "x\tmenu\n");

  it("routing: every eval/locked/routing-locked*.tsv, in name order, without its questions", () => {
    const files = lockedFiles(dir);
    expect(files.map((f) => basename(f))).toEqual(["routing-locked.tsv", "routing-locked-v9.tsv"]);
    const lines = lockedSummaries(bundle, files);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^locked routing-locked\.tsv: accuracy: \d\.\d\d \(\d+\/1\); /);
    expect(lines[1]).toMatch(/^locked routing-locked-v9\.tsv: accuracy: .*; section accuracy: \d\.\d\d \(\d\/1\); /);
    for (const l of lines) expect(l).not.toMatch(/halo|kartu kuning/);
  });

  it("scam: every eval/locked/scam-locked*.tsv without its texts", () => {
    const lines = lockedScamSummaries(scamRulesOf(bundle), tsvFiles(join(dir, "eval", "locked"), "scam-locked"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^locked scam-locked-v9\.tsv: scams caught: \d\/1 \(recall \d\.\d\d\); genuine flagged: 0\/0$/);
    expect(lines[0]).not.toContain("biaya");
  });
});
