/**
 * The stored listings layout (src/listings/stored.ts): a compact index every listing request reads, and detail
 * chunks read only when a detail field is used; a content change rewrites the index and the chunks it touches.
 */
import { describe, expect, it } from "vitest";
import { matchTrainings, matchVacancies } from "../../src/listings/match.ts";
import { parseListingQuery, searchTrainings, searchVacancies, trainingById, vacancyById } from "../../src/listings/search.ts";
import {
  CHUNK_LISTINGS, decodeListings, encodeListings, NeedsDetails, plainItem, plainListings, readStoredListings, StoredListings, withDetails,
} from "../../src/listings/stored.ts";
import type { Listings, Vacancy } from "../../src/listings/types.ts";
import { addDays, generateListings, generateProfiles } from "../fixtures/listings-gen.ts";

const TODAY = "2026-11-23";
const key = (text: string) => `content:blob:${text.length}-${[...text].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7).toString(16)}`;

/** The stored values of `l`, and a StoredListings over them that records which chunks it reads. */
function stored(l: Listings) {
  const { index, chunks } = encodeListings(l, key);
  const reads: string[] = [];
  const listings = decodeListings(index, async (k) => {
    reads.push(k);
    return chunks[k] ?? null;
  }) as StoredListings;
  return { index, chunks, reads, listings };
}

describe("stored listings", () => {
  const base = generateListings(20261123, { vacancies: 2000, trainings: 200, today: TODAY });

  it("keep every field of every listing, ASCII only, in an index and a few chunks", () => {
    const { index, chunks } = encodeListings(base, key);
    expect(Object.keys(chunks)).toHaveLength(Math.ceil(2200 / CHUNK_LISTINGS));
    for (const text of [index, ...Object.values(chunks)]) expect(text).toMatch(/^[\x20-\x7e]*$/);
    // the index is what a cold request parses: a small part of the listings
    const total = index.length + Object.values(chunks).reduce((n, t) => n + t.length, 0);
    expect(index.length).toBeLessThan(total / 4);
    expect(readStoredListings(index, chunks)).toEqual(plainListings(base));
  });

  it("give the same search and match results as the listings they were made from", () => {
    const { listings } = stored(base);
    const queries = ["", "tukang las", "admin gudang lulusan smk", "kasir di wlingi", "oprator forklift", "lowongan kota blitar"].map((r) =>
      parseListingQuery(base.places, r),
    );
    const profiles = generateProfiles(20261124, 60);
    const since = addDays(TODAY, -7);
    const results = (l: Listings) => ({
      vacancies: queries.map((q) => searchVacancies(l, q, TODAY).map((v) => [v.id, v.position, v.company, v.place.code, v.deadline])),
      trainings: queries.map((q) => searchTrainings(l, q, TODAY).map((t) => [t.id, t.program, t.startDate, t.cost])),
      matches: profiles.map((p) => matchVacancies(p, l, TODAY).map((m) => [m.item.id, m.score, m.reasons])),
      alerts: profiles.map((p) => matchVacancies(p, l, TODAY, { since, limit: 5 }).map((m) => m.item.id)),
      training: profiles.map((p) => matchTrainings(p, l, TODAY, { limit: 3 }).map((m) => [m.item.id, m.score, m.reasons])),
    });
    expect(results(listings)).toEqual(results(base));
  });

  it("read no detail chunk for search, matching and list fields, and one chunk for a detail view", async () => {
    const { listings, reads } = stored(base);
    const hits = searchVacancies(listings, parseListingQuery(base.places, "tukang las"), TODAY);
    const matches = matchVacancies(generateProfiles(20261124, 1)[0]!, listings, TODAY);
    for (const v of [...hits, ...matches.map((m) => m.item)]) expect(v.position && v.company && v.place.kecamatan && v.deadline).toBeTruthy();
    expect(reads).toEqual([]);
    // a detail field throws until its chunk is loaded; withDetails loads that chunk and runs the code again
    const v = vacancyById(listings, hits[0]!.id)!;
    expect(() => v.requirements).toThrow(NeedsDetails);
    const usage = { kvReads: 0 };
    const requirements = await withDetails(listings, () => v.requirements, usage);
    const original = base.vacancies.find((x) => x.id === v.id)!;
    expect(requirements).toEqual(original.requirements);
    expect(reads).toHaveLength(1);
    expect(usage.kvReads).toBe(1);
    expect(plainItem(v)).toEqual(original);
    // trainings too, and lookups by id build only that item
    const t = trainingById(listings, base.trainings[3]!.id)!;
    expect(await withDetails(listings, () => plainItem(t))).toEqual(base.trainings[3]);
    expect(vacancyById(listings, "nope00")).toBeUndefined();
  });

  it("load every chunk at once for code that reads every listing's details (the scam check's slugs and contacts)", async () => {
    const { listings, reads, chunks } = stored(base);
    const slugs = await withDetails(listings, () => listings.vacancies.map((v) => `${v.slug} ${v.contact.email ?? ""}`));
    expect(slugs).toEqual(base.vacancies.map((v) => `${v.slug} ${v.contact.email ?? ""}`));
    expect(new Set(reads).size).toBe(Object.keys(chunks).length);
    expect(reads).toHaveLength(Object.keys(chunks).length);
    expect(listings.detailsLoaded).toBe(true);
  });

  it("change only the index and the chunk of a changed listing after a content change", () => {
    const before = encodeListings(base, key);
    const changed: Listings = {
      ...base,
      vacancies: base.vacancies.map((v, i): Vacancy => (i === 7 ? { ...v, requirements: [...v.requirements, "Bisa bahasa Jawa"] } : v)),
    };
    const after = encodeListings(changed, key);
    const gone = Object.keys(before.chunks).filter((k) => !(k in after.chunks));
    const added = Object.keys(after.chunks).filter((k) => !(k in before.chunks));
    expect(gone).toHaveLength(1);
    expect(added).toHaveLength(1);
    expect(after.index).not.toBe(before.index);
    // the sync writes the new index and the one new chunk; the index and chunks agree
    expect(readStoredListings(after.index, after.chunks)).toEqual(plainListings(changed));
    // a deadline changed in the index alone leaves every chunk as it was
    const extended = encodeListings({ ...base, vacancies: base.vacancies.map((v, i) => (i === 7 ? { ...v, deadline: addDays(v.deadline, 3) } : v)) }, key);
    expect(Object.keys(extended.chunks).sort()).toEqual(Object.keys(before.chunks).sort());
    expect(extended.index).not.toBe(before.index);
  });

  it("read an index with no listings, and a blob of the layout before (one JSON of the listings) as it was", () => {
    const empty: Listings = { vacancies: [], trainings: [], places: base.places };
    const { index, chunks } = encodeListings(empty, key);
    const l = decodeListings(index, async () => null);
    expect(searchVacancies(l, {}, TODAY)).toEqual([]);
    expect(readStoredListings(index, chunks)).toEqual(empty);
    const old = decodeListings(JSON.stringify(base), async () => null);
    expect(old).toEqual(base);
    expect(() => decodeListings('{"format":99}', async () => null)).toThrow(/format 99/);
  });
});
