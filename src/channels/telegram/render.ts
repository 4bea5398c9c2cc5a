/** Render core replies as Telegram sendMessage calls in HTML parse mode. */
import type { InlineKeyboardMarkup } from "grammy/types";
import type { ContentBundle } from "../../content/types.ts";
import type { Button, Reply } from "../../core/types.ts";

/** One Telegram message to send. */
export interface TelegramMessage {
  text: string;
  reply_markup?: InlineKeyboardMarkup;
}

const CALLBACK_DATA_MAX_BYTES = 64;
const TWO_COLUMN_MAX_LABEL = 24;

/** Escape text for Telegram's HTML parse mode. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The messages for one reply; the buttons go under the last one. */
export function renderReply(reply: Reply, content: ContentBundle): TelegramMessage[] {
  const parts =
    reply.body.kind === "guide"
      ? (content.topics[reply.body.topic]?.telegram ?? [escapeHtml(reply.body.topic)])
      : [escapeHtml(reply.body.text)];
  const keyboard = keyboardFor(reply.buttons);
  return parts.map((text, i) => (i === parts.length - 1 && keyboard ? { text, reply_markup: keyboard } : { text }));
}

/** An inline keyboard: two columns when every label is short, otherwise one. */
export function keyboardFor(buttons: Button[]): InlineKeyboardMarkup | undefined {
  const valid = buttons.filter((b) => new TextEncoder().encode(b.action).length <= CALLBACK_DATA_MAX_BYTES);
  if (valid.length === 0) return undefined;
  const perRow = valid.every((b) => [...b.label].length <= TWO_COLUMN_MAX_LABEL) ? 2 : 1;
  const rows = [];
  for (let i = 0; i < valid.length; i += perRow) {
    rows.push(valid.slice(i, i + perRow).map((b) => ({ text: b.label, callback_data: b.action })));
  }
  return { inline_keyboard: rows };
}
