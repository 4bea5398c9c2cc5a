/** The web-chat API of PRODUCT.md, a hono sub-app feeding the same conversation core as Telegram. */
import { Hono, type Context, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { fallbackBundle } from "../../content/fallback.ts";
import { loadContent } from "../../content/store.ts";
import { handleInbound } from "../../core/conversation.ts";
import { handoffLimitsFrom } from "../../core/flows/handoff.ts";
import type { Inbound, InboundEvent } from "../../core/types.ts";
import { MAX_FILE_BYTES, refusalText } from "../../core/strings-files.ts";
import { acceptFile, discardFile, filesOfMessages, inboundFileOf, linkFile } from "../../files/store.ts";
import { downloadWebFile, fileUrl, withFile } from "./files.ts";
import { sweepAfterErasure } from "../../files/sweep.ts";
import { createDb } from "../../db/client.ts";
import { createConversationStore } from "../../db/conversation-store.ts";
import { insertSession, listMessages, sessionConversation, sessionGuard } from "../../db/webchat-store.ts";
import { type Env, requestDeps, retentionDays, scheduleFrom, usageHeader } from "../../env.ts";
import { relayToStaff, staffChatId } from "../../counsellor/staff-group.ts";
import { announceEffects } from "../../live/notify.ts";
import { webchatAdapter } from "./adapter.ts";
import { fromReply, fromRow, fromStored } from "./render.ts";
import { continueBody, fileQuery, historyQuery, messageBody } from "./schema.ts";
import { continueLinks } from "./continue.ts";
import { createLinkCode } from "../../db/link-store.ts";
import { newSession, parseToken } from "./session.ts";
import { vJson, vValidator } from "../../http/validate.ts";

/** Largest accepted request body. */
export const MAX_BODY_BYTES = 16 * 1024;
/** Most messages one history request returns. */
export const PAGE_SIZE = 100;

type WebEnv = { Bindings: Env; Variables: { requestId: string; auth: { sessionId: string; tokenHash: string } } };

/** The web-chat sub-app, mounted at /api/webchat. */
export function webchatApi() {
  const app = new Hono<WebEnv>();

  app.post("/sessions", async (c) => {
    await limit(c, "ip");
    const session = await newSession();
    await insertSession(createDb(c.env.DB), { sessionId: session.sessionId, tokenHash: session.tokenHash, at: Date.now() });
    return c.json({ sessionId: session.sessionId, token: session.token }, 201);
  });

  app.post(
    "/messages",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new HTTPException(413, { message: `the request body is larger than ${MAX_BODY_BYTES / 1024} KB` });
      },
    }),
    authorized("post"),
    vJson(messageBody, { requireJsonType: true }),
    async (c) => {
      const { event, clientMessageId } = c.req.valid("json");
      const { result, replies } = await converse(c, event, clientMessageId);
      return c.json({ messageId: result.inboundId, replies });
    },
  );

  // A file from the widget's attach button: the raw bytes as the body, its name in the query (src/files/).
  app.post(
    "/files",
    authorized("post"),
    vValidator("query", fileQuery),
    bodyLimit({
      maxSize: MAX_FILE_BYTES,
      onError: () => {
        throw new HTTPException(413, { message: refusalText("too-large") });
      },
    }),
    async (c) => {
      const auth = c.get("auth");
      const { name, clientMessageId } = c.req.valid("query");
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      if (bytes.byteLength === 0) throw new HTTPException(400, { message: "the body is empty: send the file's bytes" });
      const db = createDb(c.env.DB);
      // The token is checked before anything is put into R2, so a wrong token stores nothing.
      if ((await sessionConversation(db, auth)) === "unauthorized") throw new HTTPException(401, { message: "missing or invalid session token (Authorization: Bearer <token>)" });
      const conversationId = `web:${auth.sessionId}`;
      const now = Date.now();
      const accepted = await acceptFile(c.env.FILES, db, { conversationId, name, bytes, now });
      if (!accepted.ok) throw new HTTPException(REFUSAL_STATUS[accepted.reason], { message: refusalText(accepted.reason) });
      const file = accepted.file;
      const event: InboundEvent = { type: "media", media: file.type === "pdf" || file.type === "docx" ? "document" : "photo", file: inboundFileOf(accepted) };
      let handled;
      try {
        handled = await converse(c, event, clientMessageId);
      } catch (err) {
        await discardFile(c.env.FILES, file);
        throw err;
      }
      const { result, replies } = handled;
      if (result.status !== "handled") {
        await discardFile(c.env.FILES, file);
        return c.json({ messageId: result.inboundId, replies });
      }
      const id = await linkFile(db, file, { conversationId, messageId: result.inboundId, sender: "seeker", now });
      return c.json({ messageId: result.inboundId, replies, file: { id, name: file.name, type: file.type, size: file.size } }, 201);
    },
  );

  // A file a counsellor sent: to this session only, by its token or its link (files.ts).
  app.get("/files/:id", downloadWebFile);

  // "Lanjutkan di WhatsApp / Telegram": which channels this office offers, then a one-time code and its deep link.
  app.get("/continue", (c) => c.json({ channels: Object.keys(continueLinks(c.env)) }));

  app.post(
    "/continue",
    bodyLimit({
      maxSize: 1024,
      onError: () => {
        throw new HTTPException(413, { message: "the request body is larger than 1 KB" });
      },
    }),
    authorized("post"),
    vJson(continueBody, { requireJsonType: true }),
    async (c) => {
      const { channel } = c.req.valid("json");
      const link = continueLinks(c.env)[channel];
      if (!link) throw new HTTPException(404, { message: `continuing on ${channel} is not offered here` });
      const db = createDb(c.env.DB);
      const auth = c.get("auth");
      const session = await sessionConversation(db, auth);
      if (session === "unauthorized") throw new HTTPException(401, { message: "missing or invalid session token (Authorization: Bearer <token>)" });
      if (session === "not-started") throw new HTTPException(409, { message: "send a message first: there is no conversation to continue yet" });
      const { code, expiresAt } = await createLinkCode(db, { conversationId: `web:${auth.sessionId}`, channel, now: Date.now() });
      return c.json({ channel, code, url: link(code), expiresAt }, 201);
    },
  );

  app.get(
    "/messages",
    authorized("poll"),
    vValidator("query", historyQuery),
    async (c) => {
      const db = createDb(c.env.DB);
      const auth = c.get("auth");
      const rows = await listMessages(db, auth, c.req.valid("query").after, PAGE_SIZE);
      const content = (await loadContent(c.env.CONTENT)) ?? fallbackBundle();
      // Counsellor messages may carry a file: one more query, only for a page that has counsellor messages.
      const counsellorIds = rows.filter((r) => r.sender === "counsellor").map((r) => r.id);
      const files = await filesOfMessages(db, `web:${auth.sessionId}`, counsellorIds);
      const origin = new URL(c.req.url).origin;
      const messages = await Promise.all(
        rows.map(async (r) => {
          const message = fromRow(r, content);
          const file = files.get(r.id);
          if (!file) return message;
          return withFile(message, { id: file.id, name: file.name, type: file.type, size: file.size, url: await fileUrl(origin, auth, file.id) });
        }),
      );
      return c.json({ messages });
    },
  );

  return app;
}

