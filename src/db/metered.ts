/** Wraps the D1 binding to count round trips and the rows D1 reports as read and written. */

/** Per-request D1 usage. */
export interface D1Usage {
  roundTrips: number;
  rowsRead: number;
  rowsWritten: number;
}

/** A D1 binding that records its usage into `usage`; behaviour is unchanged. */
export function meterD1(real: D1Database, usage: D1Usage): D1Database {
  const add = (results: D1Result[] | D1Result) => {
    for (const r of Array.isArray(results) ? results : [results]) {
      usage.rowsRead += r.meta?.rows_read ?? 0;
      usage.rowsWritten += r.meta?.rows_written ?? 0;
    }
  };
  return new Proxy(real, {
    get(target, prop) {
      if (prop === "batch") {
        return async (statements: D1PreparedStatement[]) => {
          usage.roundTrips++;
          const results = await target.batch(statements);
          add(results);
          return results;
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
