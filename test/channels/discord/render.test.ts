/** Discord rendering within Discord's limits, and the interaction session's choice between a direct and a deferred answer. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { InteractionSession } from "../../../src/channels/discord/interaction.ts";
import { choiceIds, EPHEMERAL, escapeMarkdown, mergeMessages, renderBlocks, renderReplies, shownText } from "../../../src/channels/discord/render.ts";
import type { ContentBundle } from "../../../src/content/types.ts";
import type { Button, Reply } from "../../../src/core/types.ts";

const content = JSON.parse(env.TEST_CONTENT) as ContentBundle;
const buttons = (n: number, label = (i: number) => `Pilihan ${i}`): Button[] => Array.from({ length: n }, (_, i) => ({ label: label(i + 1), action: `t:x${i + 1}` }));
const paragraph = (text: string) => ({ type: "paragraph" as const, spans: [{ text }] });

describe("rendering for Discord", () => {
  it("keeps content within 2,000 characters and a long text in embeds of at most 2,000, 3 per message", () => {
    const long = Array.from({ length: 40 }, (_, i) => `Paragraf ${i + 1}: ${"kata ".repeat(60).trim()}.`);
    const messages = renderBlocks(long.map(paragraph), buttons(2));
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      expect(m.content).toBeUndefined();
      expect(m.embeds!.length).toBeLessThanOrEqual(3);
      for (const e of m.embeds!) expect(e.description.length).toBeLessThanOrEqual(2000);
    }
    expect(messages.slice(0, -1).every((m) => m.components === undefined)).toBe(true);
    expect(choiceIds(messages.at(-1))).toEqual(["t:x1", "t:x2"]);
    expect(messages.map(shownText).join("\n\n")).toContain("Paragraf 40:");
  });

  it("lays out up to 25 buttons in rows of at most 5, and more as select menus of at most 25 options", () => {
    const [few] = renderBlocks([paragraph("Menu")], buttons(12));
    expect(few!.components!.map((r) => r.components.length)).toEqual([5, 5, 2]);
    const [many] = renderBlocks([paragraph("Daftar")], buttons(30));
    const rows = many!.components!;
    expect(rows.map((r) => r.components.map((c) => c.type))).toEqual([[3], [3]]);
    expect(rows.map((r) => (r.components[0] as { options: unknown[] }).options.length)).toEqual([25, 5]);
    expect(choiceIds(many)).toEqual(buttons(30).map((b) => b.action));
  });

  it("drops buttons whose custom_id is too long or repeated, and uses a select when a label is longer than 80", () => {
    const [message] = renderBlocks([paragraph("x")], [
      { label: "A", action: "t:a" },
      { label: "A lagi", action: "t:a" },
      { label: "Panjang", action: `v:${"x".repeat(120)}` },
    ]);
    expect(choiceIds(message)).toEqual(["t:a"]);
    const [select] = renderBlocks([paragraph("x")], [{ label: "L".repeat(90), action: "t:l" }]);
    expect(select!.components![0]!.components[0]!.type).toBe(3);
  });

  it("escapes markdown in text and never pings anyone", () => {
    expect(escapeMarkdown("gaji *5 juta* @everyone")).toBe("gaji \\*5 juta\\* @\u200beveryone");
    const [message] = renderBlocks([{ type: "paragraph", spans: [{ text: "Penting", bold: true }, { text: " lihat " }, { text: "situs", href: "https://kemnaker.go.id" }] }], []);
    expect(message!.content).toBe("**Penting** lihat [situs](<https://kemnaker.go.id>)");
    expect(message!.allowed_mentions).toEqual({ parse: [] });
  });

  it("merges an answer's messages into one when they fit, and not when they do not", () => {
    const a = renderBlocks([paragraph("Satu")], buttons(2));
    const b = renderBlocks([paragraph("Dua")], [{ label: "Menu", action: "menu" }]);
    expect(mergeMessages([...a, ...b])).toMatchObject({ content: "Satu\n\nDua" });
    expect(choiceIds(mergeMessages([...a, ...b]))).toEqual(["t:x1", "t:x2", "menu"]);
    expect(mergeMessages([...a, ...a])).toBeUndefined();
  });
});

/** A fetch recording the interaction webhook calls; every call succeeds with a message id. */
function recorder() {
  const calls: Array<{ method: string; path: string; body: any }> = [];
  const fetcher = (async (url: string, init: RequestInit) => {
    calls.push({ method: init.method!, path: new URL(url).pathname, body: init.body ? JSON.parse(String(init.body)) : undefined });
    return init.method === "DELETE" ? new Response(null, { status: 204 }) : Response.json({ id: String(calls.length) });
  }) as unknown as typeof fetch;
  return { calls, fetcher };
}

