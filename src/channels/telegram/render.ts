/** Render core replies as Telegram sendMessage calls in HTML parse mode. */
import type { InlineKeyboardMarkup } from "grammy/types";
import type { ContentBundle } from "../../content/types.ts";
import { guideSection } from "../../content/sections.ts";
import { escapeHtml, htmlToText } from "../../core/html.ts";
import type { Button, Reply } from "../../core/types.ts";

/** One Telegram message to send. */
export interface TelegramMessage {
  text: string;
  reply_markup?: InlineKeyboardMarkup;
}

const CALLBACK_DATA_MAX_BYTES = 64;
const TWO_COLUMN_MAX_LABEL = 22;

/** Escape text for Telegram's HTML parse mode (one escape for the whole project). */
export { escapeHtml } from "../../core/html.ts";

/** The messages for one reply; the buttons go under the last one. */
export function renderReply(reply: Reply, content: ContentBundle): TelegramMessage[] {
  const section = reply.body.kind === "guide" && reply.body.section ? guideSection(content, reply.body.topic, reply.body.section) : undefined;
  const parts = section
    ? [`<b>${escapeHtml(section.heading)}</b>\n\n${escapeHtml(section.text)}`]
    : reply.body.kind === "guide"
      ? (content.topics[reply.body.topic]?.telegram ?? [escapeHtml(reply.body.topic)])
      : reply.body.kind === "rich"
        ? splitRich(reply.body.html)
        : [escapeHtml(clipText(reply.body.text, MESSAGE_LIMIT))];
  const keyboard = keyboardFor(reply.buttons);
  return parts.map((text, i) => (i === parts.length - 1 && keyboard ? { text, reply_markup: keyboard } : { text }));
}

/** Telegram's limit for one message's text, counted after its HTML is parsed. */
export const MESSAGE_LIMIT = 4096;

/**
 * `text` (plain, before escaping) cut to at most `max` UTF-16 code units, never between the two halves of a
 * surrogate pair; `mark` ("…" by default) ends a cut text. Cut first, escape after: an entity is never split.
 */
export function clipText(text: string, max: number, mark = "…"): string {
  if (text.length <= max) return text;
  let end = max - mark.length;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end) + mark;
}

/** Rich HTML in messages below the limit, cut between lines (tags never span lines in rich replies). */
export function splitRich(html: string): string[] {
  if (html.length <= MESSAGE_LIMIT) return [html];
  const parts: string[] = [];
  let current = "";
  for (const line of html.split("\n")) {
    // A line too long for one message loses its tags and is cut as text, then escaped once.
    const piece = line.length > MESSAGE_LIMIT ? escapeHtml(clipText(htmlToText(line), MESSAGE_LIMIT - 100)) : line;
    if (current && current.length + 1 + piece.length > MESSAGE_LIMIT) {
      parts.push(current);
      current = piece;
    } else current = current ? `${current}\n${piece}` : piece;
  }
  if (current) parts.push(current);
  return parts;
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
