/**
 * Faults of the Bot API, through the real webhook: the Worker sends to the capture server, which answers
 * sendMessage calls for a chat from a script (429, 500, a hang, 403 blocked). In every case: no 5xx but the
 * intended 503, every inbound message logged exactly once, and nothing lost.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { STALE_CLAIM_MS } from "../../src/db/conversation-store.ts";
import { appWith, telegramRequest } from "../helpers/app.ts";
import type { CapturedCall } from "../helpers/capture-api.ts";
import { script, sendsTo } from "../helpers/capture.ts";
import { loggedMessages } from "../helpers/db.ts";
import { fixture, newChatId } from "../helpers/telegram.ts";

const bindings = { ...env, TELEGRAM_API_ROOT: env.CAPTURE_API_ROOT };

/** Every webhook status seen in this file, to assert no unintended 5xx. */
const statuses: number[] = [];

const call = appWith(bindings);

async function post(update: unknown): Promise<Response> {
  const res = await call(telegramRequest(update));
  statuses.push(res.status);
  return res;
}

/** The logged rows of a chat, with the inbound claim's bookkeeping. */
async function rows(chatId: number) {
  const { results } = await env.DB.prepare(
    "select id, direction, text, status, error, attempts, in_reply_to as inReplyTo, external_id as externalId from messages where conversation_id = ? order by id",
  )
    .bind(`tg:${chatId}`)
    .all<{ id: number; direction: "in" | "out"; text: string; status: string; error: string | null; attempts: number | null; inReplyTo: number | null; externalId: string | null }>();
  return results;
}

/** What the passing of time does to a claim: make it older than STALE_CLAIM_MS (the store's clock is Date.now). */
async function ageClaim(updateId: number): Promise<void> {
  const r = await env.DB.prepare("update messages set claimed_at = claimed_at - ? where dedupe_key = ?")
    .bind(STALE_CLAIM_MS + 1000, `tg:${updateId}`)
    .run();
  expect(r.meta.changes).toBe(1);
}

/** Exactly one inbound row for the chat, answered, and every outbound row replying to it. */
function expectLoggedOnce(logged: Awaited<ReturnType<typeof rows>>, text: string) {
  const inbound = logged.filter((r) => r.direction === "in");
  expect(inbound).toHaveLength(1);
  expect(inbound[0]).toMatchObject({ text, status: "answered" });
  for (const out of logged.filter((r) => r.direction === "out")) expect(out.inReplyTo).toBe(inbound[0]!.id);
  return inbound[0]!;
}

const TEXT = "cara bikin cv";

