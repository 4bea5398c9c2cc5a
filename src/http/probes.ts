/**
 * Benchmark probes, mounted at /bench and answering only when EXPOSE_METRICS=1 (never in production; 404
 * otherwise): each does one piece of what a message request does, so `npm run bench` can show what the runtime
 * itself charges for those pieces next to the ceiling (GET /health) and the real message paths.
 *  - GET /bench/store: the conversation store's two D1 round trips of a message (begin, then commit with one
 *    reply), for a new text message in one of 1,000 conversations, without routing, rendering or sending
 *  - GET /bench/limit: one rate-limiter call (a key of its own each time, so nothing is ever refused)
 *  - GET /bench/send: one Bot API sendMessage to TELEGRAM_API_ROOT, awaited like a reply
 */
import { Hono } from "hono";
import { createConversationStore } from "../db/conversation-store.ts";
import { type Env, requestDeps } from "../env.ts";

/** The probes' sub-app. */
export function benchProbes() {
  const app = new Hono<{ Bindings: Env }>();
  app.use(async (c, next) => {
    if (c.env.EXPOSE_METRICS !== "1") return c.json({ error: "not found" }, 404);
    await next();
  });
  let n = 0;
  app.get("/store", async (c) => {
    const { db } = await requestDeps(c.env);
    const store = createConversationStore(db);
    const i = n++;
    const chat = 9_000_000 + (i % 1000);
    const inbound = {
      channel: "telegram" as const,
      conversationId: `tg:${chat}`,
      seekerKey: String(chat),
      dedupeKey: `probe:${crypto.randomUUID()}`,
      receivedAt: Date.now(),
      event: { type: "text" as const, text: "halo" },
    };
    const claim = await store.begin(inbound, "halo", "text");
    await store.commit(inbound, claim, "menu", [{ topic: "menu", text: "Halo!", buttons: [], status: "sent" }], claim.state, []);
    return c.json({ ok: true });
  });
  app.get("/limit", async (c) => {
    const limiter = c.env.TELEGRAM_CHAT_LIMITER;
    const success = limiter ? (await limiter.limit({ key: `probe:${crypto.randomUUID()}` })).success : true;
    return c.json({ ok: success });
  });
  app.get("/send", async (c) => {
    const root = (c.env.TELEGRAM_API_ROOT ?? "").replace(/\/+$/, "");
    const res = await fetch(`${root}/bot${c.env.TELEGRAM_BOT_TOKEN}/sendMessage`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ chat_id: 9_999_999, text: "probe" }),
    });
    await res.arrayBuffer();
    return c.json({ ok: res.ok });
  });
  return app;
}
