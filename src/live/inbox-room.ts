/**
 * The counsellors' inbox room, one Durable Object for the office: the dashboard's open pages hold a WebSocket here
 * (hibernating while idle) and hear when a case is opened, written to, claimed or closed. The Worker checks the
 * counsellor's session cookie and the Origin before forwarding a socket; the room only broadcasts.
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env.ts";
import { safeClose, send } from "./conversation-room.ts";
import type { CaseEvent } from "./protocol.ts";

/** Header by which the Worker names the counsellor a socket belongs to. */
export const STAFF_HEADER = "X-Binjol-Live-Staff";
/** The one inbox room's name. */
export const INBOX_ROOM = "inbox";
/** Sockets the room holds at once (every open dashboard tab of the office). */
export const MAX_INBOX_SOCKETS = 200;

/** The live room of the counsellors' inbox. */
export class InboxRoom extends DurableObject<Env> {
  /** Accept a WebSocket forwarded by the Worker (GET /admin/live, already authenticated). */
  override async fetch(request: Request): Promise<Response> {
    const staff = Number(request.headers.get(STAFF_HEADER));
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket" || !Number.isInteger(staff) || staff <= 0) {
      return new Response("expected a WebSocket upgrade", { status: 426 });
    }
    const open = this.ctx.getWebSockets();
    for (const old of open.slice(0, Math.max(0, open.length - MAX_INBOX_SOCKETS + 1))) safeClose(old, 4409, "replaced by a newer connection");
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1], [`staff:${staff}`]);
    send(pair[1], { t: "ready" });
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  /** Tell every open dashboard page about a case event. Returns how many were told. */
  async announce(event: Omit<CaseEvent, "t">): Promise<number> {
    let told = 0;
    for (const ws of this.ctx.getWebSockets()) if (send(ws, { t: "case", ...event })) told++;
    return told;
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    if (message === '{"t":"ping"}') send(ws, { t: "pong" });
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    safeClose(ws, code === 1005 || code === 1006 ? 1000 : code, reason);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    safeClose(ws, 1011, "socket error");
  }
}
