/**
 * Scam-check evaluation (issue 13), run by node:
 *   node scripts/eval-scam.ts [--locked] [file.tsv]
 * Without a file, every tuning file (eval/scam-tune*.tsv) is printed in full; the free-text part runs on every
 * routing tuning file (eval/routing-tune*.tsv); `--locked` adds every eval/locked/scam-locked*.tsv as one line
 * of numbers per file.
 * Each line is `text<TAB>scam|genuine[<TAB>kind]` (`#` starts a comment, see eval/README.md). Every text goes
 * through the detector the bot uses (content/penipuan/ compiled, no verified listings), and a text is
 * "flagged" when its verdict is `suspicious`. Prints the tuning half in full: scams caught, genuine
 * offers flagged, the misses and false alarms, and per kind (red flag) how often it was raised on
 * scams and on genuine offers. The locked halves are evaluated only with `--locked`, and only as
 * numbers, never their texts.
 */
import { readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ContentBundle } from "../src/content/types.ts";
import { checkVacancyText, prepareScamRules, type ScamRules } from "../src/core/scam.ts";
import { describedScam } from "../src/core/scam-intent.ts";
import { compiledBundle, tsvFiles, tuneFiles } from "./eval-routing.ts";

export type ScamLabel = "scam" | "genuine";

/** One labelled text of an evaluation file. */
export interface ScamCase {
  text: string;
  label: ScamLabel;
  line: number;
  /** the kind of scam or genuine offer the writer meant (optional third column), for balance only */
  kind?: string;
}

/** One text with what the detector said. */
export interface ScamOutcome extends ScamCase {
  flagged: boolean;
  flags: string[];
}

/** The outcome of an evaluation run. */
export interface ScamReport {
  scams: number;
  caught: number;
  genuine: number;
  falseAlarms: number;
  outcomes: ScamOutcome[];
  /** flag id → times raised on scams and on genuine offers */
  perKind: Map<string, { scam: number; genuine: number }>;
}

/** Parse `text<TAB>scam|genuine[<TAB>kind]`; throws on a line with another label. */
export function parseScamCases(text: string): ScamCase[] {
  const cases: ScamCase[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const fields = raw.split("\t");
    const label = fields[1]?.trim() ?? "";
    if (fields.length > 3 || (label !== "scam" && label !== "genuine")) {
      throw new Error(`line ${i + 1}: expected 'text<TAB>scam|genuine[<TAB>kind]'`);
    }
    const kind = fields[2]?.trim();
    cases.push({ text: fields[0]!.trim(), label, line: i + 1, ...(kind ? { kind } : {}) });
  });
  return cases;
}

/** The bundle's scam rules, ready for matching; throws when the content has none. */
export function scamRulesOf(bundle: ContentBundle): ScamRules {
  if (!bundle.scam) throw new Error("the content has no scam rules (content/penipuan/)");
  return prepareScamRules(bundle.scam);
}

/** Check every case the way the bot does (no verified listings to compare with) and count. */
export function evaluateScam(rules: ScamRules, cases: ScamCase[]): ScamReport {
  const perKind = new Map<string, { scam: number; genuine: number }>();
  const outcomes = cases.map((c): ScamOutcome => {
    const check = checkVacancyText(c.text, [], rules);
    const flags = check.flags.map((f) => f.id);
    for (const id of flags) {
      const row = perKind.get(id) ?? { scam: 0, genuine: 0 };
      row[c.label]++;
      perKind.set(id, row);
    }
    return { ...c, flagged: check.verdict === "suspicious", flags };
  });
  const scams = outcomes.filter((o) => o.label === "scam");
  const genuine = outcomes.filter((o) => o.label === "genuine");
  return {
    scams: scams.length,
    caught: scams.filter((o) => o.flagged).length,
    genuine: genuine.length,
    falseAlarms: genuine.filter((o) => o.flagged).length,
    outcomes,
    perKind,
  };
}

