/**
 * The channel contract: every message the service sends, to any channel, goes through one adapter per
 * channel (src/channels/<name>/adapter.ts), looked up by the conversation id's prefix. The core knows the
 * shapes below and nothing of any channel's API or markup.
 */
import type { ContentBundle } from "../content/types.ts";
import type { Reply } from "./types.ts";

/** The channels BINJOL runs on; the prefix of a conversation id ("tg:", "web:", "wa:", "dc:") names its channel. */
export type ChannelName = "telegram" | "web" | "whatsapp" | "discord";

/** How one reply's delivery went. */
export interface Delivery {
  /** "pending": accepted by the channel, its fate reported later (WhatsApp statuses) */
  status: "sent" | "failed" | "pending";
  /** the channel's id of the (last) message sent for this reply: Telegram message_id, WhatsApp wamid */
  externalMessageId?: string;
  /** plain words for the dashboard, e.g. "blocked by the user" */
  error?: string;
  /** true when trying again later may succeed (network, 5xx, 429) */
  transient?: boolean;
  retryAfterSeconds?: number;
  /** no answer came (network error, timeout): the message may have arrived, so it is not sent again blindly */
  uncertain?: boolean;
  /** the seeker cannot be reached on this channel any more (bot blocked, not a WhatsApp user): stop alerts */
  unreachable?: boolean;
}

/** Why the service sends: windowed channels (WhatsApp's 24 hours) pick a template outside the window by it. */
export type SendPurpose = "reply" | "counsellor" | "rating" | "alert" | "notice";

/** What a send needs besides the replies. */
export interface SendContext {
  content: ContentBundle;
  purpose: SendPurpose;
  /** epoch ms of the seeker's last inbound message in this conversation (WhatsApp's customer-service window) */
  lastInboundAt?: number;
  /** epoch ms now (injectable clock) */
  now: number;
}

/** The outbound half of a channel adapter, as the core and every bot-initiated sender use it. */
export interface ChannelSender {
  readonly name: ChannelName;
  /** Send the replies in order to one conversation; one Delivery per reply, in the same order. Never throws. */
  send(conversationId: string, replies: Reply[], ctx: SendContext): Promise<Delivery[]>;
}

/** The channel of a conversation id, from its prefix; undefined for an unknown prefix. */
export function channelOf(conversationId: string): ChannelName | undefined {
  if (conversationId.startsWith("tg:")) return "telegram";
  if (conversationId.startsWith("web:")) return "web";
  if (conversationId.startsWith("wa:")) return "whatsapp";
  if (conversationId.startsWith("dc:")) return "discord";
  return undefined;
}
