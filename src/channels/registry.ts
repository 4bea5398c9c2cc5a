/**
 * The registered channel adapters, looked up by a conversation id's prefix (core/channel.ts channelOf). Every
 * message the service sends goes through `sendTo` or a sender from `channelSenders`: replies, counsellor
 * messages, the rating question, weekly alerts and notices.
 */
import { channelOf, type ChannelName, type ChannelSender, type Delivery, type SendContext } from "../core/channel.ts";
import type { Reply } from "../core/types.ts";
import { type Env, telegramConfig } from "../env.ts";
import { pushToConversation } from "../live/notify.ts";
import { log } from "../log.ts";
import { telegramAdapter } from "./telegram/adapter.ts";
import { webchatAdapter } from "./webchat/adapter.ts";
import { createWhatsAppSender } from "./whatsapp/adapter.ts";
import { whatsappConfig } from "./whatsapp/config.ts";
import { createDiscordSender } from "./discord/adapter.ts";
import { discordConfig } from "./discord/config.ts";

/** Options every adapter accepts. */
export interface ChannelOptions {
  /** tests: the fetch the channels' API clients use (to record or fail calls) */
  fetch?: typeof fetch;
}

/** One registered channel: its name and how to build its sender from the environment. */
export interface ChannelAdapter {
  readonly name: ChannelName;
  /** the sender, or undefined when the channel is not configured in this environment */
  create(env: Env, options: ChannelOptions): ChannelSender | undefined;
}

/** Every channel BINJOL sends on. A new channel adds its adapter here (and its prefix in core/channel.ts). */
export const ADAPTERS: readonly ChannelAdapter[] = [
  { name: "telegram", create: (env, options) => telegramAdapter(telegramConfig(env), options.fetch ? { fetch: options.fetch } : {}) },
  { name: "web", create: (env) => webchatAdapter((conversationId) => pushToConversation(env, conversationId)) },
  {
    name: "whatsapp",
    create: (env, options) => {
      const config = whatsappConfig(env);
      return config ? createWhatsAppSender(config, options.fetch ? { fetch: options.fetch } : {}) : undefined;
    },
  },
  {
    name: "discord",
    create: (env, options) => {
      const config = discordConfig(env);
      return config ? createDiscordSender(config, options.fetch ? { fetch: options.fetch } : {}) : undefined;
    },
  },
];

/** The senders of one environment, built on first use. */
export interface ChannelSenders {
  /** The adapter of the conversation's channel, or undefined for an unknown or unconfigured channel. */
  senderFor(conversationId: string): ChannelSender | undefined;
  /** Send through the conversation's adapter; one Delivery per reply. Never throws. */
  sendTo(conversationId: string, replies: Reply[], ctx: SendContext): Promise<Delivery[]>;
}

/** The channel senders of `env`. */
export function channelSenders(env: Env, options: ChannelOptions = {}, adapters: readonly ChannelAdapter[] = ADAPTERS): ChannelSenders {
  const built = new Map<ChannelName, ChannelSender | undefined>();
  const senderFor = (conversationId: string): ChannelSender | undefined => {
    const name = channelOf(conversationId);
    if (!name) return undefined;
    if (!built.has(name)) built.set(name, adapters.find((a) => a.name === name)?.create(env, options));
    return built.get(name);
  };
  return {
    senderFor,
    async sendTo(conversationId, replies, ctx) {
      const sender = senderFor(conversationId);
      if (!sender) return replies.map(() => ({ status: "failed", error: "no channel for this conversation", transient: false }));
      try {
        return await sender.send(conversationId, replies, ctx);
      } catch (err) {
        // The contract says send never throws; a bug in an adapter still must not lose the caller's log row.
        log("error", "channel send threw", { channel: sender.name, error: err instanceof Error ? err.name : "unknown", message: err instanceof Error ? err.message.slice(0, 200) : undefined });
        return replies.map(() => ({ status: "failed", error: "unexpected error while sending", transient: true }));
      }
    },
  };
}

/** Send `replies` to one conversation through its channel's adapter. Never throws. */
export function sendTo(env: Env, conversationId: string, replies: Reply[], ctx: SendContext, options: ChannelOptions = {}): Promise<Delivery[]> {
  return channelSenders(env, options).sendTo(conversationId, replies, ctx);
}
