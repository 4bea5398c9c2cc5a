/**
 * Content CLI, run by node at build time:
 *   node scripts/content.ts check            validate content/ and print errors an editor understands
 *   node scripts/content.ts build            validate and write dist/content/bundle.json
 *   node scripts/content.ts sync --local     build, then write to KV only what changed (--remote for production)
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compileContent, formatError } from "../src/content/compiler.ts";
import { BLOB_PREFIX, CONTENT_KEY, type ContentBundle } from "../src/content/types.ts";

const [command = "build", ...flags] = process.argv.slice(2);
const root = join(process.cwd(), "content");
const outDir = join(process.cwd(), "dist", "content");

function compileOrExit(): { bundle: ContentBundle; blobs: Record<string, string> } {
  const started = performance.now();
  const { bundle, blobs = {}, listings, errors } = compileContent(root);
  if (errors.length > 0 || !bundle) {
    console.error(`Content has ${errors.length} error${errors.length === 1 ? "" : "s"}:`);
    for (const e of errors) console.error(`  ${formatError(e)}`);
    return process.exit(1);
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
    writes.push({ key: CONTENT_KEY, value: JSON.stringify(bundle), metadata: { version: bundle.version } });
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
