/**
 * The web-chat adapter of the channel contract. The widget reads every message from the conversation's log
 * (POST /messages answers with the replies, GET /messages polls the rest), so a message is delivered once it is
 * logged: `send` reports each reply as sent and the caller's log row is what the widget shows.
 */
import type { ChannelSender, Delivery } from "../../core/channel.ts";

/** The web-chat ChannelSender. */
export function webchatAdapter(): ChannelSender {
  return {
    name: "web",
    async send(conversationId, replies): Promise<Delivery[]> {
      if (!conversationId.startsWith("web:") || conversationId.length <= 4) {
        return replies.map(() => ({ status: "failed", error: "not a web-chat conversation", transient: false }));
      }
      return replies.map(() => ({ status: "sent" }));
    },
  };
}
