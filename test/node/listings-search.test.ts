import { describe, expect, it } from "vitest";
import { officeClockFrom } from "../../src/core/clock.ts";
import {
  findPlace,
  officeDate,
  openTrainings,
  openVacancies,
  paginate,
  parseEducation,
  parseListingQuery,
  searchTrainings,
  searchVacancies,
} from "../../src/listings/search.ts";
import { EDUCATION_RANK, type Education, type Listings } from "../../src/listings/types.ts";
import { blitarPlaces, generateListings, trainingFixture, vacancyFixture } from "../fixtures/listings-gen.ts";

const TODAY = "2026-11-23";
const places = blitarPlaces();
const place = (kecamatan: string) => places.find((p) => p.kecamatan === kecamatan)!;

const hand: Listings = {
  places,
  vacancies: [
    vacancyFixture({ slug: "las", position: "Tukang Las", company: "CV Baja Kuat", place: place("Kanigoro"), education: "SMK", skills: ["las listrik"], verifiedOn: "2026-11-20" }),
    vacancyFixture({ slug: "kasir", position: "Kasir", company: "Toko Sinar Abadi", place: place("Wlingi"), education: "SMA", skills: ["melayani pelanggan"], verifiedOn: "2026-11-19", deadline: TODAY }),
    vacancyFixture({ slug: "admin", position: "Admin Gudang", company: "UD Sumber Rejeki", place: place("Sananwetan"), education: "D3", skills: ["excel"], verifiedOn: "2026-11-18" }),
    vacancyFixture({ slug: "sopir", position: "Sopir Ekspedisi", company: "PT Brantas Logistik", place: place("Talun"), education: "SMP", skills: ["mengemudi", "sim b1"], verifiedOn: "2026-11-17" }),
    vacancyFixture({ slug: "perawat", position: "Perawat", company: "Klinik Sehat Sentosa", place: place("Kepanjenkidul"), education: "S1", skills: ["perawatan pasien"], verifiedOn: "2026-11-16" }),
    vacancyFixture({ slug: "tani", position: "Tenaga Pertanian", company: "Koperasi Tani Makmur", place: place("Kanigoro"), education: "SD", skills: ["bertani"], verifiedOn: "2026-11-15" }),
    vacancyFixture({ slug: "lama", position: "Operator Produksi", company: "PT Lama Sekali", place: place("Kanigoro"), education: "SMA", verifiedOn: "2026-10-01", deadline: "2026-11-22" }),
  ],
  trainings: [
    trainingFixture({ slug: "smaw", program: "Pengelasan SMAW 3G", field: "Las", skills: ["las listrik"], education: "SMP" }),
    trainingFixture({ slug: "jahit", program: "Menjahit Pakaian", field: "Garmen", skills: ["menjahit"], place: place("Wlingi"), deadline: "2026-11-01" }),
    trainingFixture({ slug: "web", program: "Pemrograman Web", field: "Teknologi Informasi", skills: ["pemrograman"], education: "SMA", place: place("Sananwetan") }),
  ],
};
const slugs = (items: Array<{ slug: string }>) => items.map((i) => i.slug);

describe("officeDate", () => {
  it("gives the office's local date on the office clock", () => {
    const wib = officeClockFrom({ OFFICE_UTC_OFFSET: "+07:00", OFFICE_ZONE: "WIB" });
    const wit = officeClockFrom({ OFFICE_UTC_OFFSET: "+09:00", OFFICE_ZONE: "WIT" });
    expect(officeDate(Date.parse("2026-11-23T16:59:00Z"), wib)).toBe("2026-11-23");
    expect(officeDate(Date.parse("2026-11-23T17:00:00Z"), wib)).toBe("2026-11-24");
    expect(officeDate(Date.parse("2026-11-23T14:59:00Z"), wit)).toBe("2026-11-23");
    expect(officeDate(Date.parse("2026-11-23T15:00:00Z"), wit)).toBe("2026-11-24");
    expect(officeDate(Date.parse("2026-11-23T20:00:00Z"), officeClockFrom({ OFFICE_UTC_OFFSET: "+00:00", OFFICE_ZONE: "UTC" }))).toBe("2026-11-23");
  });
});

describe("open listings and the empty query", () => {
  it("shows a vacancy on its deadline day and hides it the day after", () => {
    expect(slugs(openVacancies(hand, TODAY))).toContain("kasir");
    expect(slugs(openVacancies(hand, TODAY))).not.toContain("lama");
    expect(slugs(openVacancies(hand, "2026-11-24"))).not.toContain("kasir");
    expect(slugs(searchVacancies(hand, {}, TODAY))).not.toContain("lama");
    expect(slugs(openTrainings(hand, TODAY))).toEqual(["smaw", "web"]);
  });

  it("lists every open vacancy newest first when there is no text", () => {
    const l = generateListings(7, { vacancies: 300, trainings: 20, today: TODAY });
    const all = searchVacancies(l, {}, TODAY);
    expect(all).toEqual(openVacancies(l, TODAY));
    expect(all.length).toBeGreaterThan(50);
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.verifiedOn >= all[i]!.verifiedOn).toBe(true);
    expect(all.every((v) => v.deadline >= TODAY)).toBe(true);
    // words that name no job are not a search
    expect(searchVacancies(l, { text: "info lowongan kerja dong" }, TODAY)).toEqual(all);
  });
});

