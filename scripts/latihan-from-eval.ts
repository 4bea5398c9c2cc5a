/**
 * Writes content/latihan/evaluasi-released.tsv, the topic model's training questions taken from the released
 * evaluation rows (the dev file's copy in test/fixtures/routing/, every tuning half and spent/), and
 * content/latihan/penipuan/evaluasi-released.tsv, the scam model's training offers (every released scam set), run by node:
 *   node scripts/latihan-from-eval.ts           write it
 *   node scripts/latihan-from-eval.ts --check   write nothing; exit 1 if the committed file differs
 * A released question that is word for word the same as a question of a locked half (eval/locked/) is left out, so
 * a locked half never scores a question the model learned; the comparison is mechanical and only counts are
 * printed, never a locked row (eval/README.md).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const root = join(import.meta.dirname, "..");
const OUT = join(root, "content", "latihan", "evaluasi-released.tsv");
const SCAM_OUT = join(root, "content", "latihan", "penipuan", "evaluasi-released.tsv");
const rows = (file: string) =>
  readFileSync(file, "utf8")
    .split(/\r?\n/)
    .filter((l) => l.trim() && !l.startsWith("#"));
const question = (row: string) => row.split("\t")[0]!.trim().toLowerCase();
const tsv = (dir: string, prefix: string) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.startsWith(prefix) && f.endsWith(".tsv"))
        .sort()
        .map((f) => join(dir, f))
    : [];

/** A training file's text and how many released rows were left out because a locked half holds them. */
export interface Released {
  text: string;
  kept: number;
  droppedLocked: number;
  sources: string[];
}

/** The released rows of `sources` that no locked half (`eval/locked/<lockedPrefix>*.tsv`) holds, under `about`. */
function released(lockedPrefix: string, sources: string[], about: string, row: (r: string) => string = (r) => r): Released {
  const locked = new Set(tsv(join(root, "eval", "locked"), lockedPrefix).flatMap(rows).map(question));
  const kept: string[] = [];
  let droppedLocked = 0;
  for (const r of sources.flatMap(rows)) {
    if (locked.has(question(r))) droppedLocked++;
    else kept.push(row(r));
  }
  const names = sources.map((s) => s.slice(root.length + 1));
  const header = [
    about,
    `# Written by scripts/latihan-from-eval.ts from the released evaluation rows: ${names.join(", ")}.`,
    "# Locked halves (eval/locked/) are never copied, and a released row equal to a locked one is left out.",
  ];
  return { text: `${[...header, ...kept].join("\n")}\n`, kept: kept.length, droppedLocked, sources: names };
}

/** The topic model's training questions: the dev file's copy, every routing tuning half and spent/. */
export function latihanFromEval(): Released {
  const sources = [
    join(root, "test", "fixtures", "routing", "routing-dev.tsv"),
    ...tsv(join(root, "eval"), "routing-tune"),
    ...tsv(join(root, "eval", "spent"), "routing-"),
  ];
  return released("routing-locked", sources, "# Labelled questions the topic model learns from (src/content/topic-model-data.ts): question<TAB>topic[|topic][<TAB>section].");
}

/** The scam model's training offers: every released scam text (its kind column left out). */
export function scamFromEval(): Released {
  const sources = [...tsv(join(root, "eval"), "scam-tune"), ...tsv(join(root, "eval", "spent"), "scam-")];
  const about = "# Labelled job offers the scam model learns from (src/content/scam-model-data.ts): text<TAB>scam|genuine.";
  return released("scam-locked", sources, about, (r) => r.split("\t").slice(0, 2).join("\t"));
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const outputs = [
    { path: OUT, r: latihanFromEval(), what: "questions" },
    { path: SCAM_OUT, r: scamFromEval(), what: "offers" },
  ];
  if (process.argv.includes("--check")) {
    let ok = true;
    for (const { path, r } of outputs) {
      const same = existsSync(path) && readFileSync(path, "utf8") === r.text;
      const name = path.slice(root.length + 1);
      console.log(same ? `${name} is up to date` : `${name} differs: run node scripts/latihan-from-eval.ts`);
      ok &&= same;
    }
    process.exit(ok ? 0 : 1);
  }
  for (const { path, r, what } of outputs) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, r.text);
    console.log(`${path.slice(root.length + 1)}: wrote ${r.kept} ${what} from ${r.sources.length} files; left out ${r.droppedLocked} equal to a locked one`);
  }
}
