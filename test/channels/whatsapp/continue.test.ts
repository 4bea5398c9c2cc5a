/** "Lanjutkan di WhatsApp" end to end: the wa.me link's prefilled text, sent as a real signed webhook, joins the chat. */
import { describe, expect, it } from "vitest";
import { appWith } from "../../helpers/app.ts";
import { logged, newWaId, postWebhook, sentTo, shownText, waFixture } from "./helpers.ts";

const BASE = "https://binjol.test/api/webchat";
const app = appWith({ WHATSAPP_DISPLAY_NUMBER: "6281234567890" });

async function json(path: string, token?: string, body?: unknown) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await app(new Request(`${BASE}${path}`, { method: "POST", headers, body: JSON.stringify(body ?? {}) }));
  return { status: res.status, body: (await res.json()) as any };
}

describe("Lanjutkan di WhatsApp", () => {
  it("links the WhatsApp chat that sends the wa.me link's text, once", async () => {
    const session = (await json("/sessions")).body as { token: string };
    expect((await json("/messages", session.token, { text: "halo" })).status).toBe(200);
    const issued = await json("/continue", session.token, { channel: "whatsapp" });
    expect(issued.status).toBe(201);
    const text = new URL(issued.body.url).searchParams.get("text")!;
    expect(text).toContain(issued.body.code);

    const from = newWaId();
    expect((await postWebhook(waFixture("text", { from, text }), { via: app })).status).toBe(200);
    expect(shownText((await sentTo(from))[0]!)).toContain("Terhubung!");
    expect((await logged(from))[0]).toMatchObject({ direction: "in", status: "answered" });

    // The same code from another number is refused politely.
    const other = newWaId();
    await postWebhook(waFixture("text", { from: other, text }), { via: app });
    expect(shownText((await sentTo(other))[0]!)).toContain("sudah pernah dipakai");
  });
});
