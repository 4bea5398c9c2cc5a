/**
 * Listings benchmark, run by node (`npm run bench:listings`; `benchListings()` is for scripts/bench.ts):
 *  - search over 2,000 synthetic vacancies: 20 varied queries, warm, and the first search on a fresh
 *    Listings object (the per-isolate index build) apart;
 *  - matching one profile, and a weekly alert run over 50,000 profiles (`since` = 7 days ago),
 *    with how many profiles one Cron invocation can match within its CPU budget;
 *  - the size of the Listings blob in KV and its JSON.parse time;
 *  - the cold first request: JSON.parse of the blob + first search + first match, with and without the
 *    precomputed `prepared` data (prepareListings, as the compiler stores it), in fresh objects of this
 *    process and in fresh node processes (the nearest thing to a fresh Worker isolate).
 * Prints a Markdown section.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { createHash } from "node:crypto";
import { COLD_BATCH, DEFAULT_BATCH } from "../src/alerts/claim.ts";
import { buildDigest, DIGEST_SIZE } from "../src/alerts/digest.ts";
import { matchTrainings, matchVacancies } from "../src/listings/match.ts";
import { prepareListings } from "../src/listings/prepare.ts";
import { decodeListings, encodeListings } from "../src/listings/stored.ts";
import { parseListingQuery, searchVacancies, type ListingQuery } from "../src/listings/search.ts";
import type { Listings, Match, Profile, Vacancy } from "../src/listings/types.ts";
import { addDays, generateListings, generateProfiles } from "../test/fixtures/listings-gen.ts";

const VACANCIES = 2000;
const TRAININGS = 200;
const PROFILES = Number(process.env.BENCH_LISTINGS_PROFILES ?? 50_000);
const ROUNDS = 50;
const TODAY = "2026-11-23";
/** Runs of the cold first request, in fresh objects and in fresh processes. */
const COLD_RUNS = 5;
/** Items on a list page (src/core/flows/jobs.ts PAGE_SIZE). */
const PAGE = 5;
/** CPU budgets of one Cron invocation: Workers Free and Workers Paid (default limit). */
const FREE_MS = 10;
const PAID_MS = 30_000;
/** Share of the budget kept free for D1 reads, sending and slower hardware. */
const MARGIN = 0.5;

