/**
 * `npm run bench`: measures the budgets of PRODUCT.md on this machine and writes bench-results/report.md.
 *  - Worker bundle size (minified, gzipped) from `wrangler deploy --dry-run`
 *  - content bundle size in KV
 *  - against `wrangler dev` with local D1/KV and a Bot API stand-in (scripts/bench-emulator.ts): latency of Telegram updates
 *    (bounded count, loopback only), and per update the D1 round trips, rows read/written and KV reads
 *    the Worker reports (EXPOSE_METRICS=1), next to a do-nothing route as the runtime's ceiling
 *  - a bounded concurrent load phase (N workers via fetch, loopback only) for Telegram updates, web-chat
 *    messages and GET /health: req/s, p50/p99, errors, ratio to the ceiling; bar chart bench-results/throughput.svg
 *  - the Worker's startup: spawn of `wrangler dev` until /health answers, and the first requests' latency
 *  - CPU time of the conversation core per message (node, same code as the Worker)
 *  - routing benchmark (scripts/bench-routing.ts) when present
 *  - the free-plan budget at 10,000 messages a day (scripts/bench-budget.ts): exits non-zero when a share is over 50%
 * BENCH_QUICK=1 leaves out the listings, widget, inbox and routing benchmarks (e.g. to measure rows written alone).
 * `--load-only` (or BENCH_LOAD_ONLY=1): only the concurrent load phase against wrangler dev (about a minute), no
 * sizes, sequential runs, job flows, sub-benchmarks or budget; the report goes to bench-results/load.md.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, openSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { compileContent } from "../src/content/compiler.ts";
import { respond } from "../src/core/engine.ts";
import { freePort } from "../test/global-setup.ts";
import { idleCores, type LoadResult, loadRoutes } from "./bench-load.ts";
import { inspector, summarise } from "./bench-profile.ts";
import { getTableConfig, type SQLiteTable } from "drizzle-orm/sqlite-core";
import * as schema from "../src/db/schema.ts";
import { budgetTable, cronRunsPerDay, freePlanRows, measureAlertRun, measureColdListing, measureCronSubrequests, measureSignIn, MESSAGES_PER_DAY, type PerMessage } from "./bench-budget.ts";

/** How many indexes the schema declares on a table (the primary key's own index of a text key not counted). */
function indexCount(table: string): string {
  for (const value of Object.values(schema)) {
    if (value && typeof value === "object" && Symbol.for("drizzle:IsDrizzleTable") in value) {
      const config = getTableConfig(value as SQLiteTable);
      if (config.name === table) return String(config.indexes.length);
    }
  }
  return "?";
}

const UPDATES = Number(process.env.BENCH_UPDATES ?? 300);
/** BENCH_QUICK=1: only the Worker's own measures and the free-plan budget (rows written per message among them), without the listings, widget, inbox and routing benchmarks. */
const QUICK = process.env.BENCH_QUICK === "1";
/** `--load-only`: only the concurrent load phase (see the header). */
const LOAD_ONLY = process.argv.includes("--load-only") || process.env.BENCH_LOAD_ONLY === "1";
/** Chats the sequential Telegram updates take turns in: the first update of each creates its seeker and conversation. */
const CHATS = 50;
// Concurrent load phase, per route: LOAD_WORKERS requests in flight until LOAD_SECONDS or LOAD_REQUESTS, whichever first.
const LOAD_WORKERS = Number(process.env.BENCH_CONCURRENCY ?? 8);
const LOAD_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const LOAD_REQUESTS = Number(process.env.BENCH_LOAD_REQUESTS ?? 2000);
/** Rounds the three routes take turns in, and requests per route sent first and not counted. */
const LOAD_ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const LOAD_WARMUP = Number(process.env.BENCH_WARMUP ?? 100);
/** BENCH_PROFILE=1: a CPU profile of the Worker over each route's first measured round, bench-results/<route>.cpuprofile. */
const PROFILE = process.env.BENCH_PROFILE === "1";
/** The Bot API stand-in (scripts/bench-emulator.ts): "stub" (default, minimal) or "emulator" (telegram-test-api). */
const BOT_API = process.env.BENCH_BOT_API === "emulator" ? "emulator" : "stub";
/** BENCH_PROBES=0 leaves the probe routes (src/http/probes.ts) out of the load phase. */
const PROBES = process.env.BENCH_PROBES !== "0";
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" };
const lines: string[] = [];
const out = (s = "") => {
  console.log(s);
  lines.push(s);
};
const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

