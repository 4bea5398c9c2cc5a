/** A D1 binding wrapper that counts round trips and can fail a chosen batch, for fault and budget tests. */

/** Counters and switches of an instrumented D1. */
export interface D1Probe {
  db: D1Database;
  /** batch() calls plus statements executed on their own */
  roundTrips(): number;
  /** make the n-th batch() call from now (1 = the next) throw */
  failBatch(n: number): void;
}

/** Wrap a real D1 binding. */
export function probeD1(real: D1Database): D1Probe {
  let batches = 0;
  let prepared = 0;
  let batchedStatements = 0;
  let failAt = 0;
  const db = new Proxy(real, {
    get(target, prop) {
      if (prop === "prepare") {
        return (query: string) => {
          prepared++;
          return target.prepare(query);
        };
      }
      if (prop === "batch") {
        return async (statements: D1PreparedStatement[]) => {
          batches++;
          batchedStatements += statements.length;
          if (failAt > 0 && batches === failAt) {
            failAt = 0;
            throw new Error("D1_ERROR: injected failure");
          }
          return target.batch(statements);
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return {
    db,
    roundTrips: () => batches + (prepared - batchedStatements),
    failBatch: (n) => {
      failAt = batches + n;
    },
  };
}
