/**
 * Waiting cases the seeker never wrote to expire (security review M3): after HANDOFF_EXPIRY_MINUTES a waiting case
 * without any text or media from the seeker beyond the request is closed with outcome "expired", the conversation
 * leaves the handoff, and the seeker gets a polite note. Runs on its own cron (EXPIRY_CRON), so its subrequests
 * never share the weekly-alert run's budget.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { channelSenders } from "../channels/registry.ts";
import { fallbackBundle } from "../content/fallback.ts";
import { loadContent } from "../content/store.ts";
import type { Delivery } from "../core/channel.ts";
import { strings } from "../core/strings.ts";
import type { Reply } from "../core/types.ts";
import type { Db } from "../db/client.ts";
import { recordDeliveries } from "../db/deliveries.ts";
import { cases, conversations, messages } from "../db/schema.ts";
import type { Env } from "../env.ts";
import { newMessageId } from "../db/message-id.ts";

/** Every ten minutes (its own invocation, with its own 50 subrequests, also in a minute with an alert run). */
export const EXPIRY_CRON = "2,12,22,32,42,52 * * * *";

/**
 * Cases expired per run. A note is one send with at most 4 attempts (the adapters' retry budget), so 5 notes cost at
 * most 20 subrequests, plus 3 D1 round trips: under half of the free plan's 50 per invocation. 144 runs a day × 5 =
 * 720 a day, far more than the handoff limits let wait unanswered.
 */
export const EXPIRY_BATCH = 5;

/** The outcome of an expired case (excluded from the counsellors' outcome figures like spam). */
export const EXPIRED = "expired";

/** "2 jam", "45 menit", "1 jam 30 menit". */
export function durationText(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h ? `${h} jam` : "", m ? `${m} menit` : ""].filter(Boolean).join(" ");
}

/** Expire idle waiting cases; returns how many expired and how many Telegram notes were delivered. */
export async function expireIdleCases(env: Env, db: Db, opts: { minutes: number; now?: number; batch?: number }): Promise<{ expired: number; notified: number }> {
  const now = opts.now ?? Date.now();
  const cutoff = now - opts.minutes * 60_000;
  const text = strings.handoff.expired(durationText(opts.minutes));
  // "Never wrote": last_seeker_at still equals created_at (a text or media message to the case moves it; buttons do not).
  const due = db
    .select({ id: cases.id })
    .from(cases)
    .where(and(eq(cases.status, "waiting"), sql`${cases.createdAt} < ${cutoff}`, sql`${cases.lastSeekerAt} = ${cases.createdAt}`))
    .orderBy(cases.createdAt)
    .limit(opts.batch ?? EXPIRY_BATCH);
  // One round trip closes the cases and ends the conversations' handoff; a second logs the notes (pending until their
  // channel's delivery is recorded).
  const justExpired = and(eq(cases.outcome, EXPIRED), eq(cases.closedAt, now));
  const [closed] = await db.batch([
    db
      .update(cases)
      .set({ status: "closed", outcome: EXPIRED, closedAt: now })
      .where(and(inArray(cases.id, due), eq(cases.status, "waiting")))
      .returning({ id: cases.id, conversationId: cases.conversationId, channel: cases.channel }),
    db
      .update(conversations)
      .set({ state: sql`json_remove(${conversations.state}, '$.handoff')`, updatedAt: now })
      .where(inArray(conversations.id, db.select({ id: cases.conversationId }).from(cases).where(justExpired))),
  ]);
  if (closed.length === 0) return { expired: 0, notified: 0 };
  const notes = await db
    .insert(messages)
    .values(
      closed.map((c, i) => ({
        id: newMessageId(i),
        conversationId: c.conversationId,
        channel: c.channel,
        direction: "out" as const,
        sender: "bot" as const,
        kind: "text",
        text,
        topic: "konselor",
        status: "pending" as const,
        caseId: c.id,
        createdAt: now,
      })),
    )
    .returning({ id: messages.id, conversationId: messages.conversationId });
  // Send each note through its conversation's channel, then record every outcome in one more round trip.
  const content = (await loadContent(env.CONTENT, now)) ?? fallbackBundle();
  const senders = channelSenders(env);
  const note: Reply = { topic: "konselor", body: { kind: "text", text }, buttons: [] };
  const outcomes: Array<{ messageId: number; delivery: Delivery }> = [];
  for (const n of notes) {
    const [delivery] = await senders.sendTo(n.conversationId, [note], { content, purpose: "notice", now });
    outcomes.push({ messageId: n.id, delivery: delivery ?? { status: "failed", error: "not sent", transient: false } });
  }
  await recordDeliveries(db, outcomes);
  return { expired: closed.length, notified: outcomes.filter((o) => o.delivery.status !== "failed").length };
}
