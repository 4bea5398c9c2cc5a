/** Shapes of the web-chat API's JSON, built from core replies and from logged rows; blocks rendered to the widget's HTML. */
import type { ContentBundle } from "../../content/types.ts";
import type { Block, Span } from "../../core/body.ts";
import { replyBlocks } from "../../core/reply-blocks.ts";
import { blocksText } from "../../core/rich.ts";
import type { StoredReply } from "../../core/store.ts";
import { isTopicId } from "../../core/topics.ts";
import type { Button, Reply } from "../../core/types.ts";
import { parseButtons } from "../../db/conversation-store.ts";
import { escapeHtml } from "../telegram/render.ts";
import type { WebMessageRow } from "../../db/webchat-store.ts";

/** One reply in the API: plain text always, sanitised HTML for guides and rich replies, the scam check's result. */
export interface WebReply {
  id: number;
  topic: string;
  text: string;
  html?: string;
  buttons: Button[];
  scamCheck?: { verdict: string; flags: string[] };
}

const LINK_ATTRS = 'target="_blank" rel="noopener noreferrer"';

/** The href of a command in the widget's HTML: "command:/ak1" (never followed as a link; the widget sends the command). */
export const COMMAND_SCHEME = "command:";

/** A plain text reply as the widget's HTML, when it has something to tap (a link, a phone number, a command). */
function plainHtml(text: string): string | undefined {
  const html = autolinkHtml(text);
  if (!html.includes("<a ")) return undefined;
  return html
    .split(/(?:<br>){2,}/)
    .map((p) => `<p>${p}</p>`)
    .join("");
}

/**
 * What plain text links to on the web: https URLs, wa.me links, e-mail addresses, Indonesian phone numbers
 * (0812-3456-7890, +62 812 3456 7890, (0342) 801234) and commands ("/ak1", "/konselor": a word of its own, never
 * part of "km/jam" or a URL). Order matters: URLs before e-mails before phones.
 */
