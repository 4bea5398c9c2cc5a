/** Shapes of the web-chat API's JSON, built from core replies and from logged rows. */
import { guideSection, guideSectionPlain } from "../../content/sections.ts";
import { escapeHtml } from "../../core/html.ts";
import type { ContentBundle } from "../../content/types.ts";
import type { StoredReply } from "../../core/store.ts";
import { isTopicId, type TopicId } from "../../core/topics.ts";
import type { Button, Reply } from "../../core/types.ts";
import { parseButtons } from "../../db/conversation-store.ts";
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

/** Rich reply HTML (Telegram's <b>, <i>, <a> with "\n" line breaks) as the widget's allowlisted HTML. */
export function webHtml(html: string): string {
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

/** A rich reply's HTML and scam check, stored in its ref by the core ("rich:" + JSON). */
function richOf(ref: string | null): { html: string; scamCheck?: WebReply["scamCheck"] } | undefined {
  if (!ref?.startsWith("rich:")) return undefined;
  try {
    const value = JSON.parse(ref.slice(5)) as { html?: unknown; scamCheck?: { verdict?: unknown; flags?: unknown } };
    if (typeof value.html !== "string") return undefined;
    const sc = value.scamCheck;
    const scamCheck = sc && typeof sc.verdict === "string" && Array.isArray(sc.flags) ? { verdict: sc.verdict, flags: sc.flags.map(String) } : undefined;
    return { html: webHtml(value.html), ...(scamCheck ? { scamCheck } : {}) };
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
}

/** A fresh reply of the core. */
export function fromReply(id: number, reply: Reply, content: ContentBundle): WebReply {
  if (reply.body.kind === "guide") {
    const guide = renderGuide(content, reply.body.topic, reply.body.section);
    return { id, topic: reply.topic, text: guide?.text ?? "", html: guide?.html ?? "", buttons: reply.buttons };
  }
  if (reply.body.kind === "rich") {
    return {
      id,
      topic: reply.topic,
      text: reply.body.text,
      html: webHtml(reply.body.html),
      buttons: reply.buttons,
      ...(reply.scamCheck ? { scamCheck: { verdict: reply.scamCheck.verdict, flags: [...reply.scamCheck.flags] } } : {}),
    };
  }
  return { id, topic: reply.topic, text: reply.body.text, buttons: reply.buttons };
}

/** A guide as text and HTML: the whole guide, or with `section` one section of it (a precise question's answer). */
function renderGuide(content: ContentBundle, topic: TopicId, section?: string): { text: string; html: string } | undefined {
  const part = section ? guideSection(content, topic, section) : undefined;
  if (part) {
    // its heading in bold, paragraphs kept
    const html = `<p><b>${escapeHtml(part.heading)}</b></p>${part.text
      .split(/\n{2,}/)
      .map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>`)
      .join("")}`;
    return { text: guideSectionPlain(part), html };
  }
  const guide = content.topics[topic];
  return guide ? { text: guide.text, html: guide.web } : undefined;
}

/** The guide a logged reply showed ("guide:<topic>@<version>[#<section>]"), rendered from the current content. */
function guideOf(ref: string | null, content: ContentBundle) {
  const match = /^guide:([a-z0-9-]+)@[^#]*(?:#([a-z0-9-]+))?$/.exec(ref ?? "");
  const topic = match?.[1];
  return topic && isTopicId(topic) ? renderGuide(content, topic, match?.[2]) : undefined;
}

/** A reply logged earlier (an idempotent retry gets the same replies). */
export function fromStored(r: StoredReply, content: ContentBundle): WebReply {
  const guide = guideOf(r.ref, content);
  return {
    id: r.id,
    topic: r.topic ?? "unknown",
    text: guide?.text ?? r.text ?? "",
    ...(guide ? { html: guide.html } : {}),
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
    ...(guide ? { html: guide.html } : {}),
    ...(row.direction === "out" ? richOf(row.ref) : {}),
    ...(row.topic ? { topic: row.topic } : {}),
    buttons: parseButtons(row.buttons),
    createdAt: row.createdAt,
  };
}
