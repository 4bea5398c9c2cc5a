/**
 * A seeker's document or photo on Telegram, into R2: getFile, then the download from the file root
 * (<root>/file/bot<token>/<file_path>). Both go to TELEGRAM_FILE_ROOT when set (a local Bot API server, a test
 * stand-in), else to TELEGRAM_API_ROOT. Size (5 MB), type and the day's count are checked as on every channel.
 */
import type { Message } from "grammy/types";
import { MAX_FILE_BYTES } from "../../core/strings-files.ts";
import type { Db } from "../../db/client.ts";
import { acceptFile, type Accepted } from "../../files/store.ts";
import { log } from "../../log.ts";

/** What the bot needs to take files in. */
export interface TelegramFiles {
  bucket: R2Bucket | undefined;
  db: Db;
  token: string;
  /** getFile and the downloads: TELEGRAM_FILE_ROOT, or the Bot API root */
  fileRoot: string;
  fetch?: typeof fetch;
}

/** The file of a message worth keeping (a document, or the largest photo size under 5 MB), or undefined. */
export function fileOf(message: Pick<Message, "document" | "photo" | "message_id">): { fileId: string; name: string; size?: number } | undefined {
  if (message.document) {
    return { fileId: message.document.file_id, name: message.document.file_name ?? `berkas-${message.message_id}`, ...(message.document.file_size !== undefined ? { size: message.document.file_size } : {}) };
  }
  if (message.photo && message.photo.length > 0) {
    const fitting = message.photo.filter((p) => (p.file_size ?? 0) <= MAX_FILE_BYTES);
    const best = (fitting.length > 0 ? fitting : message.photo).reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
    return { fileId: best.file_id, name: `foto-${message.message_id}.jpg`, ...(best.file_size !== undefined ? { size: best.file_size } : {}) };
  }
  return undefined;
}

/** Download the message's file and accept it (R2), or say why not. */
export async function takeTelegramFile(files: TelegramFiles, file: { fileId: string; name: string; size?: number }, conversationId: string, now: number): Promise<Accepted> {
  if (file.size !== undefined && file.size > MAX_FILE_BYTES) return { ok: false, reason: "too-large" };
  const doFetch = files.fetch ?? fetch;
  try {
    const meta = await doFetch(`${files.fileRoot}/bot${files.token}/getFile`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ file_id: file.fileId }),
      signal: AbortSignal.timeout(8000),
    });
    const body = (await meta.json()) as { ok?: boolean; result?: { file_path?: string; file_size?: number } };
    const path = body.ok ? body.result?.file_path : undefined;
    if (!path) return failed("getFile refused", meta.status);
    if ((body.result?.file_size ?? 0) > MAX_FILE_BYTES) return { ok: false, reason: "too-large" };
    const download = await doFetch(`${files.fileRoot}/file/bot${files.token}/${path}`, { signal: AbortSignal.timeout(15_000) });
    if (!download.ok) return failed("download refused", download.status);
    const declared = Number(download.headers.get("content-length") ?? 0);
    if (declared > MAX_FILE_BYTES) return { ok: false, reason: "too-large" };
    const bytes = new Uint8Array(await download.arrayBuffer());
    return await acceptFile(files.bucket, files.db, { conversationId, name: file.name, bytes, now });
  } catch (err) {
    return failed(err instanceof Error ? err.name : "unknown");
  }
}

function failed(reason: string, status?: number): Accepted {
  log("warn", "telegram file not taken", { reason, ...(status !== undefined ? { status } : {}) });
  return { ok: false, reason: "failed" };
}
