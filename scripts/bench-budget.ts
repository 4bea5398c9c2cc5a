/**
 * The free-plan budget of `npm run bench` (issue 16): what a day of 10,000 seeker messages and single requests use of
 * the Workers Free plan's limits, with the share of each, from figures measured in the same run. A share above one
 * half fails the bench (non-zero exit).
 *
 * Per-request measures plug in by name: scripts/bench-passkeys.ts `measurePasskeyVerifyMs`, scripts/bench-listings.ts
 * `measureColdListingMs`, `measureAlertRunMs`, scripts/bench-cron.ts `measureCronSubrequests`. Until a module exports its function, the
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

/** The day the table is for. */
export const MESSAGES_PER_DAY = 10_000;

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
  const passkey = await plugin("bench-passkeys.ts", "measurePasskeyVerifyMs");
  if (passkey) return { value: await passkey(), source: "passkey verification, ES256 (bench-passkeys.ts, node, median of 500 after 200 warm-up; passwords can be turned off per account)" };
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
  if (fn) return { value: await fn(), source: "bench-listings.ts measureColdListingMs: decode + parse of the index, first search + first match, fresh node process after the startup warm-up (src/listings/warm.ts), median of 5" };
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
  if (fn) return { value: await fn(), source: "bench-listings.ts measureAlertRunMs: index + COLD_BATCH profiles matched and digests built, fresh node process after the startup warm-up, median of 5" };
  return { value: undefined, source: "waits for bench-listings.ts measureAlertRunMs (wt-coldstart)" };
}

/**
 * Subrequests of the largest Cron run: the weekly-alert run with a full ALERT_BATCH in a warm isolate, run in node
 * against local D1 and KV with every binding call and fetch counted (scripts/bench-cron.ts).
 */
export async function measureCronSubrequests(): Promise<Measure> {
  const fn = await plugin("bench-cron.ts", "measureCronSubrequests");
  if (fn) return { value: await fn(), source: "bench-cron.ts measureCronSubrequests: alert run, full ALERT_BATCH, warm isolate; D1 statements and batches, KV calls and fetches counted (local D1/KV through wrangler's platform proxy)" };
  return { value: undefined, source: "scripts/bench-cron.ts is missing" };
}

/** What one seeker message costs, as the Worker counted it in the bench's sequential run. */
export interface PerMessage {
  written: number;
  read: number;
  kvReads: number;
  kvWrites: number;
  /** HTTP requests to the Worker per message (its own Bot API calls are subrequests, not requests) */
  requests: number;
}

/** The rows of the table from one bench run's figures. */
export function freePlanRows(f: {
  perMessage: PerMessage | undefined;
  /** KV keys one content sync writes */
  syncKeys: number;
  coreMs: number;
  cronsPerDay: number;
  signIn: Measure;
  coldListing: Measure;
  alertRun: Measure;
  cronSubrequests?: Measure;
}): BudgetRow[] {
  const day = MESSAGES_PER_DAY;
  const m = f.perMessage;
  const times = `× ${day.toLocaleString("en")}`;
  return [
    { what: "D1 rows written per day", used: m && m.written * day, limit: FREE_PLAN.d1RowsWrittenPerDay, unit: "rows", source: `${m?.written.toFixed(2)} per Telegram update (D1 meta) ${times}` },
    { what: "D1 rows read per day", used: m && m.read * day, limit: FREE_PLAN.d1RowsReadPerDay, unit: "rows", source: `${m?.read.toFixed(1)} per update (D1 meta) ${times}` },
    { what: "KV reads per day", used: m && m.kvReads * day, limit: FREE_PLAN.kvReadsPerDay, unit: "reads", source: `${m?.kvReads.toFixed(3)} per update (one wrangler dev isolate) ${times}` },
    {
      what: "KV writes per day",
      used: m && m.kvWrites * day + f.syncKeys,
      limit: FREE_PLAN.kvWritesPerDay,
      unit: "writes",
      source: `${m?.kvWrites.toFixed(3)} per update ${times} + ${f.syncKeys} keys of one content sync (a deploy a day)`,
    },
    {
      what: "Worker requests per day",
      used: m && m.requests * day + f.cronsPerDay,
      limit: FREE_PLAN.requestsPerDay,
      unit: "requests",
      source: `${m?.requests} per message ${times} + ${f.cronsPerDay} Cron invocations (wrangler.toml)`,
    },
    { what: "CPU: conversation core per message", used: f.coreMs, limit: FREE_PLAN.cpuMsPerRequest, unit: "ms", source: "routing + reply decision, node, warm" },
    { what: "CPU: counsellor sign-in", used: f.signIn.value, limit: FREE_PLAN.cpuMsPerRequest, unit: "ms", source: f.signIn.source },
    { what: "CPU: cold listing request (2,000 vacancies, 200 trainings)", used: f.coldListing.value, limit: FREE_PLAN.cpuMsPerRequest, unit: "ms", source: f.coldListing.source },
    { what: "CPU: alert-run Cron invocation", used: f.alertRun.value, limit: FREE_PLAN.cpuMsPerRequest, unit: "ms", source: f.alertRun.source },
    {
      what: "subrequests of the largest Cron run",
      used: f.cronSubrequests?.value,
      limit: FREE_PLAN.subrequestsPerInvocation,
      unit: "",
      source: f.cronSubrequests?.source ?? "not counted by this bench yet",
    },
  ];
}

/** Cron invocations a day from wrangler.toml's triggers (minute and hour fields of the forms *, *\/n and a,b,c). */
export function cronRunsPerDay(wranglerToml: string): number {
  const crons = /crons\s*=\s*\[([^\]]*)\]/.exec(wranglerToml)?.[1] ?? "";
  const count = (field: string, size: number) => (field === "*" ? size : field.startsWith("*/") ? Math.ceil(size / Number(field.slice(2))) : field.split(",").length);
  return [...crons.matchAll(/"([^"]+)"/g)].reduce((n, [, expr]) => {
    const [minute = "", hour = ""] = expr!.split(/\s+/);
    return n + count(minute, 60) * count(hour, 24);
  }, 0);
}