/** The summary lines: caught, false alarms, recall; `detail` adds misses, false alarms and per kind. */
export function formatScamReport(report: ScamReport, detail: boolean): string[] {
  const out: string[] = [];
  if (detail) {
    const missed = report.outcomes.filter((o) => o.label === "scam" && !o.flagged);
    const alarms = report.outcomes.filter((o) => o.label === "genuine" && o.flagged);
    out.push(missed.length ? `scams missed (${missed.length}):` : "scams missed: none");
    for (const m of missed) out.push(`  line ${m.line}: "${m.text}"`);
    out.push(alarms.length ? `genuine offers flagged (${alarms.length}):` : "genuine offers flagged: none");
    for (const a of alarms) out.push(`  line ${a.line}: [${a.flags.join(", ")}] "${a.text}"`);
    out.push("", "per kind (red flag: raised on scams / on genuine offers):");
    const rows = [...report.perKind.entries()].sort((a, b) => b[1].scam - a[1].scam || a[0].localeCompare(b[0]));
    for (const [id, n] of rows) out.push(`  ${id}: ${n.scam} / ${n.genuine}`);
    out.push("");
  }
  const recall = report.scams ? report.caught / report.scams : 0;
  out.push(`scams caught: ${report.caught}/${report.scams} (recall ${recall.toFixed(2)})`);
  out.push(`genuine flagged: ${report.falseAlarms}/${report.genuine}`);
  return out;
}

/** Free-text messages of a routing file (question<TAB>topic[|topic][<TAB>section]) answered with the scam check. */
export interface FreeTextReport {
  /** questions labelled cek-lowongan, and how many of them got the check */
  scamTopic: number;
  checked: number;
  /** questions of other topics that got the check: the router never saw them */
  elsewhere: Array<{ line: number; question: string; topics: string }>;
}

/** Which questions of a routing file the engine answers with the scam check (core/scam-intent.ts). */
export function evaluateFreeText(rules: ScamRules, routingTsv: string): FreeTextReport {
  const report: FreeTextReport = { scamTopic: 0, checked: 0, elsewhere: [] };
  routingTsv.split(/\r?\n/).forEach((raw, i) => {
    if (!raw.trim() || raw.startsWith("#")) return;
    const [question = "", topics = ""] = raw.split("\t");
    const fires = describedScam(question, rules) !== undefined;
    if (topics.split("|").includes("cek-lowongan")) {
      report.scamTopic++;
      if (fires) report.checked++;
    } else if (fires) report.elsewhere.push({ line: i + 1, question, topics });
  });
  return report;
}

/** One line of numbers per locked file, never a text: `locked <name>: scams caught ...; genuine flagged ...`. */
export function lockedScamSummaries(rules: ScamRules, files: string[]): string[] {
  return files.map((file) => {
    const summary = formatScamReport(evaluateScam(rules, parseScamCases(readFileSync(file, "utf8"))), false);
    return `locked ${basename(file)}: ${summary.join("; ")}`;
  });
}

function main(): void {
  const args = process.argv.slice(2);
  const locked = args.includes("--locked");
  const file = args.find((a) => !a.startsWith("--"));
  const rules = scamRulesOf(compiledBundle());
  // the tuning files in full: the one named, else every eval/scam-tune*.tsv (v1 to v5)
  for (const tune of file ? [resolve(file)] : tsvFiles(resolve("eval"), "scam-tune")) {
    console.log(`# ${tune}`);
    console.log(formatScamReport(evaluateScam(rules, parseScamCases(readFileSync(tune, "utf8"))), true).join("\n"));
    console.log("");
  }
  // free text (the tuning files of the routing set): scams told in the seeker's words get the check, nothing else does
  for (const routing of tuneFiles()) {
    const free = evaluateFreeText(rules, readFileSync(routing, "utf8"));
    console.log(`# free text: ${routing}`);
    for (const e of free.elsewhere) console.log(`  line ${e.line}: "${e.question}" (${e.topics}) got the scam check`);
    console.log(`scam check on cek-lowongan questions: ${free.checked}/${free.scamTopic} (the rest are general questions: guide)`);
    console.log(`scam check on other questions: ${free.elsewhere.length}`);
    console.log("");
  }
  if (!locked) return;
  const lockedFiles = tsvFiles(resolve(join("eval", "locked")), "scam-locked");
  if (lockedFiles.length === 0) throw new Error("no eval/locked/scam-locked*.tsv");
  // every locked half: numbers only, one line per file, never its texts (eval/README.md)
  console.log(["# locked (numbers only)", ...lockedScamSummaries(rules, lockedFiles)].join("\n"));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
