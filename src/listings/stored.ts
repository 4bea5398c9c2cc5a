/**
 * The listings as stored in KV: a compact index read by every request that needs listings, and the listings'
 * detail fields in a few chunks read only when a detail field is used (a detail view, how to apply, the scam check).
 *
 *  - the index (bundle.blobs.listings): places, counts, the precomputed search and match data with the
 *    per-listing columns (PreparedListings), the list fields as columns (titles, companies, dates), and the
 *    chunk keys. Search, matching, lists and digests need nothing else; their items are built on first use.
 *  - detail chunks: {"<id>": {slug, contact, requirements, description, ...}} for the listings whose id hashes to
 *    the chunk, so a changed listing changes one chunk and a content sync writes the index and that chunk only.
 *
 * Every value is ASCII (other characters are \u escapes): one byte per character when decoded. Reading a detail
 * field whose chunk is not loaded throws NeedsDetails; `withDetails` loads the chunk and runs the (pure) code again.
 */
import { prepareListings } from "./prepare.ts";
import {
  EDUCATION_LEVELS, WORK_TYPES, type Education, type Listings, type WorkType, type Place, type PreparedListings, type StoredItems, type Training, type Vacancy,
} from "./types.ts";
import { packInts, unpack } from "./codec.ts";
import { columns, dateOfDay, dayNumber, FLAG, type Columns } from "./columns.ts";
import { preparedFits } from "./search.ts";

/** Version of the stored layout; an index of another format is refused (a blob of an older deploy reads as it was). */
export const STORED_FORMAT = 4;
/** About this many listings per detail chunk. */
export const CHUNK_LISTINGS = 128;

/** Fields kept in the detail chunks; every other field is in the index. */
const VACANCY_DETAIL: ReadonlyArray<keyof Vacancy> = [
  "slug", "sector", "majors", "salaryMin", "salaryMax", "hourlyWage", "businessScale", "ageLimitReason", "quota", "skills", "requirements", "apply",
  "contact", "source", "verifiedBy", "description",
];
const TRAINING_DETAIL: ReadonlyArray<keyof Training> = [
  "slug", "field", "schedule", "quota", "certificate", "skills", "requirements", "register", "contact", "source", "verifiedBy", "description",
];

/** The index value. */
interface Index {
  format: number;
  counts: { vacancies: number; trainings: number };
  places: Place[];
  prepared: PreparedListings;
  /** list fields as columns, in Listings order; names are indices in `names` (companies post several vacancies) */
  list: {
    names: string[];
    vacancies: { company: string; position: string; level: string };
    trainings: { provider: string; program: string; level: string; startDate: string; endDate: string; cost: string };
  };
  /** KV keys of the detail chunks */
  chunks: string[];
}

/** JSON with every non-ASCII character as a \u escape. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The chunk of a listing id among `n` (FNV-1a): stable while the listing exists, whatever else changes. */
export function chunkOf(id: string, n: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) % n;
}

const day = dayNumber;
// Listing dates repeat (a few hundred distinct days): each is formatted once per isolate.
const dates = new Map<number, string>();
const date = (days: number) => {
  let d = dates.get(days);
  if (d === undefined) dates.set(days, (d = dateOfDay(days)));
  return d;
};
const level = (e: Education) => EDUCATION_LEVELS.indexOf(e);

