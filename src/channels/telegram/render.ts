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
const TWO_COLUMN_MAX_LABEL = 22;

/** Escape text for Telegram's HTML parse mode: <, > and &, and " for attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
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

/** An inline keyboard in the buttons' order: two neighbours with short labels share a row. */
export function keyboardFor(buttons: Button[]): InlineKeyboardMarkup | undefined {
  const valid = buttons.filter((b) => new TextEncoder().encode(b.action).length <= CALLBACK_DATA_MAX_BYTES);
  if (valid.length === 0) return undefined;
  const short = (b: Button | undefined) => b !== undefined && [...b.label].length <= TWO_COLUMN_MAX_LABEL;
  const key = (b: Button) => ({ text: b.label, callback_data: b.action });
  const rows: Array<Array<{ text: string; callback_data: string }>> = [];
  for (let i = 0; i < valid.length; i++) {
    const b = valid[i]!;
    const next = valid[i + 1];
    if (short(b) && short(next)) {
      rows.push([key(b), key(next!)]);
      i++;
    } else {
      rows.push([key(b)]);
    }
  }
  return { inline_keyboard: rows };
}
