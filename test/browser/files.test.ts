/**
 * A file from the widget's attach button in Debian's headless Chromium against the real Worker (`wrangler dev`,
 * local D1, KV and R2): a seeker who asked for a counsellor attaches a PDF through the file input; it shows in the
 * widget with its name, type and size, in the case transcript, and downloads for the signed-in counsellor as an
 * attachment; an anonymous request for it gets no data; after /hapusdata the R2 object is gone. Refusals (too big,
 * wrong type) are explained in Indonesian and leave the conversation working.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pdfBytes } from "../helpers/files.ts";
import { ALWAYS_OPEN, buildWidget, launchBrowser, type LocalWorker, startWorker, widget, signInWithPassword } from "./helpers.ts";

const EMAIL = "sari.berkas@disnaker.test";
const PASSWORD = "kata-sandi-panjang-789";
const BUCKET = "binjol-files";
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" };
const bin = (name: string) => join(process.cwd(), "node_modules", ".bin", name);
const PDF = Buffer.from(pdfBytes("CV Budi Santoso, lulusan SMK"));

let persist: string;
let local: LocalWorker;
let base: string;
let browser: Browser;
let seekerContext: BrowserContext;
let staffContext: BrowserContext;
let seeker: Page;
let staff: Page;
const problems: string[] = [];
/** the download's path on the dashboard (/admin/files/<id>) and the R2 key of the file */
let href = "";
let key = "";

function d1(sql: string): Array<Record<string, unknown>> {
  return local.d1(sql);
}