/** Twenty requests as seekers type them: plain words, typos, places, levels, and none. */
const REQUESTS = [
  "", "lowongan", "tukang las", "admin gudang", "operator produksi", "sopir", "kasir di wlingi", "loker kanigoro",
  "lowongan kota blitar", "kerja las kanigoro smk", "lowongan sananwetan lulusan s1", "oprator forklift", "penjahit lulusan sd",
  "barista kopi di srengat", "teknisi komputer tkj", "staf akuntansi d3", "programer javascript", "mekanik motor wlinggi",
  "lowongan harian talun paket c", "info loker customer service sma/smk daerah kademangan",
];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 0.5);
const us = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`);
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const int = (n: number) => Math.floor(n).toLocaleString("en-US");

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

/** The Listings section of the benchmark report, as Markdown. */
export async function benchListings(): Promise<string> {
  const listings = generateListings(20261123, { vacancies: VACANCIES, trainings: TRAININGS, today: TODAY });
  const profiles = generateProfiles(20261124, PROFILES);
  const queries: ListingQuery[] = REQUESTS.map((r) => parseListingQuery(listings.places, r));

  // The blob as the compiler stores it (search and match data precomputed), and without that data.
  const stored = prepareListings(listings);
  const json = JSON.stringify(stored);
  const plainJson = JSON.stringify(listings);
  const bytes = Buffer.byteLength(json);
  const gz = gzipSync(json).length;
  const plainBytes = Buffer.byteLength(plainJson);
  const plainGz = gzipSync(plainJson).length;

  // The cold first request: parse + first search + first match. Fresh processes first, while this one is cold too.
  const coldQuery = queries[2]!;
  const coldProfile = profiles[0]!;
  const processes = { before: coldInProcesses(plainJson, coldQuery, coldProfile), after: coldInProcesses(json, coldQuery, coldProfile) };
  // The stored layout (src/listings/stored.ts): the index a listing request reads, and the detail chunks.
  const layout = storedLayout(listings);
  const chunkSizes = Object.values(layout.chunks).map((c) => c.length);
  const indexCold = coldListingParts();
  const indexColdCode = coldListingParts(false);
  const alertCold = { first: measureAlertRunMs(), full: measureFullColdAlertRunMs(), coldCode: measureAlertRunMs(false) };
  const firstInProcess = coldRequest(json, coldQuery, coldProfile);
  const inObjects = {
    before: medianRequest(Array.from({ length: COLD_RUNS }, () => coldRequest(plainJson, coldQuery, coldProfile))),
    after: medianRequest(Array.from({ length: COLD_RUNS }, () => coldRequest(json, coldQuery, coldProfile))),
  };

  // Size in KV and parse time: what every isolate pays once per content version.
  const parses: number[] = [];
  let parsed: Listings | undefined;
  for (let i = 0; i < 5; i++) parses.push(time(() => (parsed = JSON.parse(json) as Listings)));
  const parseMs = median(parses);

  // Cold: the first call on a freshly parsed Listings decodes (or, without `prepared`, builds) the per-isolate indexes.
  const cold = (blob: string, fn: (l: Listings) => unknown) =>
    median(
      [0, 1, 2].map(() => {
        const l = JSON.parse(blob) as Listings;
        return time(() => fn(l));
      }),
    );
  const coldSearch = { before: cold(plainJson, (x) => searchVacancies(x, coldQuery, TODAY)), after: cold(json, (x) => searchVacancies(x, coldQuery, TODAY)) };
  const coldMatch = { before: cold(plainJson, (x) => matchVacancies(coldProfile, x, TODAY)), after: cold(json, (x) => matchVacancies(coldProfile, x, TODAY)) };

  // Warm search.
  const l = parsed!;
  let found = 0;
  for (let r = 0; r < 5; r++) for (const q of queries) found += searchVacancies(l, q, TODAY).length;
  const searchSamples: number[] = [];
  for (let r = 0; r < ROUNDS; r++) for (const q of queries) searchSamples.push(time(() => searchVacancies(l, q, TODAY)));
  searchSamples.sort((a, b) => a - b);
  const perQuery = queries.map((q) => median(Array.from({ length: 20 }, () => time(() => searchVacancies(l, q, TODAY)))));
  const slowest = perQuery.indexOf(Math.max(...perQuery));

  // Matching one profile against every open vacancy (chat: "lowongan yang cocok").
  const sample = profiles.slice(0, Math.min(5000, profiles.length));
  for (const p of sample.slice(0, 500)) matchVacancies(p, l, TODAY);
  const matchSamples = sample.map((p) => time(() => matchVacancies(p, l, TODAY, { limit: 5 })));
  matchSamples.sort((a, b) => a - b);
  const trainingSamples = sample.slice(0, 2000).map((p) => time(() => matchTrainings(p, l, TODAY, { limit: 3 })));
  trainingSamples.sort((a, b) => a - b);

  // The weekly alert run: every profile against vacancies verified in the last 7 days.
  const since = addDays(TODAY, -7);
  const fresh7 = l.vacancies.filter((v) => v.verifiedOn > since && v.deadline >= TODAY).length;
  let alerted = 0;
  let matches = 0;
  const alertMs = time(() => {
    for (const p of profiles) {
      const m = matchVacancies(p, l, TODAY, { since, limit: 5 });
      if (m.length) alerted++;
      matches += m.length;
    }
  });
  const perProfile = alertMs / profiles.length;
  // One-time costs of an invocation whose isolate has not parsed and indexed this content version yet.
  const fixed = parseMs + coldMatch.after;
  const fit = (budget: number, once: number) => Math.max(0, Math.floor((budget * (1 - MARGIN) - once) / perProfile));
  const capacity = [
    { plan: `Free (${FREE_MS} ms CPU)`, budget: FREE_MS },
    { plan: `Paid (${int(PAID_MS / 1000)} s CPU)`, budget: PAID_MS },
  ].map((c) => ({ ...c, cold: fit(c.budget, fixed), warm: fit(c.budget, 0) }));
  const perUs = (perProfile * 1000).toFixed(2);

  const lines = [
    "## Listings: search and matching",
    "",
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, Node ${process.version}. Synthetic data (seeded): ` +
      `${int(VACANCIES)} vacancies (${int(openCount(l))} open on ${TODAY}), ${int(TRAININGS)} trainings, ${int(PROFILES)} profiles.`,
    "",
    "| what | measured | budget |",
    "| --- | --- | --- |",
    `| Listings JSON in KV (${int(VACANCIES)} vacancies + ${int(TRAININGS)} trainings), with precomputed search and match data | ${kib(bytes)} (${kib(gz)} gzipped); without: ${kib(plainBytes)} (${kib(plainGz)} gzipped) | KV value < 25 MiB |`,
    `| JSON.parse of it, median of 5 | ${us(parseMs)} | once per isolate |`,
    `| first search on a fresh Listings (index decode or build), median of 3: with / without precomputed data | ${us(coldSearch.after)} / ${us(coldSearch.before)} | once per isolate |`,
    `| first match on a fresh Listings (match data decode or build), median of 3: with / without precomputed data | ${us(coldMatch.after)} / ${us(coldMatch.before)} | once per isolate |`,
    `| searchVacancies, ${REQUESTS.length} queries × ${ROUNDS}, warm: median | ${us(percentile(searchSamples, 0.5))} | < 10 ms CPU per request |`,
    `| searchVacancies, warm: p95 | ${us(percentile(searchSamples, 0.95))} | |`,
    `| slowest query (median): ${JSON.stringify(REQUESTS[slowest])} | ${us(perQuery[slowest]!)} | |`,
    `| matchVacancies per profile, all open vacancies, warm: median | ${us(percentile(matchSamples, 0.5))} | |`,
    `| matchVacancies per profile: p95 | ${us(percentile(matchSamples, 0.95))} | |`,
    `| matchTrainings per profile: median / p95 | ${us(percentile(trainingSamples, 0.5))} / ${us(percentile(trainingSamples, 0.95))} | |`,
    `| alert run: ${int(PROFILES)} profiles, since ${since} (${int(fresh7)} new open vacancies) | ${alertMs.toFixed(0)} ms total, ${us(perProfile)} per profile | |`,
    `| alert run result | ${int(alerted)} profiles with at least one match, ${int(matches)} matches (≤ 5 each) | |`,
    ...capacity.map((c) => `| profiles per Cron invocation, ${c.plan}: fresh isolate / warm isolate | ${int(c.cold)} / ${int(c.warm)} | |`),
    "",
    `Profiles per invocation = (CPU budget × ${1 - MARGIN} − one-time costs) ÷ ${perUs} µs per profile, where the one-time costs ` +
      `are JSON.parse (${us(parseMs)}) + the first match on the stored blob (${us(coldMatch.after)}) = ${fixed.toFixed(2)} ms in a fresh isolate and 0 in a warm one. ` +
      capacity
        .map((c) => `${c.plan}: (${int(c.budget)} × ${1 - MARGIN} − ${fixed.toFixed(2)}) ms ÷ ${perUs} µs = ${int(c.cold)} fresh, ${int(c.budget)} × ${1 - MARGIN} ms ÷ ${perUs} µs = ${int(c.warm)} warm`)
        .join("; ") +
      `. The ${MARGIN * 100}% margin is for reading profiles from D1, sending messages and slower hardware; only CPU time counts, not waiting on D1 or Telegram.` +
      (found > 0 ? "" : " (No search results at all: check the generator.)"),
    "",
    `### Cold first request: JSON.parse of the blob + first searchVacancies (${JSON.stringify(REQUESTS[2])}) + first matchVacancies`,
    "",
    "Before = the blob without precomputed data (every isolate builds the indexes); after = the blob as the compiler now stores it. " +
      `Median of ${COLD_RUNS} runs; "fresh processes" start a new node process per run (cold code, like a new Worker isolate), ` +
      `"fresh objects" parse the blob again in this process (warm code). Budget: ${FREE_MS} ms CPU per request (Workers Free).`,
    "",
    "| run | parse | search | match | total |",
    "| --- | --- | --- | --- | --- |",
    requestRow("fresh processes, before", processes.before),
    requestRow("fresh processes, after", processes.after),
    requestRow("fresh objects, before", inObjects.before),
    requestRow("fresh objects, after", inObjects.after),
    requestRow("first in this process, after (cold code)", firstInProcess),
    "",
    "### Cold first request on the stored index (what the Worker reads now)",
    "",
    `The listings are stored as an index (${kib(layout.index.length)}: search and match data, per-listing columns, list fields; ` +
      `${int(chunkSizes.length)} detail chunks of ${kib(Math.min(...chunkSizes))}–${kib(Math.max(...chunkSizes))} are read only for a detail view, how to apply, ` +
      "the scam check and dashboard pages). Each run is a fresh node process with the modules loaded before timing (as a Worker's " +
      "global scope runs at isolate startup, outside the request's CPU limit); timed: the KV value's bytes to a string, JSON.parse of " +
      `the index, the first search and the first match, each with its first list page (${PAGE} items with reasons) read. Median of ${COLD_RUNS}.`,
    "",
    "| run | decode | parse | search | match | total |",
    "| --- | --- | --- | --- | --- | --- |",
    `| fresh processes, stored index, code warmed at startup (src/listings/warm.ts, as the Worker entry imports it) | ${us(indexCold.decode)} | ${us(indexCold.parse)} | ${us(indexCold.search)} | ${us(indexCold.match)} | ${us(indexCold.total)} |`,
    `| fresh processes, stored index, without the warm-up (the request compiles the code) | ${us(indexColdCode.decode)} | ${us(indexColdCode.parse)} | ${us(indexColdCode.search)} | ${us(indexColdCode.match)} | ${us(indexColdCode.total)} |`,
    "",
    `The warm-up runs once in the global scope at isolate startup (Workers limit startup to 1 s, apart from a request's CPU): ${us(indexCold.warmUp)} (median).`,
    "",
    `First alert-run invocation in a fresh process (index + ${COLD_BATCH} profiles, COLD_BATCH, matched since 7 days ago, digests built; ` +
      `D1 and sends are I/O, not timed), median of ${COLD_RUNS}: ${us(alertCold.first)} with the startup warm-up, ${us(alertCold.coldCode)} without. ` +
      `With a full batch of ${DEFAULT_BATCH} it would be ` +
      `${us(alertCold.full)}: a fresh isolate's first run claims ${COLD_BATCH}, the runs after it in the same isolate ${DEFAULT_BATCH} (warm: ` +
      `${us(perProfile)} per profile).`,
  ];
  return lines.join("\n");
}