out(`# BINJOL benchmark`);
out();
out(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, Node ${process.version}, ${new Date().toISOString()}`);
out();

const samples = ["halo", "cara bikin cv yang menarik gmn min?", "syarat kartu kuning", "disuruh bayar seragam dulu aman ga", "resep nasi goreng", "tips interview"];
/** CPU of the conversation core per message, µs (not measured with --load-only). */
let coreUs = NaN;
if (!LOAD_ONLY) {
  // 1. Worker bundle
  const buildDir = mkdtempSync(join(tmpdir(), "binjol-build-"));
  execFileSync("wrangler", ["deploy", "--dry-run", "--outdir", buildDir, "--minify"], { env, stdio: "ignore" });
  const files = readdirSync(buildDir).filter((f) => f.endsWith(".js"));
  const bundleBytes = files.reduce((n, f) => n + statSync(join(buildDir, f)).size, 0);
  const bundleGz = files.reduce((n, f) => n + gzipSync(readFileSync(join(buildDir, f))).length, 0);
  rmSync(buildDir, { recursive: true, force: true });

  // 2. Content
  const started = performance.now();
  const { bundle } = compileContent(join(process.cwd(), "content"));
  const compileMs = performance.now() - started;
  if (!bundle) throw new Error("content has errors: run npm run content:check");
  const contentJson = JSON.stringify(bundle);

  out(`## Sizes`);
  out();
  out(`| what | size | budget |`);
  out(`| --- | --- | --- |`);
  out(`| Worker bundle (minified) | ${kb(bundleBytes)} | |`);
  out(`| Worker bundle gzipped | ${kb(bundleGz)} | < 1 MiB |`);
  out(`| content bundle in KV (content:current) | ${kb(contentJson.length)} (${kb(gzipSync(contentJson).length)} gzipped) | KV value < 25 MiB |`);
  out(`| router index inside it | ${kb(JSON.stringify(bundle.index).length)} | |`);
  out(`| content compile time (${Object.keys(bundle.topics).length} guides) | ${compileMs.toFixed(0)} ms | |`);
  out();

  // 3. Core CPU per message (pure: routing + engine, no I/O)
  for (let i = 0; i < 200; i++) respond({ type: "text", text: samples[i % samples.length]! }, {}, bundle);
  const n = 5000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) respond({ type: "text", text: samples[i % samples.length]! }, {}, bundle);
  coreUs = ((performance.now() - t0) / n) * 1000;
  out(`## CPU`);
  out();
  out(`Conversation core per free-text message (routing + reply decision, node, warm): **${coreUs.toFixed(1)} µs** (Workers free plan: 10 ms CPU per request).`);
  out();

}
/** Per Telegram update of the sequential run, as the Worker counted it (for the free-plan budget). */
let perMessage: PerMessage | undefined;
/** KV keys one content sync wrote into the fresh local namespace. */
let syncKeys = NaN;

