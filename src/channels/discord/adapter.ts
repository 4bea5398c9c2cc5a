/**
 * The Discord channel adapter's sending half for messages the service starts (a counsellor's reply, the rating
 * question, weekly alerts, notices): each goes to the seeker by direct message (open the DM channel, then post in
 * it). A seeker who does not accept DMs from the bot (Discord 50007) is unreachable: the reply is marked undeliverable
 * with the reason, which the case page shows. Replies to an interaction go through the interaction instead
 * (interaction.ts).
 */
import type { ChannelSender, Delivery } from "../../core/channel.ts";
import type { OutgoingFile } from "../../core/types.ts";
import type { DiscordConfig } from "./config.ts";
import { type ApiFailure, type ApiOptions, discordCall } from "./api.ts";
import { type DcMessage, renderReplies } from "./render.ts";

/** Build the DM sender for one request or job. */
export function createDiscordSender(config: DiscordConfig, opts: ApiOptions = {}): ChannelSender {
  const dmChannels = new Map<string, string>();
  const dmChannel = async (userId: string): Promise<{ id: string } | ApiFailure> => {
    const known = dmChannels.get(userId);
    if (known) return { id: known };
    const res = await discordCall(config, "POST", "/users/@me/channels", { recipient_id: userId }, opts);
    if (!res.ok) return res;
    const id = typeof res.body.id === "string" ? res.body.id : "";
    if (!id) return { kind: "refused", error: "no DM channel id in Discord's answer" };
    dmChannels.set(userId, id);
    return { id };
  };
  return {
    name: "discord",
    async send(conversationId, replies, ctx): Promise<Delivery[]> {
      const userId = conversationId.startsWith("dc:") ? conversationId.slice(3) : "";
      if (!/^\d{1,20}$/.test(userId)) return replies.map(() => ({ status: "failed", error: "not a Discord conversation", transient: false }));
      // A counsellor's file goes as its own message (multipart) after the words; a file alone has no words to send.
      const rendered = renderReplies(replies.map(({ file: _file, ...words }) => words), ctx.content);
      const deliveries: Delivery[] = [];
      let failure: Delivery | undefined;
      for (const [i, rendering] of rendered.entries()) {
        const file = replies[i]!.file;
        const body = replies[i]!.body;
        const messages = file && body.kind === "text" && body.text.trim() === "" ? [] : rendering;
        if (failure) {
          deliveries.push(failure);
          continue;
        }
        const channel = await dmChannel(userId);
        if (!("id" in channel)) {
          failure = toDelivery(channel);
          deliveries.push(failure);
          continue;
        }
        let sent = await postAll(config, `/channels/${channel.id}/messages`, messages, opts);
        if (sent.ok && file) sent = await postFile(config, `/channels/${channel.id}/messages`, file, opts);
        if (sent.ok) deliveries.push({ status: "sent", ...(sent.messageId ? { externalMessageId: sent.messageId } : {}) });
        else {
          failure = toDelivery(sent);
          deliveries.push(failure);
        }
      }
      return deliveries;
    },
  };
}

/** Post the messages in order to `path`; the id of the last one, or the first failure. */
export async function postAll(
  config: DiscordConfig,
  path: string,
  messages: DcMessage[],
  opts: ApiOptions & { auth?: boolean },
): Promise<({ ok: true; messageId?: string }) | ({ ok: false } & ApiFailure)> {
  let messageId: string | undefined;
  for (const message of messages) {
    const res = await discordCall(config, "POST", path, message, opts);
    if (!res.ok) return res;
    if (typeof res.body.id === "string") messageId = res.body.id;
  }
  return { ok: true, ...(messageId ? { messageId } : {}) };
}

/** Post a stored file as a message with one attachment (multipart: payload_json and files[0]). */
async function postFile(config: DiscordConfig, path: string, file: OutgoingFile, opts: ApiOptions): Promise<({ ok: true; messageId?: string }) | ({ ok: false } & ApiFailure)> {
  const bytes = await file.read();
  if (!bytes) return { ok: false, kind: "refused", error: "the file is no longer in storage" };
  const form = new FormData();
  form.append("payload_json", JSON.stringify({ attachments: [{ id: 0, filename: file.name }], allowed_mentions: { parse: [] } }));
  form.append("files[0]", new Blob([bytes]), file.name);
  const res = await discordCall(config, "POST", path, form, opts);
  if (!res.ok) return res;
  return { ok: true, ...(typeof res.body.id === "string" ? { messageId: res.body.id } : {}) };
}

/** A failed call as the Delivery the core logs (the words show on the counsellor's case page). */
export function toDelivery(failure: ApiFailure): Delivery {
  switch (failure.kind) {
    case "unreachable":
      return { status: "failed", error: `the seeker does not accept direct messages from the bot on Discord (${failure.error})`, transient: false, unreachable: true };
    case "transient":
      return {
        status: "failed",
        error: failure.error,
        transient: true,
        ...(failure.retryAfterSeconds ? { retryAfterSeconds: failure.retryAfterSeconds } : {}),
        ...(failure.uncertain ? { uncertain: true } : {}),
      };
    case "token":
      return { status: "failed", error: `Discord bot token rejected (${failure.error})`, transient: false };
    case "gone":
      return { status: "failed", error: `the Discord interaction expired (${failure.error})`, transient: false };
    case "refused":
      return { status: "failed", error: `refused by Discord (${failure.error})`, transient: false };
  }
}
