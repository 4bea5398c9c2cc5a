/** The web-chat API of PRODUCT.md, a hono sub-app feeding the same conversation core as Telegram. */
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { fallbackBundle } from "../../content/fallback.ts";
import { loadContent } from "../../content/store.ts";
import { handleInbound, hasBrokenText, type ChannelPort } from "../../core/conversation.ts";
import { handoffLimitsFrom } from "../../core/flows/handoff.ts";
import type { Inbound, InboundEvent } from "../../core/types.ts";
import { createDb } from "../../db/client.ts";
import { createConversationStore } from "../../db/conversation-store.ts";
import { insertSession, listMessages, sessionGuard } from "../../db/webchat-store.ts";
import { type Env, requestDeps, retentionDays, scheduleFrom, usageHeader } from "../../env.ts";
import { relayToStaff, staffChatId } from "../../counsellor/staff-group.ts";
import { fromReply, fromRow, fromStored } from "./render.ts";
import { newSession, parseToken } from "./session.ts";

/** Largest accepted request body. */
export const MAX_BODY_BYTES = 16 * 1024;
/** Longest visitor text. */
export const MAX_TEXT = 2000;
/** Most messages one history request returns. */
export const PAGE_SIZE = 100;

type WebEnv = { Bindings: Env; Variables: { requestId: string } };

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
    async (c) => {
      const auth = await requireToken(c);
      await limit(c, "ip");
      await limit(c, "session", verifiedKey(auth));
      const body = await readJson(c);
      const { event, clientMessageId } = parseMessage(body);
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
      // The web "delivers" by answering the request: every reply counts as sent.
      const port: ChannelPort = { deliver: async (replies) => replies.map(() => ({ status: "sent" as const })) };
      const store = createConversationStore(db, { guard: sessionGuard(db, auth) });
      const result = await handleInbound(inbound, {
        store,
        content,
        channel: port,
        schedule: scheduleFrom(c.env),
        retentionDays: retentionDays(c.env),
        listings,
        handoffLimits: handoffLimitsFrom(c.env.HANDOFF_LIMITS),
      });
      if (result.status === "handled" && result.effects.length > 0 && staffChatId(c.env) !== undefined) {
        c.executionCtx.waitUntil(relayToStaff(c.env, createDb(c.env.DB), inbound, result.effects, result.loggedText, result.staffThreads ?? []));
      }
      const metrics = usageHeader(c.env, usage);
      if (metrics) c.header("X-Binjol-Usage", metrics);
      const replies =
        result.status === "handled"
          ? result.replies.map(({ id, reply }) => fromReply(id, reply, content))
          : result.previous.map((r) => fromStored(r, content));
      return c.json({ messageId: result.inboundId, replies });
    },
  );

  app.get("/messages", async (c) => {
    const auth = await requireToken(c);
    // Polling is limited per session only: many visitors may share one carrier-grade NAT address.
    await limit(c, "poll", verifiedKey(auth));
    const afterRaw = c.req.query("after") ?? "0";
    if (!/^\d{1,15}$/.test(afterRaw)) throw new HTTPException(400, { message: "'after' must be a message id (a whole number)" });
    const rows = await listMessages(createDb(c.env.DB), auth, Number(afterRaw), PAGE_SIZE);
    const content = (await loadContent(c.env.CONTENT)) ?? fallbackBundle();
    return c.json({ messages: rows.map((r) => fromRow(r, content)) });
  });

  return app;
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

async function readJson(c: Context<WebEnv>): Promise<unknown> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) throw new HTTPException(415, { message: "send JSON with Content-Type: application/json" });
  try {
    return JSON.parse(await c.req.text());
  } catch {
    throw new HTTPException(400, { message: "the body is not valid JSON" });
  }
}

const FIELDS = new Set(["text", "action", "clientMessageId"]);

/** Validate a message body: exactly one of text or action, an optional clientMessageId, nothing else. */
export function parseMessage(body: unknown): { event: InboundEvent; clientMessageId?: string } {
  const bad = (message: string): never => {
    throw new HTTPException(400, { message });
  };
  if (typeof body !== "object" || body === null || Array.isArray(body)) bad("the body must be a JSON object");
  const b = body as Record<string, unknown>;
  for (const key of Object.keys(b)) if (!FIELDS.has(key)) bad(`unknown field '${key.slice(0, 40)}'`);
  const { text, action, clientMessageId } = b;
  if (clientMessageId !== undefined && (typeof clientMessageId !== "string" || !/^[A-Za-z0-9_-]{1,64}$/.test(clientMessageId))) {
    bad("'clientMessageId' must be 1-64 characters of A-Z a-z 0-9 _ -");
  }
  const cmid = clientMessageId as string | undefined;
  if ((text === undefined) === (action === undefined)) bad("send either 'text' or 'action'");
  if (text !== undefined) {
    if (typeof text !== "string") bad("'text' must be a string");
    if (hasBrokenText(text as string)) bad("'text' contains a NUL byte or a lone surrogate (not valid Unicode text)");
    const trimmed = (text as string).trim();
    if (trimmed.length === 0) bad("'text' is empty");
    if ([...trimmed].length > MAX_TEXT) bad(`'text' is longer than ${MAX_TEXT} characters`);
    // Commands typed in the widget work as on Telegram ("/datasaya", "/hapusdata", "/konselor", "/batal").
    const command = /^\/([a-z0-9_]{1,32})(?:\s+(.*))?$/is.exec(trimmed);
    if (command) {
      const event: InboundEvent = { type: "command", command: command[1]!.toLowerCase(), payload: (command[2] ?? "").slice(0, 64), text: trimmed };
      return { event, ...(cmid ? { clientMessageId: cmid } : {}) };
    }
    return { event: { type: "text", text: trimmed }, ...(cmid ? { clientMessageId: cmid } : {}) };
  }
  if (typeof action !== "string" || action.length === 0 || new TextEncoder().encode(action).length > 64) {
    bad("'action' must be a button action of 1-64 bytes");
  }
  if (hasBrokenText(action as string)) bad("'action' contains a NUL byte or a lone surrogate (not valid Unicode text)");
  return { event: { type: "action", action: action as string }, ...(cmid ? { clientMessageId: cmid } : {}) };
}
