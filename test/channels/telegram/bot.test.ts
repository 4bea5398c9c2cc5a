import { env } from "cloudflare:workers";
import type { Transformer } from "grammy";
import { describe, expect, it } from "vitest";
import { botInfoFrom, createBot } from "../../../src/channels/telegram/bot.ts";
import type { ContentBundle } from "../../../src/content/types.ts";
import { createDb } from "../../../src/db/client.ts";
import { createConversationStore } from "../../../src/db/conversation-store.ts";
import { boundedRetry } from "../../../src/channels/telegram/retry.ts";
import { loggedMessages } from "../../helpers/db.ts";
import { fixture, newChatId } from "../../helpers/telegram.ts";

const content = JSON.parse(env.TEST_CONTENT) as ContentBundle;
const config = { token: "7000000001:capture", apiRoot: "http://127.0.0.1:9", username: "binjol_test_bot", name: "BINJOL" };

/** Build the bot with outgoing API calls captured instead of sent; `answer` scripts the Bot API's replies. */
function capturedBot(answer: (method: string, n: number) => unknown = () => undefined) {
  const calls: Array<{ method: string; payload: any }> = [];
  const bot = createBot(config, { store: createConversationStore(createDb(env.DB)), content });
  const capture: Transformer = async (_prev, method, payload) => {
    calls.push({ method, payload });
    const scripted = answer(method, calls.length);
    if (scripted) return scripted as any;
    return { ok: true, result: method === "sendMessage" ? { message_id: calls.length, date: 0, chat: { id: 1, type: "private" } } : true } as any;
  };
  bot.api.config.use(capture);
  return { bot, calls };
}

describe("the grammY bot", () => {
  it("takes botInfo from configuration: the token's number is the bot id, so no getMe is called", async () => {
    expect(botInfoFrom(config)).toMatchObject({ id: 7000000001, username: "binjol_test_bot", is_bot: true });
    const { bot, calls } = capturedBot();
    await bot.handleUpdate(fixture("start", { chatId: newChatId() }));
    expect(calls.map((c) => c.method)).toEqual(["sendMessage"]);
  });

  it("answers every callback query, also for unknown button data", async () => {
    for (const data of ["t:cv", "menu", "x:unknown", ""]) {
      const { bot, calls } = capturedBot();
      await bot.handleUpdate(fixture("callback", { chatId: newChatId(), data }));
      expect(calls[0]?.method, data).toBe("answerCallbackQuery");
      expect(calls.filter((c) => c.method === "answerCallbackQuery")).toHaveLength(1);
      expect(calls.filter((c) => c.method === "sendMessage").length).toBeGreaterThan(0);
    }
  });

  it("sends HTML with callback_data within 64 bytes and no link previews", async () => {
    const { bot, calls } = capturedBot();
    await bot.handleUpdate(fixture("start", { chatId: newChatId() }));
    const send = calls.find((c) => c.method === "sendMessage")!;
    expect(send.payload.parse_mode).toBe("HTML");
    expect(send.payload.link_preview_options).toEqual({ is_disabled: true });
    for (const row of send.payload.reply_markup.inline_keyboard) {
      for (const b of row) expect(new TextEncoder().encode(b.callback_data).length).toBeLessThanOrEqual(64);
    }
  });

  it("retries a 429 with a short retry_after, then delivers; gives up on a long one or a 403", async () => {
    const waits: number[] = [];
    const retry = boundedRetry({ attempts: 3, maxDelaySeconds: 3, sleep: async (ms) => void waits.push(ms) });
    const scripted = (responses: any[]) => {
      let n = 0;
      return (async () => responses[Math.min(n++, responses.length - 1)]) as any;
    };
    const tooMany = (after: number) => ({ ok: false, error_code: 429, description: "Too Many Requests", parameters: { retry_after: after } });
    const ok = { ok: true, result: { message_id: 1 } };

    expect(await retry(scripted([tooMany(2), ok]), "sendMessage", {} as any)).toEqual(ok);
    expect(waits).toEqual([2000]);

    waits.length = 0;
    expect(await retry(scripted([tooMany(30), ok]), "sendMessage", {} as any)).toMatchObject({ error_code: 429 });
    expect(waits).toEqual([]);

    const blocked = { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" };
    expect(await retry(scripted([blocked, ok]), "sendMessage", {} as any)).toEqual(blocked);

    const serverError = { ok: false, error_code: 502, description: "Bad Gateway" };
    expect(await retry(scripted([serverError, serverError, serverError, ok]), "sendMessage", {} as any)).toEqual(serverError);
    expect(waits.length).toBe(2);
  });

  it("logs a reply to a seeker who blocked the bot as failed and answers 200", async () => {
    const chat = newChatId();
    const { bot } = capturedBot((method) =>
      method === "sendMessage" ? { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" } : undefined,
    );
    await bot.handleUpdate(fixture("text", { chatId: chat, text: "tips wawancara" }));
    const out = (await loggedMessages(`tg:${chat}`)).filter((r) => r.direction === "out");
    expect(out.length).toBeGreaterThan(0);
    for (const row of out) expect(row).toMatchObject({ status: "failed", error: "blocked: Forbidden: bot was blocked by the user" });
  });
});
