import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { CONTENT_KEY, type ContentBundle } from "../../../src/content/types.ts";
import { TOPIC_IDS } from "../../../src/core/topics.ts";
import { countRows, loggedMessages } from "../../helpers/db.ts";
import { buttonsOf, fixture, newChatId, postUpdate, sentTo } from "../../helpers/telegram.ts";
import { guideParts, telegramHtmlProblems } from "../../helpers/telegram-html.ts";

const content = JSON.parse(env.TEST_CONTENT) as ContentBundle;

/** The first line of a topic's Telegram guide, to recognise which guide the bot sent. */
function guideStart(topic: keyof ContentBundle["topics"]): string {
  return guideParts(content, topic)[0]!.slice(0, 60);
}

describe("POST /telegram: the menu and the guides", () => {
  it("answers /start with the greeting and at least the seven BINJOL services as buttons", async () => {
    const chat = newChatId();
    const res = await postUpdate(fixture("start", { chatId: chat }));
    expect(res.status).toBe(200);
    const sent = await sentTo(chat);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.parse_mode).toBe("HTML");
    expect(sent[0]!.text).toBe(guideParts(content, "menu")[0]);
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
      ["in", "seeker", "menu", "answered"],
      ["out", "bot", "menu", "sent"],
    ]);
    expect(rows[0]!.text).toBe("/start");
    expect(rows[1]!.externalId).toMatch(/^\d+$/);
    expect(rows[1]!.ref).toBe(`guide:menu@${content.version}`);
  });

  it("reaches every topic's guide from the menu by pressing buttons, each with a way back to the menu", async () => {
    const chat = newChatId();
    await postUpdate(fixture("start", { chatId: chat }));
    const seen = new Set<string>(["menu"]);
    const flows = new Set<string>();
    // Job topics open their list, form or check first; their guide is one "g:<topic>" button away.
    const JOB_TOPICS = new Set(["lowongan", "pelatihan", "cek-lowongan", "profil"]);
    const queue = buttonsOf((await sentTo(chat))[0]).map((b) => b.callback_data);
    while (queue.length > 0) {
      const action = queue.shift()!;
      const topic = action.slice(2);
      const isGuide = action.startsWith("g:") || (action.startsWith("t:") && !JOB_TOPICS.has(topic));
      if (action.startsWith("t:") && JOB_TOPICS.has(topic) && !flows.has(topic)) {
        flows.add(topic);
        const before = (await sentTo(chat)).length;
        expect((await postUpdate(fixture("callback", { chatId: chat, data: action }))).status).toBe(200);
        const replies = (await sentTo(chat)).slice(before);
        expect(replies.length, `flow ${topic}`).toBeGreaterThan(0);
        const buttons = replies.flatMap((r) => buttonsOf(r).map((b) => b.callback_data));
        expect(buttons, `flow ${topic}`).toContain("menu");
        expect(buttons, `flow ${topic}`).toContain(`g:${topic}`);
        queue.push(`g:${topic}`);
        continue;
      }
      if (!isGuide || seen.has(topic)) continue;
      seen.add(topic);
      const before = (await sentTo(chat)).length;
      const res = await postUpdate(fixture("callback", { chatId: chat, data: action }));
      expect(res.status).toBe(200);
      const replies = (await sentTo(chat)).slice(before);
      // The counsellor topic opens a case: its guide, then the first intake question with a way out. The privacy
      // guide is followed by the retention period from RETENTION_DAYS, which carries the buttons.
      const extra = topic === "konselor" || topic === "privasi" ? 1 : 0;
      expect(replies.length, `guide ${topic}`).toBe(guideParts(content, topic as "cv").length + extra);
      expect(replies[0]!.text).toBe(guideParts(content, topic as "cv")[0]);
      const buttons = buttonsOf(replies.at(-1)).map((b) => b.callback_data);
      expect(buttons).toContain(topic === "konselor" ? "h:leave" : "menu");
      queue.push(...buttons);
    }
    const expected = TOPIC_IDS.filter((t) => t !== "unknown");
    expect([...seen].sort()).toEqual([...expected].sort());
    const rows = await loggedMessages(`tg:${chat}`);
    expect(rows.filter((r) => r.direction === "in")).toHaveLength(expected.length + flows.size);
    expect([...flows].sort()).toEqual([...JOB_TOPICS].sort());
  }, 30_000); // walks every topic one update at a time: slow on a loaded machine

  it("goes back to the menu from a guide", async () => {
    const chat = newChatId();
    await postUpdate(fixture("callback", { chatId: chat, data: "t:cv" }));
    await postUpdate(fixture("callback", { chatId: chat, data: "menu" }));
    const sent = await sentTo(chat);
    expect(sent.at(-1)!.text).toBe(guideParts(content, "menu")[0]);
  });

  it("opens a topic from a deep link (/start kartu-ak1) and falls back to the menu for an unknown payload", async () => {
    const chat = newChatId();
    await postUpdate(fixture("startDeeplink", { chatId: chat }));
    expect((await sentTo(chat))[0]!.text.slice(0, 60)).toBe(guideStart("kartu-ak1"));
    await postUpdate(fixture("start", { chatId: chat, text: "/start bukan-topik" }));
    expect((await sentTo(chat)).at(-1)!.text).toBe(guideParts(content, "menu")[0]);
  });

  it("answers every command of the content with its topic, /menu with the menu and /bantuan with help", async () => {
    const chat = newChatId();
    for (const { command, topic } of content.commands) {
      const before = (await sentTo(chat)).length;
      await postUpdate(fixture("start", { chatId: chat, text: `/${command}` }));
      const reply = (await sentTo(chat))[before]!;
      if (["lowongan", "pelatihan", "cek-lowongan", "profil"].includes(topic)) {
        // Job topics open their list, form or check (tested in test/flows/jobs.test.ts), logged with the topic.
        const rows = await loggedMessages(`tg:${chat}`);
        expect(rows.filter((r) => r.direction === "in").at(-1)!.topic, `/${command}`).toBe(topic);
        expect(reply.parse_mode).toBe("HTML");
      } else {
        expect(reply.text.slice(0, 60), `/${command}`).toBe(guideStart(topic));
      }
    }
    await postUpdate(fixture("start", { chatId: chat, text: "/bantuan" }));
    expect((await sentTo(chat)).at(-1)!.text).toMatch(/\/konselor/);
    const rows = await loggedMessages(`tg:${chat}`);
    expect(rows.filter((r) => r.direction === "in").at(-1)!.topic).toBe("menu");
  }, 30_000);

  it("reads a command addressed to the bot, its payload and its case the same way; ignores one for another bot", async () => {
    const chat = newChatId();
    await postUpdate(fixture("start", { chatId: chat, text: `/start@${env.TELEGRAM_BOT_USERNAME}   kartu-ak1` }));
    expect((await sentTo(chat))[0]!.text.slice(0, 60)).toBe(guideStart("kartu-ak1"));
    await postUpdate(fixture("start", { chatId: chat, text: "/BANTUAN" }));
    expect((await sentTo(chat)).at(-1)!.text).toMatch(/\/konselor/);
    await postUpdate(fixture("start", { chatId: chat, text: "/start@bot_lain kartu-ak1" }));
    expect(await sentTo(chat)).toHaveLength(2);
    const inbound = (await loggedMessages(`tg:${chat}`)).filter((r) => r.direction === "in");
    expect(inbound.map((r) => [r.text, r.topic])).toEqual([
      [`/start@${env.TELEGRAM_BOT_USERNAME}   kartu-ak1`, "kartu-ak1"],
      ["/BANTUAN", "menu"],
    ]);
  });

  it("answers an unknown command politely with the menu", async () => {
    const chat = newChatId();
    await postUpdate(fixture("start", { chatId: chat, text: "/gajiku" }));
    const reply = (await sentTo(chat))[0]!;
    expect(reply.text).toContain("/gajiku");
    expect(buttonsOf(reply).length).toBeGreaterThanOrEqual(7);
  });

  it("routes free text to the right guide", async () => {
    const cases: Array<[string, keyof ContentBundle["topics"]]> = [
      ["cara bikin cv yang menarik gmn min?", "cv"],
      ["gimana cara bikin kartu kuning kak", "kartu-ak1"],
      ["tips interview kerja dong", "wawancara"],
      ["jam buka kantor disnaker", "kontak"],
    ];
    for (const [text, topic] of cases) {
      const chat = newChatId();
      await postUpdate(fixture("text", { chatId: chat, text }));
      expect((await sentTo(chat))[0]!.text.slice(0, 60), text).toBe(guideStart(topic));
      const rows = await loggedMessages(`tg:${chat}`);
      expect(rows[0]).toMatchObject({ direction: "in", text, topic });
    }
  });

  it("says honestly when it does not understand and offers the menu and a counsellor", async () => {
    const chat = newChatId();
    await postUpdate(fixture("text", { chatId: chat, text: "resep nasi goreng yang enak" }));
    const reply = (await sentTo(chat))[0]!;
    expect(reply.text).toBe(guideParts(content, "unknown")[0]);
    const actions = buttonsOf(reply).map((b) => b.callback_data);
    expect(actions).toContain("menu");
    expect(actions).toContain("t:konselor");
    expect((await loggedMessages(`tg:${chat}`))[0]!.topic).toBe("unknown");
  });

  it("answers a stale or unknown button politely and shows the menu", async () => {
    const chat = newChatId();
    const res = await postUpdate(fixture("callback", { chatId: chat, data: "x:does-not-exist" }));
    expect(res.status).toBe(200);
    const sent = await sentTo(chat);
    expect(sent[0]!.text).toMatch(/tidak berlaku/);
    expect(sent.at(-1)!.text).toBe(guideParts(content, "menu")[0]);
  });
});

