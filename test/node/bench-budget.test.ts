/** The free-plan table of `npm run bench`: shares, the 50% line that fails the bench, Cron invocations a day. */
import { describe, expect, it } from "vitest";
import { budgetTable, cronRunsPerDay, FREE_PLAN, freePlanRows } from "../../scripts/bench-budget.ts";

describe("free-plan budget table", () => {
  it("flags a share over one half, passes one at one half, and lists unmeasured rows apart", () => {
    const { lines, over, unmeasured } = budgetTable([
      { what: "at half", used: 50_000, limit: 100_000, unit: "rows", source: "x" },
      { what: "over half", used: 5.01, limit: 10, unit: "ms", source: "y" },
      { what: "unknown", used: undefined, limit: 50, unit: "", source: "z" },
    ]);
    expect(over.map((r) => r.what)).toEqual(["over half"]);
    expect(unmeasured.map((r) => r.what)).toEqual(["unknown"]);
    expect(lines.find((l) => l.startsWith("| at half"))).toContain("50.0%");
    expect(lines.find((l) => l.startsWith("| over half"))).toContain("50.1%");
  });

  it("scales per-message figures to 10,000 messages a day and adds the Cron invocations to the requests", () => {
    const rows = freePlanRows({
      perMessage: { written: 8.4, read: 20, kvReads: 0.01, kvWrites: 0, requests: 1 },
      syncKeys: 3,
      coreMs: 0.06,
      cronsPerDay: 433,
      signIn: { value: 0.5, source: "s" },
      coldListing: { value: 4, source: "c" },
      alertRun: { value: undefined, source: "a" },
    });
    const used = Object.fromEntries(rows.map((r) => [r.what, r.used]));
    expect(used["D1 rows written per day"]).toBeCloseTo(84_000);
    expect(used["KV writes per day"]).toBe(3);
    expect(used["Worker requests per day"]).toBe(10_433);
    expect(rows.find((r) => r.what === "D1 rows written per day")!.limit).toBe(FREE_PLAN.d1RowsWrittenPerDay);
    expect(budgetTable(rows).over.map((r) => r.what)).toEqual(["D1 rows written per day"]);
  });

  it("counts Cron invocations a day from wrangler.toml's triggers", () => {
    expect(cronRunsPerDay(`crons = ["0 19 * * *", "*/5 * * * *", "2,12,22,32,42,52 * * * *"]`)).toBe(1 + 288 + 144);
    expect(cronRunsPerDay(`[triggers]\ncrons = []`)).toBe(0);
  });
});
