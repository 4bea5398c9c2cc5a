/**
 * A queue that a script cannot fill (security review M3): handoff limits per conversation, seeker and address,
 * staff-group topics only for cases with a real message, idle waiting cases expiring with a note, and "spam".
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DEFAULT_HANDOFF_LIMITS, handoffLimitsFrom } from "../../src/core/flows/handoff.ts";
import { officeClockFrom } from "../../src/core/clock.ts";
import { expireIdleCases } from "../../src/counsellor/expiry.ts";
import { loadStats } from "../../src/counsellor/stats.ts";
import { createDb } from "../../src/db/client.ts";
import { expireHandoffs } from "../../src/index.ts";
import { adminApp, form, seedCase, signedIn } from "../counsellor/helpers.ts";
import { appWith, telegramRequest } from "../helpers/app.ts";
import { fixture, newChatId, sentTo } from "../helpers/telegram.ts";

const WIB = officeClockFrom({ OFFICE_UTC_OFFSET: "+07:00", OFFICE_ZONE: "WIB" });
const ALWAYS_OPEN = { OFFICE_HOURS: "1-7 00:00-24:00", HOLIDAYS: "" };
const web = appWith(ALWAYS_OPEN);
const tg = (update: unknown, bindings: Record<string, unknown> = ALWAYS_OPEN) => appWith(bindings)(telegramRequest(update));

type Reply = { text: string; buttons: Array<{ action: string }> };

async function newSession(ip: string, via = web) {
  const res = await via(new Request("https://binjol.test/api/webchat/sessions", { method: "POST", headers: { "cf-connecting-ip": ip } }));
  expect(res.status).toBe(201);
  return (await res.json()) as { sessionId: string; token: string };
}

async function say(s: { token: string }, ip: string, body: { text: string } | { action: string }, via = web): Promise<Reply[]> {
  const res = await via(
    new Request("https://binjol.test/api/webchat/messages", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${s.token}`, "cf-connecting-ip": ip },
      body: JSON.stringify(body),
    }),
  );
  expect(res.status).toBe(200);
  return ((await res.json()) as { replies: Reply[] }).replies;
}

async function waitingCount(): Promise<number> {
  return (await env.DB.prepare("select count(*) as n from cases where status = 'waiting'").first<{ n: number }>())!.n;
}

async function casesOf(conversationId: string) {
  const { results } = await env.DB.prepare("select id, status, outcome, staff_thread_id as thread from cases where conversation_id = ? order by id").bind(conversationId).all<{ id: number; status: string; outcome: string | null; thread: number | null }>();
  return results;
}

/** The queue position a seeker is told at the end of the intake. */
function position(replies: Reply[]): number {
  const m = /antrean nomor (\d+)/.exec(replies.map((r) => r.text).join("\n"));
  expect(m, replies.map((r) => r.text).join(" | ")).not.toBeNull();
  return Number(m![1]);
}

