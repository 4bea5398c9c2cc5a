/**
 * POST /discord: Discord's interactions endpoint. Every request is signed (signature.ts); a bad or missing signature
 * gets 401 before anything is read or logged. PING answers PONG; a slash command, a button press or a select choice
 * is answered by the core through the interaction (interaction.ts). Without the DISCORD_* settings the route answers 404.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { handleInbound } from "../../core/conversation.ts";
import { handoffLimitsFrom } from "../../core/flows/handoff.ts";
import { relayToStaff, staffChatId } from "../../counsellor/staff-group.ts";
import { createDb } from "../../db/client.ts";
import { createConversationStore } from "../../db/conversation-store.ts";
import { type Env, requestDeps, retentionDays, scheduleFrom, usageHeader } from "../../env.ts";
import { InvalidInput, parseInput } from "../../http/validate.ts";
import { announceEffects } from "../../live/notify.ts";
import { log } from "../../log.ts";
import { type DiscordConfig, discordConfig } from "./config.ts";
import { toInbound } from "./inbound.ts";
import { DEFAULT_BUDGET_MS, InteractionSession, ResponseType } from "./interaction.ts";
import { EPHEMERAL } from "./render.ts";
import { Interaction, InteractionType } from "./schema.ts";
import { checkSignature } from "./signature.ts";
import { dcStrings } from "./strings.ts";

/** Interactions are small; anything over this is refused with 413. */
export const MAX_INTERACTION_BYTES = 256 * 1024;

type DcEnv = { Bindings: Env; Variables: { requestId: string; discord: DiscordConfig } };

/** The interactions endpoint sub-app. */
export function discordWebhook() {
  const app = new Hono<DcEnv>();
  app.use(async (c, next) => {
    const config = discordConfig(c.env);
    if (!config) return c.json({ error: "not found" }, 404);
    c.set("discord", config);
    await next();
  });
  app.post(
    "/",
    bodyLimit({
      maxSize: MAX_INTERACTION_BYTES,
      onError: () => {
        throw new HTTPException(413, { message: `the interaction is larger than ${MAX_INTERACTION_BYTES} bytes` });
      },
    }),
    async (c) => {
      const config = c.get("discord");
      const raw = await c.req.arrayBuffer();
      // Nothing is read, logged or answered before the signature checks out.
      const problem = await checkSignature(config.publicKey, raw, c.req.header("X-Signature-Ed25519"), c.req.header("X-Signature-Timestamp"), Date.now());
      if (problem) throw new HTTPException(401, { message: `invalid request signature: ${problem}` });
      const interaction = parseBody(raw);
      if (interaction.type === InteractionType.PING) return c.json({ type: ResponseType.PONG });
      if (interaction.application_id !== config.applicationId) throw new InvalidInput([{ path: "application_id", message: "the interaction is for another application" }]);
      const receivedAt = Date.now();
      const parsed = toInbound(interaction, receivedAt);
      if (!parsed || !interaction.token) {
        // An unknown command (registered by an older version) or an interaction type BINJOL does not use.
        return c.json({ type: ResponseType.CHANNEL_MESSAGE, data: { content: dcStrings.nothing, flags: EPHEMERAL, allowed_mentions: { parse: [] } } });
      }
      const { inbound, inGuild, mayBePublic } = parsed;
      const { db, content, usage, listings } = await requestDeps(c.env);
      const session = new InteractionSession(config, { id: interaction.id, token: interaction.token, inGuild, mayBePublic });
      const budget = responseBudget(c.env);
      // A member flooding the bot gets one polite notice, then silence (every interaction is still logged).
      const limiter = c.env.DISCORD_CHAT_LIMITER;
      const throttled = limiter ? !(await limiter.limit({ key: inbound.conversationId })).success : false;
      const work = handleInbound(inbound, {
        throttled,
        store: createConversationStore(db),
        content,
        sender: session.sender,
        schedule: scheduleFrom(c.env),
        retentionDays: retentionDays(c.env),
        handoffLimits: handoffLimitsFrom(c.env.HANDOFF_LIMITS),
        listings,
      });
      const done = work.then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      );
      void done.then(() => session.finish());
      if (budget <= 0) session.defer();
      const timer = setTimeout(() => session.defer(), Math.max(budget, 0));
      const response = await session.decision;
      clearTimeout(timer);
      const requestId = c.get("requestId");
      const staff = done.then(async (outcome) => {
        if ("error" in outcome) {
          if (response) log("error", "discord interaction failed", { requestId, error: outcome.error instanceof Error ? outcome.error.name : "unknown", message: outcome.error instanceof Error ? outcome.error.message.slice(0, 200) : undefined });
          return;
        }
        const result = outcome.result;
        if (result.status === "handled") await announceEffects(c.env, result.applied, inbound.conversationId);
        if (result.status === "handled" && result.effects.length > 0 && staffChatId(c.env) !== undefined) {
          await relayToStaff(c.env, createDb(c.env.DB), inbound, result.effects, result.loggedText, result.staffThreads ?? []);
        }
      });
      if (!response) {
        // Nothing was sent: a duplicate of an answered interaction, or the work failed before answering.
        const outcome = await done;
        if ("error" in outcome) throw outcome.error;
        c.executionCtx.waitUntil(staff);
        return c.json({ type: ResponseType.CHANNEL_MESSAGE, data: { content: dcStrings.duplicate, flags: EPHEMERAL, allowed_mentions: { parse: [] } } });
      }
      if (response.type === ResponseType.CHANNEL_MESSAGE) {
        // Answered in time: the reply is logged before Discord sees it (the commit follows the send at once).
        await done;
      }
      c.executionCtx.waitUntil(staff);
      session.acknowledge();
      const metrics = usageHeader(c.env, usage);
      if (metrics) c.header("X-Binjol-Usage", metrics);
      return c.json(response);
    },
  );
  return app;
}

/** Milliseconds the endpoint waits for the answer before it defers (DISCORD_RESPONSE_BUDGET_MS; 0 defers every answer). */
function responseBudget(env: Env): number {
  const value = Number(env.DISCORD_RESPONSE_BUDGET_MS);
  return env.DISCORD_RESPONSE_BUDGET_MS !== undefined && env.DISCORD_RESPONSE_BUDGET_MS !== "" && Number.isFinite(value) ? Math.min(value, 2500) : DEFAULT_BUDGET_MS;
}

function parseBody(raw: ArrayBuffer): Interaction {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(raw));
  } catch {
    throw new InvalidInput([{ path: "", message: "the body is not valid JSON" }]);
  }
  return parseInput(Interaction, value);
}
