/** Build-time rendering of markdown-it tokens to Telegram's HTML subset. */
import type { Token } from "markdown-it";
import { escapeHtml } from "../channels/telegram/render.ts";

/** Telegram's limit is 4,096 characters; we keep a margin for entities. */
export const TELEGRAM_PART_LIMIT = 4000;


/** One rendered block (paragraph, heading, list, quote) and the body line it starts on (0-based). */
export interface TelegramBlock {
  html: string;
  line: number;
}

/** Render block-level tokens into Telegram HTML blocks; lists become bullet lines. */
export function renderTelegram(tokens: Token[]): TelegramBlock[] {
  const blocks: TelegramBlock[] = [];
  const lists: Array<{ ordered: boolean; n: number }> = [];
  let current: string[] = [];
  let blockLine = 0;
  let depthOfBlock = 0;
  let quote = false;
  let pendingPrefix = "";

  const flush = () => {
    const html = current.join("").trim();
    if (html) blocks.push({ html: quote ? `<blockquote>${html}</blockquote>` : html, line: blockLine });
    current = [];
  };

  for (const t of tokens) {
    switch (t.type) {
      case "heading_open":
        if (lists.length === 0) flush();
        blockLine = t.map?.[0] ?? blockLine;
        current.push("<b>");
        break;
      case "heading_close":
        current.push("</b>");
        if (lists.length === 0) flush();
        break;
      case "paragraph_open":
        if (lists.length === 0 && depthOfBlock === 0) {
          flush();
          blockLine = t.map?.[0] ?? blockLine;
        }
        break;
      case "paragraph_close":
        if (lists.length === 0 && depthOfBlock === 0) flush();
        break;
      case "blockquote_open":
        flush();
        blockLine = t.map?.[0] ?? blockLine;
        quote = true;
        depthOfBlock++;
        break;
      case "blockquote_close":
        flush();
        quote = false;
        depthOfBlock--;
        break;
      case "bullet_list_open":
      case "ordered_list_open":
        if (lists.length === 0 && depthOfBlock === 0) {
          flush();
          blockLine = t.map?.[0] ?? blockLine;
        }
        lists.push({ ordered: t.type === "ordered_list_open", n: Number(t.attrGet("start") ?? 1) });
        break;
      case "bullet_list_close":
      case "ordered_list_close":
        lists.pop();
        if (lists.length === 0 && depthOfBlock === 0) flush();
        break;
      case "list_item_open": {
        const list = lists[lists.length - 1]!;
        const indent = "   ".repeat(lists.length - 1);
        const marker = list.ordered ? `${list.n++}.` : lists.length > 1 ? "◦" : "•";
        if (current.length > 0) current.push("\n");
        pendingPrefix = `${indent}${marker} `;
        break;
      }
      case "list_item_close":
        break;
      case "inline":
        current.push(pendingPrefix + renderInline(t.children ?? []));
        pendingPrefix = "";
        break;
    }
  }
  flush();
  return blocks;
}

function renderInline(children: Token[]): string {
  let out = "";
  for (const c of children) {
    switch (c.type) {
      case "text":
        out += escapeHtml(c.content);
        break;
      case "code_inline":
        out += `<code>${escapeHtml(c.content)}</code>`;
        break;
      case "strong_open":
        out += "<b>";
        break;
      case "strong_close":
        out += "</b>";
        break;
      case "em_open":
        out += "<i>";
        break;
      case "em_close":
        out += "</i>";
        break;
      case "s_open":
        out += "<s>";
        break;
      case "s_close":
        out += "</s>";
        break;
      case "link_open":
        out += `<a href="${escapeHtml(String(c.attrGet("href") ?? ""))}">`;
        break;
      case "link_close":
        out += "</a>";
        break;
      case "softbreak":
      case "hardbreak":
        out += "\n";
        break;
      default:
        out += escapeHtml(c.content);
    }
  }
  return out;
}

/** Pack blocks into messages of at most `limit` characters, breaking only between blocks. */
export function splitTelegram(blocks: string[], limit: number): string[] {
  const parts: string[] = [];
  let current = "";
  for (const block of blocks) {
    if (block.length > limit) throw new Error(`a block of ${block.length} characters exceeds ${limit}`);
    const next = current ? `${current}\n\n${block}` : block;
    if (next.length > limit) {
      parts.push(current);
      current = block;
    } else {
      current = next;
    }
  }
  if (current) parts.push(current);
  return parts;
}
