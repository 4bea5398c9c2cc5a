/**
 * The counsellor dashboard's layout in Debian's headless Chromium against the real Worker (`wrangler dev`, local D1,
 * KV and R2): on a 1366×768 laptop the reply box is in the window on opening a case and after sending a reply (the
 * transcript scrolls in its own pane, the notice and the sent message stay in view); the transcript scrolls by
 * keyboard; the inbox has no sideways scrolling and shows cases as cards on a tablet (768×1024) and a phone
 * (360×740); a reply with a file attached shows the file in the transcript; no serious axe-core violation.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALWAYS_OPEN, launchBrowser, type LocalWorker, seriousAxeViolations, startWorker, signInWithPassword } from "./helpers.ts";

const ARTIFACTS = "test-results";
const EMAIL = "dewi.dash@disnaker.test";
const PASSWORD = "kata-sandi-panjang-789";

let persist: string;
let local: LocalWorker;
let base: string;
let browser: Browser;
let laptop: BrowserContext;
let page: Page;
let web: { sessionId: string; token: string };
let caseId = 0;
const problems: string[] = [];

function d1(sql: string): Array<Record<string, unknown>> {
  return local.d1(sql);
}

function watch(p: Page): void {
  p.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  p.on("console", (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  p.on("dialog", (d) => void d.accept());
}

async function signIn(p: Page): Promise<void> {
  await signInWithPassword(p, base, EMAIL, PASSWORD);
}

/** The element's box lies wholly inside the window. */
async function inView(p: Page, selector: string): Promise<void> {
  const box = await p.locator(selector).first().boundingBox();
  const size = p.viewportSize()!;
  expect(box, selector).not.toBeNull();
  expect(box!.y, `${selector} top`).toBeGreaterThanOrEqual(0);
  expect(box!.x, `${selector} left`).toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height, `${selector} bottom`).toBeLessThanOrEqual(size.height);
  expect(box!.x + box!.width, `${selector} right`).toBeLessThanOrEqual(size.width);
}

