/**
 * GET /whatsapp (Meta's subscription handshake) and POST /whatsapp (messages and delivery reports, signed with
 * X-Hub-Signature-256). Without the WHATSAPP_* settings both answer 404.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { and, eq } from "drizzle-orm";
import { stopAlertsUnreachable } from "../../alerts/run.ts";
import type { ContentBundle } from "../../content/types.ts";
import type { ChannelSender } from "../../core/channel.ts";
import { handleInbound } from "../../core/conversation.ts";
import { isRetryable } from "../../core/errors.ts";
import { handoffLimitsFrom } from "../../core/flows/handoff.ts";
import type { Inbound } from "../../core/types.ts";
import { relayToStaff, staffChatId } from "../../counsellor/staff-group.ts";
import { createDb, type Db } from "../../db/client.ts";
import { createConversationStore } from "../../db/conversation-store.ts";
import { profiles, seekers } from "../../db/schema.ts";
import { type Env, requestDeps, retentionDays, scheduleFrom, usageHeader } from "../../env.ts";
import { InvalidInput, parseInput } from "../../http/validate.ts";
import { discardFile, inboundFileOf, linkFile } from "../../files/store.ts";
import { sweepAfterErasure } from "../../files/sweep.ts";
import { announceEffects } from "../../live/notify.ts";
import { log } from "../../log.ts";
import { createWhatsAppSender, type WhatsAppSender } from "./adapter.ts";
import { type WhatsAppConfig, whatsappConfig } from "./config.ts";
import { parseWebhook, type WhatsAppMedia } from "./inbound.ts";
import { takeWhatsAppMedia } from "./media.ts";
import { WebhookBody } from "./schema.ts";
import { sameToken, verifySignature } from "./signature.ts";
import { applyStatuses } from "./statuses.ts";

/** Meta's webhook bodies are small; anything over this is refused with 413. */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

type WaEnv = { Bindings: Env; Variables: { requestId: string; whatsapp: WhatsAppConfig } };

/** The webhook sub-app. */
export function whatsappWebhook() {
  const app = new Hono<WaEnv>();
  app.use(async (c, next) => {
    const config = whatsappConfig(c.env);
    if (!config) return c.json({ error: "not found" }, 404);
    c.set("whatsapp", config);
    await next();
  });
  app.get("/", (c) => {
    const config = c.get("whatsapp");
    const mode = c.req.query("hub.mode");
    const token = c.req.query("hub.verify_token") ?? "";
    const challenge = c.req.query("hub.challenge") ?? "";
    if (mode !== "subscribe" || !sameToken(token, config.verifyToken) || !/^[\w.-]{1,256}$/.test(challenge)) {
      throw new HTTPException(403, { message: "wrong verify token" });
    }
    return c.text(challenge);
  });
  app.post(
    "/",
    bodyLimit({
      maxSize: MAX_WEBHOOK_BYTES,
      onError: () => {
        throw new HTTPException(413, { message: `the webhook body is larger than ${MAX_WEBHOOK_BYTES} bytes` });
      },
    }),
    async (c) => {
      const config = c.get("whatsapp");
      const raw = await c.req.arrayBuffer();
      // Nothing is read, logged or sent before the signature checks out.
      if (!(await verifySignature(config.appSecret, raw, c.req.header("X-Hub-Signature-256")))) {
        throw new HTTPException(401, { message: "missing or wrong X-Hub-Signature-256" });
      }
      const body = parseBody(raw);
      const { inbound, statuses } = parseWebhook(body, config.phoneNumberId, Date.now());
      const { db, content, usage, listings } = await requestDeps(c.env);
      if (statuses.length > 0) await applyStatuses(db, statuses);
      const sender = createWhatsAppSender(config);
      let retry: unknown;
      for (const message of inbound) {
        try {
          await answer(c.env, config, db, content, listings, sender, message, (p) => c.executionCtx.waitUntil(p));
        } catch (err) {
          if (isRetryable(err)) {
            // Another copy is being answered, or nothing could be delivered: Meta retries the whole body later,
            // and the messages already answered are duplicates then.
            retry ??= err;
            continue;
          }
          log("error", "whatsapp message failed", { requestId: c.get("requestId"), error: err instanceof Error ? err.name : "unknown", message: err instanceof Error ? err.message.slice(0, 200) : undefined });
        }
      }
      if (retry) throw retry;
      const metrics = usageHeader(c.env, usage);
      if (metrics) c.header("X-Binjol-Usage", metrics);
      return c.json({ ok: true });
    },
  );
  return app;
}

