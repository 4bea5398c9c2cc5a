/** Helpers for webhook tests: real fixtures with fresh ids, posting to the Worker, reading the emulator. */
import { env, exports } from "cloudflare:workers";
import callback from "../fixtures/telegram/callback.json";
import document from "../fixtures/telegram/document.json";
import edited from "../fixtures/telegram/edited.json";
import forwarded from "../fixtures/telegram/forwarded.json";
import groupCommandOtherBot from "../fixtures/telegram/group-command-other-bot.json";
import groupCommand from "../fixtures/telegram/group-command.json";
import groupText from "../fixtures/telegram/group-text.json";
import location from "../fixtures/telegram/location.json";
import myChatMember from "../fixtures/telegram/my-chat-member-blocked.json";
import photo from "../fixtures/telegram/photo.json";
import startDeeplink from "../fixtures/telegram/start-deeplink.json";
import start from "../fixtures/telegram/start.json";
import sticker from "../fixtures/telegram/sticker.json";
import text from "../fixtures/telegram/text.json";
import voice from "../fixtures/telegram/voice.json";

const fixtures = {
  start, startDeeplink, text, callback, photo, sticker, voice, document, location, edited, forwarded,
  groupText, groupCommand, groupCommandOtherBot, myChatMember,
};

let nextUpdateId = Math.floor(Math.random() * 1e6) * 1000;
let nextChatId = 6_000_000_000 + Math.floor(Math.random() * 1e8);

/** A fresh private chat id, so tests sharing the emulator never see each other's messages. */
export function newChatId(): number {
  return nextChatId++;
}

/** A fixture with a fresh update_id, moved to `chatId` (private chats: also the user id). */
export function fixture(name: keyof typeof fixtures, opts: { chatId?: number; updateId?: number; text?: string; data?: string; messageId?: number } = {}): any {
  const update = structuredClone(fixtures[name]) as any;
  update.update_id = opts.updateId ?? nextUpdateId++;
  const chatId = opts.chatId;
  for (const key of ["message", "edited_message", "my_chat_member"]) {
    const m = update[key];
    if (!m || chatId === undefined) continue;
    if (m.chat.type === "private") m.chat.id = chatId;
    m.from.id = chatId;
  }
  if (update.callback_query && chatId !== undefined) {
    update.callback_query.from.id = chatId;
    update.callback_query.message.chat.id = chatId;
  }
  if (opts.text !== undefined) {
    update.message.text = opts.text;
    if (opts.text.startsWith("/")) {
      update.message.entities = [{ offset: 0, length: opts.text.split(" ")[0]!.length, type: "bot_command" }];
    } else {
      delete update.message.entities;
    }
  }
  if (opts.data !== undefined) update.callback_query.data = opts.data;
  // the message whose button is pressed (a list's paging edits that message)
  if (opts.messageId !== undefined) update.callback_query.message.message_id = opts.messageId;
  return update;
}

/** POST a body to /telegram with the right secret unless told otherwise. */
export function postUpdate(body: unknown, opts: { secret?: string | null; raw?: boolean } = {}): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const secret = opts.secret === undefined ? env.TELEGRAM_WEBHOOK_SECRET : opts.secret;
  if (secret !== null) headers["X-Telegram-Bot-Api-Secret-Token"] = secret;
  return exports.default.fetch(
    new Request("https://binjol.test/telegram", {
      method: "POST",
      headers,
      body: opts.raw ? (body as string) : JSON.stringify(body),
    }),
  );
}

/** One message the bot sent, as the emulator recorded it. */
export interface SentMessage {
  /** the emulator's id of the message (what a button press on it refers to) */
  message_id?: number;
  chat_id: string | number;
  text: string;
  parse_mode?: string;
  reply_markup?: { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };
}

/** Everything the bot sent to `chatId`, oldest first, read from the Bot API emulator. */
export async function sentTo(chatId: number): Promise<SentMessage[]> {
  const res = await fetch(`${env.TELEGRAM_API_ROOT}/getUpdatesHistory`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token: env.TELEGRAM_BOT_TOKEN }),
  });
  const body = (await res.json()) as { result: Array<{ message: SentMessage; messageId: number; botToken?: string }> };
  return body.result
    .filter((u) => u.message && String(u.message.chat_id) === String(chatId) && typeof u.message.text === "string")
    .sort((a, b) => a.messageId - b.messageId)
    .map((u) => ({ ...u.message, message_id: u.messageId }));
}

/** A press of the button `data` on the newest message that shows it (as a seeker's tap would be), else on the fixture's message. */
export async function pressOn(chatId: number, data: string): Promise<any> {
  const shown = (await sentTo(chatId)).filter((m) => buttonsOf(m).some((b) => b.callback_data === data)).at(-1);
  return fixture("callback", { chatId, data, ...(shown?.message_id !== undefined ? { messageId: shown.message_id } : {}) });
}

/** All callback actions on the inline keyboard of a sent message. */
export function buttonsOf(message: SentMessage | undefined): Array<{ text: string; callback_data: string }> {
  return message?.reply_markup?.inline_keyboard.flat() ?? [];
}
