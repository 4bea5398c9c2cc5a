/**
 * "Lanjutkan di Telegram" in the widget, in Debian's headless Chromium against the real Worker: the button shows
 * only for a configured channel (wrangler.toml names a Telegram bot, no WhatsApp number), and pressing it shows a
 * one-time code with a link to the bot, focused and accessible.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { buildWidget, launchBrowser, seriousAxeViolations, startWorker, widget, type LocalWorker } from "./helpers.ts";

let worker: LocalWorker;
let browser: Browser;

beforeAll(async () => {
  buildWidget();
  worker = await startWorker();
  browser = await launchBrowser();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
});

it("offers Telegram (not WhatsApp) and gives a code with a link to the bot", async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await page.goto(`${worker.base}/demo`);
  const ui = widget(page);
  await ui.launcher.click();
  await ui.quickReplies.first().waitFor({ timeout: 30_000 });
  const onward = ui.frame.getByRole("group", { name: "Lanjutkan obrolan di HP" }).getByRole("button");
  await onward.first().waitFor({ timeout: 20_000 });
  expect(await onward.allInnerTexts()).toEqual(["Lanjutkan di Telegram"]);
  const box = (await onward.first().boundingBox())!;
  expect(box.height).toBeGreaterThanOrEqual(44);

  await onward.first().click();
  const link = ui.notice.getByRole("link", { name: /Buka Telegram/ });
  await link.waitFor({ timeout: 20_000 });
  const code = /Kodemu: ([A-Z2-9]{4}-[A-Z2-9]{4})/.exec(await ui.notice.innerText())?.[1];
  expect(code).toBeDefined();
  expect(await link.getAttribute("href")).toBe(`https://t.me/binjol_blitar_bot?start=kode-${code}`);
  expect(await link.getAttribute("rel")).toContain("noopener");
  const rows = worker.d1("select count(*) as n from link_codes where used_at is null");
  expect(Number(rows[0]!.n)).toBe(1);

  const axe = readFileSync(join("node_modules", "axe-core", "axe.min.js"), "utf8");
  expect(await seriousAxeViolations(page, axe)).toEqual([]);
  await context.close();
});
