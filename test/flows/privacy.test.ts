/** The seeker's rights in chat: /datasaya shows their own data only; /hapusdata deletes it all, keeping anonymous counts. */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { closeCase, replyToCase } from "../../src/counsellor/service.ts";
import { createDb } from "../../src/db/client.ts";
import { appWith, telegramRequest } from "../helpers/app.ts";
import { buttonsOf, fixture, newChatId, postUpdate, sentTo } from "../helpers/telegram.ts";

async function rowsOf(conv: string, seekerKey: string) {
  const q = async (sql: string, ...args: unknown[]) => ((await env.DB.prepare(sql).bind(...args).first<{ n: number }>())!.n);
  return {
    messages: await q("select count(*) as n from messages where conversation_id = ?", conv),
    cases: await q("select count(*) as n from cases where conversation_id = ?", conv),
    conversations: await q("select count(*) as n from conversations where id = ?", conv),
    seekers: await q("select count(*) as n from seekers where external_id = ?", seekerKey),
    notes: await q("select count(*) as n from case_notes where case_id in (select id from cases where conversation_id = ?)", conv),
  };
}

describe("privacy rights on Telegram", () => {
  it("/datasaya shows the seeker's own data and nobody else's", async () => {
    const me = newChatId();
    const other = newChatId();
    await postUpdate(fixture("text", { chatId: other, text: "rahasia orang lain: nomor KTP 3505" }));
    await postUpdate(fixture("text", { chatId: me, text: "tips wawancara" }));
    await postUpdate(fixture("start", { chatId: me, text: "/datasaya" }));
    const reply = (await sentTo(me)).at(-1)!;
    expect(reply.text).toMatch(/Ini data tentang kamu/);
    // the question, its guide and the first-contact privacy notice, and this /datasaya request itself
    expect(reply.text).toMatch(/Jumlah pesan tersimpan.*: 4/);
    expect(reply.text).toContain("tips wawancara");
    expect(reply.text).not.toContain("3505");
    expect(buttonsOf(reply).map((b) => b.callback_data)).toContain("d:ask");
  });

  it("/hapusdata asks first, then deletes messages, cases, notes and the seeker, keeping anonymous counts", async () => {
    const chat = newChatId();
    const conv = `tg:${chat}`;
    await postUpdate(fixture("text", { chatId: chat, text: "cara bikin cv" }));
    await postUpdate(fixture("start", { chatId: chat, text: "/konselor" }));
    await postUpdate(fixture("text", { chatId: chat, text: "butuh kerja dekat Kanigoro" }));
    const caseId = (await env.DB.prepare("select id from cases where conversation_id = ?").bind(conv).first<{ id: number }>())!.id;
    const counsellor = (await env.DB.prepare("insert into counsellors (email, name, password_hash, created_at) values (?, 'Pak Budi', 'x', 0) returning id").bind(`budi${chat}@x.test`).first<{ id: number }>())!.id;
    await env.DB.prepare("insert into case_notes (case_id, counsellor_id, text, created_at) values (?, ?, 'lulusan SMK, butuh info las', 0)").bind(caseId, counsellor).run();
    await replyToCase({ env, db: createDb(env.DB) }, { caseId, counsellorId: counsellor, text: "Halo, ada lowongan las." });
    await closeCase({ env, db: createDb(env.DB) }, { caseId, counsellorId: counsellor, outcome: "vacancy" });
    const before = await rowsOf(conv, String(chat));
    expect(before.messages).toBeGreaterThan(5);
    expect(before.notes).toBe(1);
    const erasuresBefore = (await env.DB.prepare("select coalesce(sum(messages), 0) as n from erasures").first<{ n: number }>())!.n;

    await postUpdate(fixture("start", { chatId: chat, text: "/hapusdata" }));
    const ask = (await sentTo(chat)).at(-1)!;
    expect(ask.text).toMatch(/Yakin/);
    expect(await rowsOf(conv, String(chat))).toMatchObject({ cases: 1, notes: 1, seekers: 1 });
    await postUpdate(fixture("callback", { chatId: chat, data: "d:yes" }));
    expect((await sentTo(chat)).at(-1)!.text).toMatch(/sudah dihapus/);
    expect(await rowsOf(conv, String(chat))).toEqual({ messages: 0, cases: 0, conversations: 0, seekers: 0, notes: 0 });
    const erasuresAfter = (await env.DB.prepare("select coalesce(sum(messages), 0) as n, coalesce(sum(seekers), 0) as s from erasures").first<{ n: number; s: number }>())!;
    expect(erasuresAfter.n - erasuresBefore).toBeGreaterThanOrEqual(before.messages);
    expect(erasuresAfter.s).toBeGreaterThanOrEqual(1);
  });

  it("cancelling keeps everything", async () => {
    const chat = newChatId();
    await postUpdate(fixture("text", { chatId: chat, text: "tips wawancara" }));
    await postUpdate(fixture("start", { chatId: chat, text: "/hapusdata" }));
    await postUpdate(fixture("callback", { chatId: chat, data: "d:no" }));
    expect((await sentTo(chat)).at(-1)!.text).toMatch(/tidak dihapus/);
    // 3 for the question (with the first-contact notice), 2 for /hapusdata, 2 for "Batal"
    expect((await rowsOf(`tg:${chat}`, String(chat))).messages).toBe(7);
  });

  it("never shows or deletes data in a group chat", async () => {
    const update = fixture("groupCommand");
    update.message.text = "/datasaya@binjol_test_bot";
    update.message.entities = [{ offset: 0, length: update.message.text.length, type: "bot_command" }];
    const res = await postUpdate(update);
    expect(res.status).toBe(200);
    const rows = await env.DB.prepare("select count(*) as n from messages where conversation_id = 'tg:-1001987654321' and text like '/datasaya%'").first<{ n: number }>();
    expect(rows!.n).toBe(0);
  });
});

