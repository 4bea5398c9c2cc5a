/**
 * Render channel-neutral replies as Discord messages: Discord markdown (**bold**, *italic*, "### " headings,
 * "- " lists, "> " quotes, masked links) within Discord's limits: 2,000 characters of content, or embeds of at most
 * 2,000 characters each (3 per message, under the 6,000-character total); buttons in action rows (at most 5 per row,
 * 5 rows, custom_id at most 100 characters, label at most 80), select menus (25 options each) for longer lists.
 */
import type { ContentBundle } from "../../content/types.ts";
import type { Block, Span } from "../../core/body.ts";
import { replyBlocks } from "../../core/reply-blocks.ts";
import type { Button, Reply } from "../../core/types.ts";
import { splitText } from "../whatsapp/render.ts";
import { dcStrings } from "./strings.ts";

/** Discord's limits (API reference: Message, Embed, Component). */
export const LIMITS = {
  content: 2000,
  embedsPerMessage: 3,
  embeds: 10,
  embedTotal: 6000,
  buttonsPerRow: 5,
  rows: 5,
  customId: 100,
  buttonLabel: 80,
  selectOptions: 25,
  optionLabel: 100,
  optionDescription: 100,
} as const;

/** The message flag that shows a message to the member who acted only (EPHEMERAL). */
export const EPHEMERAL = 64;

/** A button (component type 2, style 2 "secondary"). */
export interface DcButton {
  type: 2;
  style: 2;
  label: string;
  custom_id: string;
}

/** A string select menu (component type 3). */
export interface DcSelect {
  type: 3;
  custom_id: string;
  placeholder: string;
  options: Array<{ label: string; value: string; description?: string }>;
}

/** An action row (component type 1). */
export interface DcRow {
  type: 1;
  components: Array<DcButton | DcSelect>;
}

/** One message as an interaction response's `data`, a follow-up or a channel message takes it. */
export interface DcMessage {
  content?: string;
  embeds?: Array<{ description: string }>;
  components?: DcRow[];
  flags?: number;
  /** nothing in a reply ever pings anyone */
  allowed_mentions: { parse: [] };
}

/** The messages of each reply, in order (one array per reply). */
export function renderReplies(replies: Reply[], content: ContentBundle): DcMessage[][] {
  return replies.map((reply) => renderBlocks(replyBlocks(reply.body, content), reply.buttons));
}

/** Blocks and buttons as messages; the components go with the last one. */
export function renderBlocks(blocks: Block[], buttons: Button[]): DcMessage[] {
  const parts = splitText(blocksText(blocks), LIMITS.content);
  const messages: DcMessage[] = [];
  if (parts.length === 1) messages.push({ content: parts[0]!, allowed_mentions: { parse: [] } });
  else {
    for (let i = 0; i < parts.length; i += LIMITS.embedsPerMessage) {
      messages.push({ embeds: parts.slice(i, i + LIMITS.embedsPerMessage).map((description) => ({ description })), allowed_mentions: { parse: [] } });
    }
  }
  const rows = componentRows(buttons);
  if (rows.length > 0) {
    const last = messages.at(-1);
    if (last) last.components = rows;
    else messages.push({ content: dcStrings.choose, components: rows, allowed_mentions: { parse: [] } });
  }
  return messages;
}

/**
 * The messages of one answer as a single message when they fit one (an interaction response is one message):
 * their texts together within 2,000 characters of content or 10 embeds of at most 6,000 characters, their
 * components within 5 rows and without a repeated custom_id. Undefined when they do not fit.
 */
export function mergeMessages(messages: DcMessage[]): DcMessage | undefined {
  if (messages.length === 0) return undefined;
  if (messages.length === 1) return messages[0];
  const parts = messages.flatMap((m) => [...(m.content ? [m.content] : []), ...(m.embeds ?? []).map((e) => e.description)]);
  const rows = messages.flatMap((m) => m.components ?? []);
  const ids = rows.flatMap((r) => r.components.map((c) => c.custom_id));
  if (rows.length > LIMITS.rows || new Set(ids).size !== ids.length) return undefined;
  const joined = parts.join("\n\n");
  const merged: DcMessage = { allowed_mentions: { parse: [] }, ...(rows.length > 0 ? { components: rows } : {}) };
  if (joined.length <= LIMITS.content) return { content: joined, ...merged };
  const total = parts.reduce((n, p) => n + p.length, 0);
  if (parts.length > LIMITS.embeds || total > LIMITS.embedTotal) return undefined;
  return { embeds: parts.map((description) => ({ description })), ...merged };
}

