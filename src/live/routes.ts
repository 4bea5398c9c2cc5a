/**
 * The live sockets' HTTP edges. The widget's: GET /api/webchat/live/:session (the session id only; the token follows
 * as the socket's first message), forwarded to the conversation's room. The dashboard's: GET /admin/live, for a
 * logged-in counsellor from the dashboard's own origin, forwarded to the inbox room.
 */
import { Hono, type Context } from "hono";
import { HTTPException } from "hono/http-exception";
import * as v from "valibot";
import type { Env } from "../env.ts";
import { vValidator } from "../http/validate.ts";
import { SESSION_HEADER } from "./conversation-room.ts";
import { INBOX_ROOM, STAFF_HEADER } from "./inbox-room.ts";

const liveParam = v.object({
  session: v.pipe(v.string(), v.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, "session must be a web-chat session id")),
});

/** 426 unless the request asks for a WebSocket. */
function requireUpgrade(c: Context): void {
  if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
    throw new HTTPException(426, { message: "this address only accepts a WebSocket (Upgrade: websocket)" });
  }
}

/**
 * The room's 101 answer in a response of our own: a Durable Object's response has immutable headers, and the
 * middleware after the handler (security headers, CORS) sets some.
 */
function relay(res: Response): Response {
  if (res.status !== 101 || !res.webSocket) return new Response(res.body, { status: res.status, headers: new Headers(res.headers) });
  return new Response(null, { status: 101, webSocket: res.webSocket });
}

/** The widget's live socket, mounted at /api/webchat/live. */
export function webchatLive() {
  const app = new Hono<{ Bindings: Env }>();
  app.get("/:session", vValidator("param", liveParam), async (c) => {
    requireUpgrade(c);
    const rooms = c.env.CONVERSATION_ROOM;
    if (!rooms) throw new HTTPException(404, { message: "live updates are not available here; poll GET /api/webchat/messages" });
    const limiter = c.env.WEBCHAT_IP_LIMITER;
    if (limiter && !(await limiter.limit({ key: `ip:${c.req.header("cf-connecting-ip") ?? "local"}` })).success) {
      c.header("Retry-After", "60");
      throw new HTTPException(429, { message: "too many connections; please wait a minute" });
    }
    const { session } = c.req.valid("param");
    const headers = new Headers({ Upgrade: "websocket", [SESSION_HEADER]: session });
    return relay(await rooms.getByName(`web:${session}`).fetch(new Request(c.req.url, { headers })));
  });
  return app;
}

/**
 * The dashboard's live socket (GET /admin/live), for a route group that has already identified the counsellor:
 * the Origin must be the dashboard's own (a WebSocket is not bound by the same-origin policy, and the session cookie
 * would ride along from any site's page).
 */
export async function inboxLive(c: Context<{ Bindings: Env; Variables: { staff: { id: number } } }>): Promise<Response> {
  requireUpgrade(c);
  if (c.req.header("Origin") !== new URL(c.req.url).origin) throw new HTTPException(403, { message: "live updates only for the dashboard's own pages" });
  const room = c.env.INBOX_ROOM;
  if (!room) throw new HTTPException(404, { message: "live updates are not available here" });
  const headers = new Headers({ Upgrade: "websocket", [STAFF_HEADER]: String(c.get("staff").id) });
  return relay(await room.getByName(INBOX_ROOM).fetch(new Request(c.req.url, { headers })));
}
