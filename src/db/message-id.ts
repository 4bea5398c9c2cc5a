/**
 * Message ids without AUTOINCREMENT (issue 16: AUTOINCREMENT writes a sqlite_sequence row per insert, which D1 bills
 * as a row written) that are still never given twice (security review L6).
 *
 * A new id is the larger of the highest id in the table plus one (ids keep growing while the rows exist, so the
 * live catch-up and the transcript can order by id) and a floor taken from D1's clock: the current millisecond times
 * 1000. An id erased by /hapusdata or retention was given at an earlier millisecond, below that millisecond's floor
 * plus 1000, so after that millisecond every new id is above it, even when the newest rows were deleted. (Over 1000
 * messages in one millisecond would be needed to push an id past its millisecond.) The ids stay below 2^53 (a safe
 * JavaScript number) until the year 2255.
 */
import { sql, type SQL } from "drizzle-orm";
import { messages } from "./schema.ts";

/** How many ids one millisecond of the floor spans. */
export const IDS_PER_MS = 1000;

/**
 * The SQL of a new message id, for the `offset`-th row (from 0) of one insert statement: SQLite evaluates the
 * subquery once per statement, so the rows of a multi-row insert take consecutive ids from it.
 */
export function newMessageId(offset = 0): SQL<number> {
  return sql<number>`(max(coalesce((select max(${messages.id}) from ${messages}), 0) + 1, cast((julianday('now') - 2440587.5) * 86400000 as integer) * ${IDS_PER_MS}) + ${offset})`;
}
