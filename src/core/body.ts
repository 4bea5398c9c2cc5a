/**
 * The channel-neutral rich body of a reply: blocks of spans. Guides are compiled to it (split into sections
 * at their headings) and rich replies (vacancy lists and details, the scam check) are built from it; each
 * channel adapter renders it (Telegram HTML, the widget's allowlisted HTML, WhatsApp's *bold* text).
 */

/** A run of inline text; "\n" inside `text` is a line break. */
export interface Span {
  text: string;
  bold?: boolean;
  italic?: boolean;
  /** an https:, tel: or mailto: address the text links to */
  href?: string;
}

/** One block of a rich body. */
export type Block =
  | { type: "paragraph"; spans: Span[] }
  | { type: "heading"; spans: Span[] }
  | { type: "list"; ordered: boolean; items: Span[][] }
  | { type: "quote"; spans: Span[] };

/** One section of a compiled guide: the opening (id "") or the part under one heading. */
export interface GuideSection {
  /** the heading's slug: lowercase ASCII words joined by "-" (diacritics removed); "" for the opening */
  id: string;
  /** the heading's text; the guide's title for the opening */
  title: string;
  blocks: Block[];
}

/** The plain text of spans. */
export function spansText(spans: Span[]): string {
  return spans.map((s) => s.text).join("");
}

/** The slug of a heading, as section ids use it: "Berapa UMK 2026?" → "berapa-umk-2026". */
export function sectionSlug(heading: string): string {
  return heading
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