const config = { apiRoot: "https://discord.test/api/v10", applicationId: "1", publicKey: "0".repeat(64), botToken: "t" };
const reply = (topic: Reply["topic"], text: string): Reply => ({ topic, body: { kind: "text", text }, buttons: [] });
const ctx = { content, purpose: "reply" as const, now: 0 };

describe("the interaction session", () => {
  it("answers directly, as one message, when the replies are ready before the deadline", async () => {
    const { calls, fetcher } = recorder();
    const session = new InteractionSession(config, { id: "9", token: "tok", inGuild: false, mayBePublic: false }, { fetch: fetcher });
    expect(await session.sender.send("dc:5", [reply("cv", "Halo"), reply("cv", "Lagi")], ctx)).toEqual([{ status: "sent" }, { status: "sent" }]);
    expect(await session.decision).toEqual({ type: 4, data: { content: "Halo\n\nLagi", allowed_mentions: { parse: [] } } });
    expect(calls).toEqual([]);
  });

  it("after a public deferral, a personal answer replaces the placeholder by an ephemeral follow-up", async () => {
    const { calls, fetcher } = recorder();
    const session = new InteractionSession(config, { id: "9", token: "tok", inGuild: true, mayBePublic: true }, { fetch: fetcher });
    session.defer();
    expect(await session.decision).toEqual({ type: 5 });
    session.acknowledge();
    const deliveries = await session.sender.send("dc:5", [reply("profil", "Data profil Anda")], ctx);
    expect(deliveries).toEqual([{ status: "sent", externalMessageId: "2" }]);
    expect(calls.map((c) => [c.method, c.path])).toEqual([
      ["DELETE", "/api/v10/webhooks/1/tok/messages/@original"],
      ["POST", "/api/v10/webhooks/1/tok"],
    ]);
    expect(calls[1]!.body).toMatchObject({ content: "Data profil Anda", flags: EPHEMERAL });
  });

  it("after a deferral, edits the placeholder with the first message and follows up with the rest", async () => {
    const { calls, fetcher } = recorder();
    const session = new InteractionSession(config, { id: "9", token: "tok", inGuild: false, mayBePublic: false }, { fetch: fetcher });
    session.defer();
    session.acknowledge();
    const long = "kata ".repeat(2000).trim();
    expect(renderReplies([reply("cv", long)], content)[0]!.length).toBeGreaterThan(1);
    const deliveries = await session.sender.send("dc:5", [reply("cv", long), reply("cv", "Penutup")], ctx);
    expect(deliveries.map((d) => d.status)).toEqual(["sent", "sent"]);
    expect(calls[0]!.method).toBe("PATCH");
    expect(calls.slice(1).every((c) => c.method === "POST" && c.body.flags === undefined)).toBe(true);
  });
});

describe("the registered commands", () => {
  it("are the issue's ten, with names and descriptions Discord accepts", async () => {
    const { registrationBody } = await import("../../../src/channels/discord/commands.ts");
    const body = registrationBody();
    expect(body.map((c) => c.name)).toEqual(["menu", "tanya", "lowongan", "pelatihan", "cek-lowongan", "konselor", "profil", "privasi", "datasaya", "hapusdata"]);
    for (const c of body) {
      expect(String(c.name)).toMatch(/^[-_a-z0-9]{1,32}$/);
      expect(String(c.description).length).toBeGreaterThan(0);
      expect(String(c.description).length).toBeLessThanOrEqual(100);
      for (const o of (c.options as Array<{ name: string; description: string; type: number }> | undefined) ?? []) {
        expect(o.type).toBe(3);
        expect(o.description.length).toBeLessThanOrEqual(100);
      }
    }
    expect(body.find((c) => c.name === "tanya")!.options).toEqual([expect.objectContaining({ name: "pertanyaan", required: true })]);
    expect(body.find((c) => c.name === "cek-lowongan")!.options).toEqual([expect.objectContaining({ name: "teks" })]);
  });
});
