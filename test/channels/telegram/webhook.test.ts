import { describe, expect, it } from "vitest";
import { countRows, loggedMessages } from "../../helpers/db.ts";
import { buttonsOf, fixture, newChatId, postUpdate, sentTo } from "../../helpers/telegram.ts";

describe("POST /telegram", () => {
  it("answers /start with the greeting and at least the seven BINJOL services as buttons", async () => {
    const chat = newChatId();
    const res = await postUpdate(fixture("start", { chatId: chat }));
    expect(res.status).toBe(200);
    const sent = await sentTo(chat);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.parse_mode).toBe("HTML");
    expect(sent[0]!.text).toMatch(/BINJOL/);
    const actions = buttonsOf(sent[0]).map((b) => b.callback_data);
    for (const topic of ["dunia-kerja", "potensi-diri", "lowongan", "pelatihan", "konselor", "tips-kerja", "cv"]) {
      expect(actions).toContain(`t:${topic}`);
    }
  });

  it("logs the seeker's message and the bot's reply once each", async () => {
    const chat = newChatId();
    await postUpdate(fixture("start", { chatId: chat }));
    const rows = await loggedMessages(`tg:${chat}`);
    expect(rows.map((r) => [r.direction, r.sender, r.topic, r.status])).toEqual([
      ["in", "seeker", "menu", "received"],
      ["out", "bot", "menu", "sent"],
    ]);
    expect(rows[0]!.text).toBe("/start");
    expect(rows[1]!.telegramMessageId).toBeTypeOf("number");
    expect(rows[1]!.ref).toMatch(/^guide:menu@/);
  });
});
