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
import { getTableColumns, is, sql, SQL, type AnyColumn } from "drizzle-orm";
import type { Db } from "./client.ts";
import { messages } from "./schema.ts";

/** How many ids one millisecond of the floor spans. */
export const IDS_PER_MS = 1000;

/**
 * The SQL of a new message id, for the `offset`-th row (from 0) of one insert statement: SQLite evaluates the
 * subquery once per statement, so the rows of a multi-row insert take consecutive ids from it.
 */
export function newMessageId(offset = 0): SQL<number> {
  // Written as literals, not bound: D1 allows 100 bound parameters per statement, and multi-row inserts are near it.
  const ids = sql.raw(String(IDS_PER_MS));
  const plus = sql.raw(String(Math.max(0, Math.trunc(offset))));
  return sql<number>`(max(coalesce((select max(${messages.id}) from ${messages}), 0) + 1, cast((julianday('now') - 2440587.5) * 86400000 as integer) * ${ids}) + ${plus})`;
}

/**
 * How long a delivery is recognised as a duplicate of an inbound message (or of a relayed counsellor message) by its
 * dedupe key: WhatsApp ("wa:" keys) retries a webhook for up to 7 days; Telegram keeps an unconfirmed update for a day,
 * Discord does not resend an interaction, and the widget retries from an outbox that lives as long as its page.
 * The lookup reads the conversation's messages of the window, so the window is no longer than the channel needs.
 */
export const DEDUPE_WINDOW_MS = { whatsapp: 8 * 24 * 3600_000, other: 2 * 24 * 3600_000 } as const;

/** The dedupe window of a key, by its channel prefix. */
export function dedupeWindowMs(dedupeKey: string): number {
  return dedupeKey.startsWith("wa:") ? DEDUPE_WINDOW_MS.whatsapp : DEDUPE_WINDOW_MS.other;
}

/**
 * The logged message of a conversation with this dedupe key, received within its dedupe window before `at`. There is no
 * index on dedupe keys (D1 bills each index entry as a row written, on every inbound message): the lookup walks the
 * conversation's own index (conversation_id, id) from the id floor of `at - DEDUPE_WINDOW_MS` (ids are at least their
 * millisecond times IDS_PER_MS), so it reads that conversation's messages of the window and nothing else.
 */
export function loggedWithKey(conversationId: string, dedupeKey: string, at: number, table: { conversationId: AnyColumn; id: AnyColumn; dedupeKey: AnyColumn } = messages): SQL {
  const floor = (at - dedupeWindowMs(dedupeKey)) * IDS_PER_MS;
  return sql`${table.conversationId} = ${conversationId} and ${table.id} >= ${floor} and ${table.dedupeKey} = ${dedupeKey}`;
}

/** A messages row to insert: column values, or SQL for them. */
export type MessageValues = { [K in keyof typeof messages.$inferInsert]?: (typeof messages.$inferInsert)[K] | SQL };

/**
 * INSERT one message row unless `logged` (a condition on messages, e.g. loggedWithKey) finds one: an INSERT … SELECT
 * that yields no row then. Inside a D1 batch (one transaction, and D1 runs one at a time) the check and the insert
 * cannot interleave with another request's, so a key is logged once.
 */
export function insertUnlessLogged(db: Db, logged: SQL, values: MessageValues) {
  return insertSelect(db, values, sql`not exists (select 1 from ${messages} where ${logged})`);
}

/**
 * INSERT one message row as an INSERT … SELECT of its values, kept when `when` holds. (SQLite needs a WHERE on the
 * SELECT of an INSERT that has an ON CONFLICT clause.)
 */
export function insertSelect(db: Db, values: MessageValues, when: SQL = sql`1`) {
  // INSERT … SELECT names every column of the table, in its order; the ones not given are null.
  const row = Object.fromEntries(
    Object.keys(getTableColumns(messages)).map((k) => {
      const v = values[k as keyof MessageValues];
      return [k, is(v, SQL) ? v : v === undefined || v === null ? sql`null` : sql`${v}`];
    }),
  ) as Record<keyof typeof messages.$inferInsert, SQL | typeof messages.id>;
  return db.insert(messages).select(db.select(row).from(sql`(select 1)`).where(when));
}
