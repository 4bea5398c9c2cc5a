/**
 * Subrequests of the largest Cron invocation (issue 16, the free plan's 50 per invocation), counted from outside the
 * code that makes them: `npm run bench` reads `measureCronSubrequests` through scripts/bench-budget.ts, and
 * `node scripts/bench-cron.ts` prints the count.
 *
 * The largest Cron run is the weekly-alert run with a full batch (src/alerts/run.ts: one send per profile, 24 for
 * 20); the handoff expiry and housekeeping runs are bounded by their code at 23 (5 notes of at most 4 attempts, 3 D1
 * round trips) and about 21 (rollup 5, retention 10, sessions 1, file sweep 3, stuck sends 1), not counted here. This runs it in node against local
 * D1 and KV (wrangler's platform proxy, a fresh state directory: migrations applied, content synced as a deploy
 * writes it), in a warm isolate (the full ALERT_BATCH of wrangler.toml), with more profiles due than one run
 * claims. Every call on the D1 and KV bindings (a statement, a batch, a get or put) and every fetch is one
 * subrequest; Bot API calls are answered by a stand-in.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { registerHooks } from "node:module";
import { getPlatformProxy } from "wrangler";
import type { Env } from "../src/env.ts";
import { DEFAULT_BATCH } from "../src/alerts/claim.ts";

// The alert run's imports reach the Durable Object classes (src/live/), which import workerd's "cloudflare:workers";
// in node that module is a stand-in with the one name they use (the run never touches a Durable Object).
registerHooks({
  resolve(specifier, context, next) {
    if (specifier === "cloudflare:workers") return { url: "data:text/javascript,export class DurableObject {}; export const env = {};", shortCircuit: true };
    return next(specifier, context);
  },
});
const { runAlerts, setAlertsWarm } = await import("../src/alerts/run.ts");

const root = join(import.meta.dirname, "..");
const DAY = 86_400_000;

/** The calls made through the counted bindings and fetch. */
interface Counts {
  d1: number;
  kv: number;
  fetch: number;
}

