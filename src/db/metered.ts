/** Wraps the D1 binding to count round trips and the rows D1 reports as read and written. */

/** Per-request D1 usage. */
export interface D1Usage {
  roundTrips: number;
  rowsRead: number;
  rowsWritten: number;
  /**
   * When present, rows written by cause: "<verb> <table>" of each statement (e.g. "insert messages"), summed.
   * D1 counts a row and each of its index entries as a row written, so one insert into a table with two indexes
   * that its row enters counts 3 here.
   */
  writtenBy?: Record<string, number>;
}

/** "insert messages", "update seekers", "delete cases": what a statement writes, from its SQL. */
export function writeCause(statementSql: string): string {
  const m = /^\s*(?:with\b[\s\S]*?\)\s*)?(insert|update|delete|replace)\b(?:\s+or\s+\w+)?(?:\s+into|\s+from)?\s+["`]?(\w+)["`]?/i.exec(statementSql);
  return m ? `${m[1]!.toLowerCase()} ${m[2]}` : "other";
}

/** A D1 binding that records its usage into `usage`; behaviour is unchanged. */
export function meterD1(real: D1Database, usage: D1Usage): D1Database {
  const add = (results: D1Result[] | D1Result, statements: D1PreparedStatement[]) => {
    const list = Array.isArray(results) ? results : [results];
    list.forEach((r, i) => {
      usage.rowsRead += r.meta?.rows_read ?? 0;
      const written = r.meta?.rows_written ?? 0;
      usage.rowsWritten += written;
      if (usage.writtenBy && written > 0) {
        // workerd's D1PreparedStatement keeps its SQL in `statement`
        const text = (statements[i] as unknown as { statement?: string } | undefined)?.statement ?? "";
        const cause = writeCause(text);
        usage.writtenBy[cause] = (usage.writtenBy[cause] ?? 0) + written;
      }
    });
  };
  return new Proxy(real, {
    get(target, prop) {
      if (prop === "batch") {
        return async (statements: D1PreparedStatement[]) => {
          usage.roundTrips++;
          const results = await target.batch(statements);
          add(results, statements);
          return results;
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
