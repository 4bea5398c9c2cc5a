/**
 * The web-chat adapter of the channel contract. The widget reads every message from the conversation's log
 * (POST /messages answers with the replies, GET /messages polls the rest), so a message is delivered once it is
 * logged: `send` reports each reply as sent and the caller's log row is what the widget shows. Senders outside a
 * widget's own request (counsellor replies, the rating question, notices) store the row first, then call `send`,
 * which pushes to the conversation's open widgets when `push` is given (src/live/).
 */
import type { ChannelSender, Delivery } from "../../core/channel.ts";

/** The web-chat ChannelSender; `push` tells the conversation's open widgets that a stored message waits. */
export function webchatAdapter(push?: (conversationId: string) => Promise<void>): ChannelSender {
  return {
    name: "web",
    async send(conversationId, replies): Promise<Delivery[]> {
      if (!conversationId.startsWith("web:") || conversationId.length <= 4) {
        return replies.map(() => ({ status: "failed", error: "not a web-chat conversation", transient: false }));
      }
      // the caller stored the rows before sending: the widgets read them through the history API
      if (push) await push(conversationId);
      return replies.map(() => ({ status: "sent" }));
    },
  };
}
