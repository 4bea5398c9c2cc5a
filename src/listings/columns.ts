/**
 * The per-listing facts search and matching filter on (deadline, place, education rank, verification date, work type,
 * flags), as columns: precomputed by the compiler (PreparedListings.columns) so a fresh isolate decodes a few short
 * strings instead of building every Vacancy object, and items are fetched only for the listings a request returns
 * (`itemAt`: lazily from the stored blob, see stored.ts, or from the arrays of an in-memory Listings).
 */
import {
  EDUCATION_RANK, WORK_TYPES, type Listings, type Place, type PreparedColumns, type StoredItems, type Training, type Vacancy,
} from "./types.ts";

/** Flag bits of PreparedColumns.flags. */
export const FLAG = { disability: 1, example: 2, free: 4 } as const;

/** Days since 1970-01-01 of a YYYY-MM-DD date (listing dates are checked by the compiler). */
export function dayNumber(date: string): number {
  return Math.floor(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000);
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
  return {
    ids: items.map((x) => x.id),
    places,
    place,
    deadline: items.map((x) => dayNumber(x.deadline)),
    verified: items.map((x) => dayNumber(x.verifiedOn)),
    rank: items.map((x) => EDUCATION_RANK[x.education] ?? 0),
    workType: items.map((x) => ("workType" in x ? WORK_TYPES.indexOf(x.workType) : 0)),
    flags: items.map(flag),
  };
}

/** Columns ready to scan, and the item at an index (built on first use for a stored blob). */
export interface Columns extends PreparedColumns {
  n: number;
  item: (i: number) => Vacancy | Training;
}

/** True for listings read from the stored blob, whose items are built on demand. */
export function isStored(l: Listings): l is Listings & StoredItems {
  return typeof (l as Partial<StoredItems>).vacancyAt === "function";
}

/** How many vacancies and trainings, without building a stored blob's items. */
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
    vacancies: { ...(pc?.vacancies ?? columnsOf(l.vacancies)), n: counts(l).vacancies, item: vacancyAt },
    trainings: { ...(pc?.trainings ?? columnsOf(l.trainings)), n: counts(l).trainings, item: trainingAt },
  };
  cache.set(l, c);
  return c;
}

/** The index of the listing with this id, or -1 (ids are checked unique by the compiler). */
export function indexOfId(c: Columns, id: string): number {
  return c.ids.indexOf(id);
}
