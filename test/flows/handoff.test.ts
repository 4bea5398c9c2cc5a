/** The counsellor handoff lifecycle on both channels, through the real webhook and web-chat API. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app.ts";
import type { ContentBundle } from "../../src/content/types.ts";
import { closeCase, replyToCase } from "../../src/counsellor/service.ts";
import { respond } from "../../src/core/engine.ts";
import { createDb } from "../../src/db/client.ts";
import { clockFrom, scheduleFrom } from "../../src/env.ts";
import { loggedMessages } from "../helpers/db.ts";
import { buttonsOf, fixture, newChatId, sentTo } from "../helpers/telegram.ts";
import { guideParts } from "../helpers/telegram-html.ts";

const content = JSON.parse(env.TEST_CONTENT) as ContentBundle;
const ALWAYS_OPEN = { OFFICE_HOURS: "1-7 00:00-24:00", HOLIDAYS: "" };
const today = clockFrom(env).date(Date.now());
const CLOSED_TODAY = { OFFICE_HOURS: "1-7 00:00-24:00", HOLIDAYS: today };
const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext;

function app(bindings: Record<string, string>) {
  const a = createApp();
  return (req: Request) => a.fetch(req, { ...env, ...bindings }, ctx);
}

function tg(bindings: Record<string, string>, update: unknown) {
  return app(bindings)(
    new Request("https://binjol.test/telegram", {
      method: "POST",
      headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": env.TELEGRAM_WEBHOOK_SECRET },
      body: JSON.stringify(update),
    }),
  );
}

async function caseOf(conversationId: string) {
  return env.DB.prepare("select id, status, intake, outcome, rating, assigned_to as assignedTo, first_reply_at as firstReplyAt from cases where conversation_id = ? order by id desc limit 1")
    .bind(conversationId)
    .first<{ id: number; status: string; intake: string; outcome: string | null; rating: number | null; assignedTo: number | null; firstReplyAt: number | null }>();
}

async function counsellor(): Promise<number> {
  const row = await env.DB.prepare("insert into counsellors (email, name, password_hash, is_admin, created_at) values (?, 'Bu Sri', 'x', 0, ?) returning id")
    .bind(`sri${Math.random()}@disnaker.test`, Date.now())
    .first<{ id: number }>();
  return row!.id;
}

describe("handoff on Telegram", () => {
  it("opens a case, runs the intake, queues, relays, closes and asks for a rating", async () => {
    const chat = newChatId();
    const conv = `tg:${chat}`;
    await tg(ALWAYS_OPEN, fixture("start", { chatId: chat }));
    const greeted = (await sentTo(chat)).length;
    await tg(ALWAYS_OPEN, fixture("start", { chatId: chat, text: "/konselor" }));
    let sent = (await sentTo(chat)).slice(greeted);
    expect(sent[0]!.text).toBe(guideParts(content, "konselor")[0]);
    expect(sent.at(-1)!.text).toMatch(/ceritakan singkat/i);
    expect(buttonsOf(sent.at(-1)).map((b) => b.callback_data)).toEqual(["h:skip", "h:leave"]);
    expect((await caseOf(conv))!.status).toBe("waiting");

    await tg(ALWAYS_OPEN, fixture("text", { chatId: chat, text: "mau tanya lowongan <b>operator</b>" }));
    sent = await sentTo(chat);
    expect(sent.at(-1)!.text).toMatch(/pendidikan terakhir/);
    expect(buttonsOf(sent.at(-1)).map((b) => b.callback_data)).toContain("h:edu:SMK");
    expect(buttonsOf(sent.at(-1)).map((b) => b.text)).toEqual(expect.arrayContaining(["SMK/MAK", "Paket C", "S3"]));
    await tg(ALWAYS_OPEN, fixture("callback", { chatId: chat, data: "h:edu:SMK" }));
    expect((await sentTo(chat)).at(-1)!.text).toMatch(/kecamatan/);
    await tg(ALWAYS_OPEN, fixture("text", { chatId: chat, text: "Kanigoro" }));
    expect((await sentTo(chat)).at(-1)!.text).toMatch(/antrean nomor \d+\. Konselor sedang bertugas/);
    const c = (await caseOf(conv))!;
    expect(JSON.parse(c.intake)).toEqual({ need: "mau tanya lowongan <b>operator</b>", education: "SMK/MAK", kecamatan: "Kanigoro, Kabupaten Blitar", consentedAt: expect.any(Number) });

    // While queued the bot stays quiet; the message goes to the case.
    const before = (await sentTo(chat)).length;
    await tg(ALWAYS_OPEN, fixture("text", { chatId: chat, text: "halo, masih lama?" }));
    expect((await sentTo(chat)).length).toBe(before);
    const rows = await env.DB.prepare("select case_id as caseId from messages where conversation_id = ? and text = 'halo, masih lama?'").bind(conv).first<{ caseId: number }>();
    expect(rows!.caseId).toBe(c.id);
    // Commands still work and leave the case open.
    await tg(ALWAYS_OPEN, fixture("start", { chatId: chat, text: "/menu" }));
    expect((await sentTo(chat)).at(-1)!.text).toBe(guideParts(content, "menu")[0]);
    expect((await caseOf(conv))!.status).toBe("waiting");

    // The counsellor replies: it reaches Telegram and claims the case.
    const me = await counsellor();
    const deps = { env, db: createDb(env.DB) };
    const reply = await replyToCase(deps, { caseId: c.id, counsellorId: me, text: "Halo, saya Bu Sri. Ada lowongan operator di Kanigoro <cek>." });
    expect(reply.status).toBe("sent");
    expect((await sentTo(chat)).at(-1)!.text).toBe("Halo, saya Bu Sri. Ada lowongan operator di Kanigoro &lt;cek&gt;.");
    expect(await caseOf(conv)).toMatchObject({ status: "open", assignedTo: me });
    expect((await caseOf(conv))!.firstReplyAt).toBeTypeOf("number");

    // Closing hands back to the bot, which asks for a rating.
    await closeCase(deps, { caseId: c.id, counsellorId: me, outcome: "vacancy" });
    const question = (await sentTo(chat)).at(-1)!;
    expect(question.text).toMatch(/sudah selesai/);
    expect(buttonsOf(question).map((b) => b.callback_data)).toEqual(["r:1", "r:2", "r:3", "r:4", "r:5"]);
    await tg(ALWAYS_OPEN, fixture("callback", { chatId: chat, data: "r:4" }));
    expect((await sentTo(chat)).at(-1)!.text).toMatch(/Terima kasih atas nilai 4/);
    expect(await caseOf(conv)).toMatchObject({ status: "closed", outcome: "vacancy", rating: 4 });

    // And the bot answers normally again.
    await tg(ALWAYS_OPEN, fixture("text", { chatId: chat, text: "tips wawancara" }));
    expect((await sentTo(chat)).at(-1)!.text.slice(0, 40)).toBe(guideParts(content, "wawancara").at(-1)!.slice(0, 40));
    const log = await loggedMessages(conv);
    expect(log.filter((r) => r.sender === "counsellor")).toHaveLength(1);
  });

  it("tells the seeker honestly when the office is closed, and the queue position", async () => {
    const first = newChatId();
    const second = newChatId();
    for (const chat of [first, second]) {
      await tg(CLOSED_TODAY, fixture("start", { chatId: chat, text: "/konselor" }));
      for (let i = 0; i < 3; i++) await tg(CLOSED_TODAY, fixture("callback", { chatId: chat, data: "h:skip" }));
    }
    const a = (await sentTo(first)).at(-1)!.text;
    const b = (await sentTo(second)).at(-1)!.text;
    expect(a).toMatch(/di luar jam layanan/);
    expect(a).toMatch(/WIB/);
    const pa = Number(/antrean nomor (\d+)/.exec(a)![1]);
    const pb = Number(/antrean nomor (\d+)/.exec(b)![1]);
    expect(pb).toBe(pa + 1);
  });

  it("lets the seeker leave the queue", async () => {
    const chat = newChatId();
    await tg(ALWAYS_OPEN, fixture("callback", { chatId: chat, data: "t:konselor" }));
    await tg(ALWAYS_OPEN, fixture("callback", { chatId: chat, data: "h:leave" }));
    expect((await sentTo(chat)).at(-1)!.text).toMatch(/keluar dari antrean/);
    expect((await caseOf(`tg:${chat}`))!.status).toBe("left");
    await tg(ALWAYS_OPEN, fixture("text", { chatId: chat, text: "cara bikin cv" }));
    expect((await sentTo(chat)).at(-1)!.text.slice(0, 40)).toBe(guideParts(content, "cv").at(-1)!.slice(0, 40));
  });

  it("opens a case from free text asking for a human", async () => {
    const chat = newChatId();
    await tg(ALWAYS_OPEN, fixture("text", { chatId: chat, text: "saya mau bicara dengan manusia bukan bot" }));
    expect((await caseOf(`tg:${chat}`))!.status).toBe("waiting");
  });

  it("marks a counsellor reply that cannot be delivered as failed, and keeps it", async () => {
    const chat = newChatId();
    await tg(ALWAYS_OPEN, fixture("start", { chatId: chat, text: "/konselor" }));
    const c = (await caseOf(`tg:${chat}`))!;
    const unreachable = { ...env, TELEGRAM_API_ROOT: "http://127.0.0.1:9" };
    const result = await replyToCase({ env: unreachable, db: createDb(env.DB) }, { caseId: c.id, counsellorId: await counsellor(), text: "Halo" });
    expect(result.status).toBe("failed");
    expect(result.error).toMatch(/network/);
    const row = await env.DB.prepare("select status, error, text from messages where id = ?").bind(result.messageId).first();
    expect(row).toEqual({ status: "failed", error: "network error reaching Telegram", text: "Halo" });
  });
});

describe("handoff on the web widget's API", () => {
  it("queues a web visitor; the counsellor's reply and the rating question appear in the message list", async () => {
    const call = app(ALWAYS_OPEN);
    const { token, sessionId } = (await (await call(new Request("https://binjol.test/api/webchat/sessions", { method: "POST" }))).json()) as { token: string; sessionId: string };
    const send = async (body: unknown) =>
      (await (
        await call(
          new Request("https://binjol.test/api/webchat/messages", {
            method: "POST",
            headers: { Authorization: `Bearer ${token}`, "content-type": "application/json" },
            body: JSON.stringify(body),
          }),
        )
      ).json()) as { replies: Array<{ topic: string; text: string; buttons: Array<{ action: string }> }> };
    const opened = await send({ action: "t:konselor" });
    expect(opened.replies.map((r) => r.topic)).toEqual(["konselor", "konselor"]);
    for (let i = 0; i < 3; i++) await send({ action: "h:skip" });
    const quiet = await send({ text: "saya butuh info pelatihan menjahit" });
    expect(quiet.replies).toEqual([]);
    const c = (await caseOf(`web:${sessionId}`))!;
    const me = await counsellor();
    const deps = { env, db: createDb(env.DB) };
    expect((await replyToCase(deps, { caseId: c.id, counsellorId: me, text: "Pelatihan menjahit dibuka bulan depan." })).status).toBe("sent");
    await closeCase(deps, { caseId: c.id, counsellorId: me, outcome: "training" });
    const list = (await (await call(new Request("https://binjol.test/api/webchat/messages?after=0", { headers: { Authorization: `Bearer ${token}` } }))).json()) as {
      messages: Array<{ sender: string; text: string; buttons: Array<{ action: string }> }>;
    };
    const tail = list.messages.slice(-2);
    expect(tail[0]).toMatchObject({ sender: "counsellor", text: "Pelatihan menjahit dibuka bulan depan." });
    expect(tail[1]!.sender).toBe("bot");
    expect(tail[1]!.buttons.map((b) => b.action)).toEqual(["r:1", "r:2", "r:3", "r:4", "r:5"]);
    const rated = await send({ action: "r:5" });
    expect(rated.replies[0]!.text).toMatch(/nilai 5/);
    expect(await caseOf(`web:${sessionId}`)).toMatchObject({ status: "closed", outcome: "training", rating: 5 });
  });
});

describe("office hours on the configured office clock", () => {
  // An office in WIT (UTC+09:00) with the demo hours; the last intake step skipped, so the seeker is queued.
  const schedule = scheduleFrom({ ...env, OFFICE_UTC_OFFSET: "+09:00", OFFICE_ZONE: "WIT", OFFICE_HOURS: "1-4 08:00-15:30; 5 08:00-14:30", HOLIDAYS: "" });
  const queuedAt = (now: number) => {
    const result = respond({ type: "action", action: "h:skip" }, { handoff: { step: "kecamatan" } }, content, {
      schedule,
      now,
      waiting: 0,
      openCase: { id: 1, status: "waiting", ahead: 0 },
    });
    const last = result.replies.at(-1)!.body;
    return last.kind === "text" ? last.text : "";
  };

  it("opens at 08:00 WIT and says so in WIT while closed", () => {
    // 07:59 WIT on Tuesday 10 March 2026 (22:59 UTC on the 9th): closed, opening at 08:00 WIT the same day.
    const early = queuedAt(Date.parse("2026-03-09T22:59:00Z"));
    expect(early).toMatch(/di luar jam layanan \(Senin–Kamis 08\.00–15\.30, Jumat 08\.00–14\.30 WIT\)/);
    expect(early).toContain("mulai Selasa, 10 Maret pukul 08.00 WIT");
    expect(early).not.toContain("WIB");
    // 08:00 WIT (23:00 UTC on the 9th, when a WIB office is still closed): a counsellor is on duty.
    expect(queuedAt(Date.parse("2026-03-09T23:00:00Z"))).toMatch(/Konselor sedang bertugas/);
    // 16:30 UTC on the 10th is 01:30 WIT on Wednesday: closed until 08:00 WIT that morning.
    expect(queuedAt(Date.parse("2026-03-10T16:30:00Z"))).toContain("mulai Rabu, 11 Maret pukul 08.00 WIT");
  });
});
