/** Buttons the core offers, shared by the engine and its flows. */
import type { ContentBundle } from "../content/types.ts";
import { strings } from "./strings.ts";
import type { TopicId } from "./topics.ts";
import type { Button } from "./types.ts";

/** Actions carried by buttons; short enough for Telegram's 64-byte callback_data. */
export const actions = {
  menu: "menu",
  topic: (id: TopicId) => `t:${id}`,
} as const;

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