/** A D1 binding that counts each statement run (all, run, first, raw), batch and exec. */
function countedD1(db: D1Database, counts: Counts): D1Database {
  const statement = (s: D1PreparedStatement): D1PreparedStatement =>
    new Proxy(s, {
      get(target, key) {
        const value = Reflect.get(target, key) as unknown;
        if (typeof value !== "function") return value;
        if (key === "bind") return (...args: unknown[]) => statement((value as (...a: unknown[]) => D1PreparedStatement).apply(target, args));
        if (key === "all" || key === "run" || key === "first" || key === "raw") {
          return (...args: unknown[]) => {
            counts.d1++;
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return (value as (...a: unknown[]) => unknown).bind(target);
      },
    });
  return new Proxy(db, {
    get(target, key) {
      const value = Reflect.get(target, key) as unknown;
      if (typeof value !== "function") return value;
      if (key === "prepare") return (sql: string) => statement(target.prepare(sql));
      if (key === "batch") {
        // a batch is one round trip; its statements are not counted again
        return (statements: D1PreparedStatement[]) => {
          counts.d1++;
          return target.batch(statements);
        };
      }
      if (key === "exec") {
        return (sql: string) => {
          counts.d1++;
          return target.exec(sql);
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
}

/** A KV binding that counts every call. */
function countedKv(kv: KVNamespace, counts: Counts): KVNamespace {
  return new Proxy(kv, {
    get(target, key) {
      const value = Reflect.get(target, key) as unknown;
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        counts.kv++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/** The Bot API stand-in: every call answered as a sent message. */
function botApi(counts: Counts): typeof fetch {
  return (async () => {
    counts.fetch++;
    const result = { message_id: counts.fetch, date: 0, chat: { id: 1, type: "private" }, text: "" };
    return new Response(JSON.stringify({ ok: true, result }), { headers: { "content-type": "application/json" } });
  }) as typeof fetch;
}

/** The largest Cron invocation's subrequests and what the run reported. */
export interface CronCount extends Counts {
  total: number;
  claimed: number;
  sent: number;
  /** the run's own count (AlertRunReport.subrequests), for comparison */
  reported: number;
}

/** Count the subrequests of one full alert run (see the module comment). */
export async function countAlertRun(): Promise<CronCount> {
  const persist = mkdtempSync(join(tmpdir(), "binjol-bench-cron-"));
  const wrangler = join(root, "node_modules", ".bin", "wrangler");
  // content.ts calls `wrangler` by name, as under `npm run`
  const path = [join(root, "node_modules", ".bin"), join(process.execPath, ".."), process.env.PATH].join(":");
  const quiet = { cwd: root, stdio: "ignore" as const, env: { ...process.env, PATH: path } };
  try {
    execFileSync(wrangler, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persist], quiet);
    execFileSync(process.execPath, [join(root, "scripts", "content.ts"), "sync", "--local", "--relative-dates", "--persist-to", persist], quiet);
    process.env.WRANGLER_LOG ??= "error";
    const proxy = await getPlatformProxy<Env>({ configPath: join(root, "wrangler.toml"), persist: { path: join(persist, "v3") } });
    try {
      const env = proxy.env;
      const now = Date.now();
      const batch = Number(env.ALERT_BATCH ?? DEFAULT_BATCH);
      // more profiles due than one run claims; each names a kabupaten, so every open vacancy there matches it
      for (let i = 0; i <= batch; i++) {
        const seeker = await env.DB.prepare("insert into seekers (channel, external_id, first_seen_at, last_seen_at) values ('telegram', ?, ?, ?) returning id")
          .bind(String(900_000 + i), now - 30 * DAY, now - 8 * DAY)
          .first<{ id: number }>();
        const conversation = `tg:${900_000 + i}`;
        await env.DB.prepare("insert into conversations (id, seeker_id, channel, state, created_at, updated_at) values (?, ?, 'telegram', '{}', ?, ?)")
          .bind(conversation, seeker!.id, now - 30 * DAY, now - 8 * DAY)
          .run();
        await env.DB.prepare(
          `insert into profiles (seeker_id, data, consented_at, consent_version, alert_conversation_id, alert_due_at, alert_sent_at, created_at, updated_at)
           values (?, ?, ?, 'v1', ?, ?, ?, ?, ?)`,
        )
          .bind(seeker!.id, JSON.stringify({ skills: [], placeCode: "35.05", alerts: true }), now - 8 * DAY, conversation, now - (100 - i) * 60_000, now - 60 * DAY, now - 8 * DAY, now - 8 * DAY)
          .run();
      }
      const counts: Counts = { d1: 0, kv: 0, fetch: 0 };
      const counted = {
        ...env,
        DB: countedD1(env.DB, counts),
        CONTENT: countedKv(env.CONTENT, counts),
        TELEGRAM_BOT_TOKEN: "7000000004:bench-cron",
      } as Env;
      setAlertsWarm(true);
      const report = await runAlerts(counted, now, { fetch: botApi(counts), spacingMs: 0 });
      return { ...counts, total: counts.d1 + counts.kv + counts.fetch, claimed: report.claimed, sent: report.sent, reported: report.subrequests };
    } finally {
      await proxy.dispose();
    }
  } finally {
    rmSync(persist, { recursive: true, force: true });
  }
}

/** The free-plan bench's figure (scripts/bench-budget.ts): subrequests of the largest Cron invocation. */
export async function measureCronSubrequests(): Promise<number> {
  return (await countAlertRun()).total;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const c = await countAlertRun();
  console.log(
    `Largest Cron run (weekly alerts, warm isolate, full batch): ${c.total} subrequests (D1 ${c.d1}, KV ${c.kv}, fetch ${c.fetch}); ` +
      `claimed ${c.claimed}, sent ${c.sent}; the run's own count: ${c.reported}. Free-plan limit: 50 per invocation.`,
  );
}
