/**
 * Shared by the browser tests and scripts/bench-widget.ts: build the widget, start the real Worker with
 * `wrangler dev` on local D1/KV (migrated and loaded like `npm start`), launch Debian's Chromium.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Frame, type Page } from "playwright-core";
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


/** Build public/widget.js and the chat frame's public/widget/frame.js and frame.css from the current sources. */
export function buildWidget(): void {
  execFileSync(process.execPath, ["scripts/build-widget.ts"], { env, stdio: "ignore" });
}

/** A running `wrangler dev`. */
export interface LocalWorker {
  /** e.g. http://127.0.0.1:40123 */
  base: string;
  /** the local state directory (D1, KV, R2 and the Durable Objects), for wrangler commands of the test */
  persist: string;
  /** run SQL on the Worker's local D1 (wrangler d1 execute) and return the rows */
  d1(sql: string): Array<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** What a test needs of the Worker besides the defaults. */
export interface WorkerOptions {
  /** prefix of the temporary state directory's name */
  prefix?: string;
  /** a counsellor account created with `npm run counsellor -- add` before the Worker starts */
  counsellor?: { email: string; name: string; password: string };
  /** more `--var NAME:value` settings */
  vars?: Record<string, string>;
  /** how long to wait for /health, in 500 ms polls */
  polls?: number;
}

/** Settings of the tests where counsellors work: the office always open, no holidays. */
export const ALWAYS_OPEN = { OFFICE_HOURS: "1-7 00:00-24:00", HOLIDAYS: "" } as const;

/**
 * Start the Worker on a free port with fresh local D1 (migrated) and KV (content synced). ALLOWED_ORIGINS is the
 * Worker's own origin plus `otherOrigins` (pages of another site that embed the widget).
 */
export async function startWorker(otherOrigins: string[] = [], opts: WorkerOptions = {}): Promise<LocalWorker> {
  const persist = mkdtempSync(join(tmpdir(), opts.prefix ?? "binjol-browser-"));
  execFileSync(bin("wrangler"), ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persist], { env, stdio: "ignore" });
  execFileSync(process.execPath, ["scripts/content.ts", "sync", "--local", "--relative-dates", "--persist-to", persist], { env, stdio: "ignore" });
  if (opts.counsellor) {
    const { email, name, password } = opts.counsellor;
    execFileSync(process.execPath, ["scripts/counsellor.ts", "add", email, name, "--persist-to", persist], { env: { ...env, COUNSELLOR_PASSWORD: password }, stdio: "ignore" });
  }
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const vars = Object.entries(opts.vars ?? {}).flatMap(([name, value]) => ["--var", `${name}:${value}`]);
  const child: ChildProcess = spawn(
    bin("wrangler"),
    ["dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", persist, "--show-interactive-dev-session=false",
      "--var", `ALLOWED_ORIGINS:${[base, ...otherOrigins].join(",")}`, ...vars],
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
  for (let i = 0; i < (opts.polls ?? 120); i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) return { base, persist, d1, stop };
    } catch {
      // not up yet
    }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error("wrangler dev did not start");
}

/** Sign a counsellor in with e-mail and password on the dashboard's login page, and wait for the inbox. */
export async function signInWithPassword(page: Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(`${base}/admin/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Kata sandi").fill(password);
  await page.getByRole("button", { name: "Masuk", exact: true }).click();
  await page.waitForURL(`${base}/admin`);
}

/** Launch headless Chromium. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** CSS selector of the chat frame (the iframe inside widget.js's shadow root; Playwright's CSS pierces it). */
export const FRAME = "binjol-chat iframe";

/**
 * Locators of the widget: the launcher on the host page, everything else inside the chat frame (an iframe on the
 * Worker's origin). Playwright's role locators reach into the open shadow root; frameLocator into the iframe.
 */
export function widget(page: Page) {
  const frame = page.frameLocator(FRAME);
  return {
    launcher: page.getByRole("button", { name: /^Tanya BINJOL/ }),
    /** the unread badge on the launcher */
    badge: page.locator("binjol-chat .u"),
    /** the <iframe> element on the host page */
    iframe: page.locator(FRAME),
    /** the chat frame's content */
    frame,
    dialog: frame.getByRole("dialog"),
    log: frame.getByRole("log"),
    input: frame.getByRole("textbox", { name: "Pesanmu" }),
    send: frame.getByRole("button", { name: "Kirim", exact: true }),
    close: frame.getByRole("button", { name: "Tutup obrolan", exact: true }),
    /** the quick replies of the newest bot message */
    quickReplies: frame.getByRole("group", { name: "Pilihan balasan" }).getByRole("button"),
    /** bot and counsellor bubbles */
    botMessages: frame.locator(".m.bot, .m.cs"),
    /** the visitor's bubbles */
    myMessages: frame.locator(".m.me"),
    notice: frame.locator(".n"),
    /** the text of a message bubble, without the screen-reader prefix ("Kamu:", "BINJOL:") */
    bubble: (message: ReturnType<Page["locator"]>) => message.locator(".b"),
  };
}

/** The chat frame as a Playwright Frame (to evaluate scripts in it), once widget.js has created it. */
export async function chatFrame(page: Page): Promise<Frame> {
  const handle = await page.locator(FRAME).elementHandle({ timeout: 30_000 });
  const frame = await handle!.contentFrame();
  if (!frame) throw new Error("the chat frame has no content");
  await frame.waitForLoadState("domcontentloaded");
  return frame;
}

type AxeResult = { violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown }> }> };

/**
 * Serious and critical axe-core violations of the host page and of the chat frame, each checked in its own
 * document (all violations are logged). evaluate() is not subject to either page's CSP, unlike an injected <script>.
 */
export async function seriousAxeViolations(page: Page, axeSource: string): Promise<string[]> {
  const out: string[] = [];
  const frames: Array<[string, Page | Frame]> = [["page", page]];
  if (await page.locator(FRAME).count()) frames.push(["frame", await chatFrame(page)]);
  for (const [name, target] of frames) {
    await target.evaluate(axeSource);
    const result = (await target.evaluate(() =>
      (window as unknown as { axe: { run(c: Document, o: object): Promise<unknown> } }).axe.run(document, { iframes: false }),
    )) as AxeResult;
    const all = result.violations.map((v) => `${name}: ${v.impact}: ${v.id} (${v.help}) at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
    if (all.length) console.log(`axe-core:\n${all.join("\n")}`);
    out.push(...result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${name}: ${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`));
  }
  return out;
}
