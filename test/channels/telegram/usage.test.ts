import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { createApp } from "../../../src/app.ts";
import { appWith, telegramRequest } from "../../helpers/app.ts";
import { forgetContent } from "../../../src/content/store.ts";
import { fixture, newChatId } from "../../helpers/telegram.ts";

const post = (update: unknown) => appWith({ EXPOSE_METRICS: "1" })(telegramRequest(update));

function usage(res: Response) {
  return Object.fromEntries((res.headers.get("X-Binjol-Usage") ?? "").split(";").map((p) => p.split("=")).map(([k, v]) => [k, Number(v)]));
}

it("answers an update with 2 D1 round trips, 1 KV read on a cold isolate and none when warm", async () => {
  forgetContent(env.CONTENT);
  const chat = newChatId();
  const cold = usage(await post(fixture("start", { chatId: chat })));
  expect(cold).toMatchObject({ d1: 2, kv: 1 });
  const warm = usage(await post(fixture("text", { chatId: chat, text: "tips wawancara" })));
  expect(warm).toMatchObject({ d1: 2, kv: 0 });
  expect(warm.written).toBeGreaterThan(0);
  const replay = fixture("callback", { chatId: chat, data: "t:cv" });
  await post(replay);
  expect(usage(await post(replay))).toMatchObject({ d1: 1, kv: 0 });
});

it("does not expose usage unless asked", async () => {
  const { exports } = await import("cloudflare:workers");
  const res = await exports.default.fetch(
    new Request("https://binjol.test/telegram", {
      method: "POST",
      headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": env.TELEGRAM_WEBHOOK_SECRET },
      body: JSON.stringify(fixture("start", { chatId: newChatId() })),
    }),
  );
  expect(res.status).toBe(200);
  expect(res.headers.get("X-Binjol-Usage")).toBeNull();
});

it("answers a web-chat message with 2 D1 round trips, the session check included", async () => {
  const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext;
  const app = createApp();
  const bindings = { ...env, EXPOSE_METRICS: "1" };
  const created = await app.fetch(new Request("https://binjol.test/api/webchat/sessions", { method: "POST" }), bindings, ctx);
  const { token } = (await created.json()) as { token: string };
  const res = await app.fetch(
    new Request("https://binjol.test/api/webchat/messages", {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ text: "tips wawancara" }),
    }),
    bindings,
    ctx,
  );
  expect(res.status).toBe(200);
  expect(usage(res)).toMatchObject({ d1: 2 });
});
