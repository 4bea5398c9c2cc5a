/**
 * The grammY bot: translates updates to the core and renders replies back; no business rules live here.
 * Private chats get the whole service; groups get answers to commands addressed to the bot, except personal
 * flows (the core names them), which get one short message with a private link instead. A button press
 * counts only in the private chat its button was sent to.
 */
import { Bot, Composer, type Context } from "grammy";
import type { CallbackQuery, InlineKeyboardMarkup, UserFromGetMe } from "grammy/types";
import type { ContentBundle } from "../../content/types.ts";
import type { Listings } from "../../listings/types.ts";
import { type HandoffLimits } from "../../core/flows/handoff.ts";
import { handleInbound, type ChannelPort, type Delivery } from "../../core/conversation.ts";
import type { Schedule } from "../../core/schedule.ts";
import type { ConversationStore } from "../../core/store.ts";
import { personalStartPayload } from "../../core/personal.ts";
import { strings } from "../../core/strings.ts";
import { isTopicId } from "../../core/topics.ts";
import type { Effect, Inbound, Reply } from "../../core/types.ts";
import { log } from "../../log.ts";
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
  /** daily counsellor-handoff limits (HANDOFF_LIMITS) */
  handoffLimits?: HandoffLimits;
  /** loads the vacancy and training listings when an answer needs them */
  listings?: () => Promise<Listings>;
  /** called after a message that changed a counsellor case was answered (the staff-group relay) */
  onCaseEvent?: (inbound: Inbound, effects: Effect[], loggedText: string, staffThreads: number[]) => void;
  /** the staff group (STAFF_CHAT_ID): a button press there is answered silently */
  staffChatId?: number;
  /** the seeker blocked the bot in this conversation ("tg:<chat id>"): nothing more can reach them */
  onBotBlocked?: (conversationId: string) => Promise<void>;
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
  // A button press counts only in the private chat its button was sent to, pressed by that chat's person.
  // Anywhere else (a group, the staff group, an inline message) it only stops the button's spinner.
  composer.on("callback_query", async (ctx, next) => {
    const q = ctx.callbackQuery;
    if (q.message?.chat.type === "private" && q.message.chat.id === q.from.id) return next();
    await ctx.answerCallbackQuery(refusedPress(config, q, deps.staffChatId)).catch(() => undefined);
  });
  // Edits, channel posts and other update kinds never trigger a reply.
  composer.chatType("private").on(["message", "callback_query"], async (ctx) => {
    const inbound = toInbound(ctx.update, config.username, deps.now?.() ?? Date.now());
    if (inbound) await converse(ctx, inbound, deps, telegramPort(ctx));
  });
  // The seeker blocked the bot: weekly alerts stop at once instead of after the next digest's 403.
  composer.chatType("private").on("my_chat_member", async (ctx) => {
    if (ctx.myChatMember.new_chat_member.status === "kicked") await deps.onBotBlocked?.(`tg:${ctx.chat.id}`);
  });
  composer.chatType(["group", "supergroup"]).on("message", async (ctx) => {
    const inbound = toInbound(ctx.update, config.username, deps.now?.() ?? Date.now());
    if (!inbound) return;
    const payload = personalStartPayload(inbound.event, deps.content);
    if (payload === undefined) {
      await converse(ctx, inbound, deps, telegramPort(ctx, config.username));
      return;
    }
    // A personal flow asked for in front of the group: one short message with the link to the same flow in
    // private; nothing of the member's is read, stored or shown here. A group flooding the bot gets silence.
    if (await deps.isThrottled?.(inbound)) return;
    const link = privateLink(config.username, payload);
    await ctx
      .reply(strings.group.privateOnly(link), {
        reply_parameters: { message_id: ctx.message.message_id, allow_sending_without_reply: true },
        reply_markup: { inline_keyboard: [[{ text: strings.group.openPrivate, url: link }]] },
        link_preview_options: { is_disabled: true },
      })
      .catch((err: unknown) => log("warn", "group notice not sent", { error: err instanceof Error ? err.name : "unknown", message: err instanceof Error ? err.message.slice(0, 200) : undefined }));
  });
  return composer;
}

async function converse(ctx: Context, inbound: Inbound, deps: BotDeps, channel: ChannelPort): Promise<void> {
  const result = await handleInbound(inbound, {
    store: deps.store,
    content: deps.content,
    channel,
    ...(deps.schedule ? { schedule: deps.schedule } : {}),
    throttled: (await deps.isThrottled?.(inbound)) ?? false,
    ...(deps.retentionDays ? { retentionDays: deps.retentionDays } : {}),
    ...(deps.handoffLimits ? { handoffLimits: deps.handoffLimits } : {}),
    ...(deps.listings ? { listings: deps.listings } : {}),
  });
  if (result.status === "handled" && result.effects.length > 0) deps.onCaseEvent?.(inbound, result.effects, result.loggedText, result.staffThreads ?? []);
}

/** `https://t.me/<bot>?start=<payload>`: opens the private chat with the bot and, after Start, the same flow. */
export function privateLink(username: string, payload?: string): string {
  const valid = payload !== undefined && /^[A-Za-z0-9_-]{1,64}$/.test(payload);
  return `https://t.me/${username}${valid ? `?start=${payload}` : ""}`;
}

/** How a press outside its private chat is answered: silently in the staff group, elsewhere with a hint and the private chat. */
function refusedPress(config: TelegramConfig, q: CallbackQuery, staffChatId: number | undefined) {
  const chat = q.message?.chat;
  if (!chat || chat.id === staffChatId) return {};
  if (chat.type === "private") return { text: strings.group.buttonPrivateOnly };
  const topic = q.data?.startsWith("t:") ? q.data.slice(2) : q.data === "menu" ? "menu" : "";
  return { text: strings.group.buttonPrivateOnly, url: privateLink(config.username, isTopicId(topic) ? topic : undefined) };
}

/** In a group, the reply's buttons (which work only in private) become one link to the same topic in private. */
function groupKeyboard(username: string, reply: Reply): InlineKeyboardMarkup {
  const payload = reply.topic === "unknown" ? undefined : reply.topic;
  return { inline_keyboard: [[{ text: strings.group.openPrivate, url: privateLink(username, payload) }]] };
}

/**
 * Sends replies through the Bot API for one update and reports each delivery; in a forum topic the replies
 * go to that topic. `groupOf` is the bot's username when the chat is a group (buttons become a private link).
 */
function telegramPort(ctx: Context, groupOf?: string): ChannelPort {
  return {
    async deliver(replies: Reply[], content: ContentBundle): Promise<Delivery[]> {
      if (ctx.callbackQuery) {
        // Stop the button's spinner; a failure here must not block the reply.
        await ctx.answerCallbackQuery().catch(() => undefined);
      }
      const chatId = ctx.chatId;
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
            const markup = msg.reply_markup && groupOf !== undefined ? groupKeyboard(groupOf, reply) : msg.reply_markup;
            // ctx.reply answers in the forum topic the message came from (message_thread_id).
            const sent = await ctx.reply(msg.text, {
              parse_mode: "HTML",
              link_preview_options: { is_disabled: true },
              ...(markup ? { reply_markup: markup } : {}),
            });
            lastId = sent.message_id;
          }
          deliveries.push({ status: "sent", ...(lastId !== undefined ? { externalMessageId: String(lastId) } : {}) });
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
