/**
 * Files a counsellor sent to a web-chat seeker: the history lists each with a download link that only that session
 * can produce (an HMAC of the file id keyed by the session's stored token hash), and GET /api/webchat/files/:id
 * serves it to the session's bearer token or that link, never to another session. Always a download, never rendered.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { and, eq } from "drizzle-orm";
import { contentDisposition } from "../../counsellor/files.ts";
import { formatSize } from "../../core/strings-files.ts";
import { createDb } from "../../db/client.ts";
import { webSessions } from "../../db/schema.ts";
import type { Env } from "../../env.ts";
import { attachmentById } from "../../files/store.ts";
import { safeEqual } from "../../counsellor/tokens.ts";
import { escapeHtml } from "../telegram/render.ts";
import { parseToken } from "./session.ts";
import type { WebMessage } from "./render.ts";
import { bytesToBase64url } from "../../text/base64url.ts";

/** A file in a web-chat message: what the widget shows and where it downloads it. */
export interface WebFile {
  id: number;
  name: string;
  type: string;
  size: number;
  /** absolute; works without the Authorization header, for this session only */
  url: string;
}

/** The link key of one file for one session: HMAC-SHA256(token hash, "file:<id>"), base64url, 128 bits. */
export async function fileLinkKey(tokenHash: string, fileId: number): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(tokenHash), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`file:${fileId}`)));
  return bytesToBase64url(mac.subarray(0, 16));
}

/** The download URL of a file for the session (origin: the API's own, e.g. https://binjol.example). */
export async function fileUrl(origin: string, auth: { sessionId: string; tokenHash: string }, fileId: number): Promise<string> {
  return `${origin}/api/webchat/files/${fileId}?s=${auth.sessionId}&k=${await fileLinkKey(auth.tokenHash, fileId)}`;
}

/** A history message with its file: the `file` field, and a link line in its HTML. */
export function withFile(message: WebMessage, file: WebFile): WebMessage {
  const line = `<p>📎 <a href="${escapeHtml(file.url)}">${escapeHtml(file.name)}</a> (${escapeHtml(file.type.toUpperCase())}, ${escapeHtml(formatSize(file.size))})</p>`;
  const words = message.text.startsWith("📎 ") && message.text === `📎 ${file.name}` ? "" : (message.html ?? `<p>${escapeHtml(message.text).replace(/\n/g, "<br>")}</p>`);
  return { ...message, html: words + line, file };
}

type WebContext = Context<{ Bindings: Env }>;

/** GET /api/webchat/files/:id: with `Authorization: Bearer <token>` or `?s=<session id>&k=<link key>`; 404 for anyone else. */
export async function downloadWebFile(c: WebContext): Promise<Response> {
  const notFound = () => new HTTPException(404, { message: "no such file in this conversation" });
  const id = /^\d{1,12}$/.test(c.req.param("id") ?? "") ? Number(c.req.param("id")) : 0;
  if (!id) throw notFound();
  const db = createDb(c.env.DB);
  const bearer = c.req.header("Authorization");
  // Flood limit before any lookup, keyed by what the caller presented (a wrong key fills only a bucket of its own).
  const presented = bearer ? await parseToken(bearer) : undefined;
  const limitKey = presented ? `${presented.sessionId}:${presented.tokenHash.slice(0, 32)}` : `${c.req.query("s") ?? ""}:${c.req.query("k") ?? ""}`;
  if (c.env.WEBCHAT_POLL_LIMITER && !(await c.env.WEBCHAT_POLL_LIMITER.limit({ key: `file:${limitKey.slice(0, 120)}` })).success) {
    c.header("Retry-After", "60");
    throw new HTTPException(429, { message: "too many requests; please wait a minute" });
  }
  let sessionId: string | undefined;
  if (bearer) {
    const auth = presented;
    if (!auth) throw new HTTPException(401, { message: "missing or invalid session token (Authorization: Bearer <token>)" });
    const [row] = await db.select({ id: webSessions.id }).from(webSessions).where(and(eq(webSessions.id, auth.sessionId), eq(webSessions.tokenHash, auth.tokenHash))).limit(1);
    if (!row) throw new HTTPException(401, { message: "missing or invalid session token (Authorization: Bearer <token>)" });
    sessionId = auth.sessionId;
  } else {
    const s = c.req.query("s") ?? "";
    const k = c.req.query("k") ?? "";
    if (!/^[0-9a-f-]{36}$/.test(s) || !/^[A-Za-z0-9_-]{22}$/.test(k)) throw notFound();
    const [row] = await db.select({ tokenHash: webSessions.tokenHash }).from(webSessions).where(eq(webSessions.id, s)).limit(1);
    if (!row || !safeEqual(k, await fileLinkKey(row.tokenHash, id))) throw notFound();
    sessionId = s;
  }
  const file = await attachmentById(db, id);
  // Only a file of this session's own conversation, whatever the id a caller tries.
  if (!file || file.conversationId !== `web:${sessionId}`) throw notFound();
  const object = await c.env.FILES?.get(file.key);
  if (!object) throw notFound();
  return new Response(object.body, {
    headers: {
      "Content-Type": "application/octet-stream",
      "Content-Disposition": contentDisposition(file.name, file.type),
      "Content-Length": String(object.size),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cache-Control": "private, no-store",
      "Referrer-Policy": "no-referrer",
    },
  });
}
