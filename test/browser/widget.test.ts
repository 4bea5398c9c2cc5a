/**
 * The chat widget in Debian's headless Chromium against the real Worker (`wrangler dev`, local D1 and KV):
 * the demo page, the menu, guides, free text, history after a reload, counsellor replies, keyboard-only use,
 * XSS, offline and retry, axe-core, screenshots at 360 px and on desktop, and the host page left untouched. The chat
 * runs in an iframe on the Worker's origin; on a page of another site (http://kantor.test, served by Playwright)
 * no script of the page can reach the session token.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWidget, chatFrame, CHROMIUM, CHROMIUM_ARGS, freePort, launchBrowser, seriousAxeViolations, startWorker, widget, type LocalWorker } from "./helpers.ts";

const ARTIFACTS = "test-results";
const OFFLINE = "Kamu sedang offline. Pesan akan dikirim saat tersambung kembali.";
/**
 * An office website on another origin that embeds the widget: a tiny server on the loopback (a public-looking
 * name would trip Chromium's local-network protections against the Worker on 127.0.0.1). Reached as
 * http://localhost:<port> it is listed in ALLOWED_ORIGINS; as http://127.0.0.1:<port> it is a stranger's site.
 */
let OFFICE = "";
let STRANGER = "";
let office: Server | undefined;

/** The office's page: its own origin, embedding the widget with its one script tag. */
const officePage = (base: string) => `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>Disnaker (contoh)</title>
<script src="${base}/widget.js" defer data-color="#0b5cab" data-title="BINJOL Disnaker"></script></head>
<body><main><h1>Dinas Tenaga Kerja (contoh)</h1><p>Halaman uji.</p></main></body></html>`;
/** An office page with its own fixed contact button at the bottom right, and the widget moved above it. */
const offsetPage = (base: string) => `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>Disnaker (contoh)</title>
<script src="${base}/widget.js" defer data-offset-bottom="88" data-offset-side="24"></script></head>
<body><main><h1>Dinas Tenaga Kerja (contoh)</h1>
<a id="kontak" href="#kontak" style="position:fixed;right:16px;bottom:16px;display:block;width:180px;height:56px;background:#128c7e;color:#fff">Hubungi kami</a>
</main></body></html>`;
const SEVEN_SERVICES = ["Dunia Kerja", "Potensi Diri", "Lowongan Kerja", "Pelatihan Kerja", "Konsultasi Karier", "Tips Masuk Kerja", "CV & Surat Lamaran"];

let worker: LocalWorker;
let browser: Browser;
/** requests to any origin but the Worker's, from every page of every test */
const foreign: string[] = [];
/** uncaught errors and CSP violations, from every page of every test */
const problems: string[] = [];
const contexts: BrowserContext[] = [];

/** A new browser context (desktop unless told otherwise) with /demo (or `path` of the Worker, or a full URL) open. */
async function openDemo(options: BrowserContextOptions = {}, path = "/demo"): Promise<{ context: BrowserContext; page: Page; ui: ReturnType<typeof widget> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  contexts.push(context);
  context.on("request", (r) => {
    const url = r.url();
    if (!url.startsWith("data:") && !url.startsWith("about:") && ![worker.base, OFFICE].includes(new URL(url).origin)) foreign.push(url);
  });
  const page = await context.newPage();
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  await page.goto(/^[a-z]+:/.test(path) ? path : worker.base + path);
  return { context, page, ui: widget(page) };
}

/** What has focus, looking into the widget's shadow root and, when the chat frame has focus, into the frame. */
async function focused(page: Page) {
  const describe = () => {
    const outer = document.activeElement;
    const el = outer?.shadowRoot?.activeElement ?? outer;
    return {
      inWidget: outer?.tagName === "BINJOL-CHAT",
      tag: el?.tagName.toLowerCase() ?? "",
      label: el?.getAttribute("aria-label") ?? "",
      text: el?.textContent ?? "",
      group: el?.parentElement?.getAttribute("aria-label") ?? "",
      outline: el ? getComputedStyle(el).outlineStyle : "",
    };
  };
  const outer = await page.evaluate(describe);
  if (outer.tag !== "iframe") return outer;
  const inner = await (await chatFrame(page)).evaluate(describe);
  return { ...inner, inWidget: true };
}

/** Open the panel with a click and wait for the menu of a new session. */
async function openChat(ui: ReturnType<typeof widget>): Promise<void> {
  await ui.launcher.click();
  await ui.dialog.waitFor();
  await ui.quickReplies.first().waitFor({ timeout: 20_000 });
}

/**
 * Send free text through the input and the send button, and wait until the bot has answered it. (A click, not
 * Enter: a key press goes to the page's focused frame, which for a cross-site frame is not always the chat's.)
 */
async function ask(ui: ReturnType<typeof widget>, text: string): Promise<void> {
  const before = await ui.botMessages.count();
  await ui.input.fill(text);
  await ui.send.click();
  // generous: on a loaded 2-core runner a reply has taken over 20 s
  await expect.poll(() => ui.botMessages.count(), { timeout: 45_000 }).toBeGreaterThan(before);
}

/** Labels of visible quick replies that lie outside the log's visible area (the first screen, without scrolling). */
async function visibleOutsideLog(ui: ReturnType<typeof widget>): Promise<string[]> {
  const log = (await ui.log.boundingBox())!;
  const out: string[] = [];
  for (const b of await ui.frame.locator(".q button:visible").all()) {
    const box = (await b.boundingBox())!;
    if (box.y < log.y - 1 || box.y + box.height > log.y + log.height + 1) out.push(await b.innerText());
  }
  return out;
}

/** The widget's stored session, read inside the chat frame (the only place it is kept). */
async function storedSession(page: Page): Promise<{ sessionId: string; token: string }> {
  const raw = await (await chatFrame(page)).evaluate((key) => localStorage.getItem(key), `binjol.webchat.v1:${worker.base}`);
  return JSON.parse(raw ?? "null") as { sessionId: string; token: string };
}