/** CPU of one cold first request, in ms. */
interface RequestCost {
  parse: number;
  search: number;
  match: number;
  total: number;
}

/** What a list page reads of its first PAGE results (src/core/flows/jobs.ts renderList): titles, places, dates, reasons. */
function readPage(results: Array<Vacancy | Match<Vacancy>>): number {
  let chars = results.length;
  for (const r of results.slice(0, PAGE)) {
    const v = "reasons" in r ? r.item : r;
    chars += v.id.length + v.position.length + v.company.length + v.place.kecamatan.length + v.education.length + v.deadline.length;
    if ("reasons" in r) chars += r.reasons.join(", ").length;
  }
  return chars;
}

/** JSON.parse of `json` + the first search + the first match on the fresh object, each with its first page read. */
function coldRequest(json: string, query: ListingQuery, profile: Profile): RequestCost {
  const t0 = performance.now();
  const l = JSON.parse(json) as Listings;
  const t1 = performance.now();
  readPage(searchVacancies(l, query, TODAY));
  const t2 = performance.now();
  readPage(matchVacancies(profile, l, TODAY));
  const t3 = performance.now();
  return { parse: t1 - t0, search: t2 - t1, match: t3 - t2, total: t3 - t0 };
}

function medianRequest(runs: RequestCost[]): RequestCost {
  const of = (k: keyof RequestCost) => median(runs.map((r) => r[k]));
  return { parse: of("parse"), search: of("search"), match: of("match"), total: of("total") };
}

