/** First-contact privacy notice, flood limit per Telegram chat and blocked seekers: one polite notice, every message logged. */
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { createApp } from "../../src/app.ts";
import { loggedMessages } from "../helpers/db.ts";
import { fixture, newChatId, postUpdate, sentTo } from "../helpers/telegram.ts";

it("tells a seeker about privacy at first contact, once, but not after /start (the greeting covers it)", async () => {
  const chat = newChatId();
  await postUpdate(fixture("text", { chatId: chat, text: "cara bikin cv" }));
  await postUpdate(fixture("text", { chatId: chat, text: "tips wawancara" }));
  const notices = (await sentTo(chat)).filter((m) => m.text.startsWith("ℹ️ Soal privasi"));
  expect(notices).toHaveLength(1);
  expect(notices[0]!.text).toMatch(/365 hari/);
  expect(notices[0]!.text).toMatch(/\/hapusdata/);
  const greeted = newChatId();
  await postUpdate(fixture("start", { chatId: greeted }));
  expect((await sentTo(greeted)).some((m) => m.text.startsWith("ℹ️"))).toBe(false);
});

it("answers a flooding chat with one polite notice, then silence, while logging every message", async () => {
  const chat = newChatId();
  const limited = { ...env, TELEGRAM_CHAT_LIMITER: { limit: async () => ({ success: false }) } };
  const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext;
  const send = (text: string) =>
    createApp().fetch(
      new Request("https://binjol.test/telegram", {
        method: "POST",
        headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": env.TELEGRAM_WEBHOOK_SECRET },
        body: JSON.stringify(fixture("text", { chatId: chat, text })),
      }),
      limited,
      ctx,
    );
  await postUpdate(fixture("start", { chatId: chat }));
  const before = (await sentTo(chat)).length;
  for (let i = 0; i < 5; i++) expect((await send(`spam ${i}`)).status).toBe(200);
  const after = (await sentTo(chat)).slice(before);
  expect(after).toHaveLength(1);
  expect(after[0]!.text).toMatch(/terlalu cepat/);
  const spam = (await loggedMessages(`tg:${chat}`)).filter((r) => r.direction === "in" && r.text.startsWith("spam"));
  expect(spam).toHaveLength(5);
});

it("keeps a blocked seeker's messages but answers only once; their privacy rights still work", async () => {
  const chat = newChatId();
  await postUpdate(fixture("start", { chatId: chat }));
  await env.DB.prepare("update seekers set blocked_at = ? where channel = 'telegram' and external_id = ?").bind(Date.now(), String(chat)).run();
  const before = (await sentTo(chat)).length;
  await postUpdate(fixture("text", { chatId: chat, text: "halo" }));
  await postUpdate(fixture("text", { chatId: chat, text: "halo lagi" }));
  const after = (await sentTo(chat)).slice(before);
  expect(after).toHaveLength(1);
  expect(after[0]!.text).toMatch(/dibatasi oleh petugas/);
  expect((await loggedMessages(`tg:${chat}`)).filter((r) => r.direction === "in")).toHaveLength(3);
  await postUpdate(fixture("start", { chatId: chat, text: "/datasaya" }));
  expect((await sentTo(chat)).at(-1)!.text).toMatch(/Ini data tentang kamu/);
});

it("puts the first-contact notice before the intake question, so the question and its buttons come last", async () => {
  const chat = newChatId();
  await postUpdate(fixture("start", { chatId: chat, text: "/konselor" }));
  const sent = await sentTo(chat);
  expect(sent.at(-2)!.text).toMatch(/^ℹ️ Soal privasi/);
  expect(sent.at(-1)!.text).toMatch(/ceritakan singkat/i);
});
