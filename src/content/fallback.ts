/** A minimal bundle used when KV holds no content yet, so the bot answers politely instead of failing. */
import { strings } from "../core/strings.ts";
import { TOPIC_IDS, type TopicId } from "../core/topics.ts";
import type { CompiledTopic, ContentBundle } from "./types.ts";

/** Every topic answers with the "service is being updated" notice. */
export function fallbackBundle(): ContentBundle {
  const text = strings.contentUnavailable;
  const topics = {} as Record<TopicId, CompiledTopic>;
  TOPIC_IDS.forEach((id, order) => {
    topics[id] = { id, title: "BINJOL", order, related: [], reviewed: "", sections: [{ id: "", title: "BINJOL", blocks: [{ type: "paragraph", spans: [{ text }] }] }], text };
  });
  return {
    version: "fallback",
    builtAt: "",
    office: {},
    topics,
    menu: [],
    commands: [],
    index: { docs: [], avgLen: 1, postings: {}, phrases: [] },
    blobs: {},
  };
}
