/**
 * The channel contract, end to end: the same conversation (menu, a guide, free text, a vacancy page, a handoff, a
 * counsellor reply from the dashboard, /hapusdata) runs on every channel in CHANNELS through its real webhook or API,
 * and each step checks what that channel's API received (the Telegram Bot API emulator; the web widget's API; the
 * WhatsApp Cloud API stand-in; the Discord interaction responses and the Discord API stand-in).
 * A new channel adds one row: how a seeker writes and presses buttons, and how to read what its API received.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ChannelName } from "../../src/core/channel.ts";
import type { ContentBundle } from "../../src/content/types.ts";
import { appWith, telegramRequest } from "../helpers/app.ts";
import { adminApp, form, signedIn } from "../counsellor/helpers.ts";
import { fixture, newChatId, pressOn, sentTo } from "../helpers/telegram.ts";
import { choiceIds, newWaId, postWebhook, sentTo as waSentTo, shownText, waFixture } from "./whatsapp/helpers.ts";
import { choiceIds as dcChoiceIds, shownText as dcShownText } from "../../src/channels/discord/render.ts";
import { dcCalls, dcFixture, newSnowflake, postInteraction } from "./discord/helpers.ts";

const content = JSON.parse(env.TEST_CONTENT) as ContentBundle;
/** Counsellors are in: a handoff queues the case instead of telling the seeker the office is closed. */
const BINDINGS = { OFFICE_HOURS: "1-7 00:00-24:00", HOLIDAYS: "" };
const call = appWith(BINDINGS);

/** One message a channel's API received, reduced to what every channel can show: plain text and button actions. */
interface Received {
  text: string;
  actions: string[];
}

/** A seeker on one channel. */
interface Seeker {
  conversationId: string;
  /** type a text or a command ("/menu") */
  say(text: string): Promise<void>;
  /** press a button by its action */
  press(action: string): Promise<void>;
  /** everything the channel's API received for this seeker so far, oldest first */
  received(): Promise<Received[]>;
}

/** One row of the contract table. */
interface ChannelDriver {
  name: ChannelName;
  open(): Promise<Seeker>;
}

