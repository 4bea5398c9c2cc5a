/**
 * The grammY bot: translates updates to the core and sends the replies through the Telegram adapter; no business
 * rules live here. One Composer per feature: membership (a seeker blocking the bot), buttons, private chats
 * (the whole service) and groups (answers to commands addressed to the bot, except personal flows, which get one
 * short message with a private link instead). A button press counts only in the private chat its button was sent
 * to. An error boundary rethrows what Telegram must retry and contains the rest.
 */
import { Bot, BotError, Composer, type Context } from "grammy";
import type { CallbackQuery, UserFromGetMe } from "grammy/types";
import type { ContentBundle } from "../../content/types.ts";
import type { Listings } from "../../listings/types.ts";
import { type HandoffLimits } from "../../core/flows/handoff.ts";
import { handleInbound } from "../../core/conversation.ts";
import { discardFile, inboundFileOf, linkFile } from "../../files/store.ts";
import { fileOf, takeTelegramFile, type TelegramFiles } from "./files.ts";
import { isRetryable } from "../../core/errors.ts";
import type { Schedule } from "../../core/schedule.ts";
import type { ConversationStore } from "../../core/store.ts";
import { PERSONAL_COMMANDS, personalStartPayload } from "../../core/personal.ts";
import { strings } from "../../core/strings.ts";
import { isTopicId } from "../../core/topics.ts";
import type { Effect, Inbound } from "../../core/types.ts";
import { log } from "../../log.ts";
import { privateLink, RETRY_BUDGET, telegramAdapter, type TelegramConfig } from "./adapter.ts";
import { commandInbound, toInbound } from "./inbound.ts";
import { boundedRetry } from "./retry.ts";

export { privateLink, type TelegramConfig } from "./adapter.ts";

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
  /** every handled message with all the effects the store applied (the dashboard's live inbox) */
  onApplied?: (inbound: Inbound, applied: Effect[]) => void;
  /** the staff group (STAFF_CHAT_ID): a button press there is answered silently */
  staffChatId?: number;
  /** the seeker blocked the bot in this conversation ("tg:<chat id>"): nothing more can reach them */
  onBotBlocked?: (conversationId: string) => Promise<void>;
  /** an update failed for a reason retrying will not fix (a bug): it was contained, the webhook answers 200 */
  onUnhandled?: (error: unknown, updateId: number) => void;
  /** where seekers' documents and photos go (R2); without it they are answered as before, not stored */
  files?: TelegramFiles;
  /** after an erasure: delete the erased files' R2 objects */
  onErased?: () => Promise<unknown>;
}

/** Build the bot for one request. Retryable errors propagate (wrapped in BotError) to the HTTP layer. */
export function createBot(config: TelegramConfig, deps: BotDeps): Bot {
  const bot = new Bot(config.token, {
    botInfo: botInfoFrom(config),
    client: { apiRoot: config.apiRoot, timeoutSeconds: 8 },
  });
  // The adapter's retry budget; every update's ctx.api inherits it.
  bot.api.config.use(boundedRetry(RETRY_BUDGET));
  bot.errorBoundary(
    boundary(config, deps),
    membership(deps),
    buttons(config, deps),
    privateChats(config, deps),
    groups(config, deps),
  );
  return bot;
}

/**
 * Rethrow what Telegram should deliver again (storage down, the same update in flight, no reply delivered), so the
 * webhook answers non-2xx; anything else is a bug that a retry would repeat forever: report it and answer 200.
 */
function boundary(config: TelegramConfig, deps: BotDeps) {
  return async (err: BotError<Context>): Promise<void> => {
    if (isRetryable(err.error)) throw err.error;
    deps.onUnhandled?.(err.error, err.ctx.update.update_id);
    // In a private chat the seeker hears that their message was kept, instead of silence.
    const chat = err.ctx.chat;
    if (chat?.type !== "private") return;
    const apology = { topic: "unknown" as const, body: { kind: "text" as const, text: strings.updateFailed }, buttons: [] };
    await telegramAdapter(config, { api: err.ctx.api }).send(`tg:${chat.id}`, [apology], { content: deps.content, purpose: "notice", now: deps.now?.() ?? Date.now() });
  };
}

/** The seeker blocked the bot: weekly alerts stop at once instead of after the next digest's 403. */
function membership(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.chatType("private").on("my_chat_member", async (ctx) => {
    if (ctx.myChatMember.new_chat_member.status === "kicked") await deps.onBotBlocked?.(`tg:${ctx.chat.id}`);
  });
  return composer;
}

/**
 * Button presses. One counts only in the private chat its button was sent to, pressed by that chat's person; anywhere
 * else (a group, the staff group, an inline message) it only stops the button's spinner, with a hint.
 */
function buttons(config: TelegramConfig, deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const own = composer.chatType("private").filter((ctx) => ctx.callbackQuery?.from.id === ctx.chat.id);
  own.callbackQuery(/^/, async (ctx) => {
    // Stop the button's spinner first; a failure here must not block the reply.
    await ctx.answerCallbackQuery().catch(() => undefined);
    await converse(ctx, config, deps);
  });
  composer.on("callback_query", async (ctx) => {
    await ctx.answerCallbackQuery(refusedPress(config, ctx.callbackQuery, deps.staffChatId)).catch(() => undefined);
  });
  return composer;
}