function requestRow(name: string, c: RequestCost): string {
  return `| ${name} | ${us(c.parse)} | ${us(c.search)} | ${us(c.match)} | ${us(c.total)} |`;
}

/** coldRequest in COLD_RUNS fresh node processes (this script with --cold-request), the median of each part. */
function coldInProcesses(json: string, query: ListingQuery, profile: Profile): RequestCost {
  const dir = mkdtempSync(join(tmpdir(), "binjol-bench-listings-"));
  try {
    const input = join(dir, "request.json");
    writeFileSync(input, JSON.stringify({ json, query, profile }));
    const runs = Array.from({ length: COLD_RUNS }, () => {
      const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), "--cold-request", input], { encoding: "utf8" });
      return JSON.parse(out) as RequestCost;
    });
    return medianRequest(runs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The stored layout (src/listings/stored.ts) of the synthetic listings: the index and its detail chunks. */
function storedLayout(listings: Listings): { index: string; chunks: Record<string, string> } {
  return encodeListings(listings, (text) => `content:blob:${createHash("sha256").update(text).digest("hex").slice(0, 32)}`);
}

/** CPU of one cold request on the stored index, in ms. */
interface IndexRequestCost {
  /** the KV value's bytes to a string (what KV's text read does: V8's String::NewFromUtf8, as in workerd) */
  decode: number;
  /** JSON.parse of the index and the StoredListings over it */
  parse: number;
  search: number;
  match: number;
  total: number;
}

/** Decode and parse the index, then the first search and the first match: the cold listing request. */
function coldIndexRequest(bytes: Buffer, query: ListingQuery, profile: Profile): IndexRequestCost {
  const t0 = performance.now();
  const text = bytes.toString("utf8");
  const t1 = performance.now();
  const l = decodeListings(text, async () => null);
  const t2 = performance.now();
  readPage(searchVacancies(l, query, TODAY));
  const t3 = performance.now();
  readPage(matchVacancies(profile, l, TODAY));
  const t4 = performance.now();
  return { decode: t1 - t0, parse: t2 - t1, search: t3 - t2, match: t4 - t3, total: t4 - t0 };
}

/** One alert-run Cron invocation's listings work: decode and parse the index, match a batch of profiles, build their digests. */
function coldAlertRun(bytes: Buffer, profiles: Profile[]): { load: number; match: number; total: number; digests: number } {
  const since = addDays(TODAY, -7);
  const t0 = performance.now();
  const l = decodeListings(bytes.toString("utf8"), async () => null);
  const t1 = performance.now();
  let digests = 0;
  for (const p of profiles) if (buildDigest(matchVacancies(p, l, TODAY, { since, limit: DIGEST_SIZE }))) digests++;
  const t2 = performance.now();
  return { load: t1 - t0, match: t2 - t1, total: t2 - t0, digests };
}

/** Run this script with `mode` on `input` in COLD_RUNS fresh node processes; the parsed outputs. */
function inFreshProcesses<T>(mode: string, input: unknown): T[] {
  const dir = mkdtempSync(join(tmpdir(), "binjol-bench-listings-"));
  try {
    const file = join(dir, "input.json");
    writeFileSync(file, JSON.stringify(input));
    return Array.from({ length: COLD_RUNS }, () => JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), mode, file], { encoding: "utf8" })) as T);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The synthetic listings of the cold measures, the request's query and profile, and the alert batch. */
