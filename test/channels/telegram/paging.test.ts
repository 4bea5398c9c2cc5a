/**
 * Paging a list on Telegram edits the list message in place instead of sending a new list each time (experience
 * review, finding 13); a message that can no longer be edited gets the page as a new message. Through the real
 * webhook, against the recording fake Bot API.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { appWith, telegramRequest } from "../../helpers/app.ts";
import { capturedCalls, script } from "../../helpers/capture.ts";
import { fixture, newChatId } from "../../helpers/telegram.ts";

const call = appWith({ TELEGRAM_API_ROOT: env.CAPTURE_API_ROOT });

function press(chatId: number, data: string, messageId: number) {
  const update = fixture("callback", { chatId, data });
  update.callback_query.message.message_id = messageId;
  return call(telegramRequest(update));
}

async function callsTo(chatId: number, since: number) {
  return (await capturedCalls()).slice(since).filter((c) => c.body.chat_id === chatId && (c.method === "sendMessage" || c.method === "editMessageText"));
}

describe("paging a list on Telegram", () => {
  it("turns the pressed list message to the next page", async () => {
    const chat = newChatId();
    await press(chat, "t:lowongan", 10);
    const start = (await capturedCalls()).length;
    expect((await press(chat, "vl:2", 77)).status).toBe(200);
    const calls = await callsTo(chat, start);
    expect(calls.map((c) => c.method)).toEqual(["editMessageText"]);
    expect(calls[0]!.body).toMatchObject({ chat_id: chat, message_id: 77, parse_mode: "HTML" });
    expect(String(calls[0]!.body.text)).toMatch(/Halaman 2/i);
    const keyboard = JSON.stringify(calls[0]!.body.reply_markup);
    expect(keyboard).toContain("vl:1");
    // the edited page is logged like a sent one, with the message it now shows in
    const row = await env.DB.prepare("select external_id as id from messages where conversation_id = ? and direction = 'out' order by id desc limit 1").bind(`tg:${chat}`).first<{ id: string }>();
    expect(row!.id).toBe("77");
  });

  it("sends the page as a new message when the old one cannot be edited any more", async () => {
    const chat = newChatId();
    await press(chat, "t:lowongan", 10);
    await script(chat, [{ status: 400, description: "Bad Request: message can't be edited" }]);
    const start = (await capturedCalls()).length;
    await press(chat, "vl:2", 78);
    const calls = await callsTo(chat, start);
    expect(calls.map((c) => c.method)).toEqual(["editMessageText", "sendMessage"]);
    expect(String(calls[1]!.body.text)).toMatch(/halaman 2/i);
  });

  it("other buttons still send a new message", async () => {
    const chat = newChatId();
    const start = (await capturedCalls()).length;
    await press(chat, "t:lowongan", 12);
    expect((await callsTo(chat, start)).every((c) => c.method === "sendMessage")).toBe(true);
  });
});
