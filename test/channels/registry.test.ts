/** The adapters behind the channel contract: lookup by conversation id, Bot API failures as Deliveries, one retry budget. */
import { env } from "cloudflare:workers";
import { GrammyError, HttpError } from "grammy";
import { describe, expect, it } from "vitest";
import { ADAPTERS, channelSenders, type ChannelAdapter } from "../../src/channels/registry.ts";
import { deliveryOfError, telegramAdapter } from "../../src/channels/telegram/adapter.ts";
import type { ContentBundle } from "../../src/content/types.ts";
import type { Reply } from "../../src/core/types.ts";
import type { Env } from "../../src/env.ts";
import { script, sendsTo } from "../helpers/capture.ts";
import { newChatId } from "../helpers/telegram.ts";

const content = JSON.parse(env.TEST_CONTENT) as ContentBundle;
const text = (t: string): Reply => ({ topic: "konselor", body: { kind: "text", text: t }, buttons: [] });
const config = { token: "7000000001:capture", apiRoot: env.CAPTURE_API_ROOT, username: "binjol_test_bot", name: "BINJOL" };
const ctx = (purpose: "reply" | "counsellor" | "alert") => ({ content, purpose, now: Date.now() });

function apiError(error_code: number, description: string, retry_after?: number): GrammyError {
  return new GrammyError("call failed", { ok: false, error_code, description, ...(retry_after !== undefined ? { parameters: { retry_after } } : {}) }, "sendMessage", {});
}

describe("the registry", () => {
  it("finds the adapter by the conversation id's prefix; an unknown prefix has none", () => {
    const senders = channelSenders(env as unknown as Env);
    expect(senders.senderFor("tg:123")?.name).toBe("telegram");
    expect(senders.senderFor("web:3f1c")?.name).toBe("web");
    expect(senders.senderFor("xx:1")).toBeUndefined();
    expect(ADAPTERS.map((a) => a.name)).toEqual(expect.arrayContaining(["telegram", "web"]));
  });

  it("never throws: no adapter, or an adapter that throws, gives failed deliveries, one per reply", async () => {
    const broken: ChannelAdapter = {
      name: "telegram",
      create: () => ({
        name: "telegram",
        send: async () => {
          throw new Error("bug");
        },
      }),
    };
    const senders = channelSenders(env as unknown as Env, {}, [broken]);
    expect(await senders.sendTo("tg:1", [text("a"), text("b")], ctx("reply"))).toEqual([
      expect.objectContaining({ status: "failed", transient: true }),
      expect.objectContaining({ status: "failed", transient: true }),
    ]);
    expect(await senders.sendTo("web:abc", [text("a")], ctx("reply"))).toEqual([expect.objectContaining({ status: "failed", transient: false })]);
  });

  it("the web adapter reports a logged message as sent (the widget polls the log)", async () => {
    const senders = channelSenders(env as unknown as Env);
    expect(await senders.sendTo("web:3f1c", [text("a"), text("b")], ctx("counsellor"))).toEqual([{ status: "sent" }, { status: "sent" }]);
  });
});

describe("Bot API failures as deliveries", () => {
  it("maps 403 to unreachable, 429 to transient with retry_after, 5xx and network errors to transient", () => {
    expect(deliveryOfError(apiError(403, "Forbidden: bot was blocked by the user"))).toMatchObject({ status: "failed", unreachable: true, transient: false });
    expect(deliveryOfError(apiError(400, "Bad Request: chat not found"))).toMatchObject({ unreachable: true, transient: false });
    expect(deliveryOfError(apiError(400, "Bad Request: message is too long"))).toEqual(expect.objectContaining({ transient: false }));
    expect(deliveryOfError(apiError(400, "Bad Request: message is too long")).unreachable).toBeUndefined();
    expect(deliveryOfError(apiError(429, "Too Many Requests", 17))).toMatchObject({ transient: true, retryAfterSeconds: 17 });
    expect(deliveryOfError(apiError(502, "Bad Gateway"))).toMatchObject({ transient: true });
    expect(deliveryOfError(apiError(502, "Bad Gateway")).uncertain).toBeUndefined();
    expect(deliveryOfError(new HttpError("Network request failed", new Error("reset")))).toMatchObject({ transient: true, uncertain: true });
  });

  it("a reply is retried within the budget; a weekly alert is tried once (the cron defers it)", async () => {
    const replyChat = newChatId();
    await script(replyChat, [{ status: 502 }, { ok: true }]);
    const [reply] = await telegramAdapter(config).send(`tg:${replyChat}`, [text("halo")], ctx("reply"));
    expect(reply).toMatchObject({ status: "sent", externalMessageId: expect.stringMatching(/^\d+$/) });
    expect((await sendsTo(replyChat)).map((c) => c.outcome ?? "ok")).toEqual([502, "ok"]);

    const alertChat = newChatId();
    await script(alertChat, [{ status: 502 }, { ok: true }]);
    const [alert] = await telegramAdapter(config).send(`tg:${alertChat}`, [text("lowongan baru")], ctx("alert"));
    expect(alert).toMatchObject({ status: "failed", transient: true });
    expect(await sendsTo(alertChat)).toHaveLength(1);
    await script(alertChat, []);
  });

  it("after one failed reply the rest are not tried, so nothing arrives out of order", async () => {
    const chat = newChatId();
    await script(chat, [{ status: 403, description: "Forbidden: bot was blocked by the user" }]);
    const deliveries = await telegramAdapter(config).send(`tg:${chat}`, [text("satu"), text("dua")], ctx("reply"));
    expect(deliveries).toEqual([
      expect.objectContaining({ status: "failed", unreachable: true }),
      expect.objectContaining({ status: "failed", unreachable: true }),
    ]);
    expect(await sendsTo(chat)).toHaveLength(1);
  });

  it("a counsellor message never goes to a group chat; no Bot API call is made", async () => {
    const group = -100_777_000_000 - newChatId();
    const [d] = await telegramAdapter(config).send(`tg:${group}`, [text("halo")], ctx("counsellor"));
    expect(d).toMatchObject({ status: "failed", transient: false });
    expect(await sendsTo(group)).toHaveLength(0);
  });
});
