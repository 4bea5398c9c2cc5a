/** Personal flows only in private chats: groups get a private link, button presses count only where they were sent. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { appWith, telegramRequest } from "../../helpers/app.ts";
import { loggedMessages } from "../../helpers/db.ts";
import { fixture, newChatId } from "../../helpers/telegram.ts";

const STAFF = -100777000222;
const BOT = "binjol_test_bot";
const call = appWith({ TELEGRAM_API_ROOT: env.CAPTURE_API_ROOT, STAFF_CHAT_ID: String(STAFF), OFFICE_HOURS: "1-7 00:00-24:00" });
const post = (update: unknown) => call(telegramRequest(update));

type Call = { method: string; body: any };
async function calls(): Promise<Call[]> {
  return (await (await fetch(`${env.CAPTURE_API_ROOT}/__calls`)).json()) as Call[];
}
/** The Bot API calls made while `fn` runs. */
async function during(fn: () => Promise<unknown>): Promise<Call[]> {
  const start = (await calls()).length;
  await fn();
  return (await calls()).slice(start);
}
const sends = (made: Call[], chat: number) => made.filter((c) => c.method === "sendMessage" && c.body.chat_id === chat);

let nextGroup = -1002000000000 - Math.floor(Math.random() * 1e8);
/** A command typed in a supergroup (optionally a forum topic) by `member`. */
function groupCommand(group: number, member: number, text: string, thread?: number) {
  const u = fixture("groupCommand");
  u.message.chat = { id: group, title: "Alumni SMKN 1 Blitar", type: "supergroup", ...(thread ? { is_forum: true } : {}) };
  u.message.from = { id: member, is_bot: false, first_name: "Dewi" };
  u.message.text = text;
  u.message.entities = [{ offset: 0, length: text.split(" ")[0]!.length, type: "bot_command" }];
  if (thread) {
    u.message.message_thread_id = thread;
    u.message.is_topic_message = true;
  }
  return u;
}

/** A button press by `from` on a bot message in `chat` (a group when `chat` is negative). */
function press(chat: number, from: number, data: string) {
  const u = fixture("callback", { chatId: from, data });
  u.callback_query.message.chat = chat < 0 ? { id: chat, title: "Grup", type: "supergroup" } : { id: chat, first_name: "Dewi", type: "private" };
  return u;
}

/** A seeker who filled a profile in private (stored directly: the profile form is not what is tested here). */
async function seekerWithProfile(member: number): Promise<void> {
  const now = Date.now();
  const seeker = await env.DB.prepare("insert into seekers (channel, external_id, first_seen_at, last_seen_at) values ('telegram', ?, ?, ?) returning id")
    .bind(String(member), now, now)
    .first<{ id: number }>();
  const profile = { education: "SMK", major: "Teknik Pemesinan", skills: ["bubut CNC"], disability: "Tunarungu", alerts: false };
  await env.DB.prepare("insert into profiles (seeker_id, data, consented_at, consent_version, disability_consented_at, created_at, updated_at) values (?, ?, ?, 'v1', ?, ?, ?)")
    .bind(seeker!.id, JSON.stringify(profile), now, now, now, now)
    .run();
}

