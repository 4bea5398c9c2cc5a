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

/** The steps of the optional intake before a seeker waits for a counsellor. */
export type IntakeStep = "need" | "education" | "kecamatan";

/** Per-conversation state kept between messages. */
export interface ConversationState {
  /** topic of the last reply */
  lastTopic?: TopicId;
  /** the seeker is in a counsellor case: answering the intake, or waiting/talking (queued) */
  handoff?: { step: IntakeStep | "queued" };
  /** a case was closed: the next message may be its 1-5 rating */
  rating?: { caseId: number };
  /** when the seeker was last told they are sending too fast or are blocked (epoch ms) */
  quietNoticeAt?: number;
}

/** The seeker's open case as the store sees it. */
export interface OpenCase {
  id: number;
  status: "waiting" | "open";
  /** waiting cases created before this one */
  ahead: number;
}

/** Changes the engine asks the store to make in the same atomic write as the replies. */
export type Effect =
  | { type: "openCase"; topic: TopicId }
  | { type: "intake"; field: IntakeStep; value: string }
  | { type: "leaveCase" }
  | { type: "rate"; caseId: number; rating: number }
  /** the inbound message belongs to the open case */
  | { type: "toCase" }
  /** delete everything of this seeker on this channel, keeping anonymous counts */
  | { type: "erase" };

/** What the store holds about a seeker, for /datasaya (their own data only). */
export interface DataSummary {
  firstSeenAt: number;
  messages: number;
  recent: Array<{ direction: "in" | "out"; text: string; createdAt: number }>;
  cases: Array<{ id: number; status: string; intake: Record<string, string>; createdAt: number }>;
}
