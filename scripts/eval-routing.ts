/**
 * Routing evaluation, run by node:
 *   node scripts/eval-routing.ts                 the dev file (../shared/eval/routing-dev.tsv) and every tuning file
 *                                                (eval/routing-tune*.tsv: v1 to v5), each in full
 *   node scripts/eval-routing.ts file.tsv        one file, in full
 *   node scripts/eval-routing.ts --only dev|tune  one of the two
 *   node scripts/eval-routing.ts --only locked   every locked half (eval/locked/routing-locked*.tsv), one line of
 *                                                numbers per file, never its rows: eval/README.md
 * Each line is `question<TAB>topic[<TAB>section]` (several right topics separated by `|`; `#` starts a comment;
 * the section is the sectionSlug of the guide heading that answers a precise question).
 * Every question goes through the engine exactly as the Worker answers a typed message; a full report prints
 * every miss, the confusion between topics, per-topic precision and recall, the section accuracy on the rows
 * with a section, and ends with `accuracy: 0.93 (63/68)`.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { compileContent, formatError } from "../src/content/compiler.ts";
import type { ContentBundle } from "../src/content/types.ts";
import { respond } from "../src/core/engine.ts";
import { route } from "../src/core/router.ts";
import { isTopicId, TOPIC_IDS, type TopicId } from "../src/core/topics.ts";
import type { Reply } from "../src/core/types.ts";

/** One labelled question of the evaluation file. */
export interface EvalCase {
  question: string;
  expected: TopicId[];
  line: number;
  /** the guide section (sectionSlug of its heading) that answers a precise question */
  section?: string;
}

/** One question the router got wrong, with what it said. */
export interface EvalMiss extends EvalCase {
  got: TopicId;
  /** the section the reply showed, if any */
  gotSection?: string;
  score: number;
  alternatives: TopicId[];
}

/** Per topic: how often it was routed to rightly (precision) and how often its questions reached it (recall). */
export interface TopicScore {
  topic: TopicId;
  /** questions whose main topic this is */
  expected: number;
  /** questions routed to it */
  routed: number;
  /** routed to it and it is a right answer */
  rightRouted: number;
  /** questions whose main topic this is, answered right */
  recalled: number;
  precision: number;
  recall: number;
}

/** The outcome of an evaluation run. */
export interface EvalReport {
  total: number;
  correct: number;
  accuracy: number;
  misses: EvalMiss[];
  /** expected topic → routed topic → count, misses only */
  confusion: Map<TopicId, Map<TopicId, number>>;
  perTopic: TopicScore[];
  /** rows with a section label: how many got the right topic and exactly that section */
  sections: { total: number; correct: number; accuracy: number; misses: EvalMiss[] };
  /** rows without a section label answered right but with a section (a general question cut short) */
  sectionOnGeneral: number;
}

/** Parse the TSV evaluation format; throws on a line that names no known topic. */
export function parseCases(text: string): EvalCase[] {
  const cases: EvalCase[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const fields = raw.split("\t");
    if (fields.length < 2 || fields.length > 3) throw new Error(`line ${i + 1}: expected 'question<TAB>topic[<TAB>section]'`);
    const question = fields[0]!.trim();
    const expected = fields[1]!.split("|").map((t) => t.trim());
    for (const t of expected) if (!isTopicId(t)) throw new Error(`line ${i + 1}: '${t}' is not a topic id`);
    const section = fields[2]?.trim();
    if (section !== undefined && section !== "" && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(section)) {
      throw new Error(`line ${i + 1}: '${section}' is not a section slug (lowercase words joined by '-')`);
    }
    cases.push({ question, expected: expected as TopicId[], line: i + 1, ...(section ? { section } : {}) });
  });
  return cases;
}

