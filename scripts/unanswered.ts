/**
 * Questions the bot did not understand, for staff in a terminal (the dashboard shows them at /admin/belum-terjawab):
 *   node scripts/unanswered.ts [--local | --remote] [--days N] [--limit N] [--persist-to DIR]
 * Lists seekers' typed messages routed to `unknown`, newest first, with their date, then the
 * most frequent ones. Only the message text is shown: no names, ids or conversation ids.
 * Reads D1 through wrangler's platform proxy with the dashboard's query module (unansweredMessages, which uses the
 * partial index messages_unknown_idx).
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { unansweredMessages } from "../src/counsellor/queries.ts";
import { normalise } from "../src/text/normalise.ts";
import { openD1 } from "./lib/d1.ts";

/** Command-line options. */
export interface UnansweredOptions {
  target: "--local" | "--remote";
  days: number;
  limit: number;
  persistTo?: string;
}

/** One unanswered message: what the seeker typed and when (epoch milliseconds). */
export interface UnansweredRow {
  text: string;
  created_at: number;
}

const DAY_MS = 86_400_000;

/** Parse argv; throws with a usage message on anything unexpected. */
export function parseArgs(argv: string[]): UnansweredOptions {
  const options: UnansweredOptions = { target: "--local", days: 7, limit: 200 };
  const count = (flag: string, value: string | undefined) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} needs a whole number above 0 (got '${value ?? ""}')`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--local" || arg === "--remote") options.target = arg;
    else if (arg === "--days") options.days = count(arg, argv[++i]);
    else if (arg === "--limit") options.limit = count(arg, argv[++i]);
    else if (arg === "--persist-to") options.persistTo = argv[++i];
    else throw new Error(`unknown option '${arg}'; usage: unanswered [--local|--remote] [--days N] [--limit N] [--persist-to DIR]`);
  }
  return options;
}

/** The report lines: every message with its date, then the most frequent wordings. */
export function formatUnanswered(rows: UnansweredRow[], days: number): string[] {
  if (rows.length === 0) return [`No unanswered questions in the last ${days} day${days === 1 ? "" : "s"}.`];
  const out = [`Unanswered questions, last ${days} day${days === 1 ? "" : "s"} (${rows.length}, newest first, times in UTC):`, ""];
  for (const r of rows) {
    const when = new Date(r.created_at).toISOString().slice(0, 16).replace("T", " ");
    out.push(`${when}  ${r.text.replace(/\s+/g, " ").trim()}`);
  }
  const counts = new Map<string, { text: string; n: number }>();
  for (const r of rows) {
    const key = normalise(r.text);
    const entry = counts.get(key) ?? { text: r.text.replace(/\s+/g, " ").trim(), n: 0 };
    entry.n++;
    counts.set(key, entry);
  }
  const repeated = [...counts.values()].filter((e) => e.n > 1).sort((a, b) => b.n - a.n).slice(0, 10);
  if (repeated.length > 0) {
    out.push("", "Asked more than once:");
    for (const e of repeated) out.push(`${String(e.n).padStart(4)} × ${e.text}`);
  }
  return out;
}

/** Read the unanswered messages of the last `options.days` days. */
export async function fetchUnanswered(options: UnansweredOptions, now: number = Date.now()): Promise<UnansweredRow[]> {
  const d1 = await openD1({ remote: options.target === "--remote", ...(options.persistTo ? { persistTo: options.persistTo } : {}) });
  try {
    return await unansweredMessages(d1.db, now - options.days * DAY_MS, options.limit);
  } finally {
    await d1.close();
  }
}

async function main(): Promise<void> {
  let options: UnansweredOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  let rows: UnansweredRow[];
  try {
    rows = await fetchUnanswered(options);
  } catch (e) {
    console.error(`Could not read D1 (${options.target.slice(2)}): ${(e as Error).message.trim()}`);
    process.exit(1);
  }
  console.log(formatUnanswered(rows, options.days).join("\n"));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