function parseBody(raw: ArrayBuffer): WebhookBody {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(raw));
  } catch {
    throw new InvalidInput([{ path: "", message: "the body is not valid JSON" }]);
  }
  return parseInput(WebhookBody, value);
}

/** Answer one inbound message through the core; the reply goes out through the adapter inside the open window. */
async function answer(
  env: Env,
  config: WhatsAppConfig,
  db: Db,
  content: ContentBundle,
  listings: () => Promise<import("../../listings/types.ts").Listings>,
  sender: WhatsAppSender,
  message: Inbound & { wamid: string; media?: WhatsAppMedia },
  waitUntil: (p: Promise<unknown>) => void,
): Promise<void> {
  // A photo or document is stored (R2) before the core sees it; the core hears it was stored or why not.
  const accepted = message.media && message.event.type === "media" ? await takeWhatsAppMedia(config, { bucket: env.FILES, db }, message.media, message.conversationId, message.receivedAt) : undefined;
  const inbound: Inbound & { wamid: string } =
    accepted && message.event.type === "media" ? { ...message, event: { ...message.event, file: inboundFileOf(accepted) } } : message;
  const stored = accepted?.ok ? accepted.file : undefined;
  const limiter = env.WHATSAPP_CHAT_LIMITER;
  const throttled = limiter ? !(await limiter.limit({ key: inbound.conversationId })).success : false;
  let unreachable = false;
  // A reply to this message is inside the 24-hour window the message itself opened.
  const replySender: ChannelSender = {
    name: "whatsapp",
    async send(conversationId, replies, ctx) {
      const deliveries = await sender.send(conversationId, replies, { ...ctx, lastInboundAt: ctx.lastInboundAt ?? inbound.receivedAt });
      unreachable = deliveries.some((d) => d.unreachable);
      return deliveries;
    },
  };
  let result;
  try {
    result = await handleInbound(inbound, {
      store: createConversationStore(db),
      content,
      sender: replySender,
      schedule: scheduleFrom(env),
      throttled,
      retentionDays: retentionDays(env),
      handoffLimits: handoffLimitsFrom(env.HANDOFF_LIMITS),
      listings,
    });
  } catch (err) {
    if (stored) await discardFile(env.FILES, stored);
    throw err;
  }
  if (stored) {
    // A duplicate (Meta's retry of a message already answered) keeps the first copy's file only.
    if (result.status === "handled") await linkFile(db, stored, { conversationId: inbound.conversationId, messageId: result.inboundId, sender: "seeker", now: inbound.receivedAt });
    else await discardFile(env.FILES, stored);
  }
  if (result.status !== "handled") return;
  if (result.erased) waitUntil(sweepAfterErasure(env));
  await sender.markRead(inbound.wamid);
  if (unreachable) {
    const seeker = db.select({ id: seekers.id }).from(seekers).where(and(eq(seekers.channel, "whatsapp"), eq(seekers.externalId, inbound.seekerKey)));
    await stopAlertsUnreachable(db, and(eq(profiles.seekerId, seeker), eq(profiles.alertConversationId, inbound.conversationId)), Date.now());
  }
  waitUntil(announceEffects(env, result.applied, inbound.conversationId));
  if (result.effects.length > 0 && staffChatId(env) !== undefined) {
    waitUntil(relayToStaff(env, createDb(env.DB), inbound, result.effects, result.loggedText, result.staffThreads ?? []));
  }
}