describe("POST /telegram: non-text, edits and groups", () => {
  // Photos and documents are stored and acknowledged instead (test/files/telegram-files.test.ts).
  for (const kind of ["sticker", "voice", "location"] as const) {
    it(`answers a ${kind} politely, saying what the bot can do`, async () => {
      const chat = newChatId();
      expect((await postUpdate(fixture(kind, { chatId: chat }))).status).toBe(200);
      const reply = (await sentTo(chat))[0]!;
      expect(reply.text).toMatch(/belum bisa membaca/);
      expect(buttonsOf(reply).map((b) => b.callback_data)).toContain("menu");
      const rows = await loggedMessages(`tg:${chat}`);
      expect(rows[0]).toMatchObject({ direction: "in", kind: "media", topic: "unknown" });
    });
  }

  it("does not reply to an edited message and logs nothing for it", async () => {
    const chat = newChatId();
    const res = await postUpdate(fixture("edited", { chatId: chat }));
    expect(res.status).toBe(200);
    expect(await sentTo(chat)).toEqual([]);
    expect(await loggedMessages(`tg:${chat}`)).toEqual([]);
  });

  it("ignores group chatter and commands for other bots, but answers a command addressed to it", async () => {
    const groupId = -1001987654321;
    const before = (await sentTo(groupId)).length;
    expect((await postUpdate(fixture("groupText"))).status).toBe(200);
    expect((await postUpdate(fixture("groupCommandOtherBot"))).status).toBe(200);
    expect((await sentTo(groupId)).length).toBe(before);
    expect(await loggedMessages(`tg:${groupId}`)).toEqual([]);
    expect((await postUpdate(fixture("groupCommand"))).status).toBe(200);
    const sent = (await sentTo(groupId)).slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toBe(guideParts(content, "menu")[0]);
  });

  it("accepts other update kinds (the bot being blocked) without replying", async () => {
    const chat = newChatId();
    expect((await postUpdate(fixture("myChatMember", { chatId: chat }))).status).toBe(200);
    expect(await sentTo(chat)).toEqual([]);
  });
});

