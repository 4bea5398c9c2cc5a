/**
 * Render channel-neutral replies as WhatsApp Cloud API messages: text with WhatsApp's own formatting (*bold*,
 * _italic_, lists as text, links as plain URLs) in parts of at most 4,096 characters cut at paragraphs, and the
 * buttons as up to 3 reply buttons or interactive lists (10 rows each, more lists for longer menus).
 */
import type { ContentBundle } from "../../content/types.ts";
import type { Block, Span } from "../../core/body.ts";
import type { Button, Reply } from "../../core/types.ts";
import { replyBlocks } from "../../core/reply-blocks.ts";
import { waStrings } from "./strings.ts";

/** WhatsApp's limits (Cloud API reference: text and interactive messages). */
export const LIMITS = {
  text: 4096,
  buttonBody: 1024,
  listBody: 4096,
  buttons: 3,
  buttonTitle: 20,
  rows: 10,
  rowTitle: 24,
  rowDescription: 72,
  listButton: 20,
  id: 200,
} as const;

/** One message body as POST /{phone-number-id}/messages takes it, without messaging_product and `to`. */
export type WaMessage =
  | { type: "text"; text: { body: string; preview_url: boolean } }
  | {
      type: "interactive";
      interactive:
        | { type: "button"; body: { text: string }; action: { buttons: Array<{ type: "reply"; reply: { id: string; title: string } }> } }
        | {
            type: "list";
            body: { text: string };
            action: { button: string; sections: Array<{ title?: string; rows: Array<{ id: string; title: string; description?: string }> }> };
          };
    };

/** The messages for one reply, in order; the buttons come with (or right after) the last part of the text. */
export function renderReply(reply: Reply, content: ContentBundle): WaMessage[] {
  return renderBlocks(replyBlocks(reply.body, content), reply.buttons);
}

/** Blocks and buttons as messages (see renderReply). */
export function renderBlocks(blocks: Block[], buttons: Button[]): WaMessage[] {
  const parts = splitText(blocksText(blocks), LIMITS.text);
  const valid = buttons.filter((b) => b.action.length > 0 && b.action.length <= LIMITS.id && b.label.trim().length > 0);
  if (valid.length === 0) return parts.map(textMessage);
  const useButtons = valid.length <= LIMITS.buttons && valid.every((b) => [...b.label].length <= LIMITS.buttonTitle);
  const bodyLimit = useButtons ? LIMITS.buttonBody : LIMITS.listBody;
  // The last part carries the buttons when it fits an interactive body; otherwise a short prompt does.
  const last = parts.at(-1);
  const carried = last !== undefined && last.length <= bodyLimit ? parts.pop()! : waStrings.choose;
  const messages = parts.map(textMessage);
  if (useButtons) {
    messages.push({
      type: "interactive",
      interactive: {
        type: "button",
        body: { text: carried },
        action: { buttons: valid.map((b) => ({ type: "reply", reply: { id: b.action, title: b.label.trim() } })) },
      },
    });
    return messages;
  }
  const pages = chunk(valid, LIMITS.rows);
  pages.forEach((page, i) => {
    messages.push({
      type: "interactive",
      interactive: {
        type: "list",
        body: { text: i === 0 ? carried : waStrings.moreChoices(i + 1, pages.length) },
        action: { button: clip(waStrings.listButton, LIMITS.listButton), sections: [{ rows: page.map(row) }] },
      },
    });
  });
  return messages;
}

/** A list row: the label as its title, cut to 24 characters; a longer label is shown whole as the description. */
function row(b: Button): { id: string; title: string; description?: string } {
  const label = b.label.trim();
  const title = clip(label, LIMITS.rowTitle);
  return { id: b.action, title, ...(title !== label ? { description: clip(label, LIMITS.rowDescription) } : {}) };
}

function textMessage(body: string): WaMessage {
  return { type: "text", text: { body, preview_url: false } };
}