function coldInputs() {
  const listings = generateListings(20261123, { vacancies: VACANCIES, trainings: TRAININGS, today: TODAY });
  return {
    listings,
    index: storedLayout(listings).index,
    query: parseListingQuery(listings.places, REQUESTS[2]!),
    profile: generateProfiles(20261124, 1)[0]!,
    batch: generateProfiles(20261125, DEFAULT_BATCH),
    coldBatch: generateProfiles(20261125, COLD_BATCH),
  };
}

/**
 * The cold listing request on the stored index, each part the median of COLD_RUNS fresh processes. `warm`: the
 * process first imports src/listings/warm.ts, as the Worker entry does (its startup warm-up, `warmUp`, is not part
 * of the request); without it, the request also compiles the listings code.
 */
export function coldListingParts(warm = true): IndexRequestCost & { warmUp: number } {
  const { index, query, profile } = coldInputs();
  const runs = inFreshProcesses<IndexRequestCost & { warmUp: number }>("--cold-index", { index, query, profile, warm });
  const of = (k: keyof IndexRequestCost | "warmUp") => median(runs.map((r) => r[k]));
  return { decode: of("decode"), parse: of("parse"), search: of("search"), match: of("match"), total: of("total"), warmUp: of("warmUp") };
}

/**
 * The free-plan bench's figure (scripts/bench-budget.ts): CPU of the first request needing listings in a fresh
 * isolate at 2,000 vacancies and 200 trainings: decode + parse of the stored index, first search, first match;
 * fresh node process per run (modules loaded and src/listings/warm.ts run before timing, as a Worker's global scope
 * runs at startup), median of 5.
 */
