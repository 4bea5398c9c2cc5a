/** Worker entry point: HTTP requests, the hourly housekeeping cron (rollup, retention), the weekly-alert and handoff-expiry crons, the live rooms. */
// compiles the listings code at isolate startup, outside the first listing request (src/listings/warm.ts)
import "./listings/warm.ts";
import { ALERTS_CRON, runAlerts } from "./alerts/run.ts";
import { createApp } from "./app.ts";
import { rollupStats } from "./counsellor/rollup.ts";
import { EXPIRY_CRON, expireIdleCases } from "./counsellor/expiry.ts";
import { failStalePending } from "./counsellor/service.ts";
import { createDb } from "./db/client.ts";
import { pruneExpired, pruneIdleSessions } from "./db/retention.ts";
import { clockFrom, type Env, handoffExpiryMinutes, retentionDays } from "./env.ts";
import { log } from "./log.ts";
import { sweepAfterErasure } from "./files/sweep.ts";

// The live rooms' Durable Object classes (wrangler.toml [[durable_objects.bindings]]).
export { ConversationRoom } from "./live/conversation-room.ts";
export { InboxRoom } from "./live/inbox-room.ts";

const app = createApp();

/**
 * The hourly housekeeping: roll up finished days' statistics (first, before anything is deleted), delete expired
 * conversations (keeping anonymous counts), idle web sessions, stuck sends.
 */
export async function housekeeping(env: Env, now: number = Date.now()): Promise<void> {
  const db = createDb(env.DB);
  const rolledUp = await rollupStats(db, now, clockFrom(env));
  const pruned = await pruneExpired(db, { now, days: retentionDays(env) });
  await pruneIdleSessions(db, now);
  // The R2 objects of the files of deleted conversations (retention above, and any erasure sweep that failed).
  const files = await sweepAfterErasure(env);
  const failed = await failStalePending(db, 10 * 60_000, now);
  log("info", "housekeeping", { statsDays: rolledUp.length, conversations: pruned.conversations, messages: pruned.messages, files, stuckSends: failed });
}

/** Close waiting cases the seeker never wrote to, with a polite note (its own cron: its own subrequest budget). */
export async function expireHandoffs(env: Env, now: number = Date.now()): Promise<void> {
  const result = await expireIdleCases(env, createDb(env.DB), { minutes: handoffExpiryMinutes(env), now });
  if (result.expired > 0) log("info", "handoffs expired", { cases: result.expired, notified: result.notified });
}

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    // Each cron expression is its own invocation; anything but the alert and expiry schedules is the hourly housekeeping.
    if (controller.cron === ALERTS_CRON) ctx.waitUntil(runAlerts(env));
    else if (controller.cron === EXPIRY_CRON) ctx.waitUntil(expireHandoffs(env));
    else ctx.waitUntil(housekeeping(env));
  },
} satisfies ExportedHandler<Env>;
