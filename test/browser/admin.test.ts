/**
 * The counsellor dashboard in Debian's headless Chromium against the real Worker (`wrangler dev`, local D1
 * and KV, the telegram-test-api emulator as the Bot API): an account made with the CLI, a Telegram seeker
 * and a web-chat seeker asking for a counsellor, login → inbox → reply to both → close one.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import TelegramServer from "telegram-test-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, launchBrowser } from "./helpers.ts";

const ARTIFACTS = "test-results";
const TOKEN = "7000000004:admin-browser-token";
const SECRET = "admin-browser-secret";
const EMAIL = "sri.wahyuni@disnaker.test";
const PASSWORD = "kata-sandi-panjang-123";
const CHAT = 5_200_000_001;
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" };
const bin = (name: string) => join(process.cwd(), "node_modules", ".bin", name);

let persist: string;
let emulator: TelegramServer;
let worker: ChildProcess;
let base: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let web: { sessionId: string; token: string };
/** uncaught errors and CSP violations on dashboard pages */
const problems: string[] = [];

function d1(sql: string): Array<Record<string, unknown>> {
  const out = execFileSync(bin("wrangler"), ["d1", "execute", "DB", "--local", "--persist-to", persist, "--json", "--command", sql], { env, encoding: "utf8" });
  return (JSON.parse(out) as Array<{ results: Array<Record<string, unknown>> }>)[0]!.results;
}

