/** Claiming the profiles whose weekly digest is due: one D1 batch that reads them and moves their due date. */
import { and, asc, inArray, lte, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { conversations, profiles, seekers } from "../db/schema.ts";

/**
 * Profiles claimed per invocation unless ALERT_BATCH says otherwise: 20 digests are 24 subrequests (2 KV reads, 2 D1
 * round trips, 20 sends), under half of the free plan's 50 per invocation.
 */
export const DEFAULT_BATCH = 20;

/**
 * Profiles the first run in a fresh isolate claims: its listings work (index read, first matches and digests with
 * cold code) stays under 10 ms of CPU (scripts/bench-listings.ts measureAlertRunMs).
 */
export const COLD_BATCH = 2;

/** A week in milliseconds: the digest interval. */
export const WEEK_MS = 7 * 86_400_000;

/** One claimed profile and what became of it. */
export interface Claimed {
  seekerId: number;
  conversationId: string | null;
  data: string;
  /** alert_sent_at before this claim: vacancies verified after it are new */
  previousSentAt: number | null;
  blockedAt: number | null;
  unreachableAt: number | null;
  hasConversation: boolean;
}

/**
 * Claim up to `batch` due profiles in one D1 batch (one transaction). The UPDATE is the "at most one digest
 * a week" guarantee: it moves alert_due_at a week ahead only for rows still due, so an overlapping run cannot
 * claim them again. The SELECT before it, in the same transaction with the same conditions, reads what the
 * UPDATE's RETURNING cannot: the previous alert_sent_at (RETURNING gives the new one), whether a counsellor
 * blocked the seeker, and whether the conversation still exists.
 *
 * Both pick the due rows through profiles_alert_due_idx (`alert_due_at <= ?` implies the index's
 * `alert_due_at is not null`). EXPLAIN QUERY PLAN, measured (and asserted in test/alerts.test.ts):
 *   select: SEARCH profiles USING INDEX profiles_alert_due_idx (alert_due_at<?)
 *           + SEARCH seekers USING INTEGER PRIMARY KEY, SEARCH conversations USING COVERING INDEX (id=?)
 *   update: SEARCH profiles USING INTEGER PRIMARY KEY (rowid=?)
 *           LIST SUBQUERY: SEARCH profiles USING COVERING INDEX profiles_alert_due_idx (alert_due_at<?)
 */
export async function claimDue(db: Db, now: number, batch: number): Promise<Claimed[]> {
  const [before, updated] = await db.batch(claimQueries(db, now, batch));
  const prior = new Map(before.map((b, i) => [b.seekerId, { ...b, order: i }]));
  // RETURNING has no defined order: send in the SELECT's order, most overdue first.
  const rank = (seekerId: number) => prior.get(seekerId)?.order ?? before.length;
  return [...updated].sort((x, y) => rank(x.seekerId) - rank(y.seekerId)).map((u) => {
    const b = prior.get(u.seekerId);
    return {
      ...u,
      // Both statements see the same rows; without a prior row (not expected), a week before is the safe guess.
      previousSentAt: b ? b.previousSentAt : now - WEEK_MS,
      blockedAt: b?.blockedAt ?? null,
      unreachableAt: b?.unreachableAt ?? null,
      hasConversation: b ? Boolean(b.hasConversation) : false,
    };
  });
}

/** The two statements of the claim (exported for the query-plan test). */
export function claimQueries(db: Db, now: number, batch: number) {
  return [
    db
      .select({
        seekerId: profiles.seekerId,
        previousSentAt: profiles.alertSentAt,
        unreachableAt: profiles.unreachableAt,
        blockedAt: sql<number | null>`(select ${seekers.blockedAt} from ${seekers} where ${seekers.id} = ${profiles.seekerId})`,
        hasConversation: sql<number>`exists (select 1 from ${conversations} where ${conversations.id} = ${profiles.alertConversationId})`,
      })
      .from(profiles)
      .where(lte(profiles.alertDueAt, now))
      .orderBy(asc(profiles.alertDueAt), asc(profiles.seekerId))
      .limit(batch),
    db
      .update(profiles)
      .set({ alertDueAt: now + WEEK_MS, alertSentAt: now })
      .where(and(inArray(profiles.seekerId, dueIds(db, now, batch)), lte(profiles.alertDueAt, now)))
      .returning({ seekerId: profiles.seekerId, data: profiles.data, conversationId: profiles.alertConversationId }),
  ] as const;
}

/** The ids of the `batch` most overdue profiles (a subquery on the partial index). */
function dueIds(db: Db, now: number, batch: number) {
  return db
    .select({ id: profiles.seekerId })
    .from(profiles)
    .where(lte(profiles.alertDueAt, now))
    .orderBy(asc(profiles.alertDueAt), asc(profiles.seekerId))
    .limit(batch);
}
