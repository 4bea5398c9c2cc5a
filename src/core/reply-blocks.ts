/** The blocks a reply body shows, from the compiled content: what every channel renderer starts from. */
import type { ContentBundle } from "../content/types.ts";
import type { Block, GuideSection } from "./body.ts";
import { textBlocks } from "./rich.ts";
import type { ReplyBody } from "./types.ts";

/** A section's heading as a block (the opening has none: the guide's title is the chat's context). */
function withHeading(section: GuideSection): Block[] {
  return section.id === "" ? section.blocks : [{ type: "heading", spans: [{ text: section.title }] }, ...section.blocks];
}

/**
 * The blocks of a reply body: a guide's section (with its heading) or, without a section, every section
 * with its heading; a text as one paragraph per blank-line-separated part; a rich body's own blocks.
 */
export function replyBlocks(body: ReplyBody, content: ContentBundle): Block[] {
  if (body.kind === "text") return textBlocks(body.text);
  if (body.kind === "rich") return body.blocks;
  const topic = Object.hasOwn(content.topics, body.topic) ? content.topics[body.topic] : undefined;
  if (!topic) return textBlocks(body.topic);
  // A bundle compiled before guides had sections still answers with its plain text.
  const sections = topic.sections ?? [];
  if (sections.length === 0) return textBlocks(topic.text);
  if (body.section !== undefined) {
    const section = sections.find((s) => s.id === body.section);
    if (section) return withHeading(section);
  }
  return sections.flatMap(withHeading);
}