async function sentToChat(): Promise<string[]> {
  const res = await fetch(`${emulator.config.apiURL}/getUpdatesHistory`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token: TOKEN }) });
  const body = (await res.json()) as { result: Array<{ messageId: number; message: { chat_id: number; text?: string } }> };
  return body.result.filter((u) => String(u.message.chat_id) === String(CHAT) && typeof u.message.text === "string").sort((a, b) => a.messageId - b.messageId).map((u) => u.message.text!);
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  persist = mkdtempSync(join(tmpdir(), "binjol-admin-"));
  execFileSync(bin("wrangler"), ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persist], { env, stdio: "ignore" });
  execFileSync(process.execPath, ["scripts/content.ts", "sync", "--local", "--persist-to", persist], { env, stdio: "ignore" });
  // The account is made exactly as an administrator would: with the CLI, password from the environment.
  const cli = execFileSync(process.execPath, ["scripts/counsellor.ts", "add", EMAIL, "Sri Wahyuni", "--persist-to", persist], {
    env: { ...env, COUNSELLOR_PASSWORD: PASSWORD },
    encoding: "utf8",
  });
  expect(cli).toContain("Added Sri Wahyuni");
  emulator = new TelegramServer({ port: await freePort(), host: "127.0.0.1", storeTimeout: 600 });
  await emulator.start();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  worker = spawn(
    bin("wrangler"),
    ["dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", persist, "--show-interactive-dev-session=false",
      "--var", `TELEGRAM_API_ROOT:${emulator.config.apiURL}`, "--var", `TELEGRAM_BOT_TOKEN:${TOKEN}`, "--var", `TELEGRAM_WEBHOOK_SECRET:${SECRET}`,
      "--var", `ALLOWED_ORIGINS:${base}`, "--var", "OFFICE_HOURS:1-7 00:00-24:00", "--var", "HOLIDAYS:"],
    { env, stdio: "ignore" },
  );
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch {
      // not up yet
    }
    if (i > 120 || worker.exitCode !== null) throw new Error("wrangler dev did not start");
    await new Promise((r) => setTimeout(r, 500));
  }

  // A Telegram seeker asks for a counsellor …
  const update = JSON.parse(readFileSync("test/fixtures/telegram/start.json", "utf8"));
  update.update_id = 77_000_001;
  update.message.chat.id = CHAT;
  update.message.from.id = CHAT;
  update.message.text = "/konselor";
  update.message.entities = [{ offset: 0, length: 9, type: "bot_command" }];
  const tg = await fetch(`${base}/telegram`, { method: "POST", headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET }, body: JSON.stringify(update) });
  expect(tg.status).toBe(200);
  // … and so does a web-chat visitor, whose message carries markup that must stay text.
  web = (await (await fetch(`${base}/api/webchat/sessions`, { method: "POST" })).json()) as typeof web;
  const say = (text: string) =>
    fetch(`${base}/api/webchat/messages`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${web.token}` }, body: JSON.stringify({ text }) });
  expect((await say("/konselor")).status).toBe(200);
  expect((await say(`saya mau tanya <img src=x onerror="document.title='pwned'"> lowongan`)).status).toBe(200);

  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  page = await context.newPage();
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on("dialog", (d) => void d.accept());
}, 180_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  if (worker && worker.exitCode === null) {
    const exited = new Promise((r) => worker.once("exit", r));
    worker.kill("SIGINT");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  }
  await emulator?.stop();
  if (persist && existsSync(persist)) rmSync(persist, { recursive: true, force: true });
});

describe("the counsellor dashboard in a browser", () => {
  const cases: { telegram?: number; web?: number } = {};

  it("sends a visitor without a session to the login page, and signs in with a Secure, HttpOnly, SameSite=Strict __Host- cookie", async () => {
    await page.goto(`${base}/admin`);
    expect(new URL(page.url()).pathname).toBe("/admin/login");
    await page.getByLabel("Email").fill(EMAIL);
    await page.getByLabel("Kata sandi").fill("salah-kata-sandi-1");
    await page.getByRole("button", { name: "Masuk", exact: true }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("Email atau kata sandi salah");
    await page.getByLabel("Email").fill(EMAIL);
    await page.getByLabel("Kata sandi").fill(PASSWORD);
    await page.getByRole("button", { name: "Masuk", exact: true }).click();
    await page.waitForURL(`${base}/admin`);
    const cookie = (await context.cookies()).find((c) => c.name === "__Host-binjol_admin");
    expect(cookie).toMatchObject({ secure: true, httpOnly: true, sameSite: "Strict", path: "/" });
    expect(await page.getByText("Sri Wahyuni").count()).toBeGreaterThan(0);
  });

  it("lists both waiting seekers in the inbox, the web visitor's markup as text, with the stylesheet applied", async () => {
    const rows = page.locator("table.inbox tbody tr");
    await expect.poll(() => rows.count()).toBe(2);
    const found = d1("select id, channel from cases where status = 'waiting' order by id");
    cases.telegram = Number(found.find((r) => r.channel === "telegram")!.id);
    cases.web = Number(found.find((r) => r.channel === "web")!.id);
    const text = await page.locator("table.inbox").innerText();
    expect(text).toContain(`#${cases.telegram}`);
    expect(text).toContain(`#${cases.web}`);
    expect(text).toContain("Telegram");
    expect(text).toContain(`<img src=x onerror="document.title='pwned'"> lowongan`);
    expect(await page.locator("table.inbox img").count()).toBe(0);
    expect(await page.title()).not.toBe("pwned");
    // app.css is allowed by the CSP and styles the top bar.
    const bar = await page.locator("nav.top").evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(bar).toBe("rgb(11, 61, 110)");
    await page.screenshot({ path: join(ARTIFACTS, "admin-inbox.png"), fullPage: true });
  });

  it("replies to the Telegram seeker from the conversation view: the Bot API emulator receives it", async () => {
    await page.locator(`a[href="/admin/cases/${cases.telegram}"]`).first().click();
    await page.waitForURL(`${base}/admin/cases/${cases.telegram}`);
    await expect.poll(() => page.getByRole("log", { name: "Isi percakapan" }).innerText()).toContain("/konselor");
    // app.js fills the reply box from a canned reply (progressive enhancement under script-src 'self').
    await page.getByLabel("Balasan cepat").selectOption("salam-pembuka");
    expect(await page.getByLabel("Pesan untuk pencari kerja").inputValue()).toMatch(/^Halo Kak, terima kasih sudah menunggu/);
    await page.getByLabel("Pesan untuk pencari kerja").fill("Halo Kak, saya Sri dari Disnaker. Ada yang bisa dibantu?");
    await page.getByRole("button", { name: "Ambil kasus & kirim" }).click();
    await page.waitForURL(/ok=sent/);
    expect(await page.getByRole("status").textContent()).toContain("Balasan terkirim");
    await expect.poll(sentToChat, { timeout: 10_000 }).toContain("Halo Kak, saya Sri dari Disnaker. Ada yang bisa dibantu?");
    expect(await page.getByRole("log", { name: "Isi percakapan" }).innerText()).toContain("Petugas · Sri Wahyuni");
    await page.screenshot({ path: join(ARTIFACTS, "admin-case.png"), fullPage: true });
  });

  it("replies to the web-chat visitor: the reply is in GET /api/webchat/messages", async () => {
    await page.getByRole("link", { name: "Kotak masuk" }).first().click();
    await page.getByRole("link", { name: "Semua" }).click();
    await page.locator(`a[href="/admin/cases/${cases.web}"]`).first().click();
    await page.waitForURL(`${base}/admin/cases/${cases.web}`);
    const log = await page.getByRole("log", { name: "Isi percakapan" }).innerText();
    expect(log).toContain(`<img src=x onerror="document.title='pwned'"> lowongan`);
    await page.getByLabel("Pesan untuk pencari kerja").fill("Halo, lowongan operator masih dibuka sampai akhir bulan.");
    await page.getByRole("button", { name: "Ambil kasus & kirim" }).click();
    await page.waitForURL(/ok=sent/);
    const res = await fetch(`${base}/api/webchat/messages?after=0`, { headers: { authorization: `Bearer ${web.token}` } });
    const { messages } = (await res.json()) as { messages: Array<{ sender: string; text: string }> };
    expect(messages.at(-1)).toMatchObject({ sender: "counsellor", text: "Halo, lowongan operator masih dibuka sampai akhir bulan." });
  });

  it("closes the web case with an outcome; it moves to the closed tab", async () => {
    await page.getByLabel("Hasil layanan").selectOption("training");
    await page.getByRole("button", { name: "Tutup kasus" }).click();
    await page.waitForURL(/ok=closed/);
    expect(await page.locator("h1").innerText()).toContain("Selesai");
    expect(await page.getByText("Dirujuk ke pelatihan").count()).toBeGreaterThan(0);
    expect(d1(`select status, outcome from cases where id = ${cases.web}`)).toEqual([{ status: "closed", outcome: "training" }]);
    await page.goto(`${base}/admin?view=closed`);
    expect(await page.locator("table.inbox").innerText()).toContain(`#${cases.web}`);
    await page.goto(`${base}/admin?view=mine`);
    expect(await page.locator("table.inbox").innerText()).toContain(`#${cases.telegram}`);
    await page.screenshot({ path: join(ARTIFACTS, "admin-mine.png"), fullPage: true });
  });

  it("shows statistics with charts, and logs out", async () => {
    await page.getByRole("link", { name: "Statistik" }).click();
    await page.waitForURL(/\/admin\/stats/);
    expect(await page.locator("figure.chart svg").count()).toBe(6);
    await page.screenshot({ path: join(ARTIFACTS, "admin-stats.png"), fullPage: true });
    await page.getByRole("button", { name: "Keluar" }).click();
    await page.waitForURL(/\/admin\/login\?out=1/);
    await page.goto(`${base}/admin/cases/${cases.telegram}`);
    expect(new URL(page.url()).pathname).toBe("/admin/login");
    expect(await page.content()).not.toContain("Halo Kak, saya Sri");
  });

  it("raised no CSP violation or script error on any page", () => {
    expect(problems).toEqual([]);
  });
});
