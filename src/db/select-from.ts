/** A row-returning `sql` query as a drizzle select, for the few queries the query builder cannot say. */
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "./client.ts";

/**
 * Select `columns` from the `sql` query `query` (CTEs, window and JSON aggregates): it stays a drizzle query, so it
 * joins a `db.batch` like any other and its rows come back by column name. (drizzle-orm 0.45's raw queries, `db.all`,
 * cannot join a D1 batch once they have parameters.) `Row` names the columns and their types.
 */
export function selectFrom<Row extends Record<string, unknown>>(db: Db, query: SQL, columns: ReadonlyArray<keyof Row & string>) {
  const fields = Object.fromEntries(columns.map((c) => [c, sql`${sql.identifier(c)}`])) as { [K in keyof Row]: SQL<Row[K]> };
  return db.select(fields).from(sql`(${query})`);
}
