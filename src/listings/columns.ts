/**
 * The per-listing facts search and matching filter on (deadline, place, education rank, verification date, work type,
 * flags), as packed columns: precomputed by the compiler (PreparedListings.columns) so a fresh isolate parses a few
 * short strings instead of building every Vacancy object, and items are built only for the listings a request
 * returns (`item`: from the stored index, see stored.ts, or from the arrays of an in-memory Listings).
 */
import { packInts, packedLength, unpackAll } from "./codec.ts";
import {
  EDUCATION_RANK, WORK_TYPES, type Listings, type Place, type PreparedColumns, type StoredItems, type Training, type Vacancy,
} from "./types.ts";

/** Flag bits of PreparedColumns.flags. */
export const FLAG = { disability: 1, example: 2, free: 4 } as const;

/**
 * Days since 1970-01-01 of a YYYY-MM-DD date (listing dates are checked by the compiler), and back. Plain arithmetic
 * (the proleptic Gregorian calendar, H. Hinnant's days_from_civil): a fresh isolate's first Date use costs ~1 ms.
 */
export function dayNumber(date: string): number {
  const m = Number(date.slice(5, 7));
  const y = Number(date.slice(0, 4)) - (m <= 2 ? 1 : 0);
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + Number(date.slice(8, 10)) - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

export function dateOfDay(days: number): string {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, "0")}-${m < 10 ? "0" : ""}${m}-${d < 10 ? "0" : ""}${d}`;
}

/** The columns of one kind of listing, computed from its items (compile time, or an in-memory Listings). */
export function columnsOf(items: Array<Vacancy | Training>): PreparedColumns {
  const places: Place[] = [];
  const placeIds = new Map<string, number>();
  const place = items.map((x) => {
    let id = placeIds.get(x.place.code);
    if (id === undefined) {
      id = places.push(x.place) - 1;
      placeIds.set(x.place.code, id);
    }
    return id;
  });
  const flag = (x: Vacancy | Training) =>
    (x.disabilityFriendly ? FLAG.disability : 0) + (x.example ? FLAG.example : 0) + ("cost" in x && x.cost === 0 ? FLAG.free : 0);
  const deadlines = items.map((x) => dayNumber(x.deadline));
  const verified = items.map((x) => dayNumber(x.verifiedOn));
  const dayBase = Math.min(0x7fffffff, ...deadlines, ...verified);
  const width = items[0]?.id.length ?? 0;
  const fixed = width > 0 && items.every((x) => x.id.length === width && !x.id.includes(" "));
  return {
    ids: items.map((x) => x.id).join(fixed ? "" : " "),
    idWidth: fixed ? width : 0,
    places,
    place: packInts(place),
    dayBase: items.length ? dayBase : 0,
    deadline: packInts(deadlines.map((d) => d - dayBase)),
    verified: packInts(verified.map((d) => d - dayBase)),
    rank: packInts(items.map((x) => EDUCATION_RANK[x.education] ?? 0)),
    workType: packInts(items.map((x) => ("workType" in x ? WORK_TYPES.indexOf(x.workType) : 0))),
    flags: packInts(items.map(flag)),
  };
}

/** Columns ready to scan: each decoded into a typed array on first use. */
export class Columns {
  readonly n: number;
  readonly places: Place[];
  readonly #c: PreparedColumns;
  readonly #item: (i: number) => Vacancy | Training;
  #ids: string[] | undefined;
  #place: Int32Array | undefined;
  #deadline: Int32Array | undefined;
  #verified: Int32Array | undefined;
  #rank: Int32Array | undefined;
  #workType: Int32Array | undefined;
  #flags: Int32Array | undefined;

  constructor(c: PreparedColumns, item: (i: number) => Vacancy | Training) {
    this.#c = c;
    this.#item = item;
    this.places = c.places;
    this.n = packedLength(c.rank);
  }

  /** The listing at an index (built on first use for a stored index). */
  item(i: number): Vacancy | Training {
    return this.#item(i);
  }

  /** Per listing, its index in `places`. */
  get place(): Int32Array {
    return (this.#place ??= unpackAll(this.#c.place));
  }

  /** Per listing, the deadline in days since 1970-01-01. */
  get deadline(): Int32Array {
    return (this.#deadline ??= unpackAll(this.#c.deadline, this.#c.dayBase));
  }

  get verified(): Int32Array {
    return (this.#verified ??= unpackAll(this.#c.verified, this.#c.dayBase));
  }

  get rank(): Int32Array {
    return (this.#rank ??= unpackAll(this.#c.rank));
  }

  get workType(): Int32Array {
    return (this.#workType ??= unpackAll(this.#c.workType));
  }

  get flags(): Int32Array {
    return (this.#flags ??= unpackAll(this.#c.flags));
  }

  id(i: number): string {
    const w = this.#c.idWidth;
    return w > 0 ? this.#c.ids.slice(i * w, (i + 1) * w) : this.#split()[i]!;
  }

  /** The index of the listing with this id, or -1 (ids are checked unique by the compiler). */
  indexOf(id: string): number {
    const w = this.#c.idWidth;
    if (w === 0) return this.#split().indexOf(id);
    if (id.length !== w) return -1;
    for (let at = this.#c.ids.indexOf(id); at >= 0; at = this.#c.ids.indexOf(id, at + 1)) if (at % w === 0) return at / w;
    return -1;
  }

  #split(): string[] {
    return (this.#ids ??= this.#c.ids ? this.#c.ids.split(" ") : []);
  }
}

/** True for listings read from the stored index, whose items are built on demand. */
export function isStored(l: Listings): l is Listings & StoredItems {
  return typeof (l as Partial<StoredItems>).vacancyAt === "function";
}

/** How many vacancies and trainings, without building a stored index's items. */
export function counts(l: Listings): { vacancies: number; trainings: number } {
  return isStored(l) ? l.counts : { vacancies: l.vacancies.length, trainings: l.trainings.length };
}

// Deliberate per-isolate cache: derived once per (immutable) Listings object.
const cache = new WeakMap<Listings, { vacancies: Columns; trainings: Columns }>();

/** The columns of `l`'s vacancies and trainings: its precomputed ones when they fit, else computed from its arrays. */
export function columns(l: Listings, fits: boolean): { vacancies: Columns; trainings: Columns } {
  let c = cache.get(l);
  if (c) return c;
  const stored = isStored(l) ? l : undefined;
  const vacancyAt = stored ? (i: number) => stored.vacancyAt(i) : (i: number) => l.vacancies[i]!;
  const trainingAt = stored ? (i: number) => stored.trainingAt(i) : (i: number) => l.trainings[i]!;
  const pc = fits ? l.prepared!.columns : undefined;
  c = {
    vacancies: new Columns(pc?.vacancies ?? columnsOf(l.vacancies), vacancyAt),
    trainings: new Columns(pc?.trainings ?? columnsOf(l.trainings), trainingAt),
  };
  cache.set(l, c);
  return c;
}
