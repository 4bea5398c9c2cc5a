import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema.ts";

/** A drizzle client over the D1 binding. */
export function createDb(d1: D1Database) {
  return drizzle(d1, { schema });
}

/** The drizzle client type. */
export type Db = ReturnType<typeof createDb>;
