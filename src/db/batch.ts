/** One D1 batch (one transaction, one round trip) whose results are read by name, not by position. */
import type { BatchItem, BatchResponse } from "drizzle-orm/batch";
import type { Db } from "./client.ts";

/** The result of one batch item; undefined for an item left out. */
type ResultOf<I> = I extends BatchItem<"sqlite"> ? BatchResponse<[I]>[0] : undefined;

/** The results of `batchByName`, under the names of their statements. */
export type NamedResults<T> = { [K in keyof T]: ResultOf<T[K]> };

/**
 * Run the named statements as one `db.batch`, in the order they are named (undefined ones are left out), and return
 * each result under its statement's name: adding or removing a statement cannot shift another's result.
 */
export async function batchByName<T extends Record<string, BatchItem<"sqlite"> | undefined>>(db: Db, named: T): Promise<NamedResults<T>> {
  const names = Object.keys(named).filter((k) => named[k] !== undefined);
  if (names.length === 0) return {} as NamedResults<T>;
  const items = names.map((k) => named[k]!) as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]];
  const results = (await db.batch(items)) as unknown[];
  return Object.fromEntries(names.map((k, i) => [k, results[i]])) as NamedResults<T>;
}