// 4. Against wrangler dev
const persist = mkdtempSync(join(tmpdir(), "binjol-bench-"));
execFileSync("wrangler", ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persist], { env, stdio: "ignore" });
execFileSync("node", ["scripts/content.ts", "sync", "--local", "--relative-dates", "--persist-to", persist], { env, stdio: "ignore" });
{
  const listed = execFileSync("wrangler", ["kv", "key", "list", "--binding", "CONTENT", "--local", "--persist-to", persist], { env, encoding: "utf8" });
  syncKeys = (JSON.parse(listed) as unknown[]).length;
}
const apiPort = await freePort();
// The emulator runs in its own process: in this one it would share the load generator's event loop.
const emulatorProcess = spawn("node", ["scripts/bench-emulator.ts", String(apiPort), BOT_API], { env, stdio: ["ignore", "pipe", "inherit"] });
const emulatorUrl = await new Promise<string>((resolve, reject) => {
  let buffered = "";
  emulatorProcess.stdout!.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    if (buffered.includes("\n")) resolve(buffered.trim());
  });
  emulatorProcess.on("exit", (code) => reject(new Error(`the Bot API emulator exited (${code})`)));
});
const port = await freePort();
const inspectorPort = await freePort();
const base = `http://127.0.0.1:${port}`;
const token = "7000000003:bench";
const secret = "bench-secret";
const spawnedAt = performance.now();
const worker = spawn(
  "wrangler",
  ["dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", persist, "--show-interactive-dev-session=false",
    "--var", `TELEGRAM_API_ROOT:${emulatorUrl}`, "--var", `TELEGRAM_BOT_TOKEN:${token}`,
    "--var", `TELEGRAM_WEBHOOK_SECRET:${secret}`, "--var", "EXPOSE_METRICS:1",
    ...(PROFILE ? ["--inspector-port", String(inspectorPort)] : [])],
  // BENCH_WRANGLER_LOG=<file>: wrangler dev's output there (what the Worker logs under load), else dropped.
  { env, stdio: process.env.BENCH_WRANGLER_LOG ? ["ignore", openSync(process.env.BENCH_WRANGLER_LOG, "w"), "inherit"] : "ignore" },
);
let chart: ChartRow[] = [];
try {
  // Startup: poll /health every 50 ms from the spawn until it answers (60 s at most).
  let firstHealthMs = NaN;
  for (;;) {
    const s = performance.now();
    try {
      const res = await fetch(`${base}/health`);
      await res.arrayBuffer();
      if (res.ok) {
        firstHealthMs = performance.now() - s;
        break;
      }
    } catch {
      if (performance.now() - spawnedAt > 60_000) throw new Error("wrangler dev did not start");
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const readyMs = performance.now() - spawnedAt;
  const timed = async (fn: () => Promise<Response>) => {
    const s = performance.now();
    const res = await fn();
    await res.arrayBuffer();
    return { ms: performance.now() - s, res };
  };
  const telegramUpdate = (updateId: number, chat: number, text: string) => ({
    update_id: updateId,
    message: {
      message_id: updateId, date: 0, text,
      chat: { id: chat, type: "private", first_name: "B" }, from: { id: chat, is_bot: false, first_name: "B" },
      ...(text.startsWith("/") ? { entities: [{ offset: 0, length: text.length, type: "bot_command" }] } : {}),
    },
  });
  const telegramInit = (update: unknown): RequestInit => ({
    method: "POST",
    headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret },
    body: JSON.stringify(update),
  });
  // The first real request of the fresh Worker: content from KV, D1 opened, the Bot API called.
  const firstUpdate = await timed(() => fetch(`${base}/telegram`, telegramInit(telegramUpdate(1, 1_999_999, "/start"))));
  if (firstUpdate.res.status !== 200) throw new Error(`first update: HTTP ${firstUpdate.res.status}`);
  // Concurrent load, the three routes side by side (scripts/bench-load.ts: same requests in flight, warm-up not
  // counted, the routes taking turns in short rounds). Telegram: unique update_ids over 1,000 chats, so the
  // per-chat flood limit of 30 a minute is never reached; web chat: enough sessions that none passes its 30 a
  // minute, each sending from its own address (CF-Connecting-IP, which wrangler dev keeps when given) like
  // visitors do, so the per-IP limit does not cap the run either.
  const profileRound = async (label: string, run: () => Promise<void>) => {
    const session = await inspector(inspectorPort);
    await session.send("Profiler.enable");
    await session.send("Profiler.setSamplingInterval", { interval: 200 });
    await session.send("Profiler.start");
    await run();
    const { profile } = (await session.send("Profiler.stop")) as { profile: Parameters<typeof summarise>[0] };
    session.close();
    mkdirSync("bench-results", { recursive: true });
    writeFileSync(`bench-results/${label}.cpuprofile`, JSON.stringify(profile));
    console.log(`\n## CPU profile of ${label}\n${summarise(profile, 25)}`);
  };
  const loadSessions: Array<{ token: string; ip: string }> = [];
  const sessionCount = Math.max(100, Math.ceil((LOAD_REQUESTS + LOAD_WARMUP) / 25));
  for (let i = 0; i < sessionCount; i++) {
    const ip = `10.77.${Math.floor(i / 250)}.${(i % 250) + 1}`;
    const res = await fetch(`${base}/api/webchat/sessions`, { method: "POST", headers: { "CF-Connecting-IP": ip } });
    if (res.status !== 201) throw new Error(`load session ${i}: HTTP ${res.status}`);
    loadSessions.push({ token: ((await res.json()) as { token: string }).token, ip });
  }
  const texts = ["/start", ...samples];
  // The probes (src/http/probes.ts): the store's two round trips, one rate-limiter call, one Bot API send, alone.
  const probePaths = PROBES ? ["/bench/store", "/bench/limit", "/bench/send", "/bench/telegram-code", "/bench/telegram-code?send=1", "/bench/web-code"] : [];
  const idle = worker.pid ? await idleCores(worker.pid) : NaN;
  const [loadHealth, loadTelegram, loadWeb, ...loadProbes] = (await loadRoutes(
    [
      { label: "health", make: () => ({ url: `${base}/health` }) },
      {
        label: "telegram",
        make: (i) => ({ url: `${base}/telegram`, init: telegramInit(telegramUpdate(100_000 + i, 3_000_000 + (i % 1000), texts[i % texts.length]!)) }),
      },
      {
        label: "webchat",
        make: (i) => {
          const session = loadSessions[i % loadSessions.length]!;
          return {
            url: `${base}/api/webchat/messages`,
            init: {
              method: "POST",
              headers: { "content-type": "application/json", Authorization: `Bearer ${session.token}`, "CF-Connecting-IP": session.ip },
              body: JSON.stringify({ text: samples[i % samples.length], clientMessageId: `l${i}` }),
            },
          };
        },
      },
      ...probePaths.map((path) => ({ label: path.slice(1).replace(/\W+/g, "-"), make: () => ({ url: `${base}${path}` }) })),
      // the webhook's own layers (secret, body limit, validation, the bot built) for an update the bot ignores: no D1, no send
      ...(PROBES
        ? [{ label: "telegram-ignored", make: (i: number) => ({ url: `${base}/telegram`, init: telegramInit({ update_id: 900_000 + i, edited_message: { message_id: 1, date: 0, edit_date: 1, text: "x", chat: { id: 1, type: "private" }, from: { id: 1, is_bot: false, first_name: "B" } } }) }) }]
        : []),
    ],
    { workers: LOAD_WORKERS, seconds: LOAD_SECONDS, max: LOAD_REQUESTS, rounds: LOAD_ROUNDS, warmup: LOAD_WARMUP, serverPid: worker.pid, otherPids: { emulator: emulatorProcess.pid }, around: PROFILE ? profileRound : undefined },
  )) as [LoadResult, LoadResult, LoadResult, ...LoadResult[]];

  // Job flows over web chat: vacancy list, paging, search, the scam check. The first request in the isolate
  // also reads the listings blob from KV (once per isolate and content version).
  const jobSteps: Array<{ text: string } | { action: string }> = [
    { action: "t:lowongan" }, { action: "vl:2" }, { action: "vs" }, { text: "las" }, { action: "t:pelatihan" },
    { action: "sc" }, { text: "Dibutuhkan admin online, gaji 8jt/bulan tanpa pengalaman. Transfer biaya pendaftaran 150rb dulu, interview via WA." },
  ];
  const jobRows: Array<{ step: string; ms: number; d1: number; read: number; written: number; kv: number }> = [];
  /** Sequential req/s per route (ceiling, Telegram, web chat), for the chart; not measured with --load-only. */
  const seqRps = [NaN, NaN, NaN];
  let warmP50 = NaN;
  if (!LOAD_ONLY) {
    // Ceiling: a route that does nothing but answer.
    const ceiling: number[] = [];
    for (let i = 0; i < UPDATES; i++) ceiling.push((await timed(() => fetch(`${base}/health`))).ms);

    const latencies: number[] = [];
    const usage = { d1: [] as number[], read: [] as number[], written: [] as number[], kv: [] as number[], kvw: [] as number[] };
    // rows written by cause ("insert messages", …) summed over all updates, from the usage header's w.* entries, for
    // the first message of each chat (seeker and conversation created) and for the later ones apart
    const writtenBy = new Map<string, number>();
    const writtenByFirst = new Map<string, number>();
    const writtenByLater = new Map<string, number>();
    const firstWritten: number[] = [];
    const laterWritten: number[] = [];
    for (let i = 0; i < UPDATES; i++) {
      const chat = 2_000_000 + (i % CHATS);
      const text = texts[i % texts.length]!;
      const update = {
        update_id: 10_000 + i,
        message: {
          message_id: i + 1, date: 0, text,
          chat: { id: chat, type: "private", first_name: "B" }, from: { id: chat, is_bot: false, first_name: "B" },
          ...(text.startsWith("/") ? { entities: [{ offset: 0, length: text.length, type: "bot_command" }] } : {}),
        },
      };
      const { ms, res } = await timed(() =>
        fetch(`${base}/telegram`, {
          method: "POST",
          headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret },
          body: JSON.stringify(update),
        }),
      );
      if (res.status !== 200) throw new Error(`update ${i}: HTTP ${res.status}`);
      latencies.push(ms);
      const u = Object.fromEntries((res.headers.get("X-Binjol-Usage") ?? "").split(";").map((p) => p.split("=")).map(([k, v]) => [k, Number(v)]));
      usage.d1.push(u.d1 ?? NaN);
      usage.read.push(u.read ?? NaN);
      usage.written.push(u.written ?? NaN);
      usage.kv.push(u.kv ?? NaN);
      usage.kvw.push(u.kvw ?? NaN);
      const isFirst = i < CHATS;
      (isFirst ? firstWritten : laterWritten).push(u.written ?? NaN);
      for (const [k, v] of Object.entries(u) as Array<[string, number]>) {
        if (!k.startsWith("w.") || !Number.isFinite(v)) continue;
        const cause = k.slice(2).replace(".", " ");
        writtenBy.set(cause, (writtenBy.get(cause) ?? 0) + v);
        const part = isFirst ? writtenByFirst : writtenByLater;
        part.set(cause, (part.get(cause) ?? 0) + v);
      }
    }
    // Web-chat messages: 10 sessions taking turns.
    const tokens: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${base}/api/webchat/sessions`, { method: "POST" });
      tokens.push(((await res.json()) as { token: string }).token);
    }
    const webLatencies: number[] = [];
    const webD1: number[] = [];
    const webWritten: number[] = [];
    // Bounded below the per-IP flood limit (300 a minute), which every local request shares.
    const WEB_MESSAGES = Math.min(UPDATES, 250);
    for (let i = 0; i < WEB_MESSAGES; i++) {
      const { ms, res } = await timed(() =>
        fetch(`${base}/api/webchat/messages`, {
          method: "POST",
          headers: { "content-type": "application/json", Authorization: `Bearer ${tokens[i % tokens.length]}` },
          body: JSON.stringify({ text: samples[i % samples.length], clientMessageId: `b${i}` }),
        }),
      );
      if (res.status !== 200) throw new Error(`web message ${i}: HTTP ${res.status}`);
      webLatencies.push(ms);
      const u = Object.fromEntries((res.headers.get("X-Binjol-Usage") ?? "").split(";").map((p) => p.split("=")).map(([k, v]) => [k, Number(v)]));
      webD1.push(u.d1 ?? NaN);
      webWritten.push(u.written ?? NaN);
    }
    for (let round = 0; round < 3; round++) {
      const res0 = await fetch(`${base}/api/webchat/sessions`, { method: "POST", headers: { "CF-Connecting-IP": `10.88.0.${round + 1}` } });
      const jobToken = ((await res0.json()) as { token: string }).token;
      for (const [i, step] of jobSteps.entries()) {
        const { ms, res } = await timed(() =>
          fetch(`${base}/api/webchat/messages`, {
            method: "POST",
            headers: { "content-type": "application/json", Authorization: `Bearer ${jobToken}`, "CF-Connecting-IP": `10.88.0.${round + 1}` },
            body: JSON.stringify({ ...step, clientMessageId: `j${round}-${i}` }),
          }),
        );
        if (res.status !== 200) throw new Error(`job step ${i}: HTTP ${res.status}`);
        const u = Object.fromEntries((res.headers.get("X-Binjol-Usage") ?? "").split(";").map((p) => p.split("=")).map(([k, v]) => [k, Number(v)]));
        jobRows.push({ step: "text" in step ? `text "${step.text.slice(0, 24)}${step.text.length > 24 ? "…" : ""}"` : `action ${step.action}`, ms, d1: u.d1 ?? NaN, read: u.read ?? NaN, written: u.written ?? NaN, kv: u.kv ?? NaN });
      }
    }

    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const rps = (xs: number[]) => 1000 / avg(xs);
    out(`## Telegram updates against wrangler dev (local workerd, D1, KV; Bot API stand-in on loopback)`);
    out();
    out(`${UPDATES} updates sent one after another (each also makes the Worker call the Bot API stand-in).`);
    out();
    out(`| route | req/s (sequential) | p50 | p99 |`);
    out(`| --- | --- | --- | --- |`);
    out(`| GET /health (ceiling) | ${rps(ceiling).toFixed(0)} | ${pct(ceiling, 50).toFixed(1)} ms | ${pct(ceiling, 99).toFixed(1)} ms |`);
    out(`| POST /telegram | ${rps(latencies).toFixed(0)} (${((rps(latencies) / rps(ceiling)) * 100).toFixed(0)}% of ceiling) | ${pct(latencies, 50).toFixed(1)} ms | ${pct(latencies, 99).toFixed(1)} ms |`);
    out(`| POST /api/webchat/messages | ${rps(webLatencies).toFixed(0)} (${((rps(webLatencies) / rps(ceiling)) * 100).toFixed(0)}% of ceiling) | ${pct(webLatencies, 50).toFixed(1)} ms | ${pct(webLatencies, 99).toFixed(1)} ms |`);
    out();
    out(`Per update, as the Worker counted it:`);
    out();
    out(`| measure | max | mean | budget |`);
    out(`| --- | --- | --- | --- |`);
    out(`| D1 round trips | ${Math.max(...usage.d1)} | ${avg(usage.d1).toFixed(2)} | ≤ 2 |`);
    out(`| D1 rows read | ${Math.max(...usage.read)} | ${avg(usage.read).toFixed(1)} | |`);
    out(`| D1 rows written | ${Math.max(...usage.written)} | ${avg(usage.written).toFixed(1)} | |`);
    out(`| KV reads | ${Math.max(...usage.kv)} | ${avg(usage.kv).toFixed(3)} | ≤ 1 (0 warm) |`);
    out(`| web chat: D1 round trips (session check included) | ${Math.max(...webD1)} | ${avg(webD1).toFixed(2)} | ≤ 2 |`);
    out(`| web chat: D1 rows written | ${Math.max(...webWritten)} | ${avg(webWritten).toFixed(1)} | |`);
    out();
    out(`D1 rows written per update by cause (statement and table; each row counts once plus once per index entry it writes, and an insert into an AUTOINCREMENT table once more for sqlite_sequence), over all updates, over the first update of each of the ${CHATS} chats (seeker and conversation created), and over the later ones (issue 16: a mean of at most 5, at most 8 for a chat's first):`);
    out();
    out(`| cause | rows per update (mean) | first of a chat (mean) | later (mean) | indexes on the table |`);
    out(`| --- | --- | --- | --- | --- |`);
    const perUpdate = (m: Map<string, number>, cause: string, count: number) => ((m.get(cause) ?? 0) / Math.max(1, count)).toFixed(2);
    for (const [cause, n] of [...writtenBy].sort((a, b) => b[1] - a[1])) {
      const table = cause.split(" ")[1] ?? "";
      out(`| ${cause} | ${(n / usage.written.length).toFixed(2)} | ${perUpdate(writtenByFirst, cause, firstWritten.length)} | ${perUpdate(writtenByLater, cause, laterWritten.length)} | ${indexCount(table)} |`);
    }
    out(`| **total** | **${avg(usage.written).toFixed(2)}** (max ${Math.max(...usage.written)}) | **${avg(firstWritten).toFixed(2)}** (max ${Math.max(...firstWritten)}) | **${avg(laterWritten).toFixed(2)}** (max ${Math.max(...laterWritten)}) | |`);
    out();
    // one HTTP request to the Worker per update (the Bot API calls it makes are subrequests, not requests)
    seqRps.splice(0, 3, rps(ceiling), rps(latencies), rps(webLatencies));
    warmP50 = pct(latencies, 50);
    perMessage = { written: avg(usage.written), read: avg(usage.read), kvReads: avg(usage.kv), kvWrites: avg(usage.kvw), requests: 1 };
    const perDay = 10_000;
    out(`A day of ${perDay.toLocaleString("en")} seeker messages at these means: ${(avg(usage.written) * perDay).toLocaleString("en", { maximumFractionDigits: 0 })} D1 rows written (free plan: 100,000/day), ${(avg(usage.read) * perDay).toLocaleString("en", { maximumFractionDigits: 0 })} rows read (free plan: 5,000,000/day).`);
    out();
  }
  out(`## Concurrent load against wrangler dev`);
  out();
  out(`${LOAD_WORKERS} requests in flight per route over loopback (Node fetch, keep-alive). Each route first gets ${LOAD_WARMUP} requests of warm-up (not counted); then the routes (these three, then the probes below) take turns in ${LOAD_ROUNDS} rounds, each route until ${LOAD_SECONDS} s or ${LOAD_REQUESTS.toLocaleString("en")} requests in all, whichever came first. Telegram: unique update_ids over 1,000 chats (the Worker calls the Bot API stand-in, ${BOT_API === "stub" ? "a minimal stub" : "telegram-test-api"} in a separate process, for each); web chat: ${sessionCount} sessions (≤ 30 messages a minute each), each from its own address. Errors are responses other than 2xx, and failed connections. CPU columns: CPU time per request of the load generator (this Node process) and of wrangler dev's process tree (workerd, with the local D1 and KV), and the cores each used meanwhile, from /proc.`);
  out();
  out(`| route | requests | req/s | of ceiling | p50 | p99 | p99 / ceiling p99 | errors | generator CPU/req | Worker CPU/req | Bot API stand-in CPU/req | cores used (generator, Worker) |`);
  out(`| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`);
  const loadRow = (label: string, r: LoadResult) =>
    out(`| ${label} | ${r.requests} in ${r.seconds.toFixed(1)} s | ${r.rps.toFixed(0)} | ${((r.rps / loadHealth.rps) * 100).toFixed(0)}% | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${(r.p99 / loadHealth.p99).toFixed(2)}× | ${r.errors}${r.errors ? ` (${Object.entries(r.byStatus).map(([k, v]) => `${k}: ${v}`).join(", ")})` : ""} | ${r.generatorCpuMs.toFixed(2)} ms | ${r.workerCpuMs.toFixed(2)} ms | ${r.otherCpuMs.toFixed(2)} ms | ${r.generatorCores.toFixed(2)}, ${r.workerCores.toFixed(2)} |`);
  out(`With no request in flight, wrangler dev's process tree used ${idle.toFixed(3)} cores (measured over 3 s before the warm-up); Worker CPU/req includes that background, ${((idle / loadHealth.rps) * 1000).toFixed(2)} ms a request at the ceiling's rate and ${((idle / loadTelegram.rps) * 1000).toFixed(2)} ms at Telegram's.`);
  out();
  loadRow("GET /health (ceiling)", loadHealth);
  loadRow("POST /telegram", loadTelegram);
  loadRow("POST /api/webchat/messages", loadWeb);
  out();
  if (loadProbes.length === 7) {
    const [store, limiter, send, tgCode, tgCodeSend, webCode, tgIgnored] = loadProbes as [LoadResult, LoadResult, LoadResult, LoadResult, LoadResult, LoadResult, LoadResult];
    const beyond = (r: LoadResult) => r.workerCpuMs - loadHealth.workerCpuMs;
    out(`What the runtime charges for the pieces of a message, measured the same way, each alone (probes under /bench, EXPOSE_METRICS=1 only): "beyond the ceiling" is the Worker's CPU per request minus the ceiling's.`);
    out();
    out(`| probe | req/s | of ceiling | p50 | p99 | Worker CPU/req | beyond the ceiling |`);
    out(`| --- | --- | --- | --- | --- | --- | --- |`);
    for (const [label, r] of [["GET /bench/store (begin + commit: the 2 D1 round trips)", store], ["GET /bench/limit (1 rate-limiter call)", limiter], ["GET /bench/send (1 Bot API sendMessage)", send],
      ["GET /bench/telegram-code (grammY + core for one update; store and Bot API answer at once)", tgCode],
      ["GET /bench/telegram-code?send=1 (the same with the real send to the stand-in)", tgCodeSend],
      ["GET /bench/web-code (web adapter + core + rendering; store answers at once)", webCode],
      ["POST /telegram with an update the bot ignores (an edited message: the webhook's layers, no D1, no send)", tgIgnored]] as const) {
      out(`| ${label} | ${r.rps.toFixed(0)} | ${((r.rps / loadHealth.rps) * 100).toFixed(0)}% | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${r.workerCpuMs.toFixed(2)} ms | ${beyond(r).toFixed(2)} ms |`);
    }
    out();
    const tgParts = beyond(store) + beyond(limiter) + beyond(tgCodeSend);
    const webParts = beyond(store) + 2 * beyond(limiter) + beyond(webCode);
    out(`Worker CPU per request beyond the ceiling, against the sum of its parts measured alone: Telegram ${beyond(loadTelegram).toFixed(2)} ms; store + 1 limiter call + its code with the send ${tgParts.toFixed(2)} ms (of which its own code without the send ${beyond(tgCode).toFixed(2)} ms). Web chat ${beyond(loadWeb).toFixed(2)} ms; store + 2 limiter calls + its code ${webParts.toFixed(2)} ms (of which its own code ${beyond(webCode).toFixed(2)} ms). Each is a difference of figures measured minutes apart on a shared machine: ±1–3 ms between runs.`);
    out();
  }
  out(`![req/s per route](throughput.svg)`);
  out();
  out(`Chart: [throughput.svg](throughput.svg) (req/s per route, sequential and concurrent).`);
  out();
  chart = [
    { label: "GET /health (ceiling)", sequential: seqRps[0]!, concurrent: loadHealth.rps },
    { label: "POST /telegram", sequential: seqRps[1]!, concurrent: loadTelegram.rps },
    { label: "POST /api/webchat/messages", sequential: seqRps[2]!, concurrent: loadWeb.rps },
  ];
  if (!LOAD_ONLY) {
    out(`## Job flows over web chat (vacancies, training, scam check)`);
    out();
    out(`Three sessions run the same ${jobSteps.length} steps; the first request after start-up also reads the listings blob from KV.`);
    out();
    out(`| step | latency (3 runs) | D1 round trips | rows read | rows written | KV reads |`);
    out(`| --- | --- | --- | --- | --- | --- |`);
    for (const [i, step] of jobSteps.entries()) {
      const rows = jobRows.filter((_, j) => j % jobSteps.length === i);
      const join = (f: (r: (typeof rows)[number]) => number | string) => rows.map(f).join(" / ");
      out(`| ${"text" in step ? `text "${step.text.slice(0, 24)}…"` : `action ${step.action}`} | ${join((r) => `${r.ms.toFixed(1)} ms`)} | ${join((r) => r.d1)} | ${join((r) => r.read)} | ${join((r) => r.written)} | ${join((r) => r.kv)} |`);
    }
    out();
    out(`## Worker startup (wrangler dev, local)`);
    out();
    out(`| measure | time |`);
    out(`| --- | --- |`);
    out(`| spawn of \`wrangler dev\` until /health answers (polled every 50 ms) | ${(readyMs / 1000).toFixed(2)} s |`);
    out(`| latency of that first /health | ${firstHealthMs.toFixed(1)} ms |`);
    out(`| latency of the first Telegram update (cold: content from KV, first D1 batch, Bot API call) | ${firstUpdate.ms.toFixed(1)} ms |`);
    out(`| the same, warm (p50 of the sequential run) | ${warmP50.toFixed(1)} ms |`);
    out();
    out(`Locally this is dominated by wrangler's build and workerd's start; on Cloudflare a Worker isolate starts in a few ms.`);
    out();
  }
} finally {
  worker.kill("SIGINT");
  emulatorProcess.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 500));
  rmSync(persist, { recursive: true, force: true });
}

