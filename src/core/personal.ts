/**
 * Flows that show or store one person's data (a counsellor case, the profile and its matches, a check of a
 * vacancy text the seeker received, the privacy rights): they answer only in a private conversation. A channel
 * with group chats asks this module whether a request is personal and, when it is, links to the same flow
 * in private with the start payload named here.
 */
import type { ContentBundle } from "../content/types.ts";
import { linkCodeOf } from "./link.ts";
import { isTopicId, type TopicId } from "./topics.ts";
import type { InboundEvent } from "./types.ts";

/** Topics whose flow is personal. */
export const PERSONAL_TOPICS: ReadonlySet<TopicId> = new Set<TopicId>(["konselor", "profil", "cek-lowongan"]);

/** Commands that are personal by themselves: the privacy rights and leaving the counsellor queue. */
export const PERSONAL_COMMANDS: ReadonlySet<string> = new Set(["datasaya", "hapusdata", "batal"]);

/**
 * The start payload that opens the same flow in private when `event` asks for a personal flow
 * ("profil", "konselor", "cek-lowongan", "datasaya", ...); undefined when the request is not personal.
 * Button presses are not judged here: a channel accepts them only in the private chat they were sent to.
 */
export function personalStartPayload(event: InboundEvent, content: ContentBundle): string | undefined {
  if (event.type !== "command") return undefined;
  if (PERSONAL_COMMANDS.has(event.command)) return event.command;
  if (event.command === "start") {
    // A "Lanjutkan di ..." code joins a private chat only: in a group it gets the private link with the same code.
    if (linkCodeOf(event)) return event.payload.trim();
    const payload = event.payload.trim().toLowerCase();
    if (PERSONAL_COMMANDS.has(payload)) return payload;
    return isTopicId(payload) && PERSONAL_TOPICS.has(payload) ? payload : undefined;
  }
  const topic = content.commands.find((c) => c.command === event.command)?.topic;
  return topic && PERSONAL_TOPICS.has(topic) ? topic : undefined;
}

/**
 * A deep link's `/start <command>` is that command (`/start datasaya` is `/datasaya`), so a private link
 * opens the privacy rights and leaving the queue like typing them does; topics already open by their id.
 */
export function startPayloadCommand(event: InboundEvent): InboundEvent {
  if (event.type !== "command" || event.command !== "start") return event;
  const payload = event.payload.trim().toLowerCase();
  return PERSONAL_COMMANDS.has(payload) ? { type: "command", command: payload, payload: "", text: event.text } : event;
}