/** The stored values of `l` (plain or stored listings, search and match data computed afresh): the index and its chunks by key. */
export function encodeListings(l: Listings, keyOf: (text: string) => string): { index: string; chunks: Record<string, string> } {
  const plain = prepareListings(plainListings(l));
  const total = plain.vacancies.length + plain.trainings.length;
  const n = Math.max(1, Math.ceil(total / CHUNK_LISTINGS));
  const parts: Array<Record<string, unknown>> = Array.from({ length: n }, () => ({}));
  const detail = (item: Vacancy | Training, keys: ReadonlyArray<string>) => {
    const d: Record<string, unknown> = {};
    for (const k of keys) if ((item as unknown as Record<string, unknown>)[k] !== undefined) d[k] = (item as unknown as Record<string, unknown>)[k];
    parts[chunkOf(item.id, n)]![item.id] = d;
  };
  for (const v of plain.vacancies) detail(v, VACANCY_DETAIL);
  for (const t of plain.trainings) detail(t, TRAINING_DETAIL);
  const texts = parts.map(asciiJson);
  const keys = texts.map(keyOf);
  const names: string[] = [];
  const nameIds = new Map<string, number>();
  const name = (text: string) => {
    let id = nameIds.get(text);
    if (id === undefined) nameIds.set(text, (id = names.push(text) - 1));
    return id;
  };
  const index: Index = {
    format: STORED_FORMAT,
    counts: { vacancies: plain.vacancies.length, trainings: plain.trainings.length },
    places: plain.places,
    prepared: plain.prepared!,
    list: {
      names,
      vacancies: {
        company: packInts(plain.vacancies.map((v) => name(v.company))),
        position: packInts(plain.vacancies.map((v) => name(v.position))),
        level: packInts(plain.vacancies.map((v) => level(v.education))),
      },
      trainings: {
        provider: packInts(plain.trainings.map((t) => name(t.provider))),
        program: packInts(plain.trainings.map((t) => name(t.program))),
        level: packInts(plain.trainings.map((t) => level(t.education))),
        startDate: packInts(plain.trainings.map((t) => day(t.startDate))),
        endDate: packInts(plain.trainings.map((t) => day(t.endDate))),
        cost: packInts(plain.trainings.map((t) => t.cost)),
      },
    },
    chunks: keys,
  };
  return { index: asciiJson(index), chunks: Object.fromEntries(keys.map((k, i) => [k, texts[i]!])) };
}

/** Thrown when code reads a detail field whose chunk is not loaded yet; see withDetails. */
export class NeedsDetails extends Error {
  readonly listings: StoredListings;
  readonly chunk: number;
  constructor(listings: StoredListings, chunk: number) {
    super(`listing details not loaded (chunk ${chunk})`);
    this.name = "NeedsDetails";
    this.listings = listings;
    this.chunk = chunk;
  }
}

// Per built item: its StoredListings (for the detail fields).
const origin = new WeakMap<object, StoredListings>();

/** Give `proto` getters for the detail fields, reading the item's chunk. */
function detailGetters(proto: object, keys: ReadonlyArray<string>): void {
  for (const key of keys) {
    Object.defineProperty(proto, key, {
      get(this: { id: string }) {
        return origin.get(this)?.detailFields(this.id)[key];
      },
      enumerable: false,
      configurable: true,
    });
  }
}

/** A vacancy built from the index: list fields as own properties (set in one order, so every item shares a shape). */
class StoredVacancy {
  id: string;
  company: string;
  position: string;
  place: Place;
  education: Education;
  workType: WorkType;
  deadline: string;
  verifiedOn: string;
  example: boolean;
  disabilityFriendly: boolean;
  constructor(id: string, company: string, position: string, place: Place, education: Education, workType: WorkType, deadline: string, verifiedOn: string, flags: number) {
    this.id = id;
    this.company = company;
    this.position = position;
    this.place = place;
    this.education = education;
    this.workType = workType;
    this.deadline = deadline;
    this.verifiedOn = verifiedOn;
    this.example = (flags & FLAG.example) !== 0;
    this.disabilityFriendly = (flags & FLAG.disability) !== 0;
  }
}

