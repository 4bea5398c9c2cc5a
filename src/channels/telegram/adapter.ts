/**
 * The Telegram adapter of the channel contract: every message the service sends to a Telegram chat (replies,
 * counsellor messages, the rating question, weekly alerts, notices) goes through `send`, rendered by render.ts,
 * under one retry budget, with Bot API failures mapped to Deliveries. The one Bot API client outside grammY's Bot.
 */
import { Api, GrammyError, HttpError, InputFile } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import type { ChannelSender, Delivery, SendContext, SendPurpose } from "../../core/channel.ts";
import { strings } from "../../core/strings.ts";
import type { Reply } from "../../core/types.ts";
import { renderReply } from "./render.ts";
import { boundedRetry, type RetryOptions } from "./retry.ts";

/** Telegram settings from the environment. */
export interface TelegramConfig {
  token: string;
  apiRoot: string;
  username: string;
  name: string;
}

/** Seconds one Bot API call may take before it counts as a network failure. */
export const TIMEOUT_SECONDS = 8;

/** The retry budget of every Telegram send: 3 tries, waiting for a 429's retry_after only up to 5 s. */
export const RETRY_BUDGET: RetryOptions = { attempts: 3, maxDelaySeconds: 5 };

/**
 * Per purpose, how far the budget goes. Weekly alerts try once: the cron paces its batch, defers a digest on a
 * 429 or 5xx to a later run and must stay under the subrequest limit, so a retry inside the run would only cost.
 */
const BUDGETS: Record<SendPurpose, RetryOptions> = {
  reply: RETRY_BUDGET,
  counsellor: RETRY_BUDGET,
  rating: RETRY_BUDGET,
  notice: RETRY_BUDGET,
  alert: { attempts: 1, maxDelaySeconds: 0 },
};

/** Options of one adapter instance. */
export interface TelegramSendOptions {
  /** the Bot API client to use (the webhook's bot.api, which already carries the budget); otherwise one per purpose */
  api?: Api;
  /** the forum topic the replies go to (a group's message in a topic) */
  threadId?: number;
  /** the message whose button was pressed: a reply marked inPlace (a list's next page) edits it instead of sending anew */
  editMessageId?: number;
  /** tests: the fetch the Bot API client uses */
  fetch?: typeof fetch;
}

