/** Login throttling in D1 (table login_throttle). */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  d1Throttle,
  delayAfter,
  FIRST_DELAY_MS,
  FREE_FAILURES,
  MAX_DELAY_MS,
  networkOf,
  THROTTLE_WINDOW_MS,
  type LoginThrottle,
} from "../../src/counsellor/throttle.ts";
import { createDb } from "../../src/db/client.ts";

const T = Date.UTC(2026, 10, 23, 3);

/** Attempts until the first pause; returns how many went ahead. */
async function untilPaused(throttle: LoginThrottle, a: { email: string; ip: string }, at: number): Promise<number> {
  let n = 0;
  while ((await throttle.attempt(a, at)) === 0) n++;
  return n;
}

describe("login throttle", () => {
  it("pauses grow from 30 s to at most 15 minutes", () => {
    expect(delayAfter(FREE_FAILURES.pair - 1, FREE_FAILURES.pair)).toBe(0);
    expect(delayAfter(FREE_FAILURES.pair, FREE_FAILURES.pair)).toBe(FIRST_DELAY_MS);
    expect(delayAfter(FREE_FAILURES.pair + 1, FREE_FAILURES.pair)).toBe(2 * FIRST_DELAY_MS);
    expect(delayAfter(FREE_FAILURES.pair + 40, FREE_FAILURES.pair)).toBe(MAX_DELAY_MS);
  });

  it("knows an address's network: IPv4 /24, IPv6 /48", () => {
    expect(networkOf("203.0.113.77")).toBe("203.0.113.0/24");
    expect(networkOf("2001:db8:abcd:12::1")).toBe("2001:db8:abcd::/48");
    expect(networkOf("2001:0db8:abcd:0012:0000:0000:0000:0001")).toBe("2001:db8:abcd::/48");
    expect(networkOf("local")).toBe("local");
  });

  for (const [name, make] of [["D1", () => d1Throttle(createDb(env.DB))]] as const) {
    it(`${name}: counts an attempt before the password is checked, pauses a pair after 5, and the right password clears the pair`, async () => {
      const throttle = make();
      const a = { email: ` Sri.${name}@Disnaker.test `, ip: "198.51.100.1" };
      expect(await untilPaused(throttle, a, T)).toBe(FREE_FAILURES.pair);
      expect(await throttle.attempt(a, T + 10_000)).toBe(20);
      // same account, other address: free
      expect(await throttle.attempt({ ...a, ip: "203.0.113.9" }, T + 10_000)).toBe(0);
      await throttle.succeeded({ ...a, ip: "203.0.113.9" }, T + 10_000);
      // after the pause, one more try, then a longer pause
      expect(await throttle.attempt(a, T + FIRST_DELAY_MS)).toBe(0);
      expect(await throttle.attempt(a, T + FIRST_DELAY_MS + 1_000)).toBe(59);
      // a day later everything is forgotten
      expect(await untilPaused(throttle, a, T + THROTTLE_WINDOW_MS + FIRST_DELAY_MS + 1)).toBe(FREE_FAILURES.pair);
    });
  }

  it("stores only hashes", async () => {
    const throttle = d1Throttle(createDb(env.DB));
    await throttle.attempt({ email: "hash@disnaker.test", ip: "192.0.2.77" }, T);
    await throttle.succeeded({ email: "hash@disnaker.test", ip: "192.0.2.77" }, T);
    const { results } = await env.DB.prepare("select key from login_throttle").all<{ key: string }>();
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) expect(r.key).toMatch(/^[0-9a-f]{64}$/); // neither the address nor the IP is stored
  });
});