class StoredTraining {
  id: string;
  provider: string;
  program: string;
  place: Place;
  education: Education;
  startDate: string;
  endDate: string;
  deadline: string;
  cost: number;
  example: boolean;
  disabilityFriendly: boolean;
  verifiedOn: string;
  constructor(id: string, provider: string, program: string, place: Place, education: Education, dates: [string, string, string, string], cost: number, flags: number) {
    this.id = id;
    this.provider = provider;
    this.program = program;
    this.place = place;
    this.education = education;
    this.startDate = dates[0];
    this.endDate = dates[1];
    this.deadline = dates[2];
    this.cost = cost;
    this.example = (flags & FLAG.example) !== 0;
    this.disabilityFriendly = (flags & FLAG.disability) !== 0;
    this.verifiedOn = dates[3];
  }
}

detailGetters(StoredVacancy.prototype, VACANCY_DETAIL);
detailGetters(StoredTraining.prototype, TRAINING_DETAIL);

/** Reads a chunk's text by its KV key (null when KV lacks it). */
export type ChunkReader = (key: string) => Promise<string | null>;

/** Listings over a stored index; see the module comment. */
export class StoredListings implements Listings, StoredItems {
  readonly places: Place[];
  readonly prepared: PreparedListings;
  readonly counts: { vacancies: number; trainings: number };
  readonly #index: Index;
  readonly #read: ChunkReader;
  readonly #chunks: Array<Record<string, Record<string, unknown>> | undefined>;
  readonly #items: Array<Vacancy | Training | undefined>;
  #vacancies: Vacancy[] | undefined;
  #trainings: Training[] | undefined;

  constructor(index: Index, read: ChunkReader) {
    this.#index = index;
    this.#read = read;
    this.places = index.places;
    this.prepared = index.prepared;
    this.counts = index.counts;
    this.#chunks = new Array(index.chunks.length);
    this.#items = new Array(index.counts.vacancies + index.counts.trainings);
  }