describe("POST /telegram: exactly once", () => {
  it("handles a replayed update_id once: nothing sent or logged again", async () => {
    const chat = newChatId();
    const update = fixture("text", { chatId: chat, text: "tips wawancara" });
    expect((await postUpdate(update)).status).toBe(200);
    const sentOnce = (await sentTo(chat)).length;
    const rowsOnce = await loggedMessages(`tg:${chat}`);
    expect((await postUpdate(update)).status).toBe(200);
    expect((await postUpdate(update)).status).toBe(200);
    expect((await sentTo(chat)).length).toBe(sentOnce);
    expect(await loggedMessages(`tg:${chat}`)).toEqual(rowsOnce);
  });

  it("handles two copies arriving at the same time once", async () => {
    const chat = newChatId();
    const update = fixture("start", { chatId: chat });
    const responses = await Promise.all(Array.from({ length: 5 }, () => postUpdate(update)));
    // One copy answers; the others are told the update is done (200) or still in flight (409, retried later).
    for (const r of responses) expect([200, 409]).toContain(r.status);
    expect(responses.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
    expect(await sentTo(chat)).toHaveLength(1);
    const rows = await loggedMessages(`tg:${chat}`);
    expect(rows.map((r) => r.direction)).toEqual(["in", "out"]);
    // A later retry of an in-flight copy finds it done.
    expect((await postUpdate(update)).status).toBe(200);
    expect(await sentTo(chat)).toHaveLength(1);
  });
});

describe("POST /telegram: bad requests", () => {
  it("refuses a missing or wrong secret with 401, logging and sending nothing", async () => {
    const chat = newChatId();
    const before = await countRows("messages");
    const missing = await postUpdate(fixture("start", { chatId: chat }), { secret: null });
    const wrong = await postUpdate(fixture("start", { chatId: chat }), { secret: "not-the-secret" });
    expect(missing.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: "missing or wrong secret token" });
    expect(await countRows("messages")).toBe(before);
    expect(await sentTo(chat)).toEqual([]);
  });

  it("answers malformed JSON and wrong shapes with 400 and a reason", async () => {
    const before = await countRows("messages");
    const cases: Array<[string, RegExp]> = [
      ["{not json", /not valid JSON/],
      ["[1,2,3]", /JSON object/],
      ['{"message": {}}', /update_id/],
      ['{"update_id": -5}', /update_id/],
      ['{"update_id": 1.5}', /update_id/],
      ['{"update_id": 77, "message": {"message_id": 1, "chat": {"id": "abc"}, "text": "hi"}}', /message.chat.id/],
      ['{"update_id": 78, "message": {"message_id": 1, "chat": {"id": 1, "type": "private"}, "from": {"id": 1}, "text": 42}}', /message.text/],
      ['{"update_id": 79, "callback_query": {"id": 5, "from": {"id": 1}}}', /callback_query.id/],
      // entities grammY's command filter would index without their text, or that are not entities at all
      ['{"update_id": 80, "message": {"message_id": 1, "chat": {"id": 1, "type": "private"}, "from": {"id": 1}, "entities": [{"type": "bot_command", "offset": 0, "length": 6}]}}', /message.entities without message.text/],
      ['{"update_id": 81, "message": {"message_id": 1, "chat": {"id": 1, "type": "private"}, "from": {"id": 1}, "text": "/start", "entities": [null]}}', /message.entities/],
      ['{"update_id": 82, "message": {"message_id": 1, "chat": {"id": 1, "type": "private"}, "from": {"id": 1}, "text": "/start", "entities": [{"type": "bot_command", "offset": 0, "length": "6"}]}}', /message.entities\[\].length/],
      ['{"update_id": 83, "message": {"message_id": 1, "chat": {"id": 1, "type": "private"}, "from": {"id": 1}, "photo": [], "caption_entities": [{"type": "bold", "offset": 0, "length": 1}]}}', /caption_entities without message.caption/],
    ];
    for (const [body, reason] of cases) {
      const res = await postUpdate(body, { raw: true });
      expect(res.status, body).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(reason);
    }
    expect(await countRows("messages")).toBe(before);
  });

  it("refuses a body over 1 MB with 413", async () => {
    const chat = newChatId();
    const update = fixture("text", { chatId: chat, text: "x".repeat(1024 * 1024 + 10) });
    const res = await postUpdate(update);
    expect(res.status).toBe(413);
    expect(await sentTo(chat)).toEqual([]);
    expect(await loggedMessages(`tg:${chat}`)).toEqual([]);
  });

  it("answers GET /telegram with 404 and unknown paths with JSON 404", async () => {
    const { exports } = await import("cloudflare:workers");
    const res = await exports.default.fetch("https://binjol.test/nope");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: "not found" });
  });
});

describe("Telegram HTML of the compiled guides", () => {
  it("is valid for every guide: allowed tags only, escaped, each message under 4,096 characters", () => {
    for (const topic of Object.values(content.topics)) {
      expect(guideParts(content, topic.id).length, topic.id).toBeGreaterThan(0);
      for (const part of guideParts(content, topic.id)) expect(telegramHtmlProblems(part), `${topic.id}: ${part.slice(0, 80)}`).toEqual([]);
    }
  });

  it("is what KV holds", async () => {
    const stored = await env.CONTENT.get(CONTENT_KEY, "json");
    expect((stored as ContentBundle).version).toBe(content.version);
  });
});
