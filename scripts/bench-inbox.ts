/**
 * `npm run bench:inbox [-- --persist-to <dir>] [--runs 15]`: the dashboard's queries against a local D1 holding
 * a million logged messages. Prints a Markdown report (also bench-results/inbox.md): per query the rows
 * D1 reports as read, the time (median and p95, through wrangler's local D1 proxy), and the EXPLAIN
 * QUERY PLAN lines that show which index each statement uses.
 *
 * Without --persist-to it migrates a fresh temporary D1 and seeds it with scripts/seed-messages.ts
 * (BENCH_MESSAGES, default 1,000,000), which takes a minute or two.
 *
 * The statistics are measured twice: without rollups (stats_daily is emptied first, so every day is counted
 * from the messages), then after the daily rollup has caught up on every complete day (today stays live).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { SQL } from "drizzle-orm";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import { getPlatformProxy } from "wrangler";
import { officeClockFrom } from "../src/core/clock.ts";
import { caseDetail, caseDetailStatements, exportPage, exportStatement, inboxStatement, listInbox, searchCases, searchStatement, SEARCH_WINDOW, type InboxQuery } from "../src/counsellor/queries.ts";
import { rollupStatement, rollupStats } from "../src/counsellor/rollup.ts";
import { loadStats, statsStatements } from "../src/counsellor/stats.ts";
import { createDb } from "../src/db/client.ts";
import { flag, seedMessages } from "./seed-messages.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const RUNS = Number(flag(argv, "runs") ?? 15);
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" };
const lines: string[] = [];
const out = (s = "") => {
  console.log(s);
  lines.push(s);
};

let persist = flag(argv, "persist-to");
const temporary = !persist;
if (!persist) {
  persist = mkdtempSync(join(tmpdir(), "binjol-bench-inbox-"));
  execFileSync(join(root, "node_modules", ".bin", "wrangler"), ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persist], { cwd: root, env, stdio: "ignore" });
  const messages = Number(process.env.BENCH_MESSAGES ?? 1_000_000);
  console.error(`seeding ${messages.toLocaleString("en")} messages into ${persist} …`);
  const s = await seedMessages({ persistTo: persist, messages, days: 100, seed: 1, end: Date.now(), log: (l) => console.error(l) });
  console.error(`seeded in ${(s.ms / 1000).toFixed(0)} s`);
}

const proxy = await getPlatformProxy<{ DB: D1Database; OFFICE_UTC_OFFSET?: string; OFFICE_ZONE?: string }>({ configPath: join(root, "wrangler.toml"), persist: { path: join(persist, "v3") }, remoteBindings: false });
const d1 = proxy.env.DB;
/** The office clock of wrangler.toml, as the Worker builds it. */
const clock = officeClockFrom(proxy.env);
const dialect = new SQLiteAsyncDialect();

