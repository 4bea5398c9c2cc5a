/** Buttons the core offers, shared by the engine and its flows. */
import type { ContentBundle } from "../content/types.ts";
import { strings } from "./strings.ts";
import type { TopicId } from "./topics.ts";
import type { Button } from "./types.ts";

/** Actions carried by buttons; short enough for Telegram's 64-byte callback_data. */
export const actions = {
  menu: "menu",
  topic: (id: TopicId) => `t:${id}`,
  /** the whole guide of a topic, even of a job topic whose `t:` opens its lists (answered by the job flows, jobActions.guide) */
  guide: (id: TopicId) => `g:${id}`,
  /** one section of a guide; a long section id is cut to fit 64 bytes and found again by its prefix */
  section: (id: TopicId, sectionId: string) => `s:${id}:${sectionId}`.slice(0, MAX_ACTION_BYTES),
} as const;

/** Telegram's callback_data limit; actions are ASCII, so characters are bytes. */
export const MAX_ACTION_BYTES = 64;
const MAX_SECTION_LABEL = 40;

/** The sections of a topic's guide (openings excluded), in order, as the router's index knows them. */
export function guideSections(content: ContentBundle, id: TopicId): Array<{ id: string; title: string }> {
  const index = content.index;
  const doc = index.docs.findIndex((d) => d.topic === id);
  if (doc < 0 || !index.sections) return [];
  return index.sections.list.filter((s) => s.doc === doc).map((s) => ({ id: s.id, title: s.title }));
}

/** A section of a topic's guide by its id or, from a cut action, the prefix of its id. */
export function findSection(content: ContentBundle, id: TopicId, sectionId: string): { id: string; title: string } | undefined {
  const sections = guideSections(content, id);
  return sections.find((s) => s.id === sectionId) ?? (sectionId ? sections.find((s) => s.id.startsWith(sectionId)) : undefined);
}

/** "📖 Read the whole guide". */
export function guideButton(id: TopicId): Button {
  return { label: strings.fullGuide, action: actions.guide(id) };
}

/** The button that opens one section of a guide, labelled with its heading. */
export function sectionButton(id: TopicId, section: { id: string; title: string }): Button {
  const title = [...section.title];
  const label = title.length > MAX_SECTION_LABEL ? `${title.slice(0, MAX_SECTION_LABEL - 1).join("").trimEnd()}…` : section.title;
  return { label: `📄 ${label}`, action: actions.section(id, section.id) };
}

/** The button that opens a topic, labelled as in the menu. */
export function topicButton(content: ContentBundle, id: TopicId): Button {
  return { label: content.topics[id]?.menuLabel ?? content.topics[id]?.title ?? id, action: actions.topic(id) };
}

/** "Back to the menu". */
export function menuButton(): Button {
  return { label: strings.backToMenu, action: actions.menu };
}

/** The main menu's services, in order. */
export function menuButtons(content: ContentBundle): Button[] {
  return content.menu.map((id) => topicButton(content, id));
}

/** Drop repeated actions, keeping the first. */
export function dedupeButtons(buttons: Button[]): Button[] {
  const seen = new Set<string>();
  return buttons.filter((b) => (seen.has(b.action) ? false : (seen.add(b.action), true)));
}