describe("text search", () => {
  it.each([
    ["tukang las", "las"],
    ["las", "las"],
    ["excel", "admin"],
    ["sinar abadi", "kasir"],
    ["brantas", "sopir"],
    ["talun", "sopir"],
    ["pertanian", "tani"],
    ["oprator gudang", "admin"], // typo in a long word
    ["sopir ekspedsi", "sopir"],
    ["perawatt", "perawat"],
    ["mengemudi", "sopir"],
  ])("%s finds %s first", (text, slug) => {
    expect(searchVacancies(hand, { text }, TODAY)[0]?.slug).toBe(slug);
  });

  it("finds by kecamatan, also mistyped, and returns nothing for unknown words", () => {
    expect(slugs(searchVacancies(hand, { text: "kanigoro" }, TODAY)).sort()).toEqual(["las", "tani"]);
    expect(slugs(searchVacancies(hand, { text: "kanigor" }, TODAY)).sort()).toEqual(["las", "tani"]);
    expect(searchVacancies(hand, { text: "astronot" }, TODAY)).toEqual([]);
    // no typo tolerance for short words: "lad" is not "las"
    expect(searchVacancies(hand, { text: "lad" }, TODAY)).toEqual([]);
  });

  it("ranks items that match more of the query first", () => {
    const l = generateListings(11, { vacancies: 400, trainings: 10, today: TODAY });
    const hits = searchVacancies(l, { text: "operator produksi" }, TODAY);
    const firstOther = hits.findIndex((v) => v.position !== "Operator Produksi");
    expect(hits.slice(0, Math.max(0, firstOther)).length).toBeGreaterThan(0);
    expect(hits.slice(firstOther).some((v) => v.position === "Operator Produksi")).toBe(false);
  });

  it("finds the kind of work", () => {
    const l: Listings = {
      ...hand,
      vacancies: [...hand.vacancies, vacancyFixture({ slug: "harian", position: "Buruh Panen", workType: "harian", verifiedOn: "2026-11-02" })],
    };
    expect(slugs(searchVacancies(l, { text: "harian" }, TODAY))).toEqual(["harian"]);
  });

  it("searches trainings by programme, field and skill", () => {
    expect(slugs(searchTrainings(hand, { text: "pengelasan" }, TODAY))).toEqual(["smaw"]);
    expect(slugs(searchTrainings(hand, { text: "las" }, TODAY))).toEqual(["smaw"]);
    expect(slugs(searchTrainings(hand, { text: "menjahit" }, TODAY))).toEqual([]); // registration closed
    expect(slugs(searchTrainings(hand, { text: "pemrogramann web" }, TODAY))).toEqual(["web"]);
  });
});

describe("filters", () => {
  it("keeps items whose minimum education the seeker meets; SMA and SMK are one rank", () => {
    const sma = slugs(searchVacancies(hand, { education: "SMA" }, TODAY));
    expect(sma).toEqual(["las", "kasir", "sopir", "tani"]);
    expect(slugs(searchVacancies(hand, { education: "SMK" }, TODAY))).toEqual(sma);
    expect(slugs(searchVacancies(hand, { education: "SD" }, TODAY))).toEqual(["tani"]);
    expect(slugs(searchVacancies(hand, { education: "S1" }, TODAY))).toHaveLength(6);
    const l = generateListings(3, { vacancies: 500, trainings: 50, today: TODAY });
    for (const education of ["SMP", "SMA", "D3"] as Education[]) {
      const hits = searchVacancies(l, { education }, TODAY);
      expect(hits.every((v) => EDUCATION_RANK[v.education] <= EDUCATION_RANK[education])).toBe(true);
      expect(hits.length).toBe(openVacancies(l, TODAY).filter((v) => EDUCATION_RANK[v.education] <= EDUCATION_RANK[education]).length);
    }
    expect(slugs(searchTrainings(hand, { education: "SMP" }, TODAY))).toEqual(["smaw"]);
  });

  it("filters by kecamatan and by whole kabupaten or kota", () => {
    expect(slugs(searchVacancies(hand, { placeCode: "35.05.10" }, TODAY))).toEqual(["las", "tani"]);
    expect(slugs(searchVacancies(hand, { placeCode: "35.05" }, TODAY))).toEqual(["las", "kasir", "sopir", "tani"]);
    expect(slugs(searchVacancies(hand, { placeCode: "35.72" }, TODAY))).toEqual(["admin", "perawat"]);
    expect(slugs(searchVacancies(hand, { text: "las", placeCode: "35.72" }, TODAY))).toEqual([]);
    expect(slugs(searchVacancies(hand, { text: "kasir", placeCode: "35.05", education: "SMK" }, TODAY))).toEqual(["kasir"]);
  });
});