/** HTTP status of each refusal of a file. */
const REFUSAL_STATUS = { "too-large": 413, type: 415, limit: 429, failed: 503 } as const;

/** One inbound web message through the core, answered in this request; an erasure sweeps the seeker's files. */
async function converse(c: Context<WebEnv>, event: InboundEvent, clientMessageId: string | undefined) {
  const auth = c.get("auth");
  const { db, content, usage, listings } = await requestDeps(c.env);
  const inbound: Inbound = {
    channel: "web",
    conversationId: `web:${auth.sessionId}`,
    seekerKey: auth.sessionId,
    dedupeKey: `web:${auth.sessionId}:${clientMessageId ?? crypto.randomUUID()}`,
    receivedAt: Date.now(),
    event,
    origin: await originOf(c),
  };
  const store = createConversationStore(db, { guard: sessionGuard(db, auth) });
  const result = await handleInbound(inbound, {
    store,
    content,
    // The web delivers by answering this request and by the widget's polling (channels/webchat/adapter.ts).
    sender: webchatAdapter(),
    schedule: scheduleFrom(c.env),
    retentionDays: retentionDays(c.env),
    listings,
    handoffLimits: handoffLimitsFrom(c.env.HANDOFF_LIMITS),
  });
  if (result.status === "handled") c.executionCtx.waitUntil(announceEffects(c.env, result.applied, inbound.conversationId));
  if (result.status === "handled" && result.effects.length > 0 && staffChatId(c.env) !== undefined) {
    c.executionCtx.waitUntil(relayToStaff(c.env, createDb(c.env.DB), inbound, result.effects, result.loggedText, result.staffThreads ?? []));
  }
  if (result.status === "handled" && result.erased) await sweepAfterErasure(c.env);
  const metrics = usageHeader(c.env, usage);
  if (metrics) c.header("X-Binjol-Usage", metrics);
  const replies =
    result.status === "handled"
      ? result.replies.map(({ id, reply }) => fromReply(id, reply, content))
      : result.previous.map((r) => fromStored(r, content));
  return { result, replies };
}

