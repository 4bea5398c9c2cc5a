/**
 * Runs the listings code once on a tiny built-in sample when the Worker's global scope is evaluated (imported for
 * its effect by src/index.ts), so V8 has compiled the search, matching and digest code and their regular
 * expressions before the first request that needs listings.
 *
 * Why: in a fresh isolate most of a cold listing request's CPU was V8 compiling and running code for the first time
 * (normalising and stemming the query, skill parsing, the column decoders), not the data work: measured in fresh node
 * processes, scripts/bench-listings.ts. A Worker's global scope runs at isolate startup (limited to 1 s as a whole),
 * not inside a request's 10 ms CPU limit. The sample is its own Listings object: per-object caches are not shared,
 * so the real listings are read exactly as before.
 */
import { buildDigest } from "../alerts/digest.ts";
import { packInts, unpackAll } from "./codec.ts";
import { matchTrainings, matchVacancies } from "./match.ts";
import { parseListingQuery, searchTrainings, searchVacancies } from "./search.ts";
import { decodeListings, encodeListings } from "./stored.ts";
import type { Listings, Place, Profile, Training, Vacancy } from "./types.ts";

const PLACES: Place[] = [
  { code: "35.05.10", kecamatan: "Kanigoro", kabupaten: "Kabupaten Blitar" },
  { code: "35.72.01", kecamatan: "Sananwetan", kabupaten: "Kota Blitar" },
];

const DAY = "2026-01-15";

function vacancy(n: number, position: string, skills: string[], majors: string[], place: Place, education: Vacancy["education"]): Vacancy {
  return {
    slug: `contoh-${n}`, id: `W0000${n}`, company: `CV Contoh ${n}`, position, sector: "Manufaktur", place, education, majors,
    workType: n % 2 ? "penuh-waktu" : "kontrak", quota: 1, disabilityFriendly: n === 1, skills, requirements: ["Sehat jasmani"],
    apply: "Datang langsung", contact: { phone: "0342 000000" }, deadline: "2026-02-01", source: "contoh", verifiedBy: "contoh",
    verifiedOn: `2026-01-1${n}`, example: true, description: `Dibutuhkan ${position.toLowerCase()} untuk bagian produksi dan gudang.`,
  };
}

function training(n: number, program: string, skills: string[], cost: number): Training {
  return {
    slug: `pelatihan-${n}`, id: `P0000${n}`, provider: "BLK Contoh", program, field: "Teknik", place: PLACES[0]!, education: "SMP",
    startDate: "2026-02-02", endDate: "2026-03-02", deadline: "2026-01-30", quota: 16, cost, disabilityFriendly: false, skills,
    requirements: ["KTP"], register: "Daftar di BLK", contact: { phone: "0342 000001" }, source: "contoh", verifiedBy: "contoh",
    verifiedOn: "2026-01-10", example: true, description: `Pelatihan ${program.toLowerCase()} berbasis kompetensi.`,
  };
}

/** The sample: a few vacancies and trainings that exercise every branch of search and matching. */
export function sampleListings(): Listings {
  return {
    places: PLACES,
    vacancies: [
      vacancy(1, "Tukang Las", ["Las Listrik", "Membaca Gambar Teknik"], ["Teknik Pengelasan"], PLACES[0]!, "SMK"),
      vacancy(2, "Operator Produksi", ["Mengoperasikan Mesin"], ["Semua Jurusan"], PLACES[1]!, "SMA"),
      vacancy(3, "Admin Gudang", ["Microsoft Excel", "Komputer"], ["Akuntansi", "TKJ"], PLACES[0]!, "D3"),
      vacancy(4, "Sopir Pengiriman", ["Mengemudi"], [], PLACES[1]!, "SMP"),
    ],
    trainings: [training(1, "Pengelasan SMAW", ["Las Listrik"], 0), training(2, "Operator Komputer", ["Komputer"], 150_000)],
  };
}

/**
 * Rounds of the warm-up: each on a freshly decoded sample, as each isolate decodes its index once. One round
 * compiles the code; the later rounds let V8 move the hot functions to its faster tiers before the first request.
 */
export const WARM_ROUNDS = 3;
/** Values decoded per width in the decoder warm-up (about one column of 2,000 listings, twice). */
const DECODER_VALUES = 4096;

/** Search, match, read reasons and build a digest on the sample, as a listing request and an alert run do. */
export function warmListings(rounds = WARM_ROUNDS): void {
  const stored = encodeListings(sampleListings(), (text) => `warm:${text.length}`);
  const read = (items: Array<Vacancy | Training>) => items.reduce((n, x) => n + x.id.length + x.place.kecamatan.length + x.deadline.length, 0);
  const profile: Profile = {
    education: "SMK", major: "Teknik Komputer dan Jaringan", skills: ["mengelas", "komputer"], placeCode: "35.05.10", workType: "kontrak", disability: "tunarungu", alerts: true,
  };
  // The column decoders run over every listing (thousands of values) on a request's first use: a long input here
  // lets V8 optimise their loops, which a sample of a few listings would not.
  for (const max of [80, 4000]) unpackAll(packInts(Array.from({ length: DECODER_VALUES }, (_, i) => (i * 7919) % max)));
  for (let round = 0; round < rounds; round++) {
    const l = decodeListings(stored.index, async () => null);
    read(searchVacancies(l, parseListingQuery(l.places, "lowongan tukang las di kanigoro lulusan smk"), DAY));
    read(searchVacancies(l, parseListingQuery(l.places, "oprator produksi"), DAY));
    read(searchVacancies(l, {}, DAY));
    read(searchTrainings(l, parseListingQuery(l.places, "pelatihan las"), DAY));
    for (const m of matchVacancies(profile, l, DAY).slice(0, 5)) m.reasons.join(", ") + m.item.position;
    for (const m of matchTrainings(profile, l, DAY, { limit: 3 })) m.reasons.join(", ");
    buildDigest(matchVacancies({ ...profile, placeCode: "35.72" }, l, DAY, { since: "2026-01-08", limit: 5 }));
  }
}

/** CPU of the warm-up at startup, in ms (scripts/bench-listings.ts reports it). */
export let warmUpMs = 0;

try {
  const t = performance.now();
  warmListings();
  warmUpMs = performance.now() - t;
} catch {
  // a warm-up must never keep the Worker from starting: the first request then compiles the code itself
}
