/**
 * Login throttling: failed attempts are counted per key (an e-mail address, a client IP) in a fixed window;
 * a key that reached its limit is refused until the window ends. Keys are stored only as SHA-256 hashes.
 */
import { log } from "../log.ts";
import { sha256Hex } from "./tokens.ts";

/** One throttled key and how many failures it may have per window. */
export interface ThrottleKey {
  key: string;
  limit: number;
}

/** Where failed logins are counted. */
export interface LoginThrottle {
  /** Seconds until any of the keys may try again; 0 when none is blocked. */
  blockedFor(keys: ThrottleKey[], now: number): Promise<number>;
  /** Count one failed attempt for every key. */
  fail(keys: ThrottleKey[], now: number): Promise<void>;
  /** Forget the failures of these keys (after a successful login). */
  reset(keys: ThrottleKey[]): Promise<void>;
}

/** Length of the counting window. */
export const THROTTLE_WINDOW_MS = 15 * 60_000;
/** Failed attempts allowed per e-mail address per window. */
export const FAILURES_PER_EMAIL = 5;
/** Failed attempts allowed per client IP per window (offices share one address). */
export const FAILURES_PER_IP = 30;

/** The keys of one login attempt. */
export function loginKeys(email: string, ip: string): ThrottleKey[] {
  return [
    { key: `email:${email.trim().toLowerCase()}`, limit: FAILURES_PER_EMAIL },
    { key: `ip:${ip}`, limit: FAILURES_PER_IP },
  ];
}

interface Counter {
  failures: number;
  windowStart: number;
}

function remaining(counter: Counter | undefined, limit: number, now: number): number {
  if (!counter || counter.failures < limit) return 0;
  const end = counter.windowStart + THROTTLE_WINDOW_MS;
  return end > now ? Math.ceil((end - now) / 1000) : 0;
}

// Deliberate per-isolate state: the fallback counters when D1 has no login_throttle table.
const memoryCounters = new Map<string, Counter>();
const MEMORY_MAX_KEYS = 10_000;

/** Counters in this isolate's memory: a weaker fallback (isolates do not share them). */
export function memoryThrottle(counters: Map<string, Counter> = memoryCounters): LoginThrottle {
  return {
    async blockedFor(keys, now) {
      return Math.max(0, ...keys.map((k) => remaining(counters.get(k.key), k.limit, now)));
    },
    async fail(keys, now) {
      for (const { key } of keys) {
        const c = counters.get(key);
        if (!c || c.windowStart + THROTTLE_WINDOW_MS <= now) counters.set(key, { failures: 1, windowStart: now });
        else c.failures++;
      }
      if (counters.size > MEMORY_MAX_KEYS) {
        for (const [key, c] of counters) if (c.windowStart + THROTTLE_WINDOW_MS <= now) counters.delete(key);
        while (counters.size > MEMORY_MAX_KEYS) counters.delete(counters.keys().next().value!);
      }
    },
    async reset(keys) {
      for (const { key } of keys) counters.delete(key);
    },
  };
}

/**
 * Counters in D1 (table login_throttle, migration 0005), shared by every isolate. Should the Worker run
 * before the migration is applied, every call falls back to `fallback` (per-isolate memory).
 */
export function d1Throttle(db: D1Database, fallback: LoginThrottle = memoryThrottle()): LoginThrottle {
  const guarded = async <T>(run: () => Promise<T>, otherwise: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      if (err instanceof Error && /no such table/i.test(err.message)) {
        warnOnce();
        return otherwise();
      }
      throw err;
    }
  };
  const hashed = (keys: ThrottleKey[]) => Promise.all(keys.map(async (k) => ({ ...k, key: await sha256Hex(k.key) })));
  return {
    async blockedFor(keys, now) {
      const hk = await hashed(keys);
      return guarded(async () => {
        const { results } = await db
          .prepare(`select key, failures, window_start as windowStart from login_throttle where key in (${hk.map(() => "?").join(",")})`)
          .bind(...hk.map((k) => k.key))
          .all<{ key: string; failures: number; windowStart: number }>();
        const byKey = new Map(results.map((r) => [r.key, r]));
        return Math.max(0, ...hk.map((k) => remaining(byKey.get(k.key), k.limit, now)));
      }, () => fallback.blockedFor(keys, now));
    },
    async fail(keys, now) {
      const hk = await hashed(keys);
      const stale = now - THROTTLE_WINDOW_MS;
      await guarded(async () => {
        await db.batch([
          ...hk.map((k) =>
            db
              .prepare(
                `insert into login_throttle (key, failures, window_start) values (?1, 1, ?2)
                 on conflict (key) do update set
                   failures = case when window_start <= ?3 then 1 else failures + 1 end,
                   window_start = case when window_start <= ?3 then ?2 else window_start end`,
              )
              .bind(k.key, now, stale),
          ),
          db.prepare("delete from login_throttle where window_start <= ?").bind(stale),
        ]);
      }, () => fallback.fail(keys, now));
    },
    async reset(keys) {
      const hk = await hashed(keys);
      await guarded(async () => {
        await db.prepare(`delete from login_throttle where key in (${hk.map(() => "?").join(",")})`).bind(...hk.map((k) => k.key)).run();
      }, () => fallback.reset(keys));
    },
  };
}

let warned = false;
function warnOnce(): void {
  if (warned) return;
  warned = true;
  log("warn", "login_throttle table missing; counting failed logins per isolate");
}