/** A D1 that adds up the rows D1 reports as read; statements drizzle runs with raw() are counted by running them once more with all(). */
function metered(real: D1Database, usage: { rowsRead: number; statements: number }): D1Database {
  const count = (r: D1Result | D1Result[]) => {
    for (const x of Array.isArray(r) ? r : [r]) {
      usage.rowsRead += x.meta?.rows_read ?? 0;
      usage.statements++;
    }
  };
  const wrapStatement = (stmt: D1PreparedStatement): D1PreparedStatement =>
    new Proxy(stmt, {
      get(target, prop) {
        if (prop === "bind") return (...args: unknown[]) => wrapStatement(target.bind(...args));
        if (prop === "all" || prop === "run") {
          return async () => {
            const r = await (target[prop] as () => Promise<D1Result>)();
            count(r);
            return r;
          };
        }
        if (prop === "raw" || prop === "first") {
          return async (...args: unknown[]) => {
            count(await target.all());
            return (target[prop] as (...a: unknown[]) => Promise<unknown>)(...args);
          };
        }
        const value = Reflect.get(target, prop, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  return new Proxy(real, {
    get(target, prop) {
      if (prop === "prepare") return (sql: string) => wrapStatement(target.prepare(sql));
      if (prop === "batch") {
        return async (statements: D1PreparedStatement[]) => {
          const r = await target.batch(statements);
          count(r);
          return r;
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

type Statement = { toSQL(): { sql: string; params: unknown[] } } | SQL;

async function plan(stmt: Statement): Promise<string[]> {
  const { sql, params } = "toSQL" in stmt ? stmt.toSQL() : dialect.sqlToQuery(stmt);
  const { results } = await d1.prepare(`explain query plan ${sql}`).bind(...params).all<{ id: number; parent: number; detail: string }>();
  const depth = new Map<number, number>([[0, 0]]);
  return results.map((r) => {
    const d = (depth.get(r.parent) ?? 0) + 1;
    depth.set(r.id, d);
    return `${"  ".repeat(d - 1)}${r.detail}`;
  });
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

interface Bench {
  name: string;
  run: (db: ReturnType<typeof createDb>) => Promise<number>;
  statements: Statement[];
  /** run once before this bench, unmeasured */
  setup?: () => Promise<void>;
}

try {
  const one = async <T>(sql: string) => (await d1.prepare(sql).first<T>())!;
  const sizes = await one<{ messages: number; cases: number; conversations: number; waiting: number; open: number; closed: number }>(
    "select (select count(*) from messages) as messages, (select count(*) from cases) as cases, (select count(*) from conversations) as conversations, (select count(*) from cases where status = 'waiting') as waiting, (select count(*) from cases where status = 'open') as open, (select count(*) from cases where status = 'closed') as closed",
  );
  const busiest = await one<{ id: number; assignedTo: number }>("select id, assigned_to as assignedTo from cases where status = 'open' order by id desc limit 1");
  const midClosed = await one<{ createdAt: number; id: number }>(`select created_at as createdAt, id from cases where status = 'closed' order by created_at limit 1 offset ${Math.floor(sizes.closed / 2)}`);
  const midCase = await one<{ id: number }>(`select id from cases order by id limit 1 offset ${Math.floor(sizes.cases / 2)}`);
  const longConv = await one<{ id: number }>(
    "select c.id as id from cases c where c.status = 'closed' order by (select count(*) from messages m where m.conversation_id = c.conversation_id) desc limit 1",
  );
  const counsellor = busiest?.assignedTo ?? 1;
  const now = Date.now();
  const today = clock.dayStart(clock.day(now));
  const range30 = { from: today - 29 * 86_400_000, to: today + 86_400_000 };
  const yesterday = clock.day(now) - 1;
  let catchUp = "";
  const plain = createDb(d1);
  const inbox = (q: Omit<InboxQuery, "counsellorId">): Bench => ({
    name: "",
    run: async (db) => (await listInbox(db, { counsellorId: counsellor, ...q })).rows.length,
    statements: [inboxStatement(plain, { counsellorId: counsellor, ...q })],
  });
  const named = (name: string, b: Bench): Bench => ({ ...b, name });
  const benches: Bench[] = [
    { name: "Baseline: `select 1` (the node↔workerd hop alone)", run: async () => (await d1.prepare("select 1").all()).results.length, statements: [] },
    named("Inbox · Menunggu (waiting, oldest first), page 1", inbox({ view: "waiting" })),
    named("Inbox · Milik saya (my open cases)", inbox({ view: "mine" })),
    named("Inbox · Semua (all, newest first), page 1", inbox({ view: "all" })),
    named("Inbox · Semua, a page in the middle", inbox({ view: "all", cursor: { createdAt: 0, id: midCase.id } })),
    named("Inbox · Selesai (closed, newest first), page 1", inbox({ view: "closed" })),
    named("Inbox · Selesai, a page in the middle", inbox({ view: "closed", cursor: midClosed })),
    named("Inbox · Selesai + channel web + topic lowongan", inbox({ view: "closed", channel: "web", topic: "lowongan" })),
    {
      name: `Conversation view (case #${longConv.id}: case, 200 newest messages, other cases, notes)`,
      run: async (db) => ((await caseDetail(db, longConv.id)) ? 1 : 0),
      statements: [...caseDetailStatements(plain, longConv.id)],
    },
    {
      name: `Text search, one window of ${SEARCH_WINDOW.toLocaleString("en")} messages`,
      run: async (db) => (await searchCases(db, "kartu kuning")).rows.length,
      statements: [searchStatement("kartu kuning", Number.MAX_SAFE_INTEGER, SEARCH_WINDOW)],
    },
    {
      name: "Statistics, last 30 days, without rollups (every day counted from the messages)",
      setup: async () => {
        await d1.prepare("delete from stats_daily").run();
      },
      run: async (db) => (await loadStats(db, range30, clock)).byDay.length,
      statements: [...statsStatements(plain, range30, clock)],
    },
    {
      name: "Statistics, last 30 days, from the daily rollups (today counted live)",
      setup: async () => {
        const usage = { rowsRead: 0, statements: 0 };
        const t = performance.now();
        let days = 0;
        let runs = 0;
        for (let n = -1; n !== 0; days += n, runs++) n = (await rollupStats(createDb(metered(d1, usage)), now, clock)).length;
        catchUp = `Rollup catch-up: ${days} complete days rolled up in ${runs - 1} cron runs (at most 31 days each), ${usage.rowsRead.toLocaleString("en")} rows read in all (${Math.round(usage.rowsRead / Math.max(days, 1)).toLocaleString("en")} per day), ${((performance.now() - t) / 1000).toFixed(1)} s.`;
      },
      run: async (db) => (await loadStats(db, range30, clock)).byDay.length,
      statements: [...statsStatements(plain, range30, clock)],
    },
    {
      name: "Daily rollup of one complete day (yesterday), rewritten as the nightly cron writes it (idempotent upserts)",
      run: async (db) => (await db.batch([rollupStatement(db, yesterday, clock)])).length,
      statements: [rollupStatement(plain, yesterday, clock)],
    },
    {
      name: "CSV export, one page of 500 cases (last 30 days)",
      run: async (db) => (await exportPage(db, range30, 0)).length,
      statements: [exportStatement(plain, range30, 0)],
    },
  ];

  out(`# Dashboard queries at ${sizes.messages.toLocaleString("en")} messages`);
  out();
  out(`Local D1 (workerd's SQLite through wrangler's platform proxy), ${sizes.messages.toLocaleString("en")} messages, ${sizes.conversations.toLocaleString("en")} conversations, ${sizes.cases.toLocaleString("en")} cases (${sizes.waiting} waiting, ${sizes.open} open, ${sizes.closed.toLocaleString("en")} closed). ${RUNS} timed runs each after one warm-up; times include the node↔workerd hop.`);
  out();
  out(`| query | rows returned | D1 rows read | median | p95 |`);
  out(`| --- | ---: | ---: | ---: | ---: |`);
  const plans: Array<[string, string[][]]> = [];
  for (const b of benches) {
    await b.setup?.();
    const usage = { rowsRead: 0, statements: 0 };
    const returned = await b.run(createDb(metered(d1, usage)));
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await b.run(plain);
      times.push(performance.now() - t);
    }
    out(`| ${b.name} | ${returned} | ${usage.rowsRead.toLocaleString("en")} | ${pct(times, 50).toFixed(1)} ms | ${pct(times, 95).toFixed(1)} ms |`);
    if (b.statements.length > 0) plans.push([b.name, await Promise.all(b.statements.map(plan))]);
  }
  out();
  out(`Budget (PRODUCT.md): list queries read O(page) rows, not O(table). Inbox pages read about 50 rows plus one`);
  out(`last-message probe per row plus the capped tab counts (≤ 101 index entries each), whatever the table size.`);
  out();
  out(`The statistics read the daily rollup (stats_daily: per day one marker row, per channel one totals row and one`);
  out(`row per topic) for complete days, today's messages live, and the range's cases live (cases change after their day).`);
  out(catchUp);
  out();
  out(`## EXPLAIN QUERY PLAN`);
  for (const [name, statementPlans] of plans) {
    out();
    out(`### ${name}`);
    out();
    out("```");
    statementPlans.forEach((p, i) => {
      if (statementPlans.length > 1) out(`-- statement ${i + 1}`);
      for (const l of p) out(l);
    });
    out("```");
  }
  mkdirSync(join(root, "bench-results"), { recursive: true });
  writeFileSync(join(root, "bench-results", "inbox.md"), `${lines.join("\n")}\n`);
} finally {
  await proxy.dispose();
  if (temporary) rmSync(persist, { recursive: true, force: true });
}
