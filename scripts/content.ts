/**
 * Content CLI, run by node at build time:
 *   node scripts/content.ts check            validate content/ and print errors an editor understands, then
 *                                            warnings and what needs attention soon (closing listings, old guides)
 *   node scripts/content.ts build            validate and write dist/content/bundle.json
 *   node scripts/content.ts sync --local     build, then write to KV only what changed (--remote for production)
 * `--relative-dates` (tests and local demos only, never with --remote) moves listing dates so they keep their
 * distance to today (src/content/relative-dates.ts). Errors exit 1; warnings never fail.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compileContent, formatError, officeToday } from "../src/content/compiler.ts";
import { relativeContent } from "../src/content/relative-dates.ts";
import { contentReport, EXPIRING_WITHIN_DAYS, REVIEW_AFTER_MONTHS } from "../src/content/report.ts";
import { BLOB_PREFIX, CONTENT_KEY, type ContentBundle } from "../src/content/types.ts";

const [command = "build", ...flags] = process.argv.slice(2);
const relativeDates = flags.includes("--relative-dates");
if (relativeDates && flags.includes("--remote")) {
  console.error("--relative-dates is for tests and local demos; production always shows the real dates");
  process.exit(2);
}
const today = officeToday();
const source = relativeDates ? relativeContent(join(process.cwd(), "content"), today) : undefined;
const root = source?.dir ?? join(process.cwd(), "content");
if (source && source.days !== 0) console.log(`listing dates moved ${source.days} days (content dated ${source.asOf}, today ${today})`);
const outDir = join(process.cwd(), "dist", "content");

function compileOrExit(): { bundle: ContentBundle; blobs: Record<string, string> } {
  const started = performance.now();
  const { bundle, blobs = {}, listings, errors, warnings } = compileContent(root, { today, ...(source ? { cwd: source.cwd } : {}) });
  if (warnings.length > 0) {
    console.warn(`Content has ${warnings.length} warning${warnings.length === 1 ? "" : "s"} (they do not stop a deploy):`);
    for (const w of warnings) console.warn(`  ${formatError(w)}`);
  }
  if (errors.length > 0 || !bundle) {
    console.error(`Content has ${errors.length} error${errors.length === 1 ? "" : "s"}:`);
    for (const e of errors) console.error(`  ${formatError(e)}`);
    return process.exit(1);
  }
  if (command === "check") {
    const report = contentReport(Object.values(bundle.topics), listings, today);
    if (report.expiring.length > 0) {
      console.log(`Listings closing within ${EXPIRING_WITHIN_DAYS} days (today is ${today}):`);
      for (const x of report.expiring) {
        console.log(`  ${x.file}: 'batas' ${x.deadline}, ${x.daysLeft === 0 ? "closes today" : `${x.daysLeft} day${x.daysLeft === 1 ? "" : "s"} left`}`);
      }
    }
    if (report.reviewDue.length > 0) {
      console.log(`Guides last reviewed more than ${REVIEW_AFTER_MONTHS} months ago (check the facts, then update 'reviewed'):`);
      for (const r of report.reviewDue) console.log(`  ${r.file}: 'reviewed' ${r.reviewed}`);
    }
  }
  const ms = (performance.now() - started).toFixed(0);
  const vacancies = listings?.vacancies.length ?? 0;
  const trainings = listings?.trainings.length ?? 0;
  console.log(
    `content ok: ${Object.keys(bundle.topics).length} topics, ${vacancies} vacanc${vacancies === 1 ? "y" : "ies"}, ` +
      `${trainings} training${trainings === 1 ? "" : "s"}, version ${bundle.version} (${ms} ms)`,
  );
  return { bundle, blobs };
}

function wrangler(args: string[]): string {
  return execFileSync("wrangler", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function sync(bundle: ContentBundle, blobs: Record<string, string>, target: "--local" | "--remote"): void {
  const persist = flags.includes("--persist-to") ? ["--persist-to", flags[flags.indexOf("--persist-to") + 1]!] : [];
  const base = ["kv", "key", "--binding", "CONTENT", target, ...persist];
  const writes: Array<{ key: string; value: string; metadata?: unknown }> = [];
  // Content-hashed blobs never change: write only those the namespace lacks.
  const blobKeys = Object.keys(blobs);
  if (blobKeys.length > 0) {
    const listed = JSON.parse(wrangler(["kv", "key", "list", "--binding", "CONTENT", target, ...persist, "--prefix", BLOB_PREFIX])) as Array<{ name: string }>;
    const present = new Set(listed.map((k) => k.name));
    for (const key of blobKeys) if (!present.has(key)) writes.push({ key, value: blobs[key]! });
  }
  let currentVersion = "";
  try {
    currentVersion = (JSON.parse(wrangler([...base.slice(0, 2), "get", CONTENT_KEY, ...base.slice(2)])) as ContentBundle).version;
  } catch {
    currentVersion = "";
  }
  if (currentVersion !== bundle.version) {
    // liveAt: when this version went live, shown on the dashboard's "Konten" page
    writes.push({ key: CONTENT_KEY, value: JSON.stringify(bundle), metadata: { version: bundle.version, liveAt: new Date().toISOString() } });
  }
  if (writes.length === 0) {
    console.log(`KV already holds content version ${bundle.version}: nothing written`);
    return;
  }
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, "kv-writes.json");
  writeFileSync(file, JSON.stringify(writes));
  wrangler(["kv", "bulk", "put", file, "--binding", "CONTENT", target, ...persist]);
  console.log(`KV: wrote ${writes.length} key${writes.length === 1 ? "" : "s"} (${writes.map((w) => w.key).join(", ")}); was ${currentVersion || "empty"}, now ${bundle.version}`);
}

const { bundle, blobs } = compileOrExit();
if (command === "build" || command === "sync") {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "bundle.json"), JSON.stringify(bundle));
}
if (command === "sync") {
  const target = flags.includes("--remote") ? "--remote" : "--local";
  sync(bundle, blobs, target);
} else if (command !== "check" && command !== "build") {
  console.error(`unknown command '${command}': use check, build or sync`);
  process.exit(2);
}
