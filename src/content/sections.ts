/**
 * One section of a compiled guide as plain text, for the channels' renderers of a section reply
 * (`{ kind: "guide", topic, section }`). Sections are the guide's `##` parts with ids = sectionSlug(heading),
 * the same ids the router's index uses (content/index-builder.ts indexSections).
 */
import type { TopicId } from "../core/topics.ts";
import { indexSections } from "./index-builder.ts";
import type { ContentBundle } from "./types.ts";

/** The heading and the plain text of one section of a topic's guide; undefined when the guide has no such section. */
export function guideSection(content: ContentBundle, topic: TopicId, sectionId: string): { heading: string; text: string } | undefined {
  const guide = content.topics[topic];
  const index = content.index;
  const doc = index.docs.findIndex((d) => d.topic === topic);
  if (!guide || doc < 0 || !index.sections) return undefined;
  const headings = index.sections.list.filter((s) => s.doc === doc).map((s) => s.title);
  const section = indexSections(guide.text, headings).find((s) => s.id === sectionId);
  return section ? { heading: section.heading, text: section.text } : undefined;
}

/** The section as one plain text: its heading, a blank line, its text. */
export function guideSectionPlain(section: { heading: string; text: string }): string {
  return `${section.heading}\n\n${section.text}`;
}
