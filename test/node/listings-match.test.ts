import { describe, expect, it } from "vitest";
import { matchTrainings, matchVacancies } from "../../src/listings/match.ts";
import { EDUCATION_RANK, type Listings, type Profile } from "../../src/listings/types.ts";
import { blitarPlaces, generateListings, generateProfiles, trainingFixture, vacancyFixture } from "../fixtures/listings-gen.ts";

const TODAY = "2026-11-23";
const places = blitarPlaces();
const place = (kecamatan: string) => places.find((p) => p.kecamatan === kecamatan)!;
const profile = (p: Partial<Profile>): Profile => ({ skills: [], alerts: true, ...p });

const hand: Listings = {
  places,
  vacancies: [
    vacancyFixture({ slug: "las-kanigoro", position: "Tukang Las", place: place("Kanigoro"), education: "SMK", majors: ["Teknik Pengelasan"], skills: ["las"], disabilityFriendly: true, verifiedOn: "2026-11-20" }),
    vacancyFixture({ slug: "las-d3", position: "Supervisor Las", place: place("Kanigoro"), education: "D3", skills: ["las"], verifiedOn: "2026-11-19" }),
    vacancyFixture({ slug: "kasir-kanigoro", position: "Kasir", place: place("Kanigoro"), education: "SMA", skills: ["melayani pelanggan"], verifiedOn: "2026-11-15" }),
    vacancyFixture({ slug: "las-wlingi", position: "Tukang Las", place: place("Wlingi"), education: "SMP", skills: ["las listrik", "membaca gambar teknik"], workType: "kontrak", verifiedOn: "2026-11-10" }),
    vacancyFixture({ slug: "mekanik-tkr", position: "Mekanik Mobil", place: place("Wlingi"), education: "SMK", majors: ["Teknik Kendaraan Ringan"], skills: ["servis mobil"], verifiedOn: "2026-11-08" }),
    vacancyFixture({ slug: "teknisi-tkj", position: "Teknisi Jaringan", place: place("Wlingi"), education: "SMK", majors: ["Teknik Komputer dan Jaringan"], skills: ["jaringan komputer"], verifiedOn: "2026-11-07" }),
    vacancyFixture({ slug: "las-kota", position: "Tukang Las", place: place("Sananwetan"), education: "SMK", skills: ["las"], verifiedOn: "2026-11-05" }),
    vacancyFixture({ slug: "akuntansi-kota", position: "Staf Akuntansi", place: place("Sananwetan"), education: "SMK", majors: ["Akuntansi dan Keuangan Lembaga"], skills: ["pajak"], verifiedOn: "2026-11-04" }),
    vacancyFixture({ slug: "las-tutup", position: "Tukang Las", place: place("Kanigoro"), education: "SMK", skills: ["las"], verifiedOn: "2026-10-01", deadline: "2026-11-22" }),
  ],
  trainings: [],
};
const slugs = (matches: Array<{ item: { slug: string } }>) => matches.map((m) => m.item.slug);

const welder = profile({
  education: "SMK",
  major: "Teknik Pengelasan",
  skills: ["las listrik"],
  placeCode: "35.05.10",
  workType: "penuh-waktu",
  disability: "tunadaksa",
});