describe("personal flows in a group", () => {
  it("/profil@bot in a supergroup answers once with a private link and posts no profile data", async () => {
    const group = nextGroup--;
    const member = newChatId();
    await seekerWithProfile(member);
    const made = await during(() => post(groupCommand(group, member, `/profil@${BOT}`)));
    const toGroup = sends(made, group);
    expect(toGroup).toHaveLength(1);
    const text = JSON.stringify(toGroup[0]!.body);
    expect(text).toContain(`https://t.me/${BOT}?start=profil`);
    for (const secret of ["Teknik Pemesinan", "bubut", "Tunarungu", "SMK"]) expect(text).not.toContain(secret);
    // Nothing about the member is logged under the group's conversation either.
    expect(await loggedMessages(`tg:${group}`)).toEqual([]);

    // The link's /start payload opens the same flow in private: the member sees their profile there.
    const own = await during(() => post(fixture("start", { chatId: member, text: "/start profil" })));
    expect(sends(own, member).map((c) => c.body.text).join("\n")).toContain("Teknik Pemesinan");
  });

  it("/konselor, /cek_lowongan, /datasaya, /hapusdata and /batal in a group open nothing there and link to the same flow", async () => {
    const group = nextGroup--;
    const member = newChatId();
    const expected: Record<string, string> = { konselor: "konselor", cek_lowongan: "cek-lowongan", datasaya: "datasaya", hapusdata: "hapusdata", batal: "batal" };
    for (const [command, payload] of Object.entries(expected)) {
      const made = await during(() => post(groupCommand(group, member, `/${command}@${BOT}`)));
      const toGroup = sends(made, group);
      expect(toGroup, command).toHaveLength(1);
      expect(JSON.stringify(toGroup[0]!.body)).toContain(`https://t.me/${BOT}?start=${payload}`);
      expect(made.filter((c) => c.body.chat_id === STAFF), command).toEqual([]);
    }
    // A deep link sent in the group (/start@bot konselor) is personal as well.
    const deep = sends(await during(() => post(groupCommand(group, member, `/start@${BOT} konselor`))), group);
    expect(JSON.stringify(deep[0]!.body)).toContain(`?start=konselor`);
    const opened = await env.DB.prepare("select count(*) as n from cases where conversation_id = ?").bind(`tg:${group}`).first<{ n: number }>();
    expect(opened!.n).toBe(0);
  });

  it("stays silent when a group floods it with personal commands", async () => {
    const group = nextGroup--;
    const flooded = appWith({ TELEGRAM_API_ROOT: env.CAPTURE_API_ROOT, TELEGRAM_CHAT_LIMITER: { limit: async () => ({ success: false }) } });
    const made = await during(() => flooded(telegramRequest(groupCommand(group, newChatId(), `/profil@${BOT}`))));
    expect(sends(made, group)).toEqual([]);
  });

  it("the private links' payloads open /datasaya, /hapusdata and the counsellor in private", async () => {
    const member = newChatId();
    const data = sends(await during(() => post(fixture("start", { chatId: member, text: "/start datasaya" }))), member);
    expect(data.at(-1)!.body.reply_markup.inline_keyboard.flat().map((b: { callback_data: string }) => b.callback_data)).toContain("d:ask");
    const erase = sends(await during(() => post(fixture("start", { chatId: member, text: "/start hapusdata" }))), member);
    expect(erase.at(-1)!.body.reply_markup.inline_keyboard.flat().map((b: { callback_data: string }) => b.callback_data)).toContain("d:yes");
    await post(fixture("start", { chatId: member, text: "/start konselor" }));
    const opened = await env.DB.prepare("select status from cases where conversation_id = ?").bind(`tg:${member}`).first<{ status: string }>();
    expect(opened?.status).toBe("waiting");
  });

  it("answers other commands in a group without buttons that would not work there, and in the forum topic they came from", async () => {
    const group = nextGroup--;
    const member = newChatId();
    const made = sends(await during(() => post(groupCommand(group, member, `/menu@${BOT}`, 4242))), group);
    expect(made.length).toBeGreaterThan(0);
    for (const m of made) {
      expect(m.body.message_thread_id).toBe(4242);
      for (const b of m.body.reply_markup?.inline_keyboard.flat() ?? []) {
        expect(b.callback_data).toBeUndefined();
        expect(b.url).toMatch(new RegExp(`^https://t\\.me/${BOT}(\\?start=[A-Za-z0-9_-]+)?$`));
      }
    }
    const link = sends(await during(() => post(groupCommand(group, member, `/profil@${BOT}`, 4242))), group);
    expect(link[0]!.body.message_thread_id).toBe(4242);
  });

  it("keeps no trace of the member who asked in a group: the group's conversation is the group's own", async () => {
    const group = nextGroup--;
    const member = newChatId();
    await post(groupCommand(group, member, `/menu@${BOT}`));
    const conv = await env.DB.prepare("select s.external_id as who from conversations c join seekers s on s.id = c.seeker_id where c.id = ?").bind(`tg:${group}`).first<{ who: string }>();
    expect(conv?.who).toBe(String(group));
    const seeker = await env.DB.prepare("select count(*) as n from seekers where channel = 'telegram' and external_id = ?").bind(String(member)).first<{ n: number }>();
    expect(seeker!.n).toBe(0);
  });

  it("does not answer a forum topic in General, and a reply thread that is not a topic gets no thread id", async () => {
    const group = nextGroup--;
    const u = groupCommand(group, newChatId(), `/menu@${BOT}`);
    u.message.message_thread_id = 99; // a reply chain in a normal supergroup: not a forum topic
    const made = sends(await during(() => post(u)), group);
    expect(made.length).toBeGreaterThan(0);
    for (const m of made) expect(m.body.message_thread_id).toBeUndefined();
  });
});

describe("button presses", () => {
  it("a d:yes press in a group erases nothing and posts nothing there", async () => {
    const group = nextGroup--;
    const member = newChatId();
    await post(groupCommand(group, member, `/menu@${BOT}`));
    const before = await loggedMessages(`tg:${group}`);
    expect(before.length).toBeGreaterThan(0);
    const made = await during(() => post(press(group, member, "d:yes")));
    expect(sends(made, group)).toEqual([]);
    expect(made.filter((c) => c.method === "answerCallbackQuery")).toHaveLength(1);
    expect(await loggedMessages(`tg:${group}`)).toEqual(before);
  });

  it("a press on a button sent to another chat is not taken as that chat's", async () => {
    const owner = newChatId();
    const other = newChatId();
    await post(fixture("start", { chatId: owner, text: "/start" }));
    const before = await loggedMessages(`tg:${owner}`);
    // The button's message is in the owner's private chat, but someone else pressed it.
    const made = await during(() => post(press(owner, other, "d:yes")));
    expect(made.filter((c) => c.method === "sendMessage")).toEqual([]);
    expect(await loggedMessages(`tg:${owner}`)).toEqual(before);
    // A press without the button's message (an inline message) is refused too.
    const inline = fixture("callback", { chatId: owner, data: "t:cv" });
    delete inline.callback_query.message;
    inline.callback_query.inline_message_id = "AAAA";
    const made2 = await during(() => post(inline));
    expect(made2.filter((c) => c.method === "sendMessage")).toEqual([]);
  });

  it("a button press in the staff group gets no seeker reply", async () => {
    const made = await during(() => post(press(STAFF, 777, "d:yes")));
    expect(made.filter((c) => c.method === "sendMessage")).toEqual([]);
    expect(made.filter((c) => c.method === "answerCallbackQuery")).toHaveLength(1);
    expect(await loggedMessages(`tg:${STAFF}`)).toEqual([]);
  });

  it("a button press in a private chat still works", async () => {
    const chat = newChatId();
    const made = await during(() => post(press(chat, chat, "t:cv")));
    expect(sends(made, chat).length).toBeGreaterThan(0);
  });
});
