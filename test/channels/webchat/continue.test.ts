/** Issue 11 item 4: "Lanjutkan di Telegram / WhatsApp" joins a web seeker's conversation to a phone chat with a one-time code. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { fallbackBundle } from "../../../src/content/fallback.ts";
import type { ChannelSender, SendContext } from "../../../src/core/channel.ts";
import { handleInbound } from "../../../src/core/conversation.ts";
import { linkCodeOf, newLinkCode } from "../../../src/core/link.ts";
import type { Reply } from "../../../src/core/types.ts";
import { createDb } from "../../../src/db/client.ts";
import { createConversationStore } from "../../../src/db/conversation-store.ts";
import { reachableConversation } from "../../../src/db/link-store.ts";
import { pruneIdleSessions } from "../../../src/db/retention.ts";
import { adminApp, form, seedCase, signedIn } from "../../counsellor/helpers.ts";
import { appWith } from "../../helpers/app.ts";
import { fixture, newChatId, postUpdate, sentTo } from "../../helpers/telegram.ts";

const BASE = "https://binjol.test/api/webchat";
const WA_NUMBER = "6281234567890";
const app = appWith({ WHATSAPP_DISPLAY_NUMBER: WA_NUMBER });

function call(path: string, init: { method?: string; token?: string; json?: unknown } = {}) {
  const headers = new Headers();
  if (init.token) headers.set("Authorization", `Bearer ${init.token}`);
  if (init.json !== undefined) headers.set("content-type", "application/json");
  return app(new Request(`${BASE}${path}`, { method: init.method ?? "GET", headers, ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}) }));
}

/** A web visitor who has said hello (the conversation exists). */
async function visitor() {
  const s = (await (await call("/sessions", { method: "POST" })).json()) as { sessionId: string; token: string };
  expect((await call("/messages", { method: "POST", token: s.token, json: { text: "halo" } })).status).toBe(200);
  return s;
}

async function code(token: string, channel: "telegram" | "whatsapp") {
  const res = await call("/continue", { method: "POST", token, json: { channel } });
  expect(res.status).toBe(201);
  return (await res.json()) as { channel: string; code: string; url: string; expiresAt: number };
}

const start = (chat: number, payload: string) => postUpdate(fixture("start", { chatId: chat, text: `/start ${payload}` }));

