/** Reads the compiled content bundle from KV, cached per isolate and revalidated by version. */
import { CONTENT_KEY, type ContentBundle } from "./types.ts";

/** How long an isolate trusts its cached bundle before asking KV for the current version. */
export const CONTENT_TTL_MS = 60_000;

interface Cached {
  bundle: ContentBundle;
  checkedAt: number;
}

// Deliberate per-isolate cache, keyed by the KV binding so separate namespaces never mix.
const cache = new WeakMap<KVNamespace, Cached>();

/** The current bundle, or undefined when KV holds no content yet (a fresh deploy). KV failures throw. */
export async function loadContent(
  kv: KVNamespace,
  now: number = Date.now(),
  usage?: { kvReads: number },
): Promise<ContentBundle | undefined> {
  const cached = cache.get(kv);
  if (cached && now - cached.checkedAt < CONTENT_TTL_MS) return cached.bundle;
  if (usage) usage.kvReads++;
  const { value, metadata } = await kv.getWithMetadata<{ version?: string }>(CONTENT_KEY, { type: "text", cacheTtl: 60 });
  if (value === null) {
    cache.delete(kv);
    return undefined;
  }
  if (cached && metadata?.version && metadata.version === cached.bundle.version) {
    cached.checkedAt = now;
    return cached.bundle;
  }
  const bundle = JSON.parse(value) as ContentBundle;
  cache.set(kv, { bundle, checkedAt: now });
  return bundle;
}

/** Forget cached content (tests, or after a known content change). */
export function forgetContent(kv: KVNamespace): void {
  cache.delete(kv);
}