/** The object's bytes in the Worker's local R2, or null when there is no such object. */
function r2Object(objectKey: string): Buffer | null {
  try {
    return execFileSync(bin("wrangler"), ["r2", "object", "get", `${BUCKET}/${objectKey}`, "--local", "--persist-to", persist, "--pipe"], { env, stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    return null;
  }
}

function watch(page: Page): void {
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
}

beforeAll(async () => {
  buildWidget();
  local = await startWorker([], { prefix: "binjol-files-", counsellor: { email: EMAIL, name: "Sari Wulandari", password: PASSWORD }, vars: ALWAYS_OPEN, polls: 240 });
  base = local.base;
  persist = local.persist;
  browser = await launchBrowser();
  staffContext = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  staff = await staffContext.newPage();
  watch(staff);
  seekerContext = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  seeker = await seekerContext.newPage();
  watch(seeker);
}, 300_000);

afterAll(async () => {
  await seekerContext?.close();
  await staffContext?.close();
  await browser?.close();
  await local?.stop();
});

describe("a PDF from the widget's attach button", () => {
  it("is sent from the file input by a seeker waiting for a counsellor, and shown with its name, type and size", async () => {
    await seeker.goto(`${base}/demo`);
    const ui = widget(seeker);
    await ui.launcher.click();
    await ui.dialog.waitFor();
    await ui.quickReplies.first().waitFor({ timeout: 20_000 });
    await ui.input.fill("/konselor");
    await ui.send.click();
    await expect.poll(() => d1("select count(*) as n from cases where channel = 'web'")[0]!.n, { timeout: 20_000 }).toBe(1);
    const attach = ui.frame.getByRole("button", { name: /^Lampirkan berkas/ });
    expect(await attach.isVisible()).toBe(true);
    const bots = await ui.botMessages.count();
    await ui.frame.locator("input[type=file]").setInputFiles({ name: "CV Budi.pdf", mimeType: "application/pdf", buffer: PDF });
    const bubble = ui.myMessages.filter({ hasText: "CV Budi.pdf" });
    await bubble.waitFor({ timeout: 10_000 });
    await expect.poll(() => ui.botMessages.count(), { timeout: 30_000 }).toBeGreaterThan(bots);
    const text = await bubble.innerText();
    expect(text).toContain("CV Budi.pdf");
    expect(text).toContain("PDF · 1 KB");
    expect(text).not.toMatch(/terkirim/i);
    expect(await ui.notice.innerText()).toBe("");
    const [row] = d1("select id, key, type, size, sender from attachments");
    expect(row).toMatchObject({ type: "pdf", size: PDF.length, sender: "seeker" });
    key = String(row!.key);
    href = `/admin/files/${row!.id}`;
    expect(r2Object(key)).toEqual(PDF);
    // after a reload the history shows it the same way
    await seeker.reload();
    await ui.dialog.waitFor();
    await expect.poll(() => ui.myMessages.filter({ hasText: "CV Budi.pdf" }).innerText(), { timeout: 20_000 }).toContain("PDF · 1 KB");
  });

  it("is in the case transcript and downloads for the signed-in counsellor with Content-Disposition: attachment", async () => {
    await signInWithPassword(staff, base, EMAIL, PASSWORD);
    const caseId = Number(d1("select id from cases where channel = 'web'")[0]!.id);
    await staff.goto(`${base}/admin/cases/${caseId}`);
    const link = staff.getByRole("log", { name: "Isi percakapan" }).getByRole("link", { name: "CV Budi.pdf" });
    expect(await link.getAttribute("href")).toBe(href);
    expect(await link.locator("xpath=..").innerText()).toContain("PDF");
    // the browser saves it as a file named as the seeker named it
    const [download] = await Promise.all([staff.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toBe("CV Budi.pdf");
    // and the response says so: an attachment, never rendered, with the seeker's bytes
    const res = await staffContext.request.get(`${base}${href}`);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-disposition"]).toMatch(/^attachment;/);
    expect(res.headers()["content-type"]).toBe("application/octet-stream");
    expect(Buffer.from(await res.body())).toEqual(PDF);
  });

  it("gives an anonymous request no data", async () => {
    const res = await fetch(`${base}${href}`, { redirect: "manual" });
    expect(res.status).not.toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.includes(Buffer.from("%PDF"))).toBe(false);
    expect(body.includes(Buffer.from("CV Budi Santoso"))).toBe(false);
  });

  it("is explained in Indonesian when refused, and the conversation goes on", async () => {
    const ui = widget(seeker);
    await ui.frame.locator("input[type=file]").setInputFiles({ name: "program.pdf", mimeType: "application/pdf", buffer: Buffer.from("MZ\u0090\u0000 bukan dokumen") });
    await ui.notice.getByText(/jenis berkas ini tidak bisa kami terima/).waitFor({ timeout: 20_000 });
    expect(await ui.myMessages.filter({ hasText: "program.pdf" }).innerText()).toContain("Tidak terkirim");
    // over 5 MB: refused before the upload
    await ui.frame.locator("input[type=file]").setInputFiles({ name: "besar.pdf", mimeType: "application/pdf", buffer: Buffer.alloc(5 * 1024 * 1024 + 1) });
    await ui.notice.getByText(/terlalu besar. Ukuran maksimal 5 MB/).waitFor({ timeout: 5_000 });
    expect(await ui.myMessages.filter({ hasText: "besar.pdf" }).innerText()).toContain("Tidak terkirim");
    expect(Number(d1("select count(*) as n from attachments")[0]!.n)).toBe(1);
  });

  it("is gone from R2 after /hapusdata: the counsellor's download is a 404", async () => {
    const ui = widget(seeker);
    await ui.input.fill("/hapusdata");
    await ui.send.click();
    const yes = ui.quickReplies.filter({ hasText: "Ya, hapus semua" });
    await yes.waitFor({ timeout: 20_000 });
    await yes.click();
    await expect.poll(() => d1("select count(*) as n from attachments")[0]!.n, { timeout: 20_000 }).toBe(0);
    expect(r2Object(key)).toBeNull();
    const res = await staffContext.request.get(`${base}${href}`);
    expect(res.status()).toBe(404);
    expect(Buffer.from(await res.body()).includes(Buffer.from("%PDF"))).toBe(false);
  });

  it("raised no CSP violation or script error in the widget or on the dashboard", () => {
    expect(problems).toEqual([]);
  });
});
