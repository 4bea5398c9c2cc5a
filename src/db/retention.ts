/** The retention rule of UU 27/2022: conversations untouched for RETENTION_DAYS are deleted, keeping anonymous counts. */
import { and, inArray, lt, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "./client.ts";
import { purgeLinkCodes } from "./link-store.ts";
import { attachments, caseNotes, cases, conversations, erasures, messages, profiles, scamChecks, seekers, webSessions } from "./schema.ts";

/** Conversations deleted per batch (D1 binds at most 100 parameters per statement). */
const BATCH = 50;
/**
 * Batches per run. Each costs two D1 round trips (select the expired conversations with their counts; one batch of
 * deletes), so retention takes at most 10 of the hourly housekeeping run's subrequests (the whole run stays under
 * half of the free plan's 50 per invocation); 24 runs a day delete up to 6,000 conversations.
 */
const MAX_BATCHES = 5;

/** Delete expired conversations in bounded batches; returns what was deleted. */
export async function pruneExpired(db: Db, opts: { now: number; days: number }): Promise<{ conversations: number; messages: number }> {
  const cutoff = opts.now - opts.days * 86_400_000;
  const day = new Date(opts.now).toISOString().slice(0, 10);
  let totalConversations = 0;
  let totalMessages = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    // A conversation with a case still waiting or open is never expired.
    // One round trip: the expired conversations with their message and case counts (for the anonymous erasure counts).
    const expired = await db
      .select({
        id: conversations.id,
        channel: conversations.channel,
        seekerId: conversations.seekerId,
        // spelled out: drizzle leaves columns of a one-table select unqualified, which a correlated subquery cannot use
        messages: sql<number>`(select count(*) from messages m where m.conversation_id = conversations.id)`,
        cases: sql<number>`(select count(*) from cases c where c.conversation_id = conversations.id)`,
      })
      .from(conversations)
      .where(
        and(
          lt(conversations.updatedAt, cutoff),
          sql`not exists (select 1 from ${cases} where ${cases.conversationId} = ${conversations.id} and ${cases.status} in ('waiting', 'open'))`,
        ),
      )
      .limit(BATCH);
    if (expired.length === 0) break;
    const ids = expired.map((c) => c.id);
    const perChannel = new Map<string, { seekers: number; messages: number; cases: number }>();
    for (const c of expired) {
      const agg = perChannel.get(c.channel) ?? { seekers: 0, messages: 0, cases: 0 };
      agg.seekers += 1;
      agg.messages += Number(c.messages);
      agg.cases += Number(c.cases);
      perChannel.set(c.channel, agg);
    }
    const webIds = ids.filter((id) => id.startsWith("web:")).map((id) => id.slice(4));
    const seekerIds = [...new Set(expired.map((c) => c.seekerId))];
    const deletes: BatchItem<"sqlite">[] = [
      ...[...perChannel].map(([channel, agg]) =>
        db
          .insert(erasures)
          .values({ day, channel, ...agg })
          .onConflictDoUpdate({
            target: [erasures.day, erasures.channel],
            set: {
              seekers: sql`${erasures.seekers} + excluded.seekers`,
              messages: sql`${erasures.messages} + excluded.messages`,
              cases: sql`${erasures.cases} + excluded.cases`,
            },
          }),
      ),
      db.delete(caseNotes).where(inArray(caseNotes.caseId, db.select({ id: cases.id }).from(cases).where(inArray(cases.conversationId, ids)))),
      db.delete(scamChecks).where(inArray(scamChecks.conversationId, ids)),
      // Files lose their links; the sweep after the run deletes their R2 objects (src/files/store.ts sweepOrphans).
      db.update(attachments).set({ conversationId: null, messageId: null }).where(inArray(attachments.conversationId, ids)),
      db.delete(messages).where(inArray(messages.conversationId, ids)),
      db.delete(cases).where(inArray(cases.conversationId, ids)),
      ...(webIds.length > 0 ? [db.delete(webSessions).where(inArray(webSessions.id, webIds))] : []),
      db.delete(conversations).where(inArray(conversations.id, ids)),
      // A profile lives as long as its seeker has a conversation: inactive for RETENTION_DAYS, both go.
      db
        .delete(profiles)
        .where(and(inArray(profiles.seekerId, seekerIds), sql`not exists (select 1 from ${conversations} where ${conversations.seekerId} = ${profiles.seekerId})`)),
      db
        .delete(seekers)
        .where(and(inArray(seekers.id, seekerIds), sql`not exists (select 1 from ${conversations} where ${conversations.seekerId} = ${seekers.id})`)),
    ];
    await db.batch(deletes as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
    totalConversations += expired.length;
    totalMessages += [...perChannel.values()].reduce((n, a) => n + a.messages, 0);
    if (expired.length < BATCH) break;
  }
  return { conversations: totalConversations, messages: totalMessages };
}

/**
 * Web sessions that never sent a message expire after a day (they hold no personal data, only a token hash), and
 * so do "Lanjutkan di ..." codes that expired unused (a redeemed code is the link and stays with its conversation).
 */
export async function pruneIdleSessions(db: Db, now: number): Promise<void> {
  await db.batch([
    db
      .delete(webSessions)
      .where(
        and(
          lt(webSessions.createdAt, now - 86_400_000),
          sql`not exists (select 1 from ${conversations} where ${conversations.id} = 'web:' || ${webSessions.id})`,
        ),
      ),
    purgeLinkCodes(db, now - 86_400_000),
  ]);
}