/** Route every case through the engine the Worker uses and score it. */
export function evaluate(bundle: ContentBundle, cases: EvalCase[]): EvalReport {
  const misses: EvalMiss[] = [];
  const sectionMisses: EvalMiss[] = [];
  const confusion = new Map<TopicId, Map<TopicId, number>>();
  const counts = new Map<TopicId, { expected: number; routed: number; rightRouted: number; recalled: number }>();
  const count = (t: TopicId) => {
    let c = counts.get(t);
    if (!c) counts.set(t, (c = { expected: 0, routed: 0, rightRouted: 0, recalled: 0 }));
    return c;
  };
  let sectionTotal = 0;
  let sectionCorrect = 0;
  let sectionOnGeneral = 0;
  for (const c of cases) {
    const result = respond({ type: "text", text: c.question }, {}, bundle);
    const got = result.topic;
    const gotSection = sectionOf(result.replies);
    const right = c.expected.includes(got);
    count(c.expected[0]!).expected++;
    count(got).routed++;
    if (right) {
      count(got).rightRouted++;
      count(c.expected[0]!).recalled++;
    }
    const miss = (): EvalMiss => {
      const r = route(bundle.index, c.question);
      return { ...c, got, ...(gotSection ? { gotSection } : {}), score: r.score, alternatives: r.alternatives };
    };
    if (c.section) {
      sectionTotal++;
      if (right && gotSection === c.section) sectionCorrect++;
      else sectionMisses.push(miss());
    } else if (right && gotSection) sectionOnGeneral++;
    if (right) continue;
    misses.push(miss());
    const row = confusion.get(c.expected[0]!) ?? new Map<TopicId, number>();
    row.set(got, (row.get(got) ?? 0) + 1);
    confusion.set(c.expected[0]!, row);
  }
  const perTopic: TopicScore[] = TOPIC_IDS.filter((t) => counts.has(t)).map((t) => {
    const c = counts.get(t)!;
    return { topic: t, ...c, precision: c.routed ? c.rightRouted / c.routed : 1, recall: c.expected ? c.recalled / c.expected : 1 };
  });
  const correct = cases.length - misses.length;
  return {
    total: cases.length,
    correct,
    accuracy: cases.length ? correct / cases.length : 0,
    misses,
    confusion,
    perTopic,
    sections: { total: sectionTotal, correct: sectionCorrect, accuracy: sectionTotal ? sectionCorrect / sectionTotal : 1, misses: sectionMisses },
    sectionOnGeneral,
  };
}

/** The guide section the engine's replies show, if one does. */
function sectionOf(replies: Reply[]): string | undefined {
  for (const r of replies) if (r.body.kind === "guide" && r.body.section) return r.body.section;
  return undefined;
}

/** `unknown` precision: of the questions the engine did not understand, the share that really are out of scope. */
export function unknownPrecision(report: EvalReport): TopicScore | undefined {
  return report.perTopic.find((t) => t.topic === "unknown");
}

/** Compile content/ under `cwd` or throw with the content errors. */
export function compiledBundle(cwd: string = process.cwd()): ContentBundle {
  const { bundle, errors } = compileContent(join(cwd, "content"), { cwd });
  if (!bundle) throw new Error(`content has errors:\n${errors.map(formatError).join("\n")}`);
  return bundle;
}

/** The numbers only (no rows): accuracy, `unknown` precision and recall, section accuracy. */
export function formatSummary(report: EvalReport): string[] {
  const unknown = unknownPrecision(report);
  const out = [`accuracy: ${report.accuracy.toFixed(2)} (${report.correct}/${report.total})`];
  if (unknown) {
    out.push(
      `unknown precision: ${unknown.precision.toFixed(2)} (${unknown.rightRouted}/${unknown.routed}), recall: ${unknown.recall.toFixed(2)} (${unknown.recalled}/${unknown.expected})`,
    );
  }
  if (report.sections.total > 0) {
    out.push(`section accuracy: ${report.sections.accuracy.toFixed(2)} (${report.sections.correct}/${report.sections.total})`);
  }
  out.push(`general questions answered with a section: ${report.sectionOnGeneral}`);
  return out;
}