describe("handoff limits", () => {
  it("20 new web sessions asking for a counsellor from one address leave the next real seeker's queue position under 5", { timeout: 60_000 }, async () => {
    const before = await waitingCount();
    const refused: string[] = [];
    for (let i = 0; i < 20; i++) {
      const s = await newSession("203.0.113.7");
      const replies = await say(s, "203.0.113.7", { text: "/konselor" });
      if (/batas untuk hari ini/.test(replies[0]!.text)) refused.push(s.sessionId);
    }
    // At most three of them wait at once (HANDOFF_LIMITS waiting=3); the others were told politely, with the office's contacts.
    expect(await waitingCount()).toBe(before + 3);
    expect(refused).toHaveLength(17);
    const refusal = (await env.DB.prepare("select text from messages where conversation_id = ? and direction = 'out'").bind(`web:${refused[0]}`).first<{ text: string }>())!.text;
    expect(refusal).toMatch(/Maaf, permintaan bicara dengan konselor .* sudah mencapai batas untuk hari ini/);
    expect(refusal).toMatch(/telepon .*WhatsApp/);
    expect((await casesOf(`web:${refused[0]}`)).length).toBe(0);

    const real = await newSession("198.51.100.23");
    await say(real, "198.51.100.23", { text: "/konselor" });
    await say(real, "198.51.100.23", { text: "saya mau tanya cara melamar kerja di pabrik" });
    await say(real, "198.51.100.23", { action: "h:skip" });
    const queued = await say(real, "198.51.100.23", { action: "h:skip" });
    expect(position(queued) - before).toBeLessThan(5);
  });

  it("limits one address over the day even when its cases do not wait (left, closed)", { timeout: 60_000 }, async () => {
    const ip = "203.0.113.99";
    let opened = 0;
    for (let i = 0; i < 14; i++) {
      const s = await newSession(ip);
      const replies = await say(s, ip, { text: "/konselor" });
      if (!/batas untuk hari ini/.test(replies[0]!.text)) {
        opened++;
        await say(s, ip, { text: "/batal" });
      }
    }
    expect(opened).toBe(10); // origin=10 a day
  });

  it("limits one Telegram seeker to three handoffs a day, leaving and asking again included", { timeout: 60_000 }, async () => {
    const chat = newChatId();
    for (let i = 0; i < 3; i++) {
      await tg(fixture("start", { chatId: chat, text: "/konselor" }));
      await tg(fixture("start", { chatId: chat, text: "/batal" }));
    }
    const before = (await sentTo(chat)).length;
    await tg(fixture("start", { chatId: chat, text: "/konselor" }));
    const sent = (await sentTo(chat)).slice(before);
    expect(sent.map((m) => m.text).join("\n")).toMatch(/sudah mencapai batas untuk hari ini/);
    expect((await casesOf(`tg:${chat}`)).map((c) => c.status)).toEqual(["left", "left", "left"]);
    // The bot still answers everything else.
    const after = (await sentTo(chat)).length;
    await tg(fixture("text", { chatId: chat, text: "cara bikin cv" }));
    expect((await sentTo(chat)).length).toBeGreaterThan(after);
  });
});

