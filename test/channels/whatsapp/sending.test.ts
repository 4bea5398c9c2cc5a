import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createWhatsAppSender, windowOpen, WINDOW_MS } from "../../../src/channels/whatsapp/adapter.ts";
import { whatsappConfig } from "../../../src/channels/whatsapp/config.ts";
import type { ContentBundle } from "../../../src/content/types.ts";
import type { Reply } from "../../../src/core/types.ts";
import { logged, newWaId, postWebhook, script, sentTo, shownText, waFixture } from "./helpers.ts";

const content = JSON.parse(env.TEST_CONTENT) as ContentBundle;
const config = whatsappConfig(env)!;
const noWait = { sleep: async () => undefined };
/** A fixed clock: nothing here depends on today's date. */
const NOW = 1_800_000_000_000;

const counsellorReply: Reply = { topic: "konselor", body: { kind: "text", text: "Halo, saya Bu Rina dari Disnaker.\n\nBesok bisa datang jam 9?" }, buttons: [] };

afterEach(() => vi.restoreAllMocks());

describe("the 24-hour customer-service window", () => {
  it("is open until 24 hours after the seeker's last message, and closed without one", () => {
    expect(windowOpen({ lastInboundAt: NOW - WINDOW_MS + 60_000, now: NOW })).toBe(true);
    expect(windowOpen({ lastInboundAt: NOW - WINDOW_MS, now: NOW })).toBe(false);
    expect(windowOpen({ now: NOW })).toBe(false);
  });

  it("sends a counsellor reply as free text inside the window", async () => {
    const to = newWaId();
    const [d] = await createWhatsAppSender(config, noWait).send(`wa:${to}`, [counsellorReply], { content, purpose: "counsellor", lastInboundAt: NOW - 3_600_000, now: NOW });
    expect(d).toMatchObject({ status: "sent", externalMessageId: expect.stringMatching(/^wamid\./) });
    const sent = await sentTo(to);
    expect(sent.map((c) => c.body.type)).toEqual(["text"]);
    expect(shownText(sent[0]!)).toBe("Halo, saya Bu Rina dari Disnaker.\n\nBesok bisa datang jam 9?");
  });

  it("sends the configured template (name, language \"id\", the text as one-line parameter) outside the window", async () => {
    const to = newWaId();
    const [d] = await createWhatsAppSender(config, noWait).send(`wa:${to}`, [counsellorReply], { content, purpose: "counsellor", lastInboundAt: NOW - WINDOW_MS - 1, now: NOW });
    expect(d!.status).toBe("sent");
    const [call] = await sentTo(to);
    expect(call!.body).toMatchObject({
      type: "template",
      to,
      template: { name: "binjol_balasan_konselor", language: { code: "id" }, components: [{ type: "body", parameters: [{ type: "text" }] }] },
    });
    expect(shownText(call!)).toBe("Halo, saya Bu Rina dari Disnaker. · Besok bisa datang jam 9?");
    expect(shownText(call!)).not.toMatch(/[\n\t]| {4}/);
  });

  it("tries free text when the seeker's last message is unknown, and falls back on Meta's 131047; alerts go straight to the template", async () => {
    const sender = createWhatsAppSender(config, noWait);
    const open = newWaId();
    const [sent] = await sender.send(`wa:${open}`, [counsellorReply], { content, purpose: "notice", now: NOW });
    expect(sent!.status).toBe("sent");
    expect((await sentTo(open)).map((c) => c.body.type)).toEqual(["text"]);
    const closed = newWaId();
    await script(closed, [{ status: 400, code: 131047, message: "Re-engagement message" }]);
    const [undeliverable] = await sender.send(`wa:${closed}`, [counsellorReply], { content, purpose: "notice", now: NOW });
    expect(undeliverable).toMatchObject({ status: "failed", transient: false });
    expect(await sentTo(closed)).toHaveLength(1);
    const alert = newWaId();
    await sender.send(`wa:${alert}`, [counsellorReply], { content, purpose: "alert", now: NOW });
    expect((await sentTo(alert)).map((c) => c.body.type)).toEqual(["template"]);
  });

  it("uses each purpose's own template, and marks a notice without a template undeliverable without calling Meta", async () => {
    const sender = createWhatsAppSender(config, noWait);
    const closed = { content, lastInboundAt: NOW - 2 * WINDOW_MS, now: NOW };
    for (const [purpose, name] of [["rating", "binjol_penilaian"], ["alert", "binjol_info_lowongan"]] as const) {
      const to = newWaId();
      await sender.send(`wa:${to}`, [counsellorReply], { ...closed, purpose });
      expect((await sentTo(to))[0]!.body.template.name).toBe(name);
    }
    const to = newWaId();
    const [d] = await sender.send(`wa:${to}`, [counsellorReply], { ...closed, purpose: "notice" });
    expect(d).toMatchObject({ status: "failed", transient: false });
    expect(d!.error).toContain("24-hour window");
    expect(await sentTo(to)).toEqual([]);
  });

  it("falls back to the template when Meta says the window closed (131047), and fails a reply without one", async () => {
    const sender = createWhatsAppSender(config, noWait);
    const to = newWaId();
    await script(to, [{ status: 400, code: 131047, message: "Re-engagement message", details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number." }]);
    const [d] = await sender.send(`wa:${to}`, [counsellorReply], { content, purpose: "counsellor", lastInboundAt: NOW - 1000, now: NOW });
    expect(d!.status).toBe("sent");
    expect((await sentTo(to)).map((c) => [c.body.type, c.outcome])).toEqual([["text", 400], ["template", "ok"]]);
  });
});

describe("Graph API errors by their meaning", () => {
  const inWindow = { content, purpose: "counsellor" as const, lastInboundAt: NOW - 1000, now: NOW };

  it("retries a rate limit (130429, 131056) a bounded number of times", async () => {
    const sender = createWhatsAppSender(config, noWait);
    const to = newWaId();
    await script(to, [{ status: 400, code: 130429, message: "Rate limit hit" }, { status: 400, code: 131056, message: "(Business Account, Consumer Account) pair rate limit hit" }]);
    const [ok] = await sender.send(`wa:${to}`, [counsellorReply], inWindow);
    expect(ok!.status).toBe("sent");
    expect((await sentTo(to)).map((c) => c.outcome)).toEqual([400, 400, "ok"]);
    const busy = newWaId();
    await script(busy, Array.from({ length: 6 }, () => ({ status: 400, code: 130429, message: "Rate limit hit" })));
    const [failed] = await sender.send(`wa:${busy}`, [counsellorReply], inWindow);
    expect(failed).toMatchObject({ status: "failed", transient: true });
    expect(failed!.retryAfterSeconds).toBeGreaterThan(0);
    expect(await sentTo(busy)).toHaveLength(3);
  });

  it("fails 131026 at once with the reason and marks the seeker unreachable", async () => {
    const to = newWaId();
    await script(to, [{ status: 400, code: 131026, message: "Message undeliverable" }]);
    const [d] = await createWhatsAppSender(config, noWait).send(`wa:${to}`, [counsellorReply, counsellorReply], inWindow);
    expect(d).toMatchObject({ status: "failed", transient: false, unreachable: true });
    expect(d!.error).toContain("131026");
    expect(await sentTo(to)).toHaveLength(1);
  });

  it("logs a clear line for a rejected token (190) and does not retry", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const to = newWaId();
    await script(to, [{ status: 401, code: 190, message: "Error validating access token: Session has expired" }]);
    const [d] = await createWhatsAppSender(config, noWait).send(`wa:${to}`, [counsellorReply], inWindow);
    expect(d).toMatchObject({ status: "failed", transient: false });
    expect(await sentTo(to)).toHaveLength(1);
    expect(errors.mock.calls.map((c) => String(c[0])).join("\n")).toMatch(/access token rejected \(190\).*WHATSAPP_ACCESS_TOKEN/);
  });
});

describe("errors while answering a webhook", () => {
  it("logs the reply as failed with the reason when the seeker is not reachable (131026)", async () => {
    const from = newWaId();
    await script(from, [{ status: 400, code: 131026, message: "Message undeliverable" }]);
    expect((await postWebhook(waFixture("text", { from, text: "cara bikin kartu kuning" }))).status).toBe(200);
    const out = (await logged(from)).filter((r) => r.direction === "out");
    expect(out[0]).toMatchObject({ status: "failed" });
    expect(out[0]!.error).toContain("131026");
  });

  it("asks Meta to retry (503) when the Graph API keeps failing, after a bounded number of tries", async () => {
    const from = newWaId();
    await script(from, Array.from({ length: 5 }, () => ({ status: 500, code: 2, message: "Service temporarily unavailable" })));
    const res = await postWebhook(waFixture("text", { from, text: "menu" }));
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).not.toBeNull();
    expect(await sentTo(from)).toHaveLength(3);
  });
});
