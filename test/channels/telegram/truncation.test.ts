/** Long texts are cut for Telegram without cutting an HTML entity or a surrogate pair (security review info). */
import type { Block } from "../../../src/core/body.ts";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { renderReply } from "../../../src/channels/telegram/render.ts";
import { telegramAdapter } from "../../../src/channels/telegram/adapter.ts";
import type { ContentBundle } from "../../../src/content/types.ts";
import { appWith, telegramRequest } from "../../helpers/app.ts";
import { sendsTo } from "../../helpers/capture.ts";
import { fixture, newChatId } from "../../helpers/telegram.ts";

const content = JSON.parse(env.TEST_CONTENT) as ContentBundle;
const LIMIT = 4096;

/** What Telegram would reject or show wrongly: a cut or unknown entity, a lone surrogate, text over the limit after parsing. */
function problems(html: string): string[] {
  const out: string[] = [];
  const bad = html.match(/&(?!(lt|gt|amp|quot);)[^\s]{0,6}/g);
  if (bad) out.push(`cut or unknown entity: ${bad.join(" ")}`);
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(html)) out.push("lone surrogate");
  const parsed = html.replace(/<[^>]*>/g, "").replace(/&(lt|gt|amp|quot);/g, "x");
  if (parsed.length > LIMIT) out.push(`${parsed.length} characters after parsing`);
  return out;
}

describe("cutting long texts for Telegram", () => {
  it("a counsellor's long reply with & and emoji near the limit arrives whole-entity and well-formed", async () => {
    const chat = newChatId();
    const config = { token: "7000000001:capture", apiRoot: env.CAPTURE_API_ROOT, username: "binjol_test_bot", name: "BINJOL" };
    // Escaping turns "&" into five characters right across the old cut at 4,096; an emoji is two UTF-16 units.
    for (const [letters, tail] of [[4094, "&&&&&"], [4095, "😀😀😀"]] as const) {
      const text = "a".repeat(letters) + tail;
      const [delivery] = await telegramAdapter(config).send(`tg:${chat}`, [{ topic: "konselor", body: { kind: "text", text }, buttons: [] }], { content, purpose: "counsellor", now: Date.now() });
      expect(delivery!.status).toBe("sent");
      const sent = (await sendsTo(chat)).at(-1)!.body.text as string;
      expect(problems(sent), tail).toEqual([]);
      expect(sent.startsWith("a".repeat(4000))).toBe(true);
    }
  });

  it("a long seeker message mirrored into the staff group is cut between characters, not inside &amp; or an emoji", async () => {
    const STAFF = -100888000333;
    const call = appWith({ TELEGRAM_API_ROOT: env.CAPTURE_API_ROOT, STAFF_CHAT_ID: String(STAFF), OFFICE_HOURS: "1-7 00:00-24:00" });
    const seeker = newChatId();
    await call(telegramRequest(fixture("start", { chatId: seeker, text: "/konselor" })));
    // Skip the intake's three questions: what follows is mirrored as the seeker's message.
    for (let i = 0; i < 3; i++) await call(telegramRequest(fixture("callback", { chatId: seeker, data: "h:skip" })));
    for (const filler of [3985, 3986, 3987, 3988]) {
      await call(telegramRequest(fixture("text", { chatId: seeker, text: "b".repeat(filler) + "&".repeat(20) + "😀".repeat(20) })));
      const mirrored = (await sendsTo(STAFF)).at(-1)!.body.text as string;
      expect(problems(mirrored), String(filler)).toEqual([]);
      expect(mirrored.length).toBeGreaterThan(3900);
    }
  });

  it("a rich line too long for one message is cut as text and escaped once", () => {
    const blocks: Block[] = [{ type: "paragraph", spans: [{ text: "Lowongan", bold: true }, { text: `\n${"Tom & Jerry ".repeat(400)}` }] }];
    const parts = renderReply({ topic: "lowongan", body: { kind: "rich", blocks, text: "" }, buttons: [] }, content);
    const long = parts.find((p) => p.text.includes("Tom"))!.text;
    expect(long).not.toContain("&amp;amp;");
    expect(long).toContain("Tom &amp; Jerry");
    for (const p of parts) expect(problems(p.text)).toEqual([]);
  });
});
