/** POST /telegram: the webhook Telegram calls; validates the request at the edge and hands the update to the bot. */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { BotError } from "grammy";
import { and, eq } from "drizzle-orm";
import { stopAlertsUnreachable } from "../../alerts/run.ts";
import { createDb } from "../../db/client.ts";
import { profiles, seekers } from "../../db/schema.ts";
import { createConversationStore } from "../../db/conversation-store.ts";
import { handoffLimitsFrom } from "../../core/flows/handoff.ts";
import { type Env, requestDeps, retentionDays, scheduleFrom, telegramConfig, usageHeader } from "../../env.ts";
import { announceEffects } from "../../live/notify.ts";
import { log } from "../../log.ts";
import { createBot } from "./bot.ts";
import { sweepAfterErasure } from "../../files/sweep.ts";
import { telegramUpdate } from "./update-schema.ts";
import { handleStaffMessage, isStaffUpdate, relayToStaff, staffChatId } from "../../counsellor/staff-group.ts";

/** Telegram's updates are far smaller; anything over this is refused with 413. */
export const MAX_UPDATE_BYTES = 1024 * 1024;

/** The webhook sub-app. */
export function telegramWebhook() {
  const app = new Hono<{ Bindings: Env; Variables: { requestId: string } }>();
  app.post(
    "/",
    async (c, next) => {
      const expected = c.env.TELEGRAM_WEBHOOK_SECRET;
      if (!expected) throw new HTTPException(503, { message: "the webhook secret is not configured" });
      const given = c.req.header("X-Telegram-Bot-Api-Secret-Token") ?? "";
      if (!timingSafeEqual(given, expected)) throw new HTTPException(401, { message: "missing or wrong secret token" });
      await next();
    },
    bodyLimit({
      maxSize: MAX_UPDATE_BYTES,
      onError: () => {
        throw new HTTPException(413, { message: `the update is larger than ${MAX_UPDATE_BYTES} bytes` });
      },
    }),
    telegramUpdate,
    async (c) => {
      const update = c.req.valid("json");
      const { db, content, usage, listings } = await requestDeps(c.env);
      if (isStaffUpdate(c.env, update)) {
        await handleStaffMessage(c.env, createDb(c.env.DB), update);
        return c.json({ ok: true });
      }
      let unhandled = false;
      const bot = createBot(telegramConfig(c.env), {
        store: createConversationStore(db),
        content,
        schedule: scheduleFrom(c.env),
        retentionDays: retentionDays(c.env),
        handoffLimits: handoffLimitsFrom(c.env.HANDOFF_LIMITS),
        listings,
        staffChatId: staffChatId(c.env),
        files: {
          bucket: c.env.FILES,
          db,
          token: c.env.TELEGRAM_BOT_TOKEN,
          fileRoot: (c.env.TELEGRAM_FILE_ROOT || telegramConfig(c.env).apiRoot).replace(/\/+$/, ""),
        },
        onErased: () => sweepAfterErasure(c.env),
        onBotBlocked: async (conversationId) => {
          // In a private chat the chat id is the user's id: the seeker's row by its unique key, then the profile by its primary key.
          const seeker = db.select({ id: seekers.id }).from(seekers).where(and(eq(seekers.channel, "telegram"), eq(seekers.externalId, conversationId.slice(3))));
          await stopAlertsUnreachable(db, and(eq(profiles.seekerId, seeker), eq(profiles.alertConversationId, conversationId)), Date.now());
        },
        isThrottled: async (inbound) => {
          const limiter = c.env.TELEGRAM_CHAT_LIMITER;
          return limiter ? !(await limiter.limit({ key: inbound.conversationId })).success : false;
        },
        // The bot's error boundary contained a bug: logged here, answered 200 so Telegram does not retry it forever.
        // The inbound message is already logged (status "received") when the failure came after the first batch.
        onUnhandled: (err, updateId) => {
          unhandled = true;
          log("error", "update failed", { requestId: c.get("requestId"), updateId, error: err instanceof Error ? err.name : "unknown", message: err instanceof Error ? err.message.slice(0, 200) : undefined });
        },
        onApplied: (inbound, applied) => c.executionCtx.waitUntil(announceEffects(c.env, applied, inbound.conversationId)),
        onCaseEvent: (inbound, effects, text, threads) => {
          if (staffChatId(c.env) !== undefined) c.executionCtx.waitUntil(relayToStaff(c.env, createDb(c.env.DB), inbound, effects, text, threads));
        },
      });
      try {
        await bot.handleUpdate(update);
      } catch (caught) {
        // Only what the error boundary rethrew arrives here: errors Telegram should retry (503 from app.ts).
        throw caught instanceof BotError ? caught.error : caught;
      }
      if (unhandled) return c.json({ ok: false, error: "the update could not be handled; it was logged" });
      const metrics = usageHeader(c.env, usage);
      if (metrics) c.header("X-Binjol-Usage", metrics);
      return c.json({ ok: true });
    },
  );
  return app;
}

function timingSafeEqual(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  return x.length > 0 && x.length === y.length && crypto.subtle.timingSafeEqual(x, y);
}
