/**
 * The safety check of a scam pattern written by content staff (content/penipuan/): it must compile after its
 * {blocks} are expanded, not match an empty text, be written in lower case, and get through stress texts quickly, so
 * a catastrophic pattern fails the build instead of hanging the bot. Runs in node at build time.
 */
import { expandScamPattern } from "../core/scam-patterns.ts";

/** A pattern slower than this (CPU time, so a busy machine does not fail a good pattern) on one stress text is rejected. */
const SLOW_MS = 400;

/** CPU time of this process in milliseconds. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Texts a pattern must get through quickly: runs of a unit that make nested repetition explode, each with a
 * tail that fails the match. They grow step by step (slowly while short, where exponential backtracking
 * shows, then doubling), so a catastrophic pattern is stopped at the first slow step instead of hanging the build.
 */
const STRESS_UNITS: Array<[string, string]> = [
  ["a", "!"],
  ["a ", "!"],
  ["1.", "x"],
  ["biaya ", "\n"],
];
const STRESS_SIZES = [...Array.from({ length: 16 }, (_, i) => 8 + 2 * i), 48, 96, 192, 384, 768, 1536, 3000];

/** Results of patternProblem by pattern: the stress run is the costly part, and a build compiles the same patterns again and again. */
const problems = new Map<string, string | undefined>();

/** Why a pattern cannot be used, or undefined when it is fine. */
export function patternProblem(source: string, global = true): string | undefined {
  const key = `${global ? "g" : "-"}${source}`;
  if (problems.has(key)) return problems.get(key);
  const problem = findProblem(source, global);
  problems.set(key, problem);
  return problem;
}

function findProblem(source: string, global: boolean): string | undefined {
  let expanded: string;
  try {
    expanded = expandScamPattern(source);
  } catch (e) {
    return (e as Error).message;
  }
  let re: RegExp;
  try {
    re = new RegExp(expanded, global ? "g" : "");
  } catch (e) {
    return `not a valid pattern (${(e as Error).message.replace(/^Invalid regular expression: /, "")})`;
  }
  if (new RegExp(expanded).test("")) return "the pattern matches an empty text, so it would match every message";
  if (/[A-Z]/.test(source.replace(/\\[A-Za-z]|\{[^}]*\}|\[[^\]]*\]/g, ""))) {
    return "the text is compared in lower case, so capital letters never match; write the pattern in lower case";
  }
  for (const [unit, tail] of STRESS_UNITS) {
    for (const size of STRESS_SIZES) {
      const text = unit.repeat(size) + tail;
      const started = cpuMs();
      if (global) for (const _ of text.matchAll(re));
      else re.test(text);
      if (cpuMs() - started > SLOW_MS) return `the pattern is too slow (over ${SLOW_MS} ms on a text of ${text.length} characters); avoid nested repetition like (a+)+`;
    }
  }
  return undefined;
}