/** The report as the lines the CLI prints, the accuracy line last. */
export function formatReport(report: EvalReport): string[] {
  const out: string[] = [];
  if (report.misses.length > 0) {
    out.push(`misses (${report.misses.length}):`);
    for (const m of report.misses) {
      const alt = m.alternatives.length ? `, then ${m.alternatives.join(", ")}` : "";
      out.push(`  line ${m.line}: "${m.question}" expected ${m.expected.join("|")}, got ${m.got} (score ${m.score.toFixed(2)}${alt})`);
    }
    out.push("", "confusion (expected → routed: count):");
    const rows = [...report.confusion.entries()].sort(([a], [b]) => a.localeCompare(b));
    for (const [expected, row] of rows) {
      const cells = [...row.entries()].sort((a, b) => b[1] - a[1]).map(([got, n]) => `${got} ${n}`);
      out.push(`  ${expected} → ${cells.join(", ")}`);
    }
    out.push("");
  } else {
    out.push("misses: none", "");
  }
  if (report.sections.total > 0) {
    const wrong = report.sections.misses.filter((m) => m.expected.includes(m.got));
    if (wrong.length > 0) {
      out.push(`section misses with the right topic (${wrong.length}):`);
      for (const m of wrong) out.push(`  line ${m.line}: "${m.question}" expected §${m.section}, got ${m.gotSection ? `§${m.gotSection}` : "the whole guide"}`);
      out.push("");
    }
  }
  out.push("per topic (precision, recall):");
  for (const t of report.perTopic) {
    out.push(`  ${t.topic.padEnd(18)} P ${t.precision.toFixed(2)} (${t.rightRouted}/${t.routed})  R ${t.recall.toFixed(2)} (${t.recalled}/${t.expected})`);
  }
  out.push("", ...formatSummary(report).slice(1));
  out.push(`accuracy: ${report.accuracy.toFixed(2)} (${report.correct}/${report.total})`);
  return out;
}

/** The evaluation files by name: the shared dev file (or its copy in the repository) and the two halves. */
export function evalFiles(cwd: string = process.cwd()): Record<"dev" | "tune" | "locked", string> {
  const shared = join(cwd, "..", "shared", "eval", "routing-dev.tsv");
  return {
    dev: existsSync(shared) ? shared : join(cwd, "test", "fixtures", "routing", "routing-dev.tsv"),
    tune: join(cwd, "eval", "routing-tune.tsv"),
    locked: join(cwd, "eval", "locked", "routing-locked.tsv"),
  };
}

/** The files in `dir` whose names start with `prefix` and end in `.tsv`, by name (`x.tsv` before `x-v2.tsv`); none when `dir` is missing. */
export function tsvFiles(dir: string, prefix: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith(".tsv"))
    .map((f) => f.slice(0, -".tsv".length))
    .sort()
    .map((f) => join(dir, `${f}.tsv`));
}

/** Every routing tuning file: eval/routing-tune*.tsv (v1's `routing-tune.tsv` first, then the later versions). */
export function tuneFiles(cwd: string = process.cwd()): string[] {
  return tsvFiles(join(cwd, "eval"), "routing-tune");
}

/** Every locked routing half: eval/locked/routing-locked*.tsv. */
export function lockedFiles(cwd: string = process.cwd()): string[] {
  return tsvFiles(join(cwd, "eval", "locked"), "routing-locked");
}

/** One line of numbers per locked file, never a row: `locked <name>: accuracy ...; unknown precision ...; ...`. */
export function lockedSummaries(bundle: ContentBundle, files: string[]): string[] {
  return files.map((file) => {
    const summary = formatSummary(evaluate(bundle, parseCases(readFileSync(file, "utf8"))));
    return `locked ${basename(file)}: ${summary.join("; ")}`;
  });
}

function main(): void {
  const args = process.argv.slice(2);
  const at = args.indexOf("--only");
  const only = at >= 0 ? args.splice(at, 2)[1] : undefined;
  const bundle = compiledBundle();
  const run = (file: string) => evaluate(bundle, parseCases(readFileSync(file, "utf8")));
  if (args[0]) {
    console.log(formatReport(run(resolve(args[0]))).join("\n"));
    return;
  }
  const files = evalFiles();
  if (only !== undefined && !(only in files)) throw new Error(`--only takes dev, tune or locked (got '${only}')`);
  if (only === "locked") {
    // Every locked half is reported as numbers only, once, at the end of the work (eval/README.md).
    console.log(["## locked", ...lockedSummaries(bundle, lockedFiles())].join("\n"));
    return;
  }
  const names = only ? [only as "dev" | "tune"] : (["dev", "tune"] as const);
  const out: string[] = [];
  for (const name of names) {
    for (const file of name === "tune" ? tuneFiles() : [files.dev]) out.push(`## ${name} (${file})`, ...formatReport(run(file)), "");
  }
  console.log(out.join("\n").trimEnd());
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