beforeAll(async () => {
  buildWidget();
  mkdirSync(ARTIFACTS, { recursive: true });
  const port = await freePort();
  OFFICE = `http://localhost:${port}`;
  STRANGER = `http://127.0.0.1:${port}`;
  office = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(req.url?.startsWith("/offset") ? offsetPage(worker.base) : officePage(worker.base));
  });
  await new Promise<void>((ok) => office!.listen(port, ok));
  worker = await startWorker([OFFICE]);
  browser = await launchBrowser();
  // wrangler dev can take minutes to start on a loaded machine
}, 600_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await worker?.stop();
  office?.close();
});

describe("serving", () => {
  it("serves widget.js as JavaScript with short caching and nosniff", async () => {
    const res = await fetch(`${worker.base}/widget.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^(application|text)\/javascript/);
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const { gzipSync } = await import("node:zlib");
    let gzipped = gzipSync(Buffer.from(await res.arrayBuffer())).length;
    // the chat frame's script and style: same-origin only, briefly cached, counted in the 15 KB budget
    for (const [path, type] of [["/widget/frame.js", /^(application|text)\/javascript/], ["/widget/frame.css", /^text\/css/]] as const) {
      const asset = await fetch(worker.base + path);
      expect(asset.status).toBe(200);
      expect(asset.headers.get("content-type")).toMatch(type);
      expect(asset.headers.get("cache-control")).toBe("public, max-age=300");
      expect(asset.headers.get("cross-origin-resource-policy")).toBe("same-origin");
      gzipped += gzipSync(Buffer.from(await asset.arrayBuffer())).length;
    }
    expect(gzipped).toBeLessThanOrEqual(15 * 1024);
  });

  it("serves the chat frame's page under a CSP that lets only the Worker and ALLOWED_ORIGINS embed it", async () => {
    const res = await fetch(`${worker.base}/widget/frame`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain(`frame-ancestors 'self' ${worker.base} ${OFFICE}`);
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
  });

  it("serves the demo page as HTML under a strict Content-Security-Policy", async () => {
    const redirect = await fetch(`${worker.base}/demo`, { redirect: "manual" });
    expect([200, 307, 308]).toContain(redirect.status);
    const res = await fetch(`${worker.base}/demo`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const html = await res.text();
    expect(html).toContain('<html lang="id">');
    expect(html).toMatch(/<script src="\/widget\.js" defer data-color="#0b5cab"[^>]*data-greeting=/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const css = await fetch(`${worker.base}/demo/styles.css`);
    expect(css.headers.get("content-type")).toMatch(/^text\/css/);
  });
});

describe("a conversation on /demo", () => {
  let page: Page;
  let ui: ReturnType<typeof widget>;

  it("opens the chat from the launcher with the greeting and the menu", async () => {
    ({ page, ui } = await openDemo());
    await ui.launcher.waitFor();
    expect(await ui.launcher.getAttribute("aria-expanded")).toBe("false");
    expect(await ui.dialog.isVisible()).toBe(false);
    await openChat(ui);
    expect(await ui.launcher.getAttribute("aria-expanded")).toBe("true");
    expect(await ui.dialog.getAttribute("aria-modal")).toBe("false");
    expect(await ui.dialog.getByRole("heading", { level: 2 }).innerText()).toBe("BINJOL Disnaker Blitar");
    expect(await ui.log.getAttribute("aria-live")).toBe("polite");
    expect((await focused(page)).tag).toBe("textarea");
    // one greeting: the bot's; the page's data-greeting only stands in while the first reply loads
    const log = await ui.log.innerText();
    expect(log).not.toContain("Ada yang bisa kami bantu");
    expect(log.match(/selamat datang/gi)).toHaveLength(1);
    expect(await ui.botMessages.first().innerText()).toMatch(/selamat datang di BINJOL/);
    // every message has its time
    expect(await ui.botMessages.first().locator("time").innerText()).toMatch(/^\d{2}\.\d{2}$/);
    // the menu is compact: its first buttons and "Lainnya", all within the first screen without scrolling
    const more = ui.quickReplies.filter({ hasText: /^Lainnya$/ });
    expect(await more.isVisible()).toBe(true);
    await expect.poll(() => visibleOutsideLog(ui)).toEqual([]);
    expect(await ui.frame.locator(".q button:visible").count()).toBeLessThanOrEqual(8);
    expect(await ui.myMessages.count()).toBe(0);
    // "Lainnya" shows the rest of the menu, and the focus moves to the first button it showed
    const shown = await ui.quickReplies.count();
    await more.click();
    await expect.poll(() => more.count()).toBe(0);
    const labels = await ui.quickReplies.allInnerTexts();
    expect(labels.length).toBeGreaterThan(shown);
    for (const service of SEVEN_SERVICES) expect(labels.some((l) => l.includes(service))).toBe(true);
    expect((await focused(page)).text).toBe(labels[shown - 1]);
  });

  it("fits the compact menu into the first screen of a 360 px phone", async () => {
    const phone = await openDemo({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await phone.ui.launcher.tap();
    await phone.ui.quickReplies.first().waitFor({ timeout: 20_000 });
    await expect.poll(() => visibleOutsideLog(phone.ui)).toEqual([]);
    expect(await phone.ui.quickReplies.filter({ hasText: /^Lainnya$/ }).isVisible()).toBe(true);
  });

  it("shows a guide when a menu button is pressed, with the button's label as the visitor's message", async () => {
    await ui.quickReplies.filter({ hasText: "CV & Surat Lamaran" }).click();
    await ui.dialog.getByRole("heading", { name: "Susunan CV" }).waitFor({ timeout: 20_000 });
    expect(await ui.myMessages.last().innerText()).toContain("CV & Surat Lamaran");
    // guides arrive as sanitised HTML: real lists and emphasis, not markup shown as text
    const guide = ui.botMessages.last();
    expect(await guide.locator("ol li, ul li").count()).toBeGreaterThan(2);
    expect(await guide.locator("strong").count()).toBeGreaterThan(0);
    expect(await guide.innerText()).not.toContain("<strong>");
    // only the newest message keeps quick replies
    expect(await ui.frame.getByRole("group", { name: "Pilihan balasan" }).count()).toBe(1);
    expect((await ui.quickReplies.allInnerTexts()).join(" ")).toContain("Kembali ke menu");
  });

  it("answers a free-text question with the right guide, showing the typing indicator meanwhile", async () => {
    // hold the request a moment so the indicator can be seen
    await page.route("**/api/webchat/messages", async (route) => {
      if (route.request().method() === "POST") await new Promise((r) => setTimeout(r, 1200));
      await route.continue();
    });
    await ui.input.fill("cara bikin kartu kuning");
    await ui.input.press("Enter");
    await ui.frame.getByRole("status").filter({ hasText: "Sedang mengetik…" }).waitFor({ timeout: 5_000 });
    expect(await ui.myMessages.last().innerText()).toContain("cara bikin kartu kuning");
    expect(await ui.input.inputValue()).toBe("");
    await ui.dialog.getByRole("heading", { name: "Persyaratan" }).waitFor({ timeout: 20_000 });
    expect(await ui.botMessages.last().innerText()).toMatch(/kartu kuning/i);
    await ui.frame.getByRole("status").filter({ hasText: "Sedang mengetik…" }).waitFor({ state: "detached" });
    await page.unrouteAll({ behavior: "wait" });
    // links in guides open safely in a new tab
    const link = ui.botMessages.last().locator("a[href^='https:']").first();
    expect(await link.getAttribute("target")).toBe("_blank");
    expect(await link.getAttribute("rel")).toBe("noopener noreferrer");
  });

  it("keeps the conversation after a reload", async () => {
    const before = await ui.log.innerText();
    await page.reload();
    // the panel was open, so it opens again and restores the history from the server
    await ui.dialog.waitFor();
    await ui.dialog.getByRole("heading", { name: "Persyaratan" }).waitFor({ timeout: 20_000 });
    const after = await ui.log.innerText();
    expect(after).toContain("cara bikin kartu kuning");
    expect(after).toContain("Susunan CV");
    expect(after).toMatch(/selamat datang di BINJOL/);
    // the automatic first "menu" is not shown as something the visitor said
    expect(await ui.myMessages.allInnerTexts()).toHaveLength(2);
    // the same text; the times may differ by the minute that passed (the first replies were stamped by this device)
    const untimed = (s: string) => s.replace(/\b\d{2}\.\d{2}\b/g, "").replace(/\s+/g, " ");
    expect(untimed(after)).toBe(untimed(before));
    // a reload does not steal focus from the page
    expect((await focused(page)).inWidget).toBe(false);
  });

  it("shows a counsellor's reply while the panel is open", async () => {
    const { sessionId } = await storedSession(page);
    const text = "Halo, saya Bu Sari, pengantar kerja Disnaker. Ada yang bisa saya bantu soal kartu kuningmu?";
    worker.d1(`insert into counsellors (id, email, name, password_hash, created_at) values (9001, 'sari@disnaker.test', 'Sari Wulandari', 'x', 0)`);
    worker.d1(
      `insert into messages (conversation_id, channel, direction, sender, kind, text, status, counsellor_id, created_at) values ('web:${sessionId}', 'web', 'out', 'counsellor', 'text', '${text}', 'sent', 9001, ${Date.now()})`,
    );
    const reply = ui.frame.locator(".m.cs");
    await reply.waitFor({ timeout: 30_000 });
    expect(await reply.innerText()).toContain("Bu Sari");
    // the counsellor's display name (from the history API) and the time
    expect(await reply.locator(".who").innerText()).toBe("Konselor · Sari Wulandari");
    expect(await reply.locator("time").innerText()).toMatch(/^\d{2}\.\d{2}$/);
  });

  it("closes with Escape and gives focus back to the launcher", async () => {
    await ui.input.focus();
    await page.keyboard.press("Escape");
    await ui.dialog.waitFor({ state: "hidden" });
    // the frame tells the launcher, which takes the focus back
    await expect.poll(async () => (await focused(page)).label).toMatch(/^Tanya BINJOL/);
    expect(await ui.launcher.getAttribute("aria-expanded")).toBe("false");
  });
});

describe("while the panel is closed, and on a shared phone", () => {
  it("shows a badge for a counsellor reply that came while the panel was closed, and clears it on opening", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    // A fake clock: the 30-second poll of a closed panel runs without waiting 30 seconds.
    await context.clock.install();
    const page = await context.newPage();
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    await page.goto(worker.base + "/demo");
    const ui = widget(page);
    await openChat(ui);
    await ui.launcher.click();
    await ui.dialog.waitFor({ state: "hidden" });
    const { sessionId } = await storedSession(page);
    worker.d1(
      `insert into messages (conversation_id, channel, direction, sender, kind, text, status, created_at) values ('web:${sessionId}', 'web', 'out', 'counsellor', 'text', 'Halo, ada lowongan baru untukmu.', 'sent', ${Date.now()})`,
    );
    const badge = ui.badge;
    await page.clock.runFor(31_000);
    await expect.poll(() => badge.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await badge.innerText()).toBe("1");
    expect(await ui.launcher.getAttribute("aria-label")).toMatch(/1 pesan baru/);
    await ui.launcher.click();
    await ui.dialog.waitFor();
    expect(await badge.isVisible()).toBe(false);
    expect(await ui.frame.locator(".m.cs").innerText()).toContain("ada lowongan baru");
  });

  it("starts a new conversation after a confirmation, with a new session and an empty history", async () => {
    const { page, ui } = await openDemo();
    await openChat(ui);
    await ask(ui, "cara bikin cv");
    const old = await storedSession(page);
    const renew = ui.frame.getByRole("button", { name: "Mulai percakapan baru" });
    // "Batal" keeps the conversation and puts the focus back
    await renew.click();
    expect(await ui.notice.innerText()).toMatch(/Mulai percakapan baru\?/);
    await ui.notice.getByRole("button", { name: "Batal" }).click();
    expect(await ui.notice.innerText()).toBe("");
    expect((await focused(page)).label).toBe("Mulai percakapan baru");
    expect((await storedSession(page)).sessionId).toBe(old.sessionId);
    expect(await ui.myMessages.count()).toBe(1);
    await renew.click();
    expect(await ui.notice.innerText()).toMatch(/Mulai percakapan baru\?/);
    await ui.notice.getByRole("button", { name: "Ya, mulai baru" }).click();
    await expect.poll(async () => (await storedSession(page))?.sessionId ?? "", { timeout: 20_000 }).not.toBe(old.sessionId);
    await ui.quickReplies.first().waitFor({ timeout: 20_000 });
    expect(await ui.myMessages.count()).toBe(0);
    expect(await ui.botMessages.count()).toBe(1);
    expect(await ui.botMessages.first().innerText()).toMatch(/selamat datang di BINJOL/);
    // After a reload (the panel reopens by itself) the new conversation is the one restored.
    await page.reload();
    await ui.dialog.waitFor();
    await ui.quickReplies.first().waitFor({ timeout: 20_000 });
    expect(await ui.myMessages.count()).toBe(0);
  });
});

describe("a session the server no longer knows", () => {
  it("starts a new session with the menu instead of an empty panel", async () => {
    const { page, ui } = await openDemo();
    await openChat(ui);
    const old = await storedSession(page);
    await (await chatFrame(page)).evaluate(
      ([key, value]) => localStorage.setItem(key!, value!),
      [`binjol.webchat.v1:${worker.base}`, JSON.stringify({ sessionId: old.sessionId, token: `${old.sessionId}.${"A".repeat(43)}` })],
    );
    await page.reload();
    await ui.quickReplies.first().waitFor({ timeout: 20_000 });
    expect(await ui.botMessages.first().innerText()).toMatch(/selamat datang di BINJOL/);
    expect((await storedSession(page)).sessionId).not.toBe(old.sessionId);
    expect(await ui.notice.innerText()).toBe("");
  });
});

describe("the session token on another site's page", () => {
  /** Record every postMessage each side receives, before any script of the page runs (in the page and in the frame). */
  const recordMessages = () => {
    const seen: string[] = [];
    (window as unknown as { __messages: string[] }).__messages = seen;
    window.addEventListener("message", (e) => seen.push(JSON.stringify(e.data)), true);
  };

  /** What a script of the host page can get at: its own storage, cookies, DOM, and the frame. */
  const hostReach = () => {
    const iframe = document.querySelector("binjol-chat")!.shadowRoot!.querySelector("iframe")!;
    const attempt = (f: () => unknown) => {
      try {
        const v = f();
        return v === null || v === undefined ? "null" : "readable";
      } catch {
        return "blocked";
      }
    };
    const dump = (s: Storage) => JSON.stringify(Object.fromEntries(Array.from({ length: s.length }, (_, i) => [s.key(i), s.getItem(s.key(i)!)])));
    return {
      document: attempt(() => iframe.contentDocument),
      frameStorage: attempt(() => iframe.contentWindow!.localStorage),
      frameBody: attempt(() => (iframe.contentWindow as Window).document.body),
      all: [dump(localStorage), dump(sessionStorage), document.cookie, document.documentElement.outerHTML, iframe.src, performance.getEntries().map((e) => e.name).join(" ")].join("\n"),
      messages: (window as unknown as { __messages: string[] }).__messages.join("\n"),
    };
  };

  // retried: a persistent Chromium profile on a busy runner now and then misses the reload's first paint (seen once in
  // two clean CI runs); every attempt asserts the whole behaviour
  it("keeps the token where no script of the page can read it, while the conversation works and survives a reload", { retry: 2 }, async () => {
    // A regular Chromium profile with Chrome's default for normal windows: third-party cookies and storage allowed.
    // (Playwright's usual contexts are off the record and this Chromium's default blocks third-party storage; there
    // the frame keeps the session in memory only and a reload starts a new conversation: see README.)
    const profile = mkdtempSync(join(tmpdir(), "binjol-profile-"));
    mkdirSync(join(profile, "Default"));
    writeFileSync(join(profile, "Default", "Preferences"), JSON.stringify({ profile: { cookie_controls_mode: 0, block_third_party_cookies: false } }));
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    context.on("request", (r) => {
      const url = r.url();
      if (!url.startsWith("data:") && !url.startsWith("about:") && ![worker.base, OFFICE].includes(new URL(url).origin)) foreign.push(url);
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    const ui = widget(page);
    await context.addInitScript(recordMessages);
    // a visitor of an older widget version: the token kept in the office page's own localStorage is removed
    await page.goto(`${OFFICE}/layanan`);
    await page.evaluate((key) => localStorage.setItem(key, JSON.stringify({ sessionId: "s", token: "s.old-token" })), `binjol.webchat.v1:${worker.base}`);
    await page.reload();
    await openChat(ui);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    expect(await ui.dialog.getByRole("heading", { level: 2 }).innerText()).toBe("BINJOL Disnaker");
    await ask(ui, "cara bikin kartu kuning");
    await ui.dialog.getByRole("heading", { name: "Persyaratan" }).waitFor({ timeout: 20_000 });

    // the session exists, inside the frame on the Worker's origin…
    const { sessionId, token } = await storedSession(page);
    expect(token).toMatch(new RegExp(`^${sessionId}\\.`));
    // …and the host page can reach neither the frame's document nor its storage, nor find the token anywhere it can read
    const reach = await page.evaluate(hostReach);
    expect(reach.document).toBe("null");
    expect(reach.frameStorage).toBe("blocked");
    expect(reach.frameBody).toBe("blocked");
    expect(reach.all).not.toContain(token);
    expect(reach.all).not.toContain(sessionId);
    expect(reach.all).not.toContain("old-token");
    // the messages the host received carry UI state only: no token, no session, no conversation text
    expect(reach.messages).toMatch(/"t":"ready"/);
    for (const secret of [token, sessionId, "kartu kuning", "Persyaratan"]) expect(reach.messages).not.toContain(secret);
    const frame = await chatFrame(page);
    const toFrame = await frame.evaluate(() => (window as unknown as { __messages: string[] }).__messages.join("\n"));
    expect(toFrame).toMatch(/"t":"hello"/);
    expect(toFrame).not.toContain(token);

    // a reload keeps the conversation (the frame's storage), still out of the page's reach
    await page.reload();
    await ui.dialog.waitFor();
    await ui.dialog.getByRole("heading", { name: "Persyaratan" }).waitFor({ timeout: 20_000 });
    expect(await ui.log.innerText()).toContain("cara bikin kartu kuning");
    expect((await storedSession(page)).sessionId).toBe(sessionId);
    const again = await page.evaluate(hostReach);
    expect(again.document).toBe("null");
    expect(again.all).not.toContain(token);
    await ask(ui, "info pelatihan kerja");
    expect(await ui.botMessages.last().innerText()).toMatch(/pelatihan/i);
  });

  it("ignores commands posted to the frame by anyone but the page that embeds it", async () => {
    const { context, page, ui } = await openDemo({}, "about:blank");
    await page.goto(`${OFFICE}/`);
    await ui.launcher.waitFor();
    const frame = await chatFrame(page);
    await expect.poll(() => frame.evaluate(() => document.querySelector("[role=dialog]") !== null)).toBe(true);
    // a window other than the embedding page (here a popup it opened) posts "hello" and "open" to the frame
    const opened = context.waitForEvent("page");
    await page.evaluate((url) => void window.open(url), `${OFFICE}/lain`);
    const popup = await opened;
    await popup.waitForLoadState();
    const posted = await popup.evaluate(() => {
      // (an iframe in a shadow root is not in window.frames; this window shares the opener's origin, so it can look)
      const opener = window.opener as Window | null;
      const chat = opener?.document.querySelector("binjol-chat")?.shadowRoot?.querySelector("iframe")?.contentWindow;
      chat?.postMessage({ tag: "binjol/1", t: "hello" }, "*");
      chat?.postMessage({ tag: "binjol/1", t: "open", focus: true, touch: false }, "*");
      return !!chat;
    });
    expect(posted).toBe(true);
    await page.waitForTimeout(500);
    expect(await ui.dialog.isVisible()).toBe(false);
    // the embedding page's own "open" works (what the launcher sends)
    await ui.launcher.click();
    await ui.dialog.waitFor();
  });

  it("cannot be framed by a site missing from ALLOWED_ORIGINS", async () => {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    const refused: string[] = [];
    page.on("console", (m) => {
      if (/frame-ancestors/.test(m.text())) refused.push(m.text());
    });
    await page.goto(`${STRANGER}/`);
    const ui = widget(page);
    await ui.launcher.click();
    await expect.poll(() => refused.length, { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await ui.frame.getByRole("dialog").count()).toBe(0);
  });
});

describe("keyboard only", () => {
  it("completes a conversation without a mouse", async () => {
    const { page, ui } = await openDemo();
    await ui.launcher.waitFor();
    // Tab through the page until the launcher has focus
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = (await focused(page)).label.startsWith("Tanya BINJOL");
    }
    expect(reached).toBe(true);
    expect((await focused(page)).outline).toBe("solid");
    await page.keyboard.press("Enter");
    await ui.dialog.waitFor();
    expect((await focused(page)).tag).toBe("textarea");
    await ui.quickReplies.first().waitFor({ timeout: 20_000 });

    await page.keyboard.type("tips wawancara kerja");
    const bots = await ui.botMessages.count();
    await page.keyboard.press("Enter");
    await expect.poll(() => ui.botMessages.count(), { timeout: 20_000 }).toBeGreaterThan(bots);
    expect(await ui.botMessages.last().innerText()).toMatch(/wawancara/i);

    // the newest quick replies sit just before the input
    await ui.quickReplies.first().waitFor();
    await page.keyboard.press("Shift+Tab");
    const button = await focused(page);
    expect(button.tag).toBe("button");
    expect(button.group).toBe("Pilihan balasan");
    expect(button.outline).toBe("solid");
    const mine = await ui.myMessages.count();
    await page.keyboard.press("Enter");
    await expect.poll(() => ui.myMessages.count()).toBe(mine + 1);
    expect(await ui.myMessages.last().innerText()).toContain(button.text.trim());
    await expect.poll(() => ui.botMessages.count(), { timeout: 20_000 }).toBeGreaterThan(bots + 1);
    // after a quick reply, typing continues in the input
    expect((await focused(page)).tag).toBe("textarea");

    await page.keyboard.press("Escape");
    await ui.dialog.waitFor({ state: "hidden" });
    // the frame tells the launcher, which takes the focus back
    await expect.poll(async () => (await focused(page)).label).toMatch(/^Tanya BINJOL/);
  });
});

describe("untrusted text and HTML", () => {
  it("shows a visitor's markup as characters and runs nothing", async () => {
    const { page, ui } = await openDemo();
    let dialogs = 0;
    page.on("dialog", async (d) => {
      dialogs++;
      await d.dismiss();
    });
    await openChat(ui);
    const attack = "<img src=x onerror=alert(1)>";
    await ask(ui, attack);
    expect(await ui.bubble(ui.myMessages.last()).innerText()).toBe(attack);
    // the screen-reader label, the text as typed, and the time
    expect((await ui.myMessages.last().innerText()).split("\n")).toEqual(["Kamu:", attack, expect.stringMatching(/^\d{2}\.\d{2}$/)]);
    const images = await ui.frame.locator("body").evaluate((body) => body.querySelectorAll("img, script, iframe").length);
    expect(images).toBe(0);
    await page.waitForTimeout(500);
    expect(dialogs).toBe(0);
    expect(foreign.filter((u) => u.endsWith("/x"))).toEqual([]);
  });

  it("keeps only the allowed elements and attributes of reply HTML", async () => {
    const { page, ui } = await openDemo();
    const reported = problems.length;
    await openChat(ui);
    let dialogs = 0;
    page.on("dialog", async (d) => {
      dialogs++;
      await d.dismiss();
    });
    const hostile = [
      `<h2>Judul</h2><p onclick="alert(1)" style="color:red" class="x">Paragraf <em>miring</em></p>`,
      `<img src=x onerror="alert(2)"><script>alert(3)</script><iframe src="https://evil.example/"></iframe>`,
      `<a href="javascript:alert(4)">tautan jahat</a> <a href="https://karirhub.kemnaker.go.id" onmouseover="alert(5)" target="_self">Karirhub</a>`,
      `<svg><a href="https://evil.example/"><text>svg</text></a></svg><ul><li><span>butir</span></li></ul><form action="https://evil.example/"><input name="q"></form>`,
    ].join("");
    await page.route("**/api/webchat/messages", async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      await route.fulfill({
        json: { messageId: 999_001, replies: [{ id: 999_002, topic: "cv", text: "teks biasa", html: hostile, buttons: [{ label: "<b>tombol</b>", action: "menu" }] }] },
      });
    });
    await ask(ui, "halo");
    const guide = ui.botMessages.last();
    const shape = await guide.evaluate((el) => {
      const body = el.querySelector(".b")!;
      const all = [...body.querySelectorAll("*")];
      return {
        tags: [...new Set(all.map((e) => e.tagName.toLowerCase()))].sort(),
        attributes: [...new Set(all.flatMap((e) => [...e.attributes].map((a) => `${e.tagName.toLowerCase()}[${a.name}]`)))].sort(),
        links: [...body.querySelectorAll("a")].map((a) => [a.getAttribute("href"), a.getAttribute("target"), a.getAttribute("rel")]),
        text: body.textContent,
      };
    });
    expect(shape.tags).toEqual(["a", "em", "h3", "li", "p", "span", "ul"]);
    expect(shape.attributes).toEqual(["a[href]", "a[rel]", "a[target]", "span[class]"]);
    expect(shape.links).toEqual([["https://karirhub.kemnaker.go.id/", "_blank", "noopener noreferrer"]]);
    expect(shape.text).toContain("tautan jahat");
    expect(shape.text).not.toContain("alert");
    expect(await ui.quickReplies.first().innerText()).toBe("<b>tombol</b>");
    await page.waitForTimeout(300);
    expect(dialogs).toBe(0);
    await page.unrouteAll({ behavior: "wait" });
    // The demo's CSP reports (and blocks) the on* and style attributes as the inert <template> parses
    // them; nothing ran, as checked above. Any other report still fails the last test.
    const noise = problems.splice(reported);
    expect(noise.every((p) => /inline event handler|inline style/.test(p))).toBe(true);
  });
});

describe("commands in replies", () => {
  it("shows a command in a reply as a button that sends it, as if typed", async () => {
    const { page, ui } = await openDemo();
    await openChat(ui);
    const sent: unknown[] = [];
    await page.route("**/api/webchat/messages", async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      sent.push(route.request().postDataJSON());
      await route.fulfill({
        json: { messageId: 999_100 + sent.length, replies: [{ id: 999_200 + sent.length, topic: "unknown", text: "Ketik /ak1.", html: '<p>Ketik <a href="command:/ak1">/ak1</a>.</p>', buttons: [] }] },
      });
    });
    await ask(ui, "kartu kuning");
    const cmd = ui.botMessages.last().getByRole("button", { name: "/ak1" });
    expect(await cmd.count()).toBe(1);
    expect(await ui.botMessages.last().locator("a").count()).toBe(0);
    await cmd.click();
    await expect.poll(() => sent.length).toBe(2);
    expect(sent[1]).toMatchObject({ text: "/ak1" });
    expect(await ui.myMessages.last().innerText()).toContain("/ak1");
    await page.unrouteAll({ behavior: "wait" });
  });
});

describe("tappable replies", () => {
  it("links the office's phone, WhatsApp, e-mail and website in the Kontak guide, and its commands are buttons", async () => {
    const { ui } = await openDemo();
    await openChat(ui);
    await ask(ui, "kontak kantor disnaker");
    const guide = ui.botMessages.last();
    const hrefs = await guide.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(hrefs).toContain("tel:+62342000000");
    expect(hrefs).toContain("https://wa.me/6280000000000");
    expect(hrefs).toContain("mailto:disnaker@blitarkab.go.id");
    expect(hrefs.some((h) => h?.startsWith("https://disnaker.blitarkab.go.id"))).toBe(true);
    // "/ak1" in the text is a button that sends the command
    expect(await guide.getByRole("button", { name: "/ak1" }).count()).toBeGreaterThan(0);
  });

  it("names each rating star for assistive technology", async () => {
    const { page, ui } = await openDemo();
    await openChat(ui);
    await page.route("**/api/webchat/messages", async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      const buttons = [1, 2, 3, 4, 5].map((n) => ({ label: "⭐".repeat(n), action: `r:${n}` }));
      await route.fulfill({ json: { messageId: 999_301, replies: [{ id: 999_302, topic: "konselor", text: "Bagaimana layanan konselor tadi?", buttons }] } });
    });
    await ask(ui, "selesai");
    for (const n of [1, 2, 3, 4, 5]) expect(await ui.quickReplies.and(ui.frame.getByRole("button", { name: `Nilai ${n} dari 5`, exact: true })).count()).toBe(1);
    await page.unrouteAll({ behavior: "wait" });
  });
});

describe("the attach button", () => {
  it("is a named button reached by keyboard, and opens the file picker for PDF, JPEG, PNG and DOCX", async () => {
    const { page, ui } = await openDemo();
    await openChat(ui);
    const attach = ui.frame.getByRole("button", { name: /^Lampirkan berkas \(PDF, JPEG, PNG, atau DOCX, paling besar 5 MB\)$/ });
    expect(await attach.count()).toBe(1);
    // Tab from the input reaches it
    await ui.input.focus();
    await page.keyboard.press("Tab");
    expect((await focused(page)).label).toMatch(/^Lampirkan berkas/);
    // Enter on the button opens the file picker: the hidden input is clicked (recorded here, and the native dialog,
    // which headless Chromium would leave open, is not shown)
    const input = ui.frame.locator("input[type=file]");
    await input.evaluate((el) => {
      el.addEventListener("click", (e) => {
        (el.ownerDocument.defaultView as unknown as { picked?: number }).picked = ((el.ownerDocument.defaultView as unknown as { picked?: number }).picked ?? 0) + 1;
        e.preventDefault();
      });
    });
    await page.keyboard.press("Enter");
    await expect.poll(() => input.evaluate((el) => (el.ownerDocument.defaultView as unknown as { picked?: number }).picked ?? 0)).toBe(1);
    expect(await input.getAttribute("multiple")).toBeNull();
    expect(await input.getAttribute("accept")).toMatch(/\.pdf.*\.jpe?g.*\.png.*\.docx/);
  });
});

describe("offline and errors", () => {
  it("tells the visitor they are offline and sends the message once they are back", async () => {
    const { context, page, ui } = await openDemo();
    await openChat(ui);
    await context.setOffline(true);
    const bots = await ui.botMessages.count();
    await ui.input.fill("info lowongan kerja");
    await ui.input.press("Enter");
    await ui.notice.getByText(OFFLINE).waitFor();
    const retry = ui.notice.getByRole("button", { name: "Coba lagi" });
    expect(await retry.isVisible()).toBe(true);
    expect(await ui.myMessages.last().innerText()).toContain("Belum terkirim");
    // still offline: retrying keeps the message and the explanation
    await retry.click();
    await ui.notice.getByText(OFFLINE).waitFor();
    expect(await ui.botMessages.count()).toBe(bots);
    await context.setOffline(false);
    await expect.poll(() => ui.botMessages.count(), { timeout: 20_000 }).toBeGreaterThan(bots);
    expect(await ui.myMessages.last().innerText()).not.toContain("Belum terkirim");
    expect(await ui.notice.innerText()).toBe("");
    expect(await ui.botMessages.last().innerText()).toMatch(/lowongan/i);
    expect((await page.evaluate(() => navigator.onLine))).toBe(true);
  });

  it("retries a message whose answer was lost, without the server logging it twice", async () => {
    const { page, ui } = await openDemo();
    await openChat(ui);
    let cut = true;
    await page.route("**/api/webchat/messages", async (route) => {
      if (route.request().method() === "POST" && cut) {
        cut = false;
        await route.fetch(); // the server handles the message…
        return route.abort("connectionreset"); // …but the answer never reaches the browser
      }
      await route.continue();
    });
    const bots = await ui.botMessages.count();
    await ui.input.fill("tips bikin cv");
    await ui.input.press("Enter");
    const retry = ui.notice.getByRole("button", { name: "Coba lagi" });
    await retry.waitFor();
    expect(await ui.notice.innerText()).toMatch(/Tidak bisa tersambung/);
    await retry.click();
    await expect.poll(() => ui.botMessages.count(), { timeout: 20_000 }).toBeGreaterThan(bots);
    expect(await ui.notice.innerText()).toBe("");
    const { token } = await storedSession(page);
    const res = await fetch(`${worker.base}/api/webchat/messages?after=0`, { headers: { Authorization: `Bearer ${token}` } });
    const { messages } = (await res.json()) as { messages: Array<{ direction: string; text: string }> };
    expect(messages.filter((m) => m.direction === "in" && m.text === "tips bikin cv")).toHaveLength(1);
    await page.unrouteAll({ behavior: "wait" });
  });
});

describe("accessibility and layout", () => {
  const axeSource = readFileSync(join("node_modules", "axe-core", "axe.min.js"), "utf8");
  const runAxe = (page: Page) => seriousAxeViolations(page, axeSource);

  it("has no serious or critical axe-core violation on desktop, closed and open with a guide", async () => {
    const { page, ui } = await openDemo();
    await ui.launcher.waitFor();
    expect(await runAxe(page)).toEqual([]);
    await openChat(ui);
    await ui.quickReplies.filter({ hasText: /^Lainnya$/ }).click();
    await ui.quickReplies.filter({ hasText: "Kartu Kuning" }).click();
    await ui.dialog.getByRole("heading", { name: "Persyaratan" }).waitFor({ timeout: 20_000 });
    expect(await runAxe(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, "widget-desktop.png") });
  });

  it("fills a 360 px phone screen with large touch targets and no axe-core violation", async () => {
    const { page, ui } = await openDemo({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    await ui.launcher.waitFor();
    await page.screenshot({ path: join(ARTIFACTS, "widget-360-closed.png") });
    const launcher = (await ui.launcher.boundingBox())!;
    expect(launcher.height).toBeGreaterThanOrEqual(44);
    expect(launcher.x + launcher.width).toBeLessThanOrEqual(360);
    await ui.launcher.tap();
    await ui.quickReplies.first().waitFor({ timeout: 20_000 });
    // a tap does not raise the on-screen keyboard over the menu
    expect((await focused(page)).tag).toBe("section");
    // the panel covers the whole screen once its opening animation is over
    const box = async () => Object.values((await ui.dialog.boundingBox())!).map(Math.round);
    await expect.poll(box).toEqual([0, 0, 360, 740]);
    const sizes = await ui.frame.locator("body").evaluate((body) =>
      // Commands inside a sentence (button.cmd) are inline targets, like the links beside them (WCAG 2.5.8's inline exception).
      [...body.querySelectorAll("button:not(.cmd), textarea")]
        .map((el) => {
          const r = el.getBoundingClientRect();
          return { name: el.getAttribute("aria-label") ?? el.textContent, width: r.width, height: r.height };
        })
        .filter((s) => s.width > 0),
    );
    // 44 CSS px; layout at device scale 2 may report 43.9999 for a 44 px box, so allow float noise only.
    expect(sizes.filter((s) => s.width < 44 - 0.01 || s.height < 44 - 0.01)).toEqual([]);
    const overflow = await ui.log.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(ARTIFACTS, "widget-360.png") });
    await ui.quickReplies.filter({ hasText: /^Lainnya$/ }).tap();
    await ui.quickReplies.filter({ hasText: "Cek Lowongan Palsu" }).tap();
    await expect.poll(() => ui.botMessages.count(), { timeout: 20_000 }).toBeGreaterThan(1);
    expect(await runAxe(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, "widget-360-guide.png") });
  });

  it("stops animating for visitors who prefer reduced motion", async () => {
    const { page, ui } = await openDemo({ reducedMotion: "reduce" });
    await page.route("**/api/webchat/messages", async (route) => {
      if (route.request().method() === "POST") await new Promise((r) => setTimeout(r, 6000));
      await route.continue();
    });
    await ui.launcher.click();
    await ui.frame.getByRole("status").filter({ hasText: "Sedang mengetik…" }).waitFor();
    // the frame's fade-in (on the host page) and the typing dots (in the frame)
    const fade = await ui.iframe.evaluate((el) => getComputedStyle(el).transitionDuration);
    expect(fade.split(",").every((d) => parseFloat(d) === 0)).toBe(true);
    expect(await ui.frame.locator(".d i").first().evaluate((el) => getComputedStyle(el).animationName)).toBe("none");
    await page.unrouteAll({ behavior: "wait" });
  });
});

describe("the host page", () => {
  it("gets no globals, stylesheets or elements from the widget besides its own host element", async () => {
    const snapshot = (page: Page) =>
      page.evaluate(() => ({
        globals: Object.keys(window).sort(),
        sheets: document.styleSheets.length,
        adopted: document.adoptedStyleSheets.length,
        body: [...document.body.children].map((e) => e.tagName.toLowerCase()),
        htmlStyle: document.documentElement.getAttribute("style"),
        bodyStyle: document.body.getAttribute("style"),
      }));
    // the same page without the widget
    const bare = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(bare);
    const plain = await bare.newPage();
    await plain.route("**/widget.js", (route) => route.fulfill({ contentType: "text/javascript", body: "" }));
    await plain.goto(`${worker.base}/demo`);
    const without = await snapshot(plain);

    const { page, ui } = await openDemo();
    await openChat(ui);
    await ask(ui, "syarat kartu kuning");
    await ui.close.click();
    const withWidget = await snapshot(page);
    expect(withWidget.globals).toEqual(without.globals);
    expect(withWidget.sheets).toBe(without.sheets);
    expect(withWidget.adopted).toBe(without.adopted);
    expect(withWidget.body).toEqual([...without.body, "binjol-chat"]);
    expect(withWidget.htmlStyle).toBe(without.htmlStyle);
    expect(withWidget.bodyStyle).toBe(without.bodyStyle);
  });

  it("keeps its look when the host page styles buttons, forms and fonts aggressively", async () => {
    const { page, ui } = await openDemo({ bypassCSP: true });
    await page.addStyleTag({ content: "button,textarea,section,div,p{all:unset!important;font-size:40px!important;background:red!important} html{font-size:30px}" });
    await openChat(ui);
    const look = await ui.launcher.evaluate((el) => {
      const s = getComputedStyle(el);
      return { font: s.fontSize, background: s.backgroundColor, position: s.position, height: el.getBoundingClientRect().height };
    });
    expect(look).toEqual({ font: "16px", background: "rgb(11, 92, 171)", position: "fixed", height: 56 });
    expect(await ui.input.evaluate((el) => getComputedStyle(el).fontSize)).toBe("16px");
  });

  it("moves the launcher and the panel by data-offset-bottom and data-offset-side, clear of the page's own contact button", async () => {
    const { page, ui } = await openDemo({}, `${OFFICE}/offset`);
    await ui.launcher.waitFor();
    const contact = (await page.locator("#kontak").boundingBox())!;
    const launcher = (await ui.launcher.boundingBox())!;
    expect(Math.round(800 - launcher.y - launcher.height)).toBe(88);
    expect(Math.round(1280 - launcher.x - launcher.width)).toBe(24);
    expect(launcher.y + launcher.height).toBeLessThanOrEqual(contact.y);
    // the page's button is still the one under its own centre
    expect(await page.evaluate(() => document.elementFromPoint(1280 - 16 - 90, 800 - 16 - 28)?.id)).toBe("kontak");
    await ui.launcher.click();
    await ui.dialog.waitFor();
    const frame = (await ui.iframe.boundingBox())!;
    expect(frame.y + frame.height).toBeLessThanOrEqual(launcher.y);
    expect(frame.y).toBeGreaterThanOrEqual(0);
  });

  it("made no request to any other origin and hit no CSP violation or page error", () => {
    expect(foreign).toEqual([]);
    expect(problems).toEqual([]);
  });
});
