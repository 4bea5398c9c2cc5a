/** Login throttling in D1 (table login_throttle) and the per-isolate fallback while the table is missing. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { d1Throttle, FAILURES_PER_EMAIL, loginKeys, memoryThrottle, THROTTLE_WINDOW_MS } from "../../src/counsellor/throttle.ts";

const T = Date.UTC(2026, 10, 23, 3);

describe("login throttle", () => {
  it("falls back to per-isolate counters while D1 has no login_throttle table", async () => {
    const fallback = memoryThrottle(new Map());
    // A database without the migration: every statement fails the way D1 does.
    const missing = new Proxy(env.DB, {
      get(target, prop) {
        if (prop === "prepare" || prop === "batch") {
          return () => {
            throw new Error("D1_ERROR: no such table: login_throttle: SQLITE_ERROR");
          };
        }
        return Reflect.get(target, prop, target);
      },
    });
    const throttle = d1Throttle(missing, fallback);
    const keys = loginKeys("a@disnaker.test", "192.0.2.1");
    for (let i = 0; i < FAILURES_PER_EMAIL; i++) await throttle.fail(keys, T);
    expect(await throttle.blockedFor(keys, T)).toBe(THROTTLE_WINDOW_MS / 1000);
    expect(await fallback.blockedFor(keys, T)).toBe(THROTTLE_WINDOW_MS / 1000);
  });

  it("counts failures in D1 per hashed key within a fixed window, and forgets them on reset", async () => {
    const throttle = d1Throttle(env.DB, memoryThrottle(new Map()));
    const keys = loginKeys(" Sri@Disnaker.test ", "198.51.100.1");
    for (let i = 0; i < FAILURES_PER_EMAIL - 1; i++) await throttle.fail(keys, T + i);
    expect(await throttle.blockedFor(keys, T + 10)).toBe(0);
    await throttle.fail(keys, T + 10);
    expect(await throttle.blockedFor(loginKeys("sri@disnaker.test", "203.0.113.9"), T + 60_000)).toBe(THROTTLE_WINDOW_MS / 1000 - 60);
    const { results } = await env.DB.prepare("select key, failures from login_throttle order by failures desc").all<{ key: string; failures: number }>();
    expect(results).toHaveLength(2);
    for (const r of results) expect(r.key).toMatch(/^[0-9a-f]{64}$/); // neither the address nor the IP is stored
    expect(results.map((r) => r.failures)).toEqual([5, 5]);
    // The window ends: counting starts again.
    expect(await throttle.blockedFor(keys, T + THROTTLE_WINDOW_MS + 1)).toBe(0);
    await throttle.fail(keys, T + THROTTLE_WINDOW_MS + 1);
    const row = await env.DB.prepare("select failures from login_throttle where failures = 1").all();
    expect(row.results).toHaveLength(2);
    await throttle.reset(keys);
    expect(await env.DB.prepare("select count(*) as n from login_throttle").first("n")).toBe(0);
  });
});
