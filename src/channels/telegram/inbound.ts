/** Translate a Telegram update into the core's channel-neutral Inbound, or null when it is not for the bot. */
import type { Update } from "grammy/types";
import { startPayloadCommand } from "../../core/personal.ts";
import { clipText } from "./render.ts";
import type { Inbound, InboundEvent, MediaKind } from "../../core/types.ts";

const MEDIA_KEYS: MediaKind[] = [
  "photo", "voice", "audio", "video", "video_note", "sticker", "document", "location", "contact", "animation",
];

/** Longest inbound text kept; Telegram itself caps messages at 4,096 characters. */
const MAX_TEXT = 4096;

/**
 * The Inbound for an update, or null when the bot should ignore it (edits, group chatter, service messages).
 * Whether a group may have the answer (personal flows, button presses) is decided by the bot, not here.
 */
export function toInbound(update: Update, botUsername: string, receivedAt: number): Inbound | null {
  const dedupeKey = `tg:${update.update_id}`;
  if (update.callback_query) {
    const q = update.callback_query;
    const chatId = q.message?.chat.id ?? q.from.id;
    return {
      channel: "telegram",
      conversationId: `tg:${chatId}`,
      seekerKey: String(q.from.id),
      dedupeKey,
      receivedAt,
      event: { type: "action", action: (q.data ?? "").slice(0, 64) },
    };
  }
  const message = seekerMessage(update);
  if (!message) return null;
  const parsed = toEvent(message, botUsername);
  if (!parsed) return null;
  // In groups the bot only answers commands addressed to it; everything else is other people's chat.
  if (message.chat.type !== "private" && parsed.type !== "command") return null;
  return messageInbound(update, message, parsed, receivedAt);
}

/**
 * The Inbound for a command grammY's `command` filter matched in a private chat: `command` is the name it was
 * registered under, `payload` what followed it (ctx.match).
 */
export function commandInbound(update: Update, command: string, payload: string, receivedAt: number): Inbound | null {
  const message = seekerMessage(update);
  if (!message || typeof message.text !== "string") return null;
  const event: InboundEvent = { type: "command", command, payload: clipText(payload.trim(), 64, ""), text: clipText(message.text, MAX_TEXT, "") };
  return messageInbound(update, message, event, receivedAt);
}

type Message = NonNullable<Update["message"]>;

/** The update's message when a person (not a bot) sent it. */
function seekerMessage(update: Update): Message | null {
  const message = update.message;
  return message && message.from && !message.from.is_bot ? message : null;
}

function messageInbound(update: Update, message: Message, parsed: InboundEvent, receivedAt: number): Inbound {
  const isPrivate = message.chat.type === "private";
  // A private link from a group (t.me/<bot>?start=datasaya) arrives as "/start datasaya": the command itself.
  const event = isPrivate ? startPayloadCommand(parsed) : parsed;
  return {
    channel: "telegram",
    conversationId: `tg:${message.chat.id}`,
    // A group's conversation is the group's own: no member is linked to it (nor to its log, erasure or profile).
    seekerKey: String(isPrivate ? message.from!.id : message.chat.id),
    dedupeKey: `tg:${update.update_id}`,
    externalMessageId: String(message.message_id),
    receivedAt,
    event,
  };
}

function toEvent(message: Message, botUsername: string): InboundEvent | null {
  const text = message.text;
  if (typeof text === "string") {
    const entity = message.entities?.[0];
    if (entity && entity.type === "bot_command" && entity.offset === 0) {
      const raw = text.slice(1, entity.length);
      const [name = "", target] = raw.split("@");
      if (target && target.toLowerCase() !== botUsername.toLowerCase()) return null;
      return {
        type: "command",
        command: name.toLowerCase(),
        payload: clipText(text.slice(entity.length).trim(), 64, ""),
        text: clipText(text, MAX_TEXT, ""),
      };
    }
    const trimmed = text.trim();
    return trimmed ? { type: "text", text: clipText(trimmed, MAX_TEXT, "") } : null;
  }
  for (const key of MEDIA_KEYS) {
    if (key in message && message[key as keyof Message] !== undefined) {
      const caption = message.caption?.trim();
      return { type: "media", media: key, ...(caption ? { caption: clipText(caption, 1024, "") } : {}) };
    }
  }
  // Service messages (members joining, pins, ...) carry no seeker content.
  const service = ["new_chat_members", "left_chat_member", "new_chat_title", "new_chat_photo", "pinned_message", "group_chat_created"];
  if (service.some((k) => k in message)) return null;
  return { type: "media", media: "other" };
}
