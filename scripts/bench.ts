/**
 * `npm run bench`: measures the budgets of PRODUCT.md on this machine and writes bench-results/report.md.
 *  - Worker bundle size (minified, gzipped) from `wrangler deploy --dry-run`
 *  - content bundle size in KV
 *  - against `wrangler dev` with local D1/KV and the Bot API emulator: latency of Telegram updates
 *    (bounded count, loopback only), and per update the D1 round trips, rows read/written and KV reads
 *    the Worker reports (EXPOSE_METRICS=1), next to a do-nothing route as the runtime's ceiling
 *  - CPU time of the conversation core per message (node, same code as the Worker)
 *  - routing benchmark (scripts/bench-routing.ts) when present
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import TelegramServer from "telegram-test-api";
import { compileContent } from "../src/content/compiler.ts";
import { respond } from "../src/core/engine.ts";
import { freePort } from "../test/global-setup.ts";

const UPDATES = Number(process.env.BENCH_UPDATES ?? 300);
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
const samples = ["halo", "cara bikin cv yang menarik gmn min?", "syarat kartu kuning", "disuruh bayar seragam dulu aman ga", "resep nasi goreng", "tips interview"];
for (let i = 0; i < 200; i++) respond({ type: "text", text: samples[i % samples.length]! }, {}, bundle);
const n = 5000;
const t0 = performance.now();
for (let i = 0; i < n; i++) respond({ type: "text", text: samples[i % samples.length]! }, {}, bundle);
const coreUs = ((performance.now() - t0) / n) * 1000;
out(`## CPU`);
out();
out(`Conversation core per free-text message (routing + reply decision, node, warm): **${coreUs.toFixed(1)} µs** (Workers free plan: 10 ms CPU per request).`);
out();

// 4. Against wrangler dev
const persist = mkdtempSync(join(tmpdir(), "binjol-bench-"));
execFileSync("wrangler", ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persist], { env, stdio: "ignore" });
execFileSync("node", ["scripts/content.ts", "sync", "--local", "--persist-to", persist], { env, stdio: "ignore" });
const apiPort = await freePort();
const emulator = new TelegramServer({ port: apiPort, host: "127.0.0.1", storeTimeout: 60 });
await emulator.start();
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const token = "7000000003:bench";
const secret = "bench-secret";
const worker = spawn(
  "wrangler",
  ["dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", persist, "--show-interactive-dev-session=false",
    "--var", `TELEGRAM_API_ROOT:${emulator.config.apiURL}`, "--var", `TELEGRAM_BOT_TOKEN:${token}`,
    "--var", `TELEGRAM_WEBHOOK_SECRET:${secret}`, "--var", "EXPOSE_METRICS:1"],
  { env, stdio: "ignore" },
);
try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch {
      if (i > 120) throw new Error("wrangler dev did not start");
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const timed = async (fn: () => Promise<Response>) => {
    const s = performance.now();
    const res = await fn();
    await res.arrayBuffer();
    return { ms: performance.now() - s, res };
  };
  // Ceiling: a route that does nothing but answer.
  const ceiling: number[] = [];
  for (let i = 0; i < UPDATES; i++) ceiling.push((await timed(() => fetch(`${base}/health`))).ms);

  const latencies: number[] = [];
  const usage = { d1: [] as number[], read: [] as number[], written: [] as number[], kv: [] as number[] };
  const texts = ["/start", ...samples];
  for (let i = 0; i < UPDATES; i++) {
    const chat = 2_000_000 + (i % 50);
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
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const rps = (xs: number[]) => 1000 / avg(xs);
  out(`## Telegram updates against wrangler dev (local workerd, D1, KV; Bot API emulator on loopback)`);
  out();
  out(`${UPDATES} updates sent one after another (each also makes the Worker call the Bot API emulator).`);
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
  const perDay = 10_000;
  out(`A day of ${perDay.toLocaleString("en")} seeker messages at these means: ${(avg(usage.written) * perDay).toLocaleString("en", { maximumFractionDigits: 0 })} D1 rows written (free plan: 100,000/day), ${(avg(usage.read) * perDay).toLocaleString("en", { maximumFractionDigits: 0 })} rows read (free plan: 5,000,000/day).`);
  out();
} finally {
  worker.kill("SIGINT");
  await emulator.stop();
  await new Promise((r) => setTimeout(r, 500));
  rmSync(persist, { recursive: true, force: true });
}

// 5. Widget size and first paint on slow 3G, when the widget benchmark is present.
if (existsSync("scripts/bench-widget.ts")) {
  const widget = execFileSync("node", ["scripts/bench-widget.ts"], { env, encoding: "utf8" }).trim();
  if (!widget.startsWith("## ")) out(`## Chat widget\n`);
  out(widget);
  out();
}

// 6. Dashboard inbox at a million messages (seeds a temporary D1), when present.
if (existsSync("scripts/bench-inbox.ts")) {
  out(execFileSync("node", ["scripts/bench-inbox.ts"], { env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }).trim());
  out();
}

// 7. Routing benchmark (issue 5), when present.
if (existsSync("scripts/bench-routing.ts")) {
  out(`## Routing`);
  out();
  out(execFileSync("node", ["scripts/bench-routing.ts"], { env, encoding: "utf8" }).trim());
  out();
}

mkdirSync("bench-results", { recursive: true });
writeFileSync("bench-results/report.md", `${lines.join("\n")}\n`);
console.log("\nReport written to bench-results/report.md");
