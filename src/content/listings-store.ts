/** Reads the compiled listings blob from KV, cached per isolate by its content-hashed key. */
import { decodeListings } from "../listings/stored.ts";
import type { Listings } from "../listings/types.ts";
import type { ContentBundle } from "./types.ts";

/** How many blobs an isolate keeps: the current one and the one before a deploy. */
const CACHE_ENTRIES = 2;

// Deliberate per-isolate cache. Blob keys are content hashes, so a cached entry never goes stale.
const cache = new Map<string, Listings>();

/** No vacancies, no trainings, no places: what a bundle without listings shows. */
export function emptyListings(): Listings {
  return { vacancies: [], trainings: [], places: [] };
}

/**
 * The listings of `bundle` (bundle.blobs.listings): the index parsed, each listing built when a request needs
 * it, its detail fields read from their chunk on first use (src/listings/stored.ts). Empty when the bundle names no listings blob or KV lacks it (a
 * deploy whose sync has not finished); KV failures throw. `usage.kvReads` counts real reads.
 */
export async function loadListings(kv: KVNamespace, bundle: ContentBundle, usage?: { kvReads: number }): Promise<Listings> {
  const key = bundle.blobs?.listings;
  if (!key) return emptyListings();
  const cached = cache.get(key);
  if (cached) return cached;
  if (usage) usage.kvReads++;
  const text = await kv.get(key, { type: "text", cacheTtl: 3600 });
  if (text === null) return emptyListings();
  // detail chunks are read when a detail field is used (withDetails); each read is counted where it is made
  const listings = decodeListings(text, (chunk) => kv.get(chunk, { type: "text", cacheTtl: 3600 }));
  cache.set(key, listings);
  while (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  return listings;
}

/** Forget cached listings (tests). */
export function forgetListings(): void {
  cache.clear();
}