export function measureColdListingMs(): number {
  return coldListingParts().total;
}

/**
 * The first alert-run invocation in a fresh isolate: its listings CPU (index decoded and parsed, COLD_BATCH profiles
 * matched against the vacancies of the last 7 days, their digests built) in a fresh process, median of 5. Claiming,
 * D1 and the sends are I/O and not timed. The runs after it in the isolate claim DEFAULT_BATCH (see alertRunParts).
 */
export function measureAlertRunMs(warm = true): number {
  const { index, coldBatch } = coldInputs();
  return median(inFreshProcesses<{ total: number }>("--cold-alerts", { index, profiles: coldBatch, warm }).map((r) => r.total));
}

/** The first invocation with a full DEFAULT_BATCH in a fresh process (what a cold run would cost without COLD_BATCH), median of 5. */
export function measureFullColdAlertRunMs(warm = true): number {
  const { index, batch } = coldInputs();
  return median(inFreshProcesses<{ total: number }>("--cold-alerts", { index, profiles: batch, warm }).map((r) => r.total));
}

function openCount(l: Listings): number {
  return l.vacancies.filter((v) => v.deadline >= TODAY).length;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv[2] === "--cold-index" || process.argv[2] === "--cold-alerts") {
    // one cold request or alert run in this fresh process; the input is read before timing starts
    const input = JSON.parse(readFileSync(process.argv[3]!, "utf8")) as { index: string; query: ListingQuery; profile: Profile; profiles: Profile[]; warm: boolean };
    const bytes = Buffer.from(input.index, "utf8");
    // the Worker entry imports src/listings/warm.ts: its global scope runs the warm-up at isolate startup
    const warmUp = input.warm ? (await import("../src/listings/warm.ts")).warmUpMs : 0;
    const out = process.argv[2] === "--cold-index" ? coldIndexRequest(bytes, input.query, input.profile) : coldAlertRun(bytes, input.profiles);
    console.log(JSON.stringify({ ...out, warmUp }));
  } else if (process.argv[2] === "--cold-request") {
    // one cold request in this fresh process; the input file is read before timing starts
    const { json, query, profile } = JSON.parse(readFileSync(process.argv[3]!, "utf8")) as { json: string; query: ListingQuery; profile: Profile };
    console.log(JSON.stringify(coldRequest(json, query, profile)));
  } else {
    console.log(await benchListings());
  }
}