/** Buttons in rows of 5 when they fit (at most 25, labels of at most 80 characters), otherwise select menus. */
export function componentRows(buttons: Button[]): DcRow[] {
  const seen = new Set<string>();
  const valid = buttons.filter((b) => {
    const ok = b.action.length > 0 && b.action.length <= LIMITS.customId && b.label.trim().length > 0 && !seen.has(b.action);
    if (ok) seen.add(b.action);
    return ok;
  });
  if (valid.length === 0) return [];
  const fits = valid.length <= LIMITS.buttonsPerRow * LIMITS.rows && valid.every((b) => [...b.label.trim()].length <= LIMITS.buttonLabel);
  if (fits) {
    return chunk(valid, LIMITS.buttonsPerRow).map((row) => ({
      type: 1,
      components: row.map((b) => ({ type: 2, style: 2, label: b.label.trim(), custom_id: b.action })),
    }));
  }
  const pages = chunk(valid, LIMITS.selectOptions).slice(0, LIMITS.rows);
  return pages.map((page, i) => ({
    type: 1,
    components: [
      {
        type: 3,
        custom_id: `pilih:${i + 1}`,
        placeholder: i === 0 ? dcStrings.selectPlaceholder : dcStrings.moreChoices(i + 1, pages.length),
        options: page.map((b) => {
          const label = b.label.trim();
          const short = clip(label, LIMITS.optionLabel);
          return { label: short, value: b.action, ...(short !== label ? { description: clip(label, LIMITS.optionDescription) } : {}) };
        }),
      },
    ],
  }));
}

/** Blocks as Discord markdown: paragraphs apart by a blank line, headings "### ", lists "- " or "1. ", quotes "> ". */
export function blocksText(blocks: Block[]): string {
  return blocks
    .map((block) => {
      switch (block.type) {
        case "paragraph":
          return spansText(block.spans);
        case "heading":
          return `### ${spansText(block.spans).replace(/\n+/g, " ")}`;
        case "quote":
          return spansText(block.spans)
            .split("\n")
            .map((line) => `> ${line}`)
            .join("\n");
        case "list":
          return block.items.map((item, i) => `${block.ordered ? `${i + 1}.` : "-"} ${spansText(item)}`).join("\n");
      }
    })
    .filter((text) => text.trim().length > 0)
    .join("\n\n");
}

/** Spans as markdown (each line marked on its own: a marker never spans a line break). */
export function spansText(spans: Span[]): string {
  return spans.map(spanText).join("");
}

function spanText(span: Span): string {
  if (span.href) return linkText(span);
  let text = escapeMarkdown(span.text);
  if (span.bold || span.italic) {
    text = text
      .split("\n")
      .map((line) => {
        const m = /^(\s*)(.*?)(\s*)$/s.exec(line)!;
        if (!m[2]) return line;
        let core = m[2];
        if (span.italic) core = `*${core}*`;
        if (span.bold) core = `**${core}**`;
        return `${m[1]}${core}${m[3]}`;
      })
      .join("\n");
  }
  return text;
}

/** An https link masked by its text (the <> keeps Discord from adding a preview); tel: and mailto: as plain text. */
function linkText(span: Span): string {
  const href = span.href!;
  const shown = escapeMarkdown(span.text.trim()).replace(/[[\]]/g, "");
  if (!/^https:\/\//i.test(href)) {
    const target = href.replace(/^(tel|mailto):/i, "");
    return shown && shown !== target ? `${shown} (${target})` : target;
  }
  return shown ? `[${shown}](<${href.replace(/>/g, "%3E")}>)` : `<${href}>`;
}

/** Markdown characters in content text shown as themselves. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\*_~`|])/g, "\\$1").replace(/^(\s*)([#>]|-\s)/gm, "$1\\$2").replace(/@(everyone|here)/g, "@\u200b$1");
}

/** The plain text of a message as a member reads it (content and embeds, markdown markers removed): for tests and `say:discord`. */
export function shownText(message: Pick<DcMessage, "content" | "embeds">): string {
  const raw = [message.content ?? "", ...(message.embeds ?? []).map((e) => e.description)].filter(Boolean).join("\n\n");
  return raw
    .replace(/\[([^\]]*)\]\(<[^>]*>\)/g, "$1")
    .replace(/^### /gm, "")
    .replace(/\*\*|(?<!\\)\*/g, "")
    .replace(/\\([\\*_~`|#>-])/g, "$1");
}

/** The custom_ids of a message's buttons and the values of its select options. */
export function choiceIds(message: Pick<DcMessage, "components"> | undefined): string[] {
  return (message?.components ?? []).flatMap((row) => row.components.flatMap((c) => (c.type === 2 ? [c.custom_id] : c.options.map((o) => o.value))));
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
