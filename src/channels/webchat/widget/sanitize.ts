/** Turns guide HTML from the content compiler into fresh DOM, keeping only an allowlist. */
import { S } from "./strings.ts";

/** Allowed elements, mapped to what is rendered (guide headings sit below the panel's h2). */
const TAGS: Record<string, string> = {
  P: "p", H2: "h3", H3: "h4", STRONG: "strong", EM: "em", UL: "ul", OL: "ol", LI: "li",
  A: "a", BLOCKQUOTE: "blockquote", CODE: "code", BR: "br",
};

/** Elements dropped with everything inside them; other unknown elements are unwrapped to their text. */
const DROP = /^(SCRIPT|STYLE|TEMPLATE|IFRAME|OBJECT|EMBED|NOSCRIPT|TEXTAREA|SELECT|SVG|MATH|HEAD|TITLE)$/;

const safeHref = (href: string | null): string | null => {
  if (!href) return null;
  try {
    const url = new URL(href);
    return /^(https|mailto|tel):$/.test(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
};

/** A command the server linked ("command:/ak1"): the command, or null. */
const commandOf = (href: string | null): string | null => /^command:(\/[a-z][a-z0-9_]{1,31})$/.exec(href ?? "")?.[1] ?? null;

function copy(from: Node, to: Node): void {
  for (let n = from.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 3) {
      to.appendChild(document.createTextNode(n.nodeValue ?? ""));
      continue;
    }
    if (n.nodeType !== 1) continue;
    const tag = (n as Element).tagName.toUpperCase();
    const mapped = TAGS[tag];
    if (!mapped) {
      if (!DROP.test(tag)) copy(n, to);
      continue;
    }
    const cmd = mapped === "a" ? commandOf((n as Element).getAttribute("href")) : null;
    if (cmd) {
      // a button that sends the command (view.ts listens on the log), never a link to follow
      const b = document.createElement("button");
      b.type = "button";
      b.className = "cmd";
      b.dataset.cmd = cmd;
      b.textContent = cmd;
      to.appendChild(b);
      continue;
    }
    const el = document.createElement(mapped);
    const href = mapped === "a" ? safeHref((n as Element).getAttribute("href")) : null;
    if (mapped === "a" && !href) {
      copy(n, to);
      continue;
    }
    copy(n, el);
    if (href) {
      el.setAttribute("href", href);
      if (href.startsWith("https:")) {
        el.setAttribute("target", "_blank");
        el.setAttribute("rel", "noopener noreferrer");
        const note = document.createElement("span");
        note.className = "sr";
        note.textContent = S.newTab;
        el.appendChild(note);
      }
    }
    to.appendChild(el);
  }
}

/** Parse `html` inertly and rebuild only allowed elements and attributes; null when the page forbids parsing. */
export function sanitize(html: string): DocumentFragment | null {
  try {
    const t = document.createElement("template");
    t.innerHTML = html;
    const out = document.createDocumentFragment();
    copy(t.content, out);
    return out;
  } catch {
    // e.g. a host page enforcing Trusted Types: the caller shows the plain text instead
    return null;
  }
}