describe("matchVacancies", () => {
  it("ranks hand-built vacancies and gives exactly the reasons that hold", () => {
    const matches = matchVacancies(welder, hand, TODAY);
    expect(matches.map((m) => [m.item.slug, m.reasons])).toEqual([
      ["las-kanigoro", ["pendidikan SMK", "jurusan Teknik Pengelasan", "lokasi Kanigoro", "keahlian las", "penuh waktu", "ramah disabilitas"]],
      // the seeker's own level, not the vacancy's ("SMA" would confuse an SMK graduate)
      ["kasir-kanigoro", ["pendidikan SMK", "lokasi Kanigoro", "penuh waktu"]],
      ["las-kota", ["pendidikan SMK", "keahlian las", "penuh waktu"]],
      ["las-wlingi", ["pendidikan SMK (min. SMP)", "lokasi Kabupaten Blitar", "keahlian las listrik"]],
    ]);
    for (let i = 1; i < matches.length; i++) expect(matches[i - 1]!.score).toBeGreaterThanOrEqual(matches[i]!.score);
    expect(slugs(matchVacancies(welder, hand, TODAY, { limit: 2 }))).toEqual(["las-kanigoro", "kasir-kanigoro"]);
  });

  it("never matches a skill by a shared word of another sense", () => {
    const l: Listings = {
      places,
      trainings: [],
      vacancies: [
        vacancyFixture({ slug: "instalasi", position: "Teknisi Instalasi Listrik", place: place("Kanigoro"), education: "SMK", skills: ["instalasi listrik", "listrik"], verifiedOn: "2026-11-20" }),
        vacancyFixture({ slug: "drafter", position: "Drafter", place: place("Kanigoro"), education: "SMK", skills: ["gambar teknik"], verifiedOn: "2026-11-19" }),
        vacancyFixture({ slug: "las", position: "Tukang Las", place: place("Kanigoro"), education: "SMK", skills: ["las listrik"], verifiedOn: "2026-11-18" }),
      ],
    };
    const reasonsOf = (p: Profile) => Object.fromEntries(matchVacancies(p, l, TODAY).map((m) => [m.item.slug, m.reasons.filter((r) => r.startsWith("keahlian"))]));
    // an electric welder is not an electrician, and an electrician is not a welder
    expect(reasonsOf(profile({ skills: ["las listrik"] }))).toMatchObject({ las: ["keahlian las listrik"] });
    expect(reasonsOf(profile({ skills: ["las listrik"] })).instalasi ?? []).toEqual([]);
    expect(reasonsOf(profile({ skills: ["listrik"] })).las ?? []).toEqual([]);
    expect(reasonsOf(profile({ skills: ["listrik"] }))).toMatchObject({ instalasi: ["keahlian listrik"] });
    // a leading verb is not the head: "membaca gambar teknik" still covers "gambar teknik"
    expect(reasonsOf(profile({ skills: ["membaca gambar teknik"] }))).toMatchObject({ drafter: ["keahlian gambar teknik"] });
  });

  it("never matches a vacancy that asks for more education than the profile has", () => {
    expect(slugs(matchVacancies(welder, hand, TODAY))).not.toContain("las-d3");
    expect(slugs(matchVacancies({ ...welder, education: "D3" }, hand, TODAY))).toContain("las-d3");
    expect(slugs(matchVacancies({ ...welder, education: "SD" }, hand, TODAY))).toEqual([]);
    // without an education in the profile nothing is filtered out by it
    const { education: _, ...noEducation } = welder;
    expect(slugs(matchVacancies(noEducation, hand, TODAY))).toContain("las-d3");

    const l = generateListings(5, { vacancies: 600, trainings: 40, today: TODAY });
    for (const p of generateProfiles(9, 300)) {
      for (const m of matchVacancies(p, l, TODAY)) {
        if (p.education) expect(EDUCATION_RANK[m.item.education]).toBeLessThanOrEqual(EDUCATION_RANK[p.education]);
        expect(m.item.deadline >= TODAY).toBe(true);
      }
    }
  });

  it("only claims a place that holds, and needs skill, major or place to fit", () => {
    const l = generateListings(6, { vacancies: 600, trainings: 40, today: TODAY });
    let checked = 0;
    for (const p of generateProfiles(10, 300)) {
      for (const m of matchVacancies(p, l, TODAY)) {
        const v = m.item;
        const sameKec = p.placeCode === v.place.code;
        const sameKab = !!p.placeCode && v.place.code.startsWith(p.placeCode.slice(0, 5));
        expect(m.reasons.includes(`lokasi ${v.place.kecamatan}`)).toBe(sameKec);
        expect(m.reasons.includes(`lokasi ${v.place.kabupaten}`)).toBe(sameKab && !sameKec);
        const fits = m.reasons.some((r) => r.startsWith("keahlian ") || r.startsWith("jurusan ")) || (sameKab && p.placeCode!.split(".").length === 2) || sameKec;
        expect(fits).toBe(true);
        if (m.reasons.includes("ramah disabilitas")) expect(p.disability && v.disabilityFriendly).toBeTruthy();
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it("compares majors fuzzily: abbreviations and field words", () => {
    expect(matchVacancies(profile({ major: "TKR" }), hand, TODAY).map((m) => [m.item.slug, m.reasons])).toEqual([
      ["mekanik-tkr", ["jurusan Teknik Kendaraan Ringan"]],
    ]);
    expect(slugs(matchVacancies(profile({ major: "tkj" }), hand, TODAY))).toEqual(["teknisi-tkj"]);
    expect(slugs(matchVacancies(profile({ major: "Teknik Komputer Jaringan" }), hand, TODAY))).toEqual(["teknisi-tkj"]);
    expect(matchVacancies(profile({ major: "akuntansi" }), hand, TODAY)[0]?.reasons).toEqual(["jurusan Akuntansi dan Keuangan Lembaga"]);
    expect(slugs(matchVacancies(profile({ major: "otomotif" }), hand, TODAY))).toEqual(["mekanik-tkr"]);
    expect(slugs(matchVacancies(profile({ major: "Tata Busana" }), hand, TODAY))).toEqual([]);
  });

  it("reads \"semua jurusan\" as any major, and another major as a weaker fit", () => {
    const l: Listings = {
      places,
      trainings: [],
      vacancies: [
        vacancyFixture({ slug: "lain", skills: ["las"], majors: ["Tata Busana"], verifiedOn: "2026-11-20" }),
        vacancyFixture({ slug: "semua-1", skills: ["las"], majors: ["Semua Jurusan"], verifiedOn: "2026-11-10" }),
        vacancyFixture({ slug: "semua-2", skills: ["las"], majors: ["semua jurusan"], verifiedOn: "2026-11-09" }),
      ],
    };
    const matches = matchVacancies(profile({ major: "TKR", skills: ["las"] }), l, TODAY);
    expect(slugs(matches)).toEqual(["semua-1", "semua-2", "lain"]);
    for (const m of matches) expect(m.reasons).toEqual(["keahlian las"]);
    expect(matches[0]!.score).toBeGreaterThan(matches[2]!.score);
  });

  it("reads a kabupaten code as the whole kabupaten", () => {
    const matches = matchVacancies(profile({ placeCode: "35.05" }), hand, TODAY);
    expect(slugs(matches)).toEqual(["las-kanigoro", "las-d3", "kasir-kanigoro", "las-wlingi", "mekanik-tkr", "teknisi-tkj"]);
    for (const m of matches) expect(m.reasons).toEqual(["lokasi Kabupaten Blitar"]);
    expect(slugs(matchVacancies(profile({ placeCode: "35.72" }), hand, TODAY))).toEqual(["las-kota", "akuntansi-kota"]);
    // a kecamatan profile ranks its own kecamatan above the rest of the kabupaten
    const skilled = matchVacancies(profile({ placeCode: "35.05.17", skills: ["las"] }), hand, TODAY);
    expect(slugs(skilled)[0]).toBe("las-wlingi");
    expect(skilled[0]!.reasons).toEqual(["lokasi Wlingi", "keahlian las"]);
  });

  it("keeps only vacancies verified after `since`", () => {
    expect(slugs(matchVacancies(welder, hand, TODAY, { since: "2026-11-12" }))).toEqual(["las-kanigoro", "kasir-kanigoro"]);
    expect(slugs(matchVacancies(welder, hand, TODAY, { since: "2026-11-15" }))).toEqual(["las-kanigoro"]);
    expect(matchVacancies(welder, hand, TODAY, { since: "2026-11-20" })).toEqual([]);
    const l = generateListings(8, { vacancies: 800, trainings: 10, today: TODAY });
    for (const p of generateProfiles(12, 100)) {
      const all = matchVacancies(p, l, TODAY);
      const recent = matchVacancies(p, l, TODAY, { since: "2026-11-16" });
      expect(recent).toEqual(all.filter((m) => m.item.verifiedOn > "2026-11-16"));
      expect(matchVacancies(p, l, TODAY, { limit: 5 })).toEqual(all.slice(0, 5));
    }
  });

  it("returns nothing for an empty profile", () => {
    expect(matchVacancies(profile({}), hand, TODAY)).toEqual([]);
    expect(matchVacancies(profile({ education: "SMK", workType: "kontrak" }), hand, TODAY)).toEqual([]);
    expect(matchVacancies(profile({ skills: ["  "] }), hand, TODAY)).toEqual([]);
    expect(matchTrainings(profile({}), hand, TODAY)).toEqual([]);
  });

  it("puts disability-friendly vacancies first when the profile names a disability", () => {
    const l: Listings = {
      places,
      trainings: [],
      vacancies: [
        vacancyFixture({ slug: "newer", skills: ["menjahit"], verifiedOn: "2026-11-20" }),
        vacancyFixture({ slug: "ramah", skills: ["menjahit"], disabilityFriendly: true, verifiedOn: "2026-11-10" }),
      ],
    };
    const seeker = profile({ skills: ["menjahit"], education: "SMA" });
    expect(slugs(matchVacancies(seeker, l, TODAY))).toEqual(["newer", "ramah"]);
    const withDisability = matchVacancies({ ...seeker, disability: "tunarungu" }, l, TODAY);
    expect(slugs(withDisability)).toEqual(["ramah", "newer"]);
    expect(withDisability[0]!.reasons).toContain("ramah disabilitas");
    expect(withDisability[1]!.reasons).not.toContain("ramah disabilitas");
  });

  it("matches skills through stems and aliases, not through shared words alone", () => {
    const l: Listings = {
      places,
      trainings: [],
      vacancies: [
        vacancyFixture({ slug: "excel", skills: ["microsoft excel"] }),
        vacancyFixture({ slug: "word", skills: ["microsoft word"] }),
        vacancyFixture({ slug: "sopir", skills: ["mengemudi"] }),
      ],
    };
    expect(slugs(matchVacancies(profile({ skills: ["Excel"] }), l, TODAY))).toEqual(["excel"]);
    expect(matchVacancies(profile({ skills: ["Excel"] }), l, TODAY)[0]!.reasons).toEqual(["keahlian excel"]);
    expect(slugs(matchVacancies(profile({ skills: ["nyetir"] }), l, TODAY))).toEqual(["sopir"]);
  });
});

describe("matchTrainings", () => {
  const l: Listings = {
    places,
    vacancies: [
      vacancyFixture({ slug: "las-1", skills: ["las"], education: "SMP", place: place("Kanigoro") }),
      vacancyFixture({ slug: "las-2", skills: ["las listrik"], education: "SD", place: place("Wlingi") }),
      vacancyFixture({ slug: "las-3", skills: ["las"], education: "SMP", place: place("Talun") }),
      vacancyFixture({ slug: "las-s1", skills: ["las"], education: "S1", place: place("Talun") }),
      vacancyFixture({ slug: "las-tutup", skills: ["las"], education: "SMP", place: place("Talun"), deadline: "2026-11-01" }),
      vacancyFixture({ slug: "jahit-kota", skills: ["menjahit"], education: "SMP", place: place("Sananwetan") }),
    ],
    trainings: [
      trainingFixture({ slug: "las", program: "Pengelasan Dasar", skills: ["las"], education: "SD", place: place("Kanigoro") }),
      trainingFixture({ slug: "jahit", program: "Menjahit", skills: ["menjahit"], education: "SD", place: place("Sananwetan") }),
      trainingFixture({ slug: "boga", program: "Tata Boga", skills: ["memasak"], education: "SMP", cost: 500_000, place: place("Sananwetan") }),
      trainingFixture({ slug: "kopi", program: "Barista", skills: ["meracik kopi"], education: "SMP", place: place("Sananwetan") }),
      trainingFixture({ slug: "boga-tutup", program: "Tata Boga Lanjut", skills: ["memasak"], deadline: "2026-11-01" }),
      trainingFixture({ slug: "boga-d3", program: "Manajemen Dapur", skills: ["memasak"], education: "D3" }),
    ],
  };

  it("links a training to skills open vacancies near the seeker ask for", () => {
    const cook = profile({ education: "SMP", skills: ["memasak"], placeCode: "35.05.12" });
    expect(matchTrainings(cook, l, TODAY).map((m) => [m.item.slug, m.reasons])).toEqual([
      ["las", ["3 lowongan di Kabupaten Blitar butuh keahlian las", "lokasi Kabupaten Blitar", "gratis", "pendidikan SMP (min. SD)"]],
      ["boga", ["keahlian memasak", "pendidikan SMP"]],
    ]);
    // in Kota Blitar the sewing vacancy is the local demand
    const kota = matchTrainings({ ...cook, placeCode: "35.72" }, l, TODAY);
    // the seeker's own skill first, then local demand, then the place alone
    expect(kota.map((m) => m.item.slug)).toEqual(["boga", "jahit", "kopi"]);
    expect(kota[1]!.reasons).toEqual(["1 lowongan di Kota Blitar butuh keahlian menjahit", "lokasi Kota Blitar", "gratis", "pendidikan SMP (min. SD)"]);
  });

  it("names the seeker's own skill instead of demand when they have it", () => {
    const welder = profile({ education: "SMK", skills: ["las"], placeCode: "35.05.10" });
    const matches = matchTrainings(welder, l, TODAY);
    expect(matches[0]!.item.slug).toBe("las");
    expect(matches[0]!.reasons).toEqual(["keahlian las", "lokasi Kanigoro", "gratis", "pendidikan SMK (min. SD)"]);
    expect(matches.some((m) => m.reasons.some((r) => r.includes("butuh keahlian las")))).toBe(false);
    expect(slugs(matchTrainings({ ...welder, education: "SD" }, l, TODAY))).toEqual(["las"]);
    // no education in the profile: no level filter; the free one first
    expect(slugs(matchTrainings(profile({ skills: ["memasak"] }), l, TODAY))).toEqual(["boga-d3", "boga"]);
    expect(slugs(matchTrainings(profile({ skills: ["memasak"] }), l, TODAY, { limit: 1 }))).toEqual(["boga-d3"]);
  });
});
