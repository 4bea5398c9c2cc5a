import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { appWith, telegramRequest } from "../../helpers/app.ts";
import { CONTENT_KEY } from "../../../src/content/types.ts";
import { forgetContent } from "../../../src/content/store.ts";
import { strings } from "../../../src/core/strings.ts";
import { loggedMessages } from "../../helpers/db.ts";
import { probeD1 } from "../../helpers/d1.ts";
import { fixture, newChatId, sentTo } from "../../helpers/telegram.ts";

function post(update: unknown, bindings: Record<string, unknown>) {
  return appWith(bindings)(telegramRequest(update));
}

describe("webhook under faults", () => {
  it("answers 500 when D1 fails, writes nothing, and Telegram's retry is handled once", async () => {
    const chat = newChatId();
    const update = fixture("text", { chatId: chat, text: "cara bikin cv" });
    const probe = probeD1(env.DB);
    probe.failBatch(1);
    const res = await post(update, { DB: probe.db });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: "temporarily unavailable; retry later" });
    expect(await sentTo(chat)).toEqual([]);
    expect(await loggedMessages(`tg:${chat}`)).toEqual([]);

    const retry = await post(update, { DB: probe.db });
    expect(retry.status).toBe(200);
    // The guide and, on a first contact, the short privacy notice.
    expect(await sentTo(chat)).toHaveLength(2);
    expect((await loggedMessages(`tg:${chat}`)).map((r) => r.direction)).toEqual(["in", "out", "out"]);
  });

  it("answers politely when KV holds no content yet (a fresh deploy), instead of crashing", async () => {
    const chat = newChatId();
    const emptyKv = await (async () => {
      // A KV namespace view with no content key: reads of the bundle return null.
      return new Proxy(env.CONTENT, {
        get(target, prop) {
          if (prop === "getWithMetadata") return async () => ({ value: null, metadata: null, cacheStatus: null });
          const v = Reflect.get(target, prop, target);
          return typeof v === "function" ? v.bind(target) : v;
        },
      });
    })();
    const res = await post(fixture("start", { chatId: chat }), { CONTENT: emptyKv });
    expect(res.status).toBe(200);
    const sent = await sentTo(chat);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toMatch(/sedang diperbarui/);
    const rows = await loggedMessages(`tg:${chat}`);
    expect(rows.map((r) => r.direction)).toEqual(["in", "out"]);
  });

  it("picks up a new content version while the isolate is warm", async () => {
    const chat = newChatId();
    const original = (await env.CONTENT.get(CONTENT_KEY))!;
    const bundle = JSON.parse(original);
    bundle.version = "changed-version";
    bundle.topics.menu.sections = [{ id: "", title: "Menu", blocks: [{ type: "paragraph", spans: [{ text: "Menu baru", bold: true }, { text: " untuk uji versi konten." }] }] }];
    await env.CONTENT.put(CONTENT_KEY, JSON.stringify(bundle), { metadata: { version: bundle.version } });
    forgetContent(env.CONTENT); // what the 60-second revalidation does in production
    try {
      await post(fixture("start", { chatId: chat }), {});
      expect((await sentTo(chat))[0]!.text).toBe("<b>Menu baru</b> untuk uji versi konten.");
    } finally {
      await env.CONTENT.put(CONTENT_KEY, original, { metadata: { version: JSON.parse(original).version } });
      forgetContent(env.CONTENT);
    }
  });

  it("contains a bug in handling one update: logged, answered 200 so Telegram does not retry forever, the message kept", async () => {
    const chat = newChatId();
    const original = (await env.CONTENT.get(CONTENT_KEY))!;
    const broken = JSON.parse(original);
    broken.version = "broken-version";
    broken.index = null; // routing free text now throws a TypeError
    await env.CONTENT.put(CONTENT_KEY, JSON.stringify(broken), { metadata: { version: broken.version } });
    forgetContent(env.CONTENT);
    try {
      const res = await post(fixture("text", { chatId: chat, text: "tips wawancara" }), {});
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: false, error: "the update could not be handled; it was logged" });
      const rows = await loggedMessages(`tg:${chat}`);
      expect(rows).toEqual([expect.objectContaining({ direction: "in", text: "tips wawancara", status: "received" })]);
      // The seeker is told, politely, that the message was kept.
      expect((await sentTo(chat)).map((m) => m.text)).toEqual([strings.updateFailed]);
    } finally {
      await env.CONTENT.put(CONTENT_KEY, original, { metadata: { version: JSON.parse(original).version } });
      forgetContent(env.CONTENT);
    }
  });
});