describe("handoff limits: configuration and cost", () => {
  it("reads HANDOFF_LIMITS, keeping defaults for missing or bad parts", () => {
    expect(handoffLimitsFrom(undefined)).toEqual(DEFAULT_HANDOFF_LIMITS);
    expect(handoffLimitsFrom("conversation=5, waiting=1,origin=0,seeker=x,__proto__=4")).toEqual({ ...DEFAULT_HANDOFF_LIMITS, perConversation: 5, waitingPerOrigin: 1 });
  });

  it("applies a configured limit, and a handoff still costs 2 D1 round trips with the counts read", async () => {
    const strict = appWith({ ...ALWAYS_OPEN, HANDOFF_LIMITS: "conversation=1", EXPOSE_METRICS: "1" });
    const s = await newSession("198.51.100.77", strict);
    const res = await strict(
      new Request("https://binjol.test/api/webchat/messages", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${s.token}`, "cf-connecting-ip": "198.51.100.77" },
        body: JSON.stringify({ text: "/konselor" }),
      }),
    );
    expect(res.headers.get("X-Binjol-Usage")).toMatch(/^d1=2;/);
    await say(s, "198.51.100.77", { text: "/batal" }, strict);
    const again = await say(s, "198.51.100.77", { text: "/konselor" }, strict);
    expect(again[0]!.text).toMatch(/batas untuk hari ini/);
  });
});

describe("staff-group topics", () => {
  const STAFF = -100777000111;
  const bindings = { ...ALWAYS_OPEN, TELEGRAM_API_ROOT: env.CAPTURE_API_ROOT, STAFF_CHAT_ID: String(STAFF) };
  const calls = async () => (await (await fetch(`${env.CAPTURE_API_ROOT}/__calls`)).json()) as Array<{ method: string; body: any }>;

  it("opens a topic only once the case has a real message, not for the request or button presses", async () => {
    const chat = newChatId();
    const start = (await calls()).length;
    await tg(fixture("start", { chatId: chat, text: "/konselor" }), bindings);
    await tg(fixture("callback", { chatId: chat, data: "h:skip" }), bindings);
    await tg(fixture("callback", { chatId: chat, data: "h:edu:SMK" }), bindings);
    expect((await calls()).slice(start).filter((c) => c.method === "createForumTopic")).toEqual([]);
    expect((await casesOf(`tg:${chat}`))[0]!.thread).toBeNull();

    await tg(fixture("text", { chatId: chat, text: "Kecamatan Kanigoro" }), bindings);
    const made = (await calls()).slice(start);
    expect(made.filter((c) => c.method === "createForumTopic")).toHaveLength(1);
    expect(made.some((c) => c.method === "sendMessage" && c.body.chat_id === STAFF && /Kecamatan: Kanigoro, Kabupaten Blitar/.test(c.body.text))).toBe(true);
    expect((await casesOf(`tg:${chat}`))[0]!.thread).toBeTypeOf("number");
  });

  it("20 scripted web handoffs open no topic at all", { timeout: 60_000 }, async () => {
    const start = (await calls()).length;
    const via = appWith(bindings);
    for (let i = 0; i < 20; i++) {
      const s = await newSession(`192.0.2.${i}`, via);
      await say(s, `192.0.2.${i}`, { text: "/konselor" }, via);
    }
    expect((await calls()).slice(start).filter((c) => c.method === "createForumTopic")).toEqual([]);
  });
});

describe("expiry of idle waiting cases", () => {
  it("closes a waiting case the seeker never wrote to with a polite note, and leaves engaged and claimed cases alone", { timeout: 60_000 }, async () => {
    const idleWeb = await newSession("203.0.113.50");
    await say(idleWeb, "203.0.113.50", { text: "/konselor" });
    await say(idleWeb, "203.0.113.50", { action: "h:skip" }); // buttons are not a message
    const engaged = await newSession("203.0.113.51");
    await say(engaged, "203.0.113.51", { text: "/konselor" });
    await say(engaged, "203.0.113.51", { text: "saya butuh info pelatihan las" });
    // A case a counsellor claimed long ago (open) never expires, even if the seeker never wrote.
    const claimed = await seedCase({ channel: "web", status: "open", createdAt: Date.now() - 24 * 3600_000, texts: [] });
    const idleTg = newChatId();
    await tg(fixture("start", { chatId: idleTg, text: "/konselor" }));
    const tgBefore = (await sentTo(idleTg)).length;

    // Not yet: 119 minutes later nothing expires (HANDOFF_EXPIRY_MINUTES = 120 in wrangler.toml).
    const db = createDb(env.DB);
    expect((await expireIdleCases(env, db, { minutes: 120, now: Date.now() + 119 * 60_000, batch: 100 })).expired).toBe(0);
    // Two hours later: the idle ones expire, through the cron entry point (10 a run; earlier tests left idle cases too).
    const later = Date.now() + 121 * 60_000;
    for (let run = 0; run < 6; run++) await expireHandoffs(env, later + run);
    expect(await env.DB.prepare("select count(*) as n from cases where status = 'waiting' and last_seeker_at = created_at").first<{ n: number }>()).toEqual({ n: 0 });

    expect((await casesOf(`web:${idleWeb.sessionId}`)).map((c) => [c.status, c.outcome])).toEqual([["closed", "expired"]]);
    expect((await casesOf(`tg:${idleTg}`)).map((c) => [c.status, c.outcome])).toEqual([["closed", "expired"]]);
    expect((await casesOf(`web:${engaged.sessionId}`)).map((c) => c.status)).toEqual(["waiting"]);
    expect((await casesOf(claimed.conversationId)).map((c) => c.status)).toEqual(["open"]);

    // The web seeker finds the note in the message list; the Telegram seeker got it as a message.
    const res = await web(new Request("https://binjol.test/api/webchat/messages?after=0", { headers: { authorization: `Bearer ${idleWeb.token}` } }));
    const list = ((await res.json()) as { messages: Array<{ text: string }> }).messages;
    expect(list.at(-1)!.text).toMatch(/kami tutup karena belum ada pesan darimu selama 2 jam/);
    const tgNote = (await sentTo(idleTg)).slice(tgBefore);
    expect(tgNote.map((m) => m.text)).toEqual([expect.stringMatching(/belum ada pesan darimu selama 2 jam.*\/konselor/)]);
    const logged = await env.DB.prepare("select status from messages where conversation_id = ? and direction = 'out' order by id desc limit 1").bind(`tg:${idleTg}`).first<{ status: string }>();
    expect(logged!.status).toBe("sent");

    // The conversation left the handoff: free text is answered by the bot again, not swallowed into a case.
    const replies = await say(idleWeb, "203.0.113.50", { text: "cara bikin cv" });
    expect(replies.some((r) => r.text.length > 0)).toBe(true);
  });
});

describe("spam", () => {
  it("a counsellor marks a case as spam in one click: closed without a rating question, optionally blocked, out of the statistics", async () => {
    const me = await signedIn();
    const call = adminApp();
    const t0 = Date.UTC(2026, 10, 2, 3, 0, 0);
    const kept = await seedCase({ channel: "web", createdAt: t0 });
    const spam = await seedCase({ channel: "web", createdAt: t0 + 60_000 });
    const statsBefore = await loadStats(createDb(env.DB), { from: t0 - 3600_000, to: t0 + 3600_000 }, WIB);

    const res = await call(`/admin/cases/${spam.caseId}/spam`, form(me, { block: "1" }));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toContain("ok=spam-blocked");
    const row = await env.DB.prepare("select status, outcome from cases where id = ?").bind(spam.caseId).first();
    expect(row).toEqual({ status: "closed", outcome: "spam" });
    const seeker = await env.DB.prepare("select blocked_at as b from seekers where id = (select seeker_id from conversations where id = ?)").bind(spam.conversationId).first<{ b: number | null }>();
    expect(seeker!.b).toBeGreaterThan(0);
    const sentToSeeker = await env.DB.prepare("select count(*) as n from messages where conversation_id = ? and direction = 'out'").bind(spam.conversationId).first<{ n: number }>();
    expect(sentToSeeker!.n).toBe(0);

    const statsAfter = await loadStats(createDb(env.DB), { from: t0 - 3600_000, to: t0 + 3600_000 }, WIB);
    const total = (s: typeof statsAfter) => Object.values(s.cases.byStatus).reduce((a, b) => a + b, 0);
    expect(total(statsAfter)).toBe(total(statsBefore) - 1);
    expect(statsAfter.cases.byOutcome.spam ?? 0).toBe(0);
    expect((await env.DB.prepare("select status from cases where id = ?").bind(kept.caseId).first<{ status: string }>())!.status).toBe("waiting");

    // Without the box ticked the seeker is not blocked; a closed case cannot be marked again.
    const other = await seedCase({ channel: "telegram", createdAt: t0 + 120_000 });
    const res2 = await call(`/admin/cases/${other.caseId}/spam`, form(me, {}));
    expect(res2.headers.get("location")).toContain("ok=spam");
    const seeker2 = await env.DB.prepare("select blocked_at as b from seekers where id = (select seeker_id from conversations where id = ?)").bind(other.conversationId).first<{ b: number | null }>();
    expect(seeker2!.b).toBeNull();
    const again = await call(`/admin/cases/${other.caseId}/spam`, form(me, {}));
    expect(again.headers.get("location")).toContain("err=");
  });
});
