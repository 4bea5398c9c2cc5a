/** Markdown a guide may not use, because no channel can show it (build time). */
import type { Token } from "markdown-it";

/** Rejects Markdown the channels cannot show, naming the line. */
export function checkTokens(tokens: Token[], bodyStart: number, fail: (line: number, message: string) => void): void {
  let listDepth = 0;
  let lastLine = 0;
  const walk = (list: Token[], inline: boolean) => {
    for (const t of list) {
      if (t.map) lastLine = t.map[0];
      const line = bodyStart + lastLine;
      switch (t.type) {
        case "heading_open":
          if (t.tag === "h1") fail(line, "a '#' heading is not allowed: the title comes from the front-matter; use '##'");
          if (t.tag === "h4" || t.tag === "h5" || t.tag === "h6") fail(line, "use '##' or '###' headings only");
          break;
        case "table_open":
          fail(line, "tables cannot be shown in chat; use a list instead");
          break;
        case "image":
          fail(line, "images are not supported in guides");
          break;
        case "fence":
        case "code_block":
          fail(line, "code blocks are not supported; write it as a normal paragraph (an indented line counts as code)");
          break;
        case "hr":
          fail(line, "horizontal lines ('---' or '***') are not supported in guides");
          break;
        case "bullet_list_open":
        case "ordered_list_open":
          listDepth++;
          if (listDepth > 2) fail(line, "lists may be nested one level deep at most");
          break;
        case "bullet_list_close":
        case "ordered_list_close":
          listDepth--;
          break;
        case "link_open": {
          const href = String(t.attrGet("href") ?? "");
          if (!/^(https:\/\/|mailto:|tel:)/.test(href)) fail(line, `the link '${href}' must start with https:// (or mailto:, tel:)`);
          break;
        }
        case "inline":
          if (t.children) walk(t.children, true);
          break;
      }
      if (inline && t.type === "text" && /<\/?[a-z][^>]*>/i.test(t.content)) {
        fail(line, "HTML tags are not allowed in guides; use Markdown");
      }
    }
  };
  walk(tokens, false);
}
