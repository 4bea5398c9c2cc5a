/**
 * Files in R2 (the FILES bucket) with their rows in D1 (`attachments`): accept a file from any channel's edge (size,
 * type from the bytes, the day's count), link it to its message, read it for a counsellor's download, and sweep the
 * objects whose conversation was deleted (/hapusdata, retention).
 */
import { and, asc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import { FILES_PER_DAY, MAX_FILE_BYTES } from "../core/strings-files.ts";
import type { FileRefusal, InboundFile, OutgoingFile } from "../core/types.ts";
import type { Db } from "../db/client.ts";
import { attachments, type AttachmentRow } from "../db/schema.ts";
import { log } from "../log.ts";
import { sniffType, type FileType } from "./sniff.ts";

const DAY_MS = 86_400_000;
/** Longest file name kept (characters); longer names keep their end (the extension). */
const MAX_NAME = 120;

/** A file put into R2 for a conversation, not yet linked to its message row. */
export interface PendingFile {
  key: string;
  name: string;
  type: FileType;
  size: number;
}

/** The outcome of accepting a file: stored in R2, or refused with the reason the seeker hears. */
export type Accepted = { ok: true; file: PendingFile } | { ok: false; reason: FileRefusal };

/** The InboundFile the core sees for an accepted (or refused) file. */
export function inboundFileOf(accepted: Accepted): InboundFile {
  return accepted.ok ? { stored: true, name: accepted.file.name, type: accepted.file.type, size: accepted.file.size } : { stored: false, reason: accepted.reason };
}

/** Files of this conversation in the last day (indexed range). */
export async function filesToday(db: Db, conversationId: string, now: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(attachments)
    .where(and(eq(attachments.conversationId, conversationId), gt(attachments.createdAt, now - DAY_MS), eq(attachments.sender, "seeker")));
  return Number(row?.n ?? 0);
}

/** Check the day's count, the size and the type of `bytes`, then put them into R2 under a random key. */
export async function acceptFile(
  bucket: R2Bucket | undefined,
  db: Db,
  input: { conversationId: string; name: string; bytes: Uint8Array; now: number },
): Promise<Accepted> {
  if (!bucket) return { ok: false, reason: "failed" };
  if (input.bytes.byteLength > MAX_FILE_BYTES) return { ok: false, reason: "too-large" };
  if (!sniffType(input.bytes)) return { ok: false, reason: "type" };
  if ((await filesToday(db, input.conversationId, input.now)) >= FILES_PER_DAY) return { ok: false, reason: "limit" };
  return storeFile(bucket, input);
}

/**
 * Check the size and the type of `bytes`, then put them into R2 under a random key; no daily count (a counsellor's
 * attachment: counsellors are trusted staff, the seeker's daily limit is not theirs to use up).
 */
export async function storeFile(bucket: R2Bucket | undefined, input: { name: string; bytes: Uint8Array }): Promise<Accepted> {
  if (!bucket) return { ok: false, reason: "failed" };
  if (input.bytes.byteLength > MAX_FILE_BYTES) return { ok: false, reason: "too-large" };
  const type = sniffType(input.bytes);
  if (!type) return { ok: false, reason: "type" };
  const key = `f/${crypto.randomUUID()}`;
  await bucket.put(key, input.bytes, { httpMetadata: { contentType: "application/octet-stream" } });
  return { ok: true, file: { key, name: cleanName(input.name, type), type, size: input.bytes.byteLength } };
}

/** A linked file as a reply's OutgoingFile: its bytes are read from R2 only when an adapter uploads them. */
export function outgoingFile(bucket: R2Bucket | undefined, file: PendingFile & { id: number }): OutgoingFile {
  return {
    id: file.id,
    name: file.name,
    type: file.type,
    size: file.size,
    async read() {
      const object = await bucket?.get(file.key);
      return object ? new Uint8Array(await object.arrayBuffer()) : undefined;
    },
  };
}

/** The files sent with these messages (a page of the web chat's history), by message id. */
export async function filesOfMessages(db: Db, conversationId: string, messageIds: number[]): Promise<Map<number, AttachmentRow>> {
  const out = new Map<number, AttachmentRow>();
  if (messageIds.length === 0) return out;
  const rows = await db
    .select()
    .from(attachments)
    .where(and(eq(attachments.conversationId, conversationId), inArray(attachments.messageId, messageIds.slice(0, 90))));
  for (const row of rows) if (row.messageId !== null && !out.has(row.messageId)) out.set(row.messageId, row);
  return out;
}

/** A file name safe to show and to offer as a download name: no paths, no control characters, at most MAX_NAME. */
export function cleanName(raw: string, type: FileType): string {
  const base = raw.split(/[\\/]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  let name = base.replace(/[\u0000-\u001f\u007f"]/g, "").replace(/\s+/g, " ").trim();
  if (!name || name === "." || name === "..") name = `berkas.${type === "jpeg" ? "jpg" : type}`;
  return name.length > MAX_NAME ? name.slice(name.length - MAX_NAME) : name;
}

/** Record an accepted file with the message it came with. */
export async function linkFile(db: Db, file: PendingFile, link: { conversationId: string; messageId: number; sender: "seeker" | "counsellor"; now: number }): Promise<number> {
  const [row] = await db
    .insert(attachments)
    .values({ key: file.key, conversationId: link.conversationId, messageId: link.messageId, sender: link.sender, name: file.name, type: file.type, size: file.size, createdAt: link.now })
    .returning({ id: attachments.id });
  return row!.id;
}

/** Delete an object that was put but never linked (a duplicate delivery, a failed handling). */
export async function discardFile(bucket: R2Bucket | undefined, file: PendingFile): Promise<void> {
  await bucket?.delete(file.key).catch((err: unknown) => log("warn", "file discard failed", { message: err instanceof Error ? err.message.slice(0, 200) : "unknown" }));
}

/** A stored file with what a download needs, or undefined when there is no such linked file. */
export async function attachmentById(db: Db, id: number): Promise<AttachmentRow | undefined> {
  const [row] = await db.select().from(attachments).where(eq(attachments.id, id));
  return row && row.conversationId !== null ? row : undefined;
}

/** The files of a conversation (its transcript's attachments), oldest first. */
export async function conversationFiles(db: Db, conversationId: string): Promise<AttachmentRow[]> {
  return db.select().from(attachments).where(eq(attachments.conversationId, conversationId)).orderBy(asc(attachments.id)).limit(200);
}

/**
 * Delete the R2 objects of files whose conversation was deleted, then their rows; at most `limit` per call (R2's
 * delete takes up to 1,000 keys in one request). Returns how many were swept.
 */
export async function sweepOrphans(bucket: R2Bucket | undefined, db: Db, limit = 500): Promise<number> {
  if (!bucket) return 0;
  const orphans = await db.select({ id: attachments.id, key: attachments.key }).from(attachments).where(isNull(attachments.conversationId)).limit(limit);
  if (orphans.length === 0) return 0;
  await bucket.delete(orphans.map((o) => o.key));
  // the rows in one round trip (90 ids a statement: D1 binds at most 100 parameters)
  const chunks: number[][] = [];
  for (let i = 0; i < orphans.length; i += 90) chunks.push(orphans.slice(i, i + 90).map((o) => o.id));
  const [first, ...rest] = chunks.map((ids) => db.delete(attachments).where(inArray(attachments.id, ids)));
  await db.batch([first!, ...rest]);
  return orphans.length;
}
