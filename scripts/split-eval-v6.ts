/**
 * The one-time split of evaluation set v6 (issue 13, eval/README.md), run by node:
 *   node scripts/split-eval-v6.ts            writes the four halves from eval/locked/source/*-v6.src
 *   node scripts/split-eval-v6.ts --check    writes nothing; exits 1 if the committed halves differ
 *   add --stats                               also prints the balance of each half (counts only)
 * The same method as v3 to v5 (scripts/split-eval-v3.ts): one mulberry32 generator, here seeded 20261210,
 * routing first (balanced by main topic, size, Javanese, krama, section, several topics and style), then the scam
 * set (dealt by label and kind). It prints only counts, never rows. The sources hold both halves, so they sit under
 * eval/locked/ and the rules for locked/ apply to them.
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runSplit, type SplitSet } from "./split-eval-v3.ts";

export const V6: SplitSet = { version: "v6", seed: 20261210, written: "2026-12-06" };

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) runSplit(V6);