describe("creating a code", () => {
  it("offers only the configured channels and gives a deep link with a fresh code that is stored hashed", async () => {
    expect(await (await call("/continue")).json()).toEqual({ channels: ["telegram", "whatsapp"] });
    const bare = await appWith({ WHATSAPP_DISPLAY_NUMBER: "" })(new Request(`${BASE}/continue`));
    expect(await bare.json()).toEqual({ channels: ["telegram"] });

    const s = await visitor();
    const tg = await code(s.token, "telegram");
    expect(tg.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(tg.url).toBe(`https://t.me/${env.TELEGRAM_BOT_USERNAME}?start=kode-${tg.code}`);
    const wa = await code(s.token, "whatsapp");
    expect(wa.url.startsWith(`https://wa.me/${WA_NUMBER}?text=`)).toBe(true);
    expect(linkCodeOf({ type: "text", text: new URL(wa.url).searchParams.get("text")! })).toBe(wa.code.replace("-", ""));
    expect(wa.code).not.toBe(tg.code);
    // about 30 minutes, and never the session id or the code itself in the database
    expect(wa.expiresAt - Date.now()).toBeGreaterThan(29 * 60_000);
    const { results } = await env.DB.prepare("select code_hash from link_codes where conversation_id = ?").bind(`web:${s.sessionId}`).all<{ code_hash: string }>();
    expect(results).toHaveLength(2);
    for (const r of results) {
      expect(r.code_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(r.code_hash).not.toContain(s.sessionId);
    }
    expect(JSON.stringify(results)).not.toContain(tg.code.replace("-", ""));
  });

  it("refuses a wrong token, a visitor who has not written yet, an unknown channel and an unconfigured one", async () => {
    const s = await visitor();
    expect((await call("/continue", { method: "POST", token: `${s.sessionId}.${"A".repeat(43)}`, json: { channel: "telegram" } })).status).toBe(401);
    const fresh = (await (await call("/sessions", { method: "POST" })).json()) as { token: string };
    expect((await call("/continue", { method: "POST", token: fresh.token, json: { channel: "telegram" } })).status).toBe(409);
    const bad = await call("/continue", { method: "POST", token: s.token, json: { channel: "discord" } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { issues: Array<{ path: string }> }).issues[0]!.path).toBe("channel");
    const off = await appWith({ WHATSAPP_DISPLAY_NUMBER: "" })(
      new Request(`${BASE}/continue`, { method: "POST", headers: { authorization: `Bearer ${s.token}`, "content-type": "application/json" }, body: '{"channel":"whatsapp"}' }),
    );
    expect(off.status).toBe(404);
    expect(await env.DB.prepare("select count(*) as n from link_codes where conversation_id = ?").bind(`web:${s.sessionId}`).first("n")).toBe(0);
  });
});

describe("redeeming on Telegram", () => {
  it("joins the chat to the web seeker: a counsellor reply to the web case reaches the Telegram chat", async () => {
    const s = await visitor();
    const { caseId } = await seedCase({ channel: "web", conversationId: `web:${s.sessionId}` });
    const { code: c } = await code(s.token, "telegram");
    const chat = newChatId();
    expect((await start(chat, `kode-${c}`)).status).toBe(200);
    expect((await sentTo(chat)).at(-1)!.text).toMatch(/Terhubung/);
    expect(await reachableConversation(createDb(env.DB), `web:${s.sessionId}`)).toBe(`tg:${chat}`);

    const me = await signedIn();
    const res = await adminApp()(`/admin/cases/${caseId}/reply`, form(me, { text: "Halo Mbak, lowongan admin gudang masih buka." }));
    expect(res.headers.get("location")).toContain("ok=sent");
    expect((await sentTo(chat)).at(-1)!.text).toBe("Halo Mbak, lowongan admin gudang masih buka.");
    // The widget still shows the reply in the web conversation.
    const history = (await (await call("/messages?after=0", { token: s.token })).json()) as { messages: Array<{ sender: string; text: string }> };
    expect(history.messages.some((m) => m.sender === "counsellor" && m.text.startsWith("Halo Mbak"))).toBe(true);
  });

  it("moves weekly alerts of the web seeker to the chat", async () => {
    const s = await visitor();
    const web = `web:${s.sessionId}`;
    const seeker = (await env.DB.prepare("select seeker_id as id from conversations where id = ?").bind(web).first<{ id: number }>())!.id;
    await env.DB.prepare("insert into profiles (seeker_id, data, consented_at, consent_version, alert_conversation_id, alert_due_at, created_at, updated_at) values (?, '{}', 1, 'v1', ?, 1, 1, 1)")
      .bind(seeker, web)
      .run();
    const { code: c } = await code(s.token, "telegram");
    const chat = newChatId();
    await start(chat, `kode-${c.toLowerCase()}`);
    expect(await env.DB.prepare("select alert_conversation_id as a from profiles where seeker_id = ?").bind(seeker).first("a")).toBe(`tg:${chat}`);
  });

  it("refuses a used code and an expired one politely, joining nothing", async () => {
    const s = await visitor();
    const { code: c } = await code(s.token, "telegram");
    const first = newChatId();
    await start(first, `kode-${c}`);
    const second = newChatId();
    expect((await start(second, `kode-${c}`)).status).toBe(200);
    expect((await sentTo(second)).at(-1)!.text).toMatch(/sudah pernah dipakai/);
    expect(await reachableConversation(createDb(env.DB), `web:${s.sessionId}`)).toBe(`tg:${first}`);

    const other = await visitor();
    const late = await code(other.token, "telegram");
    // 31 minutes later, as far as the code is concerned
    await env.DB.prepare("update link_codes set expires_at = expires_at - 31 * 60000 where conversation_id = ?").bind(`web:${other.sessionId}`).run();
    const chat = newChatId();
    await start(chat, `kode-${late.code}`);
    expect((await sentTo(chat)).at(-1)!.text).toMatch(/kedaluwarsa/);
    expect(await reachableConversation(createDb(env.DB), `web:${other.sessionId}`)).toBe(`web:${other.sessionId}`);

    const stranger = newChatId();
    await start(stranger, `kode-${newLinkCode()}`);
    expect((await sentTo(stranger)).at(-1)!.text).toMatch(/tidak dikenal/);
  });

  it("a code sent in a group joins nothing there (the group gets the private link) and still works in private", async () => {
    const s = await visitor();
    const { code: c } = await code(s.token, "telegram");
    const update = fixture("groupCommand", { text: `/start@${env.TELEGRAM_BOT_USERNAME} kode-${c}` });
    expect((await postUpdate(update)).status).toBe(200);
    expect(await reachableConversation(createDb(env.DB), `web:${s.sessionId}`)).toBe(`web:${s.sessionId}`);
    const chat = newChatId();
    await start(chat, `kode-${c}`);
    expect(await reachableConversation(createDb(env.DB), `web:${s.sessionId}`)).toBe(`tg:${chat}`);
  });

  it("a code made for WhatsApp does not work on Telegram", async () => {
    const s = await visitor();
    const { code: c } = await code(s.token, "whatsapp");
    const chat = newChatId();
    await start(chat, `kode-${c}`);
    expect((await sentTo(chat)).at(-1)!.text).toMatch(/tidak dikenal/);
    expect(await reachableConversation(createDb(env.DB), `web:${s.sessionId}`)).toBe(`web:${s.sessionId}`);
  });
});

describe("retention", () => {
  it("drops codes that expired unused a day ago and keeps a redeemed one (the link)", async () => {
    const s = await visitor();
    const web = `web:${s.sessionId}`;
    const used = await code(s.token, "telegram");
    await code(s.token, "telegram");
    const chat = newChatId();
    await start(chat, `kode-${used.code}`);
    await env.DB.prepare("update link_codes set expires_at = expires_at - 2 * 86400000 where conversation_id = ?").bind(web).run();
    await pruneIdleSessions(createDb(env.DB), Date.now());
    const { results } = await env.DB.prepare("select linked_conversation_id as l from link_codes where conversation_id = ?").bind(web).all<{ l: string | null }>();
    expect(results).toEqual([{ l: `tg:${chat}` }]);
    expect(await reachableConversation(createDb(env.DB), web)).toBe(`tg:${chat}`);
  });
});

describe("redeeming on WhatsApp: the same core function", () => {
  it("finds the code in the prefilled text and joins the WhatsApp conversation", async () => {
    const s = await visitor();
    const wa = await code(s.token, "whatsapp");
    const text = new URL(wa.url).searchParams.get("text")!;
    const sent: Reply[][] = [];
    const sender: ChannelSender = {
      name: "whatsapp",
      send: async (_id: string, replies: Reply[], _ctx: SendContext) => (sent.push(replies), replies.map(() => ({ status: "sent" as const }))),
    };
    const conversationId = `wa:${WA_NUMBER.slice(0, -3)}${Math.floor(Math.random() * 900 + 100)}`;
    const inbound = {
      channel: "whatsapp" as const,
      conversationId,
      seekerKey: conversationId.slice(3),
      dedupeKey: `wa:wamid.${crypto.randomUUID()}`,
      receivedAt: Date.now(),
      event: { type: "text" as const, text },
    };
    const result = await handleInbound(inbound, { store: createConversationStore(createDb(env.DB)), content: fallbackBundle(), sender });
    expect(result.status).toBe("handled");
    expect(sent[0]![0]!.body).toMatchObject({ kind: "text", text: expect.stringMatching(/Terhubung/) });
    expect(await reachableConversation(createDb(env.DB), `web:${s.sessionId}`)).toBe(conversationId);
    // the same words again: the message is new, the code is spent
    const again = await handleInbound({ ...inbound, dedupeKey: `wa:wamid.${crypto.randomUUID()}` }, { store: createConversationStore(createDb(env.DB)), content: fallbackBundle(), sender });
    expect(again.status).toBe("handled");
    expect(sent[1]![0]!.body).toMatchObject({ text: expect.stringMatching(/sudah pernah dipakai/) });
  });

  it("reads codes only where they are meant: a start payload or the word 'kode' before them", () => {
    expect(linkCodeOf({ type: "command", command: "start", payload: "kode-ABCD-2345", text: "/start kode-ABCD-2345" })).toBe("ABCD2345");
    expect(linkCodeOf({ type: "text", text: "halo, kode: abcd2345 ya" })).toBe("ABCD2345");
    expect(linkCodeOf({ type: "text", text: "ABCD-2345" })).toBeUndefined();
    expect(linkCodeOf({ type: "text", text: "kode pos 66171" })).toBeUndefined();
    expect(linkCodeOf({ type: "command", command: "start", payload: "datasaya", text: "/start datasaya" })).toBeUndefined();
  });
});
