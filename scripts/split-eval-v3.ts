/**
 * The one-time split of evaluation set v3 (issue 13, eval/README.md), run by node:
 *   node scripts/split-eval-v3.ts            writes the four halves from eval/locked/source/*-v3.src
 *   node scripts/split-eval-v3.ts --check    writes nothing; exits 1 if the committed halves differ
 *   add --stats                               also prints the balance of each half (counts only)
 * Deterministic: one mulberry32 generator seeded 20261206, routing first, then the scam set. It prints
 * only counts, never rows. The sources hold every row (both halves) with the writer's style tags, so they
 * sit under eval/locked/ and the rules for locked/ apply to them.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { mulberry32 } from "../src/text/mulberry32.ts";

export const SEED = 20261206;

/** One routing row of the source: the evaluation columns plus the writer's style tags. */
export interface RoutingRow {
  question: string;
  topics: string;
  section: string;
  tags: string[];
}

/** One scam row of the source. */
export interface ScamRow {
  text: string;
  label: "scam" | "genuine";
  kind: string;
}

/** Both halves of a split: `tune` is released for tuning, `locked` is held out. */
export interface Halves<T> {
  tune: T[];
  locked: T[];
}

const TAGS = new Set(["jv", "kr", "short", "long", "voice", "typo", "sense"]);

function dataLines(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => l.trim() !== "" && !l.startsWith("#"));
}

/** Parse `question<TAB>topics<TAB>section<TAB>tags`. */
export function parseRoutingSource(text: string): RoutingRow[] {
  return dataLines(text).map((line, i) => {
    const f = line.split("\t");
    if (f.length !== 4) throw new Error(`routing source row ${i + 1}: expected 4 tab-separated fields`);
    const tags = f[3]!.split(",").map((t) => t.trim()).filter(Boolean);
    for (const t of tags) if (!TAGS.has(t)) throw new Error(`routing source row ${i + 1}: unknown tag '${t}'`);
    return { question: f[0]!.trim(), topics: f[1]!.trim(), section: f[2]!.trim(), tags };
  });
}

/** Parse `text<TAB>scam|genuine<TAB>kind`. */
export function parseScamSource(text: string): ScamRow[] {
  return dataLines(text).map((line, i) => {
    const f = line.split("\t");
    if (f.length !== 3 || (f[1] !== "scam" && f[1] !== "genuine") || !f[2]) {
      throw new Error(`scam source row ${i + 1}: expected 'text<TAB>scam|genuine<TAB>kind'`);
    }
    return { text: f[0]!.trim(), label: f[1], kind: f[2].trim() };
  });
}