describe("privacy rights in the web widget", () => {
  it("deletes the web session's data and its token stops working", async () => {
    const { token, sessionId } = (await (await exports.default.fetch(new Request("https://binjol.test/api/webchat/sessions", { method: "POST" }))).json()) as { token: string; sessionId: string };
    const send = (body: unknown) =>
      exports.default.fetch(
        new Request("https://binjol.test/api/webchat/messages", { method: "POST", headers: { Authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) }),
      );
    await send({ text: "cara bikin cv" });
    const confirm = (await (await send({ action: "d:ask" })).json()) as { replies: Array<{ buttons: Array<{ action: string }> }> };
    expect(confirm.replies[0]!.buttons.map((b) => b.action)).toEqual(["d:yes", "d:no"]);
    const done = await send({ action: "d:yes" });
    expect(done.status).toBe(200);
    expect(await rowsOf(`web:${sessionId}`, sessionId)).toEqual({ messages: 0, cases: 0, conversations: 0, seekers: 0, notes: 0 });
    expect((await env.DB.prepare("select count(*) as n from web_sessions where id = ?").bind(sessionId).first<{ n: number }>())!.n).toBe(0);
    expect((await send({ text: "halo" })).status).toBe(401);
  });
});

describe("privacy commands typed in the web widget", () => {
  it("/datasaya typed as text shows the visitor's data", async () => {
    const { token } = (await (await exports.default.fetch(new Request("https://binjol.test/api/webchat/sessions", { method: "POST" }))).json()) as { token: string };
    const send = async (text: string) =>
      (await (
        await exports.default.fetch(
          new Request("https://binjol.test/api/webchat/messages", { method: "POST", headers: { Authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ text }) }),
        )
      ).json()) as { replies: Array<{ text: string; topic: string }> };
    await send("tips wawancara");
    const data = await send("/datasaya");
    expect(data.replies[0]!.text).toMatch(/Ini data tentang kamu/);
    const del = await send("/hapusdata");
    expect(del.replies[0]!.text).toMatch(/Yakin/);
  });
});

describe("/datasaya on the configured office clock", () => {
  it("gives an office in WIT its own dates and zone: 16:30 UTC on 10 March is 11 March, 01:30 WIT", async () => {
    const post = appWith({ OFFICE_UTC_OFFSET: "+09:00", OFFICE_ZONE: "WIT" });
    const chat = newChatId();
    await post(telegramRequest(fixture("text", { chatId: chat, text: "tips wawancara" })));
    await env.DB.prepare("update seekers set first_seen_at = ? where external_id = ?").bind(Date.parse("2026-03-10T16:30:00Z"), String(chat)).run();
    await post(telegramRequest(fixture("start", { chatId: chat, text: "/datasaya" })));
    const reply = (await sentTo(chat)).at(-1)!.text;
    expect(reply).toContain("Pertama kali menghubungi BINJOL: 2026-03-11 01:30 WIT");
    expect(reply).not.toContain("WIB");
  });

  it("keeps WIB for the office of wrangler.toml", async () => {
    const chat = newChatId();
    await postUpdate(fixture("text", { chatId: chat, text: "tips wawancara" }));
    await env.DB.prepare("update seekers set first_seen_at = ? where external_id = ?").bind(Date.parse("2026-03-10T16:30:00Z"), String(chat)).run();
    await postUpdate(fixture("start", { chatId: chat, text: "/datasaya" }));
    expect((await sentTo(chat)).at(-1)!.text).toContain("Pertama kali menghubungi BINJOL: 2026-03-10 23:30 WIB");
  });
});
