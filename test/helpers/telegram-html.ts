import type { ContentBundle } from "../../src/content/types.ts";
import { renderReply } from "../../src/channels/telegram/render.ts";
import type { TopicId } from "../../src/core/topics.ts";
/** A strict checker for Telegram's HTML parse mode: allowed tags only, balanced, entities escaped. */
const ALLOWED = new Set(["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "blockquote", "tg-spoiler", "span", "tg-emoji"]);
const ENTITY = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/i;

/** Problems found in `html`; empty when Telegram would accept it. */
export function telegramHtmlProblems(html: string): string[] {
  const problems: string[] = [];
  const visible = html.replace(/<[^>]*>/g, "").replace(/&(lt|gt|amp|quot);/g, "x");
  if ([...visible].length > 4096) problems.push(`text is ${[...visible].length} characters after parsing (max 4096)`);
  if (html.length > 4096) problems.push(`message is ${html.length} characters (keep under 4096)`);
  const stack: string[] = [];
  for (let i = 0; i < html.length; i++) {
    const ch = html[i];
    if (ch === "&") {
      if (!ENTITY.test(html.slice(i))) problems.push(`unescaped & at ${i}`);
    } else if (ch === ">") {
      problems.push(`unescaped > at ${i}`);
    } else if (ch === "<") {
      const end = html.indexOf(">", i);
      if (end < 0) {
        problems.push(`unescaped < at ${i}`);
        continue;
      }
      const tag = html.slice(i + 1, end);
      const closing = tag.startsWith("/");
      const name = (closing ? tag.slice(1) : tag).split(/\s/)[0]!.toLowerCase();
      if (!ALLOWED.has(name)) problems.push(`tag <${name}> is not allowed`);
      if (!closing && name === "a" && !/^a href="[^"<>]*"$/.test(tag)) problems.push(`bad link tag <${tag}>`);
      if (closing) {
        if (stack.pop() !== name) problems.push(`</${name}> closes the wrong tag`);
      } else {
        stack.push(name);
      }
      i = end;
    }
  }
  if (stack.length > 0) problems.push(`unclosed tags: ${stack.join(", ")}`);
  return problems;
}

/** The Telegram messages of a whole guide, as the bot renders it from the compiled sections. */
export function guideParts(content: ContentBundle, topic: TopicId): string[] {
  return renderReply({ topic, body: { kind: "guide", topic }, buttons: [] }, content).map((m) => m.text);
}