describe("Bot API faults through the webhook", () => {
  it("429 with a short retry_after: waits, then delivers; logged once as sent, webhook 200", async () => {
    const chat = newChatId();
    await script(chat, [{ status: 429, retry_after: 1 }, { ok: true }]);
    const started = Date.now();
    const res = await post(fixture("text", { chatId: chat, text: TEXT }));
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900); // it honoured retry_after
    const sends = await sendsTo(chat);
    expect(sends.map((c) => c.outcome ?? "ok")).toEqual([429, "ok", ...sends.slice(2).map(() => "ok")]);
    const logged = await rows(chat);
    expectLoggedOnce(logged, TEXT);
    const out = logged.filter((r) => r.direction === "out");
    expect(out.length).toBeGreaterThan(0);
    expect(out.every((r) => r.status === "sent" && r.error === null)).toBe(true);
    // the delivered message's id is the one the Bot API returned for the successful attempt
    expect(out.at(-1)!.externalId).toMatch(/^\d+$/);
  });

  it("429 with a retry_after over the bound: not waited for in the request; 503 with that Retry-After", async () => {
    const chat = newChatId();
    const update = fixture("text", { chatId: chat, text: TEXT });
    await script(chat, [{ status: 429, retry_after: 30 }]);
    const started = Date.now();
    const res = await post(update);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).toBe("30");
    expect(await sendsTo(chat)).toHaveLength(1);
    const logged = await rows(chat);
    expect(logged).toEqual([expect.objectContaining({ direction: "in", text: TEXT, status: "received", attempts: 1 })]);

    await ageClaim(update.update_id);
    expect((await post(update)).status).toBe(200);
    expectLoggedOnce(await rows(chat), TEXT);
  });

  it("500 on every bounded retry: 503 with Retry-After, inbound logged once, no reply; a stale redelivery answers once", async () => {
    const chat = newChatId();
    const update = fixture("text", { chatId: chat, text: TEXT });
    await script(chat, [{ status: 500 }, { status: 500 }, { status: 500 }]);
    const res = await post(update);
    expect(res.status).toBe(503);
    expect(Number(res.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await res.json()).toEqual({ error: "the reply could not be delivered; retry later" });
    expect((await sendsTo(chat)).map((c) => c.outcome)).toEqual([500, 500, 500]);
    expect(await rows(chat)).toEqual([expect.objectContaining({ direction: "in", text: TEXT, status: "received", attempts: 1 })]);

    // Telegram redelivers at once: the claim is still fresh, so it is told to come back later.
    const early = await post(update);
    expect(early.status).toBe(409);
    expect(early.headers.get("Retry-After")).toBeTruthy();
    expect(await sendsTo(chat)).toHaveLength(3);
    expect(await rows(chat)).toHaveLength(1);

    // Later (the claim has gone stale) the redelivery takes it over and answers; the Bot API works again.
    await ageClaim(update.update_id);
    expect((await post(update)).status).toBe(200);
    const logged = await rows(chat);
    const inbound = expectLoggedOnce(logged, TEXT);
    expect(inbound.attempts).toBe(2);
    const out = logged.filter((r) => r.direction === "out");
    expect(out.length).toBeGreaterThan(0);
    expect(out.every((r) => r.status === "sent")).toBe(true);
    expect((await sendsTo(chat)).slice(3).every((c) => c.outcome === undefined)).toBe(true);

    // A further redelivery is a duplicate: answered 200, nothing sent or logged again.
    const sentBefore = (await sendsTo(chat)).length;
    expect((await post(update)).status).toBe(200);
    expect(await sendsTo(chat)).toHaveLength(sentBefore);
    expect(await rows(chat)).toHaveLength(logged.length);
  });

  it("a connection dropped mid-call is a network error: retried within the request, nothing lost", async () => {
    const chat = newChatId();
    await script(chat, [{ hang: true, closeAfterMs: 100 }, { ok: true }]);
    const res = await post(fixture("text", { chatId: chat, text: TEXT }));
    expect(res.status).toBe(200);
    expect((await sendsTo(chat))[0]!.outcome).toBe("hang");
    const logged = await rows(chat);
    expectLoggedOnce(logged, TEXT);
    expect(logged.filter((r) => r.direction === "out").every((r) => r.status === "sent")).toBe(true);
  });

  it("the Bot API unreachable for every retry: 503, then a stale redelivery answers once", async () => {
    const chat = newChatId();
    const update = fixture("text", { chatId: chat, text: TEXT });
    await script(chat, [{ hang: true, closeAfterMs: 50 }, { hang: true, closeAfterMs: 50 }, { hang: true, closeAfterMs: 50 }]);
    const res = await post(update);
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).toBeTruthy();
    expect(await rows(chat)).toEqual([expect.objectContaining({ direction: "in", status: "received" })]);

    await ageClaim(update.update_id);
    expect((await post(update)).status).toBe(200);
    const logged = await rows(chat);
    expectLoggedOnce(logged, TEXT);
    expect(logged.filter((r) => r.direction === "out").every((r) => r.status === "sent")).toBe(true);
  });

  it("a Bot API that never answers: the client's 8 s timeout fires, the retry delivers, nothing lost", async () => {
    const chat = newChatId();
    await script(chat, [{ hang: true }, { ok: true }]);
    const started = Date.now();
    const res = await post(fixture("text", { chatId: chat, text: TEXT }));
    const took = Date.now() - started;
    expect(res.status).toBe(200);
    expect(took).toBeGreaterThanOrEqual(7500);
    expect(took).toBeLessThan(14_000);
    const sends = await sendsTo(chat);
    expect(sends[0]!.outcome).toBe("hang");
    expect(sends[1]!.outcome).toBe("ok");
    const logged = await rows(chat);
    expectLoggedOnce(logged, TEXT);
    expect(logged.filter((r) => r.direction === "out").every((r) => r.status === "sent")).toBe(true);
  }, 20_000);

  it("403 blocked by the user: 200, not retried, the reply logged as failed with the reason", async () => {
    const chat = newChatId();
    const update = fixture("text", { chatId: chat, text: TEXT });
    await script(chat, [{ status: 403, description: "Forbidden: bot was blocked by the user" }]);
    const res = await post(update);
    expect(res.status).toBe(200);
    expect((await sendsTo(chat)).map((c) => c.outcome)).toEqual([403]);
    const logged = await rows(chat);
    expectLoggedOnce(logged, TEXT);
    const out = logged.filter((r) => r.direction === "out");
    expect(out.length).toBeGreaterThan(0);
    for (const r of out) {
      expect(r.status).toBe("failed");
      expect(r.error).toMatch(/blocked/);
      expect(r.error).toMatch(/bot was blocked by the user/);
    }
    // visible the way the dashboard reads the log
    const view = await loggedMessages(`tg:${chat}`);
    expect(view.find((r) => r.direction === "out")).toMatchObject({ status: "failed", error: expect.stringMatching(/blocked/) });

    // Telegram does not redeliver after a 200; if it did, nothing would be sent or logged again.
    expect((await post(update)).status).toBe(200);
    expect(await sendsTo(chat)).toHaveLength(1);
    expect(await rows(chat)).toHaveLength(logged.length);
  });

  it("answered no 5xx but the intended 503s", () => {
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s >= 500 && s !== 503)).toEqual([]);
  });
});
