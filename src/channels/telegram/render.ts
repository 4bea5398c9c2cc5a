/** Render core replies (channel-neutral blocks) as Telegram sendMessage calls in HTML parse mode. */
import type { InlineKeyboardMarkup } from "grammy/types";
import type { ContentBundle } from "../../content/types.ts";
import type { Block, Span } from "../../core/body.ts";
import { replyBlocks } from "../../core/reply-blocks.ts";
import type { Button, Reply } from "../../core/types.ts";

/** One Telegram message to send. */
export interface TelegramMessage {
  text: string;
  reply_markup?: InlineKeyboardMarkup;
}

const CALLBACK_DATA_MAX_BYTES = 64;
/**
 * Two buttons share a row only when each label fits half of a 360 px phone screen: about 17 characters of Telegram's
 * button font after padding, an emoji counting as two ("📝 CV & Surat Lamaran" does not fit and gets its own row).
 */
const TWO_COLUMN_MAX_WIDTH = 17;

/** A label's width in narrow characters: pictographs (emoji) count as two. */
export function labelWidth(label: string): number {
  let w = 0;
  for (const ch of label) w += /\p{Extended_Pictographic}/u.test(ch) ? 2 : /[\u{FE0F}\u{200D}]/u.test(ch) ? 0 : 1;
  return w;
}

/** Escape text for HTML (Telegram's parse mode, the widget): <, > and &, and " for attribute values. One escape for the project. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Plain text of Telegram HTML: tags removed, entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

/** The messages for one reply; the buttons go under the last one. */
export function renderReply(reply: Reply, content: ContentBundle): TelegramMessage[] {
  // a plain text (a counsellor's reply, a notice) is one message, clipped; blocks are split between blocks
  const parts =
    reply.body.kind === "text" ? [escapeHtml(clipText(reply.body.text, MESSAGE_LIMIT))] : splitBlocks(replyBlocks(reply.body, content).map(blockHtml));
  if (parts.length === 0) parts.push(escapeHtml(reply.topic));
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

/** Spans in Telegram's HTML subset: <b>, <i>, <a href>; text escaped, "\n" kept as a line break. */
export function spansHtml(spans: Span[]): string {
  return spans
    .map((s) => {
      let html = escapeHtml(s.text);
      if (s.italic) html = `<i>${html}</i>`;
      if (s.bold) html = `<b>${html}</b>`;
      if (s.href) html = `<a href="${escapeHtml(s.href)}">${html}</a>`;
      return html;
    })
    .join("");
}

/** One block as Telegram HTML: a heading in bold, list items as "• " (or "1. ") lines, a quote in <blockquote>. */
export function blockHtml(block: Block): string {
  switch (block.type) {
    case "paragraph":
      return spansHtml(block.spans);
    case "heading":
      return `<b>${spansHtml(block.spans.map((s) => ({ ...s, bold: false })))}</b>`;
    case "quote":
      return `<blockquote>${spansHtml(block.spans)}</blockquote>`;
    case "list":
      return block.items.map((item, i) => `${block.ordered ? `${i + 1}.` : "•"} ${spansHtml(item)}`).join("\n");
  }
}

/**
 * Rendered blocks packed into messages of at most MESSAGE_LIMIT characters, cut only between blocks; a block
 * too long for one message is cut between its lines, and a single line too long loses its tags and is clipped.
 */
export function splitBlocks(blocks: string[], limit = MESSAGE_LIMIT): string[] {
  const pieces: Array<{ html: string; sep: string }> = [];
  for (const block of blocks) {
    if (!block) continue;
    if (block.length <= limit) {
      pieces.push({ html: block, sep: "\n\n" });
      continue;
    }
    splitLines(block, limit).forEach((html, i) => pieces.push({ html, sep: i === 0 ? "\n\n" : "\n" }));
  }
  const parts: string[] = [];
  let current = "";
  for (const { html, sep } of pieces) {
    if (current && current.length + sep.length + html.length > limit) {
      parts.push(current);
      current = html;
    } else current = current ? `${current}${sep}${html}` : html;
  }
  if (current) parts.push(current);
  return parts;
}

/** A long block's lines, each a whole piece of HTML: tags that span lines are closed and reopened around each cut. */
function splitLines(block: string, limit: number): string[] {
  const out: string[] = [];
  const open: string[] = [];
  for (const raw of block.split("\n")) {
    const prefix = open.join("");
    for (const m of raw.matchAll(/<(\/?)(b|i|a|blockquote)(\s[^>]*)?>/g)) {
      if (m[1]) open.pop();
      else open.push(m[0]);
    }
    const suffix = [...open].reverse().map((t) => `</${/^<(\w+)/.exec(t)![1]}>`).join("");
    const html = prefix + raw + suffix;
    out.push(html.length <= limit ? html : escapeHtml(clipText(htmlToText(raw), limit - 100)));
  }
  return out;
}

/** An inline keyboard in the buttons' order: two neighbours with short labels share a row. */
export function keyboardFor(buttons: Button[]): InlineKeyboardMarkup | undefined {
  const valid = buttons.filter((b) => new TextEncoder().encode(b.action).length <= CALLBACK_DATA_MAX_BYTES);
  if (valid.length === 0) return undefined;
  const short = (b: Button | undefined) => b !== undefined && labelWidth(b.label) <= TWO_COLUMN_MAX_WIDTH;
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