/**
 * The client's address as a short hash (the first 16 bytes of SHA-256, hex), stored with a case it opens so handoffs
 * per address can be limited over a day; the address itself is never stored.
 */
async function originOf(c: Context<WebEnv>): Promise<string> {
  const ip = c.req.header("cf-connecting-ip") ?? "local";
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`binjol-origin:${ip}`));
  return [...new Uint8Array(digest).slice(0, 16)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The session token, then the flood limits, before the body or query is read: a stranger's bad input costs one
 * header check. Posting is limited per address and per session; polling per session only (many visitors may share
 * one carrier-grade NAT address).
 */
function authorized(kind: "post" | "poll"): MiddlewareHandler<WebEnv> {
  return async function authorized(c, next) {
    const auth = await requireToken(c);
    if (kind === "post") await limit(c, "ip");
    await limit(c, kind === "post" ? "session" : "poll", verifiedKey(auth));
    c.set("auth", auth);
    await next();
  };
}

async function requireToken(c: Context<WebEnv>) {
  const auth = await parseToken(c.req.header("Authorization"));
  if (!auth) throw new HTTPException(401, { message: "missing or invalid session token (Authorization: Bearer <token>)" });
  return auth;
}

/**
 * The per-session limiters' key: the session id with the hash of the token's secret. The token itself is checked
 * inside the request's D1 batch (no extra round trip), so the limiter runs before that check; keyed by the hash,
 * requests with a wrong secret only fill a bucket of their own and never the real session's (security review L2).
 */
function verifiedKey(auth: { sessionId: string; tokenHash: string }): string {
  return `${auth.sessionId}:${auth.tokenHash.slice(0, 32)}`;
}

/** Flood protection per IP and per session (Workers rate limiting); 429 with Retry-After. */
async function limit(c: Context<WebEnv>, scope: "ip" | "session" | "poll", key?: string): Promise<void> {
  const limiter = scope === "ip" ? c.env.WEBCHAT_IP_LIMITER : scope === "poll" ? c.env.WEBCHAT_POLL_LIMITER : c.env.WEBCHAT_SESSION_LIMITER;
  if (!limiter) return;
  const id = scope === "ip" ? (c.req.header("cf-connecting-ip") ?? "local") : key!;
  const { success } = await limiter.limit({ key: `${scope}:${id}` });
  if (!success) {
    c.header("Retry-After", "60");
    throw new HTTPException(429, { message: "too many messages; please wait a minute" });
  }
}