/** Fisher–Yates with the given generator (a copy; the input is left as is). */
export function shuffle<T>(items: readonly T[], rand: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The balanced features of a routing row with their weights (as v2, plus voice, typo and other sense). */
export function routingFeatures(row: RoutingRow): Array<[string, number]> {
  const main = row.topics.split("|")[0]!;
  const f: Array<[string, number]> = [[`topic:${main}`, 5], ["size", 3]];
  if (row.tags.includes("jv")) f.push(["jv", 2]);
  if (row.tags.includes("kr")) f.push(["kr", 2]);
  if (row.section) f.push(["section", 2]);
  if (row.topics.includes("|")) f.push(["multi", 1]);
  for (const t of ["short", "long", "voice", "typo", "sense"]) if (row.tags.includes(t)) f.push([t, 1]);
  return f;
}

/**
 * Routing: shuffle, then each row goes to the half where the weighted imbalance of its features is
 * smaller after adding it (ties broken by the generator); finally each half is shuffled again.
 */
export function splitRouting(rows: readonly RoutingRow[], rand: () => number): Halves<RoutingRow> {
  const counts = [new Map<string, number>(), new Map<string, number>()] as const;
  const halves: [RoutingRow[], RoutingRow[]] = [[], []];
  for (const row of shuffle(rows, rand)) {
    const features = routingFeatures(row);
    // Cost of a side: the feature gaps after the row joins it; only this row's features change.
    const cost = (side: 0 | 1) =>
      features.reduce((sum, [name, w]) => {
        const a = (counts[0].get(name) ?? 0) + (side === 0 ? 1 : 0);
        const b = (counts[1].get(name) ?? 0) + (side === 1 ? 1 : 0);
        return sum + w * Math.abs(a - b);
      }, 0);
    const c0 = cost(0);
    const c1 = cost(1);
    const side: 0 | 1 = c0 < c1 ? 0 : c1 < c0 ? 1 : rand() < 0.5 ? 0 : 1;
    halves[side].push(row);
    for (const [name] of features) counts[side].set(name, (counts[side].get(name) ?? 0) + 1);
  }
  return { tune: shuffle(halves[0], rand), locked: shuffle(halves[1], rand) };
}

/**
 * Scam: shuffle, group by label and kind (groups in order of first appearance), and deal each group
 * alternately, starting with the half that has fewer rows of that label (the generator on a tie);
 * finally each half is shuffled again.
 */
export function splitScam(rows: readonly ScamRow[], rand: () => number): Halves<ScamRow> {
  const groups = new Map<string, ScamRow[]>();
  for (const row of shuffle(rows, rand)) {
    const key = `${row.label}/${row.kind}`;
    const g = groups.get(key) ?? [];
    g.push(row);
    groups.set(key, g);
  }
  const halves: [ScamRow[], ScamRow[]] = [[], []];
  const ofLabel = (side: 0 | 1, label: string) => halves[side].filter((r) => r.label === label).length;
  for (const group of groups.values()) {
    const label = group[0]!.label;
    const a = ofLabel(0, label);
    const b = ofLabel(1, label);
    let side: 0 | 1 = a < b ? 0 : b < a ? 1 : rand() < 0.5 ? 0 : 1;
    for (const row of group) {
      halves[side].push(row);
      side = side === 0 ? 1 : 0;
    }
  }
  return { tune: shuffle(halves[0], rand), locked: shuffle(halves[1], rand) };
}

const WRITTEN = "written 2026-12-05 independently of the router, the scam rules and every earlier evaluation file";

/** Which set a split writes: its version (as in the file names) and its seed. */
export interface SplitSet {
  version: string;
  seed: number;
  /** The date the set was written, for the file headers (2026-12-05, the date of v3 to v5, when absent). */
  written?: string;
}

const V3: SplitSet = { version: "v3", seed: SEED };

/** The "written ..." part of a header; v3 to v5 keep their original text. */
function written(set: SplitSet): string {
  return set.written ? WRITTEN.replace("2026-12-05", set.written) : WRITTEN;
}

function split(set: SplitSet): string {
  return `split once with mulberry32 seed ${set.seed} (eval/README.md)`;
}

/** A routing half as its TSV file, header comment first. */
export function routingFile(title: string, rows: readonly RoutingRow[], set: SplitSet = V3): string {
  const head = `# Routing, ${title} (issue 13, ${set.version}), ${written(set)}; ${split(set)}. ${rows.length} rows.`;
  const body = rows.map((r) => [r.question, r.topics, ...(r.section ? [r.section] : [])].join("\t"));
  return [head, ...body, ""].join("\n");
}

/** A scam half as its TSV file, header comment first. */
export function scamFile(title: string, rows: readonly ScamRow[], set: SplitSet = V3): string {
  const scams = rows.filter((r) => r.label === "scam").length;
  const head = `# Scam check, ${title} (issue 13, ${set.version}), ${written(set)}; ${split(set)}. ${rows.length} rows (${scams} scam, ${rows.length - scams} genuine).`;
  return [head, ...rows.map((r) => `${r.text}\t${r.label}\t${r.kind}`), ""].join("\n");
}

/** The balance of a routing half, as counts (no rows). */
export function routingStats(rows: readonly RoutingRow[]): Record<string, number> {
  const stats: Record<string, number> = { rows: rows.length, unknown: 0, section: 0, multi: 0 };
  for (const t of TAGS) stats[t] = 0;
  for (const r of rows) {
    if (r.topics === "unknown") stats.unknown!++;
    if (r.section) stats.section!++;
    if (r.topics.includes("|")) stats.multi!++;
    for (const t of r.tags) stats[t]!++;
  }
  return stats;
}

/** Main topic → rows, for one half. */
export function topicCounts(rows: readonly RoutingRow[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) m.set(r.topics.split("|")[0]!, (m.get(r.topics.split("|")[0]!) ?? 0) + 1);
  return m;
}

/** Every output file of the split of one set, by path relative to the repository (one generator: routing, then scam). */
export function splitFiles(routingSource: string, scamSource: string, set: SplitSet = V3): Record<string, string> {
  const rand = mulberry32(set.seed);
  const routing = splitRouting(parseRoutingSource(routingSource), rand);
  const scam = splitScam(parseScamSource(scamSource), rand);
  const v = set.version;
  return {
    [`eval/routing-tune-${v}.tsv`]: routingFile("tuning half", routing.tune, set),
    [`eval/locked/routing-locked-${v}.tsv`]: routingFile("locked half", routing.locked, set),
    [`eval/scam-tune-${v}.tsv`]: scamFile("tuning half", scam.tune, set),
    [`eval/locked/scam-locked-${v}.tsv`]: scamFile("locked half", scam.locked, set),
  };
}

/**
 * The command line of a split script: writes (or with --check compares) the four halves of `set` from
 * eval/locked/source/{routing,scam}-<version>.src; --stats prints the balance of each half, counts only.
 */
export function runSplit(set: SplitSet, argv: readonly string[] = process.argv, cwd: string = process.cwd()): void {
  const read = (p: string) => readFileSync(join(cwd, p), "utf8");
  const sources = [read(`eval/locked/source/routing-${set.version}.src`), read(`eval/locked/source/scam-${set.version}.src`)] as const;
  const files = splitFiles(sources[0], sources[1], set);
  const check = argv.includes("--check");
  let differ = 0;
  for (const [path, text] of Object.entries(files)) {
    const rows = text.split("\n").filter((l) => l && !l.startsWith("#")).length;
    if (check) {
      const same = existsSync(join(cwd, path)) && read(path) === text;
      if (!same) differ++;
      console.log(`${path}: ${rows} rows${same ? "" : " DIFFERS"}`);
    } else {
      writeFileSync(join(cwd, path), text);
      console.log(`${path}: ${rows} rows`);
    }
  }
  if (differ > 0) process.exitCode = 1;
  if (argv.includes("--stats")) {
    const rand = mulberry32(set.seed);
    const routing = splitRouting(parseRoutingSource(sources[0]), rand);
    const scam = splitScam(parseScamSource(sources[1]), rand);
    for (const half of ["tune", "locked"] as const) {
      const topics = [...topicCounts(routing[half]).entries()].sort().map(([t, n]) => `${t} ${n}`);
      const scams = scam[half].filter((r) => r.label === "scam").length;
      const kinds = new Set(scam[half].filter((r) => r.label === "scam").map((r) => r.kind)).size;
      console.log(`${half}: ${JSON.stringify(routingStats(routing[half]))}`);
      console.log(`  topics: ${topics.join(", ")}`);
      console.log(`  scam ${scams}, genuine ${scam[half].length - scams}, scam kinds ${kinds}`);
    }
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) runSplit(V3);