/** Commands the core answers by name besides the content's own (content.commands). */
const CORE_COMMANDS = ["start", "menu", "bantuan", "help", "konselor", ...PERSONAL_COMMANDS];

/**
 * Private chats get the whole service; edits, channel posts and other update kinds never trigger a reply. Each
 * command the core knows goes through grammY's `command` filter (the command entity, its @bot target, the payload as
 * ctx.match); the edge schema (update-schema.ts) guarantees the entity shapes that filter reads. Any other message,
 * an unknown or differently cased command among them, is read by inbound.ts (the core answers an unknown command).
 */
function privateChats(config: TelegramConfig, deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const chat = composer.chatType("private");
  const names = new Set([...CORE_COMMANDS, ...deps.content.commands.map((c) => c.command)]);
  for (const name of names) {
    chat.command(name, (ctx) => converse(ctx, config, deps, commandInbound(ctx.update, name, ctx.match, deps.now?.() ?? Date.now())));
  }
  chat.on("message", (ctx) => converse(ctx, config, deps));
  return composer;
}

/**
 * Groups: only commands addressed to the bot are answered. A personal flow asked for in front of the group gets one
 * short message with the link to the same flow in private; nothing of the member's is read, stored or shown there.
 */
function groups(config: TelegramConfig, deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.chatType(["group", "supergroup"]).on("message::bot_command", async (ctx) => {
    const inbound = toInbound(ctx.update, config.username, deps.now?.() ?? Date.now());
    if (!inbound) return;
    const payload = personalStartPayload(inbound.event, deps.content);
    if (payload === undefined) return converse(ctx, config, deps, inbound);
    // A group flooding the bot gets silence.
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

/**
 * Hand one update to the core; the replies go out through the Telegram adapter on this update's client (its retry
 * budget), into the forum topic the message came from.
 */
async function converse(ctx: Context, config: TelegramConfig, deps: BotDeps, inbound = toInbound(ctx.update, config.username, deps.now?.() ?? Date.now())): Promise<void> {
  if (!inbound) return;
  const threadId = ctx.message?.is_topic_message ? ctx.message.message_thread_id : undefined;
  // A document or photo in a private chat is stored (R2) before the core sees it; the core hears it was stored or why not.
  const wanted = deps.files && inbound.event.type === "media" && ctx.message && ctx.chat?.type === "private" ? fileOf(ctx.message) : undefined;
  const accepted = wanted && deps.files ? await takeTelegramFile(deps.files, wanted, inbound.conversationId, inbound.receivedAt) : undefined;
  if (accepted && inbound.event.type === "media") inbound = { ...inbound, event: { ...inbound.event, file: inboundFileOf(accepted) } };
  const stored = accepted?.ok ? accepted.file : undefined;
  let result;
  try {
    result = await handleInbound(inbound, {
    store: deps.store,
    content: deps.content,
    sender: telegramAdapter(config, {
      api: ctx.api,
      ...(threadId !== undefined ? { threadId } : {}),
      // a press on a list's paging button turns that list message to the new page
      ...(ctx.callbackQuery?.message ? { editMessageId: ctx.callbackQuery.message.message_id } : {}),
    }),
    ...(deps.schedule ? { schedule: deps.schedule } : {}),
    throttled: (await deps.isThrottled?.(inbound)) ?? false,
    ...(deps.retentionDays ? { retentionDays: deps.retentionDays } : {}),
    ...(deps.handoffLimits ? { handoffLimits: deps.handoffLimits } : {}),
    ...(deps.listings ? { listings: deps.listings } : {}),
    });
  } catch (err) {
    if (stored) await discardFile(deps.files?.bucket, stored);
    throw err;
  }
  if (stored) {
    if (result.status === "handled") await linkFile(deps.files!.db, stored, { conversationId: inbound.conversationId, messageId: result.inboundId, sender: "seeker", now: inbound.receivedAt });
    else await discardFile(deps.files?.bucket, stored);
  }
  if (result.status === "handled") deps.onApplied?.(inbound, result.applied);
  if (result.status === "handled" && result.erased) await deps.onErased?.();
  if (result.status === "handled" && result.effects.length > 0) deps.onCaseEvent?.(inbound, result.effects, result.loggedText, result.staffThreads ?? []);
}

/** How a press outside its private chat is answered: silently in the staff group, elsewhere with a hint and the private chat. */
function refusedPress(config: TelegramConfig, q: CallbackQuery, staffChatId: number | undefined) {
  const chat = q.message?.chat;
  if (!chat || chat.id === staffChatId) return {};
  if (chat.type === "private") return { text: strings.group.buttonPrivateOnly };
  const topic = q.data?.startsWith("t:") ? q.data.slice(2) : q.data === "menu" ? "menu" : "";
  return { text: strings.group.buttonPrivateOnly, url: privateLink(config.username, isTopicId(topic) ? topic : undefined) };
}