if (LOAD_ONLY) {
  mkdirSync("bench-results", { recursive: true });
  writeFileSync("bench-results/load.md", `${lines.join("\n")}\n`);
  console.log("\nReport written to bench-results/load.md");
} else {
  // 4b. Listings search and matching at 2,000 vacancies and 50,000 profiles.
  if (!QUICK && existsSync("scripts/bench-listings.ts")) {
    out(execFileSync("node", ["scripts/bench-listings.ts"], { env, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 }).trim());
    out();
  }

  // 5. Widget size and first paint on slow 3G, when the widget benchmark is present.
  if (!QUICK && existsSync("scripts/bench-widget.ts")) {
    const widget = execFileSync("node", ["scripts/bench-widget.ts"], { env, encoding: "utf8" }).trim();
    if (!widget.startsWith("## ")) out(`## Chat widget\n`);
    out(widget);
    out();
  }

  // 6. Dashboard inbox at a million messages (seeds a temporary D1), when present.
  if (!QUICK && existsSync("scripts/bench-inbox.ts")) {
    out(execFileSync("node", ["scripts/bench-inbox.ts"], { env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }).trim());
    out();
  }

  // 7. Routing benchmark (issue 5), when present.
  if (!QUICK && existsSync("scripts/bench-routing.ts")) {
    out(`## Routing`);
    out();
    out(execFileSync("node", ["scripts/bench-routing.ts"], { env, encoding: "utf8" }).trim());
    out();
  }

  // 8. The free-plan budget (issue 16): every share at most one half, else the bench fails.
  const budget = await freePlanBudget();
  mkdirSync("bench-results", { recursive: true });
  writeFileSync("bench-results/report.md", `${lines.join("\n")}\n`);
  if (chart.length > 0) writeFileSync("bench-results/throughput.svg", barChart(chart));
  console.log("\nReport written to bench-results/report.md (chart: bench-results/throughput.svg)");
  if (budget.over.length > 0) {
    console.error(`\nFree-plan budget exceeded (over ${50}% of a limit): ${budget.over.map((r) => r.what).join("; ")}`);
    process.exitCode = 1;
  }
}

