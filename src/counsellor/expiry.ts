/**
 * Waiting cases the seeker never wrote to expire (security review M3): after HANDOFF_EXPIRY_MINUTES a waiting case
 * without any text or media from the seeker beyond the request is closed with outcome "expired", the conversation
 * leaves the handoff, and the seeker gets a polite note. Runs on its own cron (EXPIRY_CRON), so its subrequests
 * never share the weekly-alert run's budget.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { sendToTelegram } from "../channels/telegram/sender.ts";
import { strings } from "../core/strings.ts";
import type { Db } from "../db/client.ts";
import { cases, conversations, messages } from "../db/schema.ts";
import { type Env, telegramConfig } from "../env.ts";

/** Every ten minutes, two minutes after the alert runs (a separate invocation with its own 50 subrequests). */
export const EXPIRY_CRON = "2,12,22,32,42,52 * * * *";

/**
 * Cases expired per run. A Telegram note is one send with at most 4 attempts (sender.ts), so 10 notes cost at most
 * 40 subrequests, plus 3 D1 round trips: under the free plan's 50 per invocation. 144 runs a day × 10 = 1,440 a day.
 */
export const EXPIRY_BATCH = 10;

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
  // One round trip closes the cases and ends the conversations' handoff; a second logs the notes (sent for the web:
  // the widget reads them from the message list; pending for Telegram until sent).
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
      closed.map((c) => ({
        conversationId: c.conversationId,
        channel: c.channel,
        direction: "out" as const,
        sender: "bot" as const,
        kind: "text",
        text,
        topic: "konselor",
        status: (c.channel === "web" ? "sent" : "pending") as "sent" | "pending",
        caseId: c.id,
        createdAt: now,
      })),
    )
    .returning({ id: messages.id, conversationId: messages.conversationId });
  // Telegram: send the notes, then record every outcome in one more round trip.
  const config = telegramConfig(env);
  const outcomes: Array<{ id: number; status: "sent" | "failed"; error: string | null; externalId: string | null }> = [];
  for (const note of notes) {
    if (!note.conversationId.startsWith("tg:")) continue;
    const chatId = Number(note.conversationId.slice(3));
    if (!Number.isSafeInteger(chatId)) continue;
    const d = await sendToTelegram(config, chatId, text);
    outcomes.push({ id: note.id, status: d.status, error: d.error ?? null, externalId: d.externalMessageId ?? null });
  }
  if (outcomes.length > 0) {
    const [first, ...rest] = outcomes.map((o) =>
      db.update(messages).set({ status: o.status, error: o.error, externalId: o.externalId }).where(eq(messages.id, o.id)),
    );
    await db.batch([first!, ...rest]);
  }
  return { expired: closed.length, notified: outcomes.filter((o) => o.status === "sent").length };
}
