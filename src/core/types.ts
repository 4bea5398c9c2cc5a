import type { TopicId } from "./topics.ts";

/** The channels a conversation can run on; WhatsApp would be one more adapter. */
export type Channel = "telegram" | "web";

/** What a seeker did, already translated from the channel's own format. */
export type InboundEvent =
  | { type: "text"; text: string }
  | { type: "command"; command: string; payload: string; text: string }
  | { type: "action"; action: string }
  | { type: "media"; media: MediaKind; caption?: string };

/** Non-text message kinds the bot answers politely but does not process. */
export type MediaKind =
  | "photo"
  | "voice"
  | "audio"
  | "video"
  | "video_note"
  | "sticker"
  | "document"
  | "location"
  | "contact"
  | "animation"
  | "other";

/** One inbound message in channel-neutral form. */
export interface Inbound {
  channel: Channel;
  /** the channel's conversation id with its channel prefix: "tg:123", "web:<uuid>" */
  conversationId: string;
  /** the seeker's identity on that channel (Telegram user id, web session id) */
  seekerKey: string;
  /** unique per delivery of this message: Telegram update id, web clientMessageId */
  dedupeKey: string;
  /** the channel's own id of the inbound message, when it has one */
  externalMessageId?: number;
  /** epoch milliseconds */
  receivedAt: number;
  event: InboundEvent;
}

/** A quick-reply button: what it shows and the action it sends back. */
export interface Button {
  label: string;
  /** at most 64 bytes (Telegram callback_data) */
  action: string;
}

/** What a reply shows: a compiled guide, or a short plain text from the strings module. */
export type ReplyBody = { kind: "guide"; topic: TopicId } | { kind: "text"; text: string };

/** One reply of the bot; adapters render it for their channel. */
export interface Reply {
  topic: TopicId;
  body: ReplyBody;
  buttons: Button[];
}

/** Per-conversation state kept between messages. */
export interface ConversationState {
  /** topic of the last reply */
  lastTopic?: TopicId;
}