  /** Every vacancy, built from the index (their detail fields still come from the chunks). */
  get vacancies(): Vacancy[] {
    return (this.#vacancies ??= Array.from({ length: this.counts.vacancies }, (_, i) => this.vacancyAt(i)));
  }

  get trainings(): Training[] {
    return (this.#trainings ??= Array.from({ length: this.counts.trainings }, (_, i) => this.trainingAt(i)));
  }

  vacancyAt(i: number): Vacancy {
    let v = this.#items[i] as Vacancy | undefined;
    if (v) return v;
    const c = this.#columns().vacancies;
    const list = this.#index.list;
    v = new StoredVacancy(
      c.id(i),
      list.names[unpack(list.vacancies.company, i)]!,
      list.names[unpack(list.vacancies.position, i)]!,
      c.places[c.place[i]!]!,
      EDUCATION_LEVELS[unpack(list.vacancies.level, i)]!,
      WORK_TYPES[c.workType[i]!]!,
      date(c.deadline[i]!),
      date(c.verified[i]!),
      c.flags[i]!,
    ) as unknown as Vacancy;
    origin.set(v, this);
    this.#items[i] = v;
    return v;
  }

  trainingAt(i: number): Training {
    const at = this.counts.vacancies + i;
    let t = this.#items[at] as Training | undefined;
    if (t) return t;
    const c = this.#columns().trainings;
    const list = this.#index.list;
    t = new StoredTraining(
      c.id(i),
      list.names[unpack(list.trainings.provider, i)]!,
      list.names[unpack(list.trainings.program, i)]!,
      c.places[c.place[i]!]!,
      EDUCATION_LEVELS[unpack(list.trainings.level, i)]!,
      [date(unpack(list.trainings.startDate, i)), date(unpack(list.trainings.endDate, i)), date(c.deadline[i]!), date(c.verified[i]!)],
      unpack(list.trainings.cost, i),
      c.flags[i]!,
    ) as unknown as Training;
    origin.set(t, this);
    this.#items[at] = t;
    return t;
  }

  #cols: { vacancies: Columns; trainings: Columns } | undefined;

  #columns(): { vacancies: Columns; trainings: Columns } {
    return (this.#cols ??= columns(this, preparedFits(this)));
  }

  /** The detail fields of the listing with this id; throws NeedsDetails while its chunk is not loaded. */
  detailFields(id: string): Record<string, unknown> {
    const n = chunkOf(id, this.#chunks.length);
    const chunk = this.#chunks[n];
    if (!chunk) throw new NeedsDetails(this, n);
    return chunk[id] ?? {};
  }

  /** Whether every chunk is loaded. */
  get detailsLoaded(): boolean {
    for (let i = 0; i < this.#chunks.length; i++) if (!this.#chunks[i]) return false;
    return true;
  }

  /** Read detail chunks (each at most once per isolate); `usage.kvReads` counts the reads. Missing chunks read as empty. */
  async loadChunks(chunks: number[], usage?: { kvReads: number }): Promise<void> {
    await Promise.all(
      [...new Set(chunks)].filter((n) => !this.#chunks[n]).map(async (n) => {
        if (usage) usage.kvReads++;
        const text = await this.#read(this.#index.chunks[n]!);
        this.#chunks[n] = text === null ? {} : (JSON.parse(text) as Record<string, Record<string, unknown>>);
      }),
    );
  }

  /** Use chunk texts at hand (tests and scripts holding every blob): `read` gives a chunk's text by key. */
  loadChunksFrom(read: (key: string) => string | null | undefined): void {
    this.#index.chunks.forEach((key, n) => {
      const text = read(key);
      this.#chunks[n] = text ? (JSON.parse(text) as Record<string, Record<string, unknown>>) : {};
    });
  }

  /** Read every detail chunk (pages that show every listing's details). */
  loadAllDetails(usage?: { kvReads: number }): Promise<void> {
    return this.loadChunks(this.#index.chunks.map((_, i) => i), usage);
  }
}

/** Listings of an index value: a StoredListings, or the Listings object of an older deploy's single-JSON blob. */
export function decodeListings(text: string, read: ChunkReader): Listings {
  const index = JSON.parse(text) as Partial<Index> & Partial<Listings>;
  if (index.format === STORED_FORMAT && index.prepared && index.counts && index.list && index.chunks) return new StoredListings(index as Index, read);
  if (Array.isArray(index.vacancies) && Array.isArray(index.trainings)) return index as Listings;
  throw new Error(`listings blob of unknown format ${String(index.format)}`);
}

/**
 * Run pure code over listings that may read detail fields: when it needs a chunk that is not loaded, load it and
 * run the code again; a second miss loads every chunk. `fn` must have no side effects before it reads the listings.
 */
export async function withDetails<T>(listings: Listings | undefined, fn: () => T, usage?: { kvReads: number }): Promise<T> {
  for (let misses = 0; ; misses++) {
    try {
      return fn();
    } catch (err) {
      if (!(err instanceof NeedsDetails) || (listings !== undefined && err.listings !== listings)) throw err;
      // a detail view needs one chunk; code that reads every listing's details (the scam check) gets them all at once
      if (misses === 0) await err.listings.loadChunks([err.chunk], usage);
      else await err.listings.loadAllDetails(usage);
    }
  }
}

/** A vacancy or training with every field as an own property (a stored item's detail fields read; they must be loaded). */
export function plainItem<T extends Vacancy | Training>(item: T): T {
  const stored = origin.get(item);
  return stored ? ({ ...item, ...stored.detailFields(item.id) } as T) : { ...item };
}

/** Plain copies of `l`'s arrays (without `prepared`): what the compiler produces, for encoding or comparing. */
export function plainListings(l: Listings): Listings {
  return { vacancies: l.vacancies.map(plainItem), trainings: l.trainings.map(plainItem), places: l.places };
}

/** Plain listings of stored values at hand (tests, scripts): the index text and every chunk by key. */
export function readStoredListings(index: string, blobs: Record<string, string>): Listings {
  const l = decodeListings(index, async (key) => blobs[key] ?? null);
  if (l instanceof StoredListings) l.loadChunksFrom((key) => blobs[key]);
  return plainListings(l);
}
