/** Sends one message to a seeker outside a webhook (counsellor replies, the rating question). */
import { Api } from "grammy";
import type { Delivery } from "../../core/conversation.ts";
import type { Button } from "../../core/types.ts";
import type { TelegramConfig } from "./bot.ts";
import { clipText, escapeHtml, keyboardFor, MESSAGE_LIMIT } from "./render.ts";
import { boundedRetry, classifyApiError } from "./retry.ts";

/** Send plain `text` (escaped for HTML) with optional buttons; honours retry_after within bounds. */
export async function sendToTelegram(config: TelegramConfig, chatId: number, text: string, buttons: Button[] = []): Promise<Delivery> {
  const api = new Api(config.token, { apiRoot: config.apiRoot, timeoutSeconds: 8 });
  // Counsellor replies are not under a webhook deadline: wait a little longer for a 429's retry_after.
  api.config.use(boundedRetry({ attempts: 4, maxDelaySeconds: 10 }));
  const keyboard = keyboardFor(buttons);
  try {
    const sent = await api.sendMessage(chatId, escapeHtml(clipText(text, MESSAGE_LIMIT)), {
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
      ...(keyboard ? { reply_markup: keyboard } : {}),
    });
    return { status: "sent", externalMessageId: String(sent.message_id) };
  } catch (err) {
    const c = classifyApiError(err);
    return { status: "failed", error: c.error, transient: c.transient, ...(c.retryAfterSeconds ? { retryAfterSeconds: c.retryAfterSeconds } : {}) };
  }
}
