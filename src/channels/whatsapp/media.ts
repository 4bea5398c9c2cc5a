/**
 * A seeker's photo or document on WhatsApp, into R2: GET /{version}/{media-id} gives a short-lived download URL
 * (valid about 5 minutes), which is fetched with the same access token. Size (5 MB), type (from the bytes) and the
 * day's count are checked as on every channel (src/files/store.ts).
 */
import { MAX_FILE_BYTES } from "../../core/strings-files.ts";
import type { Db } from "../../db/client.ts";
import { acceptFile, type Accepted } from "../../files/store.ts";
import { log } from "../../log.ts";
import type { WhatsAppConfig } from "./config.ts";
import type { WhatsAppMedia } from "./inbound.ts";

/** Hosts Meta serves media downloads from; the token is sent to no other host (besides the configured API root). */
const MEDIA_HOSTS = /(?:^|\.)(?:fbsbx\.com|facebook\.com|whatsapp\.net)$/;

/** Look the media up, download it and accept it, or say why not. Never throws. */
export async function takeWhatsAppMedia(
  config: WhatsAppConfig,
  store: { bucket: R2Bucket | undefined; db: Db; fetch?: typeof fetch },
  media: WhatsAppMedia,
  conversationId: string,
  now: number,
): Promise<Accepted> {
  const doFetch = store.fetch ?? fetch;
  const auth = { authorization: `Bearer ${config.accessToken}` };
  try {
    const lookup = await doFetch(`${config.apiRoot}/${config.version}/${encodeURIComponent(media.id)}?phone_number_id=${encodeURIComponent(config.phoneNumberId)}`, {
      headers: auth,
      signal: AbortSignal.timeout(8000),
    });
    if (!lookup.ok) return failed("media lookup refused", lookup.status);
    const meta = (await lookup.json()) as { url?: unknown; file_size?: unknown };
    if (Number(meta.file_size ?? 0) > MAX_FILE_BYTES) return { ok: false, reason: "too-large" };
    const url = typeof meta.url === "string" ? safeUrl(meta.url, config.apiRoot) : undefined;
    if (!url) return failed("media url not allowed");
    const download = await doFetch(url, { headers: auth, signal: AbortSignal.timeout(15_000) });
    if (!download.ok) return failed("media download refused", download.status);
    if (Number(download.headers.get("content-length") ?? 0) > MAX_FILE_BYTES) return { ok: false, reason: "too-large" };
    const bytes = new Uint8Array(await download.arrayBuffer());
    return await acceptFile(store.bucket, store.db, { conversationId, name: media.name, bytes, now });
  } catch (err) {
    return failed(err instanceof Error ? err.name : "unknown");
  }
}

/** The download URL if it is Meta's (https) or the configured API root's own (a local stand-in). */
function safeUrl(raw: string, apiRoot: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.origin === new URL(apiRoot).origin) return url.href;
  return url.protocol === "https:" && MEDIA_HOSTS.test(url.hostname) ? url.href : undefined;
}

function failed(reason: string, status?: number): Accepted {
  log("warn", "whatsapp media not taken", { reason, ...(status !== undefined ? { status } : {}) });
  return { ok: false, reason: "failed" };
}