const ENTITIES: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"', "&#39;": "'" };
/** Telegram HTML as the seeker reads it. */
function plain(html: string): string {
  return html.replace(/<[^>]*>/g, "").replace(/&(lt|gt|amp|quot|#39);/g, (e) => ENTITIES[e] ?? e);
}

const telegram: ChannelDriver = {
  name: "telegram",
  async open() {
    const chatId = newChatId();
    const post = async (update: unknown) => expect((await call(telegramRequest(update))).status).toBe(200);
    return {
      conversationId: `tg:${chatId}`,
      say: (text) => post(fixture("start", { chatId, text })),
      press: async (data) => post(await pressOn(chatId, data)),
      async received() {
        return (await sentTo(chatId)).map((m) => ({
          text: plain(m.text),
          actions: (m.reply_markup?.inline_keyboard.flat() ?? []).map((b) => b.callback_data).filter((a): a is string => typeof a === "string"),
        }));
      },
    };
  },
};

const web: ChannelDriver = {
  name: "web",
  async open() {
    const base = "https://binjol.test/api/webchat";
    const res = await call(new Request(`${base}/sessions`, { method: "POST" }));
    expect(res.status).toBe(201);
    const { sessionId, token } = (await res.json()) as { sessionId: string; token: string };
    const auth = { Authorization: `Bearer ${token}` };
    const log: Array<Received & { id: number }> = [];
    let lastId = 0;
    const keep = (messages: Array<{ id: number; text: string; buttons: Array<{ action: string }> }>) => {
      for (const m of messages) {
        if (m.id <= lastId) continue;
        log.push({ id: m.id, text: m.text, actions: m.buttons.map((b) => b.action) });
        lastId = m.id;
      }
    };
    const post = async (body: unknown) => {
      const r = await call(new Request(`${base}/messages`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify(body) }));
      expect(r.status).toBe(200);
      keep(((await r.json()) as { replies: Array<{ id: number; text: string; buttons: Array<{ action: string }> }> }).replies);
    };
    return {
      conversationId: `web:${sessionId}`,
      say: (text) => post({ text }),
      press: (action) => post({ action }),
      async received() {
        // What the widget polls: messages logged after the last one it has (a counsellor's reply arrives here).
        const r = await call(new Request(`${base}/messages?after=${lastId}`, { headers: auth }));
        // After /hapusdata the session is gone with the data: nothing more to poll.
        if (r.status === 200) {
          const { messages } = (await r.json()) as { messages: Array<{ id: number; direction: string; text: string; buttons: Array<{ action: string }> }> };
          keep(messages.filter((m) => m.direction === "out"));
        } else await r.arrayBuffer();
        return log.map(({ text, actions }) => ({ text, actions }));
      },
    };
  },
};

const whatsapp: ChannelDriver = {
  name: "whatsapp",
  async open() {
    const from = newWaId();
    const post = async (body: unknown) => expect((await postWebhook(body, { via: call })).status).toBe(200);
    return {
      conversationId: `wa:${from}`,
      say: (text) => post(waFixture("text", { from, text })),
      // A reply button and a list row arrive alike (interactive button_reply / list_reply); the fixture is Meta's button reply.
      press: (id) => post(waFixture("buttonReply", { from, id })),
      async received() {
        // WhatsApp's *bold* and _italic_ markers removed: the text as the seeker reads it.
        return (await waSentTo(from)).map((c) => ({ text: shownText(c).replace(/[*_]/g, ""), actions: choiceIds(c) }));
      },
    };
  },
};

const discord: ChannelDriver = {
  name: "discord",
  async open() {
    const user = newSnowflake();
    const log: Received[] = [];
    let dmsSeen = 0;
    const keep = (message: any) => log.push({ text: dcShownText(message), actions: dcChoiceIds(message) });
    const post = async (body: any) => {
      const res = await postInteraction(body, { via: call });
      expect(res.status).toBe(200);
      const answer = (await res.json()) as any;
      if (answer.type === 4) keep(answer.data);
      else {
        // Deferred: the answer came through the interaction webhook (the stand-in's record).
        expect(answer.type).toBe(5);
        for (const c of await dcCalls({ token: body.token })) if (c.kind === "edit" || c.kind === "followup") keep(c.body);
      }
    };
    return {
      conversationId: `dc:${user}`,
      // "/menu" is that slash command; any other text is `/tanya pertanyaan:<text>` (Discord has no free text for bots over HTTP)
      say: (text) => {
        const [first = "", ...rest] = text.split(" ");
        const command = text.startsWith("/") ? { command: first.slice(1), value: rest.join(" ") } : { command: "tanya", value: text, optionName: "pertanyaan" };
        return post(dcFixture("commandDm", { user, ...command }));
      },
      press: (action) => post(dcFixture("button", { user, action, guild: false })),
      async received() {
        // A counsellor's reply and the rating question arrive as DMs.
        const dms = (await dcCalls({ user })).filter((c) => c.kind === "message" && c.outcome === "ok");
        for (const dm of dms.slice(dmsSeen)) keep(dm.body);
        dmsSeen = dms.length;
        return [...log];
      },
    };
  },
};

/** Every registered channel. */
const CHANNELS: ChannelDriver[] = [telegram, web, whatsapp, discord];

/** What the channel received during `step`. */
/** What the channel's API received during the step: new messages, and messages it changed (a list turned to a page). */
async function during(seeker: Seeker, step: () => Promise<void>): Promise<Received[]> {
  const before = (await seeker.received()).map((m) => JSON.stringify(m));
  await step();
  return (await seeker.received()).filter((m, i) => i >= before.length || JSON.stringify(m) !== before[i]);
}

/** The opening words of a compiled guide, as every channel shows them. */
function opening(topic: "cv"): string {
  return content.topics[topic].text.split("\n")[0]!.slice(0, 60);
}

async function lastOutTopic(conversationId: string): Promise<string | null> {
  return (await env.DB.prepare("select topic from messages where conversation_id = ? and direction = 'out' order by id desc limit 1").bind(conversationId).first<{ topic: string | null }>())?.topic ?? null;
}

describe.each(CHANNELS)("the channel contract on $name", (channel) => {
  it("runs the whole conversation and the channel's API receives each answer", async () => {
    const seeker = await channel.open();

    // 1. The menu, with a button to every service.
    const menu = await during(seeker, () => seeker.say("/menu"));
    expect(menu.length).toBeGreaterThan(0);
    const menuButtons = menu.flatMap((m) => m.actions);
    expect(menuButtons).toEqual(expect.arrayContaining(["t:cv", "t:lowongan", "t:konselor"]));

    // 2. A guide from its button: the compiled guide's text.
    const guide = await during(seeker, () => seeker.press("t:cv"));
    expect(guide.map((m) => m.text).join("\n")).toContain(opening("cv"));
    expect(await lastOutTopic(seeker.conversationId)).toBe("cv");

    // 3. Free text, understood and answered with the guide it asks about.
    const free = await during(seeker, () => seeker.say("gimana cara bikin cv yang bagus"));
    expect(free.length).toBeGreaterThan(0);
    expect(await lastOutTopic(seeker.conversationId)).toBe("cv");
    expect(free.map((m) => m.text).join("\n")).toContain(opening("cv"));

    // 4. Vacancies: the first page, then the second, each vacancy a button to its details.
    await during(seeker, () => seeker.press("t:lowongan"));
    const page = await during(seeker, () => seeker.press("vl:2"));
    const pageActions = page.flatMap((m) => m.actions);
    expect(pageActions.some((a) => a.startsWith("vd:"))).toBe(true);
    expect(pageActions).toContain("vl:1");

    // 5. A handoff: the intake's questions (each can be skipped), then the case waits for a counsellor.
    const handoff = await during(seeker, () => seeker.say("/konselor"));
    expect(handoff.flatMap((m) => m.actions)).toEqual(expect.arrayContaining(["h:skip", "h:leave"]));
    for (let i = 0; i < 3; i++) await seeker.press("h:skip");
    const open = await env.DB.prepare("select id, status from cases where conversation_id = ?").bind(seeker.conversationId).first<{ id: number; status: string }>();
    expect(open).toMatchObject({ status: "waiting" });

    // 6. A counsellor replies from the dashboard: the same contract delivers it on the seeker's channel.
    const me = await signedIn({ name: "Bu Sri" });
    const text = `Halo Kak, saya Bu Sri dari Disnaker (${channel.name}). Ada yang bisa saya bantu?`;
    const reply = await during(seeker, async () => {
      const res = await adminApp({}, BINDINGS)(`/admin/cases/${open!.id}/reply`, form(me, { text }));
      expect(res.headers.get("location")).toBe(`/admin/cases/${open!.id}?ok=sent`);
    });
    expect(reply.map((m) => m.text)).toEqual([text]);
    const logged = await env.DB.prepare("select status, error from messages where conversation_id = ? and sender = 'counsellor'").bind(seeker.conversationId).all();
    expect(logged.results).toEqual([{ status: "sent", error: null }]);

    // 7. /hapusdata asks first; confirming deletes the conversation and says so.
    const ask = await during(seeker, () => seeker.say("/hapusdata"));
    expect(ask.at(-1)!.actions).toEqual(["d:yes", "d:no"]);
    const erased = await during(seeker, () => seeker.press("d:yes"));
    expect(erased.length).toBeGreaterThan(0);
    expect(erased.at(-1)!.actions).not.toContain("d:yes");
    expect(await env.DB.prepare("select count(*) as n from messages where conversation_id = ?").bind(seeker.conversationId).first("n")).toBe(0);
    expect(await env.DB.prepare("select count(*) as n from cases where conversation_id = ?").bind(seeker.conversationId).first("n")).toBe(0);
  });
});