/** The elements that stick out of the window on the right (to name them when a page scrolls sideways). */
function wider(p: Page): Promise<string[]> {
  return p.evaluate(() =>
    [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
      .slice(0, 8)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.className && typeof el.className === "string" ? `.${el.className.split(" ").join(".")}` : ""} (${Math.round(el.getBoundingClientRect().right)})`),
  );
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  local = await startWorker([], { prefix: "binjol-dash-", counsellor: { email: EMAIL, name: "Dewi Lestari", password: PASSWORD }, vars: ALWAYS_OPEN });
  base = local.base;
  persist = local.persist;
  // A web-chat seeker asks for a counsellor, after a long conversation with the bot (a transcript taller than the window).
  web = (await (await fetch(`${base}/api/webchat/sessions`, { method: "POST" })).json()) as typeof web;
  const say = async (text: string) => {
    const res = await fetch(`${base}/api/webchat/messages`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${web.token}` }, body: JSON.stringify({ text }) });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
  };
  for (const text of ["halo", "cara daftar kartu kuning", "ada loker di wlingi", "tips wawancara", "cara bikin cv"]) await say(text);
  await say("/konselor");
  await say("Saya lulusan SMK jurusan teknik mesin dari kecamatan Kanigoro dan ingin dibantu mencari kerja yang cocok, juga memeriksa CV saya yang sudah lama.");
  caseId = Number(d1("select id from cases where status = 'waiting' order by id desc limit 1")[0]!.id);
  // More cases with long words, so the inbox has rows that could push the page sideways (handoffs per address are
  // limited, so not every one of them opens a case).
  for (let i = 0; i < 3; i++) {
    const s = (await (await fetch(`${base}/api/webchat/sessions`, { method: "POST" })).json()) as typeof web;
    for (const text of ["/konselor", `Permisi kak, sayaingintanyalowonganoperatorproduksiyangpalingdekatdenganrumahsaya${i} mohon dibantu`]) {
      const res = await fetch(`${base}/api/webchat/messages`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${s.token}` }, body: JSON.stringify({ text }) });
      await res.arrayBuffer();
    }
  }
  browser = await launchBrowser();
  laptop = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  page = await laptop.newPage();
  watch(page);
  await signIn(page);
}, 240_000);

afterAll(async () => {
  await laptop?.close();
  await browser?.close();
  await local?.stop();
});

describe("the case page on a 1366×768 laptop", () => {
  it("shows the reply box in the window, with the transcript scrolling in its own pane at its newest message", async () => {
    await page.goto(`${base}/admin/cases/${caseId}`);
    const log = page.getByRole("log", { name: "Isi percakapan" });
    // the transcript is taller than its pane: it scrolls inside, not the page
    const pane = await log.evaluate((el) => ({ scroll: el.scrollHeight, client: el.clientHeight, top: el.scrollTop }));
    expect(pane.scroll).toBeGreaterThan(pane.client);
    expect(pane.top + pane.client).toBeGreaterThanOrEqual(pane.scroll - 2);
    await inView(page, "#reply");
    await inView(page, "#balas button[type=submit]");
    await inView(page, "#reply-file");
    await page.screenshot({ path: join(ARTIFACTS, "dashboard-case-1366.png") });
  });

  it("keeps the notice, the sent message and the reply box in view after sending a reply", async () => {
    const text = "Halo Kak, saya Dewi dari Disnaker. CV-nya boleh dikirim ke sini, nanti saya periksa.";
    await page.getByLabel("Pesan untuk pencari kerja").fill(text);
    await page.getByRole("button", { name: "Ambil kasus & kirim" }).click();
    await page.waitForURL(/ok=sent/);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    await inView(page, "p.notice.ok");
    expect(await page.locator("p.notice.ok").innerText()).toContain("Balasan terkirim");
    await inView(page, "#reply");
    await inView(page, "#canned");
    await inView(page, "#balas button[type=submit]");
    await inView(page, "#balas p.small");
    // the sent message is the last one in the pane, and the pane shows it
    const last = page.locator("#live-transcript .msg").last();
    expect(await last.innerText()).toContain(text);
    await inView(page, "#live-transcript .msg:last-child");
    await page.screenshot({ path: join(ARTIFACTS, "dashboard-case-sent-1366.png") });
  });

  it("scrolls the transcript by keyboard: a focusable region with a name, PageUp and PageDown move it", async () => {
    const log = page.getByRole("log", { name: "Isi percakapan" });
    expect(await log.getAttribute("tabindex")).toBe("0");
    await log.focus();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("live-transcript");
    const before = await log.evaluate((el) => el.scrollTop);
    await page.keyboard.press("PageUp");
    await expect.poll(() => log.evaluate((el) => el.scrollTop)).toBeLessThan(before);
    const up = await log.evaluate((el) => el.scrollTop);
    await page.keyboard.press("PageDown");
    await expect.poll(() => log.evaluate((el) => el.scrollTop)).toBeGreaterThan(up);
    // the page itself did not move
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
  });

  it("has no serious or critical axe-core violation on the case page (the transcript is a focusable scrolling region)", async () => {
    const axeSource = readFileSync(join("node_modules", "axe-core", "axe.min.js"), "utf8");
    expect(await seriousAxeViolations(page, axeSource)).toEqual([]);
  });

  it("attaches a file to a reply: sent, listed in the transcript with its type and size, and downloadable", async () => {
    const pdf = join(persist, "Contoh CV.pdf");
    writeFileSync(pdf, Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(2048, 32), Buffer.from("\n%%EOF\n")]));
    await page.getByLabel("Pesan untuk pencari kerja").fill("Ini contoh CV yang rapi, silakan dipelajari.");
    await page.locator("#reply-file").setInputFiles(pdf);
    await page.getByRole("button", { name: "Kirim balasan" }).click();
    await page.waitForURL(/ok=sent/);
    const last = page.locator("#live-transcript .msg").last();
    expect(await last.innerText()).toContain("Ini contoh CV yang rapi");
    const link = last.getByRole("link", { name: "Contoh CV.pdf" });
    expect(await last.locator("ul.files").innerText()).toContain("(PDF, 2 KB)");
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toBe("Contoh CV.pdf");
    await inView(page, "#reply");
    // the web seeker's history has the file, with a link only this session can open
    const res = await fetch(`${base}/api/webchat/messages?after=0`, { headers: { authorization: `Bearer ${web.token}` } });
    const { messages } = (await res.json()) as { messages: Array<{ sender: string; file?: { name: string; url: string } }> };
    const sent = messages.filter((m) => m.sender === "counsellor").at(-1)!;
    expect(sent.file?.name).toBe("Contoh CV.pdf");
    const bytes = await (await fetch(sent.file!.url)).arrayBuffer();
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("%PDF-");
    await page.screenshot({ path: join(ARTIFACTS, "dashboard-case-file-1366.png") });
  });
});

describe("the inbox on a tablet and a phone", () => {
  for (const [name, viewport] of [
    ["tablet portrait", { width: 768, height: 1024 }],
    ["phone", { width: 360, height: 740 }],
  ] as const) {
    it(`has no sideways scrolling and shows cases as cards on a ${name} (${viewport.width}×${viewport.height})`, async () => {
      const context = await browser.newContext({ viewport, ...(viewport.width < 500 ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}) });
      try {
        const p = await context.newPage();
        watch(p);
        await signIn(p);
        await p.goto(`${base}/admin?view=all`);
        const rows = p.locator("table.inbox tbody tr");
        expect(await rows.count()).toBeGreaterThanOrEqual(3);
        const overflow = await p.evaluate(() => ({ scroll: document.scrollingElement!.scrollWidth, client: document.scrollingElement!.clientWidth }));
        expect(overflow.scroll, (await wider(p)).join(", ")).toBeLessThanOrEqual(overflow.client);
        // cards: each case a block as wide as the list, its status visible without scrolling sideways
        expect(await rows.first().evaluate((el) => getComputedStyle(el).display)).toBe("grid");
        for (let i = 0; i < (await rows.count()); i++) {
          const box = (await rows.nth(i).boundingBox())!;
          expect(box.x).toBeGreaterThanOrEqual(0);
          expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
          const status = (await rows.nth(i).locator("td").last().boundingBox())!;
          expect(status.x + status.width).toBeLessThanOrEqual(viewport.width);
        }
        expect(await p.locator("table.inbox thead").evaluate((el) => el.getBoundingClientRect().height)).toBeLessThanOrEqual(1);
        await p.screenshot({ path: join(ARTIFACTS, `dashboard-inbox-${viewport.width}.png`), fullPage: true });
        expect(await seriousAxeViolations(p, readFileSync(join("node_modules", "axe-core", "axe.min.js"), "utf8"))).toEqual([]);
        // the case page on the same screen does not scroll sideways either
        await p.goto(`${base}/admin/cases/${caseId}`);
        const casePage = await p.evaluate(() => ({ scroll: document.scrollingElement!.scrollWidth, client: document.scrollingElement!.clientWidth }));
        expect(casePage.scroll, (await wider(p)).join(", ")).toBeLessThanOrEqual(casePage.client);
        await p.screenshot({ path: join(ARTIFACTS, `dashboard-case-${viewport.width}.png`) });
      } finally {
        await context.close();
      }
    });
  }

  it("keeps the table on a laptop", async () => {
    await page.goto(`${base}/admin?view=all`);
    expect(await page.locator("table.inbox tbody tr").first().evaluate((el) => getComputedStyle(el).display)).toBe("table-row");
    expect(await page.locator("table.inbox thead").isVisible()).toBe(true);
  });

  it("raised no CSP violation or script error on any page", () => {
    expect(problems).toEqual([]);
  });
});
