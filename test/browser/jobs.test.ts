/**
 * Vacancies, the seeker profile and the scam check in the chat widget, in Debian's headless Chromium against the
 * real Worker (`wrangler dev`, local D1 and KV with the demo content): one new seeker on a 360×740 phone lists
 * vacancies, pages, opens a detail and how to apply, checks a scam text, fills the profile, reloads; axe-core on
 * the open list; a desktop view of the same session; no console errors and no third-party requests.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileRealScamRules } from "../fixtures/scam-cases.ts";
import { buildWidget, launchBrowser, seriousAxeViolations, startWorker, widget, type LocalWorker } from "./helpers.ts";

const ARTIFACTS = "test-results";
const SCAM_TEXT =
  "Dibutuhkan admin online kerja dari rumah gaji 10jt/bulan tanpa pengalaman. Transfer biaya pendaftaran Rp200.000 dulu ke rekening pribadi, interview via WhatsApp.";
const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

let worker: LocalWorker;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let ui: ReturnType<typeof widget>;
const contexts: BrowserContext[] = [];
/** requests to any origin but the Worker's */
const foreign: string[] = [];
/** console errors, uncaught page errors and CSP violations */
const problems: string[] = [];

/** A new context with /demo open, watched for foreign requests and console errors. */
async function openDemo(options: Parameters<Browser["newContext"]>[0]): Promise<{ context: BrowserContext; page: Page }> {
  const ctx = await browser.newContext(options);
  contexts.push(ctx);
  ctx.on("request", (r) => {
    const url = r.url();
    if (!url.startsWith("data:") && new URL(url).origin !== worker.base) foreign.push(url);
  });
  const p = await ctx.newPage();
  p.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  p.on("console", (m) => {
    if (m.type() === "error" || /Content.Security.Policy|Refused to/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
  });
  await p.goto(`${worker.base}/demo`);
  return { context: ctx, page: p };
}

/** Do something in the chat and return the newest bot message once the answer has arrived. */
async function answered(action: () => Promise<unknown>): Promise<Locator> {
  const before = await ui.botMessages.count();
  await action();
  await expect.poll(() => ui.botMessages.count(), { timeout: 15_000 }).toBeGreaterThan(before);
  await ui.frame.getByRole("status").filter({ hasText: "Sedang mengetik…" }).waitFor({ state: "detached", timeout: 15_000 });
  return ui.botMessages.last();
}

/** Type text into the composer and send it. */
const say = (text: string) =>
  answered(async () => {
    await ui.input.fill(text);
    await ui.input.press("Enter");
  });

/** Tap the quick reply with exactly this label. */
const press = (label: string) => answered(() => ui.quickReplies.getByText(label, { exact: true }).tap());

/** The visible text of a bot message's body. */
const body = (message: Locator) => ui.bubble(message).innerText();

/** No quick reply or text of the log sticks out of the 360 px screen. */
async function fitsPhone(): Promise<void> {
  expect(await ui.log.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  const boxes = await ui.quickReplies.evaluateAll((els) => els.map((el) => el.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right, height: r.height })));
  expect(boxes.length).toBeGreaterThan(0);
  for (const b of boxes) {
    expect(b.left).toBeGreaterThanOrEqual(0);
    expect(b.right).toBeLessThanOrEqual(360);
    expect(b.height).toBeGreaterThanOrEqual(44);
  }
}

const axeSource = readFileSync(join("node_modules", "axe-core", "axe.min.js"), "utf8");
/** Serious and critical axe-core violations of the page and of the chat frame (all violations are logged). */
const seriousAxe = (p: Page) => seriousAxeViolations(p, axeSource);

beforeAll(async () => {
  buildWidget();
  mkdirSync(ARTIFACTS, { recursive: true });
  worker = await startWorker();
  browser = await launchBrowser();
  ({ context, page } = await openDemo(PHONE));
  ui = widget(page);
  // wrangler dev can take minutes to start on a loaded machine
}, 600_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await worker?.stop();
});

