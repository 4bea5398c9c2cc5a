/**
 * Live delivery in Debian's headless Chromium against the real Worker (`wrangler dev`, the Durable Objects in
 * workerd): a web seeker who asked for a counsellor sees the counsellor's dashboard reply within 2 s with the panel
 * open (over the conversation room's WebSocket, the token sent after the socket opened, never in its URL), and an
 * unread badge within 5 s of loading the page again with the panel closed; the counsellor's open inbox shows the new
 * case without a reload.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALWAYS_OPEN, buildWidget, chatFrame, launchBrowser, type LocalWorker, startWorker, widget, signInWithPassword } from "./helpers.ts";

const EMAIL = "rina.live@disnaker.test";
const PASSWORD = "kata-sandi-panjang-456";

let persist: string;
let local: LocalWorker;
let base: string;
let browser: Browser;
let seekerContext: BrowserContext;
let staffContext: BrowserContext;
let seeker: Page;
let staff: Page;
/** the seeker's WebSockets: URL and the frames the page sent */
const sockets: Array<{ url: string; sent: string[] }> = [];
const problems: string[] = [];
let caseId = 0;

function d1(sql: string): Array<Record<string, unknown>> {
  return local.d1(sql);
}

function watch(page: Page): void {
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
}

/** Send a counsellor reply from the case page; returns the time the button was pressed. */
async function replyFromDashboard(text: string): Promise<number> {
  await staff.getByLabel("Pesan untuk pencari kerja").fill(text);
  const started = Date.now();
  await staff.getByRole("button", { name: /^(Ambil kasus & kirim|Kirim balasan)$/ }).click();
  return started;
}

beforeAll(async () => {
  buildWidget();
  local = await startWorker([], { prefix: "binjol-live-", counsellor: { email: EMAIL, name: "Rina Kartika", password: PASSWORD }, vars: ALWAYS_OPEN });
  base = local.base;
  persist = local.persist;
  browser = await launchBrowser();
  staffContext = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  staff = await staffContext.newPage();
  watch(staff);
  seekerContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  seeker = await seekerContext.newPage();
  watch(seeker);
  seeker.on("websocket", (ws) => {
    const entry = { url: ws.url(), sent: [] as string[] };
    sockets.push(entry);
    ws.on("framesent", (f) => entry.sent.push(String(f.payload)));
  });
}, 180_000);

afterAll(async () => {
  await seekerContext?.close();
  await staffContext?.close();
  await browser?.close();
  await local?.stop();
});

describe("live delivery between the dashboard and the widget", () => {
  it("shows a new case in the counsellor's open inbox without a reload", async () => {
    await signInWithPassword(staff, base, EMAIL, PASSWORD);
    expect(await staff.getByText("Tidak ada pencari kerja yang menunggu").count()).toBe(1);
    // the switch for sound and desktop notifications
    const alerts = staff.getByRole("button", { name: "Nyalakan notifikasi" });
    await alerts.click();
    expect(await staff.getByRole("button", { name: "Matikan notifikasi" }).getAttribute("aria-pressed")).toBe("true");
    await expect.poll(() => staff.evaluate(() => document.body.hasAttribute("data-live-on")), { timeout: 10_000 }).toBe(true);
    // a marker that a reload would wipe
    await staff.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

    await seeker.goto(`${base}/demo`);
    const ui = widget(seeker);
    await ui.launcher.click();
    await ui.dialog.waitFor();
    await ui.quickReplies.first().waitFor({ timeout: 20_000 });
    await ui.input.fill("/konselor");
    await ui.send.click();
    const row = staff.locator("table.inbox tbody tr");
    await expect.poll(() => row.count(), { timeout: 5_000 }).toBe(1);
    expect(await staff.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    caseId = Number(d1("select id from cases where channel = 'web'")[0]!.id);
    expect(await row.innerText()).toContain(`#${caseId}`);
  });

  it("shows the counsellor's reply in the open widget within 2 s, pushed over a socket whose URL carries no token", async () => {
    const ui = widget(seeker);
    await staff.locator(`a[href="/admin/cases/${caseId}"]`).first().click();
    await staff.waitForURL(`${base}/admin/cases/${caseId}`);
    // the widget's socket is up before the reply
    await expect.poll(() => sockets.filter((s) => s.url.includes("/api/webchat/live/") && s.sent.length > 0).length, { timeout: 10_000 }).toBeGreaterThan(0);
    const text = "Halo, saya Rina dari Disnaker. Lowongan operator produksi masih dibuka.";
    const started = await replyFromDashboard(text);
    await ui.frame.locator(".m.cs", { hasText: "Lowongan operator produksi" }).waitFor({ timeout: 2_000 });
    const elapsed = Date.now() - started;
    console.log(`counsellor reply shown in the open widget after ${elapsed} ms`);
    expect(elapsed).toBeLessThan(2_000);
    const { token, sessionId } = JSON.parse(
      (await (await chatFrame(seeker)).evaluate((key) => localStorage.getItem(key), `binjol.webchat.v1:${base}`)) ?? "null",
    ) as { token: string; sessionId: string };
    const live = sockets.filter((s) => s.url.includes("/api/webchat/live/"));
    for (const s of live) {
      expect(s.url).toBe(`${base.replace("http", "ws")}/api/webchat/live/${sessionId}`);
      expect(s.url).not.toContain(token.split(".")[1]);
      expect(JSON.parse(s.sent[0]!)).toMatchObject({ t: "hello", token });
    }
  });

  it("shows the unread badge within 5 s of loading the page again with the panel closed", async () => {
    const ui = widget(seeker);
    await ui.close.click();
    await ui.dialog.waitFor({ state: "hidden" });
    await staff.waitForURL(/ok=sent/);
    await replyFromDashboard("Jangan lupa membawa kartu AK/1 saat datang ke kantor.");
    await staff.waitForURL(/ok=sent/);
    const loaded = Date.now();
    await seeker.reload();
    await ui.badge.waitFor({ state: "visible", timeout: 5_000 });
    const elapsed = Date.now() - loaded;
    console.log(`unread badge shown ${elapsed} ms after the reload`);
    expect(elapsed).toBeLessThan(5_000);
    expect(await ui.badge.innerText()).toBe("1");
    expect(await ui.launcher.getAttribute("aria-label")).toMatch(/1 pesan baru/);
    expect(await ui.dialog.isVisible()).toBe(false);
    await ui.launcher.click();
    await ui.dialog.waitFor();
    await ui.frame.locator(".m.cs", { hasText: "kartu AK/1" }).waitFor({ timeout: 10_000 });
    expect(await ui.badge.isVisible()).toBe(false);
  });

  it("updates the open case page with the seeker's new message without a reload", async () => {
    await staff.evaluate(() => ((window as unknown as { marker: number }).marker = 7));
    const ui = widget(seeker);
    await ui.input.fill("Baik, terima kasih. Saya datang hari Senin.");
    await ui.send.click();
    const log = staff.getByRole("log", { name: "Isi percakapan" });
    await expect.poll(() => log.innerText(), { timeout: 5_000 }).toContain("Saya datang hari Senin");
    expect(await staff.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(7);
  });

  it("raised no CSP violation or script error on the dashboard or the demo page", () => {
    expect(problems).toEqual([]);
  });
});
