/**
 * One Durable Object per web-chat conversation: it holds the open widgets' WebSockets with the hibernation API
 * (an idle socket costs nothing) and tells them when a message for the conversation was stored. The socket is
 * anonymous until its first message, the hello with the session token, is checked against D1; a socket that does
 * not say hello within HELLO_TIMEOUT_MS is closed by an alarm.
 */
import { DurableObject } from "cloudflare:workers";
import { parseToken } from "../channels/webchat/session.ts";
import { createDb } from "../db/client.ts";
import type { Env } from "../env.ts";
import { CLOSE, HELLO_TIMEOUT_MS, type Hello, type ToSeeker } from "./protocol.ts";
import { verifiedLatest } from "./queries.ts";

/** Header by which the Worker names the session a socket was opened for (set by the Worker, never by a client). */
export const SESSION_HEADER = "X-Binjol-Live-Session";
/** Sockets one conversation may hold at once (a few tabs); the oldest goes first. */
export const MAX_SOCKETS = 4;

/** What each socket remembers across hibernation. */
interface Attachment {
  sessionId: string;
  openedAt: number;
  authed: boolean;
}

/** The live room of one web-chat conversation. */
export class ConversationRoom extends DurableObject<Env> {
  /** Accept a WebSocket forwarded by the Worker (GET /api/webchat/live/:sessionId). */
  override async fetch(request: Request): Promise<Response> {
    const sessionId = request.headers.get(SESSION_HEADER);
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket" || !sessionId) {
      return new Response("expected a WebSocket upgrade", { status: 426 });
    }
    const open = this.ctx.getWebSockets();
    for (const old of open.slice(0, Math.max(0, open.length - MAX_SOCKETS + 1))) safeClose(old, CLOSE.replaced, "replaced by a newer connection");
    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    this.ctx.acceptWebSocket(server);
    const attachment: Attachment = { sessionId, openedAt: Date.now(), authed: false };
    server.serializeAttachment(attachment);
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + HELLO_TIMEOUT_MS);
    return new Response(null, { status: 101, webSocket: client });
  }

  /** A message for this conversation was stored in D1: tell every authenticated socket. Returns how many were told. */
  async notify(messageId?: number): Promise<number> {
    let told = 0;
    const message: ToSeeker = messageId ? { t: "new", id: messageId } : { t: "new" };
    for (const ws of this.ctx.getWebSockets()) {
      if (!attachmentOf(ws)?.authed) continue;
      if (send(ws, message)) told++;
    }
    return told;
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const attachment = attachmentOf(ws);
    if (!attachment) return safeClose(ws, CLOSE.badHello, "unknown socket");
    const data = parse(message);
    if (attachment.authed) {
      if (data?.t === "ping") send(ws, { t: "pong" });
      return;
    }
    const hello = asHello(data);
    if (!hello) return safeClose(ws, CLOSE.badHello, "the first message must be the hello with the session token");
    const auth = await parseToken(`Bearer ${hello.token}`);
    const latest = auth && auth.sessionId === attachment.sessionId ? await verifiedLatest(createDb(this.env.DB), auth) : undefined;
    if (latest === undefined) return safeClose(ws, CLOSE.unauthorized, "invalid session token");
    ws.serializeAttachment({ ...attachment, authed: true } satisfies Attachment);
    send(ws, { t: "ready", latest });
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    // 1005/1006 carry no code to echo; anything else is answered with the same code
    safeClose(ws, code === 1005 || code === 1006 ? 1000 : code, reason);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    safeClose(ws, 1011, "socket error");
  }

  /** Close the sockets that never said hello; come back while any is still waiting for it. */
  override async alarm(): Promise<void> {
    const now = Date.now();
    let waiting = Infinity;
    for (const ws of this.ctx.getWebSockets()) {
      const attachment = attachmentOf(ws);
      if (!attachment || attachment.authed) continue;
      if (now - attachment.openedAt >= HELLO_TIMEOUT_MS) safeClose(ws, CLOSE.badHello, "no hello in time");
      else waiting = Math.min(waiting, attachment.openedAt + HELLO_TIMEOUT_MS);
    }
    if (waiting !== Infinity) await this.ctx.storage.setAlarm(waiting);
  }
}

function attachmentOf(ws: WebSocket): Attachment | null {
  return (ws.deserializeAttachment() as Attachment | null) ?? null;
}

function parse(message: string | ArrayBuffer): { t?: unknown } | null {
  if (typeof message !== "string" || message.length > 1024) return null;
  try {
    const data = JSON.parse(message) as unknown;
    return data && typeof data === "object" ? (data as { t?: unknown }) : null;
  } catch {
    return null;
  }
}

function asHello(data: { t?: unknown } | null): Hello | null {
  const hello = data as Partial<Hello> | null;
  if (hello?.t !== "hello" || typeof hello.token !== "string") return null;
  return { t: "hello", token: hello.token, last: typeof hello.last === "number" && hello.last >= 0 ? hello.last : 0 };
}

/** Send, ignoring a socket that is closing: a push is best effort, D1 is the record. */
export function send(ws: WebSocket, message: ToSeeker | object): boolean {
  try {
    ws.send(JSON.stringify(message));
    return true;
  } catch {
    return false;
  }
}

/** Close, ignoring a socket already closed. */
export function safeClose(ws: WebSocket, code: number, reason: string): void {
  try {
    ws.close(code, reason.slice(0, 120));
  } catch {
    // already closed
  }
}