describe("paginate", () => {
  const items = Array.from({ length: 12 }, (_, i) => i);
  it("pages by five and clamps the page number", () => {
    expect(paginate(items, 1)).toEqual({ items: [0, 1, 2, 3, 4], page: 1, pages: 3, total: 12 });
    expect(paginate(items, 3)).toEqual({ items: [10, 11], page: 3, pages: 3, total: 12 });
    expect(paginate(items, 9).page).toBe(3);
    expect(paginate(items, 0).page).toBe(1);
    expect(paginate(items, -4).items).toEqual([0, 1, 2, 3, 4]);
    expect(paginate(items, Number.NaN).page).toBe(1);
    expect(paginate(items, 2, 10)).toEqual({ items: [10, 11], page: 2, pages: 2, total: 12 });
    expect(paginate([], 5)).toEqual({ items: [], page: 1, pages: 1, total: 0 });
  });
});

describe("findPlace", () => {
  it.each([
    ["di kanigoro", "35.05.10", "Kanigoro"],
    ["Kanigoro", "35.05.10", "Kanigoro"],
    ["wlingi", "35.05.17", "Wlingi"],
    ["daerah wlinggi", "35.05.17", "Wlingi"],
    ["kanigor", "35.05.10", "Kanigoro"],
    ["sananwetan", "35.72.03", "Sananwetan"],
    ["kepanjen kidul", "35.72.01", "Kepanjenkidul"],
    ["kota blitar", "35.72", "Kota Blitar"],
    ["KOTA BLITAR", "35.72", "Kota Blitar"],
    ["kabupaten blitar", "35.05", "Kabupaten Blitar"],
    ["kab. blitar", "35.05", "Kabupaten Blitar"],
    ["blitar", "35.05", "Kabupaten Blitar"],
    ["sutojayan kab blitar", "35.05.12", "Sutojayan"],
    ["srengatt", "35.05.03", "Srengat"],
  ])("%s → %s", (text, code, name) => {
    expect(findPlace(places, text)).toEqual({ code, name });
  });

  it.each(["lowongan admin", "operator produksi", "jakarta", "kasir", "lulusan smk", ""])("finds no place in %j", (text) => {
    expect(findPlace(places, text)).toBeUndefined();
  });
});

describe("parseEducation", () => {
  it.each([
    ["smk", "SMK"],
    ["SMA/SMK", "SMA"],
    ["lulusan s1", "S1"],
    ["S-1", "S1"],
    ["d3", "D3"],
    ["D-III", "D3"],
    ["diploma 3", "D3"],
    ["sarjana", "S1"],
    ["sarjana terapan", "D4"],
    ["sltp", "SMP"],
    ["smp", "SMP"],
    ["tamat mts", "SMP"],
    ["slta", "SMA"],
    ["paket c", "SMA"],
    ["paket b", "SMP"],
    ["sd", "SD"],
    ["STM", "SMK"],
    ["magister", "S2"],
  ])("%s → %s", (text, education) => {
    expect(parseEducation(text)).toBe(education);
  });

  it.each(["kuliah", "lowongan di kanigoro", "LOKER DI WLINGI", "si", "belum lulus"])("reads no level in %j", (text) => {
    expect(parseEducation(text)).toBeUndefined();
  });
});

describe("parseListingQuery", () => {
  it.each([
    ["lowongan las di kanigoro lulusan smk", { text: "las", placeCode: "35.05.10", education: "SMK" }],
    ["loker admin wlingi", { text: "admin", placeCode: "35.05.17" }],
    ["lowongan kota blitar", { placeCode: "35.72" }],
    ["kerja las kanigoro smk", { text: "las", placeCode: "35.05.10", education: "SMK" }],
    ["lowongan sananwetan lulusan s1", { placeCode: "35.72.03", education: "S1" }],
    ["loker di kanigor", { placeCode: "35.05.10" }],
    ["ada lowongan di wlinggi?", { placeCode: "35.05.17" }],
    ["info loker SMA/SMK daerah srengat", { placeCode: "35.05.03", education: "SMA" }],
    ["cari kerja sopir di kab. blitar", { text: "sopir", placeCode: "35.05" }],
    ["lowongan operator produksi", { text: "operator produksi" }],
    ["lowongan kepanjen kidul d3", { placeCode: "35.72.01", education: "D3" }],
    ["min ada loker buat lulusan smp di sutojayan ga", { placeCode: "35.05.12", education: "SMP" }],
    ["loker", {}],
    ["lowongan penjahit paket c", { text: "penjahit", education: "SMA" }],
  ])("%s", (input, expected) => {
    expect(parseListingQuery(places, input)).toEqual(expected);
  });

  it("feeds searchVacancies", () => {
    const q = parseListingQuery(places, "lowongan tukang las di kanigoro lulusan smk");
    expect(slugs(searchVacancies(hand, q, TODAY))).toEqual(["las"]);
    expect(searchVacancies(hand, parseListingQuery(places, "loker las di wlingi"), TODAY)).toEqual([]);
  });
});