/** Blocks as WhatsApp text: paragraphs apart by a blank line, headings bold, lists as "• " or "1. " lines, quotes with "> ". */
export function blocksText(blocks: Block[]): string {
  return blocks
    .map((block) => {
      switch (block.type) {
        case "paragraph":
          return spansText(block.spans);
        case "heading":
          return spansText(block.spans.map((s) => ({ ...s, bold: true })));
        case "quote":
          return spansText(block.spans)
            .split("\n")
            .map((line) => `> ${line}`)
            .join("\n");
        case "list":
          return block.items.map((item, i) => `${block.ordered ? `${i + 1}.` : "•"} ${spansText(item)}`).join("\n");
      }
    })
    .filter((text) => text.trim().length > 0)
    .join("\n\n");
}

/** Spans with *bold* and _italic_ markers (each line marked on its own: a marker never spans a line break). */
export function spansText(spans: Span[]): string {
  return spans.map(spanText).join("");
}

function spanText(span: Span): string {
  let text = linkText(span);
  if (span.bold || span.italic) {
    text = text
      .split("\n")
      .map((line) => {
        const m = /^(\s*)(.*?)(\s*)$/s.exec(line)!;
        if (!m[2]) return line;
        let core = m[2];
        if (span.italic) core = `_${core}_`;
        if (span.bold) core = `*${core}*`;
        return `${m[1]}${core}${m[3]}`;
      })
      .join("\n");
  }
  return text;
}

/** A link as plain text: WhatsApp links a bare URL itself; tel: and mailto: show their number or address. */
function linkText(span: Span): string {
  const href = span.href;
  if (!href) return span.text;
  const target = href.replace(/^(tel|mailto):/i, "");
  const shown = span.text.trim();
  const same = (a: string, b: string) => a.replace(/^https?:\/\//, "").replace(/\/$/, "").replace(/[\s-]/g, "") === b.replace(/^https?:\/\//, "").replace(/\/$/, "").replace(/[\s-]/g, "");
  if (!shown || same(shown, target)) return href.startsWith("http") ? href : target;
  return `${span.text} (${target})`;
}

/** The text in parts of at most `limit` UTF-16 units, cut at paragraphs, then lines, then spaces. */
export function splitText(text: string, limit: number = LIMITS.text): string[] {
  const trimmed = text.trim();
  if (trimmed.length === 0) return [];
  if (trimmed.length <= limit) return [trimmed];
  const parts: string[] = [];
  let current = "";
  const push = (piece: string, sep: string) => {
    if (!current) current = piece;
    else if (current.length + sep.length + piece.length <= limit) current += sep + piece;
    else {
      parts.push(current);
      current = piece;
    }
  };
  for (const paragraph of trimmed.split(/\n{2,}/)) {
    if (paragraph.length <= limit) {
      push(paragraph, "\n\n");
      continue;
    }
    let sep = "\n\n";
    for (const line of paragraph.split("\n")) {
      const pieces = line.length <= limit ? [line] : hardCut(line, limit);
      pieces.forEach((piece, i) => push(piece, i === 0 ? sep : " "));
      sep = "\n";
    }
  }
  if (current) parts.push(current);
  return parts;
}

function hardCut(line: string, limit: number): string[] {
  const out: string[] = [];
  let rest = line;
  while (rest.length > limit) {
    let end = rest.lastIndexOf(" ", limit);
    if (end < limit / 2) end = limit;
    const code = rest.charCodeAt(end - 1);
    if (end === limit && code >= 0xd800 && code <= 0xdbff) end--;
    out.push(rest.slice(0, end).trimEnd());
    rest = rest.slice(end).trimStart();
  }
  if (rest) out.push(rest);
  return out;
}

/** Cut to `max` characters with "…", never between the halves of a surrogate pair. */
export function clip(text: string, max: number): string {
  if ([...text].length <= max) return text;
  return [...text].slice(0, max - 1).join("") + "…";
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