const AUTOLINK =
  /(?<![^\s(“"'])\/[a-z][a-z0-9_]{1,31}(?![\w/@.-]*\w)|\bhttps:\/\/[^\s<>"]+[^\s<>".,;:!?)\]”’]|\bwa\.me\/\d{8,15}\b|[\w.+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b|(?:\+62[\s-]?|\(0\d{2,3}\)\s?|\b0)\d{2,4}(?:[\s-]?\d{2,4}){1,3}\b/gi;

/** Text just before a number that makes it a WhatsApp number ("WhatsApp: 0812…", "WA 0812…"). */
const WHATSAPP_BEFORE = /(?:whats\s?app|\bwa)\W{0,3}$/i;

/**
 * Where an autolinked piece of text goes; undefined when it is too short to be a phone number. A phone number right
 * after "WhatsApp" or "WA" (`before`) opens a chat on wa.me instead of a call.
 */
function autoHref(found: string, before = ""): string | undefined {
  // A command: the widget shows it as a button that sends it (see the widget's sanitize).
  if (found.startsWith("/")) return `${COMMAND_SCHEME}${found.toLowerCase()}`;
  if (/^https:/i.test(found)) return found;
  if (/^wa\.me\//i.test(found)) return `https://${found}`;
  if (found.includes("@")) return `mailto:${found}`;
  const digits = found.replace(/\D/g, "");
  if (digits.length < 8 || digits.length > 15) return undefined;
  const intl = digits.startsWith("62") ? digits : `62${digits.slice(1)}`;
  return WHATSAPP_BEFORE.test(before.slice(-24)) ? `https://wa.me/${intl}` : `tel:+${intl}`;
}

function anchor(href: string, inner: string): string {
  return `<a ${href.startsWith("https:") ? `${LINK_ATTRS} ` : ""}href="${escapeHtml(href)}">${inner}</a>`;
}

/**
 * Plain text as HTML with its URLs, wa.me links, e-mail addresses and phone numbers linked; "\n" → <br>. `before` is
 * the text that precedes it in the same paragraph (a label in bold such as "WhatsApp:").
 */
export function autolinkHtml(text: string, before = ""): string {
  let out = "";
  let last = 0;
  for (const m of text.matchAll(AUTOLINK)) {
    const href = autoHref(m[0], before + text.slice(0, m.index));
    if (!href) continue;
    out += escapeHtml(text.slice(last, m.index)) + anchor(href, escapeHtml(m[0]));
    last = m.index + m[0].length;
  }
  return (out + escapeHtml(text.slice(last))).replace(/\n/g, "<br>");
}

/** Spans as the widget's allowlisted inline HTML (<strong>, <em>, <a>, <br>); unlinked text is autolinked. */
export function spansWebHtml(spans: Span[]): string {
  let before = "";
  return spans
    .map((s) => {
      let html = s.href ? escapeHtml(s.text).replace(/\n/g, "<br>") : autolinkHtml(s.text, before);
      before += s.text;
      if (s.italic) html = `<em>${html}</em>`;
      if (s.bold) html = `<strong>${html}</strong>`;
      return s.href ? anchor(s.href, html) : html;
    })
    .join("");
}

/** Blocks as the widget's allowlisted HTML: <p>, <h2> (shown as a sub-heading), <ul>/<ol>, <blockquote>. */
export function blocksWebHtml(blocks: Block[]): string {
  return blocks
    .map((b) => {
      switch (b.type) {
        case "paragraph":
          return `<p>${spansWebHtml(b.spans)}</p>`;
        case "heading":
          return `<h2>${spansWebHtml(b.spans)}</h2>`;
        case "quote":
          return `<blockquote><p>${spansWebHtml(b.spans)}</p></blockquote>`;
        case "list": {
          const tag = b.ordered ? "ol" : "ul";
          return `<${tag}>${b.items.map((item) => `<li>${spansWebHtml(item)}</li>`).join("")}</${tag}>`;
        }
      }
    })
    .join("");
}

/** Legacy rich HTML (Telegram's <b>, <i>, <a>, logged before replies were blocks) as the widget's HTML. */
function legacyWebHtml(html: string): string {
  const inline = html
    .replace(/<b>/g, "<strong>")
    .replace(/<\/b>/g, "</strong>")
    .replace(/<i>/g, "<em>")
    .replace(/<\/i>/g, "</em>");
  return inline
    .split(/\n{2,}/)
    .map((p) => `<p>${p.replace(/\n/g, "<br>")}</p>`)
    .join("");
}

/** A logged rich reply ("rich:" + JSON): its blocks (or, in rows logged before blocks, its Telegram HTML) and scam check. */
function richOf(ref: string | null): { html: string; scamCheck?: WebReply["scamCheck"] } | undefined {
  if (!ref?.startsWith("rich:")) return undefined;
  try {
    const value = JSON.parse(ref.slice(5)) as { blocks?: unknown; html?: unknown; scamCheck?: { verdict?: unknown; flags?: unknown } };
    const html = Array.isArray(value.blocks) ? blocksWebHtml(value.blocks as Block[]) : typeof value.html === "string" ? legacyWebHtml(value.html) : undefined;
    if (html === undefined) return undefined;
    const sc = value.scamCheck;
    const scamCheck = sc && typeof sc.verdict === "string" && Array.isArray(sc.flags) ? { verdict: sc.verdict, flags: sc.flags.map(String) } : undefined;
    return { html, ...(scamCheck ? { scamCheck } : {}) };
  } catch {
    return undefined;
  }
}

/** One message in the history list. */
export interface WebMessage {
  id: number;
  direction: "in" | "out";
  sender: "seeker" | "bot" | "counsellor";
  text: string;
  html?: string;
  topic?: string;
  buttons: Button[];
  scamCheck?: { verdict: string; flags: string[] };
  createdAt: number;
  /** the display name of the counsellor who wrote it */
  counsellor?: string;
  /**
   * The file sent with it: a seeker's own file (name, type, size), or a counsellor's file (files.ts), which also has
   * its id and a download URL that works for this session only.
   */
  file?: { name: string; type: string; size: number; id?: number; url?: string };
}

/** The HTML of a logged plain text, when it has something to tap. */
function plainOf(text: string | null): { html?: string } {
  const html = text ? plainHtml(text) : undefined;
  return html ? { html } : {};
}

/** A fresh reply of the core. */
export function fromReply(id: number, reply: Reply, content: ContentBundle): WebReply {
  if (reply.body.kind === "text") {
    const html = plainHtml(reply.body.text);
    return { id, topic: reply.topic, text: reply.body.text, ...(html ? { html } : {}), buttons: reply.buttons };
  }
  const blocks = replyBlocks(reply.body, content);
  return {
    id,
    topic: reply.topic,
    text: reply.body.kind === "rich" ? reply.body.text : blocksText(blocks),
    html: blocksWebHtml(blocks),
    buttons: reply.buttons,
    ...(reply.scamCheck ? { scamCheck: { verdict: reply.scamCheck.verdict, flags: [...reply.scamCheck.flags] } } : {}),
  };
}

/**
 * The guide a logged reply showed ("guide:<topic>@<version>", since sections "guide:<topic>@<version>#<section>"),
 * rendered from the current content: its text and HTML.
 */
function guideOf(ref: string | null, content: ContentBundle): { text: string; html: string } | undefined {
  const m = /^guide:([a-z0-9-]+)@[^#]*(?:#(.*))?$/.exec(ref ?? "");
  const topic = m?.[1];
  if (!topic || !isTopicId(topic) || !content.topics[topic]) return undefined;
  const blocks = replyBlocks({ kind: "guide", topic, ...(m[2] !== undefined ? { section: m[2] } : {}) }, content);
  return { text: blocksText(blocks), html: blocksWebHtml(blocks) };
}

/** A reply logged earlier (an idempotent retry gets the same replies). */
export function fromStored(r: StoredReply, content: ContentBundle): WebReply {
  const guide = guideOf(r.ref, content);
  return {
    id: r.id,
    topic: r.topic ?? "unknown",
    text: guide?.text ?? r.text ?? "",
    ...(guide ? { html: guide.html } : plainOf(r.text)),
    ...richOf(r.ref),
    buttons: r.buttons,
  };
}

/** A logged message for the history list. */
export function fromRow(row: WebMessageRow, content: ContentBundle): WebMessage {
  const guide = row.direction === "out" ? guideOf(row.ref, content) : undefined;
  return {
    id: row.id,
    direction: row.direction,
    sender: row.sender,
    text: guide?.text ?? row.text ?? "",
    ...(guide ? { html: guide.html } : row.direction === "out" ? plainOf(row.text) : {}),
    ...(row.direction === "out" ? richOf(row.ref) : {}),
    ...(row.topic ? { topic: row.topic } : {}),
    buttons: parseButtons(row.buttons),
    createdAt: row.createdAt,
    ...(row.sender === "counsellor" && row.counsellor ? { counsellor: row.counsellor } : {}),
    ...fileOf(row.file),
  };
}

/** The file of a logged message (JSON from the history query), if it has one. */
function fileOf(json: string | null | undefined): { file?: WebMessage["file"] } {
  if (!json) return {};
  try {
    const f = JSON.parse(json) as { name?: unknown; type?: unknown; size?: unknown };
    return typeof f.name === "string" && typeof f.type === "string" && typeof f.size === "number" ? { file: { name: f.name, type: f.type, size: f.size } } : {};
  } catch {
    return {};
  }
}
