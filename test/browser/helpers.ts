/**
 * Shared by the browser tests and scripts/bench-widget.ts: build the widget, start the real Worker with
 * `wrangler dev` on local D1/KV (migrated and loaded like `npm start`), launch Debian's Chromium.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { freePort } from "../global-setup.ts";

export { freePort };

/** Debian's Chromium; playwright-core never downloads a browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Flags for a quiet headless Chromium that makes no requests of its own. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const bin = (name: string) => join(process.cwd(), "node_modules", ".bin", name);
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" };


/** Build public/widget.js from the current sources. */
export function buildWidget(): void {
  execFileSync(process.execPath, ["scripts/build-widget.ts"], { env, stdio: "ignore" });
}

/** A running `wrangler dev`. */
export interface LocalWorker {
  /** e.g. http://127.0.0.1:40123 */
  base: string;
  /** run SQL on the Worker's local D1 (wrangler d1 execute) and return the rows */
  d1(sql: string): Array<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** Start the Worker on a free port with fresh local D1 (migrated) and KV (content synced). */
export async function startWorker(): Promise<LocalWorker> {
  const persist = mkdtempSync(join(tmpdir(), "binjol-browser-"));
  execFileSync(bin("wrangler"), ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persist], { env, stdio: "ignore" });
  execFileSync(process.execPath, ["scripts/content.ts", "sync", "--local", "--relative-dates", "--persist-to", persist], { env, stdio: "ignore" });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    bin("wrangler"),
    ["dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", persist, "--show-interactive-dev-session=false",
      "--var", `ALLOWED_ORIGINS:${base}`],
    { env, stdio: "ignore" },
  );
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGINT");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    }
    rmSync(persist, { recursive: true, force: true });
  };
  const d1 = (sql: string) => {
    const out = execFileSync(bin("wrangler"), ["d1", "execute", "DB", "--local", "--persist-to", persist, "--json", "--command", sql], { env, encoding: "utf8" });
    return (JSON.parse(out) as Array<{ results: Array<Record<string, unknown>> }>)[0]!.results;
  };
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) return { base, d1, stop };
    } catch {
      // not up yet
    }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error("wrangler dev did not start");
}

/** Launch headless Chromium. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Locators of the widget; Playwright's role locators reach into its open shadow root. */
export function widget(page: Page) {
  return {
    launcher: page.getByRole("button", { name: /^Tanya BINJOL/ }),
    dialog: page.getByRole("dialog"),
    log: page.getByRole("log"),
    input: page.getByRole("textbox", { name: "Pesanmu" }),
    send: page.getByRole("button", { name: "Kirim", exact: true }),
    close: page.getByRole("button", { name: "Tutup obrolan", exact: true }),
    /** the quick replies of the newest bot message */
    quickReplies: page.getByRole("group", { name: "Pilihan balasan" }).getByRole("button"),
    /** bot and counsellor bubbles */
    botMessages: page.locator("binjol-chat .m.bot, binjol-chat .m.cs"),
    /** the visitor's bubbles */
    myMessages: page.locator("binjol-chat .m.me"),
    notice: page.locator("binjol-chat .n"),
    /** the text of a message bubble, without the screen-reader prefix ("Kamu:", "BINJOL:") */
    bubble: (message: ReturnType<Page["locator"]>) => message.locator(".b"),
  };
}
