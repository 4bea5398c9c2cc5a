/**
 * The startup warm-up (src/listings/warm.ts): it runs when imported, exercises search, matching and digests on its
 * own sample, and leaves other listings' results exactly as they are without it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { matchVacancies } from "../../src/listings/match.ts";
import { parseListingQuery, searchVacancies } from "../../src/listings/search.ts";
import { decodeListings, encodeListings } from "../../src/listings/stored.ts";
import { sampleListings, warmListings, warmUpMs } from "../../src/listings/warm.ts";
import { generateListings, generateProfiles } from "../fixtures/listings-gen.ts";

const TODAY = "2026-11-23";

describe("listings warm-up", () => {
  it("ran at import, and the sample finds and matches something (so it exercises the code it is for)", () => {
    expect(warmUpMs).toBeGreaterThan(0);
    const stored = encodeListings(sampleListings(), (t) => `k${t.length}`);
    const l = decodeListings(stored.index, async () => null);
    expect(searchVacancies(l, parseListingQuery(l.places, "tukang las di kanigoro"), "2026-01-15").length).toBeGreaterThan(0);
    const m = matchVacancies({ education: "SMK", skills: ["mengelas"], placeCode: "35.05.10", alerts: true }, l, "2026-01-15");
    expect(m.length).toBeGreaterThan(0);
    expect(m[0]!.reasons.length).toBeGreaterThan(0);
  });

  it("is imported by the Worker entry, so it runs at isolate startup", () => {
    const entry = readFileSync(join(import.meta.dirname, "..", "..", "src", "index.ts"), "utf8");
    expect(entry).toMatch(/^import "\.\/listings\/warm\.ts";$/m);
  });

  it("does not change what other listings return", () => {
    const listings = generateListings(20261123, { vacancies: 300, trainings: 30, today: TODAY });
    const { index } = encodeListings(listings, (t) => `k${t.length}`);
    const profiles = generateProfiles(20261124, 20);
    const answers = () => {
      const l = decodeListings(index, async () => null);
      return {
        search: ["tukang las", "oprator produksi kanigoro", "", "admin gudang smk"].map((q) => searchVacancies(l, parseListingQuery(l.places, q), TODAY).map((v) => v.id)),
        match: profiles.map((p) => matchVacancies(p, l, TODAY, { limit: 5 }).map((x) => [x.item.id, x.score, x.reasons])),
      };
    };
    const before = answers();
    warmListings(2);
    expect(answers()).toEqual(before);
  });
});
