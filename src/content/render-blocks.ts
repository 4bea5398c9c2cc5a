/** Build-time conversion of markdown-it tokens to the channel-neutral body (core/body.ts Block[]). */
import type { Token } from "markdown-it";
import type { Block, Span } from "../core/body.ts";

/** One block and the body line it starts on (0-based), for errors that name the line. */
export interface SourceBlock {
  block: Block;
  line: number;
}

interface Style {
  bold: boolean;
  italic: boolean;
  href?: string;
}

/** Inline tokens → spans; code and strike-through become plain text, soft and hard breaks "\n". */
export function inlineSpans(children: Token[]): Span[] {
  const spans: Span[] = [];
  const style: Style = { bold: false, italic: false };
  const push = (text: string) => {
    if (!text) return;
    const span: Span = { text, ...(style.bold ? { bold: true } : {}), ...(style.italic ? { italic: true } : {}), ...(style.href ? { href: style.href } : {}) };
    const prev = spans[spans.length - 1];
    if (prev && prev.bold === span.bold && prev.italic === span.italic && prev.href === span.href) prev.text += text;
    else spans.push(span);
  };
  for (const c of children) {
    switch (c.type) {
      case "strong_open":
        style.bold = true;
        break;
      case "strong_close":
        style.bold = false;
        break;
      case "em_open":
        style.italic = true;
        break;
      case "em_close":
        style.italic = false;
        break;
      case "link_open":
        style.href = String(c.attrGet("href") ?? "");
        break;
      case "link_close":
        delete style.href;
        break;
      case "softbreak":
      case "hardbreak":
        push("\n");
        break;
      case "s_open":
      case "s_close":
        break;
      default:
        push(c.content);
    }
  }
  return spans;
}

/**
 * Block-level tokens → blocks: headings, paragraphs, lists (a nested list continues its parent item on new
 * lines marked "◦" or its number) and quotes (their paragraphs and lists as lines of one quote).
 */
export function renderBlocks(tokens: Token[]): SourceBlock[] {
  const out: SourceBlock[] = [];
  const lists: Array<{ ordered: boolean; n: number; items: Span[][]; line: number }> = [];
  let quote: { spans: Span[]; line: number } | undefined;
  let heading: number | undefined;
  let line = 0;

  const appendLines = (target: Span[], spans: Span[], separator: string) => {
    if (target.length > 0) target.push({ text: separator });
    target.push(...spans);
  };

  for (const t of tokens) {
    if (t.map) line = t.map[0];
    switch (t.type) {
      case "heading_open":
        heading = line;
        break;
      case "heading_close":
        heading = undefined;
        break;
      case "blockquote_open":
        quote = { spans: [], line };
        break;
      case "blockquote_close":
        if (quote && quote.spans.length > 0) out.push({ block: { type: "quote", spans: quote.spans }, line: quote.line });
        quote = undefined;
        break;
      case "bullet_list_open":
      case "ordered_list_open":
        lists.push({ ordered: t.type === "ordered_list_open", n: Number(t.attrGet("start") ?? 1), items: [], line });
        break;
      case "list_item_open": {
        const list = lists[lists.length - 1]!;
        if (lists.length === 1 && !quote) {
          list.items.push([]);
        } else {
          // a nested item (or an item inside a quote) is a new line of the item (or quote) around it
          const marker = list.ordered ? `${list.n}.` : lists.length > 1 ? "◦" : "•";
          const target = quote && lists.length === 1 ? quote.spans : lists[0]!.items[lists[0]!.items.length - 1]!;
          appendLines(target, [{ text: `${"   ".repeat(lists.length - 1)}${marker} ` }], "\n");
        }
        list.n++;
        break;
      }
      case "bullet_list_close":
      case "ordered_list_close": {
        const list = lists.pop()!;
        if (lists.length === 0 && !quote) out.push({ block: { type: "list", ordered: list.ordered, items: list.items }, line: list.line });
        break;
      }
      case "inline": {
        const spans = inlineSpans(t.children ?? []);
        if (heading !== undefined) {
          out.push({ block: { type: "heading", spans }, line: heading });
        } else if (lists.length > 0) {
          const top = lists[0]!;
          const target = quote ? quote.spans : top.items[top.items.length - 1]!;
          const last = target[target.length - 1];
          // the text of a nested item follows its marker; a second paragraph of an item starts a new line
          if (last && last.text.endsWith(" ") && /[•◦\d.] $/.test(last.text)) target.push(...spans);
          else appendLines(target, spans, "\n");
        } else if (quote) {
          appendLines(quote.spans, spans, "\n\n");
        } else {
          out.push({ block: { type: "paragraph", spans }, line });
        }
        break;
      }
    }
  }
  return out;
}
