/** The grammY bot: translates updates to the core and renders replies back; no business rules live here. */
import { Bot, Composer, type Context } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { ContentBundle } from "../../content/types.ts";
import type { Listings } from "../../listings/types.ts";
import { handleInbound, type ChannelPort, type Delivery } from "../../core/conversation.ts";
import type { Schedule } from "../../core/schedule.ts";
import type { ConversationStore } from "../../core/store.ts";
import type { Effect, Inbound, Reply } from "../../core/types.ts";
import { toInbound } from "./inbound.ts";
import { renderReply } from "./render.ts";
import { boundedRetry, classifyApiError } from "./retry.ts";

/** Telegram settings from the environment. */
export interface TelegramConfig {
  token: string;
  apiRoot: string;
  username: string;
  name: string;
}

/** botInfo from configuration: the numeric part of the token is the bot's id, so no getMe is needed. */
export function botInfoFrom(config: TelegramConfig): UserFromGetMe {
  const id = Number(config.token.split(":")[0]);
  return {
    id: Number.isSafeInteger(id) ? id : 0,
    is_bot: true,
    first_name: config.name,
    username: config.username,
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
  } as UserFromGetMe;
}

/** Per-update dependencies. */
export interface BotDeps {
  store: ConversationStore;
  content: ContentBundle;
  schedule?: Schedule;
  now?: () => number;
  /** true when this conversation is over its flood limit (Workers rate limiting) */
  isThrottled?: (inbound: Inbound) => Promise<boolean>;
  retentionDays?: number;
  /** loads the vacancy and training listings when an answer needs them */
  listings?: () => Promise<Listings>;
  /** called after a message that changed a counsellor case was answered (the staff-group relay) */
  onCaseEvent?: (inbound: Inbound, effects: Effect[], loggedText: string, staffThreads: number[]) => void;
}

/** Build the bot for one request. Errors propagate (wrapped in BotError) to the HTTP layer. */
export function createBot(config: TelegramConfig, deps: BotDeps): Bot {
  const bot = new Bot(config.token, {
    botInfo: botInfoFrom(config),
    client: { apiRoot: config.apiRoot, timeoutSeconds: 8 },
  });
  bot.api.config.use(boundedRetry({ attempts: 3, maxDelaySeconds: 3 }));
  bot.use(conversationComposer(config, deps));
  return bot;
}

function conversationComposer(config: TelegramConfig, deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  // Edits, channel posts and other update kinds never trigger a reply.
  composer.on(["message", "callback_query"], async (ctx) => {
    const inbound = toInbound(ctx.update, config.username, deps.now?.() ?? Date.now());
    if (!inbound) return;
    const result = await handleInbound(inbound, {
      store: deps.store,
      content: deps.content,
      channel: telegramPort(ctx),
      ...(deps.schedule ? { schedule: deps.schedule } : {}),
      throttled: (await deps.isThrottled?.(inbound)) ?? false,
      ...(deps.retentionDays ? { retentionDays: deps.retentionDays } : {}),
      ...(deps.listings ? { listings: deps.listings } : {}),
    });
    if (result.status === "handled" && result.effects.length > 0) deps.onCaseEvent?.(inbound, result.effects, result.loggedText, result.staffThreads ?? []);
  });
  return composer;
}

/** Sends replies through the Bot API for one update and reports each delivery. */
function telegramPort(ctx: Context): ChannelPort {
  return {
    async deliver(replies: Reply[], content: ContentBundle): Promise<Delivery[]> {
      if (ctx.callbackQuery) {
        // Stop the button's spinner; a failure here must not block the reply.
        await ctx.answerCallbackQuery().catch(() => undefined);
      }
      const chatId = ctx.chat?.id ?? ctx.from?.id;
      const deliveries: Delivery[] = [];
      let failure: Delivery | undefined;
      for (const reply of replies) {
        if (failure || chatId === undefined) {
          deliveries.push(failure ?? { status: "failed", error: "no chat to answer", transient: false });
          continue;
        }
        try {
          let lastId: number | undefined;
          for (const msg of renderReply(reply, content)) {
            const sent = await ctx.api.sendMessage(chatId, msg.text, {
              parse_mode: "HTML",
              link_preview_options: { is_disabled: true },
              ...(msg.reply_markup ? { reply_markup: msg.reply_markup } : {}),
            });
            lastId = sent.message_id;
          }
          deliveries.push({ status: "sent", ...(lastId !== undefined ? { externalMessageId: lastId } : {}) });
        } catch (err) {
          const c = classifyApiError(err);
          failure = { status: "failed", error: c.error, transient: c.transient, ...(c.retryAfterSeconds ? { retryAfterSeconds: c.retryAfterSeconds } : {}) };
          deliveries.push(failure);
        }
      }
      return deliveries;
    },
  };
}
