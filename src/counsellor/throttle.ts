/**
 * Login throttling that slows guessing without letting strangers lock a counsellor out.
 *
 * Every attempt is counted against three keys before the password is checked: the pair (e-mail, IP), the IP, and
 * the e-mail address; the e-mail key is skipped when the attempt comes from the account's usual network (a /24 or
 * /48 from which it signed in within 90 days). Each key allows a few free failures, then asks for a growing pause
 * (30 s, 1, 2, 4 … up to 15 minutes) before its next attempt; a day without failures forgets them. So six wrong
 * passwords from one address slow that address only, and the right password from the counsellor's office or home
 * still works while strangers elsewhere are slowed.
 *
 * Check and count are one D1 batch (one transaction): parallel attempts cannot slip past the limit. Keys are stored
 * only as SHA-256 hashes.
 */
import { eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { loginThrottle } from "../db/schema.ts";
import { sha256Hex } from "./tokens.ts";

/** Failures older than this are forgotten. */
export const THROTTLE_WINDOW_MS = 24 * 60 * 60_000;
/** Failures allowed per key before pauses start. */
export const FREE_FAILURES = { pair: 5, email: 10, ip: 30 } as const;
/** The first pause; each further failure doubles it, up to MAX_DELAY_MS. */
export const FIRST_DELAY_MS = 30_000;
export const MAX_DELAY_MS = 15 * 60_000;
/** How long a network stays "usual" for an account after a successful sign-in from it. */
export const KNOWN_NETWORK_MS = 90 * 24 * 60 * 60_000;

/** One login attempt as the throttle sees it. */
export interface LoginAttempt {
  email: string;
  ip: string;
}

/** Where attempts are counted. */
export interface LoginThrottle {
  /** Reserve one attempt: 0 when it may go ahead (it is then counted), else the seconds to wait (nothing counted). */
  attempt(a: LoginAttempt, now: number): Promise<number>;
  /** After the right password: forget this pair's failures and remember the network as the account's usual one. */
  succeeded(a: LoginAttempt, now: number): Promise<void>;
}

/** The pause a key asks for after its `failures`-th failure (0 while failures stay below `free`). */
export function delayAfter(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(failures - free, 20));
}

/** The network of an address: IPv4 /24, IPv6 /48; anything else as is. */
export function networkOf(ip: string): string {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}$/.exec(ip);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0/24`;
  if (ip.includes(":")) {
    const groups = expandV6(ip);
    if (groups) return `${groups.slice(0, 3).join(":")}::/48`;
  }
  return ip;
}

function expandV6(ip: string): string[] | undefined {
  const [head, tail, extra] = ip.toLowerCase().split("::");
  if (extra !== undefined) return undefined;
  const h = head ? head.split(":") : [];
  const t = tail !== undefined ? (tail ? tail.split(":") : []) : [];
  const fill = tail !== undefined ? 8 - h.length - t.length : 0;
  if (fill < 0) return undefined;
  const groups = [...h, ...Array<string>(fill).fill("0"), ...t];
  return groups.length === 8 && groups.every((g) => /^[0-9a-f]{1,4}$/.test(g)) ? groups.map((g) => g.replace(/^0+(?=.)/, "")) : undefined;
}

interface Key {
  kind: "pair" | "ip" | "email";
  key: string;
  free: number;
}

function normalEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The counted keys of an attempt; the e-mail key only when `known` is false. */
export function attemptKeys(a: LoginAttempt, known: boolean): Key[] {
  const email = normalEmail(a.email);
  return [
    { kind: "pair", key: `pair:${email}|${a.ip}`, free: FREE_FAILURES.pair },
    { kind: "ip", key: `ip:${a.ip}`, free: FREE_FAILURES.ip },
    ...(known ? [] : [{ kind: "email" as const, key: `email:${email}`, free: FREE_FAILURES.email }]),
  ];
}

function knownKey(a: LoginAttempt): string {
  return `known:${normalEmail(a.email)}|${networkOf(a.ip)}`;
}

/** Counters in D1 (table login_throttle), shared by every isolate; the migrations must be applied. */
export function d1Throttle(db: Db): LoginThrottle {
  const t = loginThrottle;
  return {
    async attempt(a, now) {
      const known = await sha256Hex(knownKey(a));
      const [row] = await db.select({ nextAt: t.nextAt }).from(t).where(eq(t.key, known)).limit(1);
      const keys = await Promise.all(attemptKeys(a, (row?.nextAt ?? 0) > now).map(async (k) => ({ ...k, key: await sha256Hex(k.key) })));
      const list = sql.join(keys.map((k) => sql`${k.key}`), sql`, `);
      const stale = now - THROTTLE_WINDOW_MS;
      // One transaction: read the keys as they were, count this attempt on every key unless one of them asks for a
      // pause, and drop counters nobody needs. SQLite evaluates SET against the old row.
      const failuresAfter = sql`(case when ${t.windowStart} <= ${stale} then 1 else ${t.failures} + 1 end)`;
      const [before] = await db.batch([
        db.select({ nextAt: t.nextAt }).from(t).where(inArray(t.key, keys.map((k) => k.key))),
        ...keys.map((k) =>
          db
            .insert(t)
            .values({ key: k.key, failures: 1, windowStart: now, nextAt: now + delayAfter(1, k.free) })
            .onConflictDoUpdate({
              target: t.key,
              set: {
                failures: failuresAfter,
                windowStart: sql`case when ${t.windowStart} <= ${stale} then ${now} else ${t.windowStart} end`,
                nextAt: sql`${now} + (case when ${failuresAfter} < ${k.free} then 0
                  else min(${MAX_DELAY_MS}, ${FIRST_DELAY_MS} << min(${failuresAfter} - ${k.free}, 20)) end)`,
              },
              // nothing is counted while any key of this attempt asks for a pause
              setWhere: sql`not exists (select 1 from ${t} where ${t.key} in (${list}) and ${t.nextAt} > ${now})`,
            }),
        ),
        db.delete(t).where(sql`${t.nextAt} <= ${now} and ${t.windowStart} <= ${stale}`),
      ]);
      const wait = Math.max(0, ...before.map((r) => r.nextAt - now));
      return wait > 0 ? Math.ceil(wait / 1000) : 0;
    },
    async succeeded(a, now) {
      const [pair, ...others] = await Promise.all(attemptKeys(a, false).map(async (k) => ({ ...k, key: await sha256Hex(k.key) })));
      const known = await sha256Hex(knownKey(a));
      const wasKnown = sql`exists (select 1 from ${t} where ${t.key} = ${known} and ${t.nextAt} > ${now})`;
      await db.batch([
        db.delete(t).where(eq(t.key, pair!.key)),
        // the right password does not count as a failure of the address or (when it was counted) the account
        ...others.map((k) =>
          db
            .update(t)
            .set({
              failures: sql`max(${t.failures} - 1, 0)`,
              nextAt: sql`case when ${t.failures} - 1 < ${k.free} then min(${t.nextAt}, ${now}) else ${t.nextAt} end`,
            })
            .where(k.kind === "email" ? sql`${t.key} = ${k.key} and not ${wasKnown}` : sql`${t.key} = ${k.key}`),
        ),
        db
          .insert(t)
          .values({ key: known, failures: 0, windowStart: now, nextAt: now + KNOWN_NETWORK_MS })
          .onConflictDoUpdate({ target: t.key, set: { windowStart: now, nextAt: now + KNOWN_NETWORK_MS } }),
      ]);
    },
  };
}
