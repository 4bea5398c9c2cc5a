import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileContent, officeToday } from "../../src/content/compiler.ts";
import { relativeContent } from "../../src/content/relative-dates.ts";
import { matchTrainings, matchVacancies } from "../../src/listings/match.ts";
import { prepareListings } from "../../src/listings/prepare.ts";
import { parseListingQuery, PREPARED_VERSION, preparedFits, searchTrainings, searchVacancies, type ListingQuery } from "../../src/listings/search.ts";
import { decodeListings, readStoredListings } from "../../src/listings/stored.ts";
import type { Listings, Profile } from "../../src/listings/types.ts";
import { addDays, generateListings, generateProfiles } from "../fixtures/listings-gen.ts";

const TODAY = "2026-11-23";

/** Thirty requests: plain words, inflected and informal forms, typos (the lazily built typo index), places, levels, none. */
const REQUESTS = [
  "", "lowongan", "tukang las", "admin gudang", "operator produksi", "sopir", "kasir di wlingi", "loker kanigoro",
  "lowongan kota blitar", "kerja las kanigoro smk", "lowongan sananwetan lulusan s1", "oprator forklift", "penjahit lulusan sd",
  "barista kopi di srengat", "teknisi komputer tkj", "staf akuntansi d3", "programer javascript", "mekanik motor wlinggi",
  "lowongan harian talun paket c", "info loker customer service sma/smk daerah kademangan", "mengelas", "nyetir",
  "desain grafs", "perawatt", "kebersihan dapur", "jaringn komputer", "penjahitan", "sales lapangn", "ternak ayam", "magang",
];

/** The blob as the Worker reads it: a fresh object from JSON. */
const fromJson = (l: Listings): Listings => JSON.parse(JSON.stringify(l)) as Listings;

/** Every search and match result, in a comparable form. */
function results(l: Listings, queries: ListingQuery[], profiles: Profile[]) {
  const since = addDays(TODAY, -7);
  return {
    vacancies: queries.map((q) => searchVacancies(l, q, TODAY).map((v) => v.id)),
    trainings: queries.map((q) => searchTrainings(l, q, TODAY).map((t) => t.id)),
    matches: profiles.map((p) => matchVacancies(p, l, TODAY).map((m) => [m.item.id, m.score, m.reasons])),
    alerts: profiles.map((p) => matchVacancies(p, l, TODAY, { since, limit: 5 }).map((m) => m.item.id)),
    training: profiles.map((p) => matchTrainings(p, l, TODAY, { limit: 3 }).map((m) => [m.item.id, m.score, m.reasons])),
  };
}

describe("prepared listings", () => {
  const base = generateListings(20261123, { vacancies: 2000, trainings: 200, today: TODAY });
  const queries = REQUESTS.flatMap((r): ListingQuery[] => [parseListingQuery(base.places, r), ...(r ? [{ text: r }] : [])]);
  const profiles = generateProfiles(20261124, 200);
  const plain = results(fromJson(base), queries, profiles);

  it("give the same search and match results as listings without them, at 2,000 vacancies", () => {
    const prepared = fromJson(prepareListings(base));
    expect(preparedFits(prepared)).toBe(true);
    const got = results(prepared, queries, profiles);
    expect(got).toEqual(plain);
    // the comparison means something: queries find vacancies and trainings, profiles get matches with reasons
    expect(plain.vacancies.filter((ids) => ids.length > 0).length).toBeGreaterThan(25);
    expect(plain.trainings.some((ids) => ids.length > 0)).toBe(true);
    expect(plain.matches.filter((m) => m.length > 0).length).toBeGreaterThan(150);
    expect(plain.alerts.some((m) => m.length > 0)).toBe(true);
    expect(plain.training.some((m) => m.length > 0)).toBe(true);
  });

  it("do not change the listings, and a second prepare gives the same data", () => {
    const before = JSON.stringify(base);
    const once = prepareListings(base);
    expect(JSON.stringify(base)).toBe(before);
    expect(base.prepared).toBeUndefined();
    expect(once.vacancies).toBe(base.vacancies);
    expect(prepareListings(once).prepared).toEqual(once.prepared);
    expect(once.prepared!.version).toBe(PREPARED_VERSION);
  });

  it("store their numbers in characters JSON writes as they are, or as plain arrays of integers", () => {
    const p = prepareListings(base).prepared!;
    const encoded = [...Object.values(p.vacancies.postings), ...Object.values(p.trainings.postings)];
    for (const s of encoded) expect(s).toMatch(/^[#-B\]-|]+$/);
    for (const a of [p.vacancies.lens, p.trainings.lens]) expect(a.every((n) => Number.isInteger(n) && n >= 0)).toBe(true);
    const packed = [
      p.match.vacancyRegencies, p.match.order, p.match.vacancySkills.values, p.match.vacancySkills.starts, p.columns.vacancies.deadline, p.columns.trainings.place,
    ];
    for (const s of packed) expect(s).toMatch(/^[1-9][#-[\]-~]*$/);
    expect(JSON.stringify(p)).not.toContain("\\");
  });

  it("are ignored when of another version or sized for other listings", () => {
    const other = prepareListings(generateListings(7, { vacancies: 2000, trainings: 200, today: TODAY })).prepared!;
    const oldVersion = fromJson({ ...base, prepared: { ...other, version: PREPARED_VERSION - 1 } });
    expect(preparedFits(oldVersion)).toBe(false);
    expect(results(oldVersion, queries.slice(0, 10), profiles.slice(0, 20))).toEqual(results(fromJson(base), queries.slice(0, 10), profiles.slice(0, 20)));
    const small = prepareListings(generateListings(7, { vacancies: 10, trainings: 2, today: TODAY })).prepared!;
    const misfit = fromJson({ ...base, prepared: small });
    expect(preparedFits(misfit)).toBe(false);
    expect(results(misfit, queries.slice(0, 10), profiles.slice(0, 20))).toEqual(results(fromJson(base), queries.slice(0, 10), profiles.slice(0, 20)));
  });

  it("are in the compiled blob of the real content, with the same results", () => {
    // the real content as a deploy today would compile it, its listing dates kept relative to today
    const today = officeToday();
    const source = relativeContent(join(process.cwd(), "content"), today);
    const { bundle, blobs, errors } = compileContent(source.dir, { cwd: source.cwd, today });
    expect(errors).toEqual([]);
    const blob = decodeListings(blobs![bundle!.blobs.listings!]!, async (key) => blobs![key] ?? null);
    expect(preparedFits(blob)).toBe(true);
    const without = readStoredListings(blobs![bundle!.blobs.listings!]!, blobs!);
    const demoQueries = REQUESTS.map((r) => parseListingQuery(blob.places, r));
    const demoProfiles = generateProfiles(99, 50);
    const got = results(blob, demoQueries, demoProfiles);
    expect(got).toEqual(results(fromJson(without), demoQueries, demoProfiles));
    expect(got.vacancies.some((ids) => ids.length > 0)).toBe(true);
  });
});