describe("a new seeker on a 360 px phone", () => {
  it("lists verified vacancies as rich HTML with numbered buttons, pages on, and passes axe-core", async () => {
    await ui.launcher.tap();
    await ui.quickReplies.first().waitFor({ timeout: 20_000 });
    const list = await press("💼 Lowongan Kerja");
    const text = await body(list);
    expect(text).toContain("Lowongan terverifikasi");
    expect(text).toMatch(/halaman 1 dari \d+ · \d+ lowongan/);
    expect(text).not.toMatch(/<\/?(b|strong|i|em)>/);
    // position names are bold: real <strong> elements through the widget's sanitizer
    const strong = (await ui.bubble(list).locator("strong").allInnerTexts()).map((s) => s.trim());
    expect(strong[0]).toBe("Lowongan terverifikasi");
    const labels = await ui.quickReplies.allInnerTexts();
    const numbered = labels.filter((l) => /^\d+\. /.test(l));
    expect(numbered.map((l) => l.split(".")[0])).toEqual(["1", "2", "3", "4", "5"]);
    expect(strong).toHaveLength(1 + numbered.length);
    // each button names the position shown in bold (labels may be shortened with "…")
    numbered.forEach((label, i) => {
      const position = label.replace(/^\d+\. /, "").split(" – ")[0]!.replace(/…$/, "");
      expect(strong[i + 1]!.startsWith(position), `${label} vs ${strong[i + 1]}`).toBe(true);
    });
    expect(labels).toContain("➡️ Berikutnya");
    expect(labels).not.toContain("⬅️ Sebelumnya");
    expect(await seriousAxe(page)).toEqual([]);

    const page2 = await press("➡️ Berikutnya");
    const text2 = await body(page2);
    expect(text2).toContain("Lowongan terverifikasi");
    expect(text2).toMatch(/halaman 2 dari \d+/);
    const labels2 = await ui.quickReplies.allInnerTexts();
    expect(labels2.find((l) => /^\d+\. /.test(l))).toMatch(/^6\. /);
    expect(labels2).toContain("⬅️ Sebelumnya");
    // the first page's buttons are gone: only the newest message keeps quick replies
    expect(await ui.frame.getByRole("group", { name: "Pilihan balasan" }).count()).toBe(1);
    await fitsPhone();
    await page.screenshot({ path: join(ARTIFACTS, "jobs-list-360.png") });
    // the many buttons under the list
    await ui.quickReplies.last().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, "jobs-list-buttons-360.png") });
  });

  it("shows a vacancy's detail with who verified it, and how to apply for free", async () => {
    const first = ui.quickReplies.filter({ hasText: /^\d+\. / }).first();
    const label = await first.innerText();
    const position = label.replace(/^\d+\. /, "").split(" – ")[0]!.replace(/…$/, "");
    const detail = await answered(() => first.tap());
    const text = await body(detail);
    expect(text.startsWith(`💼 ${position}`)).toBe(true);
    expect(text).toContain("Diverifikasi oleh");
    expect(text).toContain("⚠️ Ini data contoh");
    expect(text).toContain("Persyaratan:");
    expect(await ui.myMessages.last().innerText()).toContain(label);

    const apply = await press("📝 Cara melamar");
    const how = await body(apply);
    expect(how).toContain("Cara melamar");
    expect(how).toContain(position.slice(0, 10));
    expect(how).toContain("tidak dipungut biaya");
    expect(await ui.bubble(apply).locator("strong", { hasText: "tidak dipungut biaya" }).count()).toBe(1);
    expect((await ui.quickReplies.allInnerTexts())).toContain("⬅️ Kembali ke detail");
    await fitsPhone();
    await page.screenshot({ path: join(ARTIFACTS, "jobs-detail-360.png") });
  });

  it("flags a pasted scam vacancy as suspicious with the reasons", async () => {
    const ask = await say("cek lowongan");
    expect(await body(ask)).toContain("Tempel (paste)");
    const verdict = await say(SCAM_TEXT);
    const text = await body(verdict);
    expect(text).toContain("Mencurigakan");
    const titles = compileRealScamRules().data.flags.map((f) => f.title);
    const shown = titles.filter((t) => text.includes(t));
    expect(shown.length, `flags shown: ${shown.join(", ")}`).toBeGreaterThanOrEqual(2);
    expect(shown).toContain("Diminta membayar");
    // the number in the heading is the number of reasons listed
    expect(text).toContain(`ditemukan ${shown.length} tanda bahaya`);
    expect(text).toContain("Jangan transfer uang");
    expect(await ui.quickReplies.allInnerTexts()).toContain("🔍 Cek teks lain");
    await fitsPhone();
    await page.screenshot({ path: join(ARTIFACTS, "jobs-scam-360.png") });
  });

  it("asks for consent, fills the profile step by step and shows matching vacancies", async () => {
    const consent = await say("/profil");
    expect(await body(consent)).toContain("Apakah usiamu sudah 18 tahun");
    const choices = await ui.quickReplies.allInnerTexts();
    expect(choices.slice(0, 3)).toEqual(["✅ Setuju, usiaku 18 tahun ke atas", "👪 Usiaku di bawah 18 tahun", "Tidak sekarang"]);

    expect(await body(await press("✅ Setuju, usiaku 18 tahun ke atas"))).toContain("1/6");
    expect(await body(await press("SMK/MAK"))).toContain("2/6");
    expect(await body(await say("Teknik Pengelasan"))).toContain("3/6");
    expect(await body(await say("las, mengemudi"))).toContain("4/6");
    expect(await body(await say("Kanigoro"))).toContain("5/6");
    expect(await body(await press("Penuh waktu"))).toContain("6/6");
    const alerts = await press("Lewati");
    expect(await body(alerts)).toContain("info lowongan mingguan");
    const saved = await press("🔔 Ya, kirimi saya");
    const text = await body(saved);
    expect(text).toContain("Profilmu tersimpan");
    expect(text).toContain("cocok:");
    expect(text).toContain("Info lowongan mingguan aktif");
    // the matches are offered as buttons too
    expect((await ui.quickReplies.allInnerTexts()).filter((l) => l.startsWith("💼 ")).length).toBeGreaterThan(0);
    await fitsPhone();
    await page.screenshot({ path: join(ARTIFACTS, "jobs-profile-360.png") });
  });

  it("restores the whole conversation after a reload, the last reply as text", async () => {
    const lastBefore = (await body(ui.botMessages.last())).replace(/\s+/g, " ").trim();
    await page.reload();
    await ui.dialog.waitFor();
    await expect.poll(async () => (await ui.log.innerText()).includes("Profilmu tersimpan"), { timeout: 20_000 }).toBe(true);
    const log = await ui.log.innerText();
    for (const said of ["Lowongan terverifikasi", "Diverifikasi oleh", "tidak dipungut biaya", "Mencurigakan", "Apakah usiamu sudah 18 tahun", "las, mengemudi", "Kanigoro"]) {
      expect(log).toContain(said);
    }
    const last = ui.botMessages.last();
    const lastAfter = (await body(last)).replace(/\s+/g, " ").trim();
    expect(lastAfter).toContain("Profilmu tersimpan");
    expect(lastAfter).toContain("cocok:");
    expect(lastAfter).not.toMatch(/<\/?(b|strong|i|em|p|br)>/);
    expect(lastAfter.slice(0, 40)).toBe(lastBefore.slice(0, 40));
    // its buttons still work after the reload
    expect((await ui.quickReplies.allInnerTexts()).length).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, "jobs-reload-360.png") });
  });
});

describe("the same session on a desktop", () => {
  it("shows the conversation in the side panel", async () => {
    const state = await context.storageState();
    const desktop = await openDemo({ viewport: { width: 1280, height: 800 }, storageState: state });
    page = desktop.page;
    ui = widget(page);
    await ui.launcher.click();
    await expect.poll(async () => (await ui.log.innerText()).includes("Profilmu tersimpan"), { timeout: 20_000 }).toBe(true);
    const list = await answered(() => ui.quickReplies.getByText("✨ Lowongan cocok", { exact: true }).click());
    expect(await body(list)).toContain("Lowongan yang cocok untukmu");
    expect(await body(list)).toContain("cocok:");
    await page.screenshot({ path: join(ARTIFACTS, "jobs-desktop.png") });
  });

  it("made no request to another origin and logged no console error", () => {
    expect(foreign).toEqual([]);
    expect(problems).toEqual([]);
  });
});
