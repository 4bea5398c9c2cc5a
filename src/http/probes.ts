/**
 * Benchmark probes, mounted at /bench and answering only when EXPOSE_METRICS=1 (never in production; 404
 * otherwise): each does one piece of what a message request does, so `npm run bench` can show what the runtime
 * itself charges for those pieces next to the ceiling (GET /health) and the real message paths.
 *  - GET /bench/store: the conversation store's two D1 round trips of a message (begin, then commit with one
 *    reply), for a new text message in one of 1,000 conversations, without routing, rendering or sending
 *  - GET /bench/limit: one rate-limiter call (a key of its own each time, so nothing is ever refused)
 *  - GET /bench/send: one Bot API sendMessage to TELEGRAM_API_ROOT, awaited like a reply
 *  - GET /bench/telegram-code, /bench/web-code: each channel's own code for one message (grammY and the update's
 *    translation, or the web adapter and rendering; the core's routing and reply) over a store that answers at once
 *    and, for Telegram, a Bot API that answers at once (?send=1: the real send to TELEGRAM_API_ROOT)
 */
import { Hono } from "hono";
import { createBot } from "../channels/telegram/bot.ts";
import { webchatAdapter } from "../channels/webchat/adapter.ts";
import { fromReply } from "../channels/webchat/render.ts";
import { handleInbound } from "../core/conversation.ts";
import type { ConversationStore } from "../core/store.ts";
import { createConversationStore } from "../db/conversation-store.ts";
import { type Env, requestDeps, telegramConfig } from "../env.ts";

/** A store that claims every message at once and logs nothing: the channels' own code without D1. */
const instantStore = {
  redeemLink: async () => undefined,
  begin: async () => ({ owned: true, inFlight: false, token: "t", inboundId: 1, state: {}, previous: [], waiting: 0, firstContact: false, blocked: false }),
  commit: async (_inbound: unknown, _claim: unknown, _topic: unknown, outbound: unknown[]) => outbound.map((_, i) => i + 2),
} as unknown as ConversationStore;
const TEXTS = ["/start", "halo", "cara bikin cv yang menarik gmn min?", "syarat kartu kuning", "disuruh bayar seragam dulu aman ga", "resep nasi goreng", "tips interview"];

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
  app.get("/telegram-code", async (c) => {
    const { content } = await requestDeps(c.env);
    const i = n++;
    const text = TEXTS[i % TEXTS.length]!;
    const chat = { id: 8_000_000 + i, type: "private", first_name: "B" };
    const update = {
      update_id: i,
      message: { message_id: i, date: 0, text, chat, from: { id: chat.id, is_bot: false, first_name: "B" }, ...(text.startsWith("/") ? { entities: [{ offset: 0, length: text.length, type: "bot_command" }] } : {}) },
    };
    const bot = createBot(telegramConfig(c.env), { store: instantStore, content });
    if (c.req.query("send") !== "1") {
      bot.api.config.use(async (_prev, method) => ({ ok: true, result: method === "sendMessage" ? { message_id: 1, date: 0, chat, text: "" } : true }) as never);
    }
    await bot.handleUpdate(update as never);
    return c.json({ ok: true });
  });
  app.get("/web-code", async (c) => {
    const { content } = await requestDeps(c.env);
    const i = n++;
    const text = TEXTS[i % TEXTS.length]!;
    const event = text.startsWith("/") ? { type: "command" as const, command: text.slice(1), payload: "", text } : { type: "text" as const, text };
    const inbound = { channel: "web" as const, conversationId: `web:${i}`, seekerKey: String(i), dedupeKey: `probe:${i}`, receivedAt: Date.now(), event };
    const result = await handleInbound(inbound, { store: instantStore, content, sender: webchatAdapter() });
    const replies = result.status === "handled" ? result.replies.map(({ id, reply }) => fromReply(id, reply, content)) : [];
    return c.json({ replies: replies.length });
  });
  return app;
}
