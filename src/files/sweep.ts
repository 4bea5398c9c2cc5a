/** The sweep of deleted conversations' files, after an erasure and in the hourly housekeeping cron; a failure waits for the next run. */
import { createDb } from "../db/client.ts";
import type { Env } from "../env.ts";
import { log } from "../log.ts";
import { sweepOrphans } from "./store.ts";

/** Delete the R2 objects (and rows) of files whose conversation is gone; never throws. */
export async function sweepAfterErasure(env: Pick<Env, "DB" | "FILES">): Promise<number> {
  try {
    return await sweepOrphans(env.FILES, createDb(env.DB));
  } catch (err) {
    log("warn", "file sweep failed; the daily run retries", { message: err instanceof Error ? err.message.slice(0, 200) : "unknown" });
    return 0;
  }
}