/** A Bot API client with the retry budget of `purpose` installed; the Worker's only Api constructor call. */
export function telegramApi(config: TelegramConfig, purpose: SendPurpose = "reply", fetchImpl?: typeof fetch): Api {
  const api = new Api(config.token, { apiRoot: config.apiRoot, timeoutSeconds: TIMEOUT_SECONDS, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
  api.config.use(boundedRetry(BUDGETS[purpose]));
  return api;
}

/** The chat id of a "tg:<chat id>" conversation, or undefined. */
export function telegramChatId(conversationId: string): number | undefined {
  const m = /^tg:(-?\d{1,16})$/.exec(conversationId);
  const id = m ? Number(m[1]) : NaN;
  return Number.isSafeInteger(id) && id !== 0 ? id : undefined;
}

/** The Telegram ChannelSender. */
export function telegramAdapter(config: TelegramConfig, options: TelegramSendOptions = {}): ChannelSender {
  const apis = new Map<SendPurpose, Api>();
  const apiFor = (purpose: SendPurpose): Api => {
    if (options.api) return options.api;
    let api = apis.get(purpose);
    if (!api) apis.set(purpose, (api = telegramApi(config, purpose, options.fetch)));
    return api;
  };
  return {
    name: "telegram",
    async send(conversationId: string, replies: Reply[], ctx: SendContext): Promise<Delivery[]> {
      const chatId = telegramChatId(conversationId);
      if (chatId === undefined) return replies.map(() => ({ status: "failed", error: "not a Telegram conversation", transient: false }));
      // Group chats have negative ids: only the answer to a command asked there goes to a group, never a
      // counsellor message, an alert or a notice (no case or profile opens in a group).
      if (chatId < 0 && ctx.purpose !== "reply") {
        return replies.map(() => ({ status: "failed", error: "a group chat: counsellor messages, alerts and notices go to private chats only", transient: false }));
      }
      const api = apiFor(ctx.purpose);
      const deliveries: Delivery[] = [];
      // After one failure the rest of the replies are not tried: they would arrive out of order.
      let failure: Delivery | undefined;
      for (const reply of replies) {
        if (failure) {
          deliveries.push(failure);
          continue;
        }
        try {
          let lastId: number | undefined;
          // A counsellor's file sent without words: the document alone.
          const bare = reply.file && reply.body.kind === "text" && !reply.body.text.trim();
          const messages = bare ? [] : renderReply(reply, ctx.content);
          if (reply.inPlace && options.editMessageId !== undefined && messages.length === 1 && chatId > 0) {
            if (await editInPlace(api, chatId, options.editMessageId, messages[0]!)) {
              deliveries.push({ status: "sent", externalMessageId: String(options.editMessageId) });
              continue;
            }
          }
          for (const msg of messages) {
            const markup = msg.reply_markup && chatId < 0 ? groupKeyboard(config.username, reply) : msg.reply_markup;
            const sent = await api.sendMessage(chatId, msg.text, {
              parse_mode: "HTML",
              link_preview_options: { is_disabled: true },
              ...(markup ? { reply_markup: markup } : {}),
              ...(options.threadId !== undefined ? { message_thread_id: options.threadId } : {}),
            });
            lastId = sent.message_id;
          }
          if (reply.file) {
            const bytes = await reply.file.read();
            if (!bytes) throw new MissingFile();
            const sent = await api.sendDocument(chatId, new InputFile(bytes, reply.file.name), {
              ...(options.threadId !== undefined ? { message_thread_id: options.threadId } : {}),
            });
            lastId = sent.message_id;
          }
          deliveries.push({ status: "sent", ...(lastId !== undefined ? { externalMessageId: String(lastId) } : {}) });
        } catch (err) {
          failure = deliveryOfError(err);
          deliveries.push(failure);
        }
      }
      return deliveries;
    },
  };
}

/**
 * Replace the pressed message's text and buttons. True when it shows the new page (also when it already did: Telegram's
 * "message is not modified"); false when it cannot be edited (too old, deleted), and the page is sent as a new message.
 */
async function editInPlace(api: Api, chatId: number, messageId: number, msg: ReturnType<typeof renderReply>[number]): Promise<boolean> {
  try {
    await api.editMessageText(chatId, messageId, msg.text, {
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
      ...(msg.reply_markup ? { reply_markup: msg.reply_markup } : {}),
    });
    return true;
  } catch (err) {
    if (err instanceof GrammyError && err.error_code === 400) return /message is not modified/i.test(err.description);
    throw err;
  }
}

/**
 * A failed Bot API call as a Delivery: 403 (bot blocked, account deactivated) and "chat not found" → unreachable;
 * 429 → transient with retryAfterSeconds; 5xx → transient; no answer (network, timeout) → transient and uncertain.
 */
export function deliveryOfError(err: unknown): Delivery {
  if (err instanceof MissingFile) return { status: "failed", error: "the attached file is no longer stored", transient: false };
  if (err instanceof GrammyError) {
    if (err.error_code === 403) return { status: "failed", error: `blocked: ${err.description}`, transient: false, unreachable: true };
    if (err.error_code === 429) {
      return { status: "failed", error: "rate limited by Telegram", transient: true, retryAfterSeconds: err.parameters.retry_after ?? 5 };
    }
    if (err.error_code >= 500) return { status: "failed", error: `Telegram error ${err.error_code}`, transient: true };
    if (err.error_code === 400 && /chat not found|user is deactivated/i.test(err.description)) {
      return { status: "failed", error: `refused: ${err.description}`, transient: false, unreachable: true };
    }
    return { status: "failed", error: `refused: ${err.description}`, transient: false };
  }
  if (err instanceof HttpError) return { status: "failed", error: "network error reaching Telegram", transient: true, uncertain: true };
  return { status: "failed", error: "unexpected error while sending", transient: true };
}

/** A reply's file whose bytes are gone from storage (erased between the upload and the send). */
class MissingFile extends Error {
  override readonly name = "MissingFile";
}

/** `https://t.me/<bot>?start=<payload>`: opens the private chat with the bot and, after Start, the same flow. */
export function privateLink(username: string, payload?: string): string {
  const valid = payload !== undefined && /^[A-Za-z0-9_-]{1,64}$/.test(payload);
  return `https://t.me/${username}${valid ? `?start=${payload}` : ""}`;
}

/** In a group, the reply's buttons (which work only in private) become one link to the same topic in private. */
function groupKeyboard(username: string, reply: Reply): InlineKeyboardMarkup {
  const payload = reply.topic === "unknown" ? undefined : reply.topic;
  return { inline_keyboard: [[{ text: strings.group.openPrivate, url: privateLink(username, payload) }]] };
}
