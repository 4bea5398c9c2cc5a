/**
 * The free-plan budget of `npm run bench` (issue 16): what a day of 10,000 seeker messages and single requests use of
 * the Workers Free plan's limits, with the share of each, from figures measured in the same run. A share above one
 * half fails the bench (non-zero exit).
 *
 * Per-request measures plug in by name: scripts/bench-passkey.ts `measurePasskeyVerifyMs`, scripts/bench-listings.ts
 * `measureColdListingMs` and `measureAlertRunMs` (other branches add them). Until a module exports its function, the
 * figure that exists today is measured instead and the row says so; a figure nobody measures is shown as such and
 * never counted as within budget silently.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DUMMY_HASH, verifyPassword } from "../src/counsellor/password.ts";
import { prepareListings } from "../src/listings/prepare.ts";
import { parseListingQuery } from "../src/listings/search.ts";
import { generateListings, generateProfiles } from "../test/fixtures/listings-gen.ts";

/** The Workers Free plan's limits (developers.cloudflare.com/workers/platform/limits, D1 and KV pricing). */
export const FREE_PLAN = {
  d1RowsWrittenPerDay: 100_000,
  d1RowsReadPerDay: 5_000_000,
  kvReadsPerDay: 100_000,
  kvWritesPerDay: 1_000,
  requestsPerDay: 100_000,
  cpuMsPerRequest: 10,
  subrequestsPerInvocation: 50,
} as const;

/** The share of a limit a bench may use. */
export const MAX_SHARE = 0.5;

/** One row of the table. */
export interface BudgetRow {
  what: string;
  /** the measured figure; undefined = not measured in this run */
  used: number | undefined;
  limit: number;
  unit: string;
  /** how the figure was obtained */
  source: string;
}

/** A measured figure with how it was obtained. */
export interface Measure {
  value: number | undefined;
  source: string;
}

const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString("en") : n >= 1 ? n.toFixed(2) : n.toFixed(3));

/** The table as Markdown lines, and the rows over MAX_SHARE (unmeasured rows are listed apart). */
export function budgetTable(rows: BudgetRow[]): { lines: string[]; over: BudgetRow[]; unmeasured: BudgetRow[] } {
  const lines = [`| measure | used | free-plan limit | share | source |`, `| --- | ---: | ---: | ---: | --- |`];
  const over: BudgetRow[] = [];
  const unmeasured: BudgetRow[] = [];
  for (const r of rows) {
    if (r.used === undefined || !Number.isFinite(r.used)) {
      unmeasured.push(r);
      lines.push(`| ${r.what} | not measured | ${fmt(r.limit)} ${r.unit} | – | ${r.source} |`);
      continue;
    }
    const share = r.used / r.limit;
    if (share > MAX_SHARE) over.push(r);
    lines.push(`| ${r.what} | ${fmt(r.used)} ${r.unit} | ${fmt(r.limit)} ${r.unit} | ${share > MAX_SHARE ? "**" : ""}${(share * 100).toFixed(1)}%${share > MAX_SHARE ? " (over 50%)**" : ""} | ${r.source} |`);
  }
  return { lines, over, unmeasured };
}

/** A measure function of another bench module, when it exports one. */
async function plugin(module: string, name: string): Promise<(() => Promise<number> | number) | undefined> {
  const path = join(import.meta.dirname, module);
  if (!existsSync(path)) return undefined;
  const mod = (await import(path)) as Record<string, unknown>;
  const fn = mod[name];
  return typeof fn === "function" ? (fn as () => Promise<number> | number) : undefined;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** CPU of a counsellor sign-in: the passkey verification when available, else today's password check (PBKDF2). */
export async function measureSignIn(): Promise<Measure> {
  const passkey = await plugin("bench-passkey.ts", "measurePasskeyVerifyMs");
  if (passkey) return { value: await passkey(), source: "passkey verification (bench-passkey.ts)" };
  await verifyPassword("warm-up password", DUMMY_HASH);
  const runs: number[] = [];
  for (let i = 0; i < 9; i++) {
    const t = performance.now();
    await verifyPassword(`wrong password ${i}`, DUMMY_HASH);
    runs.push(performance.now() - t);
  }
  return { value: median(runs), source: "password sign-in today (PBKDF2-SHA256, 100,000 iterations, node, median of 9): no passkeys on this branch yet" };
}

/**
 * The first request needing listings in a fresh isolate at 2,000 vacancies and 200 trainings: wt-coldstart's measure
 * when available, else today's layout: JSON.parse of the blob + first search + first match in a fresh node process,
 * median of 5 (bench-listings.ts --cold-request).
 */
export async function measureColdListing(): Promise<Measure> {
  const fn = await plugin("bench-listings.ts", "measureColdListingMs");
  if (fn) return { value: await fn(), source: "bench-listings.ts measureColdListingMs" };
  const today = "2026-11-23";
  const listings = generateListings(20261123, { vacancies: 2000, trainings: 200, today });
  const input = { json: JSON.stringify(prepareListings(listings)), query: parseListingQuery(listings.places, "tukang las"), profile: generateProfiles(20261124, 1)[0] };
  const dir = mkdtempSync(join(tmpdir(), "binjol-budget-"));
  try {
    const file = join(dir, "request.json");
    writeFileSync(file, JSON.stringify(input));
    const runs = Array.from({ length: 5 }, () => {
      const out = execFileSync(process.execPath, [join(import.meta.dirname, "bench-listings.ts"), "--cold-request", file], { encoding: "utf8" });
      return (JSON.parse(out) as { total: number }).total;
    });
    return { value: median(runs), source: "today's blob layout: parse + first search + first match, fresh node process, median of 5" };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One alert-run Cron invocation in a fresh isolate: wt-coldstart's measure (not measured on this branch). */
export async function measureAlertRun(): Promise<Measure> {
  const fn = await plugin("bench-listings.ts", "measureAlertRunMs");
  if (fn) return { value: await fn(), source: "bench-listings.ts measureAlertRunMs" };
  return { value: undefined, source: "waits for bench-listings.ts measureAlertRunMs (wt-coldstart)" };
}