/** Print the free-plan table from this run's figures; returns the rows over half of their limit. */
async function freePlanBudget() {
  const rows = freePlanRows({
    perMessage,
    syncKeys,
    coreMs: coreUs / 1000,
    cronsPerDay: cronRunsPerDay(readFileSync("wrangler.toml", "utf8")),
    signIn: await measureSignIn(),
    coldListing: await measureColdListing(),
    alertRun: await measureAlertRun(),
    cronSubrequests: await measureCronSubrequests(),
  });
  const table = budgetTable(rows);
  out(`## Free-plan budget at ${MESSAGES_PER_DAY.toLocaleString("en")} messages a day`);
  out();
  for (const l of table.lines) out(l);
  out();
  out(table.over.length === 0 ? `Every measured share is at most 50%.` : `Over 50%: ${table.over.map((r) => r.what).join("; ")}. The bench exits non-zero.`);
  if (table.unmeasured.length > 0) out(`Not measured in this run: ${table.unmeasured.map((r) => r.what).join("; ")}.`);
  out();
  return table;
}

/** One route in the chart. */
interface ChartRow {
  label: string;
  sequential: number;
  concurrent: number;
}

/** A horizontal grouped bar chart of req/s per route as a self-contained SVG. */
function barChart(rows: ChartRow[]): string {
  const esc = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const width = 760;
  const left = 220;
  const right = 90;
  const barH = 18;
  const groupH = barH * 2 + 22;
  const top = 56;
  const height = top + rows.length * groupH + 40;
  const max = Math.max(1, ...rows.flatMap((r) => [r.sequential, r.concurrent]).filter(Number.isFinite));
  const scale = (v: number) => (Number.isFinite(v) ? (v / max) * (width - left - right) : 0);
  const colors = { sequential: "#9db4d0", concurrent: "#1f5fa8" };
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="13">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="16" y="24" font-size="16" font-weight="600">BINJOL on wrangler dev: requests per second per route</text>`,
    `<rect x="16" y="34" width="12" height="12" fill="${colors.sequential}"/><text x="34" y="45">sequential (1 in flight)</text>`,
    `<rect x="210" y="34" width="12" height="12" fill="${colors.concurrent}"/><text x="228" y="45">concurrent (${LOAD_WORKERS} in flight)</text>`,
  ];
  rows.forEach((r, i) => {
    const y = top + i * groupH;
    parts.push(`<text x="${left - 10}" y="${y + barH + 4}" text-anchor="end">${esc(r.label)}</text>`);
    (["sequential", "concurrent"] as const).forEach((k, j) => {
      const by = y + j * barH;
      const w = scale(r[k]);
      parts.push(`<rect x="${left}" y="${by}" width="${w.toFixed(1)}" height="${barH - 3}" fill="${colors[k]}"/>`);
      parts.push(`<text x="${(left + w + 6).toFixed(1)}" y="${by + barH - 7}">${Number.isFinite(r[k]) ? r[k].toFixed(0) : "–"}</text>`);
    });
  });
  parts.push(`<line x1="${left}" y1="${top - 4}" x2="${left}" y2="${top + rows.length * groupH - 16}" stroke="#333"/>`);
  parts.push(`<text x="${left}" y="${height - 14}" fill="#555">req/s; bars scaled to the largest value (${max.toFixed(0)} req/s)</text>`);
  parts.push(`</svg>`);
  return `${parts.join("\n")}\n`;
}
