/**
 * `node scripts/bench-widget.ts`: the chat widget's budgets of PRODUCT.md, printed as a Markdown table.
 *  - public/widget.js size (the launcher the host page loads), and the chat frame's public/widget/frame.js and
 *    frame.css, minified and gzipped (budget 15 KB for what a visitor downloads: all three)
 *  - against a `wrangler dev` it starts itself, in headless Chromium on an emulated slow 3G link
 *    (400 ms latency, 400 kbit/s each way, cache disabled) with 4x CPU throttling at 360 px:
 *    first paint and first contentful paint of /demo/, time until the widget's launcher is visible
 *    (budget 1.5 s), and time from tapping the launcher until the menu is shown in the chat frame (two API round
 *    trips; the frame itself loads after the page's load event)
 * Median of BENCH_WIDGET_RUNS runs (default 5).
 */
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { buildWidget, FRAME, launchBrowser, startWorker } from "../test/browser/helpers.ts";

const RUNS = Number(process.env.BENCH_WIDGET_RUNS ?? 5);
const SLOW_3G = { offline: false, latency: 400, downloadThroughput: (400 * 1000) / 8, uploadThroughput: (400 * 1000) / 8 };
const CPU_SLOWDOWN = 4;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const ms = (n: number) => `${Math.round(n)} ms`;

buildWidget();
const js = readFileSync("public/widget.js");
const gz = gzipSync(js).length;
const frameJs = readFileSync("public/widget/frame.js");
const frameCss = readFileSync("public/widget/frame.css");
const frameGz = gzipSync(frameJs).length + gzipSync(frameCss).length;
const total = gz + frameGz;

const worker = await startWorker();
const browser = await launchBrowser();
const samples = { fp: [] as number[], fcp: [] as number[], launcher: [] as number[], script: [] as number[], menu: [] as number[] };
let failures = 0;
try {
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    await cdp.send("Network.emulateNetworkConditions", SLOW_3G);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
    await page.goto(`${worker.base}/demo`, { waitUntil: "commit" });
    // Checked on every animation frame: the moment the launcher has a box in the page.
    const launcher = await page.waitForFunction(
      () => {
        const b = document.querySelector("binjol-chat")?.shadowRoot?.querySelector(".l");
        return b && b.getBoundingClientRect().width > 0 ? performance.now() : 0;
      },
      undefined,
      { polling: "raf", timeout: 60_000 },
    );
    samples.launcher.push((await launcher.jsonValue()) as number);
    await page.waitForLoadState("load");
    const t = await page.evaluate(() => ({
      paint: Object.fromEntries(performance.getEntriesByType("paint").map((e) => [e.name, e.startTime])),
      script: (performance.getEntriesByType("resource").find((e) => e.name.endsWith("/widget.js")) as PerformanceResourceTiming | undefined)?.responseEnd ?? NaN,
    }));
    samples.fp.push(t.paint["first-paint"] ?? NaN);
    samples.fcp.push(t.paint["first-contentful-paint"] ?? NaN);
    samples.script.push(t.script);
    const tapped = Date.now();
    await page.getByRole("button", { name: /^Tanya BINJOL/ }).tap();
    try {
      await page.frameLocator(FRAME).getByRole("group", { name: "Pilihan balasan" }).getByRole("button").first().waitFor({ timeout: 30_000 });
      samples.menu.push(Date.now() - tapped);
    } catch (e) {
      failures++;
      console.error(`run ${i + 1}: the menu did not appear: ${(e as Error).message.split("\n")[0]}`);
    }
    await context.close();
  }
} finally {
  await browser.close();
  await worker.stop();
}

const lines = [
  `## Chat widget`,
  ``,
  `Slow 3G emulated in Chromium ${browser.version()} (${SLOW_3G.latency} ms latency, 400 kbit/s down and up, cache off), CPU ${CPU_SLOWDOWN}x slower, 360 px viewport; median of ${RUNS} runs against wrangler dev.`,
  ``,
  `| measure | value | budget |`,
  `| --- | --- | --- |`,
  `| widget.js minified | ${kib(js.length)} | |`,
  `| widget.js gzipped (launcher, on the host page) | ${kib(gz)} (${gz} bytes) | |`,
  `| chat frame: frame.js + frame.css minified | ${kib(frameJs.length + frameCss.length)} | |`,
  `| chat frame gzipped | ${kib(frameGz)} (${frameGz} bytes) | |`,
  `| widget.js + chat frame gzipped | ${kib(total)} (${total} bytes) | ≤ 15 KB ${total <= 15 * 1024 ? "✅" : "❌"} |`,
  `| /demo first paint | ${ms(median(samples.fp))} | |`,
  `| /demo first contentful paint | ${ms(median(samples.fcp))} | |`,
  `| widget.js downloaded | ${ms(median(samples.script))} | |`,
  `| launcher visible (widget's first paint) | ${ms(median(samples.launcher))} | < 1.5 s ${median(samples.launcher) < 1500 ? "✅" : "❌"} |`,
  `| tap on launcher → menu shown (new session: 2 API calls) | ${samples.menu.length ? ms(median(samples.menu)) : "failed"}${failures ? ` (${failures} of ${RUNS} runs failed)` : ""} | |`,
  ``,
  ``,
];
console.log(lines.join("\n"));
