/**
 * Building channel-neutral rich bodies (Block[]) in the core: lines of spans grouped into paragraphs and
 * lists, the strings module's light markup (**bold**, *italic*), and the plain-text fallback of a body.
 */
import type { Block, Span } from "./body.ts";
import { spansText } from "./body.ts";

/** One line of a rich reply; an empty line separates paragraphs. */
export type Line = Span[];

/** A part of a line: a string is plain data text (never parsed), a Span carries its own formatting. */
export type Part = string | Span;

/** Bold text. */
export function bold(text: string): Span {
  return { text, bold: true };
}

/** Italic text. */
export function italic(text: string): Span {
  return { text, italic: true };
}

/** Text linking to an https:, tel: or mailto: address. */
export function link(text: string, href: string): Span {
  return { text, href };
}

/** One line from parts; empty strings are dropped. */
export function line(...parts: Part[]): Line {
  return parts.filter((p) => (typeof p === "string" ? p !== "" : p.text !== "")).map((p) => (typeof p === "string" ? { text: p } : p));
}

const MARKUP = /\*\*(.+?)\*\*|\*(.+?)\*/g;

/**
 * The strings module's markup on one template: **bold** and *italic*. `{name}` placeholders are filled from
 * `values` after the markup is read, so data never turns into formatting.
 */
export function marked(template: string, values: Record<string, string> = {}): Span[] {
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (m, k: string) => (Object.hasOwn(values, k) ? values[k]! : m));
  const spans: Span[] = [];
  let last = 0;
  for (const m of template.matchAll(MARKUP)) {
    if (m.index > last) spans.push({ text: fill(template.slice(last, m.index)) });
    spans.push(m[1] !== undefined ? { text: fill(m[1]), bold: true } : { text: fill(m[2]!), italic: true });
    last = m.index + m[0].length;
  }
  if (last < template.length) spans.push({ text: fill(template.slice(last)) });
  return spans.filter((s) => s.text !== "");
}

/** A multi-line template of the strings module as lines ("\n" separates lines, "\n\n" paragraphs). */
export function markedLines(template: string, values: Record<string, string> = {}): Line[] {
  return template.split("\n").map((l) => marked(l, values));
}

const BULLET = /^[•◦] /;

/**
 * Lines → blocks: consecutive lines form a paragraph (joined by line breaks), an empty line ends it;
 * lines starting with "• " form a list, and an indented line ("  …") continues the list item above it.
 */
export function blocksOf(lines: Line[]): Block[] {
  const blocks: Block[] = [];
  let para: Line[] = [];
  let items: Span[][] = [];
  const flushPara = () => {
    if (para.length > 0) blocks.push({ type: "paragraph", spans: joinLines(para) });
    para = [];
  };
  const flushList = () => {
    if (items.length > 0) blocks.push({ type: "list", ordered: false, items });
    items = [];
  };
  for (const l of lines) {
    const first = l[0]?.text ?? "";
    if (l.length === 0 || spansText(l).trim() === "") {
      flushPara();
      flushList();
    } else if (BULLET.test(first)) {
      flushPara();
      items.push(stripStart(l, BULLET));
    } else if (items.length > 0 && /^\s+/.test(first)) {
      items[items.length - 1] = [...items[items.length - 1]!, { text: "\n" }, ...stripStart(l, /^\s+/)];
    } else {
      flushList();
      para.push(l);
    }
  }
  flushPara();
  flushList();
  return blocks;
}

function stripStart(l: Line, re: RegExp): Span[] {
  const [head, ...rest] = l;
  const text = head!.text.replace(re, "");
  return text ? [{ ...head!, text }, ...rest] : rest;
}

function joinLines(lines: Line[]): Span[] {
  const out: Span[] = [];
  lines.forEach((l, i) => {
    if (i > 0) out.push({ text: "\n" });
    out.push(...l);
  });
  return out;
}

/** The blocks of one plain text: a paragraph per blank-line-separated part, line breaks kept. */
export function textBlocks(text: string): Block[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => ({ type: "paragraph", spans: [{ text: p }] }));
}

/** The plain text of one block: list items as "• …" (or "1. …") lines. */
export function blockText(block: Block): string {
  if (block.type === "list") {
    return block.items.map((item, i) => `${block.ordered ? `${i + 1}.` : "•"} ${spansText(item)}`).join("\n");
  }
  return spansText(block.spans);
}

/** The plain text of blocks (the fallback for clients without formatting, and the message log). */
export function blocksText(blocks: Block[]): string {
  return blocks.map(blockText).join("\n\n");
}

/** A rich reply body from lines: its blocks and their plain text. */
export function richBody(lines: Line[]): { kind: "rich"; blocks: Block[]; text: string } {
  const blocks = blocksOf(lines);
  return { kind: "rich", blocks, text: blocksText(blocks) };
}
