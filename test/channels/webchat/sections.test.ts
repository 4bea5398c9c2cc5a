/** A precise question gets the section of the guide that answers it, with the whole guide and related sections one button away. */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ContentBundle } from "../../../src/content/types.ts";
import { sectionSlug } from "../../../src/core/body.ts";
import { renderReply } from "../../../src/channels/telegram/render.ts";

const content = JSON.parse(env.TEST_CONTENT) as ContentBundle;
const BASE = "https://binjol.test/api/webchat";

type Reply = { text: string; html?: string; topic: string; buttons: Array<{ label: string; action: string }> };

async function session(): Promise<string> {
  const res = await exports.default.fetch(new Request(`${BASE}/sessions`, { method: "POST" }));
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

async function send(token: string, json: unknown): Promise<Reply[]> {
  const res = await exports.default.fetch(
    new Request(`${BASE}/messages`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ clientMessageId: crypto.randomUUID(), ...(json as object) }),
    }),
  );
  expect(res.status).toBe(200);
  return ((await res.json()) as { replies: Reply[] }).replies;
}

describe("section replies through the web-chat API", () => {
  it("answers 'berapa UMK kabupaten blitar 2026' with the UMK section: short, with the figure and a full-guide button", async () => {
    const token = await session();
    const [reply, ...rest] = await send(token, { text: "berapa UMK kabupaten blitar 2026" });
    expect(reply!.topic).toBe("dunia-kerja");
    expect(reply!.text.length).toBeLessThan(900);
    expect(reply!.text).toContain(content.office.umk_nilai!);
    expect(reply!.text).not.toContain("PKWT"); // not the whole guide
    const actions = reply!.buttons.map((b) => b.action);
    expect(actions[0]).toBe("g:dunia-kerja");
    expect(reply!.buttons[0]!.label).toBe("📖 Baca panduan lengkap");
    const sectionButtons = actions.filter((a) => a.startsWith("s:dunia-kerja:"));
    expect(sectionButtons.length).toBeGreaterThanOrEqual(1);
    expect(sectionButtons.length).toBeLessThanOrEqual(2);
    for (const a of actions) expect(new TextEncoder().encode(a).length).toBeLessThanOrEqual(64);
    expect(rest.every((r) => r.topic !== "dunia-kerja" || !r.text.includes("PKWT"))).toBe(true);

    // the full-guide button opens the whole guide; a related-section button opens that section
    const [full] = await send(token, { action: "g:dunia-kerja" });
    expect(full!.text).toContain("PKWT");
    expect(full!.text.length).toBeGreaterThan(reply!.text.length);
    const [other] = await send(token, { action: sectionButtons[0] });
    expect(other!.topic).toBe("dunia-kerja");
    expect(other!.text).not.toBe(reply!.text);
    expect(other!.buttons[0]!.action).toBe("g:dunia-kerja");
  });

  it("gives the same section again on a retried message (the log keeps which section it showed)", async () => {
    const token = await session();
    const clientMessageId = crypto.randomUUID();
    const [first] = await send(token, { text: "UMK Blitar berapa sih?", clientMessageId });
    const [again] = await send(token, { text: "UMK Blitar berapa sih?", clientMessageId });
    expect(first!.text).toContain(content.office.umk_nilai!);
    expect(first!.text.length).toBeLessThan(900);
    expect(again!.text).toBe(first!.text);
    expect(again!.html).toBe(first!.html);
  });

  it("answers a general question with the whole guide", async () => {
    const token = await session();
    const [reply] = await send(token, { text: "gambaran dunia kerja secara umum" });
    expect(reply!.topic).toBe("dunia-kerja");
    expect(reply!.text).toContain("PKWT");
    expect(reply!.buttons.map((b) => b.action)).not.toContain("g:dunia-kerja");
  });

  it("opens the AK/1 guide for a Javanese question", async () => {
    const token = await session();
    const [reply] = await send(token, { text: "piye carane gawe kartu kuning" });
    expect(reply!.topic).toBe("kartu-ak1");
  });
});

describe("section replies on Telegram", () => {
  it("renders one message: the heading in bold and the section's text, escaped", () => {
    const reply = { topic: "dunia-kerja" as const, body: { kind: "guide" as const, topic: "dunia-kerja" as const, section: "upah-minimum-umk" }, buttons: [] };
    const messages = renderReply(reply, content);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.text.startsWith("<b>Upah minimum (UMK)</b>\n\n")).toBe(true);
    expect(messages[0]!.text).toContain(content.office.umk_nilai!);
    expect(messages[0]!.text.length).toBeLessThan(900);
    const whole = renderReply({ ...reply, body: { kind: "guide", topic: "dunia-kerja" } }, content);
    expect(whole.map((m) => m.text).join("")).toContain("PKWT");
  });
});

describe("the section index", () => {
  it("has exactly the compiled guides' section ids: the slugs of their headings, in order", () => {
    const sections = content.index.sections!;
    for (const [i, doc] of content.index.docs.entries()) {
      const guide = content.topics[doc.topic]!;
      const ids = sections.list.filter((s) => s.doc === i).map((s) => s.id);
      // the compiled sections, openings excluded
      const expected = guide.sections.filter((s) => s.id !== "").map((s) => s.id);
      expect(ids, doc.topic).toEqual(expected);
      for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
    expect(sections.list.find((s) => s.id === sectionSlug("Upah minimum (UMK)"))).toBeDefined();
  });
});
