/** Periodic clean-up run by the Cron Trigger. */
import { lt } from "drizzle-orm";
import type { Db } from "./client.ts";
import { processedUpdates } from "./schema.ts";

/** Telegram keeps undelivered updates for 24 hours; dedupe keys are kept a week to be safe. */
export const DEDUPE_RETENTION_MS = 7 * 24 * 3600 * 1000;

/** Delete dedupe keys older than the retention (uses the claimed_at index). Returns the rows deleted. */
export async function pruneProcessedUpdates(db: Db, now: number = Date.now()): Promise<number> {
  const result = await db.delete(processedUpdates).where(lt(processedUpdates.claimedAt, now - DEDUPE_RETENTION_MS));
  return result.meta.changes ?? 0;
}
