/** The compiled listings as tests hold them: plain objects from the stored index and chunks, and re-encoding after a change. */
import { createHash } from "node:crypto";
import { encodeListings, readStoredListings } from "../../src/listings/stored.ts";
import type { Listings } from "../../src/listings/types.ts";

/** Plain listings (every field an own property) from the blobs of a compiled bundle. */
export function listingsFromBlobs(blobs: Record<string, string>, key: string): Listings {
  return readStoredListings(blobs[key]!, blobs);
}

/** The compiler's content-hashed key of a blob. */
export function blobKey(text: string): string {
  return `content:blob:${createHash("sha256").update(text).digest("hex").slice(0, 32)}`;
}

/** `l` stored again: the index text and the chunks by key. */
export function storeListings(l: Listings): { index: string; chunks: Record<string, string> } {
  return encodeListings(l, blobKey);
}
