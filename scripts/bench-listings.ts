/**
 * Listings benchmark, run by node (`npm run bench:listings`; `benchListings()` is for scripts/bench.ts):
 *  - search over 2,000 synthetic vacancies: 20 varied queries, warm, and the first search on a fresh
 *    Listings object (the per-isolate index build) apart;
 *  - matching one profile, and a weekly alert run over 50,000 profiles (`since` = 7 days ago),
 *    with how many profiles one Cron invocation can match within its CPU budget;
 *  - the size of the Listings blob in KV and its JSON.parse time.
 * Prints a Markdown section.
 */
import { cpus } from "node:os";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { matchTrainings, matchVacancies } from "../src/listings/match.ts";
import { parseListingQuery, searchVacancies, type ListingQuery } from "../src/listings/search.ts";
import type { Listings } from "../src/listings/types.ts";
import { addDays, generateListings, generateProfiles } from "../test/fixtures/listings-gen.ts";

const VACANCIES = 2000;
const TRAININGS = 200;
const PROFILES = Number(process.env.BENCH_LISTINGS_PROFILES ?? 50_000);
const ROUNDS = 50;
const TODAY = "2026-11-23";
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

  // Size in KV and parse time: what every isolate pays once per content version.
  const json = JSON.stringify(listings);
  const bytes = Buffer.byteLength(json);
  const gz = gzipSync(json).length;
  const parses: number[] = [];
  let parsed: Listings | undefined;
  for (let i = 0; i < 5; i++) parses.push(time(() => (parsed = JSON.parse(json) as Listings)));
  const parseMs = median(parses);

  // Cold: the first call on a freshly parsed Listings builds the per-isolate indexes.
  const fresh = () => JSON.parse(json) as Listings;
  // The very first call also pays for compiling cold code, as a fresh Worker isolate does.
  const cold = (fn: (l: Listings) => unknown) => {
    const runs = [0, 1, 2, 3].map(() => {
      const l = fresh();
      return time(() => fn(l));
    });
    return { first: runs[0]!, again: median(runs.slice(1)) };
  };
  const coldSearch = cold((x) => searchVacancies(x, queries[2]!, TODAY));
  const coldMatch = cold((x) => matchVacancies(profiles[0]!, x, TODAY)).again;

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
  const fixed = parseMs + coldMatch;
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
    `| Listings JSON in KV (${int(VACANCIES)} vacancies + ${int(TRAININGS)} trainings) | ${kib(bytes)} (${kib(gz)} gzipped) | KV value < 25 MiB |`,
    `| JSON.parse of it, median of 5 | ${us(parseMs)} | once per isolate |`,
    `| first search on a fresh Listings, search index build included: first in the process / median of 3 more | ${us(coldSearch.first)} / ${us(coldSearch.again)} | once per isolate |`,
    `| first match on a fresh Listings, match index build included (median of 3 after the first) | ${us(coldMatch)} | once per isolate |`,
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
      `are JSON.parse (${us(parseMs)}) + the match index build (${us(coldMatch)}) = ${fixed.toFixed(2)} ms in a fresh isolate and 0 in a warm one. ` +
      capacity
        .map((c) => `${c.plan}: (${int(c.budget)} × ${1 - MARGIN} − ${fixed.toFixed(2)}) ms ÷ ${perUs} µs = ${int(c.cold)} fresh, ${int(c.budget)} × ${1 - MARGIN} ms ÷ ${perUs} µs = ${int(c.warm)} warm`)
        .join("; ") +
      `. The ${MARGIN * 100}% margin is for reading profiles from D1, sending messages and slower hardware; only CPU time counts, not waiting on D1 or Telegram.` +
      (found > 0 ? "" : " (No search results at all: check the generator.)"),
  ];
  return lines.join("\n");
}

function openCount(l: Listings): number {
  return l.vacancies.filter((v) => v.deadline >= TODAY).length;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await benchListings());
}
