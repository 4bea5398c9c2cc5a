/**
 * Routing evaluation, run by node:
 *   node scripts/eval-routing.ts [file.tsv]    default ../shared/eval/routing-dev.tsv
 * Each line is `question<TAB>topic` (several right topics separated by `|`; `#` starts a comment).
 * Every question goes through the engine exactly as the Worker answers a typed message; the
 * script prints every miss, the confusion between topics, and ends with `accuracy: 0.93 (63/68)`.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { compileContent, formatError } from "../src/content/compiler.ts";
import type { ContentBundle } from "../src/content/types.ts";
import { respond } from "../src/core/engine.ts";
import { route } from "../src/core/router.ts";
import { isTopicId, type TopicId } from "../src/core/topics.ts";

/** One labelled question of the evaluation file. */
export interface EvalCase {
  question: string;
  expected: TopicId[];
  line: number;
}

/** One question the router got wrong, with what it said. */
export interface EvalMiss extends EvalCase {
  got: TopicId;
  score: number;
  alternatives: TopicId[];
}

/** The outcome of an evaluation run. */
export interface EvalReport {
  total: number;
  correct: number;
  accuracy: number;
  misses: EvalMiss[];
  /** expected topic → routed topic → count, misses only */
  confusion: Map<TopicId, Map<TopicId, number>>;
}

/** Parse the TSV evaluation format; throws on a line that names no known topic. */
export function parseCases(text: string): EvalCase[] {
  const cases: EvalCase[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const tab = raw.lastIndexOf("\t");
    if (tab < 0) throw new Error(`line ${i + 1}: expected 'question<TAB>topic'`);
    const question = raw.slice(0, tab).trim();
    const expected = raw
      .slice(tab + 1)
      .split("|")
      .map((t) => t.trim());
    for (const t of expected) if (!isTopicId(t)) throw new Error(`line ${i + 1}: '${t}' is not a topic id`);
    cases.push({ question, expected: expected as TopicId[], line: i + 1 });
  });
  return cases;
}

/** Route every case through the engine the Worker uses and score it. */
export function evaluate(bundle: ContentBundle, cases: EvalCase[]): EvalReport {
  const misses: EvalMiss[] = [];
  const confusion = new Map<TopicId, Map<TopicId, number>>();
  for (const c of cases) {
    const got = respond({ type: "text", text: c.question }, {}, bundle).topic;
    if (c.expected.includes(got)) continue;
    const r = route(bundle.index, c.question);
    misses.push({ ...c, got, score: r.score, alternatives: r.alternatives });
    const row = confusion.get(c.expected[0]!) ?? new Map<TopicId, number>();
    row.set(got, (row.get(got) ?? 0) + 1);
    confusion.set(c.expected[0]!, row);
  }
  const correct = cases.length - misses.length;
  return { total: cases.length, correct, accuracy: cases.length ? correct / cases.length : 0, misses, confusion };
}

/** Compile content/ under `cwd` or throw with the content errors. */
export function compiledBundle(cwd: string = process.cwd()): ContentBundle {
  const { bundle, errors } = compileContent(join(cwd, "content"), { cwd });
  if (!bundle) throw new Error(`content has errors:\n${errors.map(formatError).join("\n")}`);
  return bundle;
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
  out.push(`accuracy: ${report.accuracy.toFixed(2)} (${report.correct}/${report.total})`);
  return out;
}

function main(): void {
  const shared = join("..", "shared", "eval", "routing-dev.tsv");
  const file = resolve(process.argv[2] ?? (existsSync(shared) ? shared : join("test", "fixtures", "routing", "routing-dev.tsv")));
  const cases = parseCases(readFileSync(file, "utf8"));
  const report = evaluate(compiledBundle(), cases);
  console.log(formatReport(report).join("\n"));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
