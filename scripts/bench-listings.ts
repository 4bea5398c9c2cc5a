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
import { matchTrainings, matchVacancies } from "../src/listings/match.ts";
import { prepareListings } from "../src/listings/prepare.ts";
import { parseListingQuery, searchVacancies, type ListingQuery } from "../src/listings/search.ts";
import type { Listings, Profile } from "../src/listings/types.ts";
import { addDays, generateListings, generateProfiles } from "../test/fixtures/listings-gen.ts";

const VACANCIES = 2000;
const TRAININGS = 200;
const PROFILES = Number(process.env.BENCH_LISTINGS_PROFILES ?? 50_000);
const ROUNDS = 50;
const TODAY = "2026-11-23";
/** Runs of the cold first request, in fresh objects and in fresh processes. */
const COLD_RUNS = 5;
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

/** JSON.parse of `json` + the first search + the first match on the fresh object. */
function coldRequest(json: string, query: ListingQuery, profile: Profile): RequestCost {
  const t0 = performance.now();
  const l = JSON.parse(json) as Listings;
  const t1 = performance.now();
  searchVacancies(l, query, TODAY);
  const t2 = performance.now();
  matchVacancies(profile, l, TODAY);
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

function openCount(l: Listings): number {
  return l.vacancies.filter((v) => v.deadline >= TODAY).length;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv[2] === "--cold-request") {
    // one cold request in this fresh process; the input file is read before timing starts
    const { json, query, profile } = JSON.parse(readFileSync(process.argv[3]!, "utf8")) as { json: string; query: ListingQuery; profile: Profile };
    console.log(JSON.stringify(coldRequest(json, query, profile)));
  } else {
    console.log(await benchListings());
  }
}
