/**
 * SHIM until src/core/reply-blocks.ts (replyBlocks) lands on main: the blocks of a reply body, read back from the
 * Telegram HTML the compiler and the rich replies produce today (<b>, <i>, <a href>, <blockquote>, "\n" breaks,
 * blank lines between paragraphs). Remove this file and import replyBlocks from core after the rebase.
 */
import type { ContentBundle } from "../../content/types.ts";
import { guideSection } from "../../content/sections.ts";
import type { Block, Span } from "../../core/body.ts";
import type { ReplyBody } from "../../core/types.ts";

/** The reply body as channel-neutral blocks. */
export function replyBlocks(body: ReplyBody, content: ContentBundle): Block[] {
  if (body.kind === "text") return paragraphs(body.text).map((text) => ({ type: "paragraph", spans: [{ text }] }));
  const section = body.kind === "guide" && body.section ? guideSection(content, body.topic, body.section) : undefined;
  if (section) {
    return [{ type: "heading", spans: [{ text: section.heading }] }, ...paragraphs(section.text).map((text): Block => ({ type: "paragraph", spans: [{ text }] }))];
  }
  const html = body.kind === "rich" ? body.html : (content.topics[body.topic]?.telegram ?? [body.topic]).join("\n\n");
  return htmlBlocks(html);
}

function paragraphs(text: string): string[] {
  return text.split(/\n{2,}/).map((p) => p.trim()).filter(Boolean);
}

function htmlBlocks(html: string): Block[] {
  return paragraphs(html).map((part) => {
    const quote = /^<blockquote[^>]*>([\s\S]*)<\/blockquote>$/.exec(part);
    return quote ? { type: "quote", spans: spans(quote[1]!) } : { type: "paragraph", spans: spans(part) };
  });
}

function spans(html: string): Span[] {
  const out: Span[] = [];
  let bold = 0;
  let italic = 0;
  let href: string | undefined;
  for (const token of html.split(/(<[^>]+>)/)) {
    if (!token) continue;
    const tag = /^<(\/?)([a-z]+)([^>]*)>$/i.exec(token);
    if (tag) {
      const closing = tag[1] === "/";
      const name = tag[2]!.toLowerCase();
      if (name === "b" || name === "strong") bold += closing ? -1 : 1;
      else if (name === "i" || name === "em") italic += closing ? -1 : 1;
      else if (name === "a") href = closing ? undefined : decode(/href="([^"]*)"/.exec(tag[3] ?? "")?.[1] ?? "") || undefined;
      continue;
    }
    out.push({ text: decode(token), ...(bold > 0 ? { bold: true } : {}), ...(italic > 0 ? { italic: true } : {}), ...(href ? { href } : {}) });
  }
  return out;
}

function decode(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
}
